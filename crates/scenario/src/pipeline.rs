//! Reading and writing the `pipeline` section: window, trigger, accumulation, lateness, combining.

use crate::fields::{choice, describe, duration, quoted_list, Bound, Object, Read};
use crate::{trigger, ScenarioError};
use serde_json::{json, Map, Value};
use windowpane_engine::{
    AccumulationMode, ClosingBehavior, Combiner, OnTimeBehavior, Pipeline, TimestampCombiner,
    WindowFn,
};

/// The fields of `pipeline`.
pub const PIPELINE_FIELDS: &[&str] = &[
    "window",
    "trigger",
    "accumulation",
    "allowed_lateness",
    "combine",
    "timestamp_combiner",
    "closing_behavior",
    "on_time_behavior",
];

/// The window types, as written in `pipeline.window.type`.
pub const WINDOW_TYPES: &[&str] = &["global", "fixed", "sliding", "sessions"];

/// Most windows a sliding window function may give one element (`size / period`, rounded up):
/// an hour sliding by the second is 3,600. Every window of every element is state to keep and a
/// pane to fire, so a day sliding by the millisecond (86,400,000 per element) would never finish.
pub const MAX_WINDOWS_PER_ELEMENT: i64 = 10_000;

const ACCUMULATION: &[(&str, AccumulationMode)] = &[
    ("discarding", AccumulationMode::Discarding),
    ("accumulating", AccumulationMode::Accumulating),
    (
        "accumulating_and_retracting",
        AccumulationMode::AccumulatingAndRetracting,
    ),
];

pub(crate) const COMBINE: &[(&str, Combiner)] = &[
    ("sum", Combiner::Sum),
    ("count", Combiner::Count),
    ("min", Combiner::Min),
    ("max", Combiner::Max),
    ("mean", Combiner::Mean),
    ("latest", Combiner::Latest),
    ("collect", Combiner::Collect),
];

const TIMESTAMP_COMBINER: &[(&str, TimestampCombiner)] = &[
    ("end_of_window", TimestampCombiner::EndOfWindow),
    ("earliest", TimestampCombiner::Earliest),
    ("latest", TimestampCombiner::Latest),
];

const CLOSING: &[(&str, ClosingBehavior)] = &[
    ("fire_if_non_empty", ClosingBehavior::FireIfNonEmpty),
    ("fire_always", ClosingBehavior::FireAlways),
];

const ON_TIME: &[(&str, OnTimeBehavior)] = &[
    ("fire_always", OnTimeBehavior::FireAlways),
    ("fire_if_non_empty", OnTimeBehavior::FireIfNonEmpty),
];

/// Reads the `pipeline` section. Missing fields take Beam's defaults (global window, default
/// trigger, discarding, no allowed lateness, end-of-window timestamps, fire-if-non-empty closing,
/// fire-always on time); the combiner defaults to `sum`.
pub(crate) fn read(v: &Value, path: &str) -> Read<Pipeline> {
    let o = Object::new(v, path, "a pipeline", PIPELINE_FIELDS)?;
    let window = o
        .optional("window", read_window)?
        .unwrap_or(WindowFn::Global);
    let mut p = Pipeline::new(window);
    if let Some(t) = o.get("trigger") {
        p.trigger = trigger::read(t, &o.path("trigger"), 1)?;
    }
    if let Some(a) = o.optional("accumulation", |v, p| named(v, p, ACCUMULATION))? {
        p.accumulation = a;
    }
    if let Some(l) = o.optional("allowed_lateness", |v, p| {
        duration(v, p, Bound::NonNegative)
    })? {
        p.allowed_lateness = l;
    }
    if let Some(c) = o.optional("combine", |v, p| named(v, p, COMBINE))? {
        p.combine = c;
    }
    if let Some(t) = o.optional("timestamp_combiner", |v, p| named(v, p, TIMESTAMP_COMBINER))? {
        p.timestamp_combiner = t;
    }
    if let Some(c) = o.optional("closing_behavior", |v, p| named(v, p, CLOSING))? {
        p.closing_behavior = c;
    }
    if let Some(b) = o.optional("on_time_behavior", |v, p| named(v, p, ON_TIME))? {
        p.on_time_behavior = b;
    }
    Ok(p)
}

pub(crate) fn named<T: Copy>(v: &Value, path: &str, table: &[(&str, T)]) -> Read<T> {
    let names: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
    let name = choice(v, path, &names)?;
    Ok(table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, x)| *x)
        .expect("choice() returned a name of the table"))
}

pub(crate) fn name_of<T: PartialEq>(x: &T, table: &[(&'static str, T)]) -> &'static str {
    table
        .iter()
        .find(|(_, y)| y == x)
        .map(|(n, _)| *n)
        .expect("every enum value has a name in its table")
}

pub(crate) fn read_window(v: &Value, path: &str) -> Read<WindowFn> {
    let Some(kind) = v.get("type") else {
        return match v {
            Value::Object(_) => Err(ScenarioError::new(
                format!("{path}.type"),
                format!("missing: expected one of {}", quoted_list(WINDOW_TYPES)),
            )),
            _ => Err(ScenarioError::new(
                path,
                format!("expected a window (an object), got {}", describe(v)),
            )),
        };
    };
    let kind = choice(kind, &format!("{path}.type"), WINDOW_TYPES)?;
    match kind {
        "global" => {
            Object::new(v, path, "a window", &["type"])?;
            Ok(WindowFn::Global)
        }
        "fixed" => {
            let o = Object::new(v, path, "a window", &["type", "size", "offset"])?;
            let size = duration(
                o.required("size", "a duration > 0")?,
                &o.path("size"),
                Bound::Positive,
            )?;
            let offset = read_offset(&o, size, "size")?;
            Ok(WindowFn::Fixed { size, offset })
        }
        "sliding" => {
            let o = Object::new(v, path, "a window", &["type", "size", "period", "offset"])?;
            let size = duration(
                o.required("size", "a duration > 0")?,
                &o.path("size"),
                Bound::Positive,
            )?;
            let period = duration(
                o.required("period", "a duration > 0")?,
                &o.path("period"),
                Bound::Positive,
            )?;
            if period > size {
                return Err(ScenarioError::new(
                    o.path("period"),
                    format!(
                        "expected a period no longer than the size ({size} ms), got {period} ms"
                    ),
                ));
            }
            // The offset (read below) does not change the count.
            let per_element = WindowFn::Sliding { size, period, offset: 0 }.windows_per_element();
            if per_element > MAX_WINDOWS_PER_ELEMENT {
                return Err(ScenarioError::new(
                    o.path("period"),
                    format!(
                        "expected a period of at least {} ms for a size of {size} ms (at most \
                         {MAX_WINDOWS_PER_ELEMENT} windows per element), got {period} ms: \
                         {per_element} windows per element",
                        (size - 1) / MAX_WINDOWS_PER_ELEMENT + 1
                    ),
                ));
            }
            let offset = read_offset(&o, period, "period")?;
            Ok(WindowFn::Sliding {
                size,
                period,
                offset,
            })
        }
        "sessions" => {
            let o = Object::new(v, path, "a window", &["type", "gap"])?;
            let gap = duration(
                o.required("gap", "a duration > 0")?,
                &o.path("gap"),
                Bound::Positive,
            )?;
            Ok(WindowFn::Sessions { gap })
        }
        other => unreachable!(
            "window type {other:?} passed the choice of WINDOW_TYPES but has no reader"
        ),
    }
}

/// `offset`, which like Beam's Java SDK must satisfy `0 <= offset < limit`.
fn read_offset(o: &Object, limit: i64, limit_name: &str) -> Read<i64> {
    let offset = o
        .optional("offset", |v, p| duration(v, p, Bound::NonNegative))?
        .unwrap_or(0);
    if offset >= limit {
        return Err(ScenarioError::new(
            o.path("offset"),
            format!(
                "expected an offset smaller than the {limit_name} ({limit} ms), got {offset} ms"
            ),
        ));
    }
    Ok(offset)
}

/// Writes a pipeline with every field explicit (durations in milliseconds).
/// The name of a combiner as the file writes it (`"sum"`, `"collect"`, ...).
pub fn combine_name(c: &Combiner) -> &'static str {
    name_of(c, COMBINE)
}

pub(crate) fn write(p: &Pipeline) -> Value {
    let window = write_window(&p.window);
    let mut o = Map::new();
    o.insert("window".into(), window);
    o.insert("trigger".into(), trigger::write(&p.trigger));
    o.insert(
        "accumulation".into(),
        name_of(&p.accumulation, ACCUMULATION).into(),
    );
    o.insert("allowed_lateness".into(), p.allowed_lateness.into());
    o.insert("combine".into(), name_of(&p.combine, COMBINE).into());
    o.insert(
        "timestamp_combiner".into(),
        name_of(&p.timestamp_combiner, TIMESTAMP_COMBINER).into(),
    );
    o.insert(
        "closing_behavior".into(),
        name_of(&p.closing_behavior, CLOSING).into(),
    );
    o.insert(
        "on_time_behavior".into(),
        name_of(&p.on_time_behavior, ON_TIME).into(),
    );
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use windowpane_engine::Trigger;

    fn err(v: Value) -> String {
        read(&v, "pipeline").unwrap_err().to_string()
    }

    #[test]
    fn defaults_follow_beam() {
        let p = read(&json!({}), "pipeline").unwrap();
        assert_eq!(p.window, WindowFn::Global);
        assert_eq!(p.trigger, Trigger::Default);
        assert_eq!(p.accumulation, AccumulationMode::Discarding);
        assert_eq!(p.allowed_lateness, 0);
        assert_eq!(p.combine, Combiner::Sum);
        assert_eq!(p.timestamp_combiner, TimestampCombiner::EndOfWindow);
        assert_eq!(p.closing_behavior, ClosingBehavior::FireIfNonEmpty);
        assert_eq!(p.on_time_behavior, OnTimeBehavior::FireAlways);
    }

    #[test]
    fn windows() {
        let w = |v: Value| read(&json!({ "window": v }), "pipeline").unwrap().window;
        assert_eq!(
            w(json!({"type": "fixed", "size": "2m"})),
            WindowFn::Fixed {
                size: 120_000,
                offset: 0
            }
        );
        assert_eq!(
            w(json!({"type": "sliding", "size": "10m", "period": "2m", "offset": "1m"})),
            WindowFn::Sliding {
                size: 600_000,
                period: 120_000,
                offset: 60_000
            }
        );
        assert_eq!(
            w(json!({"type": "sliding", "size": 5, "period": 5})),
            WindowFn::Sliding {
                size: 5,
                period: 5,
                offset: 0
            }
        );
        assert_eq!(
            w(json!({"type": "sessions", "gap": "1m"})),
            WindowFn::Sessions { gap: 60_000 }
        );
        assert_eq!(w(json!({"type": "global"})), WindowFn::Global);
    }

    #[test]
    fn window_errors() {
        assert_eq!(
            err(json!({"window": {"type": "fixed", "size": 0}})),
            "pipeline.window.size: expected a duration > 0, got 0"
        );
        assert_eq!(
            err(json!({"window": {"type": "fixed", "size": "-2m"}})),
            "pipeline.window.size: expected a duration > 0, got \"-2m\""
        );
        assert_eq!(
            err(json!({"window": {"type": "sliding", "size": "1m", "period": "2m"}})),
            "pipeline.window.period: expected a period no longer than the size (60000 ms), got 120000 ms"
        );
        assert!(err(json!({"window": {"type": "sessions", "gap": 0}}))
            .starts_with("pipeline.window.gap: expected a duration > 0"));
        assert!(
            err(json!({"window": {"type": "sliding", "size": "1m", "period": 0}}))
                .starts_with("pipeline.window.period")
        );
        // A day sliding by the millisecond: 86,400,000 windows for every element.
        assert_eq!(
            err(json!({"window": {"type": "sliding", "size": "1d", "period": "1ms"}})),
            "pipeline.window.period: expected a period of at least 8640 ms for a size of 86400000 ms \
             (at most 10000 windows per element), got 1 ms: 86400000 windows per element"
        );
        // At the limit and just past it: 10,000 windows per element are allowed, 10,001 not.
        assert!(err(json!({"window": {"type": "sliding", "size": 10_001, "period": 1}}))
            .ends_with("got 1 ms: 10001 windows per element"));
        assert!(read(&json!({"window": {"type": "sliding", "size": 10_000, "period": 1}}), "pipeline").is_ok());
        // The largest size: ⌈(2^63 − 1) / 2⌉ = 2^62 windows, and a period of at least
        // ⌈(2^63 − 1) / 10,000⌉ = 922,337,203,685,478 ms (no overflow on the way).
        assert_eq!(
            err(json!({"window": {"type": "sliding", "size": i64::MAX, "period": 2}})),
            format!(
                "pipeline.window.period: expected a period of at least 922337203685478 ms for a size of {} ms \
                 (at most 10000 windows per element), got 2 ms: {} windows per element",
                i64::MAX,
                1i64 << 62
            )
        );
        let at_limit = read(&json!({"window": {"type": "sliding", "size": "1d", "period": 8640}}), "pipeline");
        assert_eq!(at_limit.unwrap().window, WindowFn::Sliding { size: 86_400_000, period: 8640, offset: 0 });
        assert!(
            err(json!({"window": {"type": "fixed", "size": "1m", "offset": "1m"}}))
                .starts_with("pipeline.window.offset")
        );
        assert!(
            err(json!({"window": {"type": "fixed"}})).starts_with("pipeline.window.size: missing")
        );
        assert!(err(json!({"window": {"type": "hopping"}}))
            .starts_with("pipeline.window.type: expected one of"));
        assert!(err(json!({"window": {"size": 1}})).starts_with("pipeline.window.type: missing"));
        assert!(err(json!({"window": {"type": "global", "size": 1}}))
            .starts_with("pipeline.window.size: unknown field"));
        assert!(err(json!({"window": "fixed"})).contains("expected a window (an object)"));
    }

    #[test]
    fn other_field_errors() {
        assert!(err(json!({"accumulation": "accumulate"}))
            .starts_with("pipeline.accumulation: expected one of \"discarding\""));
        assert!(err(json!({"allowed_lateness": -1}))
            .starts_with("pipeline.allowed_lateness: expected a duration ≥ 0"));
        assert!(err(json!({"combine": "median"})).contains("got \"median\""));
        assert!(err(json!({"lateness": 0})).starts_with(
            "pipeline.lateness: unknown field \"lateness\"; allowed here: \"window\""
        ));
        assert!(err(json!({"trigger": {"type": "after_count", "count": 0}}))
            .starts_with("pipeline.trigger.count"));
    }

    #[test]
    fn writes_back_what_it_reads() {
        let v = json!({"window": {"type": "sliding", "size": 600000, "period": 120000, "offset": 0},
            "trigger": {"type": "after_watermark", "late": {"type": "after_count", "count": 1}},
            "accumulation": "accumulating_and_retracting", "allowed_lateness": 86400000, "combine": "collect",
            "timestamp_combiner": "latest", "closing_behavior": "fire_always", "on_time_behavior": "fire_if_non_empty"});
        assert_eq!(write(&read(&v, "pipeline").unwrap()), v);
    }
}

/// Writes a window function (durations in milliseconds).
pub(crate) fn write_window(w: &WindowFn) -> Value {
    match *w {
        WindowFn::Global => json!({"type": "global"}),
        WindowFn::Fixed { size, offset } => {
            json!({"type": "fixed", "size": size, "offset": offset})
        }
        WindowFn::Sliding {
            size,
            period,
            offset,
        } => {
            json!({"type": "sliding", "size": size, "period": period, "offset": offset})
        }
        WindowFn::Sessions { gap } => json!({"type": "sessions", "gap": gap}),
    }
}
