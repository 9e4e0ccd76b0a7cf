//! Flink transcripts: every scenario in `examples/flink/` carries the panes, dropped elements and
//! late-data side output that Flink 2.3 gives it, worked out by hand from Flink's source (each
//! description says how); the engine's Flink run must produce exactly those, field by field,
//! in emission order. The same files are run on a real Flink by `tests/flink/run.sh`.

use serde_json::{json, Value};

const PANE_FIELDS: [&str; 12] = [
    "key", "window", "value", "timing", "index", "on_time_index", "is_first", "is_last", "timestamp", "emitted_at",
    "retraction", "cause",
];

fn check(name: &str, text: &str) -> Result<(), String> {
    let s = windowpane_scenario::parse(text).map_err(|e| format!("{name}: {e}"))?;
    if s.flink().is_none() {
        return Err(format!("{name}: not a \"semantics\": \"flink\" scenario"));
    }
    let expect = s.expect.clone().ok_or_else(|| format!("{name}: no expect section"))?;
    let out = s.run_flink().map_err(|e| format!("{name}: does not run: {e}"))?;
    let got = serde_json::to_value(&out).map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    let empty = Vec::new();
    let want_panes = expect["panes"].as_array().unwrap_or(&empty);
    let got_panes = got["panes"].as_array().unwrap_or(&empty);
    for i in 0..want_panes.len().max(got_panes.len()) {
        match (want_panes.get(i), got_panes.get(i)) {
            (Some(w), Some(g)) => {
                for f in PANE_FIELDS {
                    if w.get(f).is_none() {
                        problems.push(format!("pane {i}: the expectation lacks {f}"));
                    } else if w[f] != g[f] && !(w[f].is_number() && g[f].is_number() && w[f].as_f64() == g[f].as_f64()) {
                        problems.push(format!("pane {i}: {f} expected {} got {}", w[f], g[f]));
                    }
                }
            }
            (Some(w), None) => problems.push(format!("pane {i} missing: {w}")),
            (None, Some(g)) => problems.push(format!("unexpected pane {i}: {g}")),
            (None, None) => {}
        }
    }
    let dropped = |v: &Value| -> Vec<Value> {
        v.as_array()
            .unwrap_or(&empty)
            .iter()
            .map(|d| json!({"event": d["event"], "window": d["window"], "reason": d["reason"]}))
            .collect()
    };
    if dropped(&expect["dropped"]) != dropped(&got["dropped"]) {
        problems.push(format!("dropped: expected {:?} got {:?}", dropped(&expect["dropped"]), dropped(&got["dropped"])));
    }
    // The watermark path, where the transcript gives it.
    if expect.get("watermark").is_some() && expect["watermark"] != got["watermark"] {
        problems.push(format!("watermark: expected {} got {}", expect["watermark"], got["watermark"]));
    }
    if expect["side_output"] != got["side_output"] {
        problems.push(format!("side_output: expected {} got {}", expect["side_output"], got["side_output"]));
    }
    // The dispatch: the scenario's own run gives the Flink panes, never Beam's.
    let dispatched = s.run().map_err(|e| format!("{name}: {e}"))?;
    if dispatched.panes != out.panes {
        problems.push("Scenario::run does not give the Flink panes".into());
    }
    // The canonical form reads back to the same scenario.
    let again = windowpane_scenario::parse(&windowpane_scenario::to_json(&s).to_string())
        .map_err(|e| format!("{name}: the canonical form does not parse: {e}"))?;
    if again != s {
        problems.push("the canonical form reads back differently".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}:\n  {}", problems.join("\n  ")))
    }
}

#[test]
fn every_flink_example_gives_its_hand_worked_panes() {
    let all = windowpane_tests::example_files("flink");
    assert!(all.len() >= 7, "examples/flink/ has {} scenarios", all.len());
    let failures: Vec<String> = all.iter().filter_map(|(n, t)| check(n, t).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn beam_only_fields_and_triggers_are_refused_under_flink_with_the_field_named() {
    let doc = |pipeline: &str| {
        format!(r#"{{"format": "windowpane/1", "semantics": "flink", "events": [], "pipeline": {pipeline}}}"#)
    };
    let err = |p: &str| windowpane_scenario::parse(&doc(p)).unwrap_err().to_string();
    assert!(err(r#"{"accumulation": "discarding"}"#).starts_with("pipeline.accumulation: Flink has no accumulation mode"));
    assert!(err(r#"{"trigger": {"type": "after_watermark"}}"#)
        .starts_with("pipeline.trigger.type: \"after_watermark\" is a Beam trigger"));
    assert!(err(r#"{"window": {"type": "global"}, "trigger": {"type": "event_time"}}"#)
        .contains("EventTimeTrigger works on time windows only"));
    assert!(err(r#"{"trigger": {"type": "purging", "trigger": {"type": "count"}}}"#)
        .starts_with("pipeline.trigger.trigger.count: missing"));
    let beam = r#"{"format": "windowpane/1", "events": [], "watermark": {"model": "bounded_out_of_orderness",
        "max_delay": 1, "auto_watermark_interval": 50}, "pipeline": {}}"#;
    assert!(windowpane_scenario::parse(beam).unwrap_err().to_string().starts_with("watermark.auto_watermark_interval: unknown field"));
    let e = windowpane_scenario::parse(r#"{"format": "windowpane/1", "semantics": "spark", "pipeline": {}}"#).unwrap_err();
    assert_eq!(e.path, "semantics");
}
