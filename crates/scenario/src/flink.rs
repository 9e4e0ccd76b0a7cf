//! The Flink side of the format: `"semantics": "flink"`, its pipeline syntax (Flink's triggers,
//! no accumulation mode) and its watermark settings, and the scenario's Flink input.
//!
//! Under `"semantics": "flink"` the `pipeline` has `window`, `trigger`, `allowed_lateness` and
//! `combine`; the trigger is one of Flink's (`default`, `event_time`, `processing_time`, `count`,
//! `continuous_event_time`, `continuous_processing_time`, `purging`, `never`). The `watermark`
//! models mean: `explicit`, a punctuated generator emitting the points as given; `perfect`, the
//! smallest event time still to come minus 1 ms (a Flink watermark W says no element with a
//! timestamp `<= W` follows), emitted after each arrival; `bounded_out_of_orderness`, Flink's
//! periodic generator (`max_delay`, and optionally `auto_watermark_interval`, default 200 ms, and
//! `idle_timeout` for `withIdleness`); `ingest`, the same generator per Kinesis shard (each shard a
//! source split), with `max_delay` (default 0, `forMonotonousTimestamps`) and `idle_timeout`.

use crate::fields::{choice, describe, duration, join, positive_whole_number, quoted_list, Bound, Object, Read};
use crate::pipeline::{name_of, named, read_window, write_window, COMBINE};
use crate::watermark::WatermarkSpec;
use crate::{Scenario, ScenarioError};
use serde_json::{json, Map, Value};
use windowpane_engine::flink::{
    default_trigger, FlinkInput, FlinkOutput, FlinkPipeline, FlinkTrigger, FlinkWatermarks,
    DEFAULT_AUTO_WATERMARK_INTERVAL,
};
use windowpane_engine::{Event, WatermarkPoint, WindowFn};

/// The values of the top-level `semantics` field.
pub const SEMANTICS: &[&str] = &["beam", "flink"];

/// Flink's trigger types, as written in `pipeline.trigger.type` under Flink semantics.
pub const FLINK_TRIGGER_TYPES: &[&str] = &[
    "default",
    "event_time",
    "processing_time",
    "count",
    "continuous_event_time",
    "continuous_processing_time",
    "purging",
    "never",
];

/// The fields of `pipeline` under Flink semantics.
pub const FLINK_PIPELINE_FIELDS: &[&str] = &["window", "trigger", "allowed_lateness", "combine"];

/// The watermark fields only Flink's semantics reads, with the watermark models that take each
/// (its WatermarkStrategy's periodic emission and idleness, the transport's maximum delay); a Beam
/// run over the same watermark reads none of them.
pub const FLINK_WATERMARK_FIELDS: [(&str, &[&str]); 3] = [
    ("auto_watermark_interval", &["bounded_out_of_orderness", "ingest"]),
    ("idle_timeout", &["bounded_out_of_orderness"]),
    ("max_delay", &["ingest"]),
];

/// The fields of a watermark of `model` that only Flink reads.
pub fn flink_only_watermark_fields(model: &str) -> Vec<&'static str> {
    FLINK_WATERMARK_FIELDS.iter().filter(|(_, models)| models.contains(&model)).map(|&(f, _)| f).collect()
}

/// Whose windowing semantics a scenario runs under.
#[derive(Clone, Debug, PartialEq)]
pub enum Semantics {
    /// Apache Beam's (the default).
    Beam,
    /// Apache Flink's DataStream windowing.
    Flink(FlinkSpec),
}

/// A scenario's Flink settings.
#[derive(Clone, Debug, PartialEq)]
pub struct FlinkSpec {
    /// The windowing step.
    pub pipeline: FlinkPipeline,
    /// `watermark.auto_watermark_interval`, as written.
    pub auto_watermark_interval: Option<i64>,
    /// `watermark.idle_timeout` of the `bounded_out_of_orderness` model, as written.
    pub idle_timeout: Option<i64>,
    /// `watermark.max_delay` of the `ingest` model, as written.
    pub max_delay: Option<i64>,
}

/// Reads `pipeline` and the Flink-only watermark fields; returns the watermark section without
/// them, for the shared reader.
pub(crate) fn read(pipeline: &Value, watermark: Option<&Value>) -> Read<(FlinkSpec, Option<Value>)> {
    let o = Object::new(pipeline, "pipeline", "a pipeline", FLINK_PIPELINE_FIELDS).map_err(|e| {
        match ["accumulation", "timestamp_combiner", "closing_behavior", "on_time_behavior"]
            .iter()
            .find(|f| e.path == format!("pipeline.{f}"))
        {
            Some(f) => ScenarioError::new(e.path.clone(), no_counterpart(f)),
            None => e,
        }
    })?;
    let window = o.optional("window", read_window)?.unwrap_or(WindowFn::Global);
    let mut p = FlinkPipeline::new(window);
    if let Some(t) = o.get("trigger") {
        p.trigger = read_trigger(t, &o.path("trigger"), &p.window, 1)?;
    }
    if let Some(l) = o.optional("allowed_lateness", |v, p| duration(v, p, Bound::NonNegative))? {
        p.allowed_lateness = l;
    }
    if let Some(c) = o.optional("combine", |v, p| named(v, p, COMBINE))? {
        p.combine = c;
    }
    let mut spec = FlinkSpec { pipeline: p, auto_watermark_interval: None, idle_timeout: None, max_delay: None };
    let Some(Value::Object(w)) = watermark else { return Ok((spec, watermark.cloned())) };
    let mut rest = w.clone();
    let model = w.get("model").and_then(Value::as_str).unwrap_or("");
    let mut take = |(name, models): (&str, &[&str]), bound: Bound| -> Read<Option<i64>> {
        if !models.contains(&model) {
            return Ok(None); // the shared reader names it as an unknown field
        }
        rest.remove(name).map(|v| duration(&v, &join("watermark", name), bound)).transpose()
    };
    let [interval, idle, delay] = FLINK_WATERMARK_FIELDS;
    spec.auto_watermark_interval = take(interval, Bound::Positive)?;
    spec.idle_timeout = take(idle, Bound::Positive)?;
    spec.max_delay = take(delay, Bound::NonNegative)?;
    Ok((spec, Some(Value::Object(rest))))
}

fn no_counterpart(field: &str) -> String {
    match field {
        "accumulation" => "Flink has no accumulation mode: a trigger's FIRE keeps the window's contents; \
             wrap the trigger in {\"type\": \"purging\", \"trigger\": ...} to discard them"
            .into(),
        f => format!(
            "Flink has no {f}: a window's result is stamped with its max timestamp and every firing \
             with contents is emitted; remove the field under \"semantics\": \"flink\""
        ),
    }
}

fn read_trigger(v: &Value, path: &str, window: &WindowFn, depth: usize) -> Read<FlinkTrigger> {
    if depth > crate::trigger::MAX_TRIGGER_DEPTH {
        return Err(ScenarioError::new(path, "trigger nested too deeply"));
    }
    let type_path = join(path, "type");
    let kind = match v.get("type") {
        Some(Value::String(t)) if crate::trigger::TRIGGER_TYPES.contains(&t.as_str()) && !FLINK_TRIGGER_TYPES.contains(&t.as_str()) => {
            return Err(ScenarioError::new(
                type_path,
                format!(
                    "\"{t}\" is a Beam trigger; under \"semantics\": \"flink\" expected one of {}",
                    quoted_list(FLINK_TRIGGER_TYPES)
                ),
            ))
        }
        Some(t) if v.is_object() => choice(t, &type_path, FLINK_TRIGGER_TYPES)?,
        _ if v.is_object() => {
            return Err(ScenarioError::new(type_path, format!("missing: expected one of {}", quoted_list(FLINK_TRIGGER_TYPES))))
        }
        _ => return Err(ScenarioError::new(path, format!("expected a trigger (an object), got {}", describe(v)))),
    };
    let time_window_only = |name: &str| -> Read<()> {
        if matches!(window, WindowFn::Global) {
            return Err(ScenarioError::new(
                type_path.clone(),
                format!("Flink's {name} works on time windows only, not on the global window"),
            ));
        }
        Ok(())
    };
    let interval = |o: &Object| duration(o.required("interval", "a duration > 0")?, &o.path("interval"), Bound::Positive);
    Ok(match kind {
        "default" => {
            Object::new(v, path, "a trigger", &["type"])?;
            default_trigger(window)
        }
        "event_time" => {
            Object::new(v, path, "a trigger", &["type"])?;
            time_window_only("EventTimeTrigger")?;
            FlinkTrigger::EventTime
        }
        "processing_time" => {
            Object::new(v, path, "a trigger", &["type"])?;
            time_window_only("ProcessingTimeTrigger")?;
            FlinkTrigger::ProcessingTime
        }
        "never" => {
            Object::new(v, path, "a trigger", &["type"])?;
            FlinkTrigger::Never
        }
        "count" => {
            let o = Object::new(v, path, "a trigger", &["type", "count"])?;
            FlinkTrigger::Count { count: positive_whole_number(o.required("count", "a whole number ≥ 1")?, &o.path("count"))? }
        }
        "continuous_event_time" => {
            let o = Object::new(v, path, "a trigger", &["type", "interval"])?;
            FlinkTrigger::ContinuousEventTime { interval: interval(&o)? }
        }
        "continuous_processing_time" => {
            let o = Object::new(v, path, "a trigger", &["type", "interval"])?;
            FlinkTrigger::ContinuousProcessingTime { interval: interval(&o)? }
        }
        "purging" => {
            let o = Object::new(v, path, "a trigger", &["type", "trigger"])?;
            let inner = read_trigger(o.required("trigger", "a trigger")?, &o.path("trigger"), window, depth + 1)?;
            FlinkTrigger::Purging(Box::new(inner))
        }
        other => unreachable!("Flink trigger {other:?} passed the choice of FLINK_TRIGGER_TYPES but has no reader"),
    })
}

/// Writes a Flink trigger.
pub(crate) fn write_trigger(t: &FlinkTrigger) -> Value {
    match t {
        FlinkTrigger::EventTime => json!({"type": "event_time"}),
        FlinkTrigger::ProcessingTime => json!({"type": "processing_time"}),
        FlinkTrigger::Count { count } => json!({"type": "count", "count": count}),
        FlinkTrigger::ContinuousEventTime { interval } => json!({"type": "continuous_event_time", "interval": interval}),
        FlinkTrigger::ContinuousProcessingTime { interval } => {
            json!({"type": "continuous_processing_time", "interval": interval})
        }
        FlinkTrigger::Purging(inner) => json!({"type": "purging", "trigger": write_trigger(inner)}),
        FlinkTrigger::Never => json!({"type": "never"}),
    }
}

/// Writes the Flink pipeline, and the Flink-only fields into the written `watermark`.
pub(crate) fn write(spec: &FlinkSpec, watermark: &mut Value) -> Value {
    let p = &spec.pipeline;
    if let Value::Object(w) = watermark {
        for (name, v) in [
            ("auto_watermark_interval", spec.auto_watermark_interval),
            ("idle_timeout", spec.idle_timeout),
            ("max_delay", spec.max_delay),
        ] {
            if let Some(v) = v {
                w.insert(name.into(), v.into());
            }
        }
    }
    let mut o = Map::new();
    o.insert("window".into(), write_window(&p.window));
    o.insert("trigger".into(), write_trigger(&p.trigger));
    o.insert("allowed_lateness".into(), p.allowed_lateness.into());
    o.insert("combine".into(), name_of(&p.combine, COMBINE).into());
    Value::Object(o)
}

impl Scenario {
    /// The Flink settings, when the scenario runs under Flink semantics.
    pub fn flink(&self) -> Option<&FlinkSpec> {
        match &self.semantics {
            Semantics::Flink(spec) => Some(spec),
            Semantics::Beam => None,
        }
    }

    /// The Flink run's input: the events (their arrivals from the transport when it decides
    /// them), each event's source split (its Kinesis shard; one split otherwise) and the
    /// watermark strategy.
    pub fn flink_input(&self) -> Result<FlinkInput, ScenarioError> {
        let spec = self.flink().ok_or_else(|| {
            ScenarioError::new("semantics", "the scenario runs under Beam semantics, not Flink's")
        })?;
        let (events, splits, split_count) = if self.needs_transport() {
            let resolved = crate::transport::simulate_transport(self)?;
            let (_, ingest) = crate::transport::transport_specs(self)?;
            let shards = match ingest.map(|i| i.transport) {
                Some(windowpane_ingest::Transport::Kinesis(k)) => Some(k.shards as usize),
                _ => None,
            };
            let splits = match shards {
                Some(_) => resolved.deliveries.iter().map(|d| d.lane).collect(),
                None => Vec::new(),
            };
            (resolved.events, splits, shards.unwrap_or(1))
        } else {
            (self.input()?.events, Vec::new(), 1)
        };
        let interval = spec.auto_watermark_interval.unwrap_or(DEFAULT_AUTO_WATERMARK_INTERVAL);
        let watermark = match &self.watermark {
            WatermarkSpec::Explicit(points) => FlinkWatermarks::Punctuated(points.clone()),
            WatermarkSpec::Perfect => FlinkWatermarks::Punctuated(perfect_minus_one(&events)),
            WatermarkSpec::BoundedOutOfOrderness { max_delay } => {
                FlinkWatermarks::Periodic { max_delay: *max_delay, interval, idleness: spec.idle_timeout }
            }
            WatermarkSpec::Ingest { idle_timeout } => {
                FlinkWatermarks::Periodic { max_delay: spec.max_delay.unwrap_or(0), interval, idleness: *idle_timeout }
            }
        };
        Ok(FlinkInput { events, splits, split_count, watermark, end_of_input: self.end_of_input })
    }

    /// Runs the scenario under Flink semantics.
    pub fn run_flink(&self) -> Result<FlinkOutput, ScenarioError> {
        let spec = self.flink().ok_or_else(|| {
            ScenarioError::new("semantics", "the scenario runs under Beam semantics, not Flink's")
        })?;
        let output = windowpane_engine::flink::run(&spec.pipeline, &self.flink_input()?);
        self.check_values(&output.panes)?;
        Ok(output)
    }
}

/// The perfect watermark in Flink's terms: after the arrivals at each processing time, the
/// smallest event time still to come, minus 1 ms.
fn perfect_minus_one(events: &[Event]) -> Vec<WatermarkPoint> {
    let mut order: Vec<&Event> = events.iter().collect();
    order.sort_by_key(|e| e.arrival);
    let mut suffix = vec![i64::MAX; order.len() + 1];
    for k in (0..order.len()).rev() {
        suffix[k] = suffix[k + 1].min(order[k].event_time);
    }
    let mut out: Vec<WatermarkPoint> = Vec::new();
    let mut k = 0;
    while k < order.len() {
        let at = order[k].arrival;
        while k < order.len() && order[k].arrival == at {
            k += 1;
        }
        if suffix[k] == i64::MAX {
            break; // nothing left: the end of input moves the watermark to +inf
        }
        let to = suffix[k] - 1;
        if out.last().is_none_or(|l| to > l.to) {
            out.push(WatermarkPoint { at, to });
        }
    }
    out
}
