//! The exported programs hold the right Beam constructs, are valid Python, and say what they
//! cannot express.

use std::path::PathBuf;
use std::process::Command;
use windowpane_export::python::STALL_WARNING;
use windowpane_export::{beam_java, beam_python};

/// The warnings that say what Python cannot express (not that its runner may stall).
fn unexpressible(e: &windowpane_export::Export) -> Vec<&String> {
    e.warnings.iter().filter(|w| !w.starts_with(STALL_WARNING)).collect()
}

/// A scenario with two events, an explicit watermark and the given pipeline (JSON).
fn scenario(pipeline: &str) -> windowpane_scenario::Scenario {
    let text = format!(
        r#"{{"format": "windowpane/1", "title": "Test",
        "events": [
          {{"key": "TeamX", "value": 5, "event_time": "12:00:26", "arrival": "12:04:59"}},
          {{"key": "TeamY", "value": 2.5, "event_time": "12:01:10", "arrival": "12:05:30"}}
        ],
        "watermark": {{"model": "explicit", "points": [{{"at": "12:06:00", "to": "12:02:00"}}]}},
        "end_of_input": "12:10:00",
        "pipeline": {pipeline}}}"#
    );
    match windowpane_scenario::parse(&text) {
        Ok(s) => s,
        Err(e) => panic!("test scenario does not parse: {e}\n{text}"),
    }
}

fn python(pipeline: &str) -> windowpane_export::Export {
    beam_python(&scenario(pipeline)).expect("exports")
}

#[test]
fn early_and_late_firings_are_an_after_watermark_with_both() {
    let e = python(
        r#"{"window": {"type": "fixed", "size": "2m"},
            "trigger": {"type": "after_watermark",
                        "early": {"type": "after_processing_time", "delay": "1m"},
                        "late": {"type": "after_count", "count": 1}},
            "accumulation": "accumulating", "allowed_lateness": "1000d", "combine": "sum"}"#,
    );
    assert!(e.code.contains("AfterWatermark(early=AfterProcessingTime(60), late=AfterCount(1))"), "{}", e.code);
    assert!(e.code.contains("window.FixedWindows(size=120)"));
    assert!(e.code.contains("AccumulationMode.ACCUMULATING"));
    assert!(e.code.contains("allowed_lateness=86400000"));
    assert!(e.code.contains("combine_per_key(sum)"));
    assert!(e.code.contains(".advance_watermark_to(at(43320000))"));
    assert!(e.code.contains(".advance_watermark_to_infinity()"));
    assert!(e.code.contains("TimestampedValue((\"TeamX\", 5), at(43226000))"));
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
}

#[test]
fn every_window_kind_has_its_window_fn() {
    for (window, expected) in [
        (r#"{"type": "global"}"#, "window.GlobalWindows()"),
        (r#"{"type": "fixed", "size": "1m", "offset": "10s"}"#, "window.FixedWindows(size=60, offset=10)"),
        (r#"{"type": "sliding", "size": "10m", "period": "2m"}"#, "window.SlidingWindows(size=600, period=120)"),
        (r#"{"type": "sessions", "gap": "1m30s"}"#, "window.Sessions(gap_size=90)"),
        (r#"{"type": "fixed", "size": "1500ms"}"#, "window.FixedWindows(size=millis(1500))"),
    ] {
        let e = python(&format!(r#"{{"window": {window}}}"#));
        assert!(e.code.contains(expected), "{expected} not in\n{}", e.code);
    }
}

#[test]
fn every_trigger_kind_has_its_beam_trigger() {
    for (trigger, expected) in [
        (r#"{"type": "default"}"#, "trigger=DefaultTrigger()"),
        (r#"{"type": "never"}"#, "trigger=Never()"),
        (r#"{"type": "repeatedly", "trigger": {"type": "after_count", "count": 3}}"#, "Repeatedly(AfterCount(3))"),
        (
            r#"{"type": "after_each", "triggers": [{"type": "after_count", "count": 2}, {"type": "after_watermark"}]}"#,
            "AfterEach(AfterCount(2), AfterWatermark())",
        ),
        (
            r#"{"type": "after_any", "triggers": [{"type": "after_count", "count": 2}, {"type": "after_processing_time", "delay": "30s"}]}"#,
            "AfterAny(AfterCount(2), AfterProcessingTime(30))",
        ),
        (
            r#"{"type": "after_all", "triggers": [{"type": "after_count", "count": 2}, {"type": "after_watermark"}]}"#,
            "AfterAll(AfterCount(2), AfterWatermark())",
        ),
        (
            r#"{"type": "or_finally", "trigger": {"type": "repeatedly", "trigger": {"type": "after_count", "count": 1}}, "until": {"type": "after_count", "count": 3}}"#,
            "OrFinally(Repeatedly(AfterCount(1)), AfterCount(3))",
        ),
    ] {
        let e = python(&format!(r#"{{"window": {{"type": "fixed", "size": "2m"}}, "trigger": {trigger}}}"#));
        assert!(e.code.contains(expected), "{expected} not in\n{}", e.code);
        assert!(unexpressible(&e).is_empty(), "{:?}", e.warnings);
    }
}

#[test]
fn every_combiner_and_timestamp_combiner_is_exported() {
    for (combine, expected) in [
        ("sum", "combine_per_key(sum)"),
        ("count", "CountCombineFn()"),
        ("min", "MinOrNone()"),
        ("max", "MaxOrNone()"),
        ("mean", "MeanOrNone()"),
        ("latest", "LatestPerKey()"),
        ("collect", "ToListCombineFn()"),
    ] {
        let e = python(&format!(r#"{{"window": {{"type": "global"}}, "combine": "{combine}"}}"#));
        assert!(e.code.contains(expected), "{expected} not in\n{}", e.code);
    }
    for (tc, expected) in [
        ("end_of_window", "OUTPUT_AT_EOW"),
        ("earliest", "OUTPUT_AT_EARLIEST"),
        ("latest", "OUTPUT_AT_LATEST"),
    ] {
        let e = python(&format!(r#"{{"window": {{"type": "global"}}, "timestamp_combiner": "{tc}"}}"#));
        assert!(e.code.contains(expected), "{expected} not in\n{}", e.code);
    }
}

#[test]
fn what_python_cannot_express_is_warned_and_commented() {
    for (pipeline, needle) in [
        (r#"{"window": {"type": "global"}, "accumulation": "accumulating_and_retracting"}"#, "accumulating_and_retracting"),
        (r#"{"window": {"type": "global"}, "closing_behavior": "fire_always"}"#, "closing_behavior"),
        (r#"{"window": {"type": "global"}, "on_time_behavior": "fire_if_non_empty"}"#, "on_time_behavior"),
        (
            r#"{"window": {"type": "global"}, "trigger": {"type": "repeatedly", "trigger": {"type": "after_processing_time", "delay": "1m", "align": {"period": "1m", "offset": "0s"}}}}"#,
            "align",
        ),
        (
            r#"{"window": {"type": "global"}, "trigger": {"type": "repeatedly", "trigger": {"type": "after_processing_time", "delay": "250ms"}}}"#,
            "whole seconds",
        ),
    ] {
        let e = python(pipeline);
        let w = unexpressible(&e);
        assert_eq!(w.len(), 1, "{pipeline}: {:?}", e.warnings);
        assert!(w[0].contains(needle), "{:?}", e.warnings);
        assert!(e.code.contains("NOT EXPRESSIBLE"), "{}", e.code);
    }
}

#[test]
fn java_export_has_the_beam_java_constructs_and_its_limits() {
    let s = scenario(
        r#"{"window": {"type": "fixed", "size": "2m"},
            "trigger": {"type": "after_watermark",
                        "early": {"type": "after_processing_time", "delay": "1m", "align": {"period": "1m", "offset": "0s"}},
                        "late": {"type": "after_count", "count": 1}},
            "accumulation": "accumulating", "allowed_lateness": "1000d", "closing_behavior": "fire_always"}"#,
    );
    let e = beam_java(&s).expect("exports");
    assert!(e.code.contains("AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(Duration.millis(60000L)).alignedTo(Duration.millis(60000L), new Instant(0L))).withLateFirings(AfterPane.elementCountAtLeast(1))"), "{}", e.code);
    assert!(e.code.contains("Window.ClosingBehavior.FIRE_ALWAYS"));
    assert!(e.code.contains("SOURCE ONLY"));
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
    let s = scenario(
        r#"{"window": {"type": "global"}, "trigger": {"type": "after_watermark",
            "early": {"type": "after_each", "triggers": [{"type": "after_count", "count": 1}]}}}"#,
    );
    assert_eq!(beam_java(&s).expect("exports").warnings.len(), 1);
}

/// `python3 -m py_compile` accepts the export of a scenario using every feature at once.
#[test]
fn exported_python_compiles() {
    let mut dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    dir.push("export-py-compile");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let pipelines = [
        r#"{"window": {"type": "sessions", "gap": "1m"}, "combine": "latest", "accumulation": "accumulating_and_retracting",
            "trigger": {"type": "or_finally", "trigger": {"type": "repeatedly", "trigger": {"type": "after_any", "triggers": [
              {"type": "after_count", "count": 2}, {"type": "after_processing_time", "delay": "1500ms"},
              {"type": "after_all", "triggers": [{"type": "after_count", "count": 5}, {"type": "after_watermark",
                 "early": {"type": "after_count", "count": 1}, "late": {"type": "after_count", "count": 1}}]}]}},
              "until": {"type": "after_watermark"}}}"#,
        r#"{"window": {"type": "sliding", "size": "10m", "period": "2m", "offset": "1m"}, "combine": "mean"}"#,
        r#"{"window": {"type": "global"}, "combine": "min", "trigger": {"type": "never"}}"#,
        r#"{"window": {"type": "global"}, "combine": "max"}"#,
        r#"{"window": {"type": "global"}, "combine": "collect"}"#,
        r#"{"window": {"type": "global"}, "combine": "count"}"#,
    ];
    for (i, p) in pipelines.iter().enumerate() {
        let path = dir.join(format!("pipeline_{i}.py"));
        std::fs::write(&path, python(p).code).expect("write");
        let status = Command::new("python3").arg("-m").arg("py_compile").arg(&path).status();
        match status {
            Ok(s) => assert!(s.success(), "{} does not compile", path.display()),
            Err(e) => panic!("python3 not found: {e}"),
        }
    }
}

/// The TestStream's clock starts at 0 at the first happening: the program never advances
/// processing time to the scenario's absolute clock (12:04:59 would be millis(43499000)).
#[test]
fn the_test_clock_advances_only_by_the_time_between_happenings() {
    let e = python(r#"{"window": {"type": "fixed", "size": "2m"}}"#);
    let advances: Vec<&str> = e.code.lines().filter(|l| l.contains("advance_processing_time(")).collect();
    // 12:04:59 (first arrival) -> 12:05:30 -> 12:06:00 (watermark) -> 12:10:00 (end of input).
    assert_eq!(advances.len(), 3, "{advances:?}");
    assert!(advances[0].contains("advance_processing_time(millis(31000))  # processing time 12:05:30"), "{advances:?}");
    assert!(advances[1].contains("advance_processing_time(millis(30000))  # processing time 12:06:00"), "{advances:?}");
    assert!(advances[2].contains("advance_processing_time(millis(240000))  # processing time 12:10:00"), "{advances:?}");
    let java = beam_java(&scenario(r#"{"window": {"type": "fixed", "size": "2m"}}"#)).expect("exports");
    assert!(!java.code.contains("advanceProcessingTime(Duration.millis(43499000L))"), "{}", java.code);
    assert!(java.code.contains(".advanceProcessingTime(Duration.millis(31000L)) // processing time 12:05:30"), "{}", java.code);
}

/// A delay so long that letting its timers go off at the end would overflow is refused with
/// its field path, not written as a wrapped negative advance.
#[test]
fn a_delay_that_cannot_be_written_is_refused_with_its_field_path() {
    for (trigger, path) in [
        (
            r#"{"type": "after_watermark", "early": {"type": "after_processing_time", "delay": 9223372036854775000}}"#,
            "pipeline.trigger.early.delay: ",
        ),
        (
            r#"{"type": "repeatedly", "trigger": {"type": "after_any", "triggers": [{"type": "after_count", "count": 2}, {"type": "after_processing_time", "delay": 9223372036854000}]}}"#,
            "pipeline.trigger.trigger.triggers[1].delay: ",
        ),
    ] {
        let s = scenario(&format!(r#"{{"window": {{"type": "fixed", "size": "2m"}}, "trigger": {trigger}}}"#));
        match beam_python(&s) {
            Err(e) => assert!(e.to_string().starts_with(path), "{e}"),
            Ok(e) => panic!("exported: {}", e.code.lines().filter(|l| l.contains("advance_processing_time")).collect::<Vec<_>>().join("\n")),
        }
    }
    // The largest delay that fits still exports, with an advance that does not wrap.
    let s = scenario(
        r#"{"window": {"type": "fixed", "size": "2m"}, "trigger": {"type": "after_processing_time", "delay": 9000000000000000}}"#,
    );
    let e = beam_python(&s).expect("exports");
    assert!(e.code.contains("stream.advance_processing_time(millis(9000000000001000))"), "{}", e.code);
}

/// Shapes Beam Python's DirectRunner stalls on (a count trigger in the global window, a trigger
/// that finishes before the end) are warned of and commented; a watermark trigger is not.
#[test]
fn shapes_beam_python_may_stall_on_are_warned_and_commented() {
    for (pipeline, stalls) in [
        (r#"{"window": {"type": "global"}, "trigger": {"type": "repeatedly", "trigger": {"type": "after_count", "count": 2}}}"#, true),
        (r#"{"window": {"type": "fixed", "size": "2m"}, "trigger": {"type": "after_count", "count": 2}}"#, true),
        (r#"{"window": {"type": "fixed", "size": "2m"}, "trigger": {"type": "after_any", "triggers": [{"type": "after_count", "count": 2}, {"type": "after_watermark"}]}}"#, true),
        (r#"{"window": {"type": "fixed", "size": "2m"}}"#, false),
        (r#"{"window": {"type": "fixed", "size": "2m"}, "trigger": {"type": "after_watermark", "early": {"type": "after_count", "count": 1}}}"#, false),
    ] {
        let e = python(pipeline);
        let warned = e.warnings.iter().any(|w| w.starts_with(STALL_WARNING));
        assert_eq!(warned, stalls, "{pipeline}: {:?}", e.warnings);
        assert_eq!(e.code.contains(&format!("# MAY STALL: {STALL_WARNING}")), stalls, "{}", e.code);
        assert!(!e.code.contains("NOT EXPRESSIBLE"), "{}", e.code);
    }
}

/// A scenario whose panes Beam Python prints differently names each difference class under
/// the docstring heading, with its Beam source.
#[test]
fn the_docstring_names_the_differences_on_beam_python() {
    let e = python(r#"{"window": {"type": "fixed", "size": "2m"}, "timestamp_combiner": "earliest", "allowed_lateness": "0s"}"#);
    let doc = e.code.split("\"\"\"").nth(1).expect("a docstring");
    let section = doc.split(windowpane_export::python_differences::HEADING).nth(1).expect("the heading");
    assert!(section.contains("- no-garbage-collection: "), "{section}");
    assert!(section.contains("- python-watermark-holds: "), "{section}");
    assert!(section.contains("transforms/trigger.py"), "{section}");
    assert!(!section.contains("processing-time-timing"), "{section}");
}

/// javac reads unicode escapes even in comments: a title or description holding `\u000a` would
/// end the `//` comment and make the rest of its line code. The Java export's comments carry no
/// `\u`.
#[test]
fn java_comments_carry_no_unicode_escape() {
    let text = r#"{"format": "windowpane/1", "title": "x \\u000a System.exit(1);", "description": "y \\u000d z",
        "events": [], "pipeline": {"window": {"type": "fixed", "size": 1000}}}"#;
    let s = windowpane_scenario::parse(text).expect("parses");
    assert_eq!(s.title.as_deref(), Some("x \\u000a System.exit(1);"));
    let e = beam_java(&s).expect("exports");
    let comments: Vec<&str> = e.code.lines().filter(|l| l.trim_start().starts_with("//")).collect();
    assert!(comments.iter().any(|l| l.contains("System.exit")), "{}", e.code);
    assert!(comments.iter().all(|l| !l.contains("\\u")), "{}", e.code);
}
