//! Whole documents: every kind of error names its place, and canonical JSON reads back the same.

use windowpane_engine::{AccumulationMode, Trigger, WatermarkPoint, WindowFn};
use windowpane_scenario::{parse, to_json, EventSpec, WatermarkSpec};

/// A valid scenario with `extra` fields spliced in at the top level.
fn doc(extra: &str) -> String {
    format!(
        r#"{{"format": "windowpane/1",
             "events": [{{"key": "TeamX", "value": 5, "event_time": "12:00:26", "arrival": "12:04:59"}}],
             "pipeline": {{"window": {{"type": "fixed", "size": "2m"}}}}{extra}}}"#
    )
}

fn err(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn the_design_example_reads_as_written() {
    let s = parse(
        r#"{
  "format": "windowpane/1",
  "title": "Early, on-time and late firings",
  "events": [
    {"key": "TeamX", "value": 5, "event_time": "12:00:26", "arrival": "12:04:59"}
  ],
  "watermark": {"model": "explicit", "points": [{"at": "12:06:00", "to": "12:02:00"}]},
  "end_of_input": "12:10:00",
  "pipeline": {
    "window": {"type": "fixed", "size": "2m"},
    "trigger": {"type": "after_watermark",
                "early": {"type": "after_processing_time", "delay": "1m"},
                "late": {"type": "after_count", "count": 1}},
    "accumulation": "accumulating",
    "allowed_lateness": "1000d",
    "combine": "sum"
  }
}"#,
    )
    .unwrap();
    let hms = |h: i64, m: i64, s: i64| ((h * 60 + m) * 60 + s) * 1000;
    assert_eq!(s.title.as_deref(), Some("Early, on-time and late firings"));
    assert_eq!(s.base, 0);
    assert_eq!(
        s.events,
        vec![EventSpec {
            key: "TeamX".into(),
            value: 5.0,
            event_time: hms(12, 0, 26),
            arrival: Some(hms(12, 4, 59)),
            sent: None
        }]
    );
    assert_eq!(
        s.watermark,
        WatermarkSpec::Explicit(vec![WatermarkPoint {
            at: hms(12, 6, 0),
            to: hms(12, 2, 0)
        }])
    );
    assert_eq!(s.end_of_input, Some(hms(12, 10, 0)));
    assert_eq!(
        s.pipeline.window,
        WindowFn::Fixed {
            size: 120_000,
            offset: 0
        }
    );
    assert_eq!(
        s.pipeline.trigger,
        Trigger::AfterWatermark {
            early: Some(Box::new(Trigger::AfterProcessingTime {
                delay: 60_000,
                align: None
            })),
            late: Some(Box::new(Trigger::AfterCount { count: 1 })),
        }
    );
    assert_eq!(s.pipeline.accumulation, AccumulationMode::Accumulating);
    assert_eq!(s.pipeline.allowed_lateness, 1000 * 86_400_000);
    assert_eq!(s.expect, None);
}

#[test]
fn base_date_moves_times_of_day_but_not_absolute_times() {
    let s = parse(
        r#"{"format": "windowpane/1", "base": "2024-05-01", "events": [
            {"key": "a", "value": 1, "event_time": "12:00:00", "arrival": "2024-05-01T14:00:01+02:00"}],
            "watermark": {"model": "explicit", "points": [{"at": "12:00:02", "to": 0}]},
            "pipeline": {}}"#,
    )
    .unwrap();
    let noon = 1_714_564_800_000;
    assert_eq!(s.base, 1_714_521_600_000);
    assert_eq!(s.events[0].event_time, noon);
    assert_eq!(s.events[0].arrival, Some(noon + 1000));
    assert_eq!(
        s.watermark,
        WatermarkSpec::Explicit(vec![WatermarkPoint {
            at: noon + 2000,
            to: 0
        }])
    );
    assert!(
        err(&doc(r#", "base": 1000"#)).starts_with("base: expected the milliseconds of a midnight")
    );
    assert!(err(&doc(r#", "base": "May 1st""#))
        .starts_with("base: expected a date like \"2024-05-01\""));
}

#[test]
fn format_must_be_windowpane_1() {
    assert_eq!(
        err(&doc("").replace("windowpane/1", "windowpane/2")),
        "format: expected \"windowpane/1\", got \"windowpane/2\""
    );
    assert_eq!(
        err(r#"{"pipeline": {}}"#),
        "format: missing: expected \"windowpane/1\""
    );
    assert!(err(r#"{"format": "windowpane/1"}"#).starts_with("pipeline: missing"));
}

#[test]
fn malformed_json_gives_line_and_column() {
    let e =
        parse("{\n  \"format\": \"windowpane/1\",\n  \"pipeline\": {\"window\": }\n}").unwrap_err();
    assert_eq!(e.path, "pipeline");
    assert_eq!(
        e.message,
        "invalid JSON: expected value at line 3 column 26"
    );
}

#[test]
fn wrong_types_name_the_field() {
    assert_eq!(
        err(&doc(r#", "title": 5"#)),
        "title: expected a string, got 5"
    );
    assert_eq!(
        err(&doc(r#", "end_of_input": true"#))
            .split(',')
            .next()
            .unwrap(),
        "end_of_input: expected a time (milliseconds since the epoch"
    );
    assert_eq!(
        err(&doc(r#", "expect": []"#)),
        "expect: expected an object, got an array"
    );
    assert_eq!(
        err(&doc(r#", "ingest": "kinesis""#)),
        "ingest: expected an object, got \"kinesis\""
    );
    assert_eq!(
        err(&doc(r#", "$schema": 1"#)),
        "$schema: expected a string, got 1"
    );
}

#[test]
fn sizes_periods_counts_and_lateness_are_checked() {
    let with = |pipeline: &str| {
        err(&doc("").replace(
            r#""pipeline": {"window": {"type": "fixed", "size": "2m"}}"#,
            pipeline,
        ))
    };
    assert_eq!(
        with(r#""pipeline": {"window": {"type": "fixed", "size": 0}}"#),
        "pipeline.window.size: expected a duration > 0, got 0"
    );
    assert_eq!(
        with(r#""pipeline": {"window": {"type": "fixed", "size": -60000}}"#),
        "pipeline.window.size: expected a duration > 0, got -60000"
    );
    assert!(
        with(r#""pipeline": {"window": {"type": "sliding", "size": "1m", "period": "5m"}}"#)
            .starts_with("pipeline.window.period: expected a period no longer than the size")
    );
    assert!(
        with(r#""pipeline": {"window": {"type": "sessions", "gap": "0s"}}"#)
            .starts_with("pipeline.window.gap: expected a duration > 0")
    );
    assert_eq!(
        with(
            r#""pipeline": {"trigger": {"type": "after_any", "triggers": [{"type": "never"}, {"type": "after_count", "count": 0}]}}"#
        ),
        "pipeline.trigger.triggers[1].count: expected a whole number > 0, got 0"
    );
    assert!(with(r#""pipeline": {"allowed_lateness": "-1s"}"#)
        .starts_with("pipeline.allowed_lateness: expected a duration ≥ 0"));
    assert!(with(
        r#""pipeline": {"trigger": {"type": "after_processing_time", "align": {"period": 0}}}"#
    )
    .starts_with("pipeline.trigger.align.period: expected a duration > 0"));
    assert_eq!(
        with(r#""pipeline": {"trigger": {"type": "after_watermark", "early": {"type": "after_processing_time", "delay": "1 minute"}}}"#),
        "pipeline.trigger.early.delay: expected a duration like \"1m\", \"1m30s\" or \"250ms\", got \"1 minute\""
    );
}

#[test]
fn a_watermark_never_goes_back() {
    let e = err(&doc(
        r#", "watermark": {"model": "explicit", "points": [{"at": "12:05:00", "to": "12:02:00"}, {"at": "12:06:00", "to": "12:01:00"}]}"#,
    ));
    assert_eq!(e, "watermark.points[1].to: a watermark never goes back: 12:01:00 is behind the previous point's 12:02:00");
}

#[test]
fn nothing_happens_after_the_end_of_input() {
    assert_eq!(
        err(&doc(r#", "end_of_input": "12:04:00""#)),
        "events[0].arrival (event 1): arrives at 12:04:59, after end_of_input (12:04:00)"
    );
    let e = err(&doc(
        r#", "end_of_input": "12:10:00", "watermark": {"model": "explicit", "points": [{"at": "12:11:00", "to": 0}]}"#,
    ));
    assert!(
        e.starts_with(
            "watermark.points[0].at: moves the watermark at 12:11:00, after end_of_input"
        ),
        "{e}"
    );
    let e = err(&doc("").replace(
        r#""arrival": "12:04:59""#,
        r#""arrival": "12:04:59", "sent": "12:05:00""#,
    ));
    assert_eq!(
        e,
        "events[0].sent (event 1): sent at 12:05:00, after its arrival at 12:04:59"
    );
    assert!(err(&doc(r#", "watermark": {"model": "ingest"}"#))
        .starts_with("watermark.model: the \"ingest\" model needs an \"ingest\" section"));
}

#[test]
fn times_out_of_range_name_the_field() {
    assert!(err(&doc(r#", "end_of_input": 253402300800000"#))
        .starts_with("end_of_input: time 253402300800000 is out of range"));
    assert!(
        err(&doc(r#", "end_of_input": "0000-01-01T00:00:00+01:00""#))
            .starts_with("end_of_input: time")
    );
    let e = err(&doc("").replace(
        r#""event_time": "12:00:26""#,
        r#""event_time": -62167219200001"#,
    ));
    assert!(
        e.starts_with("events[0].event_time (event 1): time -62167219200001 is out of range"),
        "{e}"
    );
    assert!(parse(&doc(
        r#", "base": "9999-12-31", "end_of_input": "23:59:59.999""#
    ))
    .is_ok());
}

#[test]
fn trigger_trees_nested_1000_deep_are_an_error_not_a_crash() {
    for levels in [100, 1000] {
        let trigger = format!(
            "{}{{\"type\": \"never\"}}{}",
            r#"{"type": "repeatedly", "trigger": "#.repeat(levels),
            "}".repeat(levels)
        );
        let text = doc("").replace(
            r#""window": {"type": "fixed", "size": "2m"}"#,
            &format!(r#""trigger": {trigger}"#),
        );
        let e = parse(&text).unwrap_err();
        assert!(e.path.starts_with("pipeline"), "{levels}: {e}");
        assert!(e.message.contains("at most 64"), "{levels}: {e}");
    }
}

#[test]
fn unknown_fields_are_named_with_the_allowed_ones() {
    assert!(err(&doc(r#", "titel": "x""#)).starts_with(
        "titel: unknown field \"titel\"; allowed here: \"$schema\", \"format\", \"title\""
    ));
    let e = err(&doc("").replace(r#""size": "2m""#, r#""size": "2m", "offest": 0"#));
    assert_eq!(e, "pipeline.window.offest: unknown field \"offest\"; allowed here: \"type\", \"size\", \"offset\"");
    let e = err(&doc(
        r#", "watermark": {"model": "explicit", "points": [{"at": 1, "to": 1, "by": 2}]}"#,
    ));
    assert!(
        e.starts_with("watermark.points[0].by: unknown field \"by\"; allowed here: \"at\", \"to\""),
        "{e}"
    );
}

#[test]
fn canonical_json_reads_back_the_same_scenario() {
    let texts = [
        doc(r#", "title": "t", "description": "d", "base": "2024-05-01", "end_of_input": "12:10:00",
              "watermark": {"model": "explicit", "points": [{"at": "12:06:00", "to": "12:02:00"}]},
              "expect": {"panes": [{"value": 5}]}"#),
        doc(r#", "watermark": {"model": "bounded_out_of_orderness", "max_delay": "30s"}"#),
        doc(r#", "watermark": {"model": "ingest", "idle_timeout": "1m"}, "ingest": {"type": "kinesis", "shards": 2}"#)
            .replace(r#""arrival": "12:04:59""#, r#""sent": "12:00:30""#),
        r#"{"format": "windowpane/1", "base": "2024-05-01", "watermark": {"model": "ingest"}, "pipeline": {},
            "generate": {"devices": {"count": 3}, "rate": 1, "duration": "10s", "start": "12:00:00"},
            "ingest": {"type": "kinesis", "shards": 2}}"#
            .to_string(),
        doc("").replace(r#""window": {"type": "fixed", "size": "2m"}"#, r#""window": {"type": "sessions", "gap": "1m"},
            "trigger": {"type": "or_finally", "trigger": {"type": "repeatedly", "trigger": {"type": "after_each", "triggers": [
              {"type": "after_processing_time", "delay": "1s", "align": {"period": "10s", "offset": "1s"}}, {"type": "after_all", "triggers": [{"type": "default"}]}]}},
              "until": {"type": "after_count", "count": 3}},
            "accumulation": "accumulating_and_retracting", "combine": "collect", "timestamp_combiner": "earliest",
            "closing_behavior": "fire_always", "on_time_behavior": "fire_if_non_empty""#),
    ];
    for text in texts {
        let s = parse(&text).unwrap();
        let json = to_json(&s);
        assert_eq!(json["format"], "windowpane/1");
        for e in json["events"].as_array().unwrap() {
            assert!(
                e["event_time"].is_i64(),
                "times are written as milliseconds: {json}"
            );
        }
        assert_eq!(parse(&json.to_string()).unwrap(), s, "round trip of {text}");
        assert_eq!(
            parse(&serde_json::to_string_pretty(&json).unwrap()).unwrap(),
            s
        );
    }
}

#[test]
fn fractional_values_survive_the_round_trip() {
    let s = parse(&doc("").replace(r#""value": 5"#, r#""value": 0.1"#)).unwrap();
    let mut s2 = s.clone();
    s2.events.push(EventSpec {
        key: "κ \"quoted\"".into(),
        value: -1e-300,
        event_time: -1,
        arrival: Some(0),
        sent: None,
    });
    for s in [s, s2] {
        assert_eq!(parse(&to_json(&s).to_string()).unwrap(), s);
    }
}

/// Every field that `flink_only_watermark_fields` names for a model is read under Flink's
/// semantics and refused under Beam's (the page leaves exactly these out when configuration B runs
/// Beam over a Flink A's watermark); the other models' fields are not in the list.
#[test]
fn the_flink_only_watermark_fields_are_the_ones_beam_refuses() {
    use windowpane_scenario::flink::flink_only_watermark_fields;
    let bounded = r#""model": "bounded_out_of_orderness", "max_delay": "5s""#;
    for field in flink_only_watermark_fields("bounded_out_of_orderness") {
        let watermark = format!(r#", "watermark": {{{bounded}, "{field}": "1s"}}"#);
        let flink = doc(&format!(r#"{watermark}, "semantics": "flink""#));
        assert!(parse(&flink).is_ok(), "{field} under flink: {:?}", parse(&flink).err());
        let e = err(&doc(&watermark));
        assert!(e.contains(&format!("watermark.{field}")), "{field} under beam: {e}");
    }
    assert_eq!(flink_only_watermark_fields("bounded_out_of_orderness"), ["auto_watermark_interval", "idle_timeout"]);
    assert!(flink_only_watermark_fields("explicit").is_empty());
    // The ingest model's idle timeout is the transport's, read under both semantics.
    assert!(!flink_only_watermark_fields("ingest").contains(&"idle_timeout"));
}
