//! Reading and writing the `watermark` section: where the input watermark comes from.

use crate::fields::{choice, describe, duration, index, time, Bound, Object, Read};
use crate::timefmt::format_clock;
use crate::ScenarioError;
use serde_json::{json, Value};
use windowpane_engine::WatermarkPoint;

/// The watermark models, as written in `watermark.model`.
pub const WATERMARK_MODELS: &[&str] =
    &["explicit", "perfect", "bounded_out_of_orderness", "ingest"];

/// The watermark model a scenario asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatermarkSpec {
    /// Given by the user: at processing time `at`, the watermark moves to `to` (like a TestStream).
    Explicit(Vec<WatermarkPoint>),
    /// The minimum event time of the events that have not arrived yet.
    Perfect,
    /// Max event time seen so far minus `max_delay`.
    BoundedOutOfOrderness {
        /// How far behind the max event time the watermark stays (≥ 0).
        max_delay: i64,
    },
    /// Derived from the transport simulation of the `ingest` section.
    Ingest {
        /// A shard with no traffic for this long stops holding the watermark back.
        idle_timeout: Option<i64>,
    },
}

/// Reads the `watermark` section; times of day are resolved against `base`.
/// Explicit points must not go back: `at` and `to` are both non-decreasing.
pub(crate) fn read(v: &Value, path: &str, base: i64) -> Read<WatermarkSpec> {
    let model_path = format!("{path}.model");
    let model = match v {
        Value::Object(map) => match map.get("model") {
            Some(m) => choice(m, &model_path, WATERMARK_MODELS)?,
            None => return Err(ScenarioError::new(model_path, "missing: expected one of \"explicit\", \"perfect\", \"bounded_out_of_orderness\", \"ingest\"")),
        },
        _ => return Err(ScenarioError::new(path, format!("expected a watermark model (an object), got {}", describe(v)))),
    };
    match model {
        "explicit" => {
            let o = Object::new(v, path, "a watermark model", &["model", "points"])?;
            let list_path = o.path("points");
            let list = o.required("points", "an array of {\"at\", \"to\"} points")?;
            let Some(items) = list.as_array() else {
                return Err(ScenarioError::new(
                    list_path,
                    format!("expected an array of points, got {}", describe(list)),
                ));
            };
            let mut points: Vec<WatermarkPoint> = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let p_path = index(&list_path, i);
                let p = Object::new(item, &p_path, "a watermark point", &["at", "to"])?;
                let at = time(p.required("at", "a processing time")?, &p.path("at"), base)?;
                let to = time(p.required("to", "an event time")?, &p.path("to"), base)?;
                if let Some(prev) = points.last() {
                    if at < prev.at {
                        return Err(ScenarioError::new(
                            p.path("at"),
                            format!(
                                "points must be in processing-time order: {} is before the previous point's {}",
                                format_clock(at, base),
                                format_clock(prev.at, base)
                            ),
                        ));
                    }
                    if to < prev.to {
                        return Err(ScenarioError::new(
                            p.path("to"),
                            format!(
                                "a watermark never goes back: {} is behind the previous point's {}",
                                format_clock(to, base),
                                format_clock(prev.to, base)
                            ),
                        ));
                    }
                }
                points.push(WatermarkPoint { at, to });
            }
            Ok(WatermarkSpec::Explicit(points))
        }
        "perfect" => {
            Object::new(v, path, "a watermark model", &["model"])?;
            Ok(WatermarkSpec::Perfect)
        }
        "bounded_out_of_orderness" => {
            let o = Object::new(v, path, "a watermark model", &["model", "max_delay"])?;
            let max_delay = duration(
                o.required("max_delay", "a duration ≥ 0")?,
                &o.path("max_delay"),
                Bound::NonNegative,
            )?;
            Ok(WatermarkSpec::BoundedOutOfOrderness { max_delay })
        }
        "ingest" => {
            let o = Object::new(v, path, "a watermark model", &["model", "idle_timeout"])?;
            let idle_timeout =
                o.optional("idle_timeout", |v, p| duration(v, p, Bound::Positive))?;
            Ok(WatermarkSpec::Ingest { idle_timeout })
        }
        other => unreachable!(
            "watermark model {other:?} passed the choice of WATERMARK_MODELS but has no reader"
        ),
    }
}

/// Writes a watermark model (times and durations in milliseconds).
pub(crate) fn write(w: &WatermarkSpec) -> Value {
    match w {
        WatermarkSpec::Explicit(points) => json!({"model": "explicit",
            "points": points.iter().map(|p| json!({"at": p.at, "to": p.to})).collect::<Vec<_>>()}),
        WatermarkSpec::Perfect => json!({"model": "perfect"}),
        WatermarkSpec::BoundedOutOfOrderness { max_delay } => {
            json!({"model": "bounded_out_of_orderness", "max_delay": max_delay})
        }
        WatermarkSpec::Ingest { idle_timeout: None } => json!({"model": "ingest"}),
        WatermarkSpec::Ingest {
            idle_timeout: Some(t),
        } => json!({"model": "ingest", "idle_timeout": t}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(v: Value) -> String {
        read(&v, "watermark", 0).unwrap_err().to_string()
    }

    #[test]
    fn models() {
        assert_eq!(
            read(&json!({"model": "perfect"}), "w", 0),
            Ok(WatermarkSpec::Perfect)
        );
        assert_eq!(
            read(
                &json!({"model": "bounded_out_of_orderness", "max_delay": "30s"}),
                "w",
                0
            ),
            Ok(WatermarkSpec::BoundedOutOfOrderness { max_delay: 30_000 })
        );
        assert_eq!(
            read(&json!({"model": "ingest", "idle_timeout": "1m"}), "w", 0),
            Ok(WatermarkSpec::Ingest {
                idle_timeout: Some(60_000)
            })
        );
        assert_eq!(
            read(
                &json!({"model": "explicit", "points": [{"at": "00:00:02", "to": 1}, {"at": 2000, "to": 1}]}),
                "w",
                0
            ),
            Ok(WatermarkSpec::Explicit(vec![
                WatermarkPoint { at: 2000, to: 1 },
                WatermarkPoint { at: 2000, to: 1 }
            ]))
        );
        for w in [
            WatermarkSpec::Perfect,
            WatermarkSpec::Ingest { idle_timeout: None },
            WatermarkSpec::Explicit(vec![WatermarkPoint { at: 5, to: -3 }]),
        ] {
            assert_eq!(read(&write(&w), "w", 0), Ok(w));
        }
    }

    #[test]
    fn a_watermark_never_goes_back() {
        assert_eq!(
            err(json!({"model": "explicit", "points": [{"at": 10, "to": 5}, {"at": 20, "to": 4}]})),
            "watermark.points[1].to: a watermark never goes back: 00:00:00.004 is behind the previous point's 00:00:00.005"
        );
        assert!(err(
            json!({"model": "explicit", "points": [{"at": 10, "to": 5}, {"at": 9, "to": 6}]})
        )
        .starts_with("watermark.points[1].at: points must be in processing-time order"));
    }

    #[test]
    fn errors_name_the_field() {
        assert!(err(json!({"model": "magic"}))
            .starts_with("watermark.model: expected one of \"explicit\""));
        assert!(err(json!({})).starts_with("watermark.model: missing"));
        assert!(
            err(json!("perfect")).starts_with("watermark: expected a watermark model (an object)")
        );
        assert!(err(json!({"model": "perfect", "max_delay": 1}))
            .starts_with("watermark.max_delay: unknown field"));
        assert!(err(json!({"model": "bounded_out_of_orderness"}))
            .starts_with("watermark.max_delay: missing"));
        assert!(
            err(json!({"model": "bounded_out_of_orderness", "max_delay": "-1s"})).contains("≥ 0")
        );
        assert!(err(json!({"model": "ingest", "idle_timeout": 0}))
            .starts_with("watermark.idle_timeout: expected a duration > 0"));
        assert!(err(json!({"model": "explicit", "points": {}}))
            .starts_with("watermark.points: expected an array"));
        assert!(err(json!({"model": "explicit", "points": [{"at": 1}]}))
            .starts_with("watermark.points[0].to: missing"));
        assert!(
            err(json!({"model": "explicit", "points": [{"at": 1, "to": "soon"}]}))
                .starts_with("watermark.points[0].to: expected a time")
        );
    }
}
