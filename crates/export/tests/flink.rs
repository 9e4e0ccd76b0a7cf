//! The Flink exports: the Java job holds Flink's constructs for the scenario, its source replays
//! the engine's watermark path in order, and what cannot be expressed is an error naming the
//! field or a warning. (tests/flink/run compiles and runs the Java jobs on Flink itself.)

use windowpane_export::{beam_python, flink_java, flink_python, ExportError};

/// A Flink scenario with three events, the given watermark and pipeline (JSON).
fn scenario(watermark: &str, pipeline: &str) -> windowpane_scenario::Scenario {
    let text = format!(
        r#"{{"format": "windowpane/1", "semantics": "flink", "title": "Test",
        "events": [
          {{"key": "a", "value": 1, "event_time": 1000, "arrival": 100}},
          {{"key": "b\"q", "value": 2.5, "event_time": 3000, "arrival": 300}},
          {{"key": "a", "value": 4, "event_time": 500, "arrival": 300}}
        ],
        "watermark": {watermark},
        "end_of_input": 1000,
        "pipeline": {pipeline}}}"#
    );
    match windowpane_scenario::parse(&text) {
        Ok(s) => s,
        Err(e) => panic!("test scenario does not parse: {e}\n{text}"),
    }
}

const EXPLICIT: &str = r#"{"model": "explicit", "points": [{"at": 300, "to": 999}, {"at": 600, "to": 2999}]}"#;

#[test]
fn the_java_job_holds_the_assigner_trigger_lateness_and_side_output() {
    let s = scenario(
        EXPLICIT,
        r#"{"window": {"type": "sliding", "size": 2000, "period": 1000, "offset": 250},
            "trigger": {"type": "purging", "trigger": {"type": "continuous_event_time", "interval": 250}},
            "allowed_lateness": 500, "combine": "mean"}"#,
    );
    let e = flink_java(&s, "MyJob").unwrap();
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
    for part in [
        "public class MyJob {",
        "SlidingEventTimeWindows.of(Duration.ofMillis(2000L), Duration.ofMillis(1000L), Duration.ofMillis(250L))",
        "new Labelled<>(PurgingTrigger.of(ContinuousEventTimeTrigger.<TimeWindow>of(Duration.ofMillis(250L))))",
        ".allowedLateness(Duration.ofMillis(500L))",
        ".sideOutputLateData(LATE)",
        "public static SingleOutputStreamOperator<String> windowing(DataStream<Reading> readings)",
        "KinesisStreamsSource",
        "Amazon Managed",
        "return count == 0 ? \"null\" : number(sum / count);",
    ] {
        assert!(e.code.contains(part), "missing {part:?} in\n{}", e.code);
    }
    assert!(!e.code.contains("__"), "a template mark is left");
    // only the imports the job uses
    assert!(e.code.contains("import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;"));
    assert!(!e.code.contains("import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;"));
    assert!(!e.code.contains("import org.apache.flink.streaming.api.windowing.windows.GlobalWindow;"));
}

#[test]
fn a_long_description_is_wrapped_in_the_header() {
    let words = vec!["word"; 60].join(" ");
    let text = format!(
        r#"{{"format": "windowpane/1", "semantics": "flink", "description": "{words}", "events": [],
            "pipeline": {{"window": {{"type": "fixed", "size": 1000}}}}}}"#
    );
    let e = flink_java(&windowpane_scenario::parse(&text).unwrap(), "J").unwrap();
    let lines: Vec<&str> = e.code.lines().filter(|l| l.starts_with("// word")).collect();
    // 60 words of 4 letters and a space: 19 a line (94 columns; 20 would be 99), then 3
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert_eq!(lines[3], "// word word word");
    assert!(lines.iter().all(|l| l.len() <= 3 + 96));
    assert_eq!(lines.iter().map(|l| l.matches("word").count()).sum::<usize>(), 60);
}

#[test]
fn the_source_puts_each_watermark_move_after_the_arrivals_of_its_instant() {
    let e = flink_java(&scenario(EXPLICIT, r#"{"window": {"type": "fixed", "size": 1000}}"#), "J").unwrap();
    let lines: Vec<&str> = e.code.lines().filter(|l| l.trim_start().starts_with("r.add(")).map(str::trim).collect();
    let want = [
        "r.add(Reading.event(0, \"a\", 1, 1000L, 100L));",
        // two arrivals at 300 in file order, then the move at 300
        "r.add(Reading.event(1, \"b\\\"q\", 2.5, 3000L, 300L));",
        "r.add(Reading.event(2, \"a\", 4, 500L, 300L));",
        "r.add(Reading.mark(300L, 999L));",
        "r.add(Reading.mark(600L, 2999L));",
        "r.add(Reading.mark(1000L, Long.MAX_VALUE));",
    ];
    assert_eq!(lines.len(), want.len(), "{lines:#?}");
    for (got, want) in lines.iter().zip(want) {
        assert!(got.starts_with(want), "{got} does not start with {want}");
    }
}

#[test]
fn a_periodic_watermark_is_replayed_from_the_engine_path_and_named_for_a_real_source() {
    // forBoundedOutOfOrderness(100) at ticks of 200: tick 200 sees ts 1000 -> 899; tick 400 sees
    // 3000 -> 2899; the end at 1000.
    let s = scenario(
        r#"{"model": "bounded_out_of_orderness", "max_delay": 100, "idle_timeout": 5000}"#,
        r#"{"window": {"type": "sessions", "gap": 100}, "trigger": {"type": "count", "count": 2}}"#,
    );
    let e = flink_java(&s, "J").unwrap();
    let marks: Vec<&str> = e.code.lines().map(str::trim).filter(|l| l.starts_with("r.add(Reading.mark(")).collect();
    assert_eq!(marks.len(), 3, "{marks:#?}");
    assert!(marks[0].starts_with("r.add(Reading.mark(200L, 899L));"), "{}", marks[0]);
    assert!(marks[1].starts_with("r.add(Reading.mark(400L, 2899L));"), "{}", marks[1]);
    assert!(marks[2].starts_with("r.add(Reading.mark(1000L, Long.MAX_VALUE));"), "{}", marks[2]);
    assert!(e.code.contains("forBoundedOutOfOrderness(Duration.ofMillis(100L)).withIdleness(Duration.ofMillis(5000L))"));
    assert!(e.code.contains("EventTimeSessionWindows.withGap(Duration.ofMillis(100L))"));
    assert!(e.code.contains("CountTrigger.<TimeWindow>of(2L)"));
}

#[test]
fn processing_time_triggers_are_exported_with_a_warning() {
    let s = scenario(EXPLICIT, r#"{"window": {"type": "fixed", "size": 1000}, "trigger": {"type": "purging", "trigger": {"type": "processing_time"}}}"#);
    let e = flink_java(&s, "J").unwrap();
    assert_eq!(e.warnings.len(), 1);
    assert!(e.warnings[0].starts_with("a processing-time trigger fires on the machine's clock"));
    assert!(e.code.contains("// NOT REPRODUCED BY THIS JOB:"));
}

#[test]
fn never_on_a_time_window_gets_its_own_trigger_class_and_global_uses_flinks() {
    let time = flink_java(&scenario(EXPLICIT, r#"{"window": {"type": "fixed", "size": 1000}, "trigger": {"type": "never"}}"#), "J").unwrap();
    assert!(time.code.contains("new Labelled<>(new Never<TimeWindow>())"));
    assert!(time.code.contains("static final class Never<W extends Window>"));
    let global = flink_java(&scenario(EXPLICIT, r#"{"window": {"type": "global"}}"#), "J").unwrap();
    assert!(global.code.contains("new Labelled<>(GlobalWindows.create().getDefaultTrigger())"));
    assert!(!global.code.contains("class Never"));
}

#[test]
fn a_bad_class_name_and_a_beam_scenario_are_refused_by_name() {
    let s = scenario(EXPLICIT, r#"{"window": {"type": "fixed", "size": 1000}}"#);
    match flink_java(&s, "9Lives") {
        Err(ExportError::Unwritable { path, .. }) => assert_eq!(path, "class"),
        other => panic!("expected an error for the class name, got {other:?}"),
    }
    let beam = windowpane_scenario::parse(r#"{"format": "windowpane/1", "events": [], "pipeline": {}}"#).unwrap();
    let err = flink_java(&beam, "J").unwrap_err().to_string();
    assert!(err.starts_with("semantics: the scenario runs under Beam semantics"), "{err}");
    assert!(beam_python(&s).unwrap_err().to_string().contains("export it with flink-java"));
}

#[test]
fn pyflink_refuses_a_watermark_given_point_by_point_and_warns_about_arrival_times() {
    let s = scenario(EXPLICIT, r#"{"window": {"type": "fixed", "size": 1000}}"#);
    match flink_python(&s) {
        Err(ExportError::Unwritable { path, message }) => {
            assert_eq!(path, "watermark.model");
            assert!(message.contains("\"explicit\"") && message.contains("flink-java"), "{message}");
        }
        other => panic!("expected an error naming watermark.model, got {other:?}"),
    }
    let p = scenario(
        r#"{"model": "bounded_out_of_orderness", "max_delay": 0}"#,
        r#"{"window": {"type": "fixed", "size": 1000, "offset": 500}, "trigger": {"type": "count", "count": 3},
            "allowed_lateness": 200, "combine": "latest"}"#,
    );
    let e = flink_python(&p).unwrap();
    assert_eq!(e.warnings.len(), 1, "{:?}", e.warnings);
    assert!(e.warnings[0].starts_with("PyFlink reads the bounded collection at once"));
    for part in [
        "TumblingEventTimeWindows.of(Time.milliseconds(1000), Time.milliseconds(500))",
        ".trigger(CountTrigger.of(3))",
        ".allowed_lateness(200)",
        "WatermarkStrategy.for_monotonous_timestamps()",
        "Row(\"b\\\"q\", 2.5, 3000, 1),",
        "Row(\"a\", 4.0, 500, 2),",
    ] {
        assert!(e.code.contains(part), "missing {part:?} in\n{}", e.code);
    }
}

#[test]
fn many_readings_are_split_into_methods_under_javas_64_kb_limit() {
    let events: Vec<String> = (0..1_200)
        .map(|i| format!(r#"{{"key": "k", "value": 1, "event_time": {i}, "arrival": {i}}}"#))
        .collect();
    let text = format!(
        r#"{{"format": "windowpane/1", "semantics": "flink", "events": [{}],
            "watermark": {{"model": "explicit", "points": [{{"at": 5000, "to": 5000}}]}},
            "pipeline": {{"window": {{"type": "fixed", "size": 1000}}}}}}"#,
        events.join(",")
    );
    let e = flink_java(&windowpane_scenario::parse(&text).unwrap(), "J").unwrap();
    // 1200 events and 2 marks: methods of 500, 500 and 202 readings, called in order
    assert!(e.code.contains("    readings0(r);\n    readings1(r);\n    readings2(r);\n    return r;"));
    assert!(!e.code.contains("readings3"));
    let third = &e.code[e.code.find("private static void readings2(").unwrap()..];
    let third = &third[..third.find("\n  }").unwrap()];
    assert_eq!(third.matches("r.add(").count(), 202);
}

#[test]
fn a_unicode_escape_in_the_title_cannot_end_a_java_comment() {
    let text = r#"{"format": "windowpane/1", "semantics": "flink", "title": "x \\u000a System.exit(1);",
        "description": "y \\u000d z", "events": [], "pipeline": {"window": {"type": "fixed", "size": 1000}}}"#;
    let s = windowpane_scenario::parse(text).unwrap();
    assert_eq!(s.title.as_deref(), Some("x \\u000a System.exit(1);"));
    let e = flink_java(&s, "J").unwrap();
    // In comments no \u at all; in the job name's string literal the backslash is doubled, and
    // javac takes \\u as no escape (the \ before u follows an odd run of backslashes).
    assert!(e.code.lines().filter(|l| l.trim_start().starts_with("//")).all(|l| !l.contains("\\u")));
    assert!(e.code.contains(r#"executeAndCollect("windowpane: x \\u000a System.exit(1);")"#));
    assert!(e.code.contains("// x \\ u000a System.exit(1); (an Apache Flink"));
}

/// Marks of the job's template in the user's text stay text: a title holding `__AGGREGATE__`
/// and a key holding a double underscore are written as they are (they were spliced, or
/// tripped the unreplaced-mark check).
#[test]
fn template_marks_in_titles_and_keys_stay_text() {
    let text = r#"{"format": "windowpane/1", "semantics": "flink", "title": "a __AGGREGATE__ b",
        "events": [{"key": "device__1", "value": 1, "event_time": 0, "arrival": 1}],
        "pipeline": {"window": {"type": "fixed", "size": 1000}}}"#;
    let s = windowpane_scenario::parse(text).expect("parses");
    let e = windowpane_export::flink_java(&s, "Job").expect("exports");
    assert!(e.code.contains("a __AGGREGATE__ b"), "{}", e.code);
    assert!(e.code.contains("\"device__1\""), "{}", e.code);
}
