//! Reading and writing trigger trees (`pipeline.trigger`).

use crate::fields::{
    self, describe, duration, index, positive_whole_number, quoted_list, Bound, Object, Read,
};
use crate::ScenarioError;
use serde_json::{json, Value};
use windowpane_engine::{Alignment, Trigger};

/// How deeply trigger trees may nest. Deeper trees are refused with an error, not a stack overflow.
pub const MAX_TRIGGER_DEPTH: usize = 64;

/// The trigger types, as written in `"type"`.
pub const TRIGGER_TYPES: &[&str] = &[
    "default",
    "never",
    "after_watermark",
    "after_processing_time",
    "after_count",
    "repeatedly",
    "after_each",
    "after_any",
    "after_all",
    "or_finally",
];

/// Reads the trigger at `path`; `depth` is its nesting level (the root is 1).
pub(crate) fn read(v: &Value, path: &str, depth: usize) -> Read<Trigger> {
    if depth > MAX_TRIGGER_DEPTH {
        return Err(ScenarioError::new(
            path,
            format!("trigger nested too deeply: trigger trees may be at most {MAX_TRIGGER_DEPTH} levels deep"),
        ));
    }
    let kind = match v.get("type") {
        Some(t) if v.is_object() => fields::choice(t, &fields::join(path, "type"), TRIGGER_TYPES)?,
        _ if v.is_object() => {
            return Err(ScenarioError::new(
                fields::join(path, "type"),
                format!("missing: expected one of {}", quoted_list(TRIGGER_TYPES)),
            ))
        }
        _ => {
            return Err(ScenarioError::new(
                path,
                format!("expected a trigger (an object), got {}", describe(v)),
            ))
        }
    };
    let child = |o: &Object, name: &str| -> Read<Box<Trigger>> {
        Ok(Box::new(read(
            o.required(name, "a trigger")?,
            &o.path(name),
            depth + 1,
        )?))
    };
    let optional_child = |o: &Object, name: &str| -> Read<Option<Box<Trigger>>> {
        o.optional(name, |v, p| read(v, p, depth + 1).map(Box::new))
    };
    let trigger = match kind {
        "default" => {
            Object::new(v, path, "a trigger", &["type"])?;
            Trigger::Default
        }
        "never" => {
            Object::new(v, path, "a trigger", &["type"])?;
            Trigger::Never
        }
        "after_watermark" => {
            let o = Object::new(v, path, "a trigger", &["type", "early", "late"])?;
            Trigger::AfterWatermark {
                early: optional_child(&o, "early")?,
                late: optional_child(&o, "late")?,
            }
        }
        "after_processing_time" => {
            let o = Object::new(v, path, "a trigger", &["type", "delay", "align"])?;
            let delay = o
                .optional("delay", |v, p| duration(v, p, Bound::NonNegative))?
                .unwrap_or(0);
            let align = o.optional("align", read_alignment)?;
            Trigger::AfterProcessingTime { delay, align }
        }
        "after_count" => {
            let o = Object::new(v, path, "a trigger", &["type", "count"])?;
            let count = positive_whole_number(
                o.required("count", "a whole number > 0")?,
                &o.path("count"),
            )?;
            Trigger::AfterCount { count }
        }
        "repeatedly" => {
            let o = Object::new(v, path, "a trigger", &["type", "trigger"])?;
            Trigger::Repeatedly(child(&o, "trigger")?)
        }
        "after_each" | "after_any" | "after_all" => {
            let o = Object::new(v, path, "a trigger", &["type", "triggers"])?;
            let list_path = o.path("triggers");
            let list = o.required("triggers", "a non-empty array of triggers")?;
            let Some(items) = list.as_array().filter(|items| !items.is_empty()) else {
                return Err(ScenarioError::new(
                    list_path,
                    format!(
                        "expected a non-empty array of triggers, got {}",
                        describe(list)
                    ),
                ));
            };
            let triggers = items
                .iter()
                .enumerate()
                .map(|(i, t)| read(t, &index(&list_path, i), depth + 1))
                .collect::<Read<_>>()?;
            match kind {
                "after_each" => Trigger::AfterEach(triggers),
                "after_any" => Trigger::AfterAny(triggers),
                _ => Trigger::AfterAll(triggers),
            }
        }
        "or_finally" => {
            let o = Object::new(v, path, "a trigger", &["type", "trigger", "until"])?;
            Trigger::OrFinally {
                trigger: child(&o, "trigger")?,
                until: child(&o, "until")?,
            }
        }
        other => unreachable!(
            "trigger type {other:?} passed the choice of TRIGGER_TYPES but has no reader"
        ),
    };
    Ok(trigger)
}

fn read_alignment(v: &Value, path: &str) -> Read<Alignment> {
    let o = Object::new(v, path, "an alignment", &["period", "offset"])?;
    let period = duration(
        o.required("period", "a duration > 0")?,
        &o.path("period"),
        Bound::Positive,
    )?;
    let offset = o
        .optional("offset", |v, p| duration(v, p, Bound::NonNegative))?
        .unwrap_or(0);
    if offset >= period {
        return Err(ScenarioError::new(
            o.path("offset"),
            format!("expected an offset smaller than the period ({period} ms), got {offset} ms"),
        ));
    }
    Ok(Alignment { period, offset })
}

/// Writes a trigger in the scenario format (durations in milliseconds).
pub(crate) fn write(t: &Trigger) -> Value {
    match t {
        Trigger::Default => json!({"type": "default"}),
        Trigger::Never => json!({"type": "never"}),
        Trigger::AfterWatermark { early, late } => {
            let mut o = json!({"type": "after_watermark"});
            if let Some(early) = early {
                o["early"] = write(early);
            }
            if let Some(late) = late {
                o["late"] = write(late);
            }
            o
        }
        Trigger::AfterProcessingTime { delay, align } => {
            let mut o = json!({"type": "after_processing_time", "delay": delay});
            if let Some(Alignment { period, offset }) = align {
                o["align"] = json!({"period": period, "offset": offset});
            }
            o
        }
        Trigger::AfterCount { count } => json!({"type": "after_count", "count": count}),
        Trigger::Repeatedly(t) => json!({"type": "repeatedly", "trigger": write(t)}),
        Trigger::AfterEach(ts) => {
            json!({"type": "after_each", "triggers": ts.iter().map(write).collect::<Vec<_>>()})
        }
        Trigger::AfterAny(ts) => {
            json!({"type": "after_any", "triggers": ts.iter().map(write).collect::<Vec<_>>()})
        }
        Trigger::AfterAll(ts) => {
            json!({"type": "after_all", "triggers": ts.iter().map(write).collect::<Vec<_>>()})
        }
        Trigger::OrFinally { trigger, until } => {
            json!({"type": "or_finally", "trigger": write(trigger), "until": write(until)})
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(v: Value) -> String {
        read(&v, "pipeline.trigger", 1).unwrap_err().to_string()
    }

    #[test]
    fn every_type_reads_and_writes_back() {
        let tree = json!({"type": "or_finally",
            "trigger": {"type": "repeatedly", "trigger": {"type": "after_any", "triggers": [
                {"type": "after_count", "count": 3},
                {"type": "after_processing_time", "delay": 60000, "align": {"period": 10000, "offset": 5000}},
                {"type": "after_each", "triggers": [{"type": "default"}, {"type": "never"}]},
                {"type": "after_all", "triggers": [{"type": "after_watermark",
                    "early": {"type": "after_count", "count": 1}, "late": {"type": "never"}}]}]}},
            "until": {"type": "after_watermark"}});
        let t = read(&tree, "t", 1).unwrap();
        assert_eq!(write(&t), tree);
        let Trigger::OrFinally { until, .. } = &t else {
            panic!("expected or_finally, got {t:?}")
        };
        assert_eq!(
            **until,
            Trigger::AfterWatermark {
                early: None,
                late: None
            }
        );
    }

    #[test]
    fn processing_time_defaults_and_strings() {
        let t = read(&json!({"type": "after_processing_time"}), "t", 1).unwrap();
        assert_eq!(
            t,
            Trigger::AfterProcessingTime {
                delay: 0,
                align: None
            }
        );
        let t = read(
            &json!({"type": "after_processing_time", "delay": "1m", "align": {"period": "10s"}}),
            "t",
            1,
        );
        assert_eq!(
            t.unwrap(),
            Trigger::AfterProcessingTime {
                delay: 60_000,
                align: Some(Alignment {
                    period: 10_000,
                    offset: 0
                })
            }
        );
    }

    #[test]
    fn errors_name_the_path() {
        assert_eq!(
            err(
                json!({"type": "after_any", "triggers": [{"type": "never"}, {"type": "after_count", "count": 0}]})
            ),
            "pipeline.trigger.triggers[1].count: expected a whole number > 0, got 0"
        );
        assert_eq!(
            err(json!({"type": "after_watermark", "early": {"type": "after_processing_time", "delay": "1 minute"}})),
            "pipeline.trigger.early.delay: expected a duration like \"1m\", \"1m30s\" or \"250ms\", got \"1 minute\""
        );
        assert!(err(json!({"type": "after_count"})).starts_with("pipeline.trigger.count: missing"));
        assert!(err(json!({"count": 1}))
            .starts_with("pipeline.trigger.type: missing: expected one of \"default\""));
        assert!(err(json!({"type": "sometimes"})).contains("got \"sometimes\""));
        assert!(err(json!({"type": "never", "count": 1}))
            .starts_with("pipeline.trigger.count: unknown field"));
        assert!(err(json!({"type": "after_all", "triggers": []})).contains("non-empty array"));
        assert!(err(json!({"type": "repeatedly"})).starts_with("pipeline.trigger.trigger: missing"));
        assert!(err(json!("default")).contains("expected a trigger (an object), got \"default\""));
        assert!(err(json!({"type": "after_processing_time", "delay": -1})).contains("≥ 0"));
        assert!(
            err(json!({"type": "after_processing_time", "align": {"period": 0}}))
                .starts_with("pipeline.trigger.align.period")
        );
        assert!(
            err(json!({"type": "after_processing_time", "align": {"period": 5, "offset": 5}}))
                .starts_with("pipeline.trigger.align.offset")
        );
    }

    #[test]
    fn deep_trees_are_refused_at_the_limit() {
        let nest = |levels: usize| {
            let mut t = json!({"type": "never"});
            for _ in 1..levels {
                t = json!({"type": "repeatedly", "trigger": t});
            }
            t
        };
        assert!(read(&nest(MAX_TRIGGER_DEPTH), "t", 1).is_ok());
        let e = read(&nest(MAX_TRIGGER_DEPTH + 1), "t", 1).unwrap_err();
        assert!(e.message.contains("at most 64 levels"), "{e}");
        assert_eq!(e.path, format!("t{}", ".trigger".repeat(MAX_TRIGGER_DEPTH)));
    }
}
