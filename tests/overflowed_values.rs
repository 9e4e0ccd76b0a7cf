//! A value no pane can carry: a sum or mean beyond ±1.8e308. The engine computes it as Beam does
//! (one running `f64`: `Sum.ofDoubles`, `Mean.of`'s `CountSum`), so a mean whose running sum
//! overflows is +∞ even where the mean itself, 1e308, is representable; the scenario layer then
//! refuses the run with an error at `pipeline.combine` naming the key and the window, under both
//! semantics and whether the overflow happens while adding or while sessions merge.

use windowpane_scenario::parse;

fn scenario(semantics: &str, window: &str, combine: &str, events: &str) -> String {
    format!(
        r#"{{"format": "windowpane/1"{semantics}, "events": [{events}],
            "watermark": {{"model": "explicit", "points": []}}, "end_of_input": "12:05:00",
            "pipeline": {{"window": {window}, "combine": "{combine}"}}}}"#
    )
}

const TWO_BIG: &str = r#"{"key": "k", "value": 1e308, "event_time": "12:00:00", "arrival": "12:00:00"},
    {"key": "k", "value": 1e308, "event_time": "12:00:30", "arrival": "12:00:10"}"#;

#[test]
fn a_mean_whose_running_sum_overflows_is_an_error_naming_key_and_window() {
    let fixed = r#"{"type": "fixed", "size": "1m"}"#;
    // Both elements in [12:00, 12:01): the running sum 1e308 + 1e308 is +∞, and so is +∞ / 2.
    for (semantics, combine) in [("", "mean"), ("", "sum"), (r#", "semantics": "flink""#, "mean"), (r#", "semantics": "flink""#, "sum")] {
        let e = parse(&scenario(semantics, fixed, combine, TWO_BIG)).unwrap().run().unwrap_err();
        assert_eq!(e.path, "pipeline.combine", "{semantics} {combine}");
        let start = format!("the {combine} of key \"k\" in window [12:00:00, 12:01:00) is +∞ (beyond ±1.8e308)");
        assert!(e.message.starts_with(&start), "{semantics} {combine}: {e}");
    }
}

#[test]
fn a_sum_that_overflows_when_sessions_merge_is_an_error_naming_the_merged_window() {
    // Sessions of 1m: [12:00:00, 12:01:00) holds 1e308, then the element at 12:00:30 merges
    // [12:00:30, 12:01:30) into it: the merged accumulator's sum is +∞, in [12:00:00, 12:01:30).
    let sessions = r#"{"type": "sessions", "gap": "1m"}"#;
    let e = parse(&scenario("", sessions, "mean", TWO_BIG)).unwrap().run().unwrap_err();
    assert!(e.message.starts_with("the mean of key \"k\" in window [12:00:00, 12:01:30) is +∞"), "{e}");
}

#[test]
fn a_running_sum_that_never_overflows_is_a_value() {
    // 1e308, -1e308, 1e308 in arrival order: the running sum is 1e308, 0, 1e308; the mean 1e308 / 3.
    let events = r#"{"key": "k", "value": 1e308, "event_time": "12:00:00", "arrival": "12:00:00"},
        {"key": "k", "value": -1e308, "event_time": "12:00:10", "arrival": "12:00:01"},
        {"key": "k", "value": 1e308, "event_time": "12:00:20", "arrival": "12:00:02"}"#;
    let out = parse(&scenario("", r#"{"type": "fixed", "size": "1m"}"#, "mean", events)).unwrap().run().unwrap();
    let values: Vec<_> = out.panes.iter().map(|p| p.value.clone()).collect();
    assert_eq!(values, vec![windowpane_engine::Value::Number(1e308 / 3.0)]);
}
