//! The scenario: what a windowpane/1 file says, read and checked.

use crate::fields::{self, describe, index, join, resolve, Read};
use crate::syntax::{self, RawScenario, ARRIVAL_OF_DAY, EVENT_TIME_OF_DAY, SENT_OF_DAY};
use crate::timefmt::{self, civil::MS_PER_DAY, format_clock, TimeText};
use crate::watermark::{self, WatermarkSpec};
use crate::{pipeline, Limits, ScenarioError};
use serde_json::Value;
use windowpane_engine::Pipeline;

/// The value of the `format` field.
pub const FORMAT: &str = "windowpane/1";

/// A scenario: events, a watermark model and a pipeline, as the file describes them.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// A short title.
    pub title: Option<String>,
    /// A longer explanation.
    pub description: Option<String>,
    /// Milliseconds of the base date's midnight (UTC); times of day are on this date. Default 0 (1970-01-01).
    pub base: i64,
    /// The events as written, times resolved to milliseconds.
    pub events: Vec<EventSpec>,
    /// Where the input watermark comes from (default: perfect).
    pub watermark: WatermarkSpec,
    /// When the input ends and the watermark moves to plus infinity.
    pub end_of_input: Option<i64>,
    /// The windowing step. Under Flink semantics, a Beam pipeline with the same window,
    /// lateness and combiner and Beam's default trigger, never run: [`Scenario::run`] runs the
    /// Flink one ([`Scenario::flink`]).
    pub pipeline: Pipeline,
    /// Beam's semantics (the default) or Flink's, with its settings.
    pub semantics: crate::flink::Semantics,
    /// How to generate events (read by the transport simulation), kept as written.
    pub generate: Option<Value>,
    /// The transport (read by the transport simulation), kept as written.
    pub ingest: Option<Value>,
    /// Expected output for tests (`{"panes": [...], "dropped": [...]}`), kept as written.
    pub expect: Option<Value>,
}

/// One event as written in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSpec {
    /// The grouping key.
    pub key: String,
    /// The value.
    pub value: f64,
    /// When it happened.
    pub event_time: i64,
    /// When it reaches the windowing step; required unless an `ingest` section computes it.
    pub arrival: Option<i64>,
    /// When its device sent it (used by the transport simulation).
    pub sent: Option<i64>,
}

/// Reads and checks a windowpane/1 scenario.
///
/// ```
/// let s = windowpane_scenario::parse(r#"{
///     "format": "windowpane/1",
///     "events": [{"key": "a", "value": 5, "event_time": "12:00:26", "arrival": "12:04:59"}],
///     "pipeline": {"window": {"type": "fixed", "size": "2m"}}
/// }"#).unwrap();
/// assert_eq!(s.events[0].event_time, 43_226_000);
///
/// let e = windowpane_scenario::parse(r#"{"format": "windowpane/1",
///     "pipeline": {"window": {"type": "fixed", "size": 0}}}"#).unwrap_err();
/// assert_eq!(e.to_string(), "pipeline.window.size: expected a duration > 0, got 0");
/// ```
pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    parse_with(text, &Limits::default())
}

/// Reads and checks a windowpane/1 scenario, and its work budget against `limits`
/// ([`crate::budget`]): an error names the field that drives a cost over its limit.
///
/// ```
/// use windowpane_scenario::{parse_with, Limits};
/// let text = r#"{"format": "windowpane/1", "generate": {"devices": {"count": 1}, "rate": 1e9, "duration": "10s"}, "pipeline": {}}"#;
/// let e = parse_with(text, &Limits::default()).unwrap_err();
/// assert_eq!(e.path, "generate.rate");
/// assert!(parse_with(text, &Limits::default().times(1000)).is_ok());
/// ```
pub fn parse_with(text: &str, limits: &Limits) -> Result<Scenario, ScenarioError> {
    build(syntax::read(text)?, limits)
}

fn build(raw: RawScenario, limits: &Limits) -> Read<Scenario> {
    let RawScenario {
        fields: f,
        mut events,
        of_day,
    } = raw;
    match f.get("format") {
        Some(Value::String(s)) if s == FORMAT => {}
        Some(v) => {
            return Err(ScenarioError::new(
                "format",
                format!("expected \"{FORMAT}\", got {}", describe(v)),
            ))
        }
        None => {
            return Err(ScenarioError::new(
                "format",
                format!("missing: expected \"{FORMAT}\""),
            ))
        }
    }
    if let Some(v) = f.get("$schema") {
        fields::string(v, "$schema")?;
    }
    let text = |name: &str| {
        f.get(name)
            .map(|v| fields::string(v, name).map(str::to_string))
            .transpose()
    };
    let title = text("title")?;
    let description = text("description")?;
    let base = f.get("base").map(read_base).transpose()?.unwrap_or(0);
    resolve_events(&mut events, &of_day, base)?;
    let flink = match f.get("semantics") {
        None => None,
        Some(v) => match fields::choice(v, "semantics", crate::flink::SEMANTICS)? {
            "flink" => {
                let Some(p) = f.get("pipeline") else {
                    return Err(ScenarioError::new("pipeline", "missing: expected a pipeline (an object with window, trigger, ...)"));
                };
                Some(crate::flink::read(p, f.get("watermark"))?)
            }
            _ => None,
        },
    };
    let watermark_field = match &flink {
        Some((_, w)) => w.as_ref(),
        None => f.get("watermark"),
    };
    let watermark = match watermark_field {
        Some(v) => watermark::read(v, "watermark", base)?,
        None => WatermarkSpec::Perfect,
    };
    let end_of_input = f
        .get("end_of_input")
        .map(|v| fields::time(v, "end_of_input", base))
        .transpose()?;
    let pipeline = match (f.get("pipeline"), &flink) {
        (_, Some((spec, _))) => {
            let mut p = Pipeline::new(spec.pipeline.window.clone());
            p.allowed_lateness = spec.pipeline.allowed_lateness;
            p.combine = spec.pipeline.combine;
            p
        }
        (Some(v), None) => pipeline::read(v, "pipeline")?,
        (None, None) => {
            return Err(ScenarioError::new(
                "pipeline",
                "missing: expected a pipeline (an object with window, trigger, ...)",
            ))
        }
    };
    let section = |name: &str| -> Read<Option<Value>> {
        match f.get(name) {
            Some(v @ Value::Object(_)) => Ok(Some(v.clone())),
            Some(v) => Err(ScenarioError::new(
                name,
                format!("expected an object, got {}", describe(v)),
            )),
            None => Ok(None),
        }
    };
    let scenario = Scenario {
        title,
        description,
        base,
        events,
        watermark,
        end_of_input,
        pipeline,
        semantics: match flink {
            Some((spec, _)) => crate::flink::Semantics::Flink(spec),
            None => crate::flink::Semantics::Beam,
        },
        generate: section("generate")?,
        ingest: section("ingest")?,
        expect: section("expect")?,
    };
    check(&scenario)?;
    let (generate, _) = crate::transport::transport_specs(&scenario)?;
    crate::budget::check(&scenario, generate.as_ref(), limits)?;
    Ok(scenario)
}

/// `base`: a date `"2024-05-01"`, or the milliseconds of a midnight (UTC).
fn read_base(v: &Value) -> Read<i64> {
    let ms = match v {
        Value::String(s) => timefmt::parse_date(s).map_err(|m| ScenarioError::new("base", m))?,
        Value::Number(_) => fields::time(v, "base", 0)?,
        _ => return Err(ScenarioError::new(
            "base",
            format!(
                "expected a date like \"2024-05-01\" (or the milliseconds of a midnight), got {}",
                describe(v)
            ),
        )),
    };
    if ms.rem_euclid(MS_PER_DAY) != 0 {
        return Err(ScenarioError::new(
            "base",
            format!("expected the milliseconds of a midnight (UTC), got {ms}"),
        ));
    }
    Ok(ms)
}

/// Moves the events' times of day to the base date.
fn resolve_events(events: &mut [EventSpec], of_day: &[u8], base: i64) -> Read<()> {
    if base == 0 {
        return Ok(()); // times of day on 1970-01-01 are already milliseconds since the epoch
    }
    for (i, (e, &bits)) in events.iter_mut().zip(of_day).enumerate() {
        let path = |name: &str| join(&index("events", i), name);
        if bits & EVENT_TIME_OF_DAY != 0 {
            e.event_time = resolve(TimeText::OfDay(e.event_time), base, &path("event_time"))?;
        }
        if let (Some(t), true) = (e.arrival, bits & ARRIVAL_OF_DAY != 0) {
            e.arrival = Some(resolve(TimeText::OfDay(t), base, &path("arrival"))?);
        }
        if let (Some(t), true) = (e.sent, bits & SENT_OF_DAY != 0) {
            e.sent = Some(resolve(TimeText::OfDay(t), base, &path("sent"))?);
        }
    }
    Ok(())
}

/// Checks across fields: nothing arrives after the end of input, nothing is sent before it
/// happens nor arrives before it is sent, the watermark does not move after the end of input, the ingest model has its section.
fn check(s: &Scenario) -> Read<()> {
    let clock = |t: i64| format_clock(t, s.base);
    for (i, e) in s.events.iter().enumerate() {
        if let (Some(arrival), Some(end)) = (e.arrival, s.end_of_input) {
            if arrival > end {
                return Err(ScenarioError::new(
                    join(&index("events", i), "arrival"),
                    format!(
                        "arrives at {}, after end_of_input ({})",
                        clock(arrival),
                        clock(end)
                    ),
                ));
            }
        }
        if let Some(sent) = e.sent.filter(|&sent| sent < e.event_time) {
            return Err(ScenarioError::new(
                join(&index("events", i), "sent"),
                format!(
                    "sent at {}, before its event time {}: a device sends what has happened",
                    clock(sent),
                    clock(e.event_time)
                ),
            ));
        }
        if let (Some(sent), Some(arrival)) = (e.sent, e.arrival) {
            if sent > arrival {
                return Err(ScenarioError::new(
                    join(&index("events", i), "sent"),
                    format!(
                        "sent at {}, after its arrival at {}",
                        clock(sent),
                        clock(arrival)
                    ),
                ));
            }
        }
    }
    match (&s.watermark, s.end_of_input) {
        (WatermarkSpec::Explicit(points), Some(end)) => {
            if let Some(i) = points.iter().position(|p| p.at > end) {
                return Err(ScenarioError::new(
                    format!("watermark.points[{i}].at"),
                    format!(
                        "moves the watermark at {}, after end_of_input ({})",
                        clock(points[i].at),
                        clock(end)
                    ),
                ));
            }
        }
        (WatermarkSpec::Ingest { .. }, _) if s.ingest.is_none() => {
            return Err(ScenarioError::new(
                "watermark.model",
                "the \"ingest\" model needs an \"ingest\" section describing the transport",
            ))
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// Regression (fuzzing): a `sent` before the event time was accepted and reported as a
    /// latency of -2147483647 ms.
    #[test]
    fn sent_before_the_event_time_is_an_error() {
        let e = parse(r#"{"format": "windowpane/1", "ingest": {"type": "direct"},
            "events": [{"key": "a", "value": 1, "event_time": "12:00:00", "sent": "12:00:00"},
                       {"key": "a", "value": 1, "event_time": "12:00:05", "sent": "12:00:04"}],
            "pipeline": {}}"#)
        .unwrap_err();
        assert_eq!(e.path, "events[1].sent");
        assert_eq!(e.message, "sent at 12:00:04, before its event time 12:00:05: a device sends what has happened");
    }
}
