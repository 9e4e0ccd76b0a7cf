//! `windowpane`: run and check Dataflow Model scenarios from the command line.
//!
//! `main` only dispatches: each subcommand is a module under `src/cmd/` with an `Args` type
//! (clap) and an `execute(Args) -> anyhow::Result<()>` function. Adding a subcommand is one line
//! in the `subcommands!` list below.

mod source;
mod table;

use clap::Parser;
use std::process::ExitCode;

/// Declares the subcommand modules (`src/cmd/<module>.rs`), the clap enum and its dispatch.
macro_rules! subcommands {
    ($($variant:ident => $module:ident),* $(,)?) => {
        mod cmd {
            $(pub mod $module;)*
        }

        #[derive(clap::Subcommand)]
        enum Command {
            $($variant(cmd::$module::Args),)*
        }

        impl Command {
            fn execute(self) -> anyhow::Result<()> {
                match self {
                    $(Command::$variant(args) => cmd::$module::execute(args),)*
                }
            }
        }
    };
}

subcommands! {
    Run => run,
    Check => check,
    Bench => bench,
    Ingest => ingest,
    Render => render,
    Export => export,
    Why => why,
    Sink => sink,
}

/// Windowing, triggers, accumulation and watermarks of the Dataflow Model (Apache Beam), simulated.
#[derive(Parser)]
#[command(name = "windowpane", version)]
struct Cli {
    /// Multiply every work limit (10 million events, 40 million panes and pane values, 100 years
    /// of processing time, 10 million record tries by a failing consumer) by N, e.g. `--limits x10`.
    #[arg(long, global = true, value_name = "xN", value_parser = source::limits_factor)]
    limits: Option<u64>,
    #[command(subcommand)]
    command: Command,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    source::set_limits(cli.limits.unwrap_or(1));
    match cli.command.execute() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
