//! Five million events parse with memory proportional to the events themselves.

use std::fmt::Write;

const EVENTS: usize = 5_000_000;

/// About 50 s in a debug build, a few seconds in release:
/// `cargo test --release -p windowpane-scenario --test five_million -- --ignored`.
#[test]
#[ignore = "slow in debug builds; run with --release -- --ignored"]
fn five_million_events_parse() {
    let mut text = String::with_capacity(EVENTS * 72 + 200);
    text.push_str(r#"{"format": "windowpane/1", "events": ["#);
    for i in 0..EVENTS {
        let sep = if i == 0 { "" } else { "," };
        let key = i % 7;
        write!(
            text,
            r#"{sep}{{"key":"k{key}","value":{},"event_time":{},"arrival":{}}}"#,
            i % 100,
            i * 10,
            i * 10 + 5
        )
        .expect("writing to a String cannot fail");
    }
    text.push_str(
        r#"], "base": "1970-01-01", "pipeline": {"window": {"type": "fixed", "size": "1m"}}}"#,
    );
    let s = windowpane_scenario::parse(&text).expect("5 million valid events");
    drop(text);
    assert_eq!(s.events.len(), EVENTS);
    let last = &s.events[EVENTS - 1];
    assert_eq!(last.key, format!("k{}", (EVENTS - 1) % 7));
    assert_eq!(last.event_time, (EVENTS as i64 - 1) * 10);
    assert_eq!(last.arrival, Some((EVENTS as i64 - 1) * 10 + 5));
    assert_eq!(
        s.events.iter().map(|e| e.value).sum::<f64>(),
        (EVENTS / 100 * 4950) as f64
    );
}
