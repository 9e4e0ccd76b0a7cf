//! `windowpane check`: read and check a scenario without running it.

use crate::source;

/// Check a scenario file: format, fields, times, watermark, and that every event gets an arrival.
#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (`-` reads standard input).
    scenario: String,
}

/// Prints `ok: N events`, or fails with the first problem and its field path.
pub fn execute(args: Args) -> anyhow::Result<()> {
    let scenario = source::load(&args.scenario)?;
    let input = scenario.keyed_input()?;
    let n = input.events.len();
    println!("ok: {n} event{}", if n == 1 { "" } else { "s" });
    Ok(())
}
