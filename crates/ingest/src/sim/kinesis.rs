//! Kinesis Data Streams: partition key → shard by MD5, write limits per shard in records and
//! bytes with throttling and retries, reads by GetRecords calls (shared by polling consumers) or
//! enhanced fan-out, a Lambda event source mapping reading each shard in batches with a
//! parallelization factor and its failure handling, and shards split or merged over time.

use super::lambda::{Duration, Function, Skip, SkippedTo, Tally};
use super::producer::{Producer, Throttle, Unit};
use super::{ms_ceil, Cx, Wake};
use crate::partition::{hash_key, shard_of};
use crate::record::Record;
use crate::spec::transport::{Capacity, KinesisSpec, OnError, Read, Reshard, Retry, ShardConsumer};
use std::collections::VecDeque;

/// One of a shard's concurrent batch readers; a key always maps to the same one.
#[derive(Debug, Default)]
struct SubPartition {
    /// Read records (record, accepted at); the first `in_flight` are being processed.
    queue: VecDeque<(Record, i64)>,
    in_flight: usize,
    /// When the batch in flight finishes, when the batch window of a waiting one closes, or when
    /// a failed batch is tried again.
    wake_at: Option<i64>,
    /// When the batch in flight started.
    started: i64,
    /// Sizes of the batches to retry, in order (a failed batch, or the halves of a bisected one).
    segments: VecDeque<usize>,
    /// Failed invocations of the first segment.
    attempts: u32,
    /// Waiting for a free instance (throttled by the concurrency limit).
    throttled: bool,
    /// The batch in flight runs into the function's timeout.
    timed_out: bool,
}

impl Shard {
    /// A shard taking `limit` records a second, read by `f` sub-partitions; `exists` for the
    /// first shards (a reshard's children are made when it happens).
    fn new(limit: u32, f: u32, exists: bool) -> Shard {
        Shard {
            producer: Producer::default(),
            throttle: Throttle::new(limit),
            subs: (0..f).map(|_| SubPartition::default()).collect(),
            unread: VecDeque::new(),
            calls_used: 0,
            second: i64::MIN,
            bytes_used: 0,
            read_at: None,
            lo: 0,
            hi: 0,
            open: exists,
            created: exists,
            parents: Vec::new(),
            children: Vec::new(),
            held: 0,
        }
    }
}

#[derive(Debug)]
struct Shard {
    producer: Producer,
    throttle: Throttle,
    subs: Vec<SubPartition>,
    /// Accepted and not yet read by the consumer (record, accepted at).
    unread: VecDeque<(Record, i64)>,
    /// GetRecords calls used in `second`.
    calls_used: u32,
    second: i64,
    /// Bytes read in `second`.
    bytes_used: u64,
    /// The pending read wake-up.
    read_at: Option<i64>,
    /// Hash key range, inclusive.
    lo: u128,
    hi: u128,
    /// Open for writes (not yet split or merged).
    open: bool,
    /// Exists yet (a child shard exists from its reshard on).
    created: bool,
    parents: Vec<u32>,
    children: Vec<u32>,
    /// Records accepted and not yet delivered or skipped.
    held: u64,
}

/// An on-demand stream adapting to its peak write rate: "If your data stream's write throughput
/// hits a new peak, Kinesis Data Streams scales the data stream's capacity automatically", to
/// double the new peak, and until it has (up to 15 minutes) writes above the old capacity are
/// throttled (developer guide, choose the data stream capacity mode, on-demand). The peak is
/// counted in user records accepted per aligned second over the stream, as the write limit
/// counts; the scale-up splits the open shards, oldest (widest) first, as a reshard does.
#[derive(Debug)]
struct Scaling {
    /// User records a second one shard takes.
    per_shard: u64,
    /// The peak so far (the file's previous peak, or a second of this run).
    peak: u64,
    second: i64,
    count: u64,
    delay: i64,
    max_shards: u64,
    open: u64,
    pending: bool,
}

pub(crate) struct Kinesis {
    shards: Vec<Shard>,
    /// Records a second each shard accepts (user records).
    limit: u32,
    scaling: Option<Scaling>,
    /// Per device: its hash, shard and sub-partition.
    hash: Vec<u128>,
    route: Vec<(u32, u32)>,
    retry: Retry,
    put_batch: u32,
    consumer: ShardConsumer,
    read: Read,
    retention: i64,
    record_bytes: u64,
    reshard: Vec<Reshard>,
    function: Function,
    pub(crate) tally: Tally,
    scratch: Vec<Record>,
    /// User records one GetRecords call returns at most (10,000 Kinesis records).
    call_records: u64,
    /// Invocations running, over every shard.
    running: u32,
    /// Sub-partitions throttled by the concurrency limit, waiting for a free instance, in order.
    waiting: VecDeque<(u32, u32)>,
    duration: Duration,
}

const RETRY: u32 = u32::MAX;
const READ: u32 = u32::MAX - 1;
const RESHARD: u32 = u32::MAX - 2;
const RESCALE: u32 = u32::MAX - 3;

/// Most records one GetRecords call returns: "up to 10,000 records" and "up to 10 MB"
/// (Kinesis Data Streams quotas and limits, GetRecords).
const CALL_RECORDS: u64 = 10_000;
const CALL_BYTES: u64 = 10 << 20;

/// Shards ever made by a spec: the first ones, two per split, one per merge.
pub(crate) fn shard_count(spec: &KinesisSpec) -> u32 {
    spec.shards + spec.reshard.iter().map(|r| if matches!(r, Reshard::Split { .. }) { 2 } else { 1 }).sum::<u32>()
}

impl Kinesis {
    pub(crate) fn new(spec: &KinesisSpec, keys: &[String], max_listed: usize) -> Kinesis {
        let f = spec.consumer.parallelization;
        let hash: Vec<u128> = keys.iter().map(|k| hash_key(k)).collect();
        let route = hash.iter().map(|&h| (shard_of(h, spec.shards), (h % u128::from(f)) as u32)).collect();
        // The write limit in records a second: 1,000 records or 1 MiB, whichever is reached first
        // with records of `record_bytes` ("up to 1 MB/sec or 1,000 records/sec write throughput").
        // With KPL aggregation the records limit counts Kinesis records of `aggregation` user
        // records each: the throttle counts user records, so it allows `aggregation` times more.
        let bytes = u64::from(spec.record_bytes);
        let agg = u64::from(spec.aggregation);
        let limit = u64::from(spec.write_limit).saturating_mul(agg).min(spec.write_bytes_limit / bytes).max(1).min(u64::from(u32::MAX)) as u32;
        let n = u128::from(spec.shards);
        // floor(2^128 / n), as in `shard_of` (one shard takes the whole space).
        let width = if n == 1 { 0 } else { u128::MAX / n + u128::from(u128::MAX % n == n - 1) };
        let mut shards: Vec<Shard> = (0..shard_count(spec)).map(|i| Shard::new(limit, f, i < spec.shards)).collect();
        for i in 0..spec.shards {
            let s = &mut shards[i as usize];
            s.lo = u128::from(i) * width;
            s.hi = if i + 1 == spec.shards { u128::MAX } else { (u128::from(i) + 1) * width - 1 };
        }
        let scaling = match spec.capacity {
            Capacity::Provisioned => None,
            Capacity::OnDemand { previous_peak, scale_delay, max_shards } => Some(Scaling {
                per_shard: u64::from(limit),
                peak: previous_peak,
                second: i64::MIN,
                count: 0,
                delay: scale_delay,
                max_shards: u64::from(max_shards),
                open: u64::from(spec.shards),
                pending: false,
            }),
        };
        Kinesis {
            shards,
            limit,
            scaling,
            hash,
            route,
            retry: spec.retry,
            put_batch: spec.put_batch,
            consumer: spec.consumer,
            read: spec.read,
            retention: spec.retention,
            record_bytes: bytes,
            reshard: spec.reshard.clone(),
            function: Function::new(&spec.errors, keys),
            tally: Tally::new(keys.len(), max_listed),
            scratch: Vec::new(),
            call_records: CALL_RECORDS.saturating_mul(agg),
            running: 0,
            waiting: VecDeque::new(),
            duration: Duration::new(spec.consumer.duration, spec.consumer.seed),
        }
    }

    /// Before the first record: shards made by a reshard do not hold the watermark back until
    /// they exist, and the reshards are scheduled.
    pub(crate) fn start(&mut self, cx: &mut Cx) {
        for (i, s) in self.shards.iter().enumerate() {
            if !s.created {
                cx.wm.set_closed(i as u32, true);
            }
        }
        for (i, r) in self.reshard.iter().enumerate() {
            cx.schedule(r.at(), Wake::Transport(i as u32, RESHARD));
        }
    }

    pub(crate) fn enter(&mut self, t: i64, r: Record, cx: &mut Cx) {
        let shard = self.route[r.device as usize].0;
        cx.entered(shard, t);
        self.shards[shard as usize].producer.queue.push_back(r);
        self.pump(shard, t, cx);
        cx.settled(shard, t);
    }

    fn pump(&mut self, shard: u32, t: i64, cx: &mut Cx) {
        let s = &mut self.shards[shard as usize];
        let mut accepted = std::mem::take(&mut self.scratch);
        let pumped = s.producer.pump(t, &mut s.throttle, Unit::Record, self.put_batch, self.retry, |r| accepted.push(r));
        let n = accepted.len() as u64;
        cx.requests += u64::from(pumped.calls);
        cx.throttled(shard, t, pumped.rejected);
        if let Some(at) = pumped.retry_at {
            cx.schedule(at, Wake::Transport(shard, RETRY));
        }
        for r in accepted.drain(..) {
            cx.accepted(shard, shard, t, &r);
            self.function.accepted(&r);
            let s = &mut self.shards[shard as usize];
            s.unread.push_back((r, t));
            s.held += 1;
        }
        self.scratch = accepted;
        self.observe(t, n, cx);
        self.read(shard, t, cx);
    }

    /// `n` records were accepted at `t`: an on-demand stream whose new peak is more than half its
    /// capacity scales up `delay` later.
    fn observe(&mut self, t: i64, n: u64, cx: &mut Cx) {
        let Some(s) = &mut self.scaling else { return };
        if n == 0 {
            return;
        }
        let second = t.div_euclid(1000);
        if s.second != second {
            s.second = second;
            s.count = 0;
        }
        s.count += n;
        s.peak = s.peak.max(s.count);
        if !s.pending && s.open < s.max_shards && s.peak.saturating_mul(2) > s.open.saturating_mul(s.per_shard) {
            s.pending = true;
            cx.schedule(t.saturating_add(s.delay), Wake::Transport(0, RESCALE));
        }
    }

    /// The scale-up: enough open shards for twice the peak so far (at most `max_shards`), by
    /// splitting the open shards in creation order.
    fn rescale(&mut self, t: i64, cx: &mut Cx) {
        let Some(s) = &mut self.scaling else { return };
        s.pending = false;
        let needed = s.peak.saturating_mul(2).div_ceil(s.per_shard.max(1)).min(s.max_shards);
        let mut open = s.open;
        let mut i = 0;
        while open < needed && i < self.shards.len() {
            if self.shards[i].open {
                self.reshard(Reshard::Split { at: t, shard: i as u32 }, t, cx);
                open += 1;
            }
            i += 1;
        }
        if let Some(s) = &mut self.scaling {
            s.open = open;
        }
    }

    /// The index of the next shard to create: a slot made for a reshard of the file, else a new
    /// shard with its lane.
    fn slot(&mut self, t: i64, cx: &mut Cx) -> u32 {
        if let Some(i) = self.shards.iter().position(|s| !s.created) {
            return i as u32;
        }
        let i = self.shards.len() as u32;
        self.shards.push(Shard::new(self.limit, self.consumer.parallelization, false));
        let lane = cx.add_lane(format!("shardId-{i:012}"), t);
        debug_assert_eq!(lane, i, "shard {i} is lane {lane}");
        i
    }

    /// Whether every parent of `shard` has been drained: "after the reshard ... Lambda ...
    /// processes the child shards only after it finishes the parent" (Kinesis developer guide,
    /// data routing after a reshard: records in the parent stay there and are read first).
    fn readable(&self, shard: u32) -> bool {
        self.shards[shard as usize].parents.iter().all(|&p| {
            let p = &self.shards[p as usize];
            !p.open && p.held == 0
        })
    }

    /// Reads what the read limits allow into the sub-partitions, else sets a timer for when
    /// they allow more.
    fn read(&mut self, shard: u32, t: i64, cx: &mut Cx) {
        if !self.readable(shard) {
            return;
        }
        let size = self.record_bytes;
        let mut touched = 0u16;
        loop {
            let s = &mut self.shards[shard as usize];
            let Some(&(_, first)) = s.unread.front() else { break };
            let (calls, rate, due) = match self.read {
                // Polling: this consumer's share of the shard's 5 calls and 2 MB a second.
                Read::Polling { consumers, calls_per_second, bytes_per_second } => {
                    (calls_per_second / consumers, bytes_per_second / u64::from(consumers), t)
                }
                // Enhanced fan-out: pushed `push_delay` after acceptance at the dedicated rate.
                Read::EnhancedFanOut { bytes_per_second, push_delay } => (u32::MAX, bytes_per_second, first + push_delay),
            };
            // Both limits count per aligned second of processing time, as the write limit does.
            let second = t.div_euclid(1000);
            if s.second != second {
                s.second = second;
                s.calls_used = 0;
                s.bytes_used = 0;
            }
            let next = if due > t {
                Some(due)
            } else if s.calls_used >= calls || s.bytes_used + size > rate {
                Some((second + 1) * 1000)
            } else {
                None
            };
            if let Some(at) = next {
                if s.read_at != Some(at) {
                    s.read_at = Some(at);
                    cx.schedule(at, Wake::Transport(shard, READ));
                }
                break;
            }
            s.calls_used += 1;
            let mut n = 0u64;
            let limit = self.call_records.min(CALL_BYTES / size).min((rate - s.bytes_used) / size).max(1);
            while n < limit {
                let Some(&(r, accepted)) = s.unread.front() else { break };
                if let Read::EnhancedFanOut { push_delay, .. } = self.read {
                    if accepted + push_delay > t {
                        break;
                    }
                }
                s.unread.pop_front();
                let sub = self.route[r.device as usize].1;
                s.subs[sub as usize].queue.push_back((r, accepted));
                touched |= 1 << sub;
                n += 1;
            }
            s.bytes_used += n * size;
        }
        for sub in 0..self.consumer.parallelization {
            if touched & (1 << sub) != 0 {
                self.start_batch(shard, sub, t, cx);
            }
        }
    }

    /// A record leaves `shard` without reaching the pipeline.
    fn skip(&mut self, shard: u32, t: i64, r: Record, reason: Skip, cx: &mut Cx) {
        let to = match reason {
            Skip::Retention => SkippedTo::Expired,
            _ if self.consumer.on_error.on_failure_destination => SkippedTo::OnFailureDestination,
            _ => SkippedTo::Discarded,
        };
        self.tally.skipped(&r, t, reason, to);
        cx.skipped(shard, shard, t, &r);
        self.shards[shard as usize].held -= 1;
    }

    /// Records of the sub-partition's head too old to send: past the retention period they are
    /// gone; past MaximumRecordAgeInSeconds they are skipped ("Discard records older than the
    /// specified age", CreateEventSourceMapping).
    fn expire(&mut self, shard: u32, sub: u32, t: i64, cx: &mut Cx) {
        let age = self.consumer.on_error.max_record_age;
        loop {
            let sp = &mut self.shards[shard as usize].subs[sub as usize];
            let Some(&(r, accepted)) = sp.queue.front() else { return };
            let reason = if t - accepted >= self.retention {
                Skip::Retention
            } else if age.is_some_and(|a| t - accepted > a) {
                Skip::MaxRecordAge
            } else {
                return;
            };
            sp.queue.pop_front();
            if let Some(seg) = sp.segments.front_mut() {
                *seg -= 1;
                if *seg == 0 {
                    sp.segments.pop_front();
                    sp.attempts = 0;
                }
            }
            self.skip(shard, t, r, reason, cx);
        }
    }

    /// Starts a batch on an idle sub-partition if one is due, else sets a timer for when it is.
    fn start_batch(&mut self, shard: u32, sub: u32, t: i64, cx: &mut Cx) {
        let c = self.consumer;
        if self.shards[shard as usize].subs[sub as usize].in_flight > 0 {
            return;
        }
        self.expire(shard, sub, t, cx);
        let sp = &mut self.shards[shard as usize].subs[sub as usize];
        let Some(&(_, oldest)) = sp.queue.front() else { return };
        let (due, n) = match sp.segments.front() {
            Some(&seg) => (t, seg),
            None if sp.queue.len() >= c.batch_size as usize => (t, c.batch_size as usize),
            None => (oldest + c.batch_window, sp.queue.len().min(c.batch_size as usize)),
        };
        if due <= t {
            // Reserved concurrency reached: the invocation is throttled and the sub-partition
            // waits, in order, for an instance to finish (its records stay in the shard: "Lambda
            // retries ... throttling errors" until they expire, without counting a retry).
            if c.concurrency_limit.is_some_and(|limit| self.running >= limit) {
                if !sp.throttled {
                    sp.throttled = true;
                    self.tally.throttled_invocations += 1;
                    self.waiting.push_back((shard, sub));
                }
                return;
            }
            self.running += 1;
            sp.in_flight = n;
            sp.started = t;
            self.tally.invocations += 1;
            let run = ms_ceil(c.batch_overhead_us + n as i64 * c.record_time_us).saturating_add(self.duration.draw());
            // Past the timeout the invocation is stopped: it ends at the timeout, failed.
            sp.timed_out = run > c.timeout;
            let done = t + run.min(c.timeout);
            sp.wake_at = Some(done);
            cx.schedule(done, Wake::Transport(shard, sub));
        } else if sp.wake_at != Some(due) {
            sp.wake_at = Some(due);
            cx.schedule(due, Wake::Transport(shard, sub));
        }
    }

    pub(crate) fn wake(&mut self, t: i64, shard: u32, sub: u32, cx: &mut Cx) {
        if sub == RETRY {
            return self.pump(shard, t, cx);
        }
        if sub == READ {
            let s = &mut self.shards[shard as usize];
            if s.read_at != Some(t) {
                return;
            }
            s.read_at = None;
            return self.read(shard, t, cx);
        }
        if sub == RESHARD {
            return self.reshard(self.reshard[shard as usize], t, cx);
        }
        if sub == RESCALE {
            return self.rescale(t, cx);
        }
        let sp = &mut self.shards[shard as usize].subs[sub as usize];
        if sp.wake_at != Some(t) {
            return; // superseded
        }
        sp.wake_at = None;
        if sp.in_flight > 0 {
            let n = std::mem::take(&mut sp.in_flight);
            let started = sp.started;
            self.running -= 1;
            self.finish(shard, sub, n, t, cx);
            self.unthrottle(t, cx);
            let sp = &mut self.shards[shard as usize].subs[sub as usize];
            if !sp.segments.is_empty() && started == t {
                // A failed batch that took no time is tried again a millisecond later, so that
                // infinite retries still move processing time on.
                sp.wake_at = Some(t + 1);
                cx.schedule(t + 1, Wake::Transport(shard, sub));
                return;
            }
        }
        self.start_batch(shard, sub, t, cx);
        self.drained(shard, t, cx);
    }

    /// An instance is free: the sub-partitions throttled first start their batches.
    fn unthrottle(&mut self, t: i64, cx: &mut Cx) {
        let Some(limit) = self.consumer.concurrency_limit else { return };
        while self.running < limit {
            let Some((shard, sub)) = self.waiting.pop_front() else { return };
            self.shards[shard as usize].subs[sub as usize].throttled = false;
            self.start_batch(shard, sub, t, cx);
        }
    }

    /// The batch of the first `n` records of a sub-partition finished at `t`: delivered, or
    /// failed and handled as the event source mapping's settings say.
    fn finish(&mut self, shard: u32, sub: u32, n: usize, t: i64, cx: &mut Cx) {
        let e: OnError = self.consumer.on_error;
        let sp = &self.shards[shard as usize].subs[sub as usize];
        let poison = sp.queue.iter().take(n).position(|(r, _)| self.function.is_poison(r));
        let timed_out = sp.timed_out;
        // A timed-out invocation returned nothing, not even a partial batch response: the whole
        // batch failed. The transient draw is made all the same, so that a timeout does not
        // shift the draws of the invocations after it.
        let transient = self.function.transient();
        let thrown = timed_out || transient || (poison.is_some() && !e.report_batch_item_failures);
        if timed_out {
            self.tally.timed_out_invocations += 1;
        }
        if poison.is_none() && !thrown {
            self.deliver(shard, sub, n, t, cx);
            let sp = &mut self.shards[shard as usize].subs[sub as usize];
            sp.segments.pop_front();
            sp.attempts = 0;
            return;
        }
        self.tally.failed_invocations += 1;
        // A partial batch response names the first failed record: the records before it are
        // checkpointed, and "Lambda retries all records starting from that checkpoint"
        // (Configuring partial batch response with Kinesis Data Streams and Lambda).
        let ok = if thrown { 0 } else { poison.unwrap_or(0) };
        self.deliver(shard, sub, ok, t, cx);
        let m = n - ok;
        let sp = &mut self.shards[shard as usize].subs[sub as usize];
        sp.segments.pop_front();
        if thrown && e.bisect && m > 1 {
            // BisectBatchOnFunctionError: "splits a failed batch into two smaller batches ...
            // Splitting a batch does not count towards the retry quota."
            sp.segments.push_front(m - m / 2);
            sp.segments.push_front(m / 2);
            sp.attempts = 0;
        } else {
            sp.segments.push_front(m);
            sp.attempts += 1;
            // MaximumRetryAttempts: "Discard records after the specified number of retries".
            if e.max_retry_attempts.is_some_and(|max| sp.attempts > max) {
                sp.segments.pop_front();
                sp.attempts = 0;
                let skipped: Vec<(Record, i64)> = sp.queue.drain(..m).collect();
                for (r, _) in skipped {
                    self.skip(shard, t, r, Skip::MaxRetryAttempts, cx);
                }
                return;
            }
        }
        let sp = &self.shards[shard as usize].subs[sub as usize];
        for (r, _) in sp.queue.iter().take(m) {
            self.tally.retried(r);
        }
    }

    fn deliver(&mut self, shard: u32, sub: u32, n: usize, t: i64, cx: &mut Cx) {
        let s = &mut self.shards[shard as usize];
        s.held -= n as u64;
        for (r, accepted) in s.subs[sub as usize].queue.drain(..n) {
            cx.deliver(shard, shard, t, r, accepted);
        }
    }

    /// When a closed shard has nothing left, its children start being read.
    fn drained(&mut self, shard: u32, t: i64, cx: &mut Cx) {
        let s = &self.shards[shard as usize];
        if s.open || s.held > 0 || !s.created {
            return;
        }
        for c in s.children.clone() {
            if self.readable(c) {
                self.read(c, t, cx);
            }
        }
    }

    /// Splits or merges shards at `t`: the parents stop taking writes, the children take the
    /// keys of their hash key range from now on.
    fn reshard(&mut self, op: Reshard, t: i64, cx: &mut Cx) {
        let (parents, children): (Vec<u32>, Vec<(u128, u128)>) = match op {
            // SplitShard at the middle of the range, as UpdateShardCount's uniform scaling does.
            Reshard::Split { shard, .. } => {
                let s = &self.shards[shard as usize];
                let mid = s.lo + (s.hi - s.lo) / 2;
                (vec![shard], vec![(s.lo, mid), (mid + 1, s.hi)])
            }
            Reshard::Merge { shards: [a, b], .. } => {
                let (sa, sb) = (&self.shards[a as usize], &self.shards[b as usize]);
                (vec![a, b], vec![(sa.lo.min(sb.lo), sa.hi.max(sb.hi))])
            }
        };
        let mut kids: Vec<u32> = Vec::with_capacity(children.len());
        for &(lo, hi) in &children {
            let c = self.slot(t, cx);
            kids.push(c);
            let s = &mut self.shards[c as usize];
            s.lo = lo;
            s.hi = hi;
            s.open = true;
            s.created = true;
            s.parents = parents.clone();
            cx.wm.set_closed(c, false);
        }
        let mut moved = Vec::new();
        for &p in &parents {
            let s = &mut self.shards[p as usize];
            s.open = false;
            s.children = kids.clone();
            cx.wm.set_closed(p, true);
            moved.extend(s.producer.queue.drain(..).map(|r| (p, r)));
        }
        for d in 0..self.route.len() {
            let shard = self.route[d].0;
            if parents.contains(&shard) {
                let h = self.hash[d];
                let c = kids.iter().copied().find(|&c| (self.shards[c as usize].lo..=self.shards[c as usize].hi).contains(&h));
                self.route[d].0 = c.unwrap_or(kids[0]);
            }
        }
        // Writes waiting at a parent's producer go to the child that now owns their key, in order.
        for (p, r) in moved {
            let c = self.route[r.device as usize].0;
            cx.moved(p, c, t);
            self.shards[c as usize].producer.queue.push_back(r);
        }
        for &c in &kids {
            self.pump(c, t, cx);
            cx.settled(c, t);
        }
        for &p in &parents {
            self.drained(p, t, cx);
        }
    }
}
