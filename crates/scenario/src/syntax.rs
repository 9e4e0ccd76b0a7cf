//! Streaming read of a scenario document: the top level and the `events` array.
//!
//! Events are read one by one straight into [`EventSpec`]s, never into a `serde_json::Value`
//! array, so memory stays proportional to the events themselves (5 million events are fine).
//! Every other top-level field is small and is kept as a `Value` for the field readers, with
//! duplicate keys refused on the way in.

use crate::fields::{self, describe, index, join, unknown_field};
use crate::timefmt::{self, TimeText};
use crate::{EventSpec, ScenarioError};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;

/// The fields a scenario document may have at the top level.
pub const TOP_LEVEL_FIELDS: &[&str] = &[
    "$schema",
    "format",
    "title",
    "description",
    "base",
    "events",
    "watermark",
    "end_of_input",
    "pipeline",
    "semantics",
    "generate",
    "ingest",
    "expect",
];

/// The fields of an event.
pub const EVENT_FIELDS: &[&str] = &["key", "value", "event_time", "arrival", "sent"];

/// Bits of [`RawScenario::of_day`]: which times of an event are a time of day, still relative to the base date.
pub(crate) const EVENT_TIME_OF_DAY: u8 = 1;
/// See [`EVENT_TIME_OF_DAY`].
pub(crate) const ARRIVAL_OF_DAY: u8 = 2;
/// See [`EVENT_TIME_OF_DAY`].
pub(crate) const SENT_OF_DAY: u8 = 4;

/// A document read but not yet interpreted.
#[derive(Debug, Default)]
pub(crate) struct RawScenario {
    /// Every top-level field but `events`, by name.
    pub fields: BTreeMap<String, Value>,
    /// The events, with times of day not yet moved to the base date (see `of_day`).
    pub events: Vec<EventSpec>,
    /// Per event, which of its times are times of day (bits `*_OF_DAY`).
    pub of_day: Vec<u8>,
}

/// Reads the document's structure. Errors name the field path; JSON syntax errors give the line and column.
pub(crate) fn read(text: &str) -> Result<RawScenario, ScenarioError> {
    // A byte order mark (some editors write one) is not JSON, and says nothing: skipped.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ScenarioError::new(
            "",
            "the scenario is empty: expected a JSON object with \"format\": \"windowpane/1\"",
        ));
    }
    let ctx = Context::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let result = de
        .deserialize_map(Top { ctx: &ctx })
        .and_then(|raw| de.end().map(|()| raw));
    result.map_err(|e| {
        ctx.error
            .take()
            .unwrap_or_else(|| from_json_error(&e, ctx.location.get()))
    })
}

/// Where the reader is, to name the place of a JSON syntax error.
#[derive(Clone, Copy, Debug, Default)]
enum Location {
    #[default]
    Top,
    Field(usize),
    Event(usize),
}

impl Location {
    fn path(self) -> String {
        match self {
            Location::Top => String::new(),
            Location::Field(f) => TOP_LEVEL_FIELDS[f].to_string(),
            Location::Event(i) => index("events", i),
        }
    }
}

/// Shared by the visitors: the first precise error (serde's own error type cannot carry a path)
/// and the current location.
#[derive(Default)]
struct Context {
    error: RefCell<Option<ScenarioError>>,
    location: Cell<Location>,
}

impl Context {
    /// Records `e` (if it is the first error) and returns a serde error that stops the reading.
    fn fail<E: de::Error>(&self, e: ScenarioError) -> E {
        let message = e.to_string();
        self.error.borrow_mut().get_or_insert(e);
        E::custom(message)
    }
}

fn from_json_error(e: &serde_json::Error, at: Location) -> ScenarioError {
    let text = e.to_string();
    let message = if text.starts_with("recursion limit exceeded") {
        format!(
            "nested too deeply at line {}, column {}: JSON values may nest at most 128 levels (trigger trees at most {})",
            e.line(),
            e.column(),
            crate::trigger::MAX_TRIGGER_DEPTH
        )
    } else {
        match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!("invalid JSON: {text}")
            }
            serde_json::error::Category::Data | serde_json::error::Category::Io => text,
        }
    };
    ScenarioError::new(at.path(), message)
}

struct Top<'c> {
    ctx: &'c Context,
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = RawScenario;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a windowpane/1 scenario (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawScenario, A::Error> {
        let mut raw = RawScenario::default();
        let mut seen = [false; TOP_LEVEL_FIELDS.len()];
        loop {
            self.ctx.location.set(Location::Top);
            let Some(key) = map.next_key::<String>()? else {
                break;
            };
            let Some(field) = TOP_LEVEL_FIELDS.iter().position(|f| *f == key) else {
                return Err(self.ctx.fail(ScenarioError::new(
                    key.clone(),
                    unknown_field(&key, TOP_LEVEL_FIELDS),
                )));
            };
            if std::mem::replace(&mut seen[field], true) {
                return Err(self.ctx.fail(ScenarioError::new(key, "duplicate field")));
            }
            self.ctx.location.set(Location::Field(field));
            if key == "events" {
                map.next_value_seed(Events {
                    ctx: self.ctx,
                    raw: &mut raw,
                })?;
            } else {
                let value = map.next_value_seed(StrictValue {
                    ctx: self.ctx,
                    path: &key,
                })?;
                raw.fields.insert(key, value);
            }
        }
        Ok(raw)
    }
}

/// A `serde_json::Value` that refuses duplicate object keys, naming their path.
struct StrictValue<'c, 'p> {
    ctx: &'c Context,
    path: &'p str,
}

impl<'de> DeserializeSeed<'de> for StrictValue<'_, '_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Value, E> {
        Number::from_f64(x)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("{x} is not a JSON number")))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let path = index(self.path, items.len());
            match seq.next_element_seed(StrictValue {
                ctx: self.ctx,
                path: &path,
            })? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = join(self.path, &key);
            if out.contains_key(&key) {
                return Err(self.ctx.fail(ScenarioError::new(path, "duplicate field")));
            }
            let v = map.next_value_seed(StrictValue {
                ctx: self.ctx,
                path: &path,
            })?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

/// The `events` array, read event by event into the raw scenario.
struct Events<'c, 'r> {
    ctx: &'c Context,
    raw: &'r mut RawScenario,
}

impl<'de> DeserializeSeed<'de> for Events<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Events<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            let i = self.raw.events.len();
            self.ctx.location.set(Location::Event(i));
            match seq.next_element_seed(Event {
                ctx: self.ctx,
                index: i,
            })? {
                Some((event, of_day)) => {
                    self.raw.events.push(event);
                    self.raw.of_day.push(of_day);
                }
                None => return Ok(()),
            }
        }
    }
}

/// One event object.
struct Event<'c> {
    ctx: &'c Context,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for Event<'_> {
    type Value = (EventSpec, u8);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(EventSpec, u8), D::Error> {
        d.deserialize_map(self)
    }
}

/// The name of an event field, read without allocating for the known ones.
enum EventField {
    Known(usize),
    Unknown(String),
}

impl<'de> de::Deserialize<'de> for EventField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EventField, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = EventField;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E>(self, s: &str) -> Result<EventField, E> {
                Ok(match EVENT_FIELDS.iter().position(|f| *f == s) {
                    Some(i) => EventField::Known(i),
                    None => EventField::Unknown(s.to_string()),
                })
            }
        }
        d.deserialize_identifier(Name)
    }
}

impl<'de> Visitor<'de> for Event<'_> {
    type Value = (EventSpec, u8);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event (an object with key, value, event_time and arrival)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(EventSpec, u8), A::Error> {
        let mut values: [Option<Scalar<'de>>; EVENT_FIELDS.len()] = Default::default();
        while let Some(field) = map.next_key::<EventField>()? {
            let f = match field {
                EventField::Known(f) => f,
                EventField::Unknown(name) => {
                    return Err(self.ctx.fail(ScenarioError::new(
                        self.path(&name),
                        unknown_field(&name, EVENT_FIELDS),
                    )))
                }
            };
            if values[f].is_some() {
                return Err(self
                    .ctx
                    .fail(ScenarioError::new(self.path(EVENT_FIELDS[f]), "duplicate field")));
            }
            values[f] = Some(map.next_value::<Scalar<'de>>()?);
        }
        let [key, value, event_time, arrival, sent] = values;
        self.interpret(key, value, event_time, arrival, sent)
            .map_err(|e| self.ctx.fail(e))
    }
}

/// An event field's value as read: strings borrowed from the document where they can be, so
/// that a time is parsed without a copy; anything but a string is a `Value` (numbers carry no
/// allocation), for the same readers and messages as every other field.
enum Scalar<'de> {
    Str(std::borrow::Cow<'de, str>),
    Other(Value),
}

impl Default for Scalar<'_> {
    fn default() -> Self {
        Scalar::Other(Value::Null)
    }
}

impl Scalar<'_> {
    fn into_value(self) -> Value {
        match self {
            Scalar::Str(s) => Value::String(s.into_owned()),
            Scalar::Other(v) => v,
        }
    }
}

impl<'de> de::Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scalar<'de>, D::Error> {
        struct Read;
        impl<'de> Visitor<'de> for Read {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Str(s.into()))
            }
            fn visit_str<E>(self, s: &str) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Str(s.to_string().into()))
            }
            fn visit_string<E>(self, s: String) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Str(s.into()))
            }
            fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other(Value::Null))
            }
            fn visit_bool<E>(self, b: bool) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other(Value::Bool(b)))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other(Value::Number(n.into())))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other(Value::Number(n.into())))
            }
            fn visit_f64<E: de::Error>(self, x: f64) -> Result<Scalar<'de>, E> {
                Number::from_f64(x)
                    .map(|n| Scalar::Other(Value::Number(n)))
                    .ok_or_else(|| E::custom(format!("{x} is not a JSON number")))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Scalar<'de>, A::Error> {
                de::Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Scalar::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar<'de>, A::Error> {
                de::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map)).map(Scalar::Other)
            }
        }
        d.deserialize_any(Read)
    }
}

impl Event<'_> {
    /// The path of one of this event's fields, built only for an error message.
    fn path(&self, name: &str) -> String {
        join(&index("events", self.index), name)
    }

    /// `read(v, "")`'s error, placed at this event's field `name`.
    fn at<T>(&self, name: &str, r: Result<T, ScenarioError>) -> Result<T, ScenarioError> {
        r.map_err(|e| ScenarioError::new(self.path(name), e.message))
    }

    fn interpret(
        &self,
        key: Option<Scalar>,
        value: Option<Scalar>,
        event_time: Option<Scalar>,
        arrival: Option<Scalar>,
        sent: Option<Scalar>,
    ) -> Result<(EventSpec, u8), ScenarioError> {
        let missing = |name: &str, what: &str| {
            ScenarioError::new(self.path(name), format!("missing: expected {what}"))
        };
        let key = match key.ok_or_else(|| missing("key", "a string"))? {
            Scalar::Str(s) => s.into_owned(),
            Scalar::Other(other) => {
                return Err(ScenarioError::new(
                    self.path("key"),
                    format!("expected a string, got {}", describe(&other)),
                ))
            }
        };
        let value = value.ok_or_else(|| missing("value", "a number"))?.into_value();
        let value = self.at("value", fields::number(&value, ""))?;
        let mut of_day = 0;
        let mut time = |v: Scalar, name: &str, bit: u8| -> Result<i64, ScenarioError> {
            let text = match v {
                Scalar::Str(s) => timefmt::read_time(&s).map_err(|m| ScenarioError::new("", m)),
                Scalar::Other(v) => fields::time_text(&v, ""),
            };
            Ok(match self.at(name, text)? {
                TimeText::Absolute(ms) => ms,
                TimeText::OfDay(ms) => {
                    of_day |= bit;
                    ms
                }
            })
        };
        let event_time = time(
            event_time.ok_or_else(|| missing("event_time", "a time"))?,
            "event_time",
            EVENT_TIME_OF_DAY,
        )?;
        let arrival = arrival
            .map(|v| time(v, "arrival", ARRIVAL_OF_DAY))
            .transpose()?;
        let sent = sent.map(|v| time(v, "sent", SENT_OF_DAY)).transpose()?;
        Ok((
            EventSpec {
                key,
                value,
                event_time,
                arrival,
                sent,
            },
            of_day,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        read(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_events_and_keeps_other_fields() {
        let raw = read(
            r#"{"format": "windowpane/1", "events": [
                {"key": "a", "value": 1.5, "event_time": "00:00:01", "arrival": 2000},
                {"key": "b", "value": -2, "event_time": 5, "sent": "00:00:00.5"}],
               "pipeline": {"window": {"type": "global"}}}"#,
        )
        .unwrap();
        assert_eq!(raw.events.len(), 2);
        assert_eq!(
            raw.events[0],
            EventSpec {
                key: "a".into(),
                value: 1.5,
                event_time: 1000,
                arrival: Some(2000),
                sent: None
            }
        );
        assert_eq!(raw.of_day, vec![EVENT_TIME_OF_DAY, SENT_OF_DAY]);
        assert_eq!(raw.events[1].sent, Some(500));
        assert_eq!(
            raw.fields.keys().collect::<Vec<_>>(),
            vec!["format", "pipeline"]
        );
    }

    #[test]
    fn syntax_errors_give_line_and_column_and_place() {
        assert_eq!(
            err("{\"format\": \"windowpane/1\",\n \"title\": }"),
            "title: invalid JSON: expected value at line 2 column 11"
        );
        let e = err(
            "{\"events\": [{\"key\": \"a\", \"value\": 1, \"event_time\": 1}\n {\"key\": \"b\"}]}",
        );
        assert_eq!(
            e,
            "events[1] (event 2): invalid JSON: expected `,` or `]` at line 2 column 2"
        );
        assert!(err("{} x").starts_with("invalid JSON: trailing characters at line 1 column 4"));
        assert!(err("").contains("empty"));
        assert!(err("[1]").contains("expected a windowpane/1 scenario (a JSON object)"));
        assert!(err("{\"format\": \"windowpane/1\"")
            .starts_with("invalid JSON: EOF while parsing an object"));
    }

    #[test]
    fn unknown_and_duplicate_fields_are_refused() {
        let e = err(r#"{"format": "windowpane/1", "event": []}"#);
        assert!(
            e.starts_with("event: unknown field \"event\"; allowed here: \"$schema\", \"format\""),
            "{e}"
        );
        assert_eq!(
            err(r#"{"title": "a", "title": "b"}"#),
            "title: duplicate field"
        );
        assert_eq!(
            err(r#"{"pipeline": {"window": {"type": "global", "type": "fixed"}}}"#),
            "pipeline.window.type: duplicate field"
        );
        assert_eq!(
            err(r#"{"expect": {"panes": [{}, {"a": 1, "a": 2}]}}"#),
            "expect.panes[1].a: duplicate field"
        );
        let e = err(r#"{"events": [{"key": "a", "value": 1, "event_time": 1, "arival": 2}]}"#);
        assert!(
            e.starts_with(
                "events[0].arival (event 1): unknown field \"arival\"; allowed here: \"key\", \"value\""
            ),
            "{e}"
        );
        assert_eq!(
            err(r#"{"events": [{"key": "a", "key": "b"}]}"#),
            "events[0].key (event 1): duplicate field"
        );
    }

    #[test]
    fn event_errors_name_the_event_and_field() {
        let ev = |body: &str| {
            err(&format!(
                r#"{{"events": [{{"key": "a", "value": 1, "event_time": 1}}, {body}]}}"#
            ))
        };
        assert_eq!(ev(r#"{"key": "a", "value": 1, "event_time": "noon"}"#),
            "events[1].event_time (event 2): expected a time like \"12:04:59\", \"12:04:59.250\" or \"2024-05-01T12:00:00Z\", got \"noon\"");
        assert_eq!(
            ev(r#"{"key": 3, "value": 1, "event_time": 1}"#),
            "events[1].key (event 2): expected a string, got 3"
        );
        assert_eq!(
            ev(r#"{"key": "a", "value": "1", "event_time": 1}"#),
            "events[1].value (event 2): expected a number, got \"1\""
        );
        assert_eq!(
            ev(r#"{"key": "a", "event_time": 1}"#),
            "events[1].value (event 2): missing: expected a number"
        );
        assert_eq!(
            ev(r#"{"key": "a", "value": 1}"#),
            "events[1].event_time (event 2): missing: expected a time"
        );
        assert!(
            ev(r#"{"key": "a", "value": 1, "event_time": 1, "arrival": 1e400}"#)
                .starts_with("events[1] (event 2): invalid JSON: number out of range")
        );
        assert!(
            ev(r#"{"key": "a", "value": 1, "event_time": 99999999999999999}"#)
                .starts_with("events[1].event_time (event 2): time 99999999999999999 is out of range")
        );
        assert!(
            ev(r#"{"key": "a", "value": 1, "event_time": "10000-01-01T00:00:00Z"}"#)
                .starts_with("events[1].event_time (event 2): \"10000-01-01T00:00:00Z\" is out of range")
        );
        assert!(ev(r#"[1]"#).starts_with("events[1] (event 2): invalid type: sequence, expected an event"));
        assert!(err(r#"{"events": {}}"#)
            .starts_with("events: invalid type: map, expected an array of events"));
    }

    /// Regression (fuzzing): a UTF-8 byte order mark gave "expected value at line 1 column 1".
    #[test]
    fn a_byte_order_mark_is_skipped() {
        let text = "\u{feff}{\"format\": \"windowpane/1\"}";
        let raw = read(text).expect("the mark is skipped");
        assert_eq!(raw.fields.get("format").and_then(|v| v.as_str()), Some("windowpane/1"));
        assert!(read("\u{feff}").unwrap_err().message.starts_with("the scenario is empty"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "{{\"pipeline\": {{\"trigger\": {}{}}}}}",
            "[".repeat(1000),
            "]".repeat(1000)
        );
        let e = read(&deep).unwrap_err();
        assert_eq!(e.path, "pipeline");
        assert!(e.message.starts_with("nested too deeply at line 1"), "{e}");
    }
}
