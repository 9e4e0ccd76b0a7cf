//! The `windowpane` binary: exit codes, error messages naming the field path, standard input,
//! and the shapes of the three output formats.

mod common;

use common::{text, windowpane};

/// Writes `contents` to a fresh file in the test's temporary folder and returns its path.
fn file(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("windowpane-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("a temporary scenario file");
    path.to_string_lossy().into_owned()
}

/// Two events in the window 12:00:00–12:02:00 of key "a", one in 12:02:00–12:04:00 of key "b";
/// the watermark is perfect and the input ends at 12:10:00.
const SCENARIO: &str = r#"{
  "format": "windowpane/1",
  "events": [
    {"key": "a", "value": 5, "event_time": "12:00:26", "arrival": "12:00:30"},
    {"key": "a", "value": 7, "event_time": "12:01:10", "arrival": "12:01:15"},
    {"key": "b", "value": 1, "event_time": "12:02:00", "arrival": "12:02:05"}
  ],
  "end_of_input": "12:10:00",
  "pipeline": {"window": {"type": "fixed", "size": "2m"}}
}"#;

#[test]
fn check_reports_the_event_count() {
    let out = windowpane(&["check", &file("ok.json", SCENARIO)], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "ok: 3 events\n");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn errors_name_the_field_path_and_exit_non_zero() {
    let bad = SCENARIO.replace(r#""size": "2m""#, r#""size": 0"#);
    for command in ["check", "run"] {
        let out = windowpane(
            &[command, &file(&format!("bad-{command}.json"), &bad)],
            None,
        );
        assert_eq!(out.status.code(), Some(1), "{command}");
        assert_eq!(
            text(&out.stderr),
            "error: pipeline.window.size: expected a duration > 0, got 0\n"
        );
        assert_eq!(text(&out.stdout), "");
    }
    let late = SCENARIO.replace(r#""arrival": "12:01:15""#, r#""arrival": "12:11:00""#);
    let out = windowpane(&["check", "-"], Some(&late));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: events[1].arrival (event 2): arrives at 12:11:00, after end_of_input (12:10:00)\n"
    );
    let no_arrival = SCENARIO.replace(r#", "arrival": "12:02:05""#, "");
    let out = windowpane(&["check", "-"], Some(&no_arrival));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("error: events[2].arrival (event 3): missing"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn malformed_json_gives_line_and_column_without_a_panic() {
    let out = windowpane(
        &["run", "-"],
        Some("{\"format\": \"windowpane/1\",\n \"pipeline\": {,}}"),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: pipeline: invalid JSON: key must be a string at line 2 column"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
    let out = windowpane(&["check", "-"], Some(""));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("error: the scenario is empty"));
}

#[test]
fn a_missing_file_is_named() {
    let out = windowpane(&["run", "/nonexistent/scenario.json"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: cannot read /nonexistent/scenario.json: "),
        "{err}"
    );
}

#[test]
fn usage_errors_are_clap_errors() {
    let out = windowpane(&["run", "-", "--format", "yaml"], Some(SCENARIO));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("invalid value 'yaml'"),
        "{}",
        text(&out.stderr)
    );
    let out = windowpane(&["frobnicate"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = windowpane(&["check"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn jsonl_and_json_carry_the_same_pane_records() {
    let jsonl = windowpane(&["run", "-", "--format", "jsonl"], Some(SCENARIO));
    assert!(jsonl.status.success(), "{}", text(&jsonl.stderr));
    let lines: Vec<serde_json::Value> = text(&jsonl.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON pane record"))
        .collect();
    let json = windowpane(&["run", "-", "--format", "json"], Some(SCENARIO));
    assert!(json.status.success(), "{}", text(&json.stderr));
    let all: serde_json::Value =
        serde_json::from_str(&text(&json.stdout)).expect("one JSON object");
    let keys: Vec<&str> = all
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["dropped", "late_events", "panes", "watermark"]);
    assert_eq!(all["panes"].as_array().expect("a panes array"), &lines);
    for pane in &lines {
        let mut fields: Vec<&str> = pane
            .as_object()
            .expect("a pane object")
            .keys()
            .map(String::as_str)
            .collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "cause",
                "emitted_at",
                "index",
                "is_first",
                "is_last",
                "key",
                "on_time_index",
                "retraction",
                "timestamp",
                "timing",
                "value",
                "window"
            ]
        );
    }
    // Both windows of the scenario come out (the default trigger fires when the watermark passes them).
    let windows: std::collections::BTreeSet<(String, i64)> = lines
        .iter()
        .map(|p| {
            (
                p["key"].as_str().unwrap_or_default().to_string(),
                p["window"]["start"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(
        windows,
        [("a".to_string(), 43_200_000), ("b".to_string(), 43_320_000)]
            .into_iter()
            .collect()
    );
}

#[test]
fn the_table_shows_clock_times_and_the_final_watermark() {
    let out = windowpane(&["run", &file("table.json", SCENARIO)], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let header = table.lines().next().unwrap_or_default();
    for column in [
        "key",
        "window",
        "value",
        "timing",
        "index",
        "on-time",
        "marks",
        "timestamp",
        "emitted at",
        "retraction",
        "cause",
    ] {
        assert!(header.contains(column), "column {column} in {header}");
    }
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("a ") && l.contains("12:00:00–12:02:00")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("b ") && l.contains("12:02:00–12:04:00")),
        "{table}"
    );
    assert!(table.contains("\ndropped: none\n"), "{table}");
    // The watermark's path always ends at plus infinity (when depends on the watermark model).
    let last = table.lines().last().unwrap_or_default();
    assert!(last.starts_with("final watermark: +∞ (from 12:"), "{table}");
}

#[test]
fn bench_file_times_each_stage_of_one_scenario() {
    let path = file("bench.json", SCENARIO);
    let out = windowpane(&["bench", "--file", &path, "--repeat", "1"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("3 events") && stdout.contains("2 panes"), "{stdout}");
    let stages: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| ["read", "parse", "input", "engine", "output", "all"].contains(w))
        .collect();
    assert_eq!(stages, ["read", "parse", "input", "engine", "output", "all"], "{stdout}");
    let bad = file("bench-bad.json", &SCENARIO.replace(r#""size": "2m""#, r#""size": 0"#));
    let out = windowpane(&["bench", "--file", &bad, "--repeat", "1"], None);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("pipeline.window.size"), "{}", text(&out.stderr));
}

#[test]
fn bench_writes_its_generated_stream_as_a_scenario_that_checks() {
    let dir = std::env::temp_dir().join(format!("windowpane-cli-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("stream.json").to_string_lossy().into_owned();
    let out = windowpane(&["bench", "--sizes", "500", "--keys", "7", "--write-file", &path], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = windowpane(&["check", &path], None);
    assert_eq!(text(&out.stdout), "ok: 500 events\n", "{}", text(&out.stderr));
    let out = windowpane(&["run", "--format", "json", &path], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: std::collections::BTreeSet<&str> =
        v["panes"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert_eq!(keys.len(), 7);
}
