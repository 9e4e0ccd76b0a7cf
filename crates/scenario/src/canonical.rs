//! Writing a scenario back as canonical JSON: every field explicit, times and durations in milliseconds.

use crate::scenario::FORMAT;
use crate::{pipeline, watermark, Scenario};
use serde_json::{Map, Value};

/// The scenario as a canonical windowpane/1 document: `parse(&to_json(&s).to_string()) == Ok(s)`.
///
/// ```
/// let s = windowpane_scenario::parse(r#"{"format": "windowpane/1",
///     "events": [{"key": "a", "value": 1, "event_time": "00:00:01", "arrival": "00:00:02"}],
///     "pipeline": {"window": {"type": "fixed", "size": "1m"}}}"#).unwrap();
/// let json = windowpane_scenario::to_json(&s);
/// assert_eq!(json["events"][0]["arrival"], 2000);
/// assert_eq!(json["pipeline"]["window"]["size"], 60000);
/// assert_eq!(windowpane_scenario::parse(&json.to_string()).unwrap(), s);
/// ```
pub fn to_json(s: &Scenario) -> Value {
    let mut o = Map::new();
    o.insert("format".into(), FORMAT.into());
    if let Some(title) = &s.title {
        o.insert("title".into(), title.as_str().into());
    }
    if let Some(description) = &s.description {
        o.insert("description".into(), description.as_str().into());
    }
    o.insert("base".into(), s.base.into());
    let events = s
        .events
        .iter()
        .map(|e| {
            let mut ev = Map::new();
            ev.insert("key".into(), e.key.as_str().into());
            ev.insert("value".into(), e.value.into());
            ev.insert("event_time".into(), e.event_time.into());
            if let Some(arrival) = e.arrival {
                ev.insert("arrival".into(), arrival.into());
            }
            if let Some(sent) = e.sent {
                ev.insert("sent".into(), sent.into());
            }
            Value::Object(ev)
        })
        .collect();
    o.insert("events".into(), Value::Array(events));
    let mut w = watermark::write(&s.watermark);
    let pipeline = match s.flink() {
        Some(spec) => {
            o.insert("semantics".into(), "flink".into());
            crate::flink::write(spec, &mut w)
        }
        None => pipeline::write(&s.pipeline),
    };
    o.insert("watermark".into(), w);
    if let Some(end) = s.end_of_input {
        o.insert("end_of_input".into(), end.into());
    }
    o.insert("pipeline".into(), pipeline);
    for (name, section) in [
        ("generate", &s.generate),
        ("ingest", &s.ingest),
        ("expect", &s.expect),
    ] {
        if let Some(v) = section {
            o.insert(name.into(), v.clone());
        }
    }
    Value::Object(o)
}
