//! A `generate` section written out as listed events, for a scenario that lists its events (the
//! page's generator form): the same events `windowpane run` makes of the section, with the fields
//! the scenario needs to stay valid.

use crate::fields::describe;
use crate::{parse, EventSpec, ScenarioError};
use serde_json::{json, Map, Value};

/// What to write into the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Listing {
    /// The events to list (`arrival` without a transport, `sent`, when they reach it, with one): with `append`, after the scenario's own (first the events of its
    /// `generate` section, if it had one, which the listing replaces).
    pub events: Vec<EventSpec>,
    /// The scenario's new `end_of_input` (ms) when it had one that the events arrive after; None: keep it.
    pub end_of_input: Option<i64>,
}

/// Lists the events `generate` (a `generate` section) makes for `scenario` (the scenario's JSON,
/// which may be invalid in other ways): on its base date, with `sent` instead of `arrival` when
/// it has an `ingest` section, and the end of input moved past the last arrival when it had one.
/// With `append` the events follow the scenario's own (and those of its `generate` section).
///
/// ```
/// use serde_json::json;
/// let scenario = json!({"format": "windowpane/1", "end_of_input": "12:01:00", "pipeline": {},
///     "events": [{"key": "a", "value": 1, "event_time": "12:00:00", "arrival": "12:00:05"}]});
/// let generate = json!({"devices": {"count": 2}, "rate": 0.1, "start": "12:00:00", "duration": "5m", "seed": 1});
/// let l = windowpane_scenario::listing::list(&scenario, &generate, false).unwrap();
/// assert_eq!(l.events.len(), 60);
/// let last = l.events.iter().filter_map(|e| e.arrival).max().unwrap();
/// assert_eq!(l.end_of_input, Some(last));
/// assert!(last > 12 * 3_600_000 + 60_000);
/// ```
pub fn list(scenario: &Value, generate: &Value, append: bool) -> Result<Listing, ScenarioError> {
    let Value::Object(s) = scenario else {
        return Err(ScenarioError::new("", format!("expected a scenario (a JSON object), got {}", describe(scenario))));
    };
    let transport = s.get("ingest").filter(|v| v.is_object());
    let mut events = Vec::new();
    if append {
        if let Some(own) = s.get("generate") {
            events = generated(s, own, transport.is_some())?;
        }
    }
    events.extend(generated(s, generate, transport.is_some())?);
    let end_of_input = match s.get("end_of_input") {
        None => None,
        Some(_) => {
            // The scenario as it will be, without its end of input: when it is otherwise valid,
            // its input says when the last event arrives (through the transport, when it has one).
            let mut whole = s.clone();
            whole.remove("end_of_input");
            whole.remove("generate");
            let mut listed: Vec<Value> = match (append, s.get("events")) {
                (true, Some(Value::Array(own))) => own.clone(),
                _ => Vec::new(),
            };
            listed.extend(events.iter().map(to_json));
            whole.insert("events".into(), Value::Array(listed));
            let end = |w: &Map<String, Value>| parse(&Value::Object(w.clone()).to_string()).ok()?.end_of_input;
            let last = last_arrival(&whole).or_else(|| {
                // Otherwise the new events alone (on the scenario's base date, through its transport).
                let mut alone = head(s, transport);
                alone.insert("events".into(), Value::Array(events.iter().map(to_json).collect()));
                last_arrival(&alone)
            });
            let current = end(s).or_else(|| {
                let mut only = head(s, None);
                only.insert("end_of_input".into(), s["end_of_input"].clone());
                end(&only)
            });
            match (last, current) {
                (Some(last), Some(current)) if last > current => Some(last),
                (Some(last), None) => Some(last),
                _ => None,
            }
        }
    };
    Ok(Listing { events, end_of_input })
}

/// The scenario's base date and (optionally) transport, with an empty pipeline.
fn head(s: &Map<String, Value>, transport: Option<&Value>) -> Map<String, Value> {
    let mut h = Map::new();
    h.insert("format".into(), json!(crate::FORMAT));
    if let Some(base) = s.get("base") {
        h.insert("base".into(), base.clone());
    }
    if let Some(t) = transport {
        h.insert("ingest".into(), t.clone());
    }
    h.insert("pipeline".into(), json!({}));
    h
}

/// The events `generate` makes on the scenario's base date: their arrival without a transport
/// is when they reach it with one (the network delay is the generator's).
fn generated(s: &Map<String, Value>, generate: &Value, transport: bool) -> Result<Vec<EventSpec>, ScenarioError> {
    let mut h = head(s, None);
    h.insert("generate".into(), generate.clone());
    let input = parse(&Value::Object(h).to_string())?.input()?;
    Ok(input
        .events
        .into_iter()
        .map(|e| EventSpec {
            key: e.key,
            value: e.value,
            event_time: e.event_time,
            arrival: (!transport).then_some(e.arrival),
            sent: transport.then_some(e.arrival),
        })
        .collect())
}

/// The last arrival of a scenario's input, when it is valid.
fn last_arrival(s: &Map<String, Value>) -> Option<i64> {
    let input = parse(&Value::Object(s.clone()).to_string()).ok()?.input().ok()?;
    input.events.iter().map(|e| e.arrival).max()
}

/// A listed event as scenario JSON (times in ms).
pub fn to_json(e: &EventSpec) -> Value {
    let mut o = Map::new();
    o.insert("key".into(), json!(e.key));
    o.insert("value".into(), json!(e.value));
    o.insert("event_time".into(), json!(e.event_time));
    if let Some(a) = e.arrival {
        o.insert("arrival".into(), json!(a));
    }
    if let Some(t) = e.sent {
        o.insert("sent".into(), json!(t));
    }
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GENERATE: &str = r#"{"devices": {"count": 2, "key": "device-{i}"}, "rate": 0.1, "start": "12:00:00", "duration": "5m", "seed": 1,
        "delay": {"type": "exponential", "mean": "30s"}, "value": {"type": "uniform", "min": 1, "max": 9}}"#;

    fn scenario(v: Value, append: bool) -> (Value, Listing) {
        let generate: Value = serde_json::from_str(GENERATE).unwrap();
        let l = list(&v, &generate, append).unwrap();
        let mut out = v.as_object().unwrap().clone();
        out.remove("generate");
        let mut events = match (append, out.get("events")) {
            (true, Some(Value::Array(a))) => a.clone(),
            _ => vec![],
        };
        events.extend(l.events.iter().map(to_json));
        out.insert("events".into(), Value::Array(events));
        if let Some(end) = l.end_of_input {
            out.insert("end_of_input".into(), json!(end));
        }
        (Value::Object(out), l)
    }

    #[test]
    fn an_early_end_of_input_is_moved_past_the_last_arrival() {
        let (s, l) = scenario(json!({"format": "windowpane/1", "end_of_input": "12:02:00", "pipeline": {}, "events": []}), false);
        assert!(l.end_of_input.is_some());
        parse(&s.to_string()).expect("valid");
    }

    #[test]
    fn a_late_end_of_input_is_kept() {
        let (_, l) = scenario(json!({"format": "windowpane/1", "end_of_input": "23:00:00", "pipeline": {}, "events": []}), false);
        assert_eq!(l.end_of_input, None);
    }

    #[test]
    fn with_a_transport_the_events_carry_sent_and_the_run_is_valid() {
        let ingest = json!({"type": "kinesis", "shards": 2});
        let (s, l) = scenario(json!({"format": "windowpane/1", "end_of_input": "12:01:00", "ingest": ingest, "pipeline": {}, "events": []}), false);
        assert!(l.events.iter().all(|e| e.arrival.is_none() && e.sent.is_some()));
        let parsed = parse(&s.to_string()).expect("valid");
        let input = parsed.input().expect("runs through the transport");
        let last = input.events.iter().map(|e| e.arrival).max().unwrap();
        assert!(last <= parsed.end_of_input.unwrap());
    }

    #[test]
    fn appending_to_a_generated_scenario_lists_its_events_first() {
        let generate: Value = serde_json::from_str(GENERATE).unwrap();
        let own = json!({"format": "windowpane/1", "generate": generate, "pipeline": {}});
        let (s, l) = scenario(own.clone(), true);
        let alone = list(&json!({"format": "windowpane/1", "pipeline": {}}), &generate, false).unwrap();
        assert_eq!(l.events.len(), 2 * alone.events.len());
        assert_eq!(l.events[..alone.events.len()], alone.events[..]);
        parse(&s.to_string()).expect("valid");
    }

    #[test]
    fn the_base_date_is_the_scenarios() {
        let (_, l) = scenario(json!({"format": "windowpane/1", "base": "2024-05-01", "pipeline": {}, "events": []}), false);
        assert!(l.events.iter().all(|e| e.event_time >= 1_714_564_800_000));
    }
}
