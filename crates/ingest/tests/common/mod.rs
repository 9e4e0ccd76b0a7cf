//! Helpers shared by the ingest tests.
#![allow(dead_code)]

use serde_json::Value;
use windowpane_ingest::{resolve, Fleet, GenerateSpec, IngestSpec, Options, Resolved, Syntax};

pub fn run(generate: Value, ingest: Value, idle_timeout: Option<i64>) -> Resolved {
    let s = Syntax::builtin();
    let g = GenerateSpec::parse(&generate, "generate", &s).expect("generate parses");
    let i = IngestSpec::parse(&ingest, "ingest", &s).expect("ingest parses");
    let mut fleet = Fleet::new(g);
    resolve(&mut fleet, &i, &Options { idle_timeout, ..Options::default() })
}
