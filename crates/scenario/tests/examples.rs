//! The example scenarios parse, and the JSON Schema names exactly the fields the reader accepts.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use windowpane_scenario::{pipeline, trigger, watermark, EVENT_FIELDS, TOP_LEVEL_FIELDS};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn every_example_parses() {
    let Ok(dir) = std::fs::read_dir(repo().join("examples")) else {
        return;
    };
    let mut paths: Vec<PathBuf> = dir
        .map(|entry| entry.expect("readable examples folder").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let failures: Vec<String> = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).expect("readable example");
            windowpane_scenario::parse(&text)
                .err()
                .map(|e| format!("{}: {e}", p.display()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "examples that do not parse:\n{}",
        failures.join("\n")
    );
}

fn schema() -> Value {
    let text = std::fs::read_to_string(repo().join("schema/windowpane-1.schema.json"))
        .expect("the schema file");
    serde_json::from_str(&text).expect("the schema is valid JSON")
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .expect("an object of properties")
        .keys()
        .cloned()
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// The `const` values of one discriminating field across the branches of a `oneOf`.
fn branches(def: &Value, field: &str) -> BTreeSet<String> {
    def["oneOf"]
        .as_array()
        .expect("a oneOf")
        .iter()
        .map(|b| {
            b["properties"][field]["const"]
                .as_str()
                .expect("a const discriminator")
                .to_string()
        })
        .collect()
}

#[test]
fn the_schema_names_every_field_the_reader_accepts() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(s["additionalProperties"], false);
    assert_eq!(
        s["properties"]["format"]["const"],
        windowpane_scenario::FORMAT
    );
    assert_eq!(keys(&s["properties"]), set(TOP_LEVEL_FIELDS));
    let defs = &s["$defs"];
    assert_eq!(keys(&defs["event"]["properties"]), set(EVENT_FIELDS));
    assert_eq!(
        keys(&defs["pipeline"]["properties"]),
        set(pipeline::PIPELINE_FIELDS)
    );
    assert_eq!(
        branches(&defs["trigger"], "type"),
        set(trigger::TRIGGER_TYPES)
    );
    assert_eq!(
        branches(&defs["window"], "type"),
        set(pipeline::WINDOW_TYPES)
    );
    assert_eq!(
        branches(&defs["watermark"], "model"),
        set(watermark::WATERMARK_MODELS)
    );
}

#[test]
fn every_closed_object_of_the_schema_refuses_other_fields() {
    fn walk(v: &Value, at: &str, open: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                if o.get("type") == Some(&Value::String("object".into()))
                    && o.contains_key("properties")
                    && o.get("additionalProperties") != Some(&Value::Bool(false))
                    && !at.ends_with("expect")
                {
                    open.push(at.to_string());
                }
                for (k, child) in o {
                    walk(child, &format!("{at}/{k}"), open);
                }
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, c)| walk(c, &format!("{at}/{i}"), open)),
            _ => {}
        }
    }
    let mut open = Vec::new();
    walk(&schema(), "", &mut open);
    assert!(
        open.is_empty(),
        "objects with properties but without additionalProperties: false: {open:?}"
    );
}
