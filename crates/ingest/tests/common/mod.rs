//! Helpers shared by the ingest tests.
#![allow(dead_code)]

use serde_json::Value;
use windowpane_ingest::{resolve, Fleet, GenerateSpec, IngestSpec, Listed, ListedEvent, Options, Resolved, Syntax};

pub fn run(generate: Value, ingest: Value, idle_timeout: Option<i64>) -> Resolved {
    let s = Syntax::builtin();
    let g = GenerateSpec::parse(&generate, "generate", &s).expect("generate parses");
    let i = IngestSpec::parse(&ingest, "ingest", &s).expect("ingest parses");
    let mut fleet = Fleet::new(g);
    resolve(&mut fleet, &i, &Options { idle_timeout, timelines: true, ..Options::default() })
}

/// Listed events `(key, sent)`, each with its event time equal to its send time and value 1,
/// through `ingest`; no network delay, so each reaches the transport when sent.
pub fn run_listed(events: &[(&str, i64)], ingest: Value) -> Resolved {
    let i = IngestSpec::parse(&ingest, "ingest", &Syntax::builtin()).expect("ingest parses");
    let listed = events.iter().map(|&(key, sent)| ListedEvent { key: key.to_string(), value: 1.0, event_time: sent, sent }).collect();
    resolve(&mut Listed::new(listed), &i, &Options { timelines: true, ..Options::default() })
}

/// Per listed event (by its position in `events`, i.e. its send counter): (accepted, arrival).
pub fn journeys(r: &Resolved) -> Vec<(i64, i64)> {
    let mut by_seq: Vec<(u32, i64, i64)> = r.deliveries.iter().map(|d| (d.record.seq(), d.accepted, d.arrival)).collect();
    by_seq.sort_unstable();
    by_seq.into_iter().map(|(_, a, b)| (a, b)).collect()
}
