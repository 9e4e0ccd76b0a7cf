//! Reading a recorded trace (CSV with a header line, or JSON lines) into scenario events, with a
//! column mapping: which column holds the key, the value, the event time and, optionally, the
//! arrival or send time. Every error names the line (from 1, the header included) and the column.

use crate::timefmt::parse_time;
use crate::ScenarioError;
use serde::Deserialize;
use serde_json::Value;

/// What the trace's time column (besides the event time) means.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TimeColumn {
    /// When the event reached the pipeline (a scenario without a transport).
    Arrival,
    /// When the device sent it (a scenario whose transport computes arrivals).
    Sent,
}

/// Which column holds what, by the column's name (a CSV header, a JSON field).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The key's column.
    pub key: String,
    /// The value's column.
    pub value: String,
    /// The event time's column.
    pub event_time: String,
    /// The arrival or send time's column (none: sent at the event time, or no arrival).
    #[serde(default)]
    pub time: Option<String>,
    /// What `time` holds.
    pub time_is: TimeColumn,
}

/// One event read from a trace (times in ms).
#[derive(Clone, Debug, PartialEq)]
pub struct TraceEvent {
    /// The key.
    pub key: String,
    /// The value.
    pub value: f64,
    /// The event time.
    pub event_time: i64,
    /// The arrival or send time (what [`Mapping::time_is`] says), when mapped.
    pub time: Option<i64>,
}

/// The two formats a trace comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated, a header line first (quotes as in RFC 4180, within one line).
    Csv,
    /// One JSON object per line.
    JsonLines,
}

/// The format of `text`: JSON lines when its first non-blank line starts with `{`.
pub fn format_of(text: &str) -> Format {
    match text.lines().map(str::trim).find(|l| !l.is_empty()) {
        Some(l) if l.starts_with('{') => Format::JsonLines,
        _ => Format::Csv,
    }
}

/// The column names of a trace: a CSV's header, or the fields of the first JSON line.
///
/// ```
/// use windowpane_scenario::trace::columns;
/// assert_eq!(columns("device,temp,ts\nd1,20,12:00:00\n").unwrap(), ["device", "temp", "ts"]);
/// assert_eq!(columns("{\"k\": \"a\", \"v\": 1}\n").unwrap(), ["k", "v"]);
/// ```
pub fn columns(text: &str) -> Result<Vec<String>, ScenarioError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (number, line) = lines(text).next().ok_or_else(|| ScenarioError::new("line 1", "empty trace: expected a header line or a JSON object"))?;
    match format_of(text) {
        Format::Csv => split_csv(line, number),
        Format::JsonLines => match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(map)) => Ok(map.keys().cloned().collect()),
            _ => Err(ScenarioError::new(format!("line {number}"), "expected a JSON object")),
        },
    }
}

/// Reads every line of a trace into events, with `base` the date of times of day.
///
/// ```
/// use windowpane_scenario::trace::{read, Mapping, TimeColumn};
/// let m = Mapping { key: "device".into(), value: "temp".into(), event_time: "ts".into(),
///     time: Some("got".into()), time_is: TimeColumn::Arrival };
/// let e = read("device,temp,ts,got\nd1,20.5,12:00:00,12:00:03\n", &m, 0).unwrap();
/// assert_eq!((e[0].key.as_str(), e[0].value, e[0].event_time, e[0].time), ("d1", 20.5, 43_200_000, Some(43_203_000)));
/// let bad = read("device,temp,ts,got\nd1,20,12:00:00,12:00:03\nd2,warm,12:00:01,12:00:04\n", &m, 0).unwrap_err();
/// assert_eq!(bad.to_string(), "line 3, column 2 (temp): expected a number, got \"warm\"");
/// ```
pub fn read(text: &str, mapping: &Mapping, base: i64) -> Result<Vec<TraceEvent>, ScenarioError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    match format_of(text) {
        Format::Csv => read_csv(text, mapping, base),
        Format::JsonLines => read_json_lines(text, mapping, base),
    }
}

/// The non-blank lines of `text` with their numbers (from 1).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end_matches('\r'))).filter(|(_, l)| !l.trim().is_empty())
}

/// The fields of one CSV line: separated by commas, a field in double quotes may hold commas and
/// doubled quotes (`""`).
fn split_csv(line: &str, number: usize) -> Result<Vec<String>, ScenarioError> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                    None => {
                        return Err(ScenarioError::new(format!("line {number}, column {}", fields.len() + 1), "unterminated quote: expected a closing \""))
                    }
                }
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => {}
                Some(c) => {
                    return Err(ScenarioError::new(format!("line {number}, column {}", fields.len() + 1), format!("expected a comma after the closing quote, got {c:?}")))
                }
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(field.trim().to_owned());
                        return Ok(fields);
                    }
                    Some(',') => break,
                    Some(c) => field.push(c),
                }
            }
        }
        fields.push(field.trim().to_owned());
    }
}

/// Where each mapped column is among `header`.
struct Positions {
    key: usize,
    value: usize,
    event_time: usize,
    time: Option<usize>,
}

fn positions(header: &[String], mapping: &Mapping) -> Result<Positions, ScenarioError> {
    let find = |name: &str, role: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            ScenarioError::new(format!("mapping.{role}"), format!("no column {name:?} in the header (columns: {})", header.join(", ")))
        })
    };
    Ok(Positions {
        key: find(&mapping.key, "key")?,
        value: find(&mapping.value, "value")?,
        event_time: find(&mapping.event_time, "event_time")?,
        time: mapping.time.as_deref().map(|t| find(t, "time")).transpose()?,
    })
}

fn read_csv(text: &str, mapping: &Mapping, base: i64) -> Result<Vec<TraceEvent>, ScenarioError> {
    let mut rows = lines(text);
    let (number, head) = rows.next().ok_or_else(|| ScenarioError::new("line 1", "empty trace: expected a header line"))?;
    let header = split_csv(head, number)?;
    let at = positions(&header, mapping)?;
    let mut events = Vec::new();
    for (number, line) in rows {
        let fields = split_csv(line, number)?;
        if fields.len() != header.len() {
            return Err(ScenarioError::new(format!("line {number}"), format!("expected {} columns as in the header, got {}", header.len(), fields.len())));
        }
        let place = |i: usize| format!("line {number}, column {} ({})", i + 1, header[i]);
        let number_at = |i: usize| {
            fields[i].parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| ScenarioError::new(place(i), format!("expected a number, got {:?}", fields[i])))
        };
        let time_at = |i: usize| read_time(&Value::String(fields[i].clone()), base).map_err(|m| ScenarioError::new(place(i), m));
        if fields[at.key].is_empty() {
            return Err(ScenarioError::new(place(at.key), "expected a key, got an empty field"));
        }
        events.push(TraceEvent {
            key: fields[at.key].clone(),
            value: number_at(at.value)?,
            event_time: time_at(at.event_time)?,
            time: at.time.map(time_at).transpose()?,
        });
    }
    Ok(events)
}

fn read_json_lines(text: &str, mapping: &Mapping, base: i64) -> Result<Vec<TraceEvent>, ScenarioError> {
    let mut events = Vec::new();
    for (number, line) in lines(text) {
        let object = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(ScenarioError::new(format!("line {number}"), "expected a JSON object")),
            Err(e) => return Err(ScenarioError::new(format!("line {number}, column {}", e.column()), format!("invalid JSON: {e}"))),
        };
        let place = |name: &str| format!("line {number}, field {name:?}");
        let get = |name: &str| object.get(name).filter(|v| !v.is_null()).ok_or_else(|| ScenarioError::new(place(name), "missing"));
        let key = match get(&mapping.key)? {
            Value::String(s) if !s.is_empty() => s.clone(),
            Value::Number(n) => n.to_string(),
            other => return Err(ScenarioError::new(place(&mapping.key), format!("expected a key (a string or number), got {other}"))),
        };
        let value = get(&mapping.value)?;
        let value = value
            .as_f64()
            .or_else(|| value.as_str().and_then(|s| s.trim().parse::<f64>().ok()))
            .filter(|v| v.is_finite())
            .ok_or_else(|| ScenarioError::new(place(&mapping.value), format!("expected a number, got {value}")))?;
        let time_of = |name: &str| read_time(get(name)?, base).map_err(|m| ScenarioError::new(place(name), m));
        events.push(TraceEvent {
            key,
            value,
            event_time: time_of(&mapping.event_time)?,
            time: mapping.time.as_deref().map(time_of).transpose()?,
        });
    }
    Ok(events)
}

/// A time as a trace writes it: whole milliseconds since the epoch, or a string the scenario
/// format reads (`"12:00:00"` on the base date, RFC 3339).
fn read_time(v: &Value, base: i64) -> Result<i64, String> {
    match v {
        Value::Number(n) => n.as_i64().ok_or_else(|| format!("expected whole milliseconds since the epoch, got {n}")),
        Value::String(s) => s.trim().parse::<i64>().or_else(|_| parse_time(s.trim(), base)),
        other => Err(format!("expected a time like \"12:00:00\", an RFC 3339 timestamp or milliseconds, got {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(time: Option<&str>, time_is: TimeColumn) -> Mapping {
        Mapping { key: "device".into(), value: "v".into(), event_time: "t".into(), time: time.map(Into::into), time_is }
    }

    #[test]
    fn csv_with_quotes_blank_lines_and_a_byte_order_mark() {
        let text = "\u{FEFF}t,device,v,sent\r\n\"12:00:00.250\",\"d,1\",3,12:00:01\r\n\r\n43201000,\"say \"\"hi\"\"\",-2.5,2024-05-01T00:00:00Z\n";
        let e = read(text, &mapping(Some("sent"), TimeColumn::Sent), 0).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].key.as_str(), e[0].value, e[0].event_time, e[0].time), ("d,1", 3.0, 43_200_250, Some(43_201_000)));
        assert_eq!((e[1].key.as_str(), e[1].value, e[1].event_time), ("say \"hi\"", -2.5, 43_201_000));
        assert_eq!(e[1].time, Some(1_714_521_600_000));
    }

    #[test]
    fn csv_errors_name_the_line_and_the_column() {
        let m = mapping(None, TimeColumn::Arrival);
        let err = |text: &str| read(text, &m, 0).unwrap_err().to_string();
        assert_eq!(err("device,v,t\na,1,12:00:00\na,2\n"), "line 3: expected 3 columns as in the header, got 2");
        assert!(err("device,v,t\na,1,noon\n").starts_with("line 2, column 3 (t): expected a time"), "{}", err("device,v,t\na,1,noon\n"));
        assert_eq!(err("device,v,t\n\"a,1,12:00:00\n"), "line 2, column 1: unterminated quote: expected a closing \"");
        assert_eq!(err("device,v,t\n,1,12:00:00\n"), "line 2, column 1 (device): expected a key, got an empty field");
        assert_eq!(err("k,v,t\na,1,12:00:00\n"), "mapping.key: no column \"device\" in the header (columns: k, v, t)");
        assert_eq!(err(""), "line 1: empty trace: expected a header line");
        // Blank lines keep their numbers: the error is on the file's fifth line.
        assert_eq!(err("device,v,t\na,1,12:00:00\n\n\na,x,12:00:01\n"), "line 5, column 2 (v): expected a number, got \"x\"");
    }

    #[test]
    fn json_lines() {
        let text = "{\"device\": 7, \"v\": \"1.5\", \"t\": \"12:00:00\", \"at\": 43201000}\n{\"device\": \"b\", \"v\": 2, \"t\": 43200500, \"at\": \"12:00:02\"}\n";
        let e = read(text, &mapping(Some("at"), TimeColumn::Arrival), 0).unwrap();
        assert_eq!((e[0].key.as_str(), e[0].value, e[0].time), ("7", 1.5, Some(43_201_000)));
        assert_eq!((e[1].event_time, e[1].time), (43_200_500, Some(43_202_000)));
        let m = mapping(Some("at"), TimeColumn::Arrival);
        assert_eq!(read("{\"device\": \"a\", \"v\": 1, \"t\": 5, \"at\": 6}\n{\"device\": \"a\", \"t\": 5}\n", &m, 0).unwrap_err().to_string(), "line 2, field \"v\": missing");
        assert!(read("{\"device\": \"a\", \"v\": 1,\n", &m, 0).unwrap_err().to_string().starts_with("line 1, column"));
        assert_eq!(columns("{\"device\": 1, \"v\": 2}").unwrap(), ["device", "v"]);
    }

    #[test]
    fn times_of_day_are_on_the_base_date() {
        let base = 1_714_521_600_000; // 2024-05-01
        let e = read("device,v,t\na,1,00:00:01\n", &mapping(None, TimeColumn::Arrival), base).unwrap();
        assert_eq!(e[0].event_time, base + 1000);
    }
}
