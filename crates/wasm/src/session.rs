//! The page's fast path for large scenarios: a run split into what changes with every edit (panes,
//! dropped elements, watermark, as JSON) and the events as typed columns, sent only when they
//! change; the events a worker parsed are kept for the next edit of the pipeline; the page keeps
//! the runs it draws, so a redraw (scrubbing, resizing) moves no data. No semantics: the scenario
//! crate parses, the engine runs, the render crate draws.

use crate::transfer::{DrawOptions, DrawnRun, RunResult};
use crate::{draw_on, into_error, Playground};
use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;
use windowpane_engine::{Event, Input, Output};
use windowpane_render::Chart;
use windowpane_scenario::{EventSpec, Scenario};

/// The message of the error `run_parts` throws when asked to reuse events it does not have.
pub(crate) const NO_KEPT_EVENTS: &str = "internal: no kept events";

/// The listed events of the last scenario `run_parts` parsed, with the base date they were read on.
#[derive(Debug, Default)]
pub(crate) struct KeptEvents {
    base: i64,
    events: Vec<EventSpec>,
}

/// A run kept for drawing: its scenario (pipeline, title), events and output.
#[derive(Debug)]
pub(crate) struct KeptRun {
    scenario: Scenario,
    events: Rc<Vec<Event>>,
    output: Output,
}

#[wasm_bindgen]
impl Playground {
    /// Runs a scenario for the page's worker. Returns `{output, events}`: `output` the UTF-8
    /// JSON of `{scenario, panes, dropped, watermark, late_events, reasons}` (the canonical
    /// scenario without its events) in a `Uint8Array`; `events` the resolved events as columns
    /// `{event_time, arrival, value: Float64Array, key: Uint32Array, keys: [string]}` (`key`
    /// indexes `keys`), or null when `same_events` and they are the previous call's.
    ///
    /// With `same_events`, `text` lists no events and the previous call's listed events are used
    /// (an edit of the pipeline does not parse or send them again); throws
    /// `"internal: no kept events"` when there are none for its base date.
    pub fn run_parts(&mut self, text: &str, same_events: bool) -> Result<JsValue, JsError> {
        if !same_events {
            self.kept_events = None;
        }
        let mut scenario = windowpane_scenario::parse(text).map_err(into_error)?;
        if same_events {
            match self.kept_events.take() {
                Some(kept) if kept.base == scenario.base => scenario.events = kept.events,
                _ => return Err(into_error(NO_KEPT_EVENTS)),
            }
        }
        let input = scenario.input();
        // The listed events stay parsed for the next edit, even when this one failed.
        let kept = KeptEvents { base: scenario.base, events: std::mem::take(&mut scenario.events) };
        let input: Input = match input {
            Ok(input) => input,
            Err(e) => {
                self.kept_events = Some(kept);
                return Err(into_error(e));
            }
        };
        let output = windowpane_engine::run(&scenario.pipeline, &input);
        let changed = !same_events || scenario.needs_transport();
        self.kept_events = Some(kept);
        let json = serde_json::to_vec(&RunResult::new(&scenario, None, output)).map_err(into_error)?;
        let parts = Object::new();
        set(&parts, "output", &Uint8Array::from(json.as_slice()))?;
        set(&parts, "events", &if changed { columns(&input.events)? } else { JsValue::NULL })?;
        Ok(parts.into())
    }

    /// Keeps a run from `run_parts` under `slot` (the page's `"a"` and `"b"` charts) for
    /// [`Playground::draw_kept`]: `head` is the scenario (its pipeline and title are read, its
    /// events may be left out), `output` the `output` bytes, `events` the events' columns (read
    /// again only when they are not the same object as last time).
    pub fn keep_run(&mut self, slot: &str, head: &str, output: &[u8], events: JsValue) -> Result<(), JsError> {
        let scenario = windowpane_scenario::parse(head).map_err(into_error)?;
        let output: DrawnRun =
            serde_json::from_slice(output).map_err(|e| into_error(format!("output: {e}")))?;
        let events = match &self.latest_events {
            Some((columns, kept)) if Object::is(columns, &events) => kept.clone(),
            _ => {
                let read = Rc::new(from_columns(&events)?);
                self.latest_events = Some((events, read.clone()));
                read
            }
        };
        let run = KeptRun { scenario, events, output: output.into_parts().1 };
        self.runs.insert(slot.to_owned(), run);
        Ok(())
    }

    /// Draws the run kept under `slot` (see [`Playground::draw`] for `opts` and the layout it
    /// returns). Dense events are drawn as one image. Main thread only.
    pub fn draw_kept(&self, slot: &str, canvas: HtmlCanvasElement, opts: JsValue) -> Result<JsValue, JsError> {
        let opts = DrawOptions::from_js(opts)?;
        let run = self.runs.get(slot).ok_or_else(|| into_error(format!("slot {slot:?}: no run kept")))?;
        let chart = Chart {
            events: &run.events,
            pipeline: &run.scenario.pipeline,
            output: &run.output,
            title: run.scenario.title.as_deref(),
        };
        draw_on(canvas, &chart, &opts)
    }
}

/// Sets `object[name] = value`.
fn set(object: &Object, name: &str, value: &JsValue) -> Result<(), JsError> {
    Reflect::set(object, &JsValue::from_str(name), value)
        .map(drop)
        .map_err(|_| into_error(format!("cannot set {name}")))
}

/// Reads `object[name]`.
fn get(object: &JsValue, name: &str) -> Result<JsValue, JsError> {
    Reflect::get(object, &JsValue::from_str(name)).map_err(|_| into_error(format!("events.{name}: missing")))
}

/// The events as typed columns (times as doubles: exact up to 2^53 ms).
fn columns(events: &[Event]) -> Result<JsValue, JsError> {
    let mut keys: Vec<&str> = Vec::new();
    let mut index = std::collections::BTreeMap::new();
    let key: Vec<u32> = events
        .iter()
        .map(|e| {
            *index.entry(e.key.as_str()).or_insert_with(|| {
                keys.push(e.key.as_str());
                keys.len() as u32 - 1
            })
        })
        .collect();
    let column = |f: fn(&Event) -> f64| Float64Array::from(events.iter().map(f).collect::<Vec<f64>>().as_slice());
    let out = Object::new();
    set(&out, "event_time", &column(|e| e.event_time as f64))?;
    set(&out, "arrival", &column(|e| e.arrival as f64))?;
    set(&out, "value", &column(|e| e.value))?;
    set(&out, "key", &Uint32Array::from(key.as_slice()))?;
    set(&out, "keys", &keys.iter().map(|k| JsValue::from_str(k)).collect::<Array>())?;
    Ok(out.into())
}

/// Events from the columns [`columns`] makes.
fn from_columns(columns: &JsValue) -> Result<Vec<Event>, JsError> {
    let doubles = |name: &str| -> Result<Vec<f64>, JsError> {
        get(columns, name)?
            .dyn_into::<Float64Array>()
            .map(|a| a.to_vec())
            .map_err(|_| into_error(format!("events.{name}: expected a Float64Array")))
    };
    let (event_time, arrival, value) = (doubles("event_time")?, doubles("arrival")?, doubles("value")?);
    let key = get(columns, "key")?
        .dyn_into::<Uint32Array>()
        .map_err(|_| into_error("events.key: expected a Uint32Array"))?
        .to_vec();
    let keys: Vec<String> = get(columns, "keys")?
        .dyn_into::<Array>()
        .map_err(|_| into_error("events.keys: expected an array"))?
        .iter()
        .map(|k| k.as_string().unwrap_or_default())
        .collect();
    let n = event_time.len();
    if [arrival.len(), value.len(), key.len()].iter().any(|&m| m != n) {
        return Err(into_error("events: columns of different lengths"));
    }
    (0..n)
        .map(|i| {
            let key = keys.get(key[i] as usize).ok_or_else(|| into_error(format!("events.key[{i}]: no such key")))?;
            Ok(Event { key: key.clone(), value: value[i], event_time: event_time[i] as i64, arrival: arrival[i] as i64 })
        })
        .collect()
}
