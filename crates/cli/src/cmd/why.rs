//! `windowpane why`: why a window has (not) fired, or what became of an element, at a
//! processing time, from the engine's own state.

use super::run;
use crate::source;
use anyhow::{anyhow, bail};
use std::io::Write;
use windowpane_engine::time::{Timestamp, POS_INFINITY};
use windowpane_engine::why::{self, Formats};
use windowpane_engine::{Window, WindowFn};
use windowpane_scenario::timefmt::{format_clock, format_duration, parse_time};
use windowpane_scenario::Scenario;

/// Explain why a window has or has not fired (which trigger condition is unmet, what holds the
/// watermark, when it expires), or why an element is late or dropped.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["window", "event"])))]
pub struct Args {
    /// The scenario file (`-` reads standard input).
    scenario: String,
    /// The key of the window.
    #[arg(long, requires = "window")]
    key: Option<String>,
    /// The window: its start (`12:00:00`), or start and end (`12:00:00–12:02:00`, also written
    /// with `..`), or `global`.
    #[arg(long, requires = "key", conflicts_with = "event")]
    window: Option<String>,
    /// An element: its index in the scenario's events (from 0).
    #[arg(long)]
    event: Option<usize>,
    /// The processing time to answer at, after everything that happens then (default: the end
    /// of the run).
    #[arg(long)]
    at: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// How `why` and `sink` print their answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text with clock times.
    Table,
    /// One JSON object (times in milliseconds since the epoch).
    Json,
}

/// Answers the question and writes it to standard output.
pub fn execute(args: Args) -> anyhow::Result<()> {
    let scenario = source::load(&args.scenario)?;
    if scenario.flink().is_some() {
        bail!("why: the scenario runs under Flink semantics; why answers for Beam's runner only");
    }
    let input = scenario.input()?;
    let at = time_option(&scenario, "--at", args.at.as_deref())?.unwrap_or(POS_INFINITY);
    let (base, pipeline) = (scenario.base, &scenario.pipeline);
    let time = |t: Timestamp| format_clock(t, base);
    let window_text = |w: &Window| run::window(w, &|t| format_clock(t, base));
    let formats = Formats { time: &time, duration: &format_duration, window: &window_text };
    let (lines, json) = match (args.event, args.key, args.window) {
        (Some(event), _, _) => {
            let answer = why::element(pipeline, &input, event, at).map_err(|e| anyhow!("--event: {e}"))?;
            (answer.lines(&formats), serde_json::to_value(&answer)?)
        }
        (None, Some(key), Some(window)) => {
            if !input.events.iter().any(|e| e.key == key) {
                let mut keys: Vec<&str> = input.events.iter().map(|e| e.key.as_str()).collect();
                keys.sort_unstable();
                keys.dedup();
                bail!("--key: no event has the key {key:?}; the keys are {}", keys.join(", "));
            }
            let window = window_option(&scenario, &window)?;
            let answer = why::window(pipeline, &input, &key, window, at);
            (answer.lines(&formats), serde_json::to_value(&answer)?)
        }
        _ => bail!("give --key K --window START[–END], or --event N"),
    };
    let text = match args.format {
        Format::Table => lines.join("\n") + "\n",
        Format::Json => json.to_string() + "\n",
    };
    let mut out = std::io::stdout().lock();
    source::quiet_broken_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// A time option in the scenario's clock format (a time of day on its base date, or RFC 3339).
pub fn time_option(scenario: &Scenario, name: &str, text: Option<&str>) -> anyhow::Result<Option<Timestamp>> {
    text.map(|t| parse_time(t, scenario.base).map_err(|e| anyhow!("{name}: {e}"))).transpose()
}

/// `--window`: `global`, `START–END` (or `START..END`), or `START` (the pipeline's window that
/// starts there; sessions need the end).
fn window_option(scenario: &Scenario, text: &str) -> anyhow::Result<Window> {
    let window_fn = &scenario.pipeline.window;
    if text.trim() == "global" {
        return match window_fn {
            WindowFn::Global => Ok(Window::Global),
            _ => bail!("--window: the pipeline's windows are not the global window; give START or START–END"),
        };
    }
    if matches!(window_fn, WindowFn::Global) {
        bail!("--window: the pipeline uses the global window; write --window global");
    }
    let time = |t: &str| parse_time(t.trim(), scenario.base).map_err(|e| anyhow!("--window: {e}"));
    let parts: Option<(&str, &str)> = text.split_once('–').or_else(|| text.split_once(".."));
    let (start, end) = match parts {
        Some((a, b)) => (time(a)?, Some(time(b)?)),
        None => (time(text)?, None),
    };
    if let Some(end) = end {
        if end <= start {
            bail!("--window: the end {} is not after the start {}", b(end, scenario), b(start, scenario));
        }
        if window_fn.is_merging() {
            return Ok(Window::Interval { start, end });
        }
    } else if window_fn.is_merging() {
        bail!("--window: session windows have no fixed size; give START–END (the session's span)");
    }
    let mut windows = Vec::new();
    window_fn.assign(start, &mut windows);
    let starting = windows.iter().find(|w| matches!(w, Window::Interval { start: s, .. } if *s == start));
    match (starting, end) {
        (Some(w), None) => Ok(*w),
        (Some(Window::Interval { end: e, .. }), Some(end)) if *e == end => Ok(Window::Interval { start, end }),
        (Some(w), Some(_)) => {
            bail!("--window: the pipeline's window starting at {} is {}", b(start, scenario), run::window(w, &|t| b(t, scenario)))
        }
        (None, _) => {
            let starts: Vec<String> = windows.iter().map(|w| run::window(w, &|t| b(t, scenario))).collect();
            bail!("--window: no window starts at {}; the windows holding that time are {}", b(start, scenario), starts.join(", "))
        }
    }
}

fn b(t: Timestamp, scenario: &Scenario) -> String {
    format_clock(t, scenario.base)
}
