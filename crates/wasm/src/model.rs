//! The model's notation and vocabulary for the page, so that no JS file keeps a copy of them:
//! times and durations written and read by the scenario crate's `timefmt`, the window types,
//! trigger types and pipeline choices read from the scenario format's JSON Schema (which the
//! scenario crate's tests hold equal to its tables), and events made by the Rust `generate`
//! section. No semantics of its own.

use crate::into_error;
use crate::transfer::to_js;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;
use windowpane_engine::time::END_OF_GLOBAL_WINDOW;
use windowpane_scenario::pipeline::WINDOW_TYPES;
use windowpane_scenario::timefmt;
use windowpane_scenario::flink::{flink_only_watermark_fields, FLINK_PIPELINE_FIELDS, FLINK_TRIGGER_TYPES};
use windowpane_scenario::trigger::TRIGGER_TYPES;
use windowpane_scenario::watermark::WATERMARK_MODELS;

/// The scenario format's JSON Schema, embedded at build time.
const SCHEMA: &str = include_str!("../../../schema/windowpane-1.schema.json");

/// The enumerated pipeline fields the page offers as choices, in the form's order.
const CHOICE_FIELDS: &[&str] = &["accumulation", "combine", "timestamp_combiner", "closing_behavior", "on_time_behavior"];

/// A JS number of milliseconds as an engine time: `null`, `undefined`, NaN and +∞ are the end of
/// the global window, −∞ the smallest time; others are rounded toward zero (saturating).
fn engine_time(ms: Option<f64>) -> i64 {
    match ms {
        None => END_OF_GLOBAL_WINDOW,
        Some(t) if t.is_nan() || t == f64::INFINITY => END_OF_GLOBAL_WINDOW,
        Some(t) if t == f64::NEG_INFINITY => i64::MIN,
        Some(t) => t as i64,
    }
}

/// Writes a time as the CLI and the explanations do: `"12:04:59"`, `"12:04:59.250"`, with the
/// date in front when it is not on the date of `base` (`"1970-01-02 00:00:10"`), `"+∞"` for
/// `null` or +∞ (the end of the global window), `"−∞"` for −∞.
#[wasm_bindgen]
pub fn format_clock(ms: Option<f64>, base: Option<f64>) -> String {
    timefmt::format_clock(engine_time(ms), base.map_or(0, |b| b as i64))
}

/// Writes a time so that `parse_time(text, base)` reads it back exactly: a time of day on the
/// date of `base`, else an RFC 3339 timestamp in UTC (`"1970-01-02T00:00:10Z"`).
#[wasm_bindgen]
pub fn write_time(ms: f64, base: Option<f64>) -> Result<String, JsError> {
    if !ms.is_finite() || ms.fract() != 0.0 {
        return Err(into_error(format!("time: expected a whole number of milliseconds, got {ms}")));
    }
    let ms = timefmt::check_time_range(ms as i64).map_err(into_error)?;
    let clock = timefmt::format_clock(ms, base.map_or(0, |b| b as i64));
    Ok(match clock.split_once(' ') {
        Some((date, time)) => format!("{date}T{time}Z"),
        None => clock,
    })
}

/// Writes a pane value for people, as the chart does (the render crate's `format`): numbers with
/// at most two decimals (`22.03`), a list in full (`[1, 2.5]`), `∅` for no value. The exact
/// value stays in the pane records, the JSON and the exports.
#[wasm_bindgen]
pub fn format_value(v: JsValue) -> Result<String, JsError> {
    let json: Value = crate::transfer::from_js(&v, "value")?;
    let value = match json {
        Value::Null => windowpane_engine::Value::Null,
        Value::Number(n) => windowpane_engine::Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        Value::Array(xs) => windowpane_engine::Value::List(xs.iter().map(|x| x.as_f64().unwrap_or(f64::NAN)).collect()),
        other => return Err(into_error(format!("value: expected a number, a list of numbers or null, got {other}"))),
    };
    Ok(windowpane_render::format::value_in_full(&value))
}

/// Writes a duration in the units scenarios use: `"1m30s"`, `"250ms"`, `"0ms"`.
#[wasm_bindgen]
pub fn format_duration(ms: f64) -> String {
    timefmt::format_duration(ms as i64)
}

/// Reads a time (`"12:04:59"` on the date of `base`, or RFC 3339) into milliseconds.
#[wasm_bindgen]
pub fn parse_time(text: &str, base: Option<f64>) -> Result<f64, JsError> {
    timefmt::parse_time(text, base.map_or(0, |b| b as i64)).map(|t| t as f64).map_err(into_error)
}

/// Reads a duration (`"1m30s"`) into milliseconds.
#[wasm_bindgen]
pub fn parse_duration(text: &str) -> Result<f64, JsError> {
    timefmt::parse_duration(text).map(|t| t as f64).map_err(into_error)
}

/// Reads a date (`"2024-05-01"`) into the milliseconds of its midnight (UTC).
#[wasm_bindgen]
pub fn parse_date(text: &str) -> Result<f64, JsError> {
    timefmt::parse_date(text).map(|t| t as f64).map_err(into_error)
}

/// One window or trigger type: its `type` and the other fields it takes (`required` first).
#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct Kind {
    #[serde(rename = "type")]
    kind: String,
    fields: Vec<String>,
    required: Vec<String>,
    /// What each field holds: `"trigger"`, `"triggers"` (a list), `"duration"`, `"integer"` or
    /// `"object"` (its own fields in `parts`).
    holds: BTreeMap<String, String>,
    /// The fields of each `"object"` field, required first.
    parts: BTreeMap<String, Vec<String>>,
}

/// What a field of the schema holds (see [`Kind::holds`]).
fn holds(field: &Value) -> &'static str {
    let reference = field["$ref"].as_str().or_else(|| field["items"]["$ref"].as_str()).unwrap_or("");
    match (field["type"].as_str(), reference) {
        (Some("array"), r) if r.ends_with("/trigger") => "triggers",
        (_, r) if r.ends_with("/trigger") || r.ends_with("/flink_trigger") => "trigger",
        (_, r) if r.ends_with("duration") => "duration",
        (Some("integer"), _) => "integer",
        (Some("object"), _) => "object",
        _ => "value",
    }
}

/// The field names of an object schema: required first, in the schema's order, then the others.
fn field_names(object: Option<&Value>) -> (Vec<String>, Vec<String>) {
    let Some(object) = object else { return (Vec::new(), Vec::new()) };
    let required: Vec<String> = object["required"]
        .as_array()
        .map_or_else(Vec::new, |a| a.iter().filter_map(|s| s.as_str()).filter(|s| *s != "type").map(str::to_owned).collect());
    let mut fields = required.clone();
    if let Some(properties) = object["properties"].as_object() {
        fields.extend(properties.keys().filter(|k| *k != "type" && !required.contains(k)).cloned());
    }
    (fields, required)
}

/// What `vocabulary()` returns.
#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct Vocabulary {
    windows: Vec<Kind>,
    triggers: Vec<Kind>,
    choices: BTreeMap<String, Vec<String>>,
    /// The order the page shows the choices in.
    choice_order: Vec<String>,
    /// What a pipeline under `"semantics": "flink"` takes.
    flink: FlinkVocabulary,
}

/// The Flink side of the vocabulary.
#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct FlinkVocabulary {
    /// Flink's trigger types and their fields.
    triggers: Vec<Kind>,
    /// The fields of a Flink pipeline.
    pipeline_fields: Vec<String>,
    /// The fields of a Beam pipeline (to carry over when a configuration changes semantics).
    beam_pipeline_fields: Vec<String>,
    /// Per watermark model, the fields only Flink reads (left out of a Beam run over a Flink
    /// scenario's watermark).
    watermark_fields: BTreeMap<String, Vec<String>>,
}

/// The kinds of a `oneOf` definition of the schema, in the order of `types` (the scenario
/// crate's table); a type the schema does not describe has no fields.
fn kinds(schema: &Value, def: &str, types: &[&str]) -> Vec<Kind> {
    let variants = schema["$defs"][def]["oneOf"].as_array().cloned().unwrap_or_default();
    types
        .iter()
        .map(|&t| {
            let named = |v: &Value| {
                let ty = &v["properties"]["type"];
                ty["const"] == t || ty["enum"].as_array().is_some_and(|e| e.iter().any(|x| x == t))
            };
            let variant = variants.iter().find(|v| named(v));
            let (fields, required) = field_names(variant);
            let property = |f: &str| variant.map_or(&Value::Null, |v| &v["properties"][f]);
            let holds: BTreeMap<String, String> = fields.iter().map(|f| (f.clone(), holds(property(f)).to_owned())).collect();
            let parts = fields
                .iter()
                .filter(|f| holds[f.as_str()] == "object")
                .map(|f| (f.clone(), field_names(Some(property(f))).0))
                .collect();
            Kind { kind: t.to_owned(), fields, required, holds, parts }
        })
        .collect()
}

pub(crate) fn read_vocabulary() -> Vocabulary {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap_or(Value::Null);
    let pipeline = &schema["$defs"]["pipeline"]["properties"];
    let choices = CHOICE_FIELDS
        .iter()
        .map(|&f| {
            let values = pipeline[f]["enum"].as_array().map_or_else(Vec::new, |a| a.iter().filter_map(|v| v.as_str()).map(str::to_owned).collect());
            (f.to_owned(), values)
        })
        .collect();
    Vocabulary {
        windows: kinds(&schema, "window", WINDOW_TYPES),
        triggers: kinds(&schema, "trigger", TRIGGER_TYPES),
        choices,
        choice_order: CHOICE_FIELDS.iter().map(|&s| s.to_owned()).collect(),
        flink: FlinkVocabulary {
            triggers: kinds(&schema, "flink_trigger", FLINK_TRIGGER_TYPES),
            pipeline_fields: FLINK_PIPELINE_FIELDS.iter().map(|&s| s.to_owned()).collect(),
            beam_pipeline_fields: schema["$defs"]["pipeline"]["properties"].as_object().map_or_else(Vec::new, |o| o.keys().cloned().collect()),
            watermark_fields: WATERMARK_MODELS
                .iter()
                .map(|&m| (m.to_owned(), flink_only_watermark_fields(m).into_iter().map(str::to_owned).collect()))
                .collect(),
        },
    }
}

/// The model's vocabulary: `{windows: [{type, fields, required}], triggers: [{type, fields,
/// required}], choices: {accumulation: [...], combine, timestamp_combiner, closing_behavior,
/// on_time_behavior}, choice_order}`, from the scenario format's schema.
#[wasm_bindgen]
pub fn vocabulary() -> Result<JsValue, JsError> {
    to_js(&read_vocabulary())
}

/// One generated event, times in ms.
#[derive(Debug, Serialize)]
struct Generated<'a> {
    key: &'a str,
    value: f64,
    event_time: i64,
    arrival: i64,
}

/// The events a scenario's `generate` section makes (the transport simulation's, when the scenario
/// has an `ingest` section): `[{key, value, event_time, arrival}]`, times in ms, in arrival order.
/// Throws naming the field path on a bad scenario, or when it has no `generate` section.
#[wasm_bindgen]
pub fn generate_events(text: &str) -> Result<JsValue, JsError> {
    let scenario = windowpane_scenario::parse(text).map_err(into_error)?;
    if scenario.generate.is_none() {
        return Err(into_error("generate: missing: the scenario has no generate section"));
    }
    let input = scenario.input().map_err(into_error)?;
    let events: Vec<Generated> = input
        .events
        .iter()
        .map(|e| Generated { key: &e.key, value: e.value, event_time: e.event_time, arrival: e.arrival })
        .collect();
    to_js(&events)
}

/// One event of a listing, times in ms: `arrival` without a transport, `sent` with one.
#[derive(Debug, Serialize)]
struct ListedOut<'a> {
    key: &'a str,
    value: f64,
    event_time: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    arrival: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sent: Option<i64>,
}

/// The page's generator: the events the `generate` section `generate` (JSON) makes for the
/// scenario `scenario` (JSON, possibly invalid otherwise), as
/// `{events: [{key, value, event_time, arrival | sent}], end_of_input: ms | null}`, times in ms;
/// `append` lists them after the scenario's own (see `windowpane_scenario::listing::list`).
/// Throws naming the field path (`generate.rate: …`).
#[wasm_bindgen]
pub fn generate_listing(scenario: &str, generate: &str, append: bool) -> Result<JsValue, JsError> {
    let read = |t: &str, name: &str| serde_json::from_str::<Value>(t).map_err(|e| into_error(format!("{name}: invalid JSON: {e}")));
    let l = windowpane_scenario::listing::list(&read(scenario, "scenario")?, &read(generate, "generate")?, append).map_err(into_error)?;
    #[derive(Serialize)]
    struct Out<'a> {
        events: Vec<ListedOut<'a>>,
        end_of_input: Option<i64>,
    }
    let events = l
        .events
        .iter()
        .map(|e| ListedOut { key: &e.key, value: e.value, event_time: e.event_time, arrival: e.arrival, sent: e.sent })
        .collect();
    to_js(&Out { events, end_of_input: l.end_of_input })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_follows_the_schema_and_the_tables() {
        let v = read_vocabulary();
        let types: Vec<&str> = v.windows.iter().map(|k| k.kind.as_str()).collect();
        assert_eq!(types, ["global", "fixed", "sliding", "sessions"]);
        let sliding = &v.windows[2];
        assert_eq!(sliding.fields, ["size", "period", "offset"]);
        assert_eq!(sliding.required, ["size", "period"]);
        let triggers: Vec<&str> = v.triggers.iter().map(|k| k.kind.as_str()).collect();
        assert_eq!(triggers.len(), 10);
        assert_eq!(v.triggers.iter().find(|k| k.kind == "or_finally").map(|k| k.fields.clone()), Some(vec!["trigger".to_owned(), "until".to_owned()]));
        assert_eq!(v.choices["accumulation"], ["discarding", "accumulating", "accumulating_and_retracting"]);
        assert_eq!(v.choices["combine"].len(), 7);
        let apt = v.triggers.iter().find(|k| k.kind == "after_processing_time").expect("listed");
        assert_eq!(apt.holds["delay"], "duration");
        assert_eq!(apt.holds["align"], "object");
        assert_eq!(apt.parts["align"], ["period", "offset"]);
        let each = v.triggers.iter().find(|k| k.kind == "after_each").expect("listed");
        assert_eq!(each.holds["triggers"], "triggers");
        assert_eq!(v.windows[1].holds["size"], "duration");
        assert!(CHOICE_FIELDS.iter().all(|f| !v.choices[*f].is_empty()));
        let flink: Vec<&str> = v.flink.triggers.iter().map(|k| k.kind.as_str()).collect();
        assert_eq!(flink, FLINK_TRIGGER_TYPES);
        let purging = v.flink.triggers.iter().find(|k| k.kind == "purging").expect("listed");
        assert_eq!((purging.required.clone(), purging.holds["trigger"].as_str()), (vec!["trigger".to_owned()], "trigger"));
        let count = v.flink.triggers.iter().find(|k| k.kind == "count").expect("listed");
        assert_eq!(count.holds["count"], "integer");
        assert_eq!(v.flink.triggers.iter().find(|k| k.kind == "continuous_event_time").map(|k| k.holds["interval"].as_str()), Some("duration"));
        assert!(v.flink.triggers.iter().find(|k| k.kind == "never").is_some_and(|k| k.fields.is_empty()));
        assert_eq!(v.flink.pipeline_fields, ["window", "trigger", "allowed_lateness", "combine"]);
        assert!(v.flink.beam_pipeline_fields.contains(&"accumulation".to_owned()));
        assert_eq!(v.flink.watermark_fields["bounded_out_of_orderness"], ["auto_watermark_interval", "idle_timeout"]);
        assert_eq!(v.flink.watermark_fields["ingest"], ["auto_watermark_interval", "max_delay"]);
        assert!(v.flink.watermark_fields["perfect"].is_empty());
    }

    #[test]
    fn engine_times_from_js_numbers() {
        assert_eq!(engine_time(None), END_OF_GLOBAL_WINDOW);
        assert_eq!(engine_time(Some(f64::NEG_INFINITY)), i64::MIN);
        assert_eq!(engine_time(Some(1500.0)), 1500);
    }
}
