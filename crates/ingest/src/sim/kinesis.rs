//! Kinesis Data Streams: partition key → shard by MD5, a write limit per shard with throttling
//! and retries, and a consumer reading each shard in batches with a parallelization factor.

use super::producer::{Producer, Throttle, Unit};
use super::{ms_ceil, Cx, Wake};
use crate::partition::{hash_key, shard_of};
use crate::record::Record;
use crate::spec::transport::{KinesisSpec, Retry, ShardConsumer};
use std::collections::VecDeque;

/// One of a shard's concurrent batch readers; a key always maps to the same one.
#[derive(Debug, Default)]
struct SubPartition {
    /// Accepted records (record, accepted at); the first `in_flight` are being processed.
    queue: VecDeque<(Record, i64)>,
    in_flight: usize,
    /// When the batch in flight finishes, or when the batch window of a waiting one closes.
    wake_at: Option<i64>,
}

#[derive(Debug)]
struct Shard {
    producer: Producer,
    throttle: Throttle,
    subs: Vec<SubPartition>,
}

pub(crate) struct Kinesis {
    shards: Vec<Shard>,
    /// Per device: shard and sub-partition.
    route: Vec<(u32, u32)>,
    retry: Retry,
    put_batch: u32,
    consumer: ShardConsumer,
    scratch: Vec<Record>,
}

const RETRY: u32 = u32::MAX;

impl Kinesis {
    pub(crate) fn new(spec: &KinesisSpec, keys: &[String]) -> Kinesis {
        let f = spec.consumer.parallelization;
        let route = keys
            .iter()
            .map(|k| {
                let h = hash_key(k);
                (shard_of(h, spec.shards), (h % u128::from(f)) as u32)
            })
            .collect();
        let shards = (0..spec.shards)
            .map(|_| Shard {
                producer: Producer::default(),
                throttle: Throttle::new(spec.write_limit),
                subs: (0..f).map(|_| SubPartition::default()).collect(),
            })
            .collect();
        Kinesis { shards, route, retry: spec.retry, put_batch: spec.put_batch, consumer: spec.consumer, scratch: Vec::new() }
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
        cx.requests += u64::from(pumped.calls);
        cx.throttled(shard, t, pumped.rejected);
        if let Some(at) = pumped.retry_at {
            cx.schedule(at, Wake::Transport(shard, RETRY));
        }
        for r in accepted.drain(..) {
            cx.accepted(shard, shard, t, &r);
            let sub = self.route[r.device as usize].1;
            self.shards[shard as usize].subs[sub as usize].queue.push_back((r, t));
            self.start_batch(shard, sub, t, cx);
        }
        self.scratch = accepted;
    }

    /// Starts a batch on an idle sub-partition if one is due, else sets a timer for when it is.
    fn start_batch(&mut self, shard: u32, sub: u32, t: i64, cx: &mut Cx) {
        let c = self.consumer;
        let sp = &mut self.shards[shard as usize].subs[sub as usize];
        if sp.in_flight > 0 {
            return;
        }
        let Some(&(_, oldest)) = sp.queue.front() else { return };
        let due = if sp.queue.len() >= c.batch_size as usize { t } else { oldest + c.batch_window };
        if due <= t {
            let n = sp.queue.len().min(c.batch_size as usize);
            sp.in_flight = n;
            let done = t + ms_ceil(c.batch_overhead_us + n as i64 * c.record_time_us);
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
        let sp = &mut self.shards[shard as usize].subs[sub as usize];
        if sp.wake_at != Some(t) {
            return; // superseded
        }
        sp.wake_at = None;
        if sp.in_flight > 0 {
            let n = std::mem::take(&mut sp.in_flight);
            for (r, accepted) in sp.queue.drain(..n).collect::<Vec<_>>() {
                cx.deliver(shard, shard, t, r, accepted);
            }
        }
        self.start_batch(shard, sub, t, cx);
    }
}
