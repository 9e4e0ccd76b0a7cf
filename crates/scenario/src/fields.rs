//! Reading JSON values by hand, so that every complaint names the field path and what was expected.

use crate::timefmt::{self, TimeText};
use crate::ScenarioError;
use serde_json::{Map, Value};

/// Result of reading one field.
pub(crate) type Read<T> = Result<T, ScenarioError>;

/// `parent.name`, or `name` at the top.
pub(crate) fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

/// `parent[i]`.
pub(crate) fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// How a value looks in an error message: strings quoted (and shortened), containers by kind.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.chars().count() > 40 => {
            let head: String = s.chars().take(40).collect();
            format!("{:?}", head + "…")
        }
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// A list of names for messages: `"a", "b", "c"`.
pub(crate) fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The message for a field that is not allowed where it stands.
pub(crate) fn unknown_field(name: &str, allowed: &[&str]) -> String {
    format!(
        "unknown field \"{name}\"; allowed here: {}",
        quoted_list(allowed)
    )
}

/// A JSON object whose fields are all known, read at `path`.
pub(crate) struct Object<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Object<'a> {
    /// Checks that `value` is an object (of the kind `what`) with only `allowed` fields.
    pub(crate) fn new(
        value: &'a Value,
        path: &str,
        what: &str,
        allowed: &[&str],
    ) -> Read<Object<'a>> {
        let Value::Object(map) = value else {
            return Err(ScenarioError::new(
                path,
                format!("expected {what} (an object), got {}", describe(value)),
            ));
        };
        if let Some(name) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(ScenarioError::new(
                join(path, name),
                unknown_field(name, allowed),
            ));
        }
        Ok(Object {
            map,
            path: path.to_string(),
        })
    }

    /// The path of field `name`.
    pub(crate) fn path(&self, name: &str) -> String {
        join(&self.path, name)
    }

    /// Field `name`, if present.
    pub(crate) fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name)
    }

    /// Field `name`, which must be present; `what` says what it should hold.
    pub(crate) fn required(&self, name: &str, what: &str) -> Read<&'a Value> {
        self.get(name)
            .ok_or_else(|| ScenarioError::new(self.path(name), format!("missing: expected {what}")))
    }

    /// Field `name` read by `read` (given the value and its path), if present.
    pub(crate) fn optional<T>(
        &self,
        name: &str,
        read: impl FnOnce(&'a Value, &str) -> Read<T>,
    ) -> Read<Option<T>> {
        self.get(name)
            .map(|v| read(v, &self.path(name)))
            .transpose()
    }
}

/// A string.
pub(crate) fn string<'a>(v: &'a Value, path: &str) -> Read<&'a str> {
    v.as_str()
        .ok_or_else(|| ScenarioError::new(path, format!("expected a string, got {}", describe(v))))
}

/// One of the strings in `options`.
pub(crate) fn choice<'a>(v: &'a Value, path: &str, options: &[&str]) -> Read<&'a str> {
    match v.as_str() {
        Some(s) if options.contains(&s) => Ok(s),
        _ => Err(ScenarioError::new(
            path,
            format!(
                "expected one of {}, got {}",
                quoted_list(options),
                describe(v)
            ),
        )),
    }
}

/// A finite number.
pub(crate) fn number(v: &Value, path: &str) -> Read<f64> {
    match v.as_f64() {
        Some(x) if x.is_finite() => Ok(x),
        _ => Err(ScenarioError::new(
            path,
            format!("expected a number, got {}", describe(v)),
        )),
    }
}

/// A whole number > 0.
pub(crate) fn positive_whole_number(v: &Value, path: &str) -> Read<u64> {
    match v.as_u64() {
        Some(n) if n > 0 => Ok(n),
        _ => Err(ScenarioError::new(
            path,
            format!("expected a whole number > 0, got {}", describe(v)),
        )),
    }
}

/// Milliseconds written as a JSON integer: `Ok(None)` if `v` is not a number at all.
fn integer_ms(v: &Value, path: &str) -> Read<Option<i64>> {
    let Value::Number(n) = v else { return Ok(None) };
    n.as_i64().map(Some).ok_or_else(|| {
        ScenarioError::new(
            path,
            format!(
                "expected a whole number of milliseconds, got {}",
                describe(v)
            ),
        )
    })
}

/// A time as written, not yet resolved against the base date.
pub(crate) fn time_text(v: &Value, path: &str) -> Read<TimeText> {
    if let Some(ms) = integer_ms(v, path)? {
        return timefmt::check_time_range(ms)
            .map(TimeText::Absolute)
            .map_err(|m| ScenarioError::new(path, m));
    }
    match v {
        Value::String(s) => timefmt::read_time(s).map_err(|m| ScenarioError::new(path, m)),
        _ => Err(ScenarioError::new(
            path,
            format!(
                "expected a time (milliseconds since the epoch, \"12:04:59\" or \"2024-05-01T12:00:00Z\"), got {}",
                describe(v)
            ),
        )),
    }
}

/// Resolves a time as written against the base date's midnight.
pub(crate) fn resolve(t: TimeText, base: i64, path: &str) -> Read<i64> {
    match t {
        TimeText::Absolute(ms) => Ok(ms),
        TimeText::OfDay(of_day) => base
            .checked_add(of_day)
            .ok_or_else(|| format!("time {of_day} is out of range"))
            .and_then(timefmt::check_time_range)
            .map_err(|m| ScenarioError::new(path, m)),
    }
}

/// A time, resolved against `base`.
pub(crate) fn time(v: &Value, path: &str, base: i64) -> Read<i64> {
    resolve(time_text(v, path)?, base, path)
}

/// The lower bound a duration field requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bound {
    /// ≥ 0.
    NonNegative,
    /// > 0.
    Positive,
}

/// A duration: integer milliseconds or a string like `"1m30s"`, with the sign `bound` requires.
pub(crate) fn duration(v: &Value, path: &str, bound: Bound) -> Read<i64> {
    let ms = match integer_ms(v, path)? {
        Some(ms) => ms,
        None => match v {
            Value::String(s) => {
                timefmt::parse_duration(s).map_err(|m| ScenarioError::new(path, m))?
            }
            _ => {
                return Err(ScenarioError::new(
                    path,
                    format!(
                        "expected a duration (milliseconds or a string like \"1m\"), got {}",
                        describe(v)
                    ),
                ))
            }
        },
    };
    match bound {
        Bound::Positive if ms <= 0 => Err(ScenarioError::new(
            path,
            format!("expected a duration > 0, got {}", describe(v)),
        )),
        Bound::NonNegative if ms < 0 => Err(ScenarioError::new(
            path,
            format!("expected a duration ≥ 0, got {}", describe(v)),
        )),
        _ => Ok(ms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths() {
        assert_eq!(join("", "a"), "a");
        assert_eq!(join("a", "b"), "a.b");
        assert_eq!(index("a.b", 3), "a.b[3]");
    }

    #[test]
    fn objects_refuse_unknown_fields_and_name_them() {
        let v = json!({"type": "fixed", "sise": "1m"});
        let e = Object::new(
            &v,
            "pipeline.window",
            "a window",
            &["type", "size", "offset"],
        )
        .err()
        .unwrap();
        assert_eq!(e.path, "pipeline.window.sise");
        assert!(
            e.message.contains("\"sise\"") && e.message.contains("\"size\", \"offset\""),
            "{e}"
        );
        let e = Object::new(&json!([1]), "pipeline", "a pipeline", &[])
            .err()
            .unwrap();
        assert_eq!(
            e.to_string(),
            "pipeline: expected a pipeline (an object), got an array"
        );
    }

    #[test]
    fn durations_and_their_bounds() {
        assert_eq!(duration(&json!("1m"), "d", Bound::Positive), Ok(60_000));
        assert_eq!(duration(&json!(5), "d", Bound::Positive), Ok(5));
        assert_eq!(
            duration(&json!(0), "w.size", Bound::Positive)
                .unwrap_err()
                .to_string(),
            "w.size: expected a duration > 0, got 0"
        );
        assert!(duration(&json!("-1s"), "d", Bound::NonNegative)
            .unwrap_err()
            .message
            .contains("≥ 0"));
        assert!(duration(&json!(1.5), "d", Bound::NonNegative)
            .unwrap_err()
            .message
            .contains("whole number"));
        assert!(duration(&json!(true), "d", Bound::NonNegative)
            .unwrap_err()
            .message
            .contains("got true"));
        assert_eq!(
            duration(&json!("1 minute"), "p.delay", Bound::Positive)
                .unwrap_err()
                .to_string(),
            "p.delay: expected a duration like \"1m\", \"1m30s\" or \"250ms\", got \"1 minute\""
        );
    }

    #[test]
    fn times() {
        assert_eq!(time(&json!("00:00:01"), "t", 86_400_000), Ok(86_401_000));
        assert_eq!(time(&json!(-5), "t", 0), Ok(-5));
        assert!(time(&json!(i64::MAX), "t", 0)
            .unwrap_err()
            .message
            .contains("out of range"));
        assert!(time(&json!(u64::MAX), "t", 0)
            .unwrap_err()
            .message
            .contains("whole number"));
        assert!(time(&json!(null), "t", 0)
            .unwrap_err()
            .message
            .contains("got null"));
    }

    #[test]
    fn scalars() {
        assert_eq!(
            positive_whole_number(&json!(0), "c")
                .unwrap_err()
                .to_string(),
            "c: expected a whole number > 0, got 0"
        );
        assert!(positive_whole_number(&json!(2.5), "c").is_err());
        assert!(positive_whole_number(&json!(-1), "c").is_err());
        assert_eq!(positive_whole_number(&json!(3), "c"), Ok(3));
        assert!(choice(&json!("sun"), "c", &["sum", "count"])
            .unwrap_err()
            .message
            .contains("\"sum\", \"count\""));
        assert_eq!(number(&json!(2.5), "v"), Ok(2.5));
        assert!(number(&json!("2"), "v").is_err());
        assert!(describe(&json!("x".repeat(100))).ends_with("…\""));
    }
}
