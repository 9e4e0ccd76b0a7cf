//! The page's session: the one owner of a run, resident in the page's Web Worker (web/worker.js).
//! It keeps the scenario, its parsed events and the engine's output, and answers what the page
//! shows: a window of pane rows, one reason, the dropped elements, a mark per event, the
//! watermark, and the chart drawn into an OffscreenCanvas. Nothing of the output crosses to the
//! page except what it asks for. No semantics: the scenario crate parses, the engine runs, the
//! render crate draws, `explain` gives the reasons.

use crate::transfer::{to_js, DrawOptions};
use crate::{draw_into, into_error};
use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::OffscreenCanvas;
use windowpane_engine::{explain, Event, Output};
use windowpane_render::Mark;
use windowpane_scenario::{EventSpec, Limits, Scenario};

/// The listed events of the last scenario parsed, with the base date they were read on.
#[derive(Debug)]
struct ListedEvents {
    base: i64,
    events: Vec<EventSpec>,
}

/// A good run: its scenario (pipeline, title; the listed events taken out), the resolved
/// events and the engine's output.
#[derive(Debug)]
pub(crate) struct Ran {
    pub(crate) scenario: Scenario,
    /// The engine's input: the resolved events and the watermark model run.
    pub(crate) input: windowpane_engine::Input,
    pub(crate) output: Output,
    /// The transport's watermark timeline, simulated with the run (a scenario with a transport).
    pub(crate) timeline: Option<windowpane_ingest::lag::WatermarkTimeline>,
}

/// How many rows and how many flags of each sink table `Session.sink` gives the page.
pub const SINK_ROWS: usize = 200;

/// The session of one configuration of the page (the worker keeps one per chart): runs scenario
/// texts and keeps the last good run and the listed events of the last text.
///
/// ```js
/// const s = new Session();
/// const info = s.run(text, false);   // {panes, dropped, late, first, last, scenario, events}
/// s.panes(0, 20); s.reason(3); s.marks();
/// const layout = s.draw(new OffscreenCanvas(800, 500), { at: null, width: 800, height: 500 });
/// s.run(textWithoutEvents, true);    // an edit of the pipeline, over the events kept
/// ```
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct Session {
    limits: Limits,
    listed: Option<ListedEvents>,
    /// Whether the kept events' columns were sent with a run (not after `keep_events`).
    sent: bool,
    ran: Option<Ran>,
    /// The marks of the last comparison of this run with another session's ([`Session::compare`]).
    marks: Vec<Mark>,
    /// Where the last `draw` put the plot, for `why_at`.
    pub(crate) layout: std::cell::Cell<Option<windowpane_render::ChartLayout>>,
    /// Where the last `draw` put everything (for `hit` and `focus`).
    drawn: Option<windowpane_render::Drawing>,
    /// The run's happenings, once `step` asked for them.
    times: Option<Vec<i64>>,
}

#[wasm_bindgen]
impl Session {
    /// A session holding nothing, with the default work limits.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session::default()
    }

    /// Multiplies every work limit by `factor`, a whole number ≥ 1 (1: the defaults); see
    /// `Playground.set_limits`.
    pub fn set_limits(&mut self, factor: f64) -> Result<(), JsError> {
        self.limits = crate::limits(factor)?;
        Ok(())
    }

    /// Whether the session keeps listed events for a run with `same_events` (it does after a
    /// scenario whose events parsed, even when its pipeline failed).
    pub fn holds_events(&self) -> bool {
        self.listed.is_some()
    }

    /// Runs `text` and, when it succeeds, keeps the run in place of the previous one (a failed
    /// text leaves the last good run, which the page goes on showing). With `same_events`, `text`'s
    /// own events are ignored and the listed events kept from the previous text are run (an edit
    /// of the pipeline parses no events and sends none); without kept events, or with another
    /// base date, it throws. Returns `{panes, dropped, late, first, last, scenario, events}`: the
    /// counts, the first and last processing time of a pane or a watermark move (null when
    /// none), the canonical scenario without its events as JSON, and the resolved events as
    /// columns `{event_time, arrival, value: Float64Array, key: Uint32Array, keys: [string]}`
    /// (`key` indexes `keys`), null when `same_events` and the previous run sent them.
    pub fn run(&mut self, text: &str, same_events: bool) -> Result<JsValue, JsError> {
        if !same_events {
            self.listed = None;
        }
        // A text that does not parse leaves the kept events kept.
        let mut scenario = windowpane_scenario::parse_with(text, &self.limits).map_err(into_error)?;
        if same_events {
            match self.listed.take() {
                Some(kept) if kept.base == scenario.base => scenario.events = kept.events,
                Some(kept) => {
                    self.listed = Some(kept);
                    return Err(into_error("base: differs from the scenario whose events the session keeps"));
                }
                None => return Err(into_error("events: the session keeps none (run the whole scenario)")),
            }
            // The budget again, over the kept events and the edited pipeline.
            if let Err(e) = windowpane_scenario::budget::check(&scenario, None, &self.limits) {
                self.keep_listed(&mut scenario);
                return Err(into_error(e));
            }
        }
        // Run before the events are kept: a Flink run reads them from the scenario.
        // A transport is simulated once, with its watermark timeline kept for the why-not answers.
        let input = match scenario.needs_transport() {
            true => windowpane_scenario::transport::resolve_input_traced(&scenario),
            false => scenario.input().map(|input| (input, None)),
        };
        let ran = input.and_then(|(input, timeline)| scenario.run_on(&input).map(|output| (input, output, timeline)));
        // The listed events stay parsed for the next edit, even when this one failed.
        self.keep_listed(&mut scenario);
        let (input, output, timeline) = ran.map_err(into_error)?;
        let changed = !same_events || !self.sent || scenario.needs_transport();
        self.sent = true;
        let info = summary(&output)?;
        set(&info, "scenario", &JsValue::from_str(&windowpane_scenario::to_json(&scenario).to_string()))?;
        set(&info, "events", &if changed { columns(&input.events)? } else { JsValue::NULL })?;
        self.ran = Some(Ran { scenario, input, output, timeline });
        self.marks.clear();
        self.layout.set(None);
        self.drawn = None;
        self.times = None;
        Ok(info.into())
    }

    /// Parses `text` and keeps its listed events for a run with `same_events`, without running it
    /// (the page sends a large document's text once, then edits of the rest as heads).
    pub fn keep_events(&mut self, text: &str) -> Result<(), JsError> {
        self.listed = None;
        let mut scenario = windowpane_scenario::parse_with(text, &self.limits).map_err(into_error)?;
        self.keep_listed(&mut scenario);
        self.sent = false;
        Ok(())
    }

    /// Forgets the run and the kept events.
    pub fn clear(&mut self) {
        self.ran = None;
        self.listed = None;
        self.marks.clear();
    }

    /// Compares this session's run (A) with `other`'s (B), over the same events: the panes
    /// matched by key, window and order (the compare crate), as `{same, panes: [{key, window, a,
    /// b, value, timing, emitted_at, reasons: [{reason, text, ...}], pane_a, pane_b}], dropped:
    /// [{event, window, dropped_by, drop_reason, reasons}]}` (`a`, `b`: pane indices, null when
    /// the pane is in the other run only; `pane_a`, `pane_b`: their records). Both sessions keep
    /// the marks for their charts until their next run or `clear_marks`.
    pub fn compare(&mut self, other: &mut Session) -> Result<JsValue, JsError> {
        let (a, b) = (self.ran()?, other.ran()?);
        let c = windowpane_compare::compare(crate::compare::side(a), crate::compare::side(b));
        let json = crate::compare::transfer(&c, &a.output, &b.output)?;
        let (ma, mb) = crate::compare::marks(&c, &a.output, &b.output);
        self.marks = ma;
        other.marks = mb;
        Ok(json)
    }

    /// Forgets the marks of the last comparison (the page left compare mode).
    pub fn clear_marks(&mut self) {
        self.marks.clear();
    }

    /// What a downstream table holds after the panes emitted up to processing time `at` (null:
    /// all of them, the final table): `[append, upsert, retracting]`, each `{kind, at, rows:
    /// [{key, window, value, timing, index, emitted_at, retraction}], flags: [{key, window,
    /// problem, text, ...}], row_count, flag_count, double_counted}` (the sink crate; Flink's
    /// firings read as accumulating unless the trigger purges): the first [`SINK_ROWS`] rows and
    /// flags, their counts, and whether any window is counted twice.
    pub fn sink(&self, at: Option<f64>) -> Result<JsValue, JsError> {
        let run = self.ran()?;
        let reading = windowpane_sink::Reading::of(&run.scenario);
        let at = at.filter(|t| t.is_finite()).map(|t| t.round() as i64);
        let tables: Vec<_> = [windowpane_sink::SinkKind::Append, windowpane_sink::SinkKind::Upsert, windowpane_sink::SinkKind::Retracting]
            .into_iter()
            .map(|k| windowpane_sink::table(reading, &run.output.panes, k, at))
            .collect();
        // Each flag with its sentence (the sink crate's), windows and numbers as the page writes them.
        let window = crate::seeing::window_text;
        // The page shows the first SINK_ROWS rows and flags of each table with their counts (a
        // million-event run's tables would otherwise cross to the page, and be laid out, whole).
        let mut json = Vec::with_capacity(tables.len());
        for mut t in tables {
            let (row_count, flag_count) = (t.rows.len(), t.flags.len());
            let double_counted = t.flags.iter().any(|f| matches!(f.problem, windowpane_sink::Problem::DoubleCounted { .. }));
            t.rows.truncate(SINK_ROWS);
            t.flags.truncate(SINK_ROWS);
            let mut item = serde_json::to_value(&t).map_err(into_error)?;
            for (f, flag) in t.flags.iter().zip(item["flags"].as_array_mut().into_iter().flatten()) {
                flag["text"] = f.text(&window, &windowpane_render::format::number).into();
            }
            item["row_count"] = row_count.into();
            item["flag_count"] = flag_count.into();
            item["double_counted"] = double_counted.into();
            json.push(item);
        }
        to_js(&json)
    }

    /// Panes `from..to` (clamped) of the run, as pane records.
    pub fn panes(&self, from: usize, to: usize) -> Result<JsValue, JsError> {
        let panes = &self.ran()?.output.panes;
        let to = to.min(panes.len());
        to_js(&panes[from.min(to)..to])
    }

    /// The plain-language reason for pane `i` of the run.
    pub fn reason(&self, i: usize) -> Result<String, JsError> {
        let output = &self.ran()?.output;
        let pane = output.panes.get(i).ok_or_else(|| into_error(format!("pane {i}: no such pane")))?;
        Ok(explain::reason(pane, explain::watermark_at(output, pane.emitted_at)))
    }

    /// Dropped elements `from..to` (clamped) of the run.
    pub fn dropped(&self, from: usize, to: usize) -> Result<JsValue, JsError> {
        let dropped = &self.ran()?.output.dropped;
        let to = to.min(dropped.len());
        to_js(&dropped[from.min(to)..to])
    }

    /// The indices of the run's late events.
    pub fn late(&self) -> Result<Uint32Array, JsError> {
        let late: Vec<u32> = self.ran()?.output.late_events.iter().map(|&i| i as u32).collect();
        Ok(Uint32Array::from(late.as_slice()))
    }

    /// One byte per event of the run: bit 1 when it arrived late, bit 2 when it was dropped.
    pub fn marks(&self) -> Result<Uint8Array, JsError> {
        let run = self.ran()?;
        let mut marks = vec![0u8; run.input.events.len()];
        let late = run.output.late_events.iter().map(|&i| (i, 1));
        for (i, bit) in late.chain(run.output.dropped.iter().map(|d| (d.event, 2))) {
            if let Some(m) = marks.get_mut(i) {
                *m |= bit;
            }
        }
        Ok(Uint8Array::from(marks.as_slice()))
    }

    /// The input watermark's path of the run: `[{at, to}]` (plus infinity written null).
    pub fn watermark(&self) -> Result<JsValue, JsError> {
        to_js(&self.ran()?.output.watermark)
    }

    /// Draws the run's chart into `canvas` (resized to `opts.width` × `opts.height`; see
    /// `Playground.draw` for `opts` and the layout returned; `opts.selected`: a pane to outline
    /// with its elements). Works in a Web Worker: text is measured with the OffscreenCanvas's own
    /// context. The session keeps where everything went, for `hit` and `focus`.
    pub fn draw(&mut self, canvas: &OffscreenCanvas, opts: JsValue) -> Result<JsValue, JsError> {
        let opts = DrawOptions::from_js(opts)?;
        let run = self.ran()?;
        if let Some(width) = opts.width.filter(|&w| w != canvas.width()) {
            canvas.set_width(width);
        }
        if let Some(height) = opts.height.filter(|&h| h != canvas.height()) {
            canvas.set_height(height);
        }
        let backend = crate::canvas::Canvas::of_offscreen(canvas)?;
        let drawing = draw_into(backend, &crate::chart(&run.scenario, &run.input.events, &run.output), &opts, &self.marks)?;
        let layout = crate::layout_js(drawing.layout)?;
        self.layout.set(Some(drawing.layout));
        self.drawn = Some(drawing);
        Ok(layout)
    }

    /// What is under pixel `(x, y)` of the chart as last drawn, with its tooltip: `{kind, tip,
    /// ...}` (kinds `event` {index}, `pane` {index, count, rect}, `watermark` {at, to}, `window`
    /// {event_time, windows}), or null off the plot or before any draw.
    pub fn hit(&self, x: f64, y: f64) -> Result<JsValue, JsError> {
        let (Ok(run), Some(drawn)) = (self.ran(), self.drawn.as_ref()) else { return Ok(JsValue::NULL) };
        to_js(&crate::seeing::hit(run, drawn, x.round() as i32, y.round() as i32))
    }

    /// The pane box `step` boxes after pane `from`'s in the chart as last drawn (emission order;
    /// from none: the first, or the last for a negative step), as `{kind: 'pane', index, count,
    /// rect, tip}`; null when no pane is drawn. For moving the keyboard focus through the panes.
    pub fn focus(&self, from: Option<u32>, step: i32) -> Result<JsValue, JsError> {
        let (Ok(run), Some(drawn)) = (self.ran(), self.drawn.as_ref()) else { return Ok(JsValue::NULL) };
        to_js(&crate::seeing::focus(run, drawn, from.map(|i| i as usize), step))
    }

    /// The next (`dir` > 0) or previous (`dir` < 0) processing time after `at` (null: the end) at
    /// which something happens (an arrival, a watermark move, a timer, a pane), as `{at, what}`
    /// (`what`: a sentence of what happens then), or null when there is none that way.
    pub fn step(&mut self, at: Option<f64>, dir: i32) -> Result<JsValue, JsError> {
        let run = self.ran.as_ref().ok_or_else(|| into_error("run: none yet (no scenario has run)"))?;
        let times = self.times.get_or_insert_with(|| crate::seeing::happenings(run));
        let at = at.filter(|t| t.is_finite()).map(|t| t.floor() as i64);
        to_js(&crate::seeing::step(run, times, at, dir))
    }
}

impl Session {
    pub(crate) fn ran(&self) -> Result<&Ran, JsError> {
        self.ran.as_ref().ok_or_else(|| into_error("run: none yet (no scenario has run)"))
    }

    /// Takes the listed events out of `scenario` and keeps them for the next edit.
    fn keep_listed(&mut self, scenario: &mut Scenario) {
        self.listed = Some(ListedEvents { base: scenario.base, events: std::mem::take(&mut scenario.events) });
    }
}

/// The counts and time span of an output.
fn summary(output: &Output) -> Result<Object, JsError> {
    let info = Object::new();
    set(&info, "panes", &JsValue::from(output.panes.len() as u32))?;
    set(&info, "dropped", &JsValue::from(output.dropped.len() as u32))?;
    set(&info, "late", &JsValue::from(output.late_events.len() as u32))?;
    let times = output.panes.iter().map(|p| p.emitted_at).chain(output.watermark.iter().map(|w| w.at));
    let time = |t: Option<i64>| t.map_or(JsValue::NULL, |t| JsValue::from(t as f64));
    set(&info, "first", &time(times.clone().min()))?;
    set(&info, "last", &time(times.max()))?;
    Ok(info)
}

/// Sets `object[name] = value`.
fn set(object: &Object, name: &str, value: &JsValue) -> Result<(), JsError> {
    Reflect::set(object, &JsValue::from_str(name), value)
        .map(drop)
        .map_err(|_| into_error(format!("cannot set {name}")))
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
