//! The consumer's retries as work, estimated from the `ingest` section before anything runs.
//!
//! A failing batch is tried again and again: a Lambda event source mapping with the default
//! MaximumRetryAttempts (-1, infinite) retries a poison record's batch until its records pass
//! the stream's retention (24 h), an SQS FIFO message group is received again after every
//! visibility timeout until maxReceiveCount or the retention period (4 days). Each try costs the
//! simulation one step per record of the batch, so a file of a few hundred bytes can ask for
//! tens of millions of steps. [`retry_tries`] bounds the record tries that failures add:
//! - **a poison record** blocks its shard's sub-partition (or its message group) from its first
//!   failed try until it is skipped: after MaximumRetryAttempts (+ the bisections of
//!   BisectBatchOnFunctionError, which do not count as retries) or maxReceiveCount tries, or when
//!   it is older than MaximumRecordAgeInSeconds or the retention period. Per poison record:
//!   `batch size × tries`, the tries being the fewer of the count limit and the time it may
//!   block divided by the shortest try (1 ms at least: a try never takes no time);
//! - **transient errors** at rate `p < 1`: each record's batch fails a geometric number of
//!   times, `p / (1 − p)` on average (an estimate, not a bound); at `p = 1` every record fails
//!   until it is skipped, as a poison record does;
//! - **timeouts** (Kinesis): an invocation whose drawn duration passes the function's timeout
//!   fails; the chance that a full batch's does is added to the transient rate (1 when even a
//!   batch of one record always runs past it).

use crate::spec::transport::{FunctionErrors, IngestSpec, Transport};

/// The record tries failures may add to a run, and what drives them.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryWork {
    /// Record tries (one per record of a failed batch per try), an estimate from above.
    pub tries: f64,
    /// The field that drives them: the setting that would bound them.
    pub path: String,
    /// How the estimate adds up, in words.
    pub why: String,
}

/// The tries one failing record may cost: the fewer of `count` (a limit on tries, if any) and
/// `hold` ms divided by `try_ms` ms a try.
fn tries_per_record(count: Option<f64>, hold: i64, try_ms: i64) -> f64 {
    let by_time = (hold as f64 / try_ms.max(1) as f64).floor() + 1.0;
    count.map_or(by_time, |c| c.min(by_time))
}

/// Milliseconds of one try of `n` records, as the simulation counts them (whole ms, at least 1).
fn try_ms(overhead_us: i64, record_us: i64, n: i64) -> i64 {
    let us = overhead_us.saturating_add(record_us.saturating_mul(n));
    (us.saturating_add(999) / 1000).max(1)
}

/// The record tries the consumer's failures may add when `events` records are sent through
/// `spec`, or `None` when nothing can fail.
///
/// ```
/// use windowpane_ingest::{work::retry_tries, IngestSpec, Syntax};
/// let s = Syntax::builtin();
/// // One poison record, infinite retries, 1 ms a record, batches of 1, 24 h retention:
/// // one try a millisecond for 86,400,000 ms, plus the first.
/// let i = serde_json::json!({"type": "kinesis", "consumer": {"batch_size": 1},
///                            "errors": {"poison": [{"key": "a", "at": 0}]}});
/// let w = retry_tries(&IngestSpec::parse(&i, "ingest", &s).unwrap(), 10.0).unwrap();
/// assert_eq!((w.tries, w.path.as_str()), (86_400_001.0, "ingest.consumer.max_retry_attempts"));
/// ```
pub fn retry_tries(spec: &IngestSpec, events: f64) -> Option<RetryWork> {
    let mut timeouts = 0.0;
    let (errors, batch, count, hold, shortest, bound_path, bound_name, hold_name) = match &spec.transport {
        Transport::Kinesis(k) => {
            let c = &k.consumer;
            let e = c.on_error;
            let batch = f64::from(c.batch_size);
            // Bisecting a batch of n down to single records takes ⌈log2 n⌉ failed tries that do
            // not count as retries, then MaximumRetryAttempts + 1 tries of the last record.
            let halvings = if e.bisect { f64::from(c.batch_size).log2().ceil() } else { 0.0 };
            let count = e.max_retry_attempts.map(|a| f64::from(a) + 1.0 + halvings);
            let (hold, hold_name) = match e.max_record_age {
                Some(age) if age < k.retention => (age, "maximum record age"),
                _ => (k.retention, "retention"),
            };
            let mut shortest = try_ms(c.batch_overhead_us, c.record_time_us, 1);
            let over = |n: i64| {
                let base = try_ms(c.batch_overhead_us, c.record_time_us, n);
                c.duration.map_or(f64::from(u8::from(base > c.timeout)), |d| d.tail(c.timeout - base))
            };
            timeouts = if over(1) >= 1.0 { 1.0 } else { over(i64::from(c.batch_size)) };
            if timeouts >= 1.0 {
                // Every invocation runs to the timeout.
                shortest = shortest.max(c.timeout);
            }
            (&k.errors, batch, count, hold, shortest, "ingest.consumer.max_retry_attempts", "maximum retry attempts", hold_name)
        }
        Transport::SqsFifo(f) => {
            let c = &f.consumer;
            let count = f.max_receive_count.map(f64::from);
            // A failed batch is received again when its visibility timeout ends (1 ms at least).
            let cycle = f.visibility_timeout.max(try_ms(c.batch_overhead_us, c.record_time_us, 1));
            (&f.errors, f64::from(c.batch_size), count, f.retention, cycle, "ingest.max_receive_count", "maximum receive count", "retention")
        }
        Transport::Direct | Transport::SqsStandard(_) => return None,
    };
    let FunctionErrors { poison, transient_rate, .. } = errors;
    let p = &(1.0 - (1.0 - transient_rate) * (1.0 - timeouts));
    if poison.is_empty() && *p == 0.0 {
        return None;
    }
    let per_record = tries_per_record(count, hold, shortest);
    // A batch holds at most every record there is.
    let batch = batch.min(events.max(1.0));
    let poisoned = poison.len() as f64 * batch * per_record;
    let transient = if *p >= 1.0 { events * per_record } else { events * p / (1.0 - p) };
    let tries = poisoned + transient;
    let limit = match count {
        Some(c) => format!("{} {bound_name}", amount(c)),
        None => "no maximum".to_string(),
    };
    let mut parts = Vec::new();
    if !poison.is_empty() {
        parts.push(format!(
            "{} poison record{} × batches of {} × {} tries ({limit}, {} ms {hold_name} ÷ {} ms a try)",
            poison.len(),
            if poison.len() == 1 { "" } else { "s" },
            amount(batch),
            amount(per_record),
            hold,
            shortest
        ));
    }
    if *p > 0.0 {
        parts.push(if *p >= 1.0 {
            format!("every one of {} records failing, {} tries each", amount(events), amount(per_record))
        } else {
            let rate = if timeouts > 0.0 { format!("a failure rate of {} (timeouts included)", amount(*p)) } else { format!("a transient error rate of {p}") };
            format!("{} records × {} retries each on average at {rate}", amount(events), amount(p / (1.0 - p)))
        });
    }
    let path = if count.is_none() {
        bound_path.to_string()
    } else if poison.is_empty() && timeouts > 0.0 {
        "ingest.consumer.timeout".to_string()
    } else if poison.is_empty() {
        "ingest.errors.transient_rate".to_string()
    } else {
        "ingest.errors.poison".to_string()
    };
    Some(RetryWork { tries, path, why: parts.join(" + ") })
}

/// A count as people read it: `40`, `2.5`, `1e10`.
fn amount(x: f64) -> String {
    if x.abs() >= 1e7 {
        let s = format!("{x:.2e}");
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        format!("{}e{exponent}", mantissa.trim_end_matches('0').trim_end_matches('.'))
    } else {
        format!("{}", (x * 1000.0).round() / 1000.0)
    }
}
