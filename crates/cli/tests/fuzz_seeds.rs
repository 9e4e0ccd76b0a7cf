//! The fuzz seeds and every crash the fuzzer found (`fuzz/seeds/`, one file per class of bad
//! input of issue 10), through the binary built with overflow checks: each command ends in
//! seconds with its output or an `error: ` naming the field, never a panic (exit 101).
//! `export` is left out: its overflows are the export crate's own (see its tests).

mod common;
use common::*;
use std::time::{Duration, Instant};

fn seeds() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/seeds");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("fuzz/seeds exists")
        .map(|e| format!("fuzz/seeds/{}", e.expect("a directory entry").file_name().to_string_lossy()))
        .filter(|f| f.ends_with(".json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_seed_ends_with_a_result_or_a_named_error() {
    let files = seeds();
    assert!(files.len() >= 13, "{files:?}");
    for file in &files {
        for args in [vec!["check", file], vec!["run", file, "--format", "json"], vec!["render", file], vec!["ingest", file, "--format", "json", "--timelines"]] {
            let t0 = Instant::now();
            let out = windowpane(&args, None);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(t0.elapsed() < Duration::from_secs(20), "{args:?} took {:?}", t0.elapsed());
            match out.status.code() {
                Some(0) => {}
                Some(1) => assert!(stderr.starts_with("error: "), "{args:?}: {stderr}"),
                other => panic!("{args:?} ended with {other:?}: {stderr}"),
            }
        }
    }
}

#[test]
fn the_seeds_of_the_bad_input_classes_get_their_messages() {
    let error = |file: &str| text(&windowpane(&["check", file], None).stderr);
    assert_eq!(error("fuzz/seeds/huge-rate.json"), "error: generate.rate: 1e9 events/s for 10s from 1 device is 1e10 events; at most 10 million\n");
    assert!(error("fuzz/seeds/bom-year.json").starts_with("error: events[0].event_time (event 1): \"10000-01-01T00:00:00Z\" is out of range"));
    assert!(error("fuzz/seeds/sent-before.json").starts_with("error: events[0].sent (event 1): sent at 00:00:00.009, before its event time"));
    let run = windowpane(&["run", "fuzz/seeds/overflow-sum.json", "--format", "jsonl"], None);
    assert!(text(&run.stderr).starts_with("error: pipeline.combine: the mean of key \"a\" in the global window is +∞"));
    // Two arrivals 200 years apart: over the 100 years by default, under them × 2.
    let far = r#"{"format": "windowpane/1", "events": [{"key": "a", "value": 1, "event_time": 0, "arrival": 0},
        {"key": "a", "value": 1, "event_time": 0, "arrival": "2170-01-01T00:00:00Z"}], "pipeline": {}}"#;
    let refused = windowpane(&["check", "-"], Some(far));
    assert!(text(&refused.stderr).starts_with("error: events[1].arrival (event 2): processing time spans 200 years"), "{}", text(&refused.stderr));
    let raised = windowpane(&["--limits", "x2", "check", "-"], Some(far));
    assert_eq!(text(&raised.stdout), "ok: 2 events\n");
}
