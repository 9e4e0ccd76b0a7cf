//! Your own data through a transport, for the page: each event's way (lane, time it reached the
//! transport), the device → lane mapping, the fleet generator's field table, and traces (CSV, JSON
//! lines) read into events. No semantics here: the scenario crate runs the transport and reads
//! traces, the ingest crate describes its `generate` section.

use crate::into_error;
use crate::transfer::{from_js, to_js};
use crate::Playground;
use serde::Serialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;
use windowpane_engine::WatermarkPoint;
use windowpane_ingest::spec::form::GENERATE_FIELDS;
use windowpane_scenario::trace::{self, Mapping};
use windowpane_scenario::transport::journeys;

/// One delivery, as `transport_events` returns it.
#[derive(Debug, Serialize)]
struct Journey<'a> {
    index: Option<usize>,
    key: &'a str,
    value: f64,
    event_time: i64,
    sent: i64,
    arrival: i64,
    lane: u32,
    duplicate: bool,
}

/// A key and the lanes its events went through (in lane order).
#[derive(Debug, Serialize)]
struct Device<'a> {
    key: &'a str,
    lanes: Vec<&'a str>,
}

/// What `transport_events` returns.
#[derive(Debug, Serialize)]
struct TransportEvents<'a> {
    lane_kind: &'a str,
    lanes: &'a [String],
    events: Vec<Journey<'a>>,
    devices: Vec<Device<'a>>,
    watermark: &'a [WatermarkPoint],
}

/// One event of a trace.
#[derive(Debug, Serialize)]
struct TraceEvent<'a> {
    key: &'a str,
    value: f64,
    event_time: i64,
    time: Option<i64>,
}

#[wasm_bindgen]
impl Playground {
    /// Each event's way through the scenario's transport (`generate`, `ingest` or the `ingest`
    /// watermark): `{lane_kind, lanes: [name], events: [{index, key, value, event_time, sent,
    /// arrival, lane, duplicate}], devices: [{key, lanes: [name]}], watermark: [{at, to}]}`,
    /// events in arrival order, `index` the listed event's place in the file (`null` when
    /// generated), `sent` when it reached the transport (listed with that `sent`, it travels the
    /// same way). Throws when the transport does not decide the arrivals.
    pub fn transport_events(&self, text: &str) -> Result<JsValue, JsError> {
        let scenario = windowpane_scenario::parse_with(text, &self.limits).map_err(into_error)?;
        if !scenario.needs_transport() {
            return Err(into_error("ingest: the scenario has no transport (no ingest or generate section)"));
        }
        let j = journeys(&scenario).map_err(into_error)?;
        let mut by_key: BTreeMap<&str, std::collections::BTreeSet<u32>> = BTreeMap::new();
        for e in &j.events {
            by_key.entry(e.key.as_str()).or_default().insert(e.lane);
        }
        let name = |lane: u32| j.lanes.get(lane as usize).map_or("?", String::as_str);
        to_js(&TransportEvents {
            lane_kind: j.lane_kind,
            lanes: &j.lanes,
            events: j
                .events
                .iter()
                .map(|e| Journey {
                    index: e.index,
                    key: &e.key,
                    value: e.value,
                    event_time: e.event_time,
                    sent: e.sent,
                    arrival: e.arrival,
                    lane: e.lane,
                    duplicate: e.duplicate,
                })
                .collect(),
            devices: by_key.iter().map(|(key, lanes)| Device { key, lanes: lanes.iter().map(|&l| name(l)).collect() }).collect(),
            watermark: &j.watermark,
        })
    }
}

/// The fields of a `generate` section for a form: `[{path, holds, label, required, kinds?,
/// fields?}]`, `holds` one of `integer`, `number`, `text`, `time`, `duration`, `device`,
/// `choice` (an object with a `type`: `kinds: [{type, fields}]`) or `list` (of objects with
/// `fields`).
#[wasm_bindgen]
pub fn generate_fields() -> Result<JsValue, JsError> {
    to_js(GENERATE_FIELDS)
}

/// The column names of a trace: a CSV's header line, or the fields of the first JSON line.
#[wasm_bindgen]
pub fn trace_columns(text: &str) -> Result<JsValue, JsError> {
    to_js(&trace::columns(text).map_err(into_error)?)
}

/// Reads a trace (CSV with a header, or JSON lines) with `mapping` `{key, value, event_time,
/// time, time_is: "arrival"|"sent"}` (column names; `time` optional): `[{key, value, event_time,
/// time}]`, times in ms, times of day on the date of `base` (ms). Errors name the line and the
/// column: `line 3, column 2 (temp): expected a number, got "warm"`.
#[wasm_bindgen]
pub fn read_trace(text: &str, mapping: JsValue, base: Option<f64>) -> Result<JsValue, JsError> {
    let mapping: Mapping = from_js(&mapping, "mapping")?;
    let events = trace::read(text, &mapping, base.map_or(0, |b| b as i64)).map_err(into_error)?;
    to_js(&events.iter().map(|e| TraceEvent { key: &e.key, value: e.value, event_time: e.event_time, time: e.time }).collect::<Vec<_>>())
}
