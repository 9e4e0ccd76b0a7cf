//! The `ingest` section: which transport carries the events, its limits, its consumer, its prices.

use super::fields::{duration, micros, shown, time, Fields, Syntax};
use super::generate::{parse_delay, Delay};
use crate::error::IngestError;
use serde_json::Value;

/// A parsed `ingest` section.
#[derive(Clone, Debug, PartialEq)]
pub struct IngestSpec {
    /// The transport model.
    pub transport: Transport,
    /// Prices for a cost estimate, if the user gave any.
    pub prices: Option<Prices>,
    /// Size of one record in bytes (for Kinesis PUT payload units of 25 KB).
    pub record_bytes: u32,
}

/// The transport models.
#[derive(Clone, Debug, PartialEq)]
pub enum Transport {
    /// No transport: arrival = sent + network delay.
    Direct,
    /// Kinesis Data Streams.
    Kinesis(KinesisSpec),
    /// SQS FIFO: message group id = key.
    SqsFifo(FifoSpec),
    /// SQS standard: no order, at-least-once.
    SqsStandard(StandardSpec),
}

/// Producer retries after a throttled write: `base * 2^(failures - 1)`, at most `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry {
    /// First backoff (ms).
    pub base: i64,
    /// Largest backoff (ms).
    pub max: i64,
}

/// A Kinesis stream and its consumer.
#[derive(Clone, Debug, PartialEq)]
pub struct KinesisSpec {
    /// Number of shards (≥ 1).
    pub shards: u32,
    /// Records per second each shard accepts (1,000 by default).
    pub write_limit: u32,
    /// Bytes per second each shard accepts (1 MiB by default).
    pub write_bytes_limit: u64,
    /// Size of one record in bytes (the section's `record_bytes`).
    pub record_bytes: u32,
    /// How the consumer reads the shards.
    pub read: Read,
    /// How long a shard keeps a record (ms; 24 h by default): older unread records are lost.
    pub retention: i64,
    /// Shards split or merged at processing times, in time order.
    pub reshard: Vec<Reshard>,
    /// The consumer function's errors.
    pub errors: FunctionErrors,
    /// Producer backoff.
    pub retry: Retry,
    /// Records per PutRecords call (500 at most).
    pub put_batch: u32,
    /// The consumer (Lambda-style event source mapping).
    pub consumer: ShardConsumer,
    /// User records the producer packs into one Kinesis record (KPL aggregation; 1: none).
    pub aggregation: u32,
    /// Provisioned (`shards` as given) or on demand (`shards` chosen from the previous peak).
    pub capacity: Capacity,
}

/// A stream's capacity mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capacity {
    /// The shards the file gives.
    Provisioned,
    /// On-demand: the shards AWS keeps for twice the previous peak, at least four shards' worth
    /// (4 MiB/s and 4,000 records/s of writes with the default limits); a new peak during the run
    /// adds shards `scale_delay` later.
    OnDemand {
        /// The previous peak write rate (user records a second).
        previous_peak: u64,
        /// How long the stream takes to adapt to a new peak (ms; 15 minutes).
        scale_delay: i64,
        /// The most shards the stream grows to (10,240: 10 GB/s of writes).
        max_shards: u32,
    },
}

/// How a consumer reads a shard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read {
    /// GetRecords calls, shared with the other polling consumers of the shard.
    Polling {
        /// Polling consumers sharing each shard, this one included (1..=5).
        consumers: u32,
        /// GetRecords calls per second per shard, shared (5).
        calls_per_second: u32,
        /// Bytes per second read per shard, shared (2 MiB).
        bytes_per_second: u64,
    },
    /// Enhanced fan-out: records pushed to this consumer with its own throughput.
    EnhancedFanOut {
        /// Bytes per second per shard for this consumer (2 MiB).
        bytes_per_second: u64,
        /// From accepted to pushed (ms; 70 by default).
        push_delay: i64,
    },
}

/// A change of the shards at a processing time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reshard {
    /// Split an open shard into two halves of its hash key range.
    Split {
        /// When.
        at: i64,
        /// The shard's index (shards are numbered in creation order, from 0).
        shard: u32,
    },
    /// Merge two open shards with adjacent hash key ranges.
    Merge {
        /// When.
        at: i64,
        /// The two shards' indexes.
        shards: [u32; 2],
    },
}

impl Reshard {
    /// When it happens.
    pub fn at(&self) -> i64 {
        match *self {
            Reshard::Split { at, .. } | Reshard::Merge { at, .. } => at,
        }
    }
}

/// A consumer function's errors: poison records and a seeded transient error rate.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FunctionErrors {
    /// (key, time): the key's first record created at or after the time fails every invocation.
    pub poison: Vec<(String, i64)>,
    /// Probability that an invocation fails whatever it holds.
    pub transient_rate: f64,
    /// Seed of the transient errors.
    pub seed: u64,
}

impl FunctionErrors {
    /// Whether anything can fail.
    pub fn any(&self) -> bool {
        !self.poison.is_empty() || self.transient_rate > 0.0
    }
}

/// What a Lambda event source mapping does when its function fails on a stream batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct OnError {
    /// MaximumRetryAttempts; `None`: retry until the records expire.
    pub max_retry_attempts: Option<u32>,
    /// MaximumRecordAgeInSeconds (ms); `None`: no limit but the stream's retention.
    pub max_record_age: Option<i64>,
    /// BisectBatchOnFunctionError.
    pub bisect: bool,
    /// ReportBatchItemFailures: the function reports its first failed record instead of failing.
    pub report_batch_item_failures: bool,
    /// Whether an on-failure destination is configured (else skipped records are discarded).
    pub on_failure_destination: bool,
}

/// A consumer reading every shard in batches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardConsumer {
    /// Largest batch.
    pub batch_size: u32,
    /// How long to gather a batch before sending a partial one (ms).
    pub batch_window: i64,
    /// Processing time per record (µs).
    pub record_time_us: i64,
    /// Fixed time per batch (µs).
    pub batch_overhead_us: i64,
    /// Concurrent batches per shard, 1..=10; a key always goes to the same one.
    pub parallelization: u32,
    /// Failure handling.
    pub on_error: OnError,
    /// Extra time per invocation, drawn per invocation (the function's duration beyond
    /// `batch_overhead` and `record_time`); `None`: none.
    pub duration: Option<Delay>,
    /// Seed of the duration draws.
    pub seed: u64,
    /// The function's reserved concurrency: invocations at once over every shard; `None`: one
    /// per sub-partition (shards × parallelization).
    pub concurrency_limit: Option<u32>,
    /// The function's timeout (ms): an invocation that would run longer is stopped there and
    /// fails, and its batch is retried like any function error.
    pub timeout: i64,
}

/// An SQS FIFO queue and its consumer.
#[derive(Clone, Debug, PartialEq)]
pub struct FifoSpec {
    /// Calls per second per API action, SendMessageBatch and ReceiveMessage each (300); a
    /// throttled call fails whole.
    pub ops_limit: u32,
    /// Messages per SendMessageBatch call, 1..=10 (10: at most 3,000 messages/s).
    pub send_batch: u32,
    /// Producer backoff.
    pub retry: Retry,
    /// The consumer.
    pub consumer: QueueConsumer,
    /// When a received message not deleted becomes visible again (ms; 30 s by default).
    pub visibility_timeout: i64,
    /// The redrive policy's maxReceiveCount: after that many receives a failing message goes to
    /// the dead-letter queue; `None`: no dead-letter queue.
    pub max_receive_count: Option<u32>,
    /// The consumer function's errors.
    pub errors: FunctionErrors,
    /// The message retention period (ms; 4 days by default): older messages are deleted.
    pub retention: i64,
    /// High throughput mode (the default `ops_limit` becomes 70,000 calls a second).
    pub high_throughput: bool,
    /// Most messages in flight (received, not yet deleted) at once: 120,000.
    pub in_flight_limit: u32,
    /// How many of the queue's oldest messages a receive scans for available message groups
    /// (120,000): a group whose oldest message lies deeper waits, behind a backlog.
    pub scan_limit: u32,
    /// ReportBatchItemFailures: the function returns the first failed message and those after
    /// it; the ones before it are deleted.
    pub report_batch_item_failures: bool,
    /// DeleteMessageBatch calls per second (`ops_limit` unless given: the limit is per action).
    pub delete_ops_limit: u32,
}

/// An SQS standard queue and its consumer.
#[derive(Clone, Debug, PartialEq)]
pub struct StandardSpec {
    /// Probability that a received message is delivered again later.
    pub duplicate_rate: f64,
    /// When the duplicate comes back (ms after the first delivery).
    pub visibility_timeout: i64,
    /// The consumer.
    pub consumer: QueueConsumer,
}

/// A pool of workers receiving batches from a queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueConsumer {
    /// Largest batch, 1..=10.
    pub batch_size: u32,
    /// Batches processed at the same time.
    pub concurrency: u32,
    /// Processing time per record (µs).
    pub record_time_us: i64,
    /// Fixed time per batch (µs).
    pub batch_overhead_us: i64,
}

/// Prices the user enters, in any currency.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Prices {
    /// Per shard-hour (Kinesis).
    pub shard_hour: f64,
    /// Per million PUT payload units (Kinesis, 25 KB each).
    pub put_payload_units_per_million: f64,
    /// Per million API requests (SQS).
    pub requests_per_million: f64,
    /// Per stream-hour (Kinesis on-demand).
    pub stream_hour: f64,
    /// Per GB written (Kinesis on-demand).
    pub gb_written: f64,
}

const TYPES: &str = "one of direct, kinesis, sqs_fifo, sqs_standard";

impl IngestSpec {
    /// Reads an `ingest` section; errors name the field path under `path` (normally `ingest`).
    ///
    /// ```
    /// use windowpane_ingest::{IngestSpec, Syntax};
    /// let v = serde_json::json!({"type": "kinesis", "shards": 0});
    /// let e = IngestSpec::parse(&v, "ingest", &Syntax::builtin()).unwrap_err();
    /// assert_eq!(e.to_string(), "ingest.shards: expected a whole number ≥ 1, got 0");
    /// ```
    pub fn parse(v: &Value, path: &str, syntax: &Syntax) -> Result<IngestSpec, IngestError> {
        let mut f = Fields::new(v, path)?;
        let kind_path = f.at("type");
        let kind = f.require("type", TYPES)?;
        let record_bytes = f.whole("record_bytes", 1, Some(1 << 20), 200)? as u32;
        let transport = match kind.as_str() {
            Some("direct") => Transport::Direct,
            Some("kinesis") => {
                // "Each shard can support up to 1 MB/sec or 1,000 records/sec write throughput"
                // (Kinesis Data Streams developer guide, Quotas and limits).
                let write_limit = f.whole("write_limit", 1, None, 1000)? as u32;
                let write_bytes_limit = f.whole("write_bytes_limit", 1, None, 1 << 20)?;
                if write_bytes_limit < u64::from(record_bytes) {
                    return Err(IngestError::new(
                        f.at("write_bytes_limit"),
                        format!("expected at least record_bytes ({record_bytes}), got {write_bytes_limit}"),
                    ));
                }
                // KPL aggregation: "stores multiple user records in a single Kinesis Data Streams
                // record"; the per-shard limits count Kinesis records, and a Kinesis record holds
                // at most 1 MB (KPL key concepts, aggregation; quotas: data blob up to 1 MB).
                let aggregation = f.whole("aggregation", 1, Some(1 << 20), 1)? as u32;
                if u64::from(aggregation) * u64::from(record_bytes) > write_bytes_limit {
                    return Err(IngestError::new(
                        f.at("aggregation"),
                        format!("expected aggregated records of at most write_bytes_limit ({write_bytes_limit}) bytes, got {aggregation} × {record_bytes}"),
                    ));
                }
                let per_shard = u64::from(write_limit).saturating_mul(u64::from(aggregation)).min(write_bytes_limit / u64::from(record_bytes)).max(1);
                let capacity = capacity(&mut f, syntax)?;
                let shards = match capacity {
                    Capacity::Provisioned => f.whole("shards", 1, None, 1)?,
                    Capacity::OnDemand { previous_peak, max_shards, .. } => {
                        if f.get("shards").is_some() {
                            return Err(IngestError::new(f.at("shards"), "an on_demand stream chooses its shards: give previous_peak instead"));
                        }
                        let n = on_demand_shards(previous_peak, per_shard);
                        if n > u64::from(max_shards) {
                            return Err(IngestError::new(f.at("previous_peak"), format!("expected at most max_shards ({max_shards}) shards for twice the previous peak, got {n}")));
                        }
                        n
                    }
                };
                if shards > 100_000 {
                    let field = if capacity == Capacity::Provisioned { "shards" } else { "previous_peak" };
                    return Err(IngestError::new(f.at(field), format!("expected at most 100000 shards, got {shards}")));
                }
                let shards = shards as u32;
                let put_batch = f.whole("put_batch", 1, Some(500), 500)? as u32;
                let retry = retry(&mut f, syntax)?;
                let empty = Value::Object(Default::default());
                let consumer = shard_consumer(f.get("consumer").unwrap_or(&empty), &f.at("consumer"), syntax)?;
                let errors = function_errors(f.get("errors"), &f.at("errors"), syntax)?;
                let read_path = f.at("read");
                let read = read(f.get("read"), &read_path, syntax)?;
                let share = match read {
                    Read::Polling { consumers, bytes_per_second, .. } => bytes_per_second / u64::from(consumers),
                    Read::EnhancedFanOut { bytes_per_second, .. } => bytes_per_second,
                };
                if share < u64::from(record_bytes) {
                    return Err(IngestError::new(
                        format!("{read_path}.bytes_per_second"),
                        format!("expected each consumer's share of the read throughput ({share} bytes a second) to hold one record of record_bytes ({record_bytes})"),
                    ));
                }
                // Retention: 24 hours by default, up to 8,760 hours (365 days).
                let retention = match f.get("retention") {
                    Some(v) => positive_duration(v, &f.at("retention"), syntax, 365 * 86_400_000)?,
                    None => 86_400_000,
                };
                let reshard = reshards(f.get("reshard"), &f.at("reshard"), shards, syntax)?;
                if !reshard.is_empty() && capacity != Capacity::Provisioned {
                    return Err(IngestError::new(f.at("reshard"), "an on_demand stream reshards itself: give reshards only with \"mode\": \"provisioned\""));
                }
                Transport::Kinesis(KinesisSpec {
                    aggregation,
                    capacity,
                    shards,
                    write_limit,
                    write_bytes_limit,
                    record_bytes,
                    read,
                    retention,
                    reshard,
                    errors,
                    retry,
                    put_batch,
                    consumer,
                })
            }
            Some("sqs_fifo") => {
                // "By default, FIFO queues support 300 transactions per second, per API action";
                // high throughput mode raises it, by region, to up to 70,000 (non-batched) in US
                // East (N. Virginia), US West (Oregon) and Europe (Ireland) (SQS message quotas).
                // Checked 2026-12-07: the stored SQS quotas page names those regions for the
                // non-batched limit but its figure was cut from the copy; 70,000 calls (700,000
                // messages batched) is from secondary sources quoting it: treat it as likely,
                // not read from AWS.
                let high_throughput = flag(&mut f, "high_throughput")?;
                let ops_limit = f.whole("ops_limit", 1, None, if high_throughput { 70_000 } else { 300 })? as u32;
                // "For FIFO queues, there can be a maximum of 120,000 in-flight messages"
                // (received but not yet deleted; SQS message quotas).
                let in_flight_limit = f.whole("in_flight_limit", 1, Some(120_000), 120_000)? as u32;
                // "FIFO queues scan the first 120,000 messages to determine available message
                // groups. If a large backlog builds up in a single message group, messages from
                // other groups sent later will remain blocked until the backlog is processed"
                // (SQS developer guide, avoid large message backlogs with the same message group
                // ID). Smaller values scale a scenario down.
                let scan_limit = f.whole("scan_limit", 1, Some(120_000), 120_000)? as u32;
                let report_batch_item_failures = flag(&mut f, "report_batch_item_failures")?;
                // DeleteMessage(Batch) is the third action under the same per-action limit.
                let delete_ops_limit = f.whole("delete_ops_limit", 1, None, u64::from(ops_limit))? as u32;
                let send_batch = f.whole("send_batch", 1, Some(10), 10)? as u32;
                let retry = retry(&mut f, syntax)?;
                let consumer = queue_consumer(f.get("consumer"), &f.at("consumer"), syntax)?;
                // Visibility timeout: 30 s by default, 0 to 12 hours (SQS developer guide).
                let visibility_timeout = match f.get("visibility_timeout") {
                    Some(v) => positive_duration(v, &f.at("visibility_timeout"), syntax, 12 * 3_600_000)?,
                    None => 30_000,
                };
                // The redrive policy's maxReceiveCount: 1 to 1,000.
                let max_receive_count = match f.get("max_receive_count") {
                    Some(_) => Some(f.whole("max_receive_count", 1, Some(1000), 1)? as u32),
                    None => None,
                };
                let errors = function_errors(f.get("errors"), &f.at("errors"), syntax)?;
                // MessageRetentionPeriod: 4 days by default, 60 s to 14 days (shorter accepted
                // for scaled-down scenarios).
                let retention = match f.get("retention") {
                    Some(v) => positive_duration(v, &f.at("retention"), syntax, 14 * 86_400_000)?,
                    None => 4 * 86_400_000,
                };
                Transport::SqsFifo(FifoSpec { ops_limit, send_batch, retry, consumer, visibility_timeout, max_receive_count, errors, retention, high_throughput, in_flight_limit, scan_limit, report_batch_item_failures, delete_ops_limit })
            }
            Some("sqs_standard") => {
                let duplicate_rate = f.number("duplicate_rate", "a probability from 0 to 1", |x| (0.0..=1.0).contains(&x), Some(0.01))?;
                let visibility_timeout = match f.get("visibility_timeout") {
                    Some(v) => duration(v, &f.at("visibility_timeout"), syntax)?,
                    None => 30_000,
                };
                let consumer = queue_consumer(f.get("consumer"), &f.at("consumer"), syntax)?;
                Transport::SqsStandard(StandardSpec { duplicate_rate, visibility_timeout, consumer })
            }
            _ => return Err(IngestError::new(kind_path, format!("expected {TYPES}, got {}", shown(kind)))),
        };
        let prices = match f.get("prices") {
            Some(p) => Some(prices(p, &f.at("prices"))?),
            None => None,
        };
        f.finish()?;
        Ok(IngestSpec { transport, prices, record_bytes })
    }
}

/// `"mode"`: `provisioned` (the default) or `on_demand` with its `previous_peak`.
fn capacity(f: &mut Fields, syntax: &Syntax) -> Result<Capacity, IngestError> {
    let mode_path = f.at("mode");
    match f.get("mode").map(Value::as_str) {
        None | Some(Some("provisioned")) => {
            for name in ["previous_peak", "scale_delay", "max_shards"] {
                if f.get(name).is_some() {
                    return Err(IngestError::new(f.at(name), format!("{name} is for \"mode\": \"on_demand\"")));
                }
            }
            Ok(Capacity::Provisioned)
        }
        Some(Some("on_demand")) => {
            let previous_peak = f.whole("previous_peak", 0, Some(1 << 40), 0)?;
            // "write throttling can occur if your traffic increases to more than double the
            // previous peak within a 15-minute duration" (Kinesis developer guide, choose the data
            // stream capacity mode, on-demand): the stream takes up to 15 minutes to adapt.
            let scale_delay = match f.get("scale_delay") {
                Some(v) => positive_duration(v, &f.at("scale_delay"), syntax, 86_400_000)?,
                None => 900_000,
            };
            // On-demand streams "scale up to 10 GB/s of write" in US East (N. Virginia), US West
            // (Oregon) and Europe (Ireland), 200 MB/s elsewhere (Kinesis quotas and limits):
            // 10,240 shards of 1 MiB/s.
            let max_shards = f.whole("max_shards", 1, Some(100_000), 10_240)? as u32;
            Ok(Capacity::OnDemand { previous_peak, scale_delay, max_shards })
        }
        _ => {
            let got = f.get("mode").map_or_else(String::new, shown);
            Err(IngestError::new(mode_path, format!("expected one of provisioned, on_demand, got {got}")))
        }
    }
}

/// The shards of an on-demand stream: new streams have "4 MB/s of write" and 4,000 records a
/// second (Kinesis quotas and limits), four shards of 1 MiB/s and 1,000 records/s, and the
/// stream "accommodates up to double its previous peak write throughput" (developer guide, on-
/// demand mode). Each shard keeps its own limits (`per_shard`: the user records a second one
/// shard takes, the fewer of its records and its bytes), so the default is four shards whatever
/// the limits (a scenario scaled down to 4 records a shard starts with 16 records a second), and
/// twice the peak takes `⌈2 × previous_peak / per_shard⌉`.
///
/// ```
/// use windowpane_ingest::spec::transport::on_demand_shards;
/// assert_eq!(on_demand_shards(0, 1000), 4);        // the default capacity
/// assert_eq!(on_demand_shards(0, 512), 4);         // 4 MiB/s of 2 KiB records: 2,048/s
/// assert_eq!(on_demand_shards(10_000, 1000), 20);  // twice 10,000 records/s
/// ```
pub fn on_demand_shards(previous_peak: u64, per_shard: u64) -> u64 {
    previous_peak.saturating_mul(2).div_ceil(per_shard.max(1)).max(4)
}

fn retry(f: &mut Fields, syntax: &Syntax) -> Result<Retry, IngestError> {
    let Some(v) = f.get("retry") else { return Ok(Retry { base: 100, max: 5_000 }) };
    let mut r = Fields::new(v, &f.at("retry"))?;
    let base = match r.get("base") {
        Some(v) => duration(v, &r.at("base"), syntax)?,
        None => 100,
    };
    let max = match r.get("max") {
        Some(v) => duration(v, &r.at("max"), syntax)?,
        None => 5_000,
    };
    if base < 1 || max < base {
        return Err(IngestError::new(r.at("max"), format!("expected base ≥ 1 ms and max ≥ base, got base {base} ms, max {max} ms")));
    }
    r.finish()?;
    Ok(Retry { base, max })
}

/// A `true` / `false` field, false when absent.
fn flag(f: &mut Fields, name: &'static str) -> Result<bool, IngestError> {
    let at = f.at(name);
    match f.get(name) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(IngestError::new(at, format!("expected true or false, got {}", shown(other)))),
    }
}

fn optional_micros(f: &mut Fields, name: &'static str, syntax: &Syntax, default: i64) -> Result<i64, IngestError> {
    match f.get(name) {
        Some(v) => micros(v, &f.at(name), syntax),
        None => Ok(default),
    }
}

/// A duration from 0 to `max` ms.
fn positive_duration(v: &Value, path: &str, syntax: &Syntax, max: i64) -> Result<i64, IngestError> {
    let ms = duration(v, path, syntax)?;
    if ms > max {
        return Err(IngestError::new(path, format!("expected a duration of at most {max} ms, got {}", shown(v))));
    }
    Ok(ms)
}

fn read(v: Option<&Value>, path: &str, syntax: &Syntax) -> Result<Read, IngestError> {
    let empty = Value::Object(Default::default());
    let mut f = Fields::new(v.unwrap_or(&empty), path)?;
    let kind_path = f.at("type");
    let kinds = "one of polling, enhanced_fan_out";
    let read = match f.get("type").map(Value::as_str) {
        None | Some(Some("polling")) => {
            // "Each shard can support up to five read transactions per second ... up to a maximum
            // total data read rate of 2 MB per second" shared by every consumer polling it
            // (Kinesis quotas and limits; "Develop consumers with shared throughput").
            let consumers = f.whole("consumers", 1, Some(5), 1)? as u32;
            let calls_per_second = f.whole("calls_per_second", 1, None, 5)? as u32;
            let bytes_per_second = f.whole("bytes_per_second", 1, None, 2 << 20)?;
            if consumers > calls_per_second {
                return Err(IngestError::new(
                    f.at("consumers"),
                    format!("expected at most calls_per_second ({calls_per_second}) consumers sharing a shard, got {consumers}"),
                ));
            }
            Read::Polling { consumers, calls_per_second, bytes_per_second }
        }
        Some(Some("enhanced_fan_out")) => {
            // "throughput of up to 2 MB of data per second per shard. This throughput is
            // dedicated"; propagation "around 70 ms" on average (developer guide, enhanced fan-out).
            let bytes_per_second = f.whole("bytes_per_second", 1, None, 2 << 20)?;
            let push_delay = match f.get("push_delay") {
                Some(v) => positive_duration(v, &f.at("push_delay"), syntax, 60_000)?,
                None => 70,
            };
            Read::EnhancedFanOut { bytes_per_second, push_delay }
        }
        _ => {
            let got = f.get("type").map_or_else(String::new, shown);
            return Err(IngestError::new(kind_path, format!("expected {kinds}, got {got}")));
        }
    };
    f.finish()?;
    Ok(read)
}

fn reshards(v: Option<&Value>, path: &str, shards: u32, syntax: &Syntax) -> Result<Vec<Reshard>, IngestError> {
    let Some(v) = v else { return Ok(Vec::new()) };
    let list = v.as_array().ok_or_else(|| IngestError::new(path, format!("expected a list, got {}", shown(v))))?;
    if list.len() > 1000 {
        return Err(IngestError::new(path, format!("expected at most 1000 reshards, got {}", list.len())));
    }
    let mut out: Vec<Reshard> = Vec::new();
    // Shards numbered in creation order: a split adds two children, a merge one. Their hash key
    // ranges (inclusive), split evenly at creation, halved by a split.
    let mut open: Vec<bool> = vec![true; shards as usize];
    let n = u128::from(shards);
    let width = if shards == 1 { 0 } else { u128::MAX / n + u128::from(u128::MAX % n == n - 1) };
    let mut ranges: Vec<(u128, u128)> = (0..n)
        .map(|i| (i * width, if i + 1 == n { u128::MAX } else { (i + 1) * width - 1 }))
        .collect();
    for (i, item) in list.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let mut f = Fields::new(item, &p)?;
        let at_path = f.at("at");
        let at = time(f.require("at", "a time")?, &at_path, syntax)?;
        if out.last().is_some_and(|r| r.at() > at) {
            return Err(IngestError::new(at_path, "expected reshards in time order"));
        }
        let index = |f: &Fields, name: &str, v: &Value, open: &[bool]| -> Result<u32, IngestError> {
            match v.as_u64() {
                Some(s) if (s as usize) < open.len() && open[s as usize] => Ok(s as u32),
                _ => Err(IngestError::new(f.at(name), format!("expected the index of an open shard (0 to {}), got {}", open.len() - 1, shown(v)))),
            }
        };
        let r = match (f.get("split"), f.get("merge")) {
            (Some(s), None) => {
                let shard = index(&f, "split", s, &open)?;
                open[shard as usize] = false;
                open.extend([true, true]);
                let (lo, hi) = ranges[shard as usize];
                let mid = lo + (hi - lo) / 2;
                ranges.extend([(lo, mid), (mid + 1, hi)]);
                Reshard::Split { at, shard }
            }
            (None, Some(m)) => {
                let pair = m.as_array().filter(|a| a.len() == 2);
                let Some(pair) = pair else {
                    return Err(IngestError::new(f.at("merge"), format!("expected two shard indexes like [0, 1], got {}", shown(m))));
                };
                let a = index(&f, "merge", &pair[0], &open)?;
                let b = index(&f, "merge", &pair[1], &open)?;
                if a == b {
                    return Err(IngestError::new(f.at("merge"), format!("expected two different shards, got {}", shown(m))));
                }
                // MergeShards takes "two adjacent shards": one's range ends where the other's starts.
                let (ra, rb) = (ranges[a as usize], ranges[b as usize]);
                if ra.1.checked_add(1) != Some(rb.0) && rb.1.checked_add(1) != Some(ra.0) {
                    return Err(IngestError::new(f.at("merge"), format!("expected two shards with adjacent hash key ranges, got {}", shown(m))));
                }
                open[a as usize] = false;
                open[b as usize] = false;
                open.push(true);
                ranges.push((ra.0.min(rb.0), ra.1.max(rb.1)));
                Reshard::Merge { at, shards: [a, b] }
            }
            _ => return Err(IngestError::new(p.clone(), "expected one of \"split\": SHARD or \"merge\": [SHARD, SHARD]")),
        };
        f.finish()?;
        out.push(r);
    }
    Ok(out)
}

fn function_errors(v: Option<&Value>, path: &str, syntax: &Syntax) -> Result<FunctionErrors, IngestError> {
    let Some(v) = v else { return Ok(FunctionErrors::default()) };
    let mut f = Fields::new(v, path)?;
    let mut poison = Vec::new();
    if let Some(list) = f.get("poison") {
        let base = f.at("poison");
        let list = list.as_array().ok_or_else(|| IngestError::new(&base, format!("expected a list, got {}", shown(list))))?;
        for (i, item) in list.iter().enumerate() {
            let mut p = Fields::new(item, &format!("{base}[{i}]"))?;
            let key_path = p.at("key");
            let key = match p.require("key", "a key (device, partition key, message group id)")? {
                Value::String(k) => k.clone(),
                other => return Err(IngestError::new(key_path, format!("expected a key as a string, got {}", shown(other)))),
            };
            let at_path = p.at("at");
            let at = time(p.require("at", "a time")?, &at_path, syntax)?;
            p.finish()?;
            poison.push((key, at));
        }
    }
    let transient_rate = f.number("transient_rate", "a probability from 0 to 1", |x| (0.0..=1.0).contains(&x), Some(0.0))?;
    let seed = f.whole("seed", 0, None, 1)?;
    f.finish()?;
    Ok(FunctionErrors { poison, transient_rate, seed })
}

fn shard_consumer(v: &Value, path: &str, syntax: &Syntax) -> Result<ShardConsumer, IngestError> {
    let mut f = Fields::new(v, path)?;
    let batch_size = f.whole("batch_size", 1, Some(10_000), 100)? as u32;
    let batch_window = match f.get("batch_window") {
        Some(v) => duration(v, &f.at("batch_window"), syntax)?,
        None => 0,
    };
    let record_time_us = optional_micros(&mut f, "record_time", syntax, 1_000)?;
    let batch_overhead_us = optional_micros(&mut f, "batch_overhead", syntax, 0)?;
    // ParallelizationFactor: 1 to 10 (Lambda, event source mapping parameters for Kinesis).
    let parallelization = f.whole("parallelization", 1, Some(10), 1)? as u32;
    // MaximumRetryAttempts: -1 (infinite, the default) or 0 to 10,000.
    let max_retry_attempts = match f.get("max_retry_attempts") {
        Some(_) => Some(f.whole("max_retry_attempts", 0, Some(10_000), 0)? as u32),
        None => None,
    };
    // MaximumRecordAgeInSeconds: -1 (infinite, the default) or 60 to 604,800 seconds; shorter
    // ages are accepted so that scaled-down scenarios stay drawable, as with `write_limit`.
    let max_record_age = match f.get("max_record_age") {
        Some(v) => Some(positive_duration(v, &f.at("max_record_age"), syntax, 604_800_000)?),
        None => None,
    };
    let bisect = flag(&mut f, "bisect_on_error")?;
    let report_batch_item_failures = flag(&mut f, "report_batch_item_failures")?;
    let on_failure_destination = flag(&mut f, "on_failure_destination")?;
    let duration = match f.get("duration") {
        Some(v) => Some(parse_delay(v, &f.at("duration"), syntax)?),
        None => None,
    };
    let seed = f.whole("seed", 0, None, 1)?;
    // Reserved concurrency: "the maximum number of concurrent instances allocated to your
    // function"; past it invocations are throttled (Lambda developer guide, concurrency).
    let concurrency_limit = match f.get("concurrency_limit") {
        Some(_) => Some(f.whole("concurrency_limit", 1, Some(1_000_000), 1)? as u32),
        None => None,
    };
    // The function's timeout: "The default timeout is 3 seconds ... The maximum allowed value
    // is 900 seconds" (Lambda developer guide, configuring function timeout); when it passes,
    // "Lambda stops the function" and the invocation is an error, retried as any function error
    // is (event source mappings retry the whole batch).
    let timeout = match f.get("timeout") {
        Some(v) => {
            let ms = positive_duration(v, &f.at("timeout"), syntax, 900_000)?;
            if ms < 1 {
                return Err(IngestError::new(f.at("timeout"), format!("expected a timeout of at least 1 ms, got {}", shown(v))));
            }
            ms
        }
        None => 3_000,
    };
    f.finish()?;
    let on_error = OnError { max_retry_attempts, max_record_age, bisect, report_batch_item_failures, on_failure_destination };
    Ok(ShardConsumer { batch_size, batch_window, record_time_us, batch_overhead_us, parallelization, on_error, duration, seed, concurrency_limit, timeout })
}

fn queue_consumer(v: Option<&Value>, path: &str, syntax: &Syntax) -> Result<QueueConsumer, IngestError> {
    let empty = Value::Object(Default::default());
    let mut f = Fields::new(v.unwrap_or(&empty), path)?;
    let batch_size = f.whole("batch_size", 1, Some(10), 10)? as u32;
    let concurrency = f.whole("concurrency", 1, Some(100_000), 5)? as u32;
    let record_time_us = optional_micros(&mut f, "record_time", syntax, 1_000)?;
    let batch_overhead_us = optional_micros(&mut f, "batch_overhead", syntax, 0)?;
    f.finish()?;
    Ok(QueueConsumer { batch_size, concurrency, record_time_us, batch_overhead_us })
}

fn prices(v: &Value, path: &str) -> Result<Prices, IngestError> {
    let mut f = Fields::new(v, path)?;
    let price = "a price ≥ 0";
    let nonneg = |x: f64| x >= 0.0;
    let p = Prices {
        shard_hour: f.number("shard_hour", price, nonneg, Some(0.0))?,
        put_payload_units_per_million: f.number("put_payload_units_per_million", price, nonneg, Some(0.0))?,
        requests_per_million: f.number("requests_per_million", price, nonneg, Some(0.0))?,
        stream_hour: f.number("stream_hour", price, nonneg, Some(0.0))?,
        gb_written: f.number("gb_written", price, nonneg, Some(0.0))?,
    };
    f.finish()?;
    Ok(p)
}
