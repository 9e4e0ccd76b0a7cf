//! The discrete-event simulation: records reach the transport in time order, the transport
//! accepts, queues and delivers them, and the watermark follows its partitions.

mod direct;
mod fifo;
mod kinesis;
mod lambda;
mod producer;
mod ranks;
mod standard;

use crate::record::{Record, Source};
use crate::spec::transport::{Capacity, IngestSpec, Transport};
use crate::stats::{Histogram, LaneStats, OrderCheck, Percentiles, Sample, Violation};
use crate::lag::{Tracker, WatermarkTimeline};
use crate::watermark::Watermarks;
pub use lambda::{Failures, KeyFailures, Skip, Skipped, SkippedTo};
use crate::wheel::Wheel;
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use windowpane_engine::WatermarkPoint;

/// A record handed to the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// The record.
    pub record: Record,
    /// Lane (shard, group or queue index) it went through.
    pub lane: u32,
    /// When the transport accepted it.
    pub accepted: i64,
    /// When it reached the pipeline.
    pub arrival: i64,
    /// Whether it arrived behind the pipeline watermark.
    pub late: bool,
}

/// Receives what happens, as it happens: deliveries in arrival order, then watermark moves.
pub trait Observer {
    /// A record reached the pipeline.
    fn delivered(&mut self, delivery: &Delivery);
    /// The pipeline watermark advanced.
    fn watermark(&mut self, point: WatermarkPoint);
}

/// An observer that keeps nothing (statistics only).
pub struct Discard;

impl Observer for Discard {
    fn delivered(&mut self, _: &Delivery) {}
    fn watermark(&mut self, _: WatermarkPoint) {}
}

/// How to run and what to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The `ingest` watermark's idle timeout.
    pub idle_timeout: Option<i64>,
    /// Keep per-lane samples over processing time (off by default: they cost memory).
    pub timelines: bool,
    /// Width of a sample bucket (ms); doubled as often as needed to keep at most
    /// [`MAX_SAMPLES`] samples per lane, whatever the span (the report gives the width used).
    pub bucket: i64,
    /// Order violations listed (all are counted).
    pub max_violations: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { idle_timeout: None, timelines: false, bucket: 1000, max_violations: 100 }
    }
}

/// The most samples a lane's timeline keeps: past it, buckets double in width and pairs merge.
pub const MAX_SAMPLES: usize = 2048;

/// A cost line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostItem {
    /// What is billed.
    pub item: String,
    /// How much of it.
    pub quantity: f64,
    /// Price per unit as entered.
    pub price: f64,
    /// quantity × price.
    pub amount: f64,
}

/// The estimate from the prices the user entered, for the simulated span.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cost {
    /// The lines.
    pub items: Vec<CostItem>,
    /// Their sum.
    pub total: f64,
}

/// Everything `windowpane ingest` prints.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// `direct`, `kinesis`, `sqs_fifo` or `sqs_standard`.
    pub transport: &'static str,
    /// What a lane is: `shard`, `group`, `queue` or `network`.
    pub lane_kind: &'static str,
    /// Records sent by the devices.
    pub sent: u64,
    /// Records delivered to the pipeline (duplicates included).
    pub delivered: u64,
    /// Writes rejected by throttling.
    pub throttled: u64,
    /// Duplicate deliveries.
    pub duplicates: u64,
    /// Records delivered behind the pipeline watermark.
    pub late: u64,
    /// Per-key order violations (first deliveries out of send order).
    pub order_violations: u64,
    /// The first violations.
    pub violations: Vec<Violation>,
    /// End-to-end latency (creation on the device to arrival at the pipeline).
    pub latency: Percentiles,
    /// Watermark moves.
    pub watermark_moves: u64,
    /// Where processing time starts.
    pub origin: i64,
    /// The last arrival.
    pub last_arrival: Option<i64>,
    /// API requests (SQS) or write calls (Kinesis).
    pub requests: u64,
    /// Cost estimate, when prices were given.
    pub cost: Option<Cost>,
    /// Sample bucket width (ms).
    pub bucket: i64,
    /// Per lane.
    pub lanes: Vec<LaneStats>,
    /// The consumer's failures per key (Kinesis and SQS FIFO consumers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failures: Option<Failures>,
    /// Each partition's watermark and the combined one over processing time (with timelines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watermarks: Option<WatermarkTimeline>,
}

/// A timer: which part of the transport wants to run at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Wake {
    /// The transport's own (two numbers it interprets).
    Transport(u32, u32),
    /// A partition may have turned idle.
    Idle,
}

/// The context transports act through.
pub(crate) struct Cx<'o> {
    timers: BinaryHeap<Reverse<(i64, u64, Wake)>>,
    timer_seq: u64,
    pub(crate) wm: Watermarks,
    lanes: Vec<LaneStats>,
    opts: Options,
    origin: i64,
    order: OrderCheck,
    violations: Vec<(u32, u32, u32, i64)>,
    latency: Histogram,
    pub(crate) requests: u64,
    accepted: u64,
    last_arrival: Option<i64>,
    watermark_moves: u64,
    observer: &'o mut dyn Observer,
    /// The watermark's timeline (with timelines), and the newest event time delivered.
    tracker: Option<Tracker>,
    newest: Option<i64>,
}

impl Cx<'_> {
    pub(crate) fn schedule(&mut self, t: i64, wake: Wake) {
        self.timer_seq += 1;
        self.timers.push(Reverse((t, self.timer_seq, wake)));
    }

    /// The sample of `lane`'s bucket at `t`. Buckets opened on the way start with the backlog
    /// carried into them, so open them before the backlog changes at `t`.
    #[inline]
    fn bucket(&mut self, lane: u32, t: i64) -> Option<&mut Sample> {
        if !self.opts.timelines {
            return None;
        }
        Some(self.open(lane, t))
    }

    /// The sample of `lane`'s bucket at `t`, opening the buckets up to it (kept out of line so
    /// that a run without timelines pays one test per call).
    #[inline(never)]
    fn open(&mut self, lane: u32, t: i64) -> &mut Sample {
        let mut idx = self.index(t);
        while idx >= MAX_SAMPLES as i128 {
            self.coarsen();
            idx = self.index(t);
        }
        let idx = idx as usize;
        let l = &mut self.lanes[lane as usize];
        while l.samples.len() <= idx {
            let start = self.origin.saturating_add((l.samples.len() as i64).saturating_mul(self.opts.bucket));
            l.samples.push(Sample { t: start, waiting: l.waiting, queued: l.queued, ..Sample::default() });
        }
        &mut l.samples[idx]
    }

    /// The bucket index of `t` (in i128: `t - origin` may not fit an i64).
    fn index(&self, t: i64) -> i128 {
        (i128::from(t) - i128::from(self.origin)).div_euclid(i128::from(self.opts.bucket)).max(0)
    }

    /// Doubles the bucket width of every lane, merging neighbouring samples.
    /// Processing time reaches `t`: the watermark's timeline closes the buckets before it.
    fn track(&mut self, t: i64) {
        if self.tracker.is_none() {
            return;
        }
        let mut idx = self.index(t);
        while idx >= MAX_SAMPLES as i128 {
            self.coarsen();
            idx = self.index(t);
        }
        let (origin, bucket) = (self.origin, self.opts.bucket);
        let start = move |i: usize| origin.saturating_add((i as i64).saturating_mul(bucket));
        if let Some(tr) = &mut self.tracker {
            tr.advance(idx as usize, t, &mut self.wm, self.newest, &start);
        }
    }

    #[cold]
    fn coarsen(&mut self) {
        if let Some(tr) = &mut self.tracker {
            tr.coarsen();
        }
        self.opts.bucket = self.opts.bucket.saturating_mul(2);
        for l in &mut self.lanes {
            let merged = l.samples.chunks(2).map(|pair| pair.iter().copied().reduce(Sample::merge).unwrap_or_default()).collect();
            l.samples = merged;
        }
    }

    /// The sample of `lane`'s bucket at `t`, raised to the lane's current backlog.
    #[inline]
    fn sample(&mut self, lane: u32, t: i64) -> Option<&mut Sample> {
        if !self.opts.timelines {
            return None;
        }
        let (waiting, queued) = (self.lanes[lane as usize].waiting, self.lanes[lane as usize].queued);
        let s = self.open(lane, t);
        s.waiting = s.waiting.max(waiting);
        s.queued = s.queued.max(queued);
        Some(s)
    }

    /// Opens the buckets up to `t` before `lane`'s backlog changes at `t`.
    #[inline]
    fn before_change(&mut self, lane: u32, t: i64) {
        self.bucket(lane, t);
    }

    fn backlog_changed(&mut self, lane: u32, t: i64) {
        let l = &mut self.lanes[lane as usize];
        l.max_backlog = l.max_backlog.max(l.waiting + l.queued);
        self.sample(lane, t);
    }

    /// A record reached lane `lane` and waits to be accepted. Not sampled yet: the transport
    /// calls [`Cx::settled`] once it has tried to accept it, so that a record accepted at once
    /// never shows as waiting.
    /// A new lane with its own watermark partition (closed until opened), at `t`.
    pub(crate) fn add_lane(&mut self, name: String, t: i64) -> u32 {
        let p = self.wm.add(t);
        self.lanes.push(LaneStats { name, ..LaneStats::default() });
        debug_assert_eq!(p as usize + 1, self.lanes.len(), "a Kinesis shard is both a lane and a partition");
        p
    }

    pub(crate) fn entered(&mut self, lane: u32, t: i64) {
        self.before_change(lane, t);
        let l = &mut self.lanes[lane as usize];
        l.entered += 1;
        l.waiting += 1;
        l.max_backlog = l.max_backlog.max(l.waiting + l.queued);
    }

    /// The transport is done with what reached `lane` at `t`: samples what still waits.
    #[inline]
    pub(crate) fn settled(&mut self, lane: u32, t: i64) {
        self.sample(lane, t);
    }

    /// A waiting record was accepted into partition `part`.
    pub(crate) fn accepted(&mut self, lane: u32, part: u32, t: i64, r: &Record) {
        self.before_change(lane, t);
        let l = &mut self.lanes[lane as usize];
        debug_assert!(l.waiting > 0, "lane {lane} accepted more than entered");
        l.waiting -= 1;
        l.queued += 1;
        self.accepted += 1;
        self.wm.accept(part, t, r.event_time(), r.device);
        self.backlog_changed(lane, t);
    }

    /// A record becomes visible again (SQS redelivery).
    pub(crate) fn requeued(&mut self, lane: u32, part: u32, t: i64, r: &Record) {
        self.before_change(lane, t);
        self.lanes[lane as usize].queued += 1;
        self.wm.accept(part, t, r.event_time(), r.device);
        self.backlog_changed(lane, t);
    }

    /// A record leaves partition `part` through lane `lane` at `t` without reaching the pipeline
    /// (skipped by the consumer, expired, or moved to a dead-letter queue).
    pub(crate) fn skipped(&mut self, lane: u32, part: u32, t: i64, r: &Record) {
        if let Some(idle_at) = self.wm.deliver(part, t, r.event_time(), r.device) {
            if idle_at > t {
                self.schedule(idle_at, Wake::Idle);
            }
        }
        self.before_change(lane, t);
        self.lanes[lane as usize].queued -= 1;
        self.backlog_changed(lane, t);
    }

    /// A record waiting at lane `from`'s producer now waits at lane `to`'s (a reshard).
    pub(crate) fn moved(&mut self, from: u32, to: u32, t: i64) {
        self.before_change(from, t);
        self.lanes[from as usize].waiting -= 1;
        self.backlog_changed(from, t);
        self.before_change(to, t);
        let l = &mut self.lanes[to as usize];
        l.entered += 1;
        l.waiting += 1;
        l.max_backlog = l.max_backlog.max(l.waiting + l.queued);
    }

    /// Writes rejected by throttling.
    pub(crate) fn throttled(&mut self, lane: u32, t: i64, n: u32) {
        if n == 0 {
            return;
        }
        self.lanes[lane as usize].throttled += u64::from(n);
        if let Some(s) = self.bucket(lane, t) {
            s.throttled += u64::from(n);
        }
    }

    /// A record leaves partition `part` through lane `lane` and reaches the pipeline at `t`.
    pub(crate) fn deliver(&mut self, lane: u32, part: u32, t: i64, record: Record, accepted: i64) {
        let event_time = record.event_time();
        if let Some(idle_at) = self.wm.deliver(part, t, event_time, record.device) {
            if idle_at > t {
                self.schedule(idle_at, Wake::Idle);
            }
        }
        let late = self.wm.current().is_some_and(|w| event_time < w);
        self.newest = self.newest.max(Some(event_time));
        let latency = t - record.created;
        self.latency.record(latency);
        self.last_arrival = Some(t);
        self.before_change(lane, t);
        let l = &mut self.lanes[lane as usize];
        l.queued -= 1;
        l.delivered += 1;
        l.late += u64::from(late);
        l.latency_sum += i128::from(latency);
        l.latency_max = Some(l.latency_max.map_or(latency, |m| m.max(latency)));
        if record.is_duplicate() {
            l.duplicates += 1;
        } else if let Some(after) = self.order.deliver(record.device, record.seq()) {
            if self.violations.len() < self.opts.max_violations {
                self.violations.push((record.device, record.seq(), after, t));
            }
        }
        if let Some(s) = self.sample(lane, t) {
            s.delivered += 1;
            s.latency_max = Some(s.latency_max.map_or(latency, |m| m.max(latency)));
        }
        self.observer.delivered(&Delivery { record, lane, accepted, arrival: t, late });
    }
}

/// The transports, a closed set.
enum Carrier {
    Direct(direct::Direct),
    Kinesis(kinesis::Kinesis),
    Fifo(fifo::Fifo),
    Standard(standard::Standard),
}

impl Carrier {
    fn start(&mut self, cx: &mut Cx) {
        if let Carrier::Kinesis(c) = self {
            c.start(cx);
        }
    }
    fn failures(&self, key: &dyn Fn(u32) -> String) -> Option<Failures> {
        match self {
            Carrier::Kinesis(c) => Some(c.tally.report(key)),
            Carrier::Fifo(c) => Some(c.tally.report(key)),
            _ => None,
        }
    }
    fn enter(&mut self, t: i64, r: Record, cx: &mut Cx) {
        match self {
            Carrier::Direct(c) => c.enter(t, r, cx),
            Carrier::Kinesis(c) => c.enter(t, r, cx),
            Carrier::Fifo(c) => c.enter(t, r, cx),
            Carrier::Standard(c) => c.enter(t, r, cx),
        }
    }
    fn wake(&mut self, t: i64, a: u32, b: u32, cx: &mut Cx) {
        match self {
            Carrier::Direct(c) => c.wake(t, cx),
            Carrier::Kinesis(c) => c.wake(t, a, b, cx),
            Carrier::Fifo(c) => c.wake(t, a, cx),
            Carrier::Standard(c) => c.wake(t, a, b, cx),
        }
    }
}

/// Runs `source` through the transport of `spec`, telling `observer` what reaches the pipeline.
///
/// ```
/// use windowpane_ingest::{simulate, Discard, Fleet, GenerateSpec, IngestSpec, Options, Syntax};
/// let s = Syntax::builtin();
/// let g = serde_json::json!({"devices": {"count": 8}, "rate": 5, "duration": "10s"});
/// let i = serde_json::json!({"type": "kinesis", "shards": 2});
/// let mut fleet = Fleet::new(GenerateSpec::parse(&g, "generate", &s).unwrap());
/// let spec = IngestSpec::parse(&i, "ingest", &s).unwrap();
/// let report = simulate(&mut fleet, &spec, &Options::default(), &mut Discard);
/// assert_eq!((report.sent, report.delivered, report.order_violations), (400, 400, 0));
/// ```
pub fn simulate(source: &mut dyn Source, spec: &IngestSpec, opts: &Options, observer: &mut dyn Observer) -> Report {
    let devices = source.devices();
    let keys = |s: &dyn Source| (0..devices).map(|d| s.key(d).into_owned()).collect::<Vec<String>>();
    let (mut carrier, names, partitions, kind, lane_kind) = match &spec.transport {
        Transport::Direct => (Carrier::Direct(direct::Direct::default()), vec!["network".to_string()], 1, "direct", "network"),
        Transport::Kinesis(k) => {
            let n = kinesis::shard_count(k);
            let names = (0..n).map(|i| format!("shardId-{i:012}")).collect();
            (Carrier::Kinesis(kinesis::Kinesis::new(k, &keys(source), opts.max_violations)), names, n as usize, "kinesis", "shard")
        }
        Transport::SqsFifo(f) => {
            let keys = keys(source);
            (Carrier::Fifo(fifo::Fifo::new(f, &keys, opts.max_violations)), keys, 1, "sqs_fifo", "group")
        }
        Transport::SqsStandard(s) => (Carrier::Standard(standard::Standard::new(s, source)), vec!["queue".to_string()], 1, "sqs_standard", "queue"),
    };
    let enters_when_sent = matches!(carrier, Carrier::Direct(_));
    let origin = source.origin();
    let lanes = names.into_iter().map(|name| LaneStats { name, ..LaneStats::default() }).collect();
    let mut cx = Cx {
        timers: BinaryHeap::new(),
        timer_seq: 0,
        wm: Watermarks::new(partitions, origin, opts.idle_timeout),
        lanes,
        opts: *opts,
        origin,
        order: OrderCheck::new(devices),
        violations: Vec::new(),
        latency: Histogram::default(),
        requests: 0,
        accepted: 0,
        last_arrival: None,
        watermark_moves: 0,
        observer,
        tracker: opts.timelines.then(Tracker::default),
        newest: None,
    };
    if let Some(d) = opts.idle_timeout {
        cx.schedule(origin.saturating_add(d), Wake::Idle);
    }
    carrier.start(&mut cx);
    // Records on the network, by the time they reach the transport.
    let mut network: Wheel<(u64, Record)> = Wheel::new();
    let (mut sent, mut order) = (0u64, 0u64);
    let mut last_t = origin;
    loop {
        let t_net = network.peek();
        let t_timer = cx.timers.peek().map(|r| r.0 .0);
        let t = match (t_net, t_timer) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(s) = source.peek_sent() {
            if t.is_none_or(|t| s <= t) {
                let Some((at, r)) = source.next_record() else { break };
                sent += 1;
                order += 1;
                network.push(if enters_when_sent { at } else { r.reach() }, (order, r));
                continue;
            }
        }
        let Some(t) = t else { break };
        cx.track(t);
        last_t = t;
        while network.peek() == Some(t) {
            let Some((_, (_, r))) = network.pop() else { break };
            carrier.enter(t, r, &mut cx);
        }
        while cx.timers.peek().is_some_and(|r| r.0 .0 <= t) {
            let Some(Reverse((at, _, wake))) = cx.timers.pop() else { break };
            debug_assert_eq!(at, t, "a timer was scheduled in the past");
            match wake {
                Wake::Idle => cx.wm.touch(),
                Wake::Transport(a, b) => carrier.wake(t, a, b, &mut cx),
            }
        }
        if let Some(w) = cx.wm.evaluate(t) {
            cx.watermark_moves += 1;
            cx.observer.watermark(WatermarkPoint { at: t, to: w });
        }
    }
    let violations = cx
        .violations
        .iter()
        .map(|&(d, seq, after, arrival)| Violation { key: source.key(d).into_owned(), seq, after, arrival })
        .collect();
    let failures = carrier.failures(&|d| source.key(d).into_owned());
    let watermarks = cx.tracker.take().map(|mut tr| {
        let idx = cx.index(last_t).clamp(0, MAX_SAMPLES as i128 - 1) as usize;
        let (origin, bucket) = (cx.origin, cx.opts.bucket);
        let mut tl = tr.finish(idx, last_t, &mut cx.wm, cx.newest, &move |i| origin.saturating_add((i as i64).saturating_mul(bucket)));
        // A Kinesis shard is a lane and a partition; a queue is one partition under many lanes.
        tl.names = if kind == "kinesis" { cx.lanes.iter().map(|l| l.name.clone()).collect() } else { vec![lane_kind.to_string()] };
        tl
    });
    let mut lanes = cx.lanes;
    for l in &mut lanes {
        l.latency_mean = (l.delivered > 0).then(|| l.latency_sum as f64 / l.delivered as f64);
    }
    let span_hours = cx.last_arrival.map_or(0.0, |last| (last - origin).max(0) as f64 / 3_600_000.0);
    let cost = spec.prices.map(|p| {
        let mut items = Vec::new();
        let mut line = |item: &str, quantity: f64, price: f64| {
            items.push(CostItem { item: item.to_string(), quantity, price, amount: quantity * price })
        };
        match &spec.transport {
            Transport::Kinesis(k) => {
                // Kinesis records: `aggregation` user records each (KPL aggregation).
                let agg = u64::from(k.aggregation);
                let records = cx.accepted.div_ceil(agg) as f64;
                let bytes = u64::from(spec.record_bytes) * agg;
                match k.capacity {
                    // Provisioned: shard-hours, and a PUT payload unit per 25 KB of each record.
                    Capacity::Provisioned => {
                        let units = bytes.div_ceil(25 * 1024) as f64;
                        line("shard-hours", f64::from(k.shards) * span_hours, p.shard_hour);
                        line("million PUT payload units", records * units / 1e6, p.put_payload_units_per_million);
                    }
                    // On-demand: stream-hours and data written, each record rounded up to 1 KB
                    // (Kinesis Data Streams pricing, on-demand).
                    Capacity::OnDemand { .. } => {
                        line("stream-hours", span_hours, p.stream_hour);
                        line("GB written", records * bytes.div_ceil(1024) as f64 / (1u64 << 20) as f64, p.gb_written);
                    }
                }
            }
            Transport::SqsFifo(_) | Transport::SqsStandard(_) => {
                line("million requests", cx.requests as f64 / 1e6, p.requests_per_million)
            }
            Transport::Direct => {}
        }
        let total = items.iter().map(|i| i.amount).sum();
        Cost { items, total }
    });
    Report {
        transport: kind,
        lane_kind,
        sent,
        delivered: lanes.iter().map(|l| l.delivered).sum(),
        throttled: lanes.iter().map(|l| l.throttled).sum(),
        duplicates: lanes.iter().map(|l| l.duplicates).sum(),
        late: lanes.iter().map(|l| l.late).sum(),
        order_violations: cx.order.count,
        violations,
        latency: cx.latency.percentiles(),
        watermark_moves: cx.watermark_moves,
        origin,
        last_arrival: cx.last_arrival,
        requests: cx.requests,
        cost,
        bucket: cx.opts.bucket,
        lanes,
        failures,
        watermarks,
    }
}

/// Microseconds of work to whole milliseconds, rounded up.
pub(crate) fn ms_ceil(us: i64) -> i64 {
    (us + 999).div_euclid(1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Fleet, GenerateSpec, Listed, ListedEvent, Syntax};

    fn direct() -> IngestSpec {
        IngestSpec { transport: Transport::Direct, prices: None, record_bytes: 200 }
    }

    #[test]
    fn timelines_are_off_unless_asked_for() {
        let g = serde_json::json!({"devices": {"count": 2}, "rate": 1, "duration": "5s"});
        let mut fleet = Fleet::new(GenerateSpec::parse(&g, "generate", &Syntax::builtin()).unwrap());
        let report = simulate(&mut fleet, &direct(), &Options::default(), &mut Discard);
        assert!(report.lanes.iter().all(|l| l.samples.is_empty()));
    }

    /// Regression (fuzzing): two events 530 years apart asked for one sample per second per
    /// lane (1.7e10 of them, "memory allocation of 15032385536 bytes failed").
    #[test]
    fn a_timeline_keeps_at_most_max_samples_per_lane_whatever_the_span() {
        const YEAR: i64 = 365 * 86_400_000;
        let event = |sent: i64| ListedEvent { key: "a".into(), value: 1.0, event_time: sent, sent };
        let mut listed = Listed::new(vec![event(0), event(YEAR), event(530 * YEAR)]);
        let opts = Options { timelines: true, ..Options::default() };
        let report = simulate(&mut listed, &direct(), &opts, &mut Discard);
        let samples = &report.lanes[0].samples;
        assert!(samples.len() <= MAX_SAMPLES, "{} samples", samples.len());
        // The width doubled from 1 s until 530 years fit in 2048 buckets: 2^k s >= 530 y / 2048.
        let k = (0..63).find(|&k| (1000i64 << k) * MAX_SAMPLES as i64 > 530 * YEAR).unwrap();
        assert_eq!(report.bucket, 1000 << k);
        assert_eq!(samples.iter().map(|s| s.delivered).sum::<u64>(), 3, "merging keeps every delivery");
        assert_eq!(samples[0].delivered, 1, "the first year is in the first bucket, alone");
        assert!(samples.windows(2).all(|w| w[1].t - w[0].t == report.bucket));
    }

    #[test]
    fn merged_samples_keep_the_most_backlog_and_sum_the_counts() {
        let a = Sample { t: 0, waiting: 3, queued: 1, delivered: 2, throttled: 1, latency_max: None };
        let b = Sample { t: 1000, waiting: 1, queued: 4, delivered: 5, throttled: 0, latency_max: Some(7) };
        assert_eq!(a.merge(b), Sample { t: 0, waiting: 3, queued: 4, delivered: 7, throttled: 1, latency_max: Some(7) });
    }
}
