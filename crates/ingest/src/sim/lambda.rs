//! The consumer function's errors (a poison record per key, a seeded transient error rate) and
//! the tally, per key, of what the event source mapping or the queue did about them: records
//! retried, sent to the on-failure destination or dead-letter queue, discarded, or expired.

use crate::prng::SplitMix64;
use crate::record::Record;
use crate::spec::generate::Delay;
use crate::spec::transport::FunctionErrors;
use serde::Serialize;

/// The function: which records and invocations fail.
pub(crate) struct Function {
    /// Per device: the time from which its first record is poison.
    poison_from: Vec<Option<i64>>,
    /// Per device: the poison record's send counter, once it was accepted.
    poison_seq: Vec<Option<u32>>,
    rate: f64,
    rng: SplitMix64,
}

impl Function {
    pub(crate) fn new(errors: &FunctionErrors, keys: &[String]) -> Function {
        let mut poison_from = vec![None; keys.len()];
        for (key, at) in &errors.poison {
            if let Some(d) = keys.iter().position(|k| k == key) {
                poison_from[d] = Some(poison_from[d].map_or(*at, |a: i64| a.min(*at)));
            }
        }
        Function { poison_seq: vec![None; keys.len()], poison_from, rate: errors.transient_rate, rng: SplitMix64::new(errors.seed) }
    }

    /// A record was accepted: the first of its key created at or after the poison time is poison.
    pub(crate) fn accepted(&mut self, r: &Record) {
        let d = r.device as usize;
        if self.poison_seq[d].is_none() && self.poison_from[d].is_some_and(|at| r.created >= at) {
            self.poison_seq[d] = Some(r.seq());
        }
    }

    /// Whether processing `r` fails every time.
    pub(crate) fn is_poison(&self, r: &Record) -> bool {
        self.poison_seq[r.device as usize] == Some(r.seq())
    }

    /// Whether this invocation fails whatever it holds (one seeded draw when a rate is set).
    pub(crate) fn transient(&mut self) -> bool {
        self.rate > 0.0 && self.rng.next_f64() < self.rate
    }
}

/// Lambda's largest timeout (ms).
const MAX_DURATION: i64 = 900_000;

/// The function's duration beyond its per-record and per-batch time: a seeded draw per
/// invocation from a delay distribution.
pub(crate) struct Duration {
    delay: Option<Delay>,
    rng: SplitMix64,
    spare: Option<f64>,
}

impl Duration {
    pub(crate) fn new(delay: Option<Delay>, seed: u64) -> Duration {
        Duration { delay, rng: SplitMix64::new(seed), spare: None }
    }

    /// The next invocation's extra milliseconds (0 without a distribution), cut at 15 minutes,
    /// the largest timeout ("Lambda functions can run for up to 900 seconds", Lambda quotas): a
    /// draw past the function's timeout is a timed-out invocation, whatever its length.
    pub(crate) fn draw(&mut self) -> i64 {
        match &self.delay {
            None => 0,
            Some(d) => d.draw(&mut self.rng, &mut self.spare).clamp(0, MAX_DURATION),
        }
    }
}

/// Why a record never reached the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    /// Its batch failed more than MaximumRetryAttempts times.
    MaxRetryAttempts,
    /// It was older than MaximumRecordAgeInSeconds when its batch was to be sent.
    MaxRecordAge,
    /// It was older than the stream's retention period: gone from the shard.
    Retention,
    /// It was received maxReceiveCount times without being deleted.
    MaxReceiveCount,
}

/// Where a record that did not reach the pipeline went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkippedTo {
    /// The event source mapping's on-failure destination (Kinesis).
    OnFailureDestination,
    /// The queue's dead-letter queue (SQS).
    DeadLetterQueue,
    /// Nowhere: no destination is configured.
    Discarded,
    /// Lost to the retention period.
    Expired,
}

/// One record that did not reach the pipeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The key.
    pub key: String,
    /// Its send counter.
    pub seq: u32,
    /// When it was skipped.
    pub at: i64,
    /// Why.
    pub reason: Skip,
    /// Where it went.
    pub to: SkippedTo,
}

/// Per key: what the consumer's failures did to its records.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KeyFailures {
    /// The key.
    pub key: String,
    /// Record invocations that failed and were tried again (a record retried twice counts 2).
    pub retried: u64,
    /// Records sent to the on-failure destination or the dead-letter queue.
    pub to_destination: u64,
    /// Records skipped with no destination configured.
    pub discarded: u64,
    /// Records lost to the stream's retention.
    pub expired: u64,
}

/// The consumer's failures over the run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Failures {
    /// Function invocations.
    pub invocations: u64,
    /// Invocations that failed (an error, or a partial batch response).
    pub failed_invocations: u64,
    /// Invocations throttled by the function's concurrency limit (each waited for an instance).
    pub throttled_invocations: u64,
    /// Invocations stopped at the function's timeout (failed, counted in `failed_invocations`).
    pub timed_out_invocations: u64,
    /// Sums over the keys.
    pub retried: u64,
    /// Sent to the on-failure destination or the dead-letter queue.
    pub to_destination: u64,
    /// Skipped with no destination.
    pub discarded: u64,
    /// Lost to retention.
    pub expired: u64,
    /// Keys with anything to report, in key index order.
    pub keys: Vec<KeyFailures>,
    /// The first skipped records (all are counted).
    pub skipped: Vec<Skipped>,
}

/// The counts as the run goes, by device index.
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) invocations: u64,
    pub(crate) failed_invocations: u64,
    pub(crate) throttled_invocations: u64,
    pub(crate) timed_out_invocations: u64,
    /// Per device: retried, to destination, discarded, expired.
    per_device: Vec<[u64; 4]>,
    skipped: Vec<(u32, u32, i64, Skip, SkippedTo)>,
    max_listed: usize,
}

impl Tally {
    pub(crate) fn new(devices: usize, max_listed: usize) -> Tally {
        Tally { per_device: vec![[0; 4]; devices], max_listed, ..Tally::default() }
    }

    pub(crate) fn retried(&mut self, r: &Record) {
        self.per_device[r.device as usize][0] += 1;
    }

    /// `r` is skipped at `t`; `to` is where it goes.
    pub(crate) fn skipped(&mut self, r: &Record, t: i64, reason: Skip, to: SkippedTo) {
        let slot = match to {
            SkippedTo::OnFailureDestination | SkippedTo::DeadLetterQueue => 1,
            SkippedTo::Discarded => 2,
            SkippedTo::Expired => 3,
        };
        self.per_device[r.device as usize][slot] += 1;
        if self.skipped.len() < self.max_listed {
            self.skipped.push((r.device, r.seq(), t, reason, to));
        }
    }

    /// The report, with keys named by `key`.
    pub(crate) fn report(&self, key: &dyn Fn(u32) -> String) -> Failures {
        let mut f = Failures {
            invocations: self.invocations,
            failed_invocations: self.failed_invocations,
            throttled_invocations: self.throttled_invocations,
            timed_out_invocations: self.timed_out_invocations,
            ..Failures::default()
        };
        for (d, c) in self.per_device.iter().enumerate() {
            if c.iter().any(|&n| n > 0) {
                f.retried += c[0];
                f.to_destination += c[1];
                f.discarded += c[2];
                f.expired += c[3];
                f.keys.push(KeyFailures { key: key(d as u32), retried: c[0], to_destination: c[1], discarded: c[2], expired: c[3] });
            }
        }
        f.skipped = self.skipped.iter().map(|&(d, seq, at, reason, to)| Skipped { key: key(d), seq, at, reason, to }).collect();
        f
    }
}
