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
use crate::spec::transport::{Capacity, IngestSpec, Prices, Read, Transport};
use crate::IngestError;
use serde::Serialize;

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
}

/// The search's bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// Most shards (Kinesis) or consumers (SQS FIFO) tried.
    pub max: u32,
}

impl Default for Bounds {
    fn default() -> Bounds {
        Bounds { max: 4096 }
    }
}

/// List prices (US East, N. Virginia, as published in 2026): a shard-hour $0.015, a million
/// PUT payload units $0.014, an on-demand stream-hour $0.04 and GB written $0.08, a million SQS
/// FIFO requests $0.50. Edit them in the scenario's `ingest.prices` or with `--prices`.
pub const LIST_PRICES: Prices = Prices {
    shard_hour: 0.015,
    put_payload_units_per_million: 0.014,
    requests_per_million: 0.50,
    stream_hour: 0.04,
    gb_written: 0.08,
};

/// What the fleet sends, counted from its records.
struct Demand {
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
    Demand { rate: n as f64 / seconds, hot: (source.key(hot as u32).into_owned(), count as f64 / seconds) }
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
    let Demand { rate, hot } = demand(make().as_mut());
    let opts = Options { max_violations: 0, ..Options::default() };
    let mut trials: Vec<Trial> = Vec::new();
    // Simulates `d` once (a repeated design is looked up); hopeless when it misses and is no
    // better than the previous two misses of the same search (same batch window and factor).
    let mut run = |d: Design, trials: &mut Vec<Trial>| -> Verdict {
        if let Some(t) = trials.iter().find(|t| t.design == d) {
            return if t.meets { Verdict::Meets } else { Verdict::Misses };
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
    Ok(Solution { design, meets, target, bottleneck, rate, hot_key: hot, cost_per_hour, total_per_hour, on_demand_per_hour, trials })
}

/// A limit's capacity in records a second: per shard or consumer when `scales`, else for the
/// whole queue.
struct Cap {
    limit: Limit,
    per_unit: f64,
    scales: bool,
    what: &'static str,
}

/// The capacities of each limit, and what one key can get.
fn capacities(spec: &IngestSpec) -> (Vec<Cap>, f64) {
    let size = f64::from(spec.record_bytes.max(1));
    match &spec.transport {
        Transport::Kinesis(k) => {
            let c = &k.consumer;
            let agg = f64::from(k.aggregation);
            let write_records = f64::from(k.write_limit) * agg;
            let write_bytes = (k.write_bytes_limit as f64 / size).floor();
            let read = match k.read {
                Read::Polling { consumers, calls_per_second, bytes_per_second } => {
                    let calls = f64::from(calls_per_second / consumers);
                    let per_call = (10_000.0 * agg).min(((10u64 << 20) as f64 / size).floor());
                    (calls * per_call).min((bytes_per_second / u64::from(consumers)) as f64 / size)
                }
                Read::EnhancedFanOut { bytes_per_second, .. } => bytes_per_second as f64 / size,
            };
            // A sub-partition processes full batches back to back.
            let batch = f64::from(c.batch_size);
            let batch_ms = ((c.batch_overhead_us as f64 + batch * c.record_time_us as f64) / 1000.0).ceil().max(1.0) + mean_ms(c.duration);
            let per_sub = batch * 1000.0 / batch_ms;
            let consumer = per_sub * f64::from(c.parallelization);
            let cap = |limit, per_unit, what| Cap { limit, per_unit, scales: true, what };
            let limits = vec![
                cap(Limit::WriteRecords, write_records, "records/s a shard accepts"),
                cap(Limit::WriteBytes, write_bytes, "records/s of record_bytes a shard's bytes/s hold"),
                cap(Limit::ReadThroughput, read, "records/s the consumer reads from a shard"),
                cap(Limit::ConsumerTime, consumer, "records/s a shard's sub-partitions process"),
            ];
            let key = write_records.min(write_bytes).min(read).min(per_sub);
            (limits, key)
        }
        Transport::SqsFifo(f) => {
            let c = &f.consumer;
            let batch = f64::from(c.batch_size);
            let batch_ms = ((c.batch_overhead_us as f64 + batch * c.record_time_us as f64) / 1000.0).ceil().max(1.0);
            let per_worker = batch * 1000.0 / batch_ms;
            let queue = |limit, per_unit, what| Cap { limit, per_unit, scales: false, what };
            let limits = vec![
                queue(Limit::SendCalls, f64::from(f.ops_limit) * f64::from(f.send_batch), "messages/s of SendMessageBatch calls"),
                queue(Limit::ReceiveCalls, f64::from(f.ops_limit) * batch, "messages/s of ReceiveMessage calls"),
                Cap { limit: Limit::ConsumerTime, per_unit: per_worker, scales: true, what: "messages/s a consumer processes" },
            ];
            // One message group: one batch in flight at a time.
            (limits, per_worker)
        }
        Transport::Direct | Transport::SqsStandard(_) => (Vec::new(), f64::INFINITY),
    }
}

/// The mean of a duration distribution (ms).
fn mean_ms(d: Option<crate::spec::generate::Delay>) -> f64 {
    use crate::spec::generate::Delay;
    match d {
        None => 0.0,
        Some(Delay::Fixed(v)) => v as f64,
        Some(Delay::Uniform { min, max }) => (min + max) as f64 / 2.0,
        Some(Delay::Exponential { mean }) => mean as f64,
        Some(Delay::LogNormal { median, p99 }) => {
            let sigma = ((p99 as f64).ln() - (median as f64).ln()) / 2.326_347_874_040_841;
            median as f64 * (sigma * sigma / 2.0).exp()
        }
    }
}

/// The limit with the highest load at `design` (per-shard limits share the load evenly, as the
/// hash key space does), or the hot key if one key alone is over what it can get.
fn bottleneck(spec: &IngestSpec, design: Design, rate: f64, hot: &(String, f64), meets: bool) -> Bottleneck {
    let (limits, per_key) = capacities(spec);
    let (units, n) = match (design.shards, design.concurrency) {
        (Some(s), _) => ("shards", s),
        (None, Some(c)) => ("consumers", c),
        (None, None) => ("units", 1),
    };
    let load = |c: &Cap, m: u32| rate / (c.per_unit * if c.scales { f64::from(m) } else { 1.0 });
    let key_load = hot.1 / per_key;
    if key_load >= 1.0 || (!meets && key_load > 0.9) {
        return Bottleneck {
            limit: Limit::HotKey,
            utilization: key_load,
            utilization_below: None,
            detail: format!("{} sends {:.1} records/s; one key gets at most {:.1} (one shard, one sub-partition or one message group), whatever the {units}", hot.0, hot.1, per_key),
        };
    }
    let worst = limits.iter().max_by(|a, b| load(a, n).total_cmp(&load(b, n)));
    match worst {
        Some(c) if load(c, n) >= 0.5 || (!meets && load(c, n) >= 1.0) => Bottleneck {
            limit: c.limit,
            utilization: load(c, n),
            utilization_below: (n > 1).then(|| load(c, n - 1)),
            detail: format!("{rate:.1} records/s over {n} {units}; {:.1} {}", c.per_unit, c.what),
        },
        other => Bottleneck {
            limit: Limit::Latency,
            utilization: other.map_or(0.0, |c| load(c, n)),
            utilization_below: None,
            detail: format!(
                "no limit is {} at {n} {units} (the busiest: {:.0} % of the {}): polling, queueing, batching and the network decide the latency",
                if meets { "half full" } else { "full" },
                other.map_or(0.0, |c| load(c, n) * 100.0),
                other.map_or("none", |c| c.what)
            ),
        },
    }
}

/// An on-demand stream's cost per hour for `rate` records a second (Kinesis only): a stream-hour
/// and the GB written, each Kinesis record rounded up to 1 KB.
///
/// ```
/// # use windowpane_ingest::{IngestSpec, Syntax};
/// // 1,000 records/s of 200 bytes: 3.6 million KB-rounded records an hour = 3.6e6 / 2^20 GB.
/// let i = IngestSpec::parse(&serde_json::json!({"type": "kinesis", "prices": {"stream_hour": 0.04, "gb_written": 0.08}}), "ingest", &Syntax::builtin()).unwrap();
/// let cost = windowpane_ingest::solve::on_demand_hourly(&i, 1000.0).unwrap();
/// assert!((cost - (0.04 + 3.6e6 / 1_048_576.0 * 0.08)).abs() < 1e-9);
/// ```
pub fn on_demand_hourly(spec: &IngestSpec, rate: f64) -> Option<f64> {
    let Transport::Kinesis(k) = &spec.transport else { return None };
    let p = spec.prices.unwrap_or(LIST_PRICES);
    let records = rate * 3600.0 / f64::from(k.aggregation);
    let kb = (u64::from(spec.record_bytes) * u64::from(k.aggregation)).div_ceil(1024) as f64;
    Some(p.stream_hour + records * kb / (1u64 << 20) as f64 * p.gb_written)
}

/// The design's cost per hour from the spec's prices (or [`LIST_PRICES`]).
fn hourly(spec: &IngestSpec, rate: f64, design: Design) -> (Vec<HourlyItem>, f64) {
    let p = spec.prices.unwrap_or(LIST_PRICES);
    let mut items = Vec::new();
    let mut line = |item: &str, quantity: f64, price: f64| items.push(HourlyItem { item: item.to_string(), quantity, price, amount: quantity * price });
    let records_per_hour = rate * 3600.0;
    match &spec.transport {
        Transport::Kinesis(k) => {
            let agg = f64::from(k.aggregation);
            let bytes = u64::from(spec.record_bytes) * u64::from(k.aggregation);
            line("shard-hours", f64::from(design.shards.unwrap_or(k.shards)), p.shard_hour);
            let units = bytes.div_ceil(25 * 1024) as f64;
            line("million PUT payload units", records_per_hour / agg * units / 1e6, p.put_payload_units_per_million);
        }
        Transport::SqsFifo(f) => {
            // A send call per batch, a receive and a delete per consumer batch (at least).
            let calls = records_per_hour / f64::from(f.send_batch) + 2.0 * records_per_hour / f64::from(f.consumer.batch_size);
            line("million requests", calls / 1e6, p.requests_per_million);
        }
        Transport::Direct | Transport::SqsStandard(_) => {}
    }
    let total = items.iter().map(|i| i.amount).sum();
    (items, total)
}
