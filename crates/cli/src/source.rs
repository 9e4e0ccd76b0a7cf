//! Reading a scenario from a file, or from standard input when the path is `-`.

use anyhow::Context;
use std::io::Read;
use windowpane_scenario::Scenario;

/// The text at `path`, or all of standard input for `-`.
pub fn read_text(path: &str) -> anyhow::Result<String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the scenario from standard input")?;
        Ok(text)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))
    }
}

/// The scenario at `path` (or standard input for `-`), parsed and checked.
/// Errors read `{field path}: {what is wrong}`.
pub fn load(path: &str) -> anyhow::Result<Scenario> {
    Ok(windowpane_scenario::parse(&read_text(path)?)?)
}

/// Ends quietly when the reader of our output has gone away (`windowpane run x | head`).
pub fn quiet_broken_pipe(result: std::io::Result<()>) -> anyhow::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write the output"),
    }
}
