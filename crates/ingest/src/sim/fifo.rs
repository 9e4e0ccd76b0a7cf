//! SQS FIFO: message group id = key, a queue-wide limit of `ops_limit` calls per second for each
//! of SendMessageBatch and ReceiveMessage (300 by default; batches of 10 make 3,000 messages a
//! second), one batch in flight per message group, and a pool of consumers taking the group whose
//! oldest message waited longest. DeleteMessageBatch calls are counted, not limited.

use super::producer::{Producer, Throttle, Unit};
use super::{ms_ceil, Cx, Wake};
use crate::record::Record;
use crate::spec::transport::{FifoSpec, QueueConsumer, Retry};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

#[derive(Debug, Default)]
struct Group {
    /// (record, accepted at, queue order); the first `in_flight` are with a consumer.
    queue: VecDeque<(Record, i64, u64)>,
    in_flight: usize,
}

pub(crate) struct Fifo {
    producer: Producer,
    /// SendMessageBatch calls per second.
    throttle: Throttle,
    /// ReceiveMessage calls per second.
    receive: Throttle,
    /// When consumers wait for the next second's ReceiveMessage calls.
    receive_at: Option<i64>,
    retry: Retry,
    send_batch: u32,
    consumer: QueueConsumer,
    groups: Vec<Group>,
    /// Groups with messages and none in flight, by their oldest message's queue order.
    ready: BinaryHeap<Reverse<(u64, u32)>>,
    /// Per consumer: the group it is processing.
    workers: Vec<Option<u32>>,
    free: Vec<u32>,
    order: u64,
}

const RETRY: u32 = u32::MAX;
const RECEIVE: u32 = u32::MAX - 1;

impl Fifo {
    pub(crate) fn new(spec: &FifoSpec, devices: u32) -> Fifo {
        let n = spec.consumer.concurrency;
        Fifo {
            producer: Producer::default(),
            throttle: Throttle::new(spec.ops_limit),
            receive: Throttle::new(spec.ops_limit),
            receive_at: None,
            retry: spec.retry,
            send_batch: spec.send_batch,
            consumer: spec.consumer,
            groups: (0..devices).map(|_| Group::default()).collect(),
            ready: BinaryHeap::new(),
            workers: vec![None; n as usize],
            free: (0..n).rev().collect(),
            order: 0,
        }
    }

    pub(crate) fn enter(&mut self, t: i64, r: Record, cx: &mut Cx) {
        cx.entered(r.device, t);
        self.producer.queue.push_back(r);
        self.pump(t, cx);
        cx.settled(r.device, t);
    }

    fn pump(&mut self, t: i64, cx: &mut Cx) {
        let mut accepted = Vec::new();
        let pumped = self.producer.pump(t, &mut self.throttle, Unit::Call, self.send_batch, self.retry, |r| accepted.push(r));
        cx.requests += u64::from(pumped.calls);
        // The throttled call held the first `rejected` messages waiting, of one group or several:
        // each counts for its own group.
        for r in self.producer.queue.iter().take(pumped.rejected as usize) {
            cx.throttled(r.device, t, 1);
        }
        if let Some(at) = pumped.retry_at {
            cx.schedule(at, Wake::Transport(RETRY, 0));
        }
        for r in accepted {
            cx.accepted(r.device, 0, t, &r);
            self.order += 1;
            let g = &mut self.groups[r.device as usize];
            if g.queue.is_empty() && g.in_flight == 0 {
                self.ready.push(Reverse((self.order, r.device)));
            }
            g.queue.push_back((r, t, self.order));
        }
        self.dispatch(t, cx);
    }

    /// Hands ready groups to free consumers, one ReceiveMessage call each while this second has
    /// calls left; else the consumers try again at the next second.
    fn dispatch(&mut self, t: i64, cx: &mut Cx) {
        let c = self.consumer;
        while !self.free.is_empty() && !self.ready.is_empty() {
            if self.receive.take(t, 1) == 0 {
                let next = (t.div_euclid(1000) + 1) * 1000;
                if self.receive_at != Some(next) {
                    self.receive_at = Some(next);
                    cx.schedule(next, Wake::Transport(RECEIVE, 0));
                }
                break;
            }
            let Some(Reverse((_, group))) = self.ready.pop() else { break };
            let Some(w) = self.free.pop() else { break };
            let g = &mut self.groups[group as usize];
            let n = g.queue.len().min(c.batch_size as usize);
            g.in_flight = n;
            self.workers[w as usize] = Some(group);
            cx.requests += 1; // ReceiveMessage
            cx.schedule(t + ms_ceil(c.batch_overhead_us + n as i64 * c.record_time_us), Wake::Transport(w, 0));
        }
    }

    pub(crate) fn wake(&mut self, t: i64, worker: u32, cx: &mut Cx) {
        if worker == RETRY {
            return self.pump(t, cx);
        }
        if worker == RECEIVE {
            self.receive_at = None;
            return self.dispatch(t, cx);
        }
        let Some(group) = self.workers[worker as usize].take() else { return };
        let g = &mut self.groups[group as usize];
        let n = std::mem::take(&mut g.in_flight);
        let batch: Vec<(Record, i64, u64)> = g.queue.drain(..n).collect();
        if let Some(&(_, _, head)) = g.queue.front() {
            self.ready.push(Reverse((head, group)));
        }
        cx.requests += 1; // DeleteMessageBatch
        for (r, accepted, _) in batch {
            cx.deliver(group, 0, t, r, accepted);
        }
        self.free.push(worker);
        self.dispatch(t, cx);
    }
}
