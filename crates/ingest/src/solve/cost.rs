//! A design's cost per hour from editable prices, and the same fleet's on an on-demand stream.

use super::{Design, HourlyItem};
use crate::spec::transport::{IngestSpec, Prices, Transport};

/// List prices (US East, N. Virginia): a shard-hour $0.015, a million PUT payload units $0.014,
/// an on-demand stream-hour $0.04 and GB written $0.08, a million SQS FIFO requests $0.50.
/// UNVERIFIED (checked 2026-12-07): the stored copies of AWS's pricing pages give the units
/// (shard-hours, PUT payload units of 25 KB, stream-hours, GB written with records rounded up to
/// 1 KB) but not the dollar figures, so these are as remembered, not as read. Edit them in the
/// scenario's `ingest.prices` or with `--prices`.
pub const LIST_PRICES: Prices = Prices {
    shard_hour: 0.015,
    put_payload_units_per_million: 0.014,
    requests_per_million: 0.50,
    stream_hour: 0.04,
    gb_written: 0.08,
};

/// An on-demand stream's cost per hour for `rate` records a second (Kinesis only): a stream-hour
/// and the GB written, each Kinesis record rounded up to 1 KB.
///
/// ```
/// # use windowpane_ingest::{IngestSpec, Syntax};
/// // 1,000 records/s of 200 bytes: 3.6 million KB-rounded records an hour = 3.6e6 / 2^20 GB.
/// let i = IngestSpec::parse(&serde_json::json!({"type": "kinesis", "prices": {"stream_hour": 0.04, "gb_written": 0.08}}), "ingest", &Syntax::builtin()).unwrap();
/// let cost = windowpane_ingest::solve::on_demand_hourly(&i, 1000.0).unwrap();
/// assert!((cost - (0.04 + 3.6e6 / 1_048_576.0 * 0.08)).abs() < 1e-9);
/// ```
pub fn on_demand_hourly(spec: &IngestSpec, rate: f64) -> Option<f64> {
    let Transport::Kinesis(k) = &spec.transport else { return None };
    let p = spec.prices.unwrap_or(LIST_PRICES);
    let records = rate * 3600.0 / f64::from(k.aggregation);
    let kb = (u64::from(spec.record_bytes) * u64::from(k.aggregation)).div_ceil(1024) as f64;
    Some(p.stream_hour + records * kb / (1u64 << 20) as f64 * p.gb_written)
}

/// The design's cost per hour from the spec's prices (or [`LIST_PRICES`]).
pub(super) fn hourly(spec: &IngestSpec, rate: f64, design: Design) -> (Vec<HourlyItem>, f64) {
    let p = spec.prices.unwrap_or(LIST_PRICES);
    let mut items = Vec::new();
    let mut line = |item: &str, quantity: f64, price: f64| items.push(HourlyItem { item: item.to_string(), quantity, price, amount: quantity * price });
    let records_per_hour = rate * 3600.0;
    match &spec.transport {
        Transport::Kinesis(k) => {
            let agg = f64::from(k.aggregation);
            let bytes = u64::from(spec.record_bytes) * u64::from(k.aggregation);
            line("shard-hours", f64::from(design.shards.unwrap_or(k.shards)), p.shard_hour);
            let units = bytes.div_ceil(25 * 1024) as f64;
            line("million PUT payload units", records_per_hour / agg * units / 1e6, p.put_payload_units_per_million);
        }
        Transport::SqsFifo(f) => {
            // A send call per batch, a receive and a delete per consumer batch (at least).
            let calls = records_per_hour / f64::from(f.send_batch) + 2.0 * records_per_hour / f64::from(f.consumer.batch_size);
            line("million requests", calls / 1e6, p.requests_per_million);
        }
        Transport::Direct | Transport::SqsStandard(_) => {}
    }
    let total = items.iter().map(|i| i.amount).sum();
    (items, total)
}
