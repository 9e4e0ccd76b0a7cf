//! `windowpane export`: the scenario as an Apache Beam program (Python, runnable; Java, source
//! only) or, for a `"semantics": "flink"` scenario, as an Apache Flink job (Java; Python where
//! PyFlink can express it), on stdout; what the target cannot express goes to stderr as warnings.

use anyhow::{Context, Result};
use std::path::PathBuf;

/// Write the scenario as an Apache Beam program or an Apache Flink job.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Which SDK to write.
    #[arg(value_enum)]
    pub target: Target,
    /// The scenario file.
    pub scenario: PathBuf,
    /// Fail (exit 1) when the SDK cannot express part of the scenario, instead of warning.
    #[arg(long)]
    pub strict: bool,
    /// The Java class name of a flink-java job.
    #[arg(long, default_value = windowpane_export::flink_java::DEFAULT_CLASS)]
    pub class: String,
}

/// The SDKs `windowpane export` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An Apache Beam Python program that runs on the DirectRunner as is.
    BeamPython,
    /// Apache Beam Java source (not run by windowpane's tests).
    BeamJava,
    /// An Apache Flink 2.3 DataStream job in Java (a Flink scenario; run by tests/flink).
    FlinkJava,
    /// A PyFlink 2.3 DataStream job (a Flink scenario, where PyFlink can express it).
    FlinkPython,
}

/// Runs `windowpane export`.
pub fn run(args: &ExportArgs) -> Result<()> {
    let path = &args.scenario;
    let text = crate::source::read_text(&path.to_string_lossy())?;
    let scenario = crate::source::parse(&text).with_context(|| format!("in {}", path.display()))?;
    let export = match args.target {
        Target::BeamPython => windowpane_export::beam_python(&scenario),
        Target::BeamJava => windowpane_export::beam_java(&scenario),
        Target::FlinkJava => windowpane_export::flink_java(&scenario, &args.class),
        Target::FlinkPython => windowpane_export::flink_python(&scenario),
    }
    .with_context(|| format!("exporting {}", path.display()))?;
    for w in &export.warnings {
        eprintln!("warning: {}: {w}", path.display());
    }
    if args.strict && !export.warnings.is_empty() {
        let sdk = match args.target {
            Target::BeamPython | Target::BeamJava => "Beam",
            Target::FlinkJava | Target::FlinkPython => "the Flink job",
        };
        anyhow::bail!("{}: {sdk} cannot express all of this scenario (see the warnings above)", path.display());
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
