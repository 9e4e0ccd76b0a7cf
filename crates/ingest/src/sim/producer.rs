//! The producer side of a rate-limited transport: a write limit per second, and a FIFO of
//! records waiting to be accepted, retried with exponential backoff when throttled.
//!
//! Kinesis limits records per shard and a PutRecords call fails record by record, so a call can
//! be partly accepted; SQS limits API calls (a SendMessageBatch of up to 10 messages is one call)
//! and a throttled call fails whole.

use crate::record::Record;
use crate::spec::transport::Retry;
use std::collections::VecDeque;

/// What a throttle's limit counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Records: a call is accepted up to the records left in this second (Kinesis).
    Record,
    /// Calls: a call takes one of this second's calls and is accepted or rejected whole (SQS).
    Call,
}

/// At most `limit` units accepted per aligned second of processing time.
#[derive(Clone, Debug)]
pub(crate) struct Throttle {
    limit: u32,
    second: i64,
    used: u32,
}

impl Throttle {
    pub(crate) fn new(limit: u32) -> Throttle {
        Throttle { limit, second: i64::MIN, used: 0 }
    }
    /// Takes up to `n` units (records or calls, see [`Unit`]) at `t`; returns how many.
    pub(crate) fn take(&mut self, t: i64, n: u32) -> u32 {
        let second = t.div_euclid(1000);
        if second != self.second {
            self.second = second;
            self.used = 0;
        }
        let k = n.min(self.limit - self.used);
        self.used += k;
        k
    }
}

/// Records waiting to be written, in arrival order.
#[derive(Debug, Default)]
pub(crate) struct Producer {
    pub(crate) queue: VecDeque<Record>,
    retry_at: Option<i64>,
    failures: u32,
}

/// What one attempt to write did.
pub(crate) struct Pumped {
    /// Records rejected (throttled).
    pub(crate) rejected: u32,
    /// Write calls made.
    pub(crate) calls: u32,
    /// When to try again, if something is still waiting.
    pub(crate) retry_at: Option<i64>,
}

impl Producer {
    /// Writes at `t` as much as the throttle allows, in calls of up to `batch` records, handing
    /// each accepted record to `accept`. Does nothing while a backoff is running.
    pub(crate) fn pump(&mut self, t: i64, throttle: &mut Throttle, unit: Unit, batch: u32, retry: Retry, mut accept: impl FnMut(Record)) -> Pumped {
        let mut out = Pumped { rejected: 0, calls: 0, retry_at: None };
        if self.retry_at.is_some_and(|r| r > t) {
            return out;
        }
        self.retry_at = None;
        while !self.queue.is_empty() {
            let n = batch.min(self.queue.len() as u32);
            let k = match unit {
                Unit::Record => throttle.take(t, n),
                Unit::Call => n * throttle.take(t, 1),
            };
            out.calls += 1;
            for r in self.queue.drain(..k as usize) {
                accept(r);
            }
            if k < n {
                out.rejected = n - k;
                self.failures = if k > 0 { 1 } else { self.failures + 1 };
                let backoff = retry.base.saturating_mul(1i64 << (self.failures - 1).min(40)).min(retry.max);
                self.retry_at = Some(t + backoff);
                out.retry_at = self.retry_at;
                break;
            }
            self.failures = 0;
        }
        out
    }
}
