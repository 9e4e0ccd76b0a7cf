//! The fields of a `generate` section described for a form: what each holds and its label, so
//! a page builds its fleet form from this table instead of keeping its own list. The tests hold
//! the table equal to what [`GenerateSpec::parse`](super::generate::GenerateSpec::parse) reads.

use serde::Serialize;

/// What a field holds.
#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
#[serde(rename_all = "snake_case", tag = "holds")]
pub enum Holds {
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// Text.
    Text,
    /// A time (`"12:00:00"`, RFC 3339 or milliseconds).
    Time,
    /// A duration (`"1m30s"` or milliseconds).
    Duration,
    /// A device: its index from 0, or its key.
    Device,
    /// An object with a `type`: each type and its fields.
    Choice {
        /// The types and their fields.
        kinds: &'static [Kind],
    },
    /// A list of objects with these fields.
    List {
        /// The fields of one item.
        fields: &'static [Field],
    },
}

/// One type of a [`Holds::Choice`] and its fields.
#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct Kind {
    /// The `type`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Its fields (besides `type`).
    pub fields: &'static [Field],
}

/// One field.
#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct Field {
    /// The field's path under its object, dotted (`devices.count`).
    pub path: &'static str,
    /// What it holds.
    #[serde(flatten)]
    pub holds: Holds,
    /// A label for a form.
    pub label: &'static str,
    /// Whether the section must have it.
    pub required: bool,
}

const fn field(path: &'static str, holds: Holds, label: &'static str, required: bool) -> Field {
    Field { path, holds, label, required }
}

const DELAYS: &[Kind] = &[
    Kind { kind: "fixed", fields: &[field("value", Holds::Duration, "delay", true)] },
    Kind { kind: "uniform", fields: &[field("min", Holds::Duration, "smallest delay", true), field("max", Holds::Duration, "largest delay", true)] },
    Kind { kind: "exponential", fields: &[field("mean", Holds::Duration, "mean delay", true)] },
    Kind { kind: "log_normal", fields: &[field("median", Holds::Duration, "median delay", true), field("p99", Holds::Duration, "99th percentile", true)] },
];

const VALUES: &[Kind] = &[
    Kind { kind: "sequence", fields: &[] },
    Kind { kind: "constant", fields: &[field("value", Holds::Number, "value", true)] },
    Kind { kind: "uniform", fields: &[field("min", Holds::Integer, "lowest reading", true), field("max", Holds::Integer, "highest reading", true)] },
];

/// The fields of a `generate` section, in a form's order.
///
/// ```
/// use windowpane_ingest::spec::form::GENERATE_FIELDS;
/// assert!(GENERATE_FIELDS.iter().any(|f| f.path == "clock_skew"));
/// ```
pub const GENERATE_FIELDS: &[Field] = &[
    field("devices.count", Holds::Integer, "devices", true),
    field("devices.key", Holds::Text, "key pattern ({i}: the device's index)", false),
    field("rate", Holds::Number, "rate (events/s per device)", true),
    field("start", Holds::Time, "start", false),
    field("duration", Holds::Duration, "duration", true),
    field("seed", Holds::Integer, "seed", false),
    field("delay", Holds::Choice { kinds: DELAYS }, "network delay", false),
    field("clock_skew", Holds::Duration, "clock skew (each device's clock off by up to ±)", false),
    field("value", Holds::Choice { kinds: VALUES }, "values", false),
    field(
        "overrides",
        Holds::List { fields: &[field("device", Holds::Device, "device", true), field("rate", Holds::Number, "rate (events/s)", true)] },
        "devices with their own rate (a hot device)",
        false,
    ),
    field(
        "offline",
        Holds::List {
            fields: &[field("device", Holds::Device, "device", true), field("from", Holds::Time, "offline from", true), field("to", Holds::Time, "back at", true)],
        },
        "offline periods (the device buffers, then sends)",
        false,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::generate::{Delay, GenerateSpec, ValueSpec};
    use crate::Syntax;
    use serde_json::{json, Map, Value};

    /// A sample value for a field, and the object of a choice's kind.
    fn sample(holds: &Holds, kind: usize) -> Value {
        match holds {
            Holds::Integer => json!(3),
            Holds::Number => json!(2.5),
            Holds::Text => json!("d-{i}"),
            Holds::Time => json!("12:00:01"),
            Holds::Duration => json!("2s"),
            Holds::Device => json!(1),
            Holds::Choice { kinds } => {
                let k = &kinds[kind % kinds.len()];
                let mut o = object(k.fields, kind);
                o.insert("type".into(), json!(k.kind));
                if k.kind == "log_normal" {
                    o.insert("p99".into(), json!("5s"));
                }
                Value::Object(o)
            }
            Holds::List { fields } => json!([Value::Object(object(fields, kind))]),
        }
    }

    fn object(fields: &[Field], kind: usize) -> Map<String, Value> {
        let mut o = Map::new();
        for f in fields {
            let mut at = &mut o;
            let mut parts: Vec<&str> = f.path.split('.').collect();
            let last = parts.pop().expect("a path has a name");
            for p in parts {
                at = at.entry(p).or_insert_with(|| json!({})).as_object_mut().expect("an object");
            }
            let mut v = sample(&f.holds, kind);
            if f.path == "to" {
                v = json!("12:00:09");
            }
            at.insert(last.into(), v);
        }
        o
    }

    /// Every field of the table, and every type of each choice, is read by the parser (which
    /// rejects unknown fields), into the value the sample gave.
    #[test]
    fn the_parser_reads_every_field_of_the_table() {
        let kinds = GENERATE_FIELDS.iter().filter_map(|f| match f.holds { Holds::Choice { kinds } => Some(kinds.len()), _ => None }).max().unwrap_or(1);
        for kind in 0..kinds {
            let section = Value::Object(object(GENERATE_FIELDS, kind));
            let g = GenerateSpec::parse(&section, "generate", &Syntax::builtin()).unwrap_or_else(|e| panic!("{section}: {e}"));
            assert_eq!((g.devices, g.key.as_str(), g.rate, g.duration, g.clock_skew, g.seed), (3, "d-{i}", 2.5, 2000, 2000, 3));
            assert_eq!((g.overrides.clone(), g.offline.len()), (vec![(1, 2.5)], 1));
            assert!(matches!((kind, g.delay), (0, Delay::Fixed(2000)) | (1, Delay::Uniform { .. }) | (2, Delay::Exponential { .. }) | (3, Delay::LogNormal { .. })), "{kind}: {:?}", g.delay);
            assert!(matches!((kind % 3, &g.value), (0, ValueSpec::Sequence) | (1, ValueSpec::Constant(_)) | (2, ValueSpec::Uniform { .. })), "{kind}: {:?}", g.value);
        }
    }

    /// Only the required fields of the table make a section the parser accepts.
    #[test]
    fn the_required_fields_are_enough() {
        let required: Vec<Field> = GENERATE_FIELDS.iter().copied().filter(|f| f.required).collect();
        let section = Value::Object(object(&required, 0));
        assert!(GenerateSpec::parse(&section, "generate", &Syntax::builtin()).is_ok(), "{section}");
        for f in &required {
            let without: Vec<Field> = required.iter().copied().filter(|g| g.path != f.path).collect();
            let section = Value::Object(object(&without, 0));
            if f.path != "devices.count" {
                // devices.count has a default of 1 once `devices` is there.
                assert!(GenerateSpec::parse(&section, "generate", &Syntax::builtin()).is_err(), "{} is required: {section}", f.path);
            }
        }
    }
}
