//! `windowpane run`: run a scenario and print the panes it produces.

use crate::source;
use crate::table::Table;
use std::io::Write;
use windowpane_engine::time::POS_INFINITY;
use windowpane_engine::{Cause, Output, Pane, Timing, Value, Window};
use windowpane_scenario::timefmt::format_clock;

/// Run a scenario and print its panes, dropped elements and final watermark.
#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (`-` reads standard input).
    scenario: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// How `run` prints its output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable table with clock times.
    Table,
    /// One pane record (JSON) per line, in emission order.
    Jsonl,
    /// One JSON object: `{"panes", "dropped", "watermark", "late_events"}`.
    Json,
}

/// Runs the scenario and writes the output to standard output.
pub fn execute(args: Args) -> anyhow::Result<()> {
    let scenario = source::load(&args.scenario)?;
    if scenario.flink().is_some() {
        return execute_flink(&scenario, args.format);
    }
    let output = scenario.run()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        Format::Table => out.write_all(report(&output, scenario.base).as_bytes()),
        Format::Jsonl => output.panes.iter().try_for_each(|pane| {
            serde_json::to_writer(&mut out, pane)?;
            out.write_all(b"\n")
        }),
        Format::Json => serde_json::to_writer(&mut out, &output).map_err(std::io::Error::from).and_then(|()| out.write_all(b"\n")),
    };
    source::quiet_broken_pipe(written.and_then(|()| out.flush()))
}

/// A `"semantics": "flink"` scenario: the Flink run, with its late-data side output (JSON:
/// `{"semantics": "flink", "panes", "dropped", "side_output", "watermark", "late_events"}`).
fn execute_flink(scenario: &windowpane_scenario::Scenario, format: Format) -> anyhow::Result<()> {
    let output = scenario.run_flink()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match format {
        Format::Table => {
            let mut text = String::from("semantics: Apache Flink (index counts firings; Flink has no PaneInfo)\n");
            text.push_str(&report(&output.clone().into_output(), scenario.base));
            if !output.side_output.is_empty() {
                let list: Vec<String> = output.side_output.iter().map(|i| format!("#{i}")).collect();
                text.push_str(&format!("late-data side output: {}\n", list.join(", ")));
            }
            out.write_all(text.as_bytes())
        }
        Format::Jsonl => output.panes.iter().try_for_each(|pane| {
            serde_json::to_writer(&mut out, pane)?;
            out.write_all(b"\n")
        }),
        Format::Json => {
            let mut v = serde_json::to_value(&output)?;
            v["semantics"] = "flink".into();
            serde_json::to_writer(&mut out, &v).map_err(std::io::Error::from).and_then(|()| out.write_all(b"\n"))
        }
    };
    source::quiet_broken_pipe(written.and_then(|()| out.flush()))
}

/// The output for people: the pane table, the dropped elements, the late events and the final watermark.
pub fn report(output: &Output, base: i64) -> String {
    let clock = |t: i64| format_clock(t, base);
    let mut text = String::new();
    if output.panes.is_empty() {
        text.push_str("no panes\n");
    } else {
        let mut panes = Table::new(&[
            "key", "window", "value", "timing", "index", "on-time", "marks", "timestamp", "emitted at", "retraction", "cause",
        ]);
        for pane in &output.panes {
            panes.push(pane_row(pane, &clock));
        }
        text.push_str(&panes.render());
    }
    text.push('\n');
    if output.dropped.is_empty() {
        text.push_str("dropped: none\n");
    } else {
        text.push_str("dropped:\n");
        let mut dropped = Table::new(&["event", "key", "value", "event time", "arrival", "window", "watermark", "reason"]);
        for d in &output.dropped {
            dropped.push(vec![
                format!("#{}", d.event),
                d.key.clone(),
                number(d.value),
                clock(d.event_time),
                clock(d.arrival),
                window(&d.window, &clock),
                d.watermark.map_or("+∞".to_string(), clock),
                format!("{:?}", d.reason).to_lowercase(),
            ]);
        }
        text.push_str(&dropped.render());
    }
    let late: Vec<String> = output.late_events.iter().map(|i| format!("#{i}")).collect();
    text.push_str(&format!(
        "late events (arrived behind the watermark): {}\n",
        if late.is_empty() { "none".to_string() } else { late.join(", ") }
    ));
    text.push_str(&match output.watermark.last() {
        Some(p) if p.to == POS_INFINITY => format!("final watermark: +∞ (from {})\n", clock(p.at)),
        Some(p) => format!("final watermark: {} (from {})\n", clock(p.to), clock(p.at)),
        None => "final watermark: none\n".to_string(),
    });
    text
}

fn pane_row(pane: &Pane, clock: &dyn Fn(i64) -> String) -> Vec<String> {
    let marks = match (pane.is_first, pane.is_last) {
        (true, true) => "first last",
        (true, false) => "first",
        (false, true) => "last",
        (false, false) => "",
    };
    vec![
        pane.key.clone(),
        window(&pane.window, clock),
        value(&pane.value),
        pane.timing.label().to_string(),
        pane.index.to_string(),
        pane.on_time_index.map_or("-".to_string(), |i| i.to_string()),
        marks.to_string(),
        clock(pane.timestamp),
        clock(pane.emitted_at),
        if pane.retraction { "retraction" } else { "" }.to_string(),
        match pane.cause {
            Cause::Element => "element",
            Cause::ProcessingTime => "processing time",
            Cause::Watermark => "watermark",
            Cause::GarbageCollection => "window expired",
        }
        .to_string(),
    ]
}

pub fn window(w: &Window, clock: &dyn Fn(i64) -> String) -> String {
    match w {
        Window::Global => "global".to_string(),
        Window::Interval { start, end } => format!("{}–{}", clock(*start), clock(*end)),
    }
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

pub fn value(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Number(x) => number(*x),
        Value::List(xs) => format!("[{}]", xs.iter().map(|x| number(*x)).collect::<Vec<_>>().join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use windowpane_engine::{DropReason, Dropped, WatermarkPoint};

    /// The cells of a table line (cells are separated by at least two spaces).
    fn cells(line: &str) -> Vec<&str> {
        line.split("  ").filter(|c| !c.is_empty()).map(str::trim).collect()
    }

    #[test]
    fn the_report_uses_clock_times_and_marks() {
        let w = Window::Interval { start: 43_200_000, end: 43_320_000 };
        let output = Output {
            panes: vec![Pane {
                key: "TeamX".into(),
                window: w,
                value: Value::List(vec![5.0, 2.5]),
                timing: Timing::Late,
                index: 2,
                on_time_index: Some(1),
                is_first: false,
                is_last: true,
                timestamp: 43_319_999,
                emitted_at: 43_499_000,
                retraction: true,
                cause: Cause::Element,
            }],
            dropped: vec![Dropped {
                event: 3,
                key: "TeamX".into(),
                value: 9.0,
                event_time: 43_201_000,
                arrival: 50_000_000,
                window: w,
                watermark: None,
                reason: DropReason::Expired,
            }],
            watermark: vec![WatermarkPoint { at: 43_800_000, to: POS_INFINITY }],
            late_events: vec![3],
        };
        let text = report(&output, 0);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            cells(lines[1]),
            vec![
                "TeamX", "12:00:00–12:02:00", "[5, 2.5]", "LATE", "2", "1", "last", "12:01:59.999", "12:04:59",
                "retraction", "element"
            ]
        );
        assert_eq!(lines[3], "dropped:");
        assert_eq!(
            cells(lines[5]),
            vec!["#3", "TeamX", "9", "12:00:01", "13:53:20", "12:00:00–12:02:00", "+∞", "expired"]
        );
        assert!(text.contains("late events (arrived behind the watermark): #3\n"));
        assert!(text.ends_with("final watermark: +∞ (from 12:10:00)\n"));
    }

    #[test]
    fn an_empty_output_says_so() {
        let output = Output { panes: vec![], dropped: vec![], watermark: vec![], late_events: vec![] };
        assert_eq!(
            report(&output, 0),
            "no panes\n\ndropped: none\nlate events (arrived behind the watermark): none\nfinal watermark: none\n"
        );
    }
}
