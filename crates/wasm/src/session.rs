//! The page's fast path: a run's output stays in wasm memory and the page reads what it shows
//! (a window of pane rows, one reason, the late events) by the run's id. From a Web Worker, the
//! output crosses to the page's instance packed into bytes (see `packed.rs`); the events cross
//! as typed columns, only when they change. The events a run parsed are kept for the next edit
//! of the pipeline. No semantics: the scenario crate parses, the engine runs, the render crate
//! draws, `explain` gives the reasons.

use crate::transfer::{to_js, DrawOptions};
use crate::{draw_on, into_error, packed, Playground};
use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;
use windowpane_engine::{explain, Event, Input, Output};
use windowpane_scenario::{EventSpec, Scenario};

/// The message of the error `run_parts` and `run_kept` throw when asked to reuse events they do
/// not have.
pub(crate) const NO_KEPT_EVENTS: &str = "internal: no kept events";

/// The listed events of the last scenario run, with the base date they were read on.
#[derive(Debug, Default)]
pub(crate) struct KeptEvents {
    base: i64,
    events: Vec<EventSpec>,
}

/// A run kept for the page: its scenario (pipeline, title; no events), events and output.
#[derive(Debug)]
pub(crate) struct KeptRun {
    scenario: Scenario,
    events: Rc<Vec<Event>>,
    output: Output,
}

/// A run before it is kept or packed.
struct Ran {
    scenario: Scenario,
    input: Input,
    output: Output,
    /// Whether the events differ from the previous run's (not only an edit of the pipeline).
    changed: bool,
}

impl Playground {
    /// Parses and runs `text`; with `same_events`, over the listed events of the previous run.
    fn run_keeping_events(&mut self, text: &str, same_events: bool) -> Result<Ran, JsError> {
        if !same_events {
            self.kept_events = None;
        }
        let mut scenario = self.parse(text).map_err(into_error)?;
        if same_events {
            match self.kept_events.take() {
                Some(kept) if kept.base == scenario.base => scenario.events = kept.events,
                _ => return Err(into_error(NO_KEPT_EVENTS)),
            }
            // The budget again, over the kept events and the edited pipeline.
            if let Err(e) = windowpane_scenario::budget::check(&scenario, None, &self.limits) {
                self.kept_events = Some(KeptEvents { base: scenario.base, events: std::mem::take(&mut scenario.events) });
                return Err(into_error(e));
            }
        }
        // Run before the events are kept: a Flink run reads them from the scenario.
        let ran = scenario.input().and_then(|input| scenario.run_on(&input).map(|output| (input, output)));
        // The listed events stay parsed for the next edit, even when this one failed.
        self.kept_events = Some(KeptEvents { base: scenario.base, events: std::mem::take(&mut scenario.events) });
        let (input, output) = ran.map_err(into_error)?;
        let changed = !same_events || scenario.needs_transport();
        Ok(Ran { scenario, input, output, changed })
    }

    /// Keeps a run and returns what the page needs first (see [`Playground::run_kept`]).
    fn keep(&mut self, scenario: Scenario, events: Rc<Vec<Event>>, output: Output) -> Result<Object, JsError> {
        self.next_run += 1;
        let id = self.next_run;
        let info = Object::new();
        set(&info, "id", &JsValue::from(id))?;
        set(&info, "panes", &JsValue::from(output.panes.len() as u32))?;
        set(&info, "dropped", &JsValue::from(output.dropped.len() as u32))?;
        set(&info, "late", &JsValue::from(output.late_events.len() as u32))?;
        let times = output.panes.iter().map(|p| p.emitted_at).chain(output.watermark.iter().map(|w| w.at));
        let time = |t: Option<i64>| t.map_or(JsValue::NULL, |t| JsValue::from(t as f64));
        set(&info, "first", &time(times.clone().min()))?;
        set(&info, "last", &time(times.max()))?;
        self.runs.insert(id, KeptRun { scenario, events, output });
        Ok(info)
    }

    fn kept(&self, id: u32) -> Result<&KeptRun, JsError> {
        self.runs.get(&id).ok_or_else(|| into_error(format!("run {id}: not kept (released?)")))
    }
}

#[wasm_bindgen]
impl Playground {
    /// Runs a scenario for the page's worker. Returns `{output, scenario, events}`: `output` the
    /// engine's output packed into bytes for [`Playground::keep_run`] in the page's instance;
    /// `scenario` the canonical scenario without its events, as JSON; `events` the resolved
    /// events as columns `{event_time, arrival, value: Float64Array, key: Uint32Array, keys:
    /// [string]}` (`key` indexes `keys`), or null when `same_events` and they are the previous
    /// call's.
    ///
    /// With `same_events`, `text` lists no events and the previous call's listed events are used
    /// (an edit of the pipeline does not parse or send them again); throws
    /// `"internal: no kept events"` when there are none for its base date.
    pub fn run_parts(&mut self, text: &str, same_events: bool) -> Result<JsValue, JsError> {
        let ran = self.run_keeping_events(text, same_events)?;
        let parts = Object::new();
        set(&parts, "output", &Uint8Array::from(packed::pack(&ran.output).as_slice()))?;
        set(&parts, "scenario", &JsValue::from_str(&canonical(&ran.scenario)))?;
        set(&parts, "events", &if ran.changed { columns(&ran.input.events)? } else { JsValue::NULL })?;
        Ok(parts.into())
    }

    /// Keeps a run from `run_parts` (made in a worker) and returns its info (see
    /// [`Playground::run_kept`]): `head` is the scenario (its pipeline and title are read, its
    /// events may be left out), `output` the packed output, `events` the events' columns (read
    /// again only when they are not the same object as last time).
    pub fn keep_run(&mut self, head: &str, output: &[u8], events: JsValue) -> Result<JsValue, JsError> {
        let scenario = self.parse(head).map_err(into_error)?;
        let output = packed::unpack(output).map_err(|e| into_error(format!("output: {e}")))?;
        let events = match &self.latest_events {
            Some((columns, kept)) if Object::is(columns, &events) => kept.clone(),
            _ => {
                let read = Rc::new(from_columns(&events)?);
                self.latest_events = Some((events, read.clone()));
                read
            }
        };
        Ok(self.keep(scenario, events, output)?.into())
    }

    /// Runs a scenario on the page's thread and keeps the run (same `same_events` as
    /// [`Playground::run_parts`]). Returns `{id, panes, dropped, late, first, last, scenario,
    /// events}`: the run's id for the `kept_*` calls and [`Playground::draw_kept`]; how many panes,
    /// dropped elements and late events it has; the first and last processing time of a pane or a
    /// watermark move (null when none); the canonical scenario as JSON; the events' columns or
    /// null (as `run_parts`).
    pub fn run_kept(&mut self, text: &str, same_events: bool) -> Result<JsValue, JsError> {
        let Ran { scenario, input, output, changed } = self.run_keeping_events(text, same_events)?;
        let columns = if changed { columns(&input.events)? } else { JsValue::NULL };
        let canonical = canonical(&scenario);
        let info = self.keep(scenario, Rc::new(input.events), output)?;
        set(&info, "scenario", &JsValue::from_str(&canonical))?;
        set(&info, "events", &columns)?;
        Ok(info.into())
    }

    /// Panes `from..to` (clamped) of a kept run, as pane records.
    pub fn kept_panes(&self, id: u32, from: usize, to: usize) -> Result<JsValue, JsError> {
        let panes = &self.kept(id)?.output.panes;
        let to = to.min(panes.len());
        to_js(&panes[from.min(to)..to])
    }

    /// The plain-language reason for pane `i` of a kept run.
    pub fn kept_reason(&self, id: u32, i: usize) -> Result<String, JsError> {
        let output = &self.kept(id)?.output;
        let pane = output.panes.get(i).ok_or_else(|| into_error(format!("pane {i}: no such pane")))?;
        Ok(explain::reason(pane, explain::watermark_at(output, pane.emitted_at)))
    }

    /// Dropped elements `from..to` (clamped) of a kept run.
    pub fn kept_dropped(&self, id: u32, from: usize, to: usize) -> Result<JsValue, JsError> {
        let dropped = &self.kept(id)?.output.dropped;
        let to = to.min(dropped.len());
        to_js(&dropped[from.min(to)..to])
    }

    /// The indices of a kept run's late events.
    pub fn kept_late(&self, id: u32) -> Result<Uint32Array, JsError> {
        let late: Vec<u32> = self.kept(id)?.output.late_events.iter().map(|&i| i as u32).collect();
        Ok(Uint32Array::from(late.as_slice()))
    }

    /// One byte per event of a kept run: bit 1 when it arrived late, bit 2 when it was dropped.
    pub fn kept_marks(&self, id: u32) -> Result<Uint8Array, JsError> {
        let run = self.kept(id)?;
        let mut marks = vec![0u8; run.events.len()];
        let late = run.output.late_events.iter().map(|&i| (i, 1));
        for (i, bit) in late.chain(run.output.dropped.iter().map(|d| (d.event, 2))) {
            if let Some(m) = marks.get_mut(i) {
                *m |= bit;
            }
        }
        Ok(Uint8Array::from(marks.as_slice()))
    }

    /// The input watermark's path of a kept run: `[{at, to}]` (plus infinity written null).
    pub fn kept_watermark(&self, id: u32) -> Result<JsValue, JsError> {
        to_js(&self.kept(id)?.output.watermark)
    }

    /// Draws a kept run (see [`Playground::draw`] for `opts` and the layout it returns). Dense
    /// events are drawn as one image. Main thread only.
    pub fn draw_kept(&self, id: u32, canvas: HtmlCanvasElement, opts: JsValue) -> Result<JsValue, JsError> {
        let opts = DrawOptions::from_js(opts)?;
        let run = self.kept(id)?;
        draw_on(canvas, &crate::chart(&run.scenario, &run.events, &run.output), &opts)
    }

    /// Forgets a kept run (the page does once a newer run is shown in its place).
    pub fn release_run(&mut self, id: u32) {
        self.runs.remove(&id);
    }
}

/// The canonical scenario (times in ms), as JSON.
fn canonical(scenario: &Scenario) -> String {
    windowpane_scenario::to_json(scenario).to_string()
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
