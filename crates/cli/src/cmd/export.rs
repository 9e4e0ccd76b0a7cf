//! `windowpane export`: the scenario as an Apache Beam program (Python, runnable; Java, source
//! only), on stdout; what Beam cannot express goes to stderr as warnings.

use anyhow::{Context, Result};
use std::path::PathBuf;

/// Write the scenario as an Apache Beam program (Python runnable; Java source only).
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Which Beam SDK to write.
    #[arg(value_enum)]
    pub target: Target,
    /// The scenario file.
    pub scenario: PathBuf,
    /// Fail (exit 1) when the SDK cannot express part of the scenario, instead of warning.
    #[arg(long)]
    pub strict: bool,
}

/// The Beam SDKs `windowpane export` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An Apache Beam Python program that runs on the DirectRunner as is.
    BeamPython,
    /// Apache Beam Java source (not run by windowpane's tests).
    BeamJava,
}

/// Runs `windowpane export`.
pub fn run(args: &ExportArgs) -> Result<()> {
    let path = &args.scenario;
    let text = crate::source::read_text(&path.to_string_lossy())?;
    let scenario = crate::source::parse(&text).with_context(|| format!("in {}", path.display()))?;
    let export = match args.target {
        Target::BeamPython => windowpane_export::beam_python(&scenario),
        Target::BeamJava => windowpane_export::beam_java(&scenario),
    }
    .with_context(|| format!("exporting {}", path.display()))?;
    for w in &export.warnings {
        eprintln!("warning: {}: {w}", path.display());
    }
    if args.strict && !export.warnings.is_empty() {
        anyhow::bail!("{}: Beam cannot express all of this scenario (see the warnings above)", path.display());
    }
    print!("{}", export.code);
    Ok(())
}

/// The arguments, under the name the subcommand dispatch expects.
pub use ExportArgs as Args;

/// Entry point of the subcommand dispatch.
pub fn execute(args: Args) -> Result<()> {
    run(&args)
}
