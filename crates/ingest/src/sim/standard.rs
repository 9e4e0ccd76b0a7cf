//! SQS standard: no ordering promise, at-least-once delivery. Consumers take messages from near
//! the head of the queue in random order; a received message comes back as a duplicate with a
//! seeded probability after the visibility timeout.

use super::{ms_ceil, Cx, Wake};
use crate::prng::SplitMix64;
use crate::record::{Record, Source};
use crate::spec::transport::{QueueConsumer, StandardSpec};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

pub(crate) struct Standard {
    queue: VecDeque<(Record, i64)>,
    consumer: QueueConsumer,
    duplicate_rate: f64,
    visibility_timeout: i64,
    rng: SplitMix64,
    workers: Vec<Vec<(Record, i64)>>,
    free: Vec<u32>,
    /// Duplicates waiting to become visible again.
    hidden: BinaryHeap<Reverse<(i64, u64, Record)>>,
    order: u64,
}

const VISIBLE: u32 = u32::MAX;

impl Standard {
    pub(crate) fn new(spec: &StandardSpec, source: &dyn Source) -> Standard {
        let n = spec.consumer.concurrency;
        Standard {
            queue: VecDeque::new(),
            consumer: spec.consumer,
            duplicate_rate: spec.duplicate_rate,
            visibility_timeout: spec.visibility_timeout,
            rng: SplitMix64::new(0x5153_5f73_7464 ^ source.origin() as u64 ^ u64::from(source.devices())),
            workers: vec![Vec::new(); n as usize],
            free: (0..n).rev().collect(),
            hidden: BinaryHeap::new(),
            order: 0,
        }
    }

    pub(crate) fn enter(&mut self, t: i64, r: Record, cx: &mut Cx) {
        cx.entered(0, t);
        cx.accepted(0, 0, t, &r);
        cx.requests += 1; // SendMessage
        self.queue.push_back((r, t));
        self.dispatch(t, cx);
    }

    fn dispatch(&mut self, t: i64, cx: &mut Cx) {
        let c = self.consumer;
        while !self.queue.is_empty() {
            let Some(w) = self.free.pop() else { break };
            let n = self.queue.len().min(c.batch_size as usize);
            let window = self.queue.len().min(4 * c.batch_size as usize);
            let mut batch = Vec::with_capacity(n);
            for taken in 0..n {
                let i = self.rng.below((window - taken) as u64) as usize;
                if let Some(m) = self.queue.remove(i) {
                    batch.push(m);
                }
            }
            self.workers[w as usize] = batch;
            cx.requests += 1; // ReceiveMessage
            cx.schedule(t + ms_ceil(c.batch_overhead_us + n as i64 * c.record_time_us), Wake::Transport(w, 0));
        }
    }

    pub(crate) fn wake(&mut self, t: i64, worker: u32, _: u32, cx: &mut Cx) {
        if worker == VISIBLE {
            while self.hidden.peek().is_some_and(|h| h.0 .0 <= t) {
                let Some(Reverse((_, _, r))) = self.hidden.pop() else { break };
                cx.requeued(0, 0, t, &r);
                self.queue.push_back((r, t));
            }
            return self.dispatch(t, cx);
        }
        let batch = std::mem::take(&mut self.workers[worker as usize]);
        cx.requests += 1; // DeleteMessageBatch
        for (r, accepted) in batch {
            cx.deliver(0, 0, t, r, accepted);
            if !r.is_duplicate() && self.rng.next_f64() < self.duplicate_rate {
                self.order += 1;
                let at = t + self.visibility_timeout;
                self.hidden.push(Reverse((at, self.order, r.duplicate())));
                cx.schedule(at, Wake::Transport(VISIBLE, 0));
            }
        }
        self.free.push(worker);
        self.dispatch(t, cx);
    }
}
