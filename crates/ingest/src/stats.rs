//! What the transport did: per lane (shard, group, queue) counts, backlog and latency over
//! processing time; overall latency percentiles; the per-key order check.

use serde::Serialize;

/// Latencies with exact buckets below 2,048 ms and 0.1 % relative error above.
#[derive(Clone, Debug, Default)]
pub struct Histogram {
    counts: Vec<u64>,
    total: u64,
    max: i64,
}

fn bucket(v: u64) -> usize {
    if v < 2048 {
        return v as usize;
    }
    let e = 63 - v.leading_zeros() as usize; // ≥ 11
    let shift = e - 10;
    2048 + (e - 11) * 1024 + ((v >> shift) as usize - 1024)
}

fn bucket_floor(i: usize) -> i64 {
    if i < 2048 {
        return i as i64;
    }
    let (e, m) = ((i - 2048) / 1024 + 11, (i - 2048) % 1024 + 1024);
    (m as i64) << (e - 10)
}

impl Histogram {
    /// Counts one latency (negative latencies count as 0).
    pub fn record(&mut self, ms: i64) {
        let b = bucket(ms.max(0) as u64);
        if b >= self.counts.len() {
            self.counts.resize(b + 1, 0);
        }
        self.counts[b] += 1;
        self.total += 1;
        self.max = self.max.max(ms);
    }

    /// The `q`-quantile (nearest rank), e.g. 0.99; `None` when empty.
    ///
    /// ```
    /// use windowpane_ingest::stats::Histogram;
    /// let mut h = Histogram::default();
    /// (1..=100).for_each(|v| h.record(v));
    /// assert_eq!((h.quantile(0.5), h.quantile(0.99), h.quantile(1.0)), (Some(50), Some(99), Some(100)));
    /// ```
    pub fn quantile(&self, q: f64) -> Option<i64> {
        if self.total == 0 {
            return None;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Some(bucket_floor(i).min(self.max));
            }
        }
        Some(self.max)
    }

    /// Percentiles p50, p90, p99 and the maximum.
    pub fn percentiles(&self) -> Percentiles {
        Percentiles {
            p50: self.quantile(0.5),
            p90: self.quantile(0.9),
            p99: self.quantile(0.99),
            max: (self.total > 0).then_some(self.max),
        }
    }
}

/// Latency percentiles in milliseconds (`null` when nothing was delivered).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Percentiles {
    /// Median.
    pub p50: Option<i64>,
    /// 90th percentile.
    pub p90: Option<i64>,
    /// 99th percentile.
    pub p99: Option<i64>,
    /// Largest.
    pub max: Option<i64>,
}

/// One time bucket of a lane.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Sample {
    /// Start of the bucket (processing time, ms).
    pub t: i64,
    /// Most records waiting at the producer (throttled, not yet accepted) during the bucket.
    pub waiting: u64,
    /// Most records accepted and not yet delivered (queued or in flight) during the bucket.
    pub queued: u64,
    /// Records delivered during the bucket.
    pub delivered: u64,
    /// Writes rejected by throttling during the bucket.
    pub throttled: u64,
    /// Largest end-to-end latency delivered during the bucket (ms).
    pub latency_max: Option<i64>,
}

impl Sample {
    /// The sample of two neighbouring buckets, `self` first: most backlog, deliveries and
    /// throttles summed, largest latency.
    pub fn merge(self, later: Sample) -> Sample {
        Sample {
            t: self.t,
            waiting: self.waiting.max(later.waiting),
            queued: self.queued.max(later.queued),
            delivered: self.delivered + later.delivered,
            throttled: self.throttled + later.throttled,
            latency_max: self.latency_max.max(later.latency_max),
        }
    }
}

/// One shard, message group or queue.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LaneStats {
    /// Shard id, group id (the key) or queue name.
    pub name: String,
    /// Records that reached it.
    pub entered: u64,
    /// Records delivered to the pipeline (duplicates included).
    pub delivered: u64,
    /// Writes rejected by throttling (each retry counts again).
    pub throttled: u64,
    /// Duplicate deliveries.
    pub duplicates: u64,
    /// Records delivered behind the pipeline watermark.
    pub late: u64,
    /// Largest backlog (waiting + queued).
    pub max_backlog: u64,
    /// Mean end-to-end latency (ms).
    pub latency_mean: Option<f64>,
    /// Largest end-to-end latency (ms).
    pub latency_max: Option<i64>,
    /// Backlog and deliveries over processing time (empty unless timelines were asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<Sample>,
    #[serde(skip)]
    pub(crate) waiting: u64,
    #[serde(skip)]
    pub(crate) queued: u64,
    #[serde(skip)]
    pub(crate) latency_sum: i128,
}

/// A record delivered before one its key sent earlier had been delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The key.
    pub key: String,
    /// Send counter of the record delivered late in order.
    pub seq: u32,
    /// Highest send counter of the key delivered before it.
    pub after: u32,
    /// When it was delivered.
    pub arrival: i64,
}

/// The per-key order check: are a key's records delivered in the order its device sent them?
#[derive(Clone, Debug, Default)]
pub struct OrderCheck {
    /// Per device: highest send counter delivered plus one (0: none yet).
    high: Vec<u32>,
    /// Violations found.
    pub count: u64,
}

impl OrderCheck {
    /// A check over `devices` keys.
    pub fn new(devices: u32) -> OrderCheck {
        OrderCheck { high: vec![0; devices as usize], count: 0 }
    }
    /// Checks one first delivery; returns the higher counter seen before when out of order.
    pub fn deliver(&mut self, device: u32, seq: u32) -> Option<u32> {
        let h = &mut self.high[device as usize];
        if seq + 1 < *h {
            self.count += 1;
            return Some(*h - 1);
        }
        *h = seq + 1;
        None
    }
}
