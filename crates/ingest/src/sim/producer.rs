//! The producer side of a rate-limited transport: a write limit per second, and a FIFO of
//! records waiting to be accepted, retried with exponential backoff when throttled.

use crate::record::Record;
use crate::spec::transport::Retry;
use std::collections::VecDeque;

/// At most `limit` records accepted per aligned second of processing time.
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
    /// Accepts up to `n` records at `t`; returns how many.
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
    /// Writes at `t` as much as the throttle allows, in batches of `batch`, handing each accepted
    /// record to `accept`. Does nothing while a backoff is running.
    pub(crate) fn pump(&mut self, t: i64, throttle: &mut Throttle, batch: u32, retry: Retry, mut accept: impl FnMut(Record)) -> Pumped {
        let mut out = Pumped { rejected: 0, calls: 0, retry_at: None };
        if self.retry_at.is_some_and(|r| r > t) {
            return out;
        }
        self.retry_at = None;
        while !self.queue.is_empty() {
            let n = batch.min(self.queue.len() as u32);
            let k = throttle.take(t, n);
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
