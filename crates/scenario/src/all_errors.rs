//! Every error of a scenario, not only the first: the reader stops at the first one, so the
//! scenario is read again without the part in error (an event, a section) until it reads, or
//! until enough errors are found. Paths always name the scenario as written.

use crate::{parse_with, Limits, ScenarioError};
use serde_json::Value;

/// The errors of `text`, in the order the reader meets them, at most `max` (at least one for a
/// scenario that does not read; none for one that does and whose input resolves).
///
/// After an error in event `i` the scenario is read without that event; after one in a section
/// that can go (`watermark`, `end_of_input`, `generate`, an unknown field, ...) without it;
/// `pipeline` is read as `{}`. An error of the document as a whole (not JSON, a duplicate field,
/// the format) is the only one.
///
/// ```
/// let text = r#"{"format": "windowpane/1", "end_of_input": "12:00:10",
///   "events": [{"key": "a", "value": 1, "event_time": "12:00:00", "arrival": "12:00:20"},
///              {"key": "a", "value": 1, "event_time": "12:00:01", "arrival": "12:00:02"},
///              {"key": "a", "value": "x", "event_time": "12:00:02", "arrival": "12:00:03"}],
///   "pipeline": {"window": {"type": "fixed", "size": 0}}}"#;
/// let errors = windowpane_scenario::errors(text, &Default::default(), 10);
/// let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
/// assert_eq!(paths, ["events[2].value", "pipeline.window.size", "events[0].arrival"]);
/// ```
pub fn errors(text: &str, limits: &Limits, max: usize) -> Vec<ScenarioError> {
    let first = match read(text, limits) {
        Ok(()) => return Vec::new(),
        Err(e) => e,
    };
    let mut out = vec![first];
    let Ok(Value::Object(mut doc)) = serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) else {
        return out;
    };
    // Which event of the file each listed event is, as events leave.
    let mut original: Vec<usize> = match doc.get("events") {
        Some(Value::Array(a)) => (0..a.len()).collect(),
        _ => Vec::new(),
    };
    while out.len() < max {
        let Some(e) = out.last() else { break };
        if !without(&mut doc, &mut original, &e.path) {
            break;
        }
        match read(&Value::Object(doc.clone()).to_string(), limits) {
            Ok(()) => break,
            Err(mut next) => {
                next.path = renumber(&next.path, &original);
                if out.contains(&next) {
                    break;
                }
                out.push(next);
            }
        }
    }
    out
}

/// Reads a scenario and resolves its input (where missing arrivals and the transport's errors are found).
fn read(text: &str, limits: &Limits) -> Result<(), ScenarioError> {
    let s = parse_with(text, limits)?;
    if s.flink().is_none() {
        s.input()?;
    }
    Ok(())
}

/// The index of the event a path names (`events[3].value` → 3).
fn event_of(path: &str) -> Option<usize> {
    ScenarioError::new(path, "").event()
}

/// `path` with its event index (in the events left) turned into the file's.
fn renumber(path: &str, original: &[usize]) -> String {
    match event_of(path).and_then(|i| original.get(i).map(|&o| (i, o))) {
        Some((i, o)) => format!("events[{o}]{}", &path[format!("events[{i}]").len()..]),
        None => path.to_string(),
    }
}

/// Takes the part `path` (a path in the file) names out of `doc`; false when there is nothing
/// that can go (the error is of the whole document, or of a part every scenario needs).
fn without(doc: &mut serde_json::Map<String, Value>, original: &mut Vec<usize>, path: &str) -> bool {
    if let Some(i) = event_of(path) {
        let Some(at) = original.iter().position(|&o| o == i) else { return false };
        let Some(Value::Array(events)) = doc.get_mut("events") else { return false };
        events.remove(at);
        original.remove(at);
        return true;
    }
    let top = path.split(['.', '[']).next().unwrap_or("");
    match top {
        "" | "format" | "events" | "semantics" | "base" => false,
        "pipeline" => {
            if doc.get("semantics").and_then(Value::as_str) == Some("flink") || doc.get("pipeline") == Some(&Value::Object(Default::default())) {
                return false;
            }
            doc.insert("pipeline".into(), Value::Object(Default::default()));
            true
        }
        "ingest" => {
            // The ingest watermark model needs the section: it goes too (a follow-on error otherwise).
            if doc.get("watermark").and_then(|w| w.get("model")).and_then(Value::as_str) == Some("ingest") {
                doc.remove("watermark");
            }
            doc.remove("ingest").is_some()
        }
        key => doc.remove(key).is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str) -> Vec<String> {
        errors(text, &Limits::default(), 20).into_iter().map(|e| e.path).collect()
    }

    #[test]
    fn a_good_scenario_has_none() {
        assert!(paths(r#"{"format": "windowpane/1", "events": [], "pipeline": {}}"#).is_empty());
    }

    #[test]
    fn every_bad_event_is_named_by_its_place_in_the_file() {
        let text = r#"{"format": "windowpane/1", "end_of_input": 100, "pipeline": {}, "events": [
            {"key": "a", "value": 1, "event_time": 0, "arrival": 500},
            {"key": "a", "value": 1, "event_time": 0, "arrival": 5},
            {"key": "a", "value": 1, "event_time": 0, "arrival": 600},
            {"key": "a", "value": 1, "event_time": 0}]}"#;
        let mut p = paths(text);
        p.sort();
        assert_eq!(p, ["events[0].arrival", "events[2].arrival", "events[3].arrival"]);
    }

    #[test]
    fn errors_in_sections_and_events_together() {
        let text = r#"{"format": "windowpane/1", "watermark": {"model": "sometimes"}, "title": 5,
            "pipeline": {"trigger": {"type": "after_count", "count": 0}},
            "events": [{"key": "a", "value": "x", "event_time": 0, "arrival": 1}]}"#;
        let mut p = paths(text);
        p.sort();
        assert_eq!(p, ["events[0].value", "pipeline.trigger.count", "title", "watermark.model"]);
    }

    #[test]
    fn a_document_error_is_the_only_one() {
        assert_eq!(paths(r#"{"format": "windowpane/2", "title": 5, "pipeline": {}}"#), ["format"]);
        assert_eq!(errors("{", &Limits::default(), 20).len(), 1);
    }

    #[test]
    fn at_most_max() {
        let events: Vec<String> = (0..50).map(|_| r#"{"key": "a", "value": "x", "event_time": 0, "arrival": 1}"#.to_string()).collect();
        let text = format!(r#"{{"format": "windowpane/1", "pipeline": {{}}, "events": [{}]}}"#, events.join(","));
        let e = errors(&text, &Limits::default(), 7);
        assert_eq!(e.len(), 7);
        assert_eq!(e[6].path, "events[6].value");
    }
}
