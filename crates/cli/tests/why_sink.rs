//! `windowpane why` and `windowpane sink` on the book's examples, with answers worked out from
//! the scenarios' own descriptions and expected panes; and their errors, naming the option.

mod common;

use common::{text, windowpane};

const HELD: &str = "examples/bundle-labels-held-watermark.json";
const FIGURE_2_11: &str = "examples/book-2-11-early-on-time-late-heuristic.json";
const FIGURE_2_14: &str = "examples/book-2-14-accumulating-and-retracting.json";

/// Runs the binary; returns standard output, asserting success.
fn ok(args: &[&str]) -> String {
    let out = windowpane(args, None);
    assert!(out.status.success(), "{args:?} failed: {}", text(&out.stderr));
    text(&out.stdout)
}

/// Runs the binary; returns standard error, asserting failure.
fn fails(args: &[&str]) -> String {
    let out = windowpane(args, None);
    assert!(!out.status.success(), "{args:?} succeeded: {}", text(&out.stdout));
    text(&out.stderr)
}

#[test]
fn why_a_count_trigger_has_not_fired_and_what_holds_the_watermark() {
    // At 12:03:30 the window 12:00–12:01 has only the 1 (the 2 comes at 12:04:00): after_count 2
    // waits with 1 of 2; the 1's end-of-window hold keeps the output watermark at 12:00:59.999
    // while the input watermark is at 12:03:00.
    let out = ok(&["why", HELD, "--key", "k", "--window", "12:00:00", "--at", "12:03:30"]);
    assert!(out.starts_with("k 12:00:00–12:01:00 at 12:03:30: open, no pane yet\n"), "{out}");
    assert!(out.contains("input watermark 12:03:00; the window ends at 12:00:59.999"), "{out}");
    assert!(out.contains("    after_count 2 [waiting]: 1 of 2 elements\n"), "{out}");
    assert!(out.contains("output watermark 12:00:59.999: held back by k 12:00:00–12:01:00's element hold at 12:00:59.999, set by event #0"), "{out}");
    // At 12:04:00 the bundle fires it (one pane), and the input ends (no end_of_input: the last
    // arrival): the watermark moves to +∞ and the window expires.
    let out = ok(&["why", HELD, "--key", "k", "--window", "12:00:00–12:01:00", "--at", "12:04:00"]);
    assert!(out.contains("k 12:00:00–12:01:00 at 12:04:00: expired at 12:04:00, 1 pane so far"), "{out}");
    assert!(out.contains("input watermark +∞;"), "{out}");
    // Without --at: the end of the run.
    let out = ok(&["why", HELD, "--key", "k", "--window", "12:01:00"]);
    assert!(out.starts_with("k 12:01:00–12:02:00 at the end of the run: expired at 12:04:00, 1 pane so far"), "{out}");
}

#[test]
fn why_waits_for_the_watermark_and_the_early_processing_time() {
    // Figure 2-11: the 5 arrived at 12:04:59; the early after_processing_time 1m fires at
    // 12:05:59; the watermark is 12:00:00 until 12:06:00.
    let out = ok(&["why", FIGURE_2_11, "--key", "TeamX", "--window", "12:00:00", "--at", "12:05:30"]);
    assert!(out.contains("  after_watermark [waiting]: the watermark 12:00:00 has not passed the window's end 12:01:59.999\n"), "{out}");
    assert!(out.contains("    early: after_processing_time 1m [waiting]: fires at 12:05:59\n"), "{out}");
    assert!(out.contains("    late: after_count 1 [not its turn]: 0 of 1 elements\n"), "{out}");
}

#[test]
fn why_an_element_is_late_and_which_pane_has_it() {
    // The 9 (event #6, 12:01:26) arrives at 12:08:19, when the watermark is 12:06:00 (moved
    // there at 12:07:40): late, and in the LATE pane of 14 emitted then.
    let out = ok(&["why", FIGURE_2_11, "--event", "6"]);
    assert!(out.contains("late: it arrived when the watermark was 12:06:00, past its event time"), "{out}");
    assert!(out.contains("12:00:00–12:02:00: added; first in the pane emitted at 12:08:19 (LATE, index 2)"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&ok(&["why", FIGURE_2_11, "--event", "6", "--format", "json"])).unwrap();
    assert_eq!(json["late"], true);
    assert_eq!(json["watermark_at_arrival"], 43_560_000);
    assert_eq!(json["windows"][0]["pane"]["value"], 14.0);
}

#[test]
fn why_in_json_names_the_state_and_the_hold() {
    let out = ok(&["why", HELD, "--key", "k", "--window", "12:00:00", "--at", "12:03:30", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["state"]["state"], "open");
    assert_eq!(json["holding"]["event"], 0);
    assert_eq!(json["holding"]["hold"]["at"], 43_259_999);
    assert_eq!(json["view"]["trigger"][1]["progress"], serde_json::json!({"waits_for": "count", "have": 1, "need": 2}));
}

#[test]
fn an_append_only_sink_double_counts_accumulating_panes() {
    // Figure 2-11's first window emits 5 (EARLY), 5 (ON_TIME), 14 (LATE): 24 in the table, 14 its value.
    let out = ok(&["sink", FIGURE_2_11, "--kind", "append"]);
    assert!(out.starts_with("append-only sink, final table"), "{out}");
    assert_eq!(out.lines().filter(|l| l.starts_with("TeamX")).count(), 9, "every pane a row: {out}");
    assert!(out.contains("DOUBLE COUNTED TeamX 12:00:00–12:02:00: its rows add up to 24, the window's value is 14\n"), "{out}");
    // An upsert sink keeps the latest: one row per window, no flag.
    let out = ok(&["sink", FIGURE_2_11, "--kind", "upsert"]);
    assert_eq!(out.lines().filter(|l| l.starts_with("TeamX")).count(), 4, "{out}");
    assert!(out.contains("flags: none"), "{out}");
}

#[test]
fn a_retraction_aware_sink_holds_one_row_per_window() {
    let json: serde_json::Value = serde_json::from_str(&ok(&["sink", FIGURE_2_14, "--kind", "retracting", "--format", "json"])).unwrap();
    let values: Vec<f64> = json["rows"].as_array().unwrap().iter().map(|r| r["value"].as_f64().unwrap()).collect();
    assert_eq!(values, vec![18.0, 4.0, 14.0, 12.0]);
    assert_eq!(json["flags"], serde_json::json!([]));
    // At 12:06:00 an append-only sink has the early 5, its retraction and the on-time 5.
    let out = ok(&["sink", FIGURE_2_14, "--kind", "append", "--at", "12:06:00"]);
    assert!(out.starts_with("append-only sink, at 12:06:00"), "{out}");
    assert!(out.contains("DOUBLE COUNTED TeamX 12:00:00–12:02:00: its rows add up to 15, the window's value is 5\n"), "{out}");
    // Without --kind: the three sinks.
    let all: serde_json::Value = serde_json::from_str(&ok(&["sink", FIGURE_2_14, "--format", "json"])).unwrap();
    let kinds: Vec<&str> = all.as_array().unwrap().iter().map(|t| t["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["append", "upsert", "retracting"]);
}

#[test]
fn wrong_options_are_named() {
    let e = fails(&["why", FIGURE_2_11, "--key", "TeamX", "--window", "12:00:00", "--at", "noon"]);
    assert!(e.contains("error: --at: expected a time like"), "{e}");
    let e = fails(&["why", FIGURE_2_11, "--event", "99"]);
    assert!(e.contains("error: --event: there is no event #99: the events are #0 to #8"), "{e}");
    let e = fails(&["why", FIGURE_2_11, "--key", "TeamX", "--window", "12:00:30"]);
    assert!(e.contains("error: --window: no window starts at 12:00:30; the windows holding that time are 12:00:00–12:02:00"), "{e}");
    let e = fails(&["why", FIGURE_2_11, "--key", "TeamX", "--window", "12:02:00–12:00:00"]);
    assert!(e.contains("error: --window: the end 12:00:00 is not after the start 12:02:00"), "{e}");
    let e = fails(&["why", FIGURE_2_11, "--key", "TeamX", "--window", "12:00:00–12:03:00"]);
    assert!(e.contains("error: --window: the pipeline's window starting at 12:00:00 is 12:00:00–12:02:00"), "{e}");
    let e = fails(&["why", "examples/book-4-07-sessions.json", "--key", "TeamX", "--window", "12:00:26"]);
    assert!(e.contains("error: --window: session windows have no fixed size"), "{e}");
    assert!(fails(&["why", FIGURE_2_11, "--key", "TeamX", "--window", "global"]).contains("error: --window: the pipeline's windows are not the global window"));
    let e = fails(&["why", FIGURE_2_11, "--key", "TeamY", "--window", "12:00:00"]);
    assert!(e.contains("error: --key: no event has the key \"TeamY\"; the keys are TeamX"), "{e}");
    assert!(fails(&["why", FIGURE_2_11, "--window", "12:00:00"]).contains("--key"));
    assert!(fails(&["why", FIGURE_2_11]).contains("--window"));
    assert!(fails(&["sink", FIGURE_2_11, "--kind", "upsrt"]).contains("'--kind <KIND>'"));
    assert!(fails(&["sink", FIGURE_2_11, "--at", "12:99:00"]).contains("error: --at:"));
}

#[test]
fn an_upsert_sink_keeps_rows_of_sessions_that_merged_away() {
    // Figure 4-07 (sessions, accumulating): 12:00:26–12:01:26 fired 5 and then merged into
    // 12:00:26–12:05:19 (36, which counts the 5 again); its row stays in an upsert table.
    let out = ok(&["sink", "examples/book-4-07-sessions.json", "--kind", "upsert"]);
    assert!(out.contains("MERGED AWAY TeamX 12:00:26–12:01:26: the session merged into 12:00:26–12:05:19, whose panes count its elements again; rows of it left in the table: 1\n"), "{out}");
    assert!(!out.contains("MERGED AWAY TeamX 12:00:26–12:05:19"), "the widest session is no one's leftover: {out}");
}

/// The README's examples of `why` and `sink` are the commands' real output.
#[test]
fn the_readme_shows_the_real_output() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let mut checked = 0;
    for block in readme.split("```sh\nwindowpane ").skip(1) {
        let Some((command, rest)) = block.split_once("\n```\n```text\n") else { continue };
        let args: Vec<&str> = command.split_whitespace().collect();
        if !matches!(args.first(), Some(&"why") | Some(&"sink")) {
            continue;
        }
        let expected = rest.split("```\n").next().unwrap();
        assert_eq!(ok(&args), expected, "README: windowpane {command}");
        checked += 1;
    }
    assert!(checked >= 3, "the README shows why and sink ({checked} examples found)");
}
