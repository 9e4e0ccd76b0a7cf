//! Reading JSON objects field by field: known fields only, every error naming the field path.

use crate::error::IngestError;
use serde_json::{Map, Value};

/// How times and durations are written. The scenario crate passes its own readers (which know the
/// scenario's base date and RFC 3339); [`Syntax::builtin`] reads integers (milliseconds),
/// durations like `"1m30s"` and times of day like `"12:00:05.250"` on 1970-01-01.
#[derive(Clone, Copy)]
pub struct Syntax<'a> {
    /// Reads a time written as a string, e.g. `"12:00:00"`; returns `expected …, got …` on error.
    pub time: &'a dyn Fn(&str) -> Result<i64, String>,
    /// Reads a duration written as a string, e.g. `"250ms"`.
    pub duration: &'a dyn Fn(&str) -> Result<i64, String>,
}

impl Syntax<'static> {
    /// The readers built into this crate.
    ///
    /// ```
    /// use windowpane_ingest::Syntax;
    /// let s = Syntax::builtin();
    /// assert_eq!((s.duration)("1m30s"), Ok(90_000));
    /// assert_eq!((s.time)("12:00:01.5"), Ok(43_201_500));
    /// ```
    pub fn builtin() -> Syntax<'static> {
        Syntax { time: &builtin_time, duration: &builtin_duration }
    }
}

fn builtin_duration(text: &str) -> Result<i64, String> {
    let wrong = || format!("expected a duration like \"1m\", \"1m30s\" or \"250ms\", got {text:?}");
    let units = [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)];
    let (mut rest, mut total, mut next) = (text, 0i64, 0usize);
    if rest.is_empty() {
        return Err(wrong());
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let letters = rest[digits..].bytes().take_while(u8::is_ascii_alphabetic).count();
        let amount: i64 = rest[..digits].parse().map_err(|_| wrong())?;
        let unit = &rest[digits..digits + letters];
        let at = units.iter().position(|(u, _)| *u == unit).filter(|&i| i >= next).ok_or_else(wrong)?;
        total = amount.checked_mul(units[at].1).and_then(|v| v.checked_add(total)).ok_or_else(wrong)?;
        next = at + 1;
        rest = &rest[digits + letters..];
    }
    Ok(total)
}

fn builtin_time(text: &str) -> Result<i64, String> {
    let wrong = || format!("expected a time like \"12:04:59\" or \"12:04:59.250\", got {text:?}");
    let (clock, frac) = text.split_once('.').unwrap_or((text, ""));
    let parts: Vec<&str> = clock.split(':').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.len() != 2) || frac.len() > 3 {
        return Err(wrong());
    }
    let num = |s: &str| s.parse::<i64>().map_err(|_| wrong());
    let (h, m, s) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
    let ms = if frac.is_empty() { 0 } else { num(&format!("{frac:0<3}"))? };
    if h > 23 || m > 59 || s > 59 {
        return Err(wrong());
    }
    Ok(((h * 60 + m) * 60 + s) * 1000 + ms)
}

/// The fields of one JSON object at `path`, read one by one; [`Fields::finish`] rejects the rest.
pub(crate) struct Fields<'v> {
    map: &'v Map<String, Value>,
    path: String,
    known: Vec<&'static str>,
}

/// `value` as JSON text, for messages.
pub(crate) fn shown(value: &Value) -> String {
    value.to_string()
}

impl<'v> Fields<'v> {
    pub(crate) fn new(value: &'v Value, path: &str) -> Result<Fields<'v>, IngestError> {
        match value {
            Value::Object(map) => Ok(Fields { map, path: path.to_string(), known: Vec::new() }),
            other => Err(IngestError::new(path, format!("expected an object, got {}", shown(other)))),
        }
    }

    /// The path of field `name`.
    pub(crate) fn at(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    pub(crate) fn get(&mut self, name: &'static str) -> Option<&'v Value> {
        self.known.push(name);
        self.map.get(name).filter(|v| !v.is_null())
    }

    pub(crate) fn require(&mut self, name: &'static str, what: &str) -> Result<&'v Value, IngestError> {
        let at = self.at(name);
        self.get(name).ok_or_else(|| IngestError::new(at, format!("missing: expected {what}")))
    }

    /// Fails on the first field that was never asked for, so typos do not pass silently.
    pub(crate) fn finish(self) -> Result<(), IngestError> {
        let mut names: Vec<&String> = self.map.keys().collect();
        names.sort();
        match names.into_iter().find(|n| !self.known.contains(&n.as_str())) {
            None => Ok(()),
            Some(name) => {
                let mut known = self.known.clone();
                known.sort_unstable();
                known.dedup();
                Err(IngestError::new(self.at(name), format!("unknown field (known: {})", known.join(", "))))
            }
        }
    }

    /// A whole number in `min..=max` (no upper bound when `max` is `None`).
    pub(crate) fn whole(&mut self, name: &'static str, min: u64, max: Option<u64>, default: u64) -> Result<u64, IngestError> {
        let at = self.at(name);
        let Some(v) = self.get(name) else { return Ok(default) };
        let expected = match max {
            Some(max) => format!("expected a whole number from {min} to {max}"),
            None => format!("expected a whole number ≥ {min}"),
        };
        match v.as_u64() {
            Some(n) if n >= min && max.is_none_or(|m| n <= m) => Ok(n),
            _ => Err(IngestError::new(at, format!("{expected}, got {}", shown(v)))),
        }
    }

    /// A finite number accepted by `ok`, described by `expected` (e.g. "a number > 0").
    pub(crate) fn number(&mut self, name: &'static str, expected: &str, ok: fn(f64) -> bool, default: Option<f64>) -> Result<f64, IngestError> {
        let at = self.at(name);
        let v = match (self.get(name), default) {
            (Some(v), _) => v,
            (None, Some(d)) => return Ok(d),
            (None, None) => return Err(IngestError::new(at, format!("missing: expected {expected}"))),
        };
        match v.as_f64() {
            Some(x) if x.is_finite() && ok(x) => Ok(x),
            _ => Err(IngestError::new(at, format!("expected {expected}, got {}", shown(v)))),
        }
    }
}

/// A duration ≥ 0 at `path`: an integer of milliseconds or a string like `"250ms"`.
pub(crate) fn duration(v: &Value, path: &str, syntax: &Syntax) -> Result<i64, IngestError> {
    let ms = match v {
        Value::String(s) => (syntax.duration)(s).map_err(|m| IngestError::new(path, m))?,
        _ => v.as_i64().ok_or_else(|| {
            IngestError::new(path, format!("expected a duration like \"250ms\" or whole milliseconds, got {}", shown(v)))
        })?,
    };
    if ms < 0 {
        return Err(IngestError::new(path, format!("expected a duration ≥ 0, got {}", shown(v))));
    }
    if ms > MAX_DURATION {
        return Err(IngestError::new(path, format!("expected a duration of at most 36525d (100 years), got {}", shown(v))));
    }
    Ok(ms)
}

/// The longest duration of the transport (delays, skew, batch windows, retries, periods): 100
/// years. Times lie in the years 0000 to 9999, so a time plus a few such durations stays far
/// inside an `i64` and the simulation's arithmetic cannot overflow.
pub const MAX_DURATION: i64 = 36_525 * 86_400_000;

/// The longest processing time a consumer takes per record or per batch: one day, in µs (so a
/// batch of 10,000 records still fits in an `i64` of microseconds).
const MAX_MICROS: i64 = 86_400_000_000;

/// A short duration in microseconds, from 0 to one day: a number of milliseconds (fractions
/// allowed), `"250us"`, or a duration string.
pub(crate) fn micros(v: &Value, path: &str, syntax: &Syntax) -> Result<i64, IngestError> {
    let wrong = || IngestError::new(path, format!("expected a duration from 0 to 1d like 0.5 (ms), \"250us\" or \"2ms\", got {}", shown(v)));
    let us = if let Some(ms) = v.as_f64() {
        if !ms.is_finite() || ms < 0.0 || ms * 1000.0 > MAX_MICROS as f64 {
            return Err(wrong());
        }
        (ms * 1000.0).round() as i64
    } else if let Some(us) = v.as_str().and_then(|s| s.strip_suffix("us")) {
        // Digits only: "-5us" must not pass as a negative processing time.
        if us.is_empty() || !us.bytes().all(|b| b.is_ascii_digit()) {
            return Err(wrong());
        }
        us.parse::<i64>().map_err(|_| wrong())?
    } else {
        duration(v, path, syntax)?.saturating_mul(1000)
    };
    if us > MAX_MICROS {
        return Err(wrong());
    }
    Ok(us)
}

/// A time at `path`: an integer of milliseconds since the epoch or a string the syntax reads.
pub(crate) fn time(v: &Value, path: &str, syntax: &Syntax) -> Result<i64, IngestError> {
    match v {
        Value::String(s) => (syntax.time)(s).map_err(|m| IngestError::new(path, m)),
        _ => v.as_i64().ok_or_else(|| {
            IngestError::new(path, format!("expected a time like \"12:00:00\" or milliseconds since the epoch, got {}", shown(v)))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (overflow checks): a batch window (or delay, retry, ...) of 106751991167d
    /// overflowed `oldest + batch_window` in the Kinesis consumer.
    #[test]
    fn durations_are_at_most_a_hundred_years() {
        let s = Syntax::builtin();
        let e = duration(&serde_json::json!("106751991167d"), "ingest.consumer.batch_window", &s).unwrap_err();
        assert_eq!(e.to_string(), "ingest.consumer.batch_window: expected a duration of at most 36525d (100 years), got \"106751991167d\"");
        assert_eq!(duration(&serde_json::json!("36525d"), "p", &s), Ok(MAX_DURATION));
        assert!(duration(&serde_json::json!(MAX_DURATION + 1), "p", &s).is_err());
    }
}
