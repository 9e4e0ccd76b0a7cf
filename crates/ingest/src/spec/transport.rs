//! The `ingest` section: which transport carries the events, its limits, its consumer, its prices.

use super::fields::{duration, micros, shown, Fields, Syntax};
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
    /// Producer backoff.
    pub retry: Retry,
    /// Records per PutRecords call (500 at most).
    pub put_batch: u32,
    /// The consumer (Lambda-style event source mapping).
    pub consumer: ShardConsumer,
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
        let transport = match kind.as_str() {
            Some("direct") => Transport::Direct,
            Some("kinesis") => {
                let shards = f.whole("shards", 1, None, 1)?;
                if shards > 100_000 {
                    return Err(IngestError::new(f.at("shards"), format!("expected at most 100000 shards, got {shards}")));
                }
                let shards = shards as u32;
                let write_limit = f.whole("write_limit", 1, None, 1000)? as u32;
                let put_batch = f.whole("put_batch", 1, Some(500), 500)? as u32;
                let retry = retry(&mut f, syntax)?;
                let consumer = match f.get("consumer") {
                    Some(c) => shard_consumer(c, &f.at("consumer"), syntax)?,
                    None => shard_consumer(&Value::Object(Default::default()), &f.at("consumer"), syntax)?,
                };
                Transport::Kinesis(KinesisSpec { shards, write_limit, retry, put_batch, consumer })
            }
            Some("sqs_fifo") => {
                let ops_limit = f.whole("ops_limit", 1, None, 300)? as u32;
                let send_batch = f.whole("send_batch", 1, Some(10), 10)? as u32;
                let retry = retry(&mut f, syntax)?;
                let consumer = queue_consumer(f.get("consumer"), &f.at("consumer"), syntax)?;
                Transport::SqsFifo(FifoSpec { ops_limit, send_batch, retry, consumer })
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
        let record_bytes = f.whole("record_bytes", 1, Some(1 << 20), 200)? as u32;
        let prices = match f.get("prices") {
            Some(p) => Some(prices(p, &f.at("prices"))?),
            None => None,
        };
        f.finish()?;
        Ok(IngestSpec { transport, prices, record_bytes })
    }
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

fn optional_micros(f: &mut Fields, name: &'static str, syntax: &Syntax, default: i64) -> Result<i64, IngestError> {
    match f.get(name) {
        Some(v) => micros(v, &f.at(name), syntax),
        None => Ok(default),
    }
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
    let parallelization = f.whole("parallelization", 1, Some(10), 1)? as u32;
    f.finish()?;
    Ok(ShardConsumer { batch_size, batch_window, record_time_us, batch_overhead_us, parallelization })
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
    };
    f.finish()?;
    Ok(p)
}
