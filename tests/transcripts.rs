//! Transcript tests: every scenario in `examples/` carries the panes and dropped elements that
//! Apache Beam computes for it, worked out by hand; the engine must produce exactly those.
//!
//! - Panes are compared in emission order, field by field (every field of the pane record, plus
//!   `cause` only where the expectation gives it). A missing or unexpected pane is a failure.
//! - Dropped elements are compared by event index, window and reason.
//! - Scenarios whose description says "the order of simultaneous arrivals does not matter" are
//!   run again with each group of simultaneous arrivals reversed, and shuffled with recorded
//!   seeds; the panes must be identical.
//!
//! Run one scenario with `TRANSCRIPT=book-2-13 cargo test -p windowpane-tests --test transcripts`
//! (a substring of the file name).

use serde_json::{json, Value};
use std::fmt::Write as _;
use windowpane_engine::{Input, Output};
use windowpane_scenario::Scenario;
use windowpane_tests::SplitMix64;

/// The fields of a pane record that every expectation must give.
const PANE_FIELDS: [&str; 11] = [
    "key",
    "window",
    "value",
    "timing",
    "index",
    "on_time_index",
    "is_first",
    "is_last",
    "timestamp",
    "emitted_at",
    "retraction",
];
/// Fields compared only when the expectation gives them.
const OPTIONAL_PANE_FIELDS: [&str; 1] = ["cause"];
/// The fields of a dropped-element record that are compared.
const DROPPED_FIELDS: [&str; 3] = ["event", "window", "reason"];
/// The phrase that marks a scenario as insensitive to the order of simultaneous arrivals.
const ORDER_FREE: &str = "order of simultaneous arrivals does not matter";
/// Recorded seeds for the shuffled re-runs.
const SEEDS: [u64; 3] = [0x5eed_0001, 0x5eed_0002, 0x5eed_0003];
/// The most events an example may have, so that a reader can check it by hand.
const MAX_EVENTS: usize = 12;

struct Example {
    name: String,
    text: String,
}

fn examples() -> Vec<Example> {
    let filter = std::env::var("TRANSCRIPT").ok();
    let selected: Vec<Example> = windowpane_tests::example_files("")
        .into_iter()
        .map(|(name, text)| Example { name, text })
        .filter(|ex| filter.as_ref().is_none_or(|f| ex.name.contains(f.as_str())))
        .collect();
    assert!(!selected.is_empty(), "no example in examples/ (TRANSCRIPT={filter:?})");
    selected
}

/// Runs `check` on every example and fails once, listing every failing example.
fn for_each_example(check: impl Fn(&Example) -> Result<(), String>) {
    let all = examples();
    let failures: Vec<String> = all.iter().filter_map(|ex| check(ex).err()).collect();
    if !failures.is_empty() {
        panic!("{} of {} examples failed:\n\n{}", failures.len(), all.len(), failures.join("\n\n"));
    }
}

fn parse(ex: &Example) -> Result<Scenario, String> {
    windowpane_scenario::parse(&ex.text).map_err(|e| format!("{}: does not parse: {e}", ex.name))
}

#[test]
fn every_example_is_a_complete_small_scenario() {
    for_each_example(|ex| {
        let s = parse(ex)?;
        let mut problems = Vec::new();
        if s.title.as_deref().is_none_or(str::is_empty) {
            problems.push("no \"title\"".to_string());
        }
        if s.description.as_deref().is_none_or(str::is_empty) {
            problems.push("no \"description\"".to_string());
        }
        // Transport presets (generated events through a simulated transport) are demonstrations,
        // not transcripts: they must run, but their panes are not worked out by hand.
        let simulated = s.generate.is_some() || s.ingest.is_some();
        if simulated {
            s.run().map_err(|e| format!("{}: does not run: {e}", ex.name))?;
        }
        if !simulated && s.events.len() > MAX_EVENTS {
            problems.push(format!("{} events; at most {MAX_EVENTS}, so a reader can check it", s.events.len()));
        }
        match &s.expect {
            None if simulated => {}
            None => problems.push("no \"expect\"".to_string()),
            Some(expect) => {
                for (part, fields) in [("panes", &PANE_FIELDS[..]), ("dropped", &DROPPED_FIELDS[..])] {
                    let records = expect.get(part).and_then(Value::as_array);
                    let Some(records) = records else {
                        problems.push(format!("expect.{part}: expected an array"));
                        continue;
                    };
                    for (i, r) in records.iter().enumerate() {
                        for f in fields {
                            if r.get(f).is_none() {
                                problems.push(format!("expect.{part}[{i}]: missing \"{f}\""));
                            }
                        }
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("{}:\n  {}", ex.name, problems.join("\n  ")))
        }
    });
}

#[test]
fn every_example_gives_the_expected_panes_and_dropped_elements() {
    for_each_example(|ex| {
        let s = parse(ex)?;
        let Some(expect) = &s.expect else { return Ok(()) };
        let output = s.run().map_err(|e| format!("{}: does not run: {e}", ex.name))?;
        let empty = Vec::new();
        let records = |part: &str| expect.get(part).and_then(Value::as_array).unwrap_or(&empty);
        let actual_panes = to_records(&output.panes);
        let actual_dropped = to_records(&output.dropped);
        let mut report = String::new();
        diff(&mut report, "pane", records("panes"), &actual_panes, &PANE_FIELDS, &OPTIONAL_PANE_FIELDS);
        diff(&mut report, "dropped", records("dropped"), &actual_dropped, &DROPPED_FIELDS, &[]);
        if report.is_empty() {
            Ok(())
        } else {
            Err(format!("{}: {}{report}", ex.name, s.title.as_deref().unwrap_or("")))
        }
    });
}

#[test]
fn the_order_of_simultaneous_arrivals_does_not_matter_where_promised() {
    for_each_example(|ex| {
        let s = parse(ex)?;
        let promised = s.description.as_deref().is_some_and(|d| d.to_lowercase().contains(ORDER_FREE));
        if !promised {
            return Ok(());
        }
        let input = s.input().map_err(|e| format!("{}: no engine input: {e}", ex.name))?;
        let groups = simultaneous_groups(&input);
        if groups.iter().all(|g| g.len() < 2) {
            return Err(format!("{}: promises order-insensitivity but has no simultaneous arrivals", ex.name));
        }
        let baseline = windowpane_engine::run(&s.pipeline, &input);
        let mut orders: Vec<(String, Vec<usize>)> = vec![("reversed".to_string(), reorder(&groups, |g| g.reverse()))];
        for seed in SEEDS {
            let mut rng = SplitMix64(seed);
            orders.push((format!("shuffled with seed {seed:#x}"), reorder(&groups, |g| rng.shuffle(g))));
        }
        let mut report = String::new();
        for (how, order) in orders {
            let permuted = Input {
                events: order.iter().map(|&i| input.events[i].clone()).collect(),
                watermark: input.watermark.clone(),
                end_of_input: input.end_of_input,
            };
            let output = windowpane_engine::run(&s.pipeline, &permuted);
            let mut section = String::new();
            let all_pane_fields: Vec<&str> = PANE_FIELDS.iter().chain(&OPTIONAL_PANE_FIELDS).copied().collect();
            diff(&mut section, "pane", &to_records(&baseline.panes), &to_records(&output.panes), &all_pane_fields, &[]);
            let dropped = |out: &Output, order: Option<&[usize]>| -> Vec<Value> {
                let mut records = to_records(&out.dropped);
                for r in &mut records {
                    if let (Some(order), Some(i)) = (order, r.get("event").and_then(Value::as_u64)) {
                        r["event"] = json!(order[i as usize]);
                    }
                }
                records.sort_by_key(|r| r.to_string());
                records
            };
            diff(&mut section, "dropped", &dropped(&baseline, None), &dropped(&output, Some(&order)), &DROPPED_FIELDS, &[]);
            if !section.is_empty() {
                let _ = write!(report, "\n  with simultaneous arrivals {how} (file order -> {order:?}), against the file order:{section}");
            }
        }
        if report.is_empty() {
            Ok(())
        } else {
            Err(format!("{}:{report}", ex.name))
        }
    });
}

fn to_records<T: serde::Serialize>(items: &[T]) -> Vec<Value> {
    items.iter().map(|x| serde_json::to_value(x).expect("engine records serialize to JSON")).collect()
}

/// Indices of the events, grouped by arrival time, groups in file order of their first event.
fn simultaneous_groups(input: &Input) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, e) in input.events.iter().enumerate() {
        match groups.iter_mut().find(|g| input.events[g[0]].arrival == e.arrival) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
}

/// A new file order: each group of simultaneous arrivals rearranged by `f`, in place.
fn reorder(groups: &[Vec<usize>], mut f: impl FnMut(&mut Vec<usize>)) -> Vec<usize> {
    let mut order: Vec<usize> = (0..groups.iter().map(Vec::len).sum()).collect();
    for g in groups {
        let mut moved = g.clone();
        f(&mut moved);
        for (slot, event) in g.iter().zip(moved) {
            order[*slot] = event;
        }
    }
    order
}

/// Whether two JSON values are equal, numbers by value (`4` equals `4.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The fields compared for one expected record: the required ones and the optional ones it gives.
fn compared<'a>(expected: &Value, required: &[&'a str], optional: &[&'a str]) -> Vec<&'a str> {
    let given = optional.iter().filter(|f| expected.get(**f).is_some());
    required.iter().chain(given).copied().collect()
}

fn differing<'a>(expected: &Value, actual: &Value, fields: &[&'a str]) -> Vec<&'a str> {
    let missing = Value::String("<missing>".to_string());
    fields
        .iter()
        .filter(|f| !same(expected.get(**f).unwrap_or(&missing), actual.get(**f).unwrap_or(&missing)))
        .copied()
        .collect()
}

/// A readable one-line summary of a record.
fn brief(r: &Value) -> String {
    let w = &r["window"];
    let window = if w["start"].is_null() { "global".to_string() } else { format!("[{}, {})", clock(&w["start"]), clock(&w["end"])) };
    if r.get("reason").is_some() {
        return format!("event {} from {window}: {}", r["event"], r["reason"]);
    }
    let mut s = format!(
        "{} {window} value={} {} index={} on_time_index={}",
        r["key"], r["value"], r["timing"], r["index"], r["on_time_index"]
    );
    for flag in ["is_first", "is_last", "retraction"] {
        if r[flag] == json!(true) {
            let _ = write!(s, " {flag}");
        }
    }
    let _ = write!(s, " timestamp={} emitted_at={}", clock(&r["timestamp"]), clock(&r["emitted_at"]));
    if let Some(cause) = r.get("cause") {
        let _ = write!(s, " cause={cause}");
    }
    s
}

/// Milliseconds as a time of day (UTC), for messages: 43320000 -> "12:02:00".
fn clock(v: &Value) -> String {
    let Some(ms) = v.as_i64() else { return v.to_string() };
    let day = ms.rem_euclid(86_400_000);
    let (h, m, s, milli) = (day / 3_600_000, day / 60_000 % 60, day / 1000 % 60, day % 1000);
    if milli == 0 {
        format!("{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}.{milli:03}")
    }
}

/// Appends to `report` the differences between the expected and actual records, aligned on a
/// longest common subsequence of equal records so that one missing record reads as one.
fn diff(report: &mut String, what: &str, expected: &[Value], actual: &[Value], required: &[&str], optional: &[&str]) {
    let start = report.len();
    let equal = |e: &Value, a: &Value| differing(e, a, &compared(e, required, optional)).is_empty();
    let (n, m) = (expected.len(), actual.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if equal(&expected[i], &actual[j]) { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut gap_e: Vec<usize> = Vec::new();
    let mut gap_a: Vec<usize> = Vec::new();
    let flush = |report: &mut String, gap_e: &mut Vec<usize>, gap_a: &mut Vec<usize>| {
        let paired = gap_e.len().min(gap_a.len());
        for (&ei, &ai) in gap_e.iter().zip(gap_a.iter()) {
            let fields = differing(&expected[ei], &actual[ai], &compared(&expected[ei], required, optional));
            let _ = write!(report, "\n  {what} {ei} (actual {what} {ai}) differs in {}:", fields.join(", "));
            for f in fields {
                let _ = write!(
                    report,
                    "\n      {f}: expected {}, got {}",
                    expected[ei].get(f).unwrap_or(&Value::Null),
                    actual[ai].get(f).map_or("<missing>".to_string(), Value::to_string)
                );
            }
            let _ = write!(report, "\n      expected {}\n      got      {}", brief(&expected[ei]), brief(&actual[ai]));
        }
        for &ei in &gap_e[paired..] {
            let _ = write!(report, "\n  missing {what} {ei}: {}", brief(&expected[ei]));
        }
        for &ai in &gap_a[paired..] {
            let _ = write!(report, "\n  unexpected {what} (actual {what} {ai}): {}", brief(&actual[ai]));
        }
        gap_e.clear();
        gap_a.clear();
    };
    while i < n || j < m {
        if i < n && j < m && equal(&expected[i], &actual[j]) {
            flush(report, &mut gap_e, &mut gap_a);
            i += 1;
            j += 1;
        } else if j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
            gap_e.push(i);
            i += 1;
        } else {
            gap_a.push(j);
            j += 1;
        }
    }
    flush(report, &mut gap_e, &mut gap_a);
    if report.len() > start && n != m {
        let _ = write!(report, "\n  ({n} expected {what}s, {m} actual)");
    }
}

#[cfg(test)]
mod harness {
    use super::*;

    #[test]
    fn diff_reports_a_missing_pane_once_and_a_changed_field_by_name() {
        let p = |index: u64, value: f64| json!({"key": "k", "window": {"start": 0, "end": 60000}, "value": value,
            "timing": "EARLY", "index": index, "on_time_index": null, "is_first": index == 0, "is_last": false,
            "timestamp": 59999, "emitted_at": 1000 * index, "retraction": false});
        let expected = vec![p(0, 1.0), p(1, 2.0), p(2, 3.0)];
        let actual = vec![p(0, 1.0), p(2, 4.0)];
        let mut report = String::new();
        diff(&mut report, "pane", &expected, &actual, &PANE_FIELDS, &OPTIONAL_PANE_FIELDS);
        assert!(report.contains("pane 1 (actual pane 1) differs in value, index, emitted_at"), "{report}");
        assert!(report.contains("missing pane 2"), "{report}");
        assert!(report.contains("(3 expected panes, 2 actual)"), "{report}");
        let mut none = String::new();
        diff(&mut none, "pane", &expected, &expected, &PANE_FIELDS, &OPTIONAL_PANE_FIELDS);
        assert_eq!(none, "");
    }

    #[test]
    fn cause_is_compared_only_when_expected() {
        let a = json!({"key": "k", "cause": "watermark"});
        assert!(differing(&json!({"key": "k"}), &a, &compared(&json!({"key": "k"}), &["key"], &["cause"])).is_empty());
        let e = json!({"key": "k", "cause": "element"});
        assert_eq!(differing(&e, &a, &compared(&e, &["key"], &["cause"])), vec!["cause"]);
    }

    #[test]
    fn reorder_moves_events_only_within_their_group() {
        let groups = vec![vec![0], vec![1, 2, 4], vec![3]];
        assert_eq!(reorder(&groups, |g| g.reverse()), vec![0, 4, 2, 3, 1]);
        let mut rng = SplitMix64(7);
        let order = reorder(&groups, |g| rng.shuffle(g));
        assert_eq!((order[0], order[3]), (0, 3));
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn clock_reads_milliseconds_as_a_time_of_day() {
        assert_eq!(clock(&json!(43_319_999)), "12:01:59.999");
        assert_eq!(clock(&json!(43_320_000)), "12:02:00");
        assert_eq!(clock(&Value::Null), "null");
    }
}

/// session-closed-new-session says that each of its windows fires once and its closing pane
/// discards (ReduceFnRunner.emit discards when the trigger finishes), so discarding mode gives the
/// same panes: checked here, so that the accumulating and the discarding case are both tested.
#[test]
fn closed_sessions_give_the_same_panes_in_discarding_mode() {
    let ex = examples().into_iter().find(|ex| ex.name == "session-closed-new-session.json");
    let Some(ex) = ex else {
        // Filtered out by TRANSCRIPT.
        return;
    };
    let s = parse(&ex).unwrap_or_else(|e| panic!("{e}"));
    let input = s.input().unwrap_or_else(|e| panic!("{}: no engine input: {e}", ex.name));
    assert_eq!(s.pipeline.accumulation, windowpane_engine::AccumulationMode::Accumulating);
    let discarding = windowpane_engine::Pipeline { accumulation: windowpane_engine::AccumulationMode::Discarding, ..s.pipeline.clone() };
    let (a, d) = (windowpane_engine::run(&s.pipeline, &input), windowpane_engine::run(&discarding, &input));
    assert_eq!(a.panes.len(), 3, "{:?}", a.panes);
    assert_eq!(to_records(&a.panes), to_records(&d.panes));
    assert_eq!(to_records(&a.dropped), to_records(&d.dropped));
}
