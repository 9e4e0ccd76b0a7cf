//! The watermark's lag behind the newest event time that has arrived, over processing time:
//! now, and its median and 99th percentile weighted by how long each lag lasted.

use crate::runner::{Event, Output};
use crate::time::{Timestamp, POS_INFINITY};
use serde::Serialize;

/// The lag at a processing time and its distribution up to then (ms).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Lag {
    /// The lag then: newest event time arrived minus the input watermark (never below 0);
    /// `None` before both are known.
    pub now: Option<i64>,
    /// The lag half of the time up to then was at or below.
    pub p50: Option<i64>,
    /// The lag 99 % of the time up to then was at or below.
    pub p99: Option<i64>,
    /// The largest lag up to then.
    pub max: Option<i64>,
}

/// The lag at processing time `at` (after everything at `at`), with its percentiles over the
/// processing time from the first moment both the newest event and the watermark are known
/// (the watermark at plus infinity, after the end of input, lags by 0).
///
/// ```
/// use windowpane_engine::*;
/// let ev = |t, a| Event { key: "k".into(), value: 1.0, event_time: t, arrival: a };
/// let events = vec![ev(10_000, 10_000), ev(20_000, 20_000)];
/// let input = Input { events: events.clone(), watermark: WatermarkModel::Explicit(vec![WatermarkPoint { at: 10_000, to: 0 }]), end_of_input: Some(40_000) };
/// let out = run(&Pipeline::new(WindowFn::Global), &input);
/// // 10–20 s: lag 10 s; 20–40 s: lag 20 s; at 40 s the input ends.
/// let lag = why::lag::lag(&events, &out, 30_000);
/// assert_eq!((lag.now, lag.p50, lag.p99, lag.max), (Some(20_000), Some(10_000), Some(20_000), Some(20_000)));
/// assert_eq!(why::lag::lag(&events, &out, 15_000).now, Some(10_000));
/// ```
pub fn lag(events: &[Event], output: &Output, at: Timestamp) -> Lag {
    // The happenings up to `at`, in time order: (time, newest event time then, watermark then).
    let mut arrivals: Vec<(Timestamp, Timestamp)> = events.iter().filter(|e| e.arrival <= at).map(|e| (e.arrival, e.event_time)).collect();
    arrivals.sort_unstable();
    let moves: Vec<_> = output.watermark.iter().filter(|m| m.at <= at).collect();
    let mut times: Vec<Timestamp> = arrivals.iter().map(|a| a.0).chain(moves.iter().map(|m| m.at)).collect();
    times.sort_unstable();
    times.dedup();
    let (mut ai, mut mi) = (0, 0);
    let (mut newest, mut watermark): (Option<Timestamp>, Option<Timestamp>) = (None, None);
    // (from, lag) steps.
    let mut steps: Vec<(Timestamp, i64)> = Vec::new();
    for &t in &times {
        while ai < arrivals.len() && arrivals[ai].0 == t {
            newest = newest.max(Some(arrivals[ai].1));
            ai += 1;
        }
        while mi < moves.len() && moves[mi].at == t {
            watermark = watermark.max(Some(moves[mi].to));
            mi += 1;
        }
        if let (Some(n), Some(w)) = (newest, watermark) {
            let lag = if w == POS_INFINITY { 0 } else { n.saturating_sub(w).max(0) };
            steps.push((t, lag));
        }
    }
    let Some(&(_, now)) = steps.last() else { return Lag::default() };
    // Each step lasts until the next one, the last until `at` (none when `at` is the end of time).
    let end = if at == POS_INFINITY { steps.last().map_or(at, |s| s.0) } else { at };
    let mut weighted: Vec<(i64, i64)> = steps.iter().enumerate().map(|(i, &(from, lag))| {
        let to = steps.get(i + 1).map_or(end, |s| s.0);
        (lag, to.saturating_sub(from))
    }).collect();
    let max = weighted.iter().map(|w| w.0).max();
    weighted.sort_unstable();
    let total: i64 = weighted.iter().map(|w| w.1).sum();
    let pick = |q: f64| {
        if total == 0 {
            return Some(now);
        }
        let want = (q * total as f64).ceil() as i64;
        let mut sum = 0;
        weighted.iter().find(|w| {
            sum += w.1;
            sum >= want.max(1)
        }).map(|w| w.0)
    };
    Lag { now: Some(now), p50: pick(0.5), p99: pick(0.99), max }
}
