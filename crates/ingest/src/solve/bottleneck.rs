//! The limit that decides a design: each limit's capacity in records a second, against the
//! fleet's rate, and the hottest key against what one key can get.

use super::{Bottleneck, Design, Limit};
use crate::spec::generate::{Delay, Z99};
use crate::spec::transport::{IngestSpec, Read, Transport};

/// A limit's capacity in records a second: per shard or consumer when `scales`, else for the
/// whole queue.
struct Cap {
    limit: Limit,
    per_unit: f64,
    scales: bool,
    what: &'static str,
}

/// The capacities of each limit, and what one key can get.
fn capacities(spec: &IngestSpec) -> (Vec<Cap>, f64) {
    let size = f64::from(spec.record_bytes.max(1));
    match &spec.transport {
        Transport::Kinesis(k) => {
            let c = &k.consumer;
            let agg = f64::from(k.aggregation);
            let write_records = f64::from(k.write_limit) * agg;
            let write_bytes = (k.write_bytes_limit as f64 / size).floor();
            let read = match k.read {
                Read::Polling { consumers, calls_per_second, bytes_per_second } => {
                    let calls = f64::from(calls_per_second / consumers);
                    let per_call = (10_000.0 * agg).min(((10u64 << 20) as f64 / size).floor());
                    (calls * per_call).min((bytes_per_second / u64::from(consumers)) as f64 / size)
                }
                Read::EnhancedFanOut { bytes_per_second, .. } => bytes_per_second as f64 / size,
            };
            // A sub-partition processes full batches back to back.
            let batch = f64::from(c.batch_size);
            let batch_ms = ((c.batch_overhead_us as f64 + batch * c.record_time_us as f64) / 1000.0).ceil().max(1.0) + mean_ms(c.duration);
            let per_sub = batch * 1000.0 / batch_ms;
            let consumer = per_sub * f64::from(c.parallelization);
            let cap = |limit, per_unit, what| Cap { limit, per_unit, scales: true, what };
            let limits = vec![
                cap(Limit::WriteRecords, write_records, "records/s a shard accepts"),
                cap(Limit::WriteBytes, write_bytes, "records/s of record_bytes a shard's bytes/s hold"),
                cap(Limit::ReadThroughput, read, "records/s the consumer reads from a shard"),
                cap(Limit::ConsumerTime, consumer, "records/s a shard's sub-partitions process"),
            ];
            let key = write_records.min(write_bytes).min(read).min(per_sub);
            (limits, key)
        }
        Transport::SqsFifo(f) => {
            let c = &f.consumer;
            let batch = f64::from(c.batch_size);
            let batch_ms = ((c.batch_overhead_us as f64 + batch * c.record_time_us as f64) / 1000.0).ceil().max(1.0);
            let per_worker = batch * 1000.0 / batch_ms;
            let queue = |limit, per_unit, what| Cap { limit, per_unit, scales: false, what };
            let limits = vec![
                queue(Limit::SendCalls, f64::from(f.ops_limit) * f64::from(f.send_batch), "messages/s of SendMessageBatch calls"),
                queue(Limit::ReceiveCalls, f64::from(f.ops_limit) * batch, "messages/s of ReceiveMessage calls"),
                Cap { limit: Limit::ConsumerTime, per_unit: per_worker, scales: true, what: "messages/s a consumer processes" },
            ];
            // One message group: one batch in flight at a time.
            (limits, per_worker)
        }
        Transport::Direct | Transport::SqsStandard(_) => (Vec::new(), f64::INFINITY),
    }
}

/// The mean of a duration distribution (ms).
fn mean_ms(d: Option<Delay>) -> f64 {
    match d {
        None => 0.0,
        Some(Delay::Fixed(v)) => v as f64,
        Some(Delay::Uniform { min, max }) => (min + max) as f64 / 2.0,
        Some(Delay::Exponential { mean }) => mean as f64,
        Some(Delay::LogNormal { median, p99 }) => {
            let sigma = ((p99 as f64).ln() - (median as f64).ln()) / Z99;
            median as f64 * (sigma * sigma / 2.0).exp()
        }
    }
}

/// The limit with the highest load at `design` (per-shard limits share the load evenly, as the
/// hash key space does), or the hot key if one key alone is over what it can get.
pub(super) fn bottleneck(spec: &IngestSpec, design: Design, rate: f64, hot: &(String, f64), meets: bool) -> Bottleneck {
    let (limits, per_key) = capacities(spec);
    let (units, n) = match (design.shards, design.concurrency) {
        (Some(s), _) => ("shards", s),
        (None, Some(c)) => ("consumers", c),
        (None, None) => ("units", 1),
    };
    let load = |c: &Cap, m: u32| rate / (c.per_unit * if c.scales { f64::from(m) } else { 1.0 });
    let key_load = hot.1 / per_key;
    if key_load >= 1.0 || (!meets && key_load > 0.9) {
        return Bottleneck {
            limit: Limit::HotKey,
            utilization: key_load,
            utilization_below: None,
            detail: format!("{} sends {:.1} records/s; one key gets at most {:.1} (one shard, one sub-partition or one message group), whatever the {units}", hot.0, hot.1, per_key),
        };
    }
    let worst = limits.iter().max_by(|a, b| load(a, n).total_cmp(&load(b, n)));
    match worst {
        Some(c) if load(c, n) >= 0.5 || (!meets && load(c, n) >= 1.0) => Bottleneck {
            limit: c.limit,
            utilization: load(c, n),
            utilization_below: (n > 1).then(|| load(c, n - 1)),
            detail: format!("{rate:.1} records/s over {n} {units}; {:.1} {}", c.per_unit, c.what),
        },
        other => Bottleneck {
            limit: Limit::Latency,
            utilization: other.map_or(0.0, |c| load(c, n)),
            utilization_below: None,
            detail: format!(
                "no limit is {} at {n} {units} (the busiest: {:.0} % of the {}): polling, queueing, batching and the network decide the latency",
                if meets { "half full" } else { "full" },
                other.map_or(0.0, |c| load(c, n) * 100.0),
                other.map_or("none", |c| c.what)
            ),
        },
    }
}

