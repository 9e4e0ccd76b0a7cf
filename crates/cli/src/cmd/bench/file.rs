//! `windowpane bench --file SCENARIO`: one scenario end to end, each stage timed apart on the
//! thread's CPU clock: reading the file, parsing and checking it, making the engine's input,
//! running the engine, writing the panes as JSON lines (into memory, not to a terminal).

use super::{median, timed};
use crate::source;
use std::io::Write;

/// The stages, in order, as printed.
const STAGES: [&str; 5] = ["read", "parse", "input", "engine", "output"];

/// Runs `path` `repeat` times and prints, per stage, the median CPU seconds and events per CPU
/// second, then the whole.
pub fn execute(path: &str, repeat: usize) -> anyhow::Result<()> {
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); STAGES.len()];
    let (mut events, mut panes, mut bytes) = (0usize, 0usize, 0usize);
    for _ in 0..repeat {
        let (read, text) = timed(|| source::read_text(path));
        let text = text?;
        let (parse, scenario) = timed(|| source::parse(&text));
        let scenario = scenario.map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
        anyhow::ensure!(scenario.flink().is_none(), "{path}: bench --file runs Beam scenarios only");
        let (input, engine_input) = timed(|| scenario.keyed_input());
        let engine_input = engine_input?;
        let (engine, output) = timed(|| scenario.run_keyed_on(&engine_input));
        let output = output?;
        let (write, written) = timed(|| -> anyhow::Result<Vec<u8>> {
            let mut out = Vec::new();
            for pane in &output.panes {
                serde_json::to_writer(&mut out, pane)?;
                out.write_all(b"\n")?;
            }
            Ok(out)
        });
        bytes = written?.len();
        (events, panes) = (engine_input.events.len(), output.panes.len());
        for (all, t) in times.iter_mut().zip([read, parse, input, engine, write]) {
            all.push(t);
        }
    }
    println!("{path}: {events} events, {} MB, {panes} panes ({} MB of JSON lines)", text_mb(path), bytes / 1_000_000);
    println!("{:<8} {:>8} {:>13}", "stage", "cpu s", "events/cpu-s");
    let mut total = 0.0;
    for (name, all) in STAGES.iter().zip(times) {
        let t = median(all);
        total += t;
        println!("{name:<8} {t:>8.4} {:>13.0}", events as f64 / t);
    }
    println!("{:<8} {total:>8.4} {:>13.0}", "all", events as f64 / total);
    Ok(())
}

/// `events` as a windowpane/1 scenario: times of day as clock text, fixed 1m windows, a
/// bounded-out-of-orderness watermark of `max_delay` ms.
pub fn scenario_text(events: &[windowpane_engine::Event], max_delay: i64) -> String {
    use windowpane_scenario::timefmt::{format_clock, format_duration};
    let events: Vec<serde_json::Value> = events
        .iter()
        .map(|e| {
            serde_json::json!({"key": e.key, "value": e.value,
                "event_time": format_clock(e.event_time, 0), "arrival": format_clock(e.arrival, 0)})
        })
        .collect();
    serde_json::json!({
        "format": "windowpane/1",
        "title": format!("bench: {} events", events.len()),
        "events": events,
        "watermark": {"model": "bounded_out_of_orderness", "max_delay": format_duration(max_delay)},
        "pipeline": {"window": {"type": "fixed", "size": "1m"}}
    })
    .to_string()
}

fn text_mb(path: &str) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len() / 1_000_000)
}
