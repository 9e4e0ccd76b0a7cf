//! SQS FIFO: message group id = key, a queue-wide limit of `ops_limit` calls per second for each
//! of SendMessageBatch and ReceiveMessage (300 by default; batches of 10 make 3,000 messages a
//! second), one batch in flight per message group, and a pool of consumers taking the group whose
//! oldest message waited longest. DeleteMessageBatch calls have the same per-action limit
//! (`delete_ops_limit`); a processed batch whose delete waits keeps its group in flight.
//!
//! A batch the function fails on is not deleted: its messages stay in flight, holding back their
//! group ("Inflight messages block delivery of available messages within the same message
//! group", SQS FIFO knowledge center), until the visibility timeout makes them visible again;
//! a message received `maxReceiveCount` times goes to the dead-letter queue instead (the
//! redrive policy; "configure a dead-letter queue ... ensures that other messages in the same
//! message group can be processed", SQS developer guide, avoiding large backlogs per group).

use super::lambda::{Function, Skip, SkippedTo, Tally};
use super::producer::{Producer, Throttle, Unit};
use super::ranks::Ranks;
use super::{ms_ceil, Cx, Wake};
use crate::record::Record;
use crate::spec::transport::{FifoSpec, QueueConsumer, Retry};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

#[derive(Debug, Default)]
struct Group {
    /// (record, accepted at, queue order, receives); the first `in_flight` are with a consumer
    /// or invisible after a failed batch.
    queue: VecDeque<(Record, i64, u64, u32)>,
    in_flight: usize,
    /// When the batch in flight was received.
    received: i64,
    /// Processed messages whose DeleteMessageBatch call waits for the call limit: they hold the
    /// group back as messages in flight do.
    deleting: usize,
    /// Their queue orders (they are in the queue until the call is made).
    deleting_orders: Vec<u64>,
}

/// Schedules the wake-up `wake` at the start of the second after `t`'s, unless `pending`
/// already holds it (the calls of a second are used up).
fn at_next_second(pending: &mut Option<i64>, t: i64, wake: u32, cx: &mut Cx) {
    let next = (t.div_euclid(1000) + 1) * 1000;
    if *pending != Some(next) {
        *pending = Some(next);
        cx.schedule(next, Wake::Transport(wake, 0));
    }
}

impl Group {
    /// Whether a consumer may receive from the group: messages, and none in flight.
    fn available(&self) -> bool {
        self.in_flight == 0 && self.deleting == 0 && !self.queue.is_empty()
    }
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
    visibility_timeout: i64,
    max_receive_count: Option<u32>,
    retention: i64,
    function: Function,
    pub(crate) tally: Tally,
    /// Messages received and not yet deleted (or visible again), over every group.
    in_flight: u32,
    in_flight_limit: u32,
    /// ReportBatchItemFailures.
    report_batch_item_failures: bool,
    /// DeleteMessageBatch calls per second.
    delete_calls: Throttle,
    /// Groups whose delete call waits, in order, and the pending wake-up.
    pending_deletes: VecDeque<u32>,
    delete_at: Option<i64>,
    /// The messages in the queue by queue order, and how many of the oldest a receive scans.
    ranks: Ranks,
    scan_limit: u32,
}

const RETRY: u32 = u32::MAX;
const RECEIVE: u32 = u32::MAX - 1;
const DELETE: u32 = u32::MAX - 2;
/// Wakes `(VISIBLE + group)`: a failed batch's messages become visible again.
const VISIBLE: u32 = 1 << 31;

impl Fifo {
    pub(crate) fn new(spec: &FifoSpec, keys: &[String], max_listed: usize) -> Fifo {
        let devices = keys.len() as u32;
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
            visibility_timeout: spec.visibility_timeout,
            max_receive_count: spec.max_receive_count,
            retention: spec.retention,
            function: Function::new(&spec.errors, keys),
            tally: Tally::new(keys.len(), max_listed),
            in_flight: 0,
            in_flight_limit: spec.in_flight_limit,
            report_batch_item_failures: spec.report_batch_item_failures,
            delete_calls: Throttle::new(spec.delete_ops_limit),
            pending_deletes: VecDeque::new(),
            delete_at: None,
            ranks: Ranks::default(),
            scan_limit: spec.scan_limit,
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
            self.function.accepted(&r);
            self.order += 1;
            self.ranks.insert(self.order);
            let g = &mut self.groups[r.device as usize];
            g.queue.push_back((r, t, self.order, 0));
            if g.queue.len() == 1 && g.available() {
                self.ready.push(Reverse((self.order, r.device)));
            }
        }
        self.dispatch(t, cx);
    }

    /// Hands ready groups to free consumers, one ReceiveMessage call each while this second has
    /// calls left; else the consumers try again at the next second.
    fn dispatch(&mut self, t: i64, cx: &mut Cx) {
        let c = self.consumer;
        // At the in-flight limit a receive returns nothing until messages are deleted or
        // visible again (each of which dispatches again).
        while !self.free.is_empty() && self.in_flight < self.in_flight_limit {
            // The ready group with the oldest message first; if even its oldest message lies
            // deeper than the receive scans, every ready group does: they wait until messages
            // ahead of them are deleted (each deletion dispatches again).
            let Some(&Reverse((head, _))) = self.ready.peek() else { break };
            if self.ranks.before(head) >= self.scan_limit {
                break;
            }
            if self.receive.take(t, 1) == 0 {
                at_next_second(&mut self.receive_at, t, RECEIVE, cx);
                break;
            }
            let Some(Reverse((_, group))) = self.ready.pop() else { break };
            let Some(w) = self.free.pop() else { break };
            let g = &mut self.groups[group as usize];
            let n = g.queue.len().min(c.batch_size as usize).min((self.in_flight_limit - self.in_flight) as usize);
            self.in_flight += n as u32;
            g.in_flight = n;
            g.received = t;
            for m in g.queue.iter_mut().take(n) {
                m.3 += 1;
            }
            self.tally.invocations += 1;
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
        if worker == DELETE {
            self.delete_at = None;
            self.flush_deletes(t, cx);
            return self.dispatch(t, cx);
        }
        if worker >= VISIBLE {
            return self.visible(worker - VISIBLE, t, cx);
        }
        let Some(group) = self.workers[worker as usize].take() else { return };
        self.free.push(worker);
        let g = &self.groups[group as usize];
        let n = g.in_flight;
        let poison = g.queue.iter().take(n).position(|m| self.function.is_poison(&m.0));
        let thrown = self.function.transient() || (poison.is_some() && !self.report_batch_item_failures);
        if thrown || poison.is_some() {
            // Not deleted: the batch stays in flight until its visibility timeout ends. With a
            // partial batch response the messages before the first failure are deleted: "for
            // FIFO queues, your function should stop processing messages after the first failure
            // and return all failed and unprocessed messages in batchItemFailures" (Lambda
            // developer guide, SQS partial batch responses).
            let ok = if thrown { 0 } else { poison.unwrap_or(0) };
            self.tally.failed_invocations += 1;
            self.delete(group, ok, t, cx);
            let g = &mut self.groups[group as usize];
            g.in_flight = n - ok;
            // A zero visibility timeout on a zero-time batch still moves processing time on.
            let at = (g.received + self.visibility_timeout).max(t).max(g.received + 1);
            let g = &self.groups[group as usize];
            for m in g.queue.iter().take(n - ok) {
                if self.max_receive_count.is_none_or(|max| m.3 < max) {
                    self.tally.retried(&m.0);
                }
            }
            cx.schedule(at, Wake::Transport(VISIBLE + group, 0));
            return self.dispatch(t, cx);
        }
        self.delete(group, n, t, cx);
        self.dispatch(t, cx);
    }

    /// The first `n` messages of `group`'s batch in flight are processed: delivered, and
    /// deleted by one DeleteMessageBatch call when the call limit allows (until then they stay
    /// in flight and hold the group back; that a delete later than the visibility timeout would
    /// redeliver them is not modelled).
    fn delete(&mut self, group: u32, n: usize, t: i64, cx: &mut Cx) {
        if n == 0 {
            return;
        }
        let g = &mut self.groups[group as usize];
        g.in_flight -= n;
        g.deleting += n;
        let batch: Vec<(Record, i64, u64, u32)> = g.queue.drain(..n).collect();
        g.deleting_orders.extend(batch.iter().map(|m| m.2));
        for (r, accepted, _, _) in batch {
            cx.deliver(group, 0, t, r, accepted);
        }
        self.pending_deletes.push_back(group);
        self.flush_deletes(t, cx);
    }

    /// Makes the waiting DeleteMessageBatch calls this second's limit allows, in order; a group
    /// with nothing left in flight is ready again.
    fn flush_deletes(&mut self, t: i64, cx: &mut Cx) {
        while let Some(&group) = self.pending_deletes.front() {
            if self.delete_calls.take(t, 1) == 0 {
                return at_next_second(&mut self.delete_at, t, DELETE, cx);
            }
            self.pending_deletes.pop_front();
            cx.requests += 1; // DeleteMessageBatch
            let g = &mut self.groups[group as usize];
            self.in_flight -= std::mem::take(&mut g.deleting) as u32;
            for order in g.deleting_orders.drain(..) {
                self.ranks.remove(order);
            }
            if g.available() {
                self.ready.push(Reverse((g.queue[0].2, group)));
            }
        }
    }

    /// A failed batch of `group` becomes visible again; messages received maxReceiveCount times
    /// move to the dead-letter queue, messages older than the retention period are deleted
    /// ("deletes messages that have been in a queue longer than the retention period").
    fn visible(&mut self, group: u32, t: i64, cx: &mut Cx) {
        let g = &mut self.groups[group as usize];
        let n = std::mem::take(&mut g.in_flight);
        self.in_flight -= n as u32;
        // Only the batch in flight and the expired head of the group are looked at (messages are
        // accepted in time order, so the expired ones come first): a retry costs its batch, not
        // the group's whole backlog.
        let mut dead = Vec::new();
        let mut i = 0;
        while i < g.queue.len() {
            let m = &g.queue[i];
            let why = if i < n && self.max_receive_count.is_some_and(|max| m.3 >= max) {
                Skip::MaxReceiveCount
            } else if t - m.1 >= self.retention {
                Skip::Retention
            } else if i < n {
                i += 1;
                continue;
            } else {
                break;
            };
            if let Some(m) = g.queue.remove(i) {
                self.ranks.remove(m.2);
                dead.push((m.0, why));
            }
        }
        if g.available() {
            self.ready.push(Reverse((g.queue[0].2, group)));
        }
        for (r, why) in dead {
            self.tally.skipped(&r, t, why, if why == Skip::Retention { SkippedTo::Expired } else { SkippedTo::DeadLetterQueue });
            cx.skipped(group, 0, t, &r);
        }
        self.dispatch(t, cx);
    }
}
