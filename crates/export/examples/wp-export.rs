//! A stand-in for the `windowpane` CLI's `export` and `run --format jsonl`, used by
//! `tests/conformance/run` when the CLI binary lacks the `export` subcommand.
//!
//! `wp-export beam-python|beam-java SCENARIO` prints the program (warnings on stderr);
//! `wp-export run SCENARIO --format jsonl` prints one pane record per line.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("export") {
        args.remove(0); // `wp-export export beam-python FILE`, as the CLI spells it
    }
    let (Some(what), Some(path)) = (args.first(), args.get(1)) else {
        eprintln!("usage: wp-export beam-python|beam-java|run SCENARIO [--format jsonl]");
        return ExitCode::from(2);
    };
    let scenario = match std::fs::read_to_string(path).map_err(|e| e.to_string()).and_then(|t| {
        windowpane_scenario::parse(&t).map_err(|e| e.to_string())
    }) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(1);
        }
    };
    let result = match what.as_str() {
        "beam-python" => windowpane_export::beam_python(&scenario),
        "beam-java" => windowpane_export::beam_java(&scenario),
        "run" => {
            return match scenario.run() {
                Ok(out) => {
                    for pane in &out.panes {
                        println!("{}", serde_json::to_string(pane).unwrap_or_default());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {path}: {e}");
                    ExitCode::from(1)
                }
            }
        }
        other => {
            eprintln!("error: unknown target {other}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(export) => {
            for w in &export.warnings {
                eprintln!("warning: {path}: {w}");
            }
            print!("{}", export.code);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {path}: {e}");
            ExitCode::from(1)
        }
    }
}
