//! windowpane's transport simulation: what happens before the pipeline.
//!
//! A fleet of devices ([`Fleet`], from a `generate` section) or a list of events ([`Listed`])
//! sends records over a network into a transport ([`IngestSpec`], from an `ingest` section):
//! Kinesis shards keyed by the MD5 of the partition key, an SQS FIFO queue with message groups,
//! an SQS standard queue, or nothing at all. [`simulate`] streams the records through it in
//! processing-time order and reports when each reaches the pipeline, backlog and latency per
//! shard or group, throttling, the per-key order check, duplicates and cost; [`resolve`] also
//! makes the engine's input, with the `ingest` watermark as an explicit path of
//! [`windowpane_engine::WatermarkPoint`]s.
#![forbid(missing_docs)]
#![forbid(unsafe_code)]

pub mod error;
pub mod fleet;
pub mod lag;
pub mod partition;
pub mod prng;
pub mod record;
mod resolve;
pub mod sim;
pub mod solve;
pub mod spec;
pub mod stats;
pub mod watermark;
mod wheel;
pub mod work;

pub use error::IngestError;
pub use fleet::Fleet;
pub use record::{Listed, ListedEvent, Record, Source};
pub use resolve::{resolve, Resolved};
pub use sim::{simulate, Delivery, Discard, Failures, KeyFailures, Observer, Options, Report, Skip, Skipped, SkippedTo};
pub use spec::fields::Syntax;
pub use spec::generate::GenerateSpec;
pub use spec::transport::{IngestSpec, Transport};
