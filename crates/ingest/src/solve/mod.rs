//! The solver: the smallest Kinesis stream (shards, then the parallelization factor) or SQS FIFO
//! consumer pool (concurrency) that carries a fleet within a latency target with nothing lost,
//! the bottleneck that decides it, and its cost per hour.
//!
//! Every candidate is simulated in full (the same [`simulate`] as `windowpane ingest`), so the
//! answer accounts for bursts, hot keys, batching and failures, not only for average rates.
//! The search assumes more shards never hurt: it doubles the shards until the target is met and
//! halves the interval down to the fewest shards that meet it, then takes the smallest
//! parallelization factor that meets it there. A shard count meets the target if some factor
//! does: the largest (10) is tried first, and only when it misses narrowly (nothing lost, the
//! latency within 1.5 times the target) the others, since factors are not monotone (a key's
//! sub-partition is its hash modulo the factor, and batches fill differently). If no shard count
//! meets the target with the file's batch window, shorter windows are tried (halving, then
//! none). SQS FIFO consumers are searched like shards.
//! `tests/solve.rs` checks the answer against trying every design on small fleets.

use crate::record::Source;
use crate::sim::{simulate, Discard, Options, Report};
use crate::spec::transport::{Capacity, IngestSpec, Transport};
use crate::IngestError;
use serde::Serialize;

mod bottleneck;
mod cost;

use bottleneck::bottleneck;
use cost::hourly;
pub use cost::{on_demand_hourly, LIST_PRICES};

/// What the design must do: latency percentiles from creation on the device to the pipeline,
/// and nothing dropped, expired or sent to a dead-letter destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct Target {
    /// Largest p50 (ms).
    pub p50: Option<i64>,
    /// Largest p99 (ms).
    pub p99: Option<i64>,
}

/// The knobs the solver turns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Design {
    /// Kinesis shards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shards: Option<u32>,
    /// Kinesis: the event source mapping's parallelization factor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallelization: Option<u32>,
    /// SQS FIFO: consumers receiving at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
    /// Kinesis: the event source mapping's batch window (ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_window: Option<i64>,
}

impl Design {
    /// Kinesis: `shards` shards, parallelization factor `parallelization`, batch window `window`.
    ///
    /// ```
    /// use windowpane_ingest::solve::Design;
    /// let d = Design::kinesis(4, 2, 500);
    /// assert_eq!((d.shards, d.parallelization, d.batch_window, d.concurrency), (Some(4), Some(2), Some(500), None));
    /// ```
    pub fn kinesis(shards: u32, parallelization: u32, window: i64) -> Design {
        Design { shards: Some(shards), parallelization: Some(parallelization), concurrency: None, batch_window: Some(window) }
    }

    /// SQS FIFO: `concurrency` consumers.
    ///
    /// ```
    /// use windowpane_ingest::solve::Design;
    /// assert_eq!(Design::fifo(8).concurrency, Some(8));
    /// assert_eq!(Design::fifo(8).shards, None);
    /// ```
    pub fn fifo(concurrency: u32) -> Design {
        Design { shards: None, parallelization: None, concurrency: Some(concurrency), batch_window: None }
    }
}

/// One simulated candidate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trial {
    /// The candidate.
    pub design: Design,
    /// Its latency percentiles (ms).
    pub p50: Option<i64>,
    /// Its 99th percentile (ms).
    pub p99: Option<i64>,
    /// Records sent and never delivered (dropped, expired, dead-lettered or still waiting).
    pub lost: u64,
    /// Whether it meets the target.
    pub meets: bool,
}

/// What limits a design, a closed set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// Kinesis: records a second a shard accepts.
    WriteRecords,
    /// Kinesis: bytes a second a shard accepts.
    WriteBytes,
    /// Kinesis: GetRecords calls and bytes a second per shard (or fan-out throughput).
    ReadThroughput,
    /// SQS FIFO: SendMessage(Batch) calls a second.
    SendCalls,
    /// SQS FIFO: ReceiveMessage calls a second.
    ReceiveCalls,
    /// The consumer's processing time.
    ConsumerTime,
    /// One key's records, all in one shard, sub-partition or message group.
    HotKey,
    /// No throughput limit is reached: the latency target itself (queueing, polling, network).
    Latency,
    /// Kinesis: the batch window had to be shortened to meet the latency target.
    BatchWindow,
}

/// A limit's load: demand over capacity, at the design found and one step below it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bottleneck {
    /// Which limit.
    pub limit: Limit,
    /// Demand over capacity at the design found (1.0: exactly full).
    pub utilization: f64,
    /// The same one shard (or consumer) fewer, if there is one.
    pub utilization_below: Option<f64>,
    /// The figures, in words.
    pub detail: String,
}

/// A line of the hourly cost.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HourlyItem {
    /// What is billed.
    pub item: String,
    /// How much an hour.
    pub quantity: f64,
    /// Price per unit.
    pub price: f64,
    /// quantity × price.
    pub amount: f64,
}

/// The solver's answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Solution {
    /// The design found (the largest tried if none met the target).
    pub design: Design,
    /// Whether it meets the target.
    pub meets: bool,
    /// The target.
    pub target: Target,
    /// The limit that decides it.
    pub bottleneck: Bottleneck,
    /// Records a second the fleet sends (all keys, and its hottest key).
    pub rate: f64,
    /// The hottest key and its records a second.
    pub hot_key: (String, f64),
    /// The cost per hour of the design from the prices.
    pub cost_per_hour: Vec<HourlyItem>,
    /// Sum of the hourly cost.
    pub total_per_hour: f64,
    /// Kinesis: the same fleet's cost per hour on an on-demand stream (stream-hour and GB
    /// written, each record rounded up to 1 KB), for comparison.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_demand_per_hour: Option<f64>,
    /// Every candidate simulated, in order.
    pub trials: Vec<Trial>,
    /// Why the search stopped before it was done (the events limit), if it did: the design is
    /// then the best found so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

/// The search's bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// Most shards (Kinesis) or consumers (SQS FIFO) tried.
    pub max: u32,
    /// Most events simulated over all candidates: the search stops before a candidate that
    /// would pass it, and says so.
    pub max_events: u64,
}

impl Default for Bounds {
    /// 4,096 shards or consumers, 200 million events (about a minute of one core).
    fn default() -> Bounds {
        Bounds { max: 4096, max_events: 200_000_000 }
    }
}

/// What the fleet sends, counted from its records.
struct Demand {
    /// Records sent.
    events: u64,
    /// Records a second, all keys.
    rate: f64,
    /// The hottest key and its records a second.
    hot: (String, f64),
}

fn demand(source: &mut dyn Source) -> Demand {
    let mut per_key = vec![0u64; source.devices() as usize];
    let (mut first, mut last, mut n) = (i64::MAX, i64::MIN, 0u64);
    while let Some((sent, r)) = source.next_record() {
        first = first.min(sent);
        last = last.max(sent);
        n += 1;
        if let Some(c) = per_key.get_mut(r.device as usize) {
            *c += 1;
        }
    }
    // A rate per second over the sending period (one second at least).
    let seconds = if n == 0 { 1.0 } else { ((last - first) as f64 / 1000.0).max(1.0) };
    let (hot, count) = per_key.iter().enumerate().max_by_key(|&(_, &c)| c).map_or((0, 0), |(d, &c)| (d, c));
    Demand { events: n, rate: n as f64 / seconds, hot: (source.key(hot as u32).into_owned(), count as f64 / seconds) }
}

fn trial(design: Design, report: &Report, target: Target) -> Trial {
    let skipped = report.failures.as_ref().map_or(0, |f| f.to_destination + f.discarded + f.expired);
    let first_deliveries = report.delivered - report.duplicates;
    let lost = report.sent.saturating_sub(first_deliveries).max(skipped);
    let (p50, p99) = (report.latency.p50, report.latency.p99);
    let within = |got: Option<i64>, want: Option<i64>| want.is_none_or(|w| got.is_some_and(|g| g <= w));
    let meets = lost == 0 && within(p50, target.p50) && within(p99, target.p99);
    Trial { design, p50, p99, lost, meets }
}

/// The spec with `design` applied.
fn with(spec: &IngestSpec, d: Design) -> IngestSpec {
    let mut s = spec.clone();
    match &mut s.transport {
        Transport::Kinesis(k) => {
            if let Some(n) = d.shards {
                k.shards = n;
            }
            if let Some(p) = d.parallelization {
                k.consumer.parallelization = p;
            }
            if let Some(w) = d.batch_window {
                k.consumer.batch_window = w;
            }
        }
        Transport::SqsFifo(f) => {
            if let Some(c) = d.concurrency {
                f.consumer.concurrency = c;
            }
        }
        Transport::Direct | Transport::SqsStandard(_) => {}
    }
    s
}

/// A candidate's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Meets,
    Misses,
    /// Misses, and doubling did not lower the latency or the losses: more will not help.
    Hopeless,
}

/// Smallest `n` in `[lo, hi]` whose verdict is [`Verdict::Meets`], assuming it stays met above;
/// `None` if `hi` misses or doubling turned hopeless. Doubles from `lo`, then halves the interval.
fn smallest(lo: u32, hi: u32, verdict: &mut dyn FnMut(u32) -> Verdict) -> Option<u32> {
    let mut below = lo - 1; // the largest known to miss (lo - 1: none known)
    let mut n = lo;
    let found = loop {
        match verdict(n) {
            Verdict::Meets => break n,
            Verdict::Hopeless => return None,
            Verdict::Misses => {}
        }
        below = n;
        if n >= hi {
            return None;
        }
        n = n.saturating_mul(2).min(hi);
    };
    let mut above = found;
    while above - below > 1 {
        let mid = below + (above - below) / 2;
        if verdict(mid) == Verdict::Meets {
            above = mid;
        } else {
            below = mid;
        }
    }
    Some(above)
}

/// Whether a miss is narrow: nothing lost and each percentile within 1.5 times its target.
fn narrowly(t: &Trial, target: Target) -> bool {
    let within = |got: Option<i64>, want: Option<i64>| want.is_none_or(|w| got.is_some_and(|g| g as f64 <= 1.5 * w as f64));
    t.lost == 0 && within(t.p50, target.p50) && within(t.p99, target.p99)
}

/// Whether `now` (a miss) is no better than `before` (the previous, smaller candidate's miss):
/// the same losses and a p99 (else p50) within 2 % of it.
fn no_better(before: &Trial, now: &Trial) -> bool {
    let close = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (Some(a), Some(b)) => b as f64 >= 0.98 * a as f64,
        _ => true,
    };
    now.lost >= before.lost && close(before.p99, now.p99) && close(before.p50, now.p50)
}

/// Finds the smallest design for the fleet `make` makes (a fresh source per call) through
/// `spec` that meets `target`.
///
/// ```
/// use windowpane_ingest::{solve::{solve, Bounds, Limit, Target}, Fleet, GenerateSpec, IngestSpec, Source, Syntax};
/// let s = Syntax::builtin();
/// // 100 devices at 25 records/s: 2,500 records/s; a shard takes 1,000.
/// let g = GenerateSpec::parse(&serde_json::json!({"devices": {"count": 100}, "rate": 25, "duration": "20s"}), "generate", &s).unwrap();
/// let i = IngestSpec::parse(&serde_json::json!({"type": "kinesis", "consumer": {"record_time": "100us"}}), "ingest", &s).unwrap();
/// let mut make = || Box::new(Fleet::new(g.clone())) as Box<dyn Source>;
/// let answer = solve(&mut make, &i, Target { p50: None, p99: Some(2000) }, Bounds::default()).unwrap();
/// assert!(answer.meets);
/// assert!(answer.design.shards.unwrap() >= 3, "2,500 records/s need 3 shards at least");
/// assert_eq!(answer.bottleneck.limit, Limit::WriteRecords);
/// ```
pub fn solve(make: &mut dyn FnMut() -> Box<dyn Source>, spec: &IngestSpec, target: Target, bounds: Bounds) -> Result<Solution, IngestError> {
    let Demand { events, rate, hot } = demand(make().as_mut());
    let opts = Options { max_violations: 0, ..Options::default() };
    let mut trials: Vec<Trial> = Vec::new();
    let stopped = std::cell::Cell::new(false);
    // Simulates `d` once (a repeated design is looked up); hopeless when it misses and is no
    // better than the previous two misses of the same search (same batch window and factor).
    let mut run = |d: Design, trials: &mut Vec<Trial>| -> Verdict {
        if let Some(t) = trials.iter().find(|t| t.design == d) {
            return if t.meets { Verdict::Meets } else { Verdict::Misses };
        }
        if (trials.len() as u64 + 1).saturating_mul(events) > bounds.max_events {
            stopped.set(true);
            return Verdict::Hopeless;
        }
        let report = simulate(make().as_mut(), &with(spec, d), &opts, &mut Discard);
        let t = trial(d, &report, target);
        let same = |m: &&Trial| m.design.batch_window == d.batch_window && m.design.parallelization == d.parallelization;
        let misses: Vec<&Trial> = trials.iter().rev().filter(same).take(2).collect();
        let verdict = if t.meets {
            Verdict::Meets
        } else if misses.len() == 2 && misses.iter().all(|m| !m.meets) && no_better(misses[0], &t) && no_better(misses[1], misses[0]) {
            Verdict::Hopeless
        } else {
            Verdict::Misses
        };
        trials.push(t);
        verdict
    };
    let max = bounds.max.max(1);
    let design = match &spec.transport {
        Transport::Kinesis(k) => {
            if !k.reshard.is_empty() {
                return Err(IngestError::new("ingest.reshard", "the solver sizes a stream without reshards: remove them"));
            }
            if k.capacity != Capacity::Provisioned {
                return Err(IngestError::new("ingest.mode", "an on_demand stream chooses its own shards: solve with \"mode\": \"provisioned\""));
            }
            // The file's batch window first; only if no shard count meets the target with it,
            // shorter ones (halving, then none), since a shorter window means more invocations.
            let mut windows = vec![k.consumer.batch_window];
            while let Some(&w) = windows.last().filter(|&&w| w > 0) {
                windows.push(if w >= 20 { w / 2 } else { 0 });
            }
            let mut found = None;
            for &w in &windows {
                // `n` shards meet the target if some factor does: the largest first; when it
                // misses narrowly (nothing lost, latency within 1.5 times the target), the others.
                let shards = smallest(1, max, &mut |n| {
                    let v = run(Design::kinesis(n, 10, w), &mut trials);
                    let near = trials.iter().find(|t| t.design == Design::kinesis(n, 10, w)).is_some_and(|t| narrowly(t, target));
                    if v == Verdict::Meets || !near {
                        return v;
                    }
                    if (1..10).any(|p| run(Design::kinesis(n, p, w), &mut trials) == Verdict::Meets) {
                        Verdict::Meets
                    } else {
                        Verdict::Misses
                    }
                });
                if let Some(n) = shards {
                    // A key's sub-partition is its hash modulo the factor, so more is not always
                    // better (5 may meet a target that 6 misses): every factor is tried, in order.
                    let p = (1..=10).find(|&p| run(Design::kinesis(n, p, w), &mut trials) == Verdict::Meets).unwrap_or(10);
                    found = Some(Design::kinesis(n, p, w));
                    break;
                }
            }
            // None met: the largest tried with the file's window (the limit, or where more
            // shards stopped helping).
            let first = windows[0];
            found.unwrap_or_else(|| {
                trials.iter().rev().find(|t| t.design.batch_window == Some(first)).map_or(Design::kinesis(max, 10, first), |t| t.design)
            })
        }
        Transport::SqsFifo(_) => {
            match smallest(1, max, &mut |c| run(Design::fifo(c), &mut trials)) {
                Some(c) => Design::fifo(c),
                None => trials.last().map_or(Design::fifo(max), |t| t.design),
            }
        }
        Transport::Direct | Transport::SqsStandard(_) => {
            return Err(IngestError::new("ingest.type", "the solver sizes a kinesis stream or an sqs_fifo queue"));
        }
    };
    let meets = run(design, &mut trials) == Verdict::Meets;
    let chosen = with(spec, design);
    let file_window = match &spec.transport {
        Transport::Kinesis(k) => Some(k.consumer.batch_window),
        _ => None,
    };
    let bottleneck = match (design.batch_window, file_window) {
        (Some(w), Some(file)) if w < file => Bottleneck {
            limit: Limit::BatchWindow,
            utilization: 0.0,
            utilization_below: None,
            detail: format!("no shard count meets the target with the batch window of {file} ms; with {w} ms it does"),
        },
        _ => bottleneck(&chosen, design, rate, &hot, meets),
    };
    let (cost_per_hour, total_per_hour) = hourly(&chosen, rate, design);
    let on_demand_per_hour = on_demand_hourly(&chosen, rate);
    let stopped = stopped.get().then(|| {
        format!(
            "after {} designs of {events} events each: another would pass the limit of {} events simulated",
            trials.len(),
            bounds.max_events
        )
    });
    Ok(Solution { design, meets, target, bottleneck, rate, hot_key: hot, cost_per_hour, total_per_hour, on_demand_per_hour, trials, stopped })
}

