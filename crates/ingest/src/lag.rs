//! The watermark over processing time: each partition's own watermark (a shard's, or the
//! queue's) and the pipeline's combined watermark with the newest event time delivered, one
//! sample per bucket of the lanes' timeline, taken at the bucket's end.

use crate::watermark::Watermarks;
use serde::Serialize;

/// The combined watermark at the end of a bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LagSample {
    /// Start of the bucket (processing time, ms).
    pub t: i64,
    /// The pipeline's watermark; `None` while it is minus infinity.
    pub watermark: Option<i64>,
    /// The newest event time delivered to the pipeline so far.
    pub newest: Option<i64>,
}

impl LagSample {
    /// How far the watermark is behind the newest event (ms), when both are known.
    ///
    /// ```
    /// use windowpane_ingest::lag::LagSample;
    /// assert_eq!(LagSample { t: 0, watermark: Some(4_000), newest: Some(9_000) }.lag(), Some(5_000));
    /// assert_eq!(LagSample { t: 0, watermark: None, newest: Some(9_000) }.lag(), None);
    /// ```
    pub fn lag(&self) -> Option<i64> {
        Some(self.newest?.saturating_sub(self.watermark?).max(0))
    }
}

/// One partition's watermark at the end of a bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PartitionSample {
    /// Start of the bucket (processing time, ms).
    pub t: i64,
    /// Its watermark (the oldest event time it holds, else the last it delivered); `None` while
    /// it knows nothing (minus infinity) or is idle.
    pub watermark: Option<i64>,
    /// Idle (past the idle timeout, or a closed shard drained): it holds nothing back.
    pub idle: bool,
    /// The device (index) whose record is the oldest the partition holds, when it holds one: the
    /// record its watermark waits for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oldest: Option<u32>,
}

/// The watermark's timeline.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WatermarkTimeline {
    /// The partitions' names (the shards' lanes; `queue` or `network` for one partition).
    pub names: Vec<String>,
    /// The combined watermark, one sample per bucket.
    pub combined: Vec<LagSample>,
    /// Per partition, one sample per bucket.
    pub partitions: Vec<Vec<PartitionSample>>,
    /// The devices' keys, by device index (filled by [`crate::resolve`]; empty otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
}

/// Takes the samples as the run goes: when processing time enters a new bucket, the state the
/// previous one ended with is written to every bucket up to it (O(partitions) per bucket).
#[derive(Debug, Default)]
pub(crate) struct Tracker {
    pub(crate) timeline: WatermarkTimeline,
    /// The bucket the current state belongs to.
    current: usize,
}

impl Tracker {
    /// Processing time reaches bucket `idx`: the buckets before it are closed with the state as
    /// it is now. `start(i)` is bucket `i`'s start.
    pub(crate) fn advance(&mut self, idx: usize, t: i64, wm: &mut Watermarks, newest: Option<i64>, start: &dyn Fn(usize) -> i64) {
        if idx <= self.current && !self.timeline.combined.is_empty() {
            return;
        }
        self.close(idx, t, wm, newest, start);
        self.current = idx;
    }

    /// Writes the state at `t` into the bucket in progress and every bucket after it through
    /// `upto` (the bucket processing time just reached holds it until it changes there).
    fn close(&mut self, upto: usize, t: i64, wm: &mut Watermarks, newest: Option<i64>, start: &dyn Fn(usize) -> i64) {
        let from = self.current;
        let tl = &mut self.timeline;
        let c = LagSample { t: 0, watermark: wm.current(), newest };
        tl.combined.truncate(from);
        tl.combined.extend((from..=upto).map(|i| LagSample { t: start(i), ..c }));
        tl.partitions.resize_with(wm.len(), Vec::new);
        for (p, samples) in tl.partitions.iter_mut().enumerate() {
            // A partition made during the run has nothing before it: idle until then.
            while samples.len() < from {
                let i = samples.len();
                samples.push(PartitionSample { t: start(i), watermark: None, idle: true, oldest: None });
            }
            samples.truncate(from);
            for i in from..=upto {
                // Nothing happened between the buckets' ends and `t` but the idle timeout's
                // passing, which depends on the time: each bucket is read at its own end.
                let at = if i == upto { t } else { start(i + 1) - 1 };
                let oldest = wm.oldest(p);
                samples.push(match wm.partition(p, at) {
                    Some(w) => PartitionSample { t: start(i), watermark: w, idle: false, oldest },
                    None => PartitionSample { t: start(i), watermark: None, idle: true, oldest },
                });
            }
        }
    }

    /// The end of the run at `t`, in bucket `idx`: its state closes the last bucket.
    pub(crate) fn finish(&mut self, idx: usize, t: i64, wm: &mut Watermarks, newest: Option<i64>, start: &dyn Fn(usize) -> i64) -> WatermarkTimeline {
        self.close(idx.max(self.current), t, wm, newest, start);
        std::mem::take(&mut self.timeline)
    }

    /// The buckets doubled in width: neighbouring samples merge into the later one's state (a
    /// sample is the state at its bucket's end), with the earlier one's start.
    pub(crate) fn coarsen(&mut self) {
        let tl = &mut self.timeline;
        tl.combined = tl.combined.chunks(2).map(|pair| LagSample { t: pair[0].t, ..pair[pair.len() - 1] }).collect();
        for samples in &mut tl.partitions {
            *samples = samples.chunks(2).map(|pair| PartitionSample { t: pair[0].t, ..pair[pair.len() - 1] }).collect();
        }
        self.current /= 2;
    }
}

/// What holds the pipeline's watermark at a processing time: the partition with the lowest
/// watermark among those not idle, and the device whose record it waits for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Holding {
    /// The start of the sample's bucket (the sample is the state at the bucket's end).
    pub t: i64,
    /// The partition's index and name (shard id, or `queue`).
    pub partition: usize,
    /// Its name.
    pub name: String,
    /// Its watermark (`None`: minus infinity, it has delivered nothing yet).
    pub watermark: Option<i64>,
    /// The key of the device whose record is the oldest it holds; `None` when it holds no record:
    /// it is empty and keeps the last event time it delivered (an idle shard without an idle
    /// timeout holds the watermark there).
    pub device: Option<String>,
    /// Partitions not idle then.
    pub active: usize,
    /// The pipeline's watermark then.
    pub combined: Option<i64>,
}

/// One partition's watermark and lag at a processing time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionLag {
    /// Shard id or queue.
    pub name: String,
    /// Its watermark (`None`: minus infinity or idle).
    pub watermark: Option<i64>,
    /// The newest event time delivered minus its watermark, when both are known.
    pub lag: Option<i64>,
    /// Idle: it holds nothing back.
    pub idle: bool,
    /// The device whose record is the oldest it holds.
    pub device: Option<String>,
}

/// The watermark's lag at a processing time, and its distribution up to then, from the
/// timeline's samples (one per bucket: equal weights in time).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LagReadout {
    /// The start of the bucket read.
    pub t: Option<i64>,
    /// The combined watermark's lag then.
    pub now: Option<i64>,
    /// The median of its lag over the buckets up to then.
    pub p50: Option<i64>,
    /// Its 99th percentile.
    pub p99: Option<i64>,
    /// Its largest.
    pub max: Option<i64>,
    /// Per partition.
    pub partitions: Vec<PartitionLag>,
}

impl Holding {
    /// The holding for people: `time` writes an event time, `kind` names a partition (`shard`).
    ///
    /// ```
    /// use windowpane_ingest::lag::Holding;
    /// let h = Holding { t: 0, partition: 2, name: "shardId-000000000002".into(), watermark: Some(30_000), device: None, active: 4, combined: Some(30_000) };
    /// let line = h.line(&|t| format!("{t}"), "shard");
    /// assert!(line.starts_with("the watermark is held by shard shardId-000000000002 at 30000"), "{line}");
    /// assert!(line.contains("it holds no record"), "{line}");
    /// ```
    pub fn line(&self, time: &dyn Fn(i64) -> String, kind: &str) -> String {
        let at = self.watermark.map_or("−∞".to_string(), time);
        let why = match (&self.device, self.watermark) {
            (Some(d), _) => format!("its oldest undelivered record is {d}'s"),
            (None, None) => "it has delivered nothing yet".to_string(),
            (None, Some(_)) => "it holds no record and keeps the last event time it delivered (idle, and no idle timeout lets the watermark pass it)".to_string(),
        };
        format!("the watermark is held by {kind} {} at {at}: {why} (partitions not idle: {})", self.name, self.active)
    }
}

impl WatermarkTimeline {
    /// The sample whose bucket holds processing time `t` (the last before it when `t` is past
    /// the end), `None` before the first.
    pub fn index(&self, t: i64) -> Option<usize> {
        self.combined.partition_point(|s| s.t <= t).checked_sub(1)
    }

    fn key(&self, device: Option<u32>) -> Option<String> {
        device.map(|d| self.keys.get(d as usize).cloned().unwrap_or_else(|| format!("device {d}")))
    }

    /// What holds the watermark at `t`: the partition not idle with the lowest watermark (minus
    /// infinity lowest; the first of equals). `None` before the first sample or when every
    /// partition is idle.
    ///
    /// ```
    /// use windowpane_ingest::lag::{LagSample, PartitionSample, WatermarkTimeline};
    /// let p = |w, idle, oldest| PartitionSample { t: 0, watermark: w, idle, oldest };
    /// let tl = WatermarkTimeline {
    ///     names: vec!["s0".into(), "s1".into()],
    ///     combined: vec![LagSample { t: 0, watermark: Some(5), newest: Some(9) }],
    ///     partitions: vec![vec![p(Some(9), false, None)], vec![p(Some(5), false, Some(1))]],
    ///     keys: vec!["a".into(), "b".into()],
    /// };
    /// let h = tl.holding(500).unwrap();
    /// assert_eq!((h.name.as_str(), h.watermark, h.device.as_deref()), ("s1", Some(5), Some("b")));
    /// ```
    pub fn holding(&self, t: i64) -> Option<Holding> {
        let i = self.index(t)?;
        let samples = || self.partitions.iter().enumerate().filter_map(|(p, s)| s.get(i).map(|s| (p, s))).filter(|(_, s)| !s.idle);
        let (partition, s) = samples().min_by_key(|(p, s)| (s.watermark, *p))?;
        Some(Holding {
            t: self.combined[i].t,
            partition,
            name: self.names.get(partition).cloned().unwrap_or_default(),
            watermark: s.watermark,
            device: self.key(s.oldest),
            active: samples().count(),
            combined: self.combined[i].watermark,
        })
    }

    /// The lag at `t`, its median, 99th percentile and largest over the buckets up to `t`, and
    /// each partition's lag behind the same newest event.
    pub fn readout(&self, t: i64) -> LagReadout {
        let Some(i) = self.index(t) else { return LagReadout::default() };
        let mut lags: Vec<i64> = self.combined[..=i].iter().filter_map(LagSample::lag).collect();
        lags.sort_unstable();
        // Nearest rank: the smallest lag at least a share q of the buckets were at or below.
        let rank = |q: f64| (!lags.is_empty()).then(|| lags[((q * lags.len() as f64).ceil() as usize).clamp(1, lags.len()) - 1]);
        let newest = self.combined[i].newest;
        let partitions = self
            .partitions
            .iter()
            .enumerate()
            .filter_map(|(p, s)| s.get(i).map(|s| (p, s)))
            .map(|(p, s)| PartitionLag {
                name: self.names.get(p).cloned().unwrap_or_default(),
                watermark: s.watermark,
                lag: newest.zip(s.watermark).map(|(n, w)| n.saturating_sub(w).max(0)),
                idle: s.idle,
                device: self.key(s.oldest),
            })
            .collect();
        LagReadout { t: Some(self.combined[i].t), now: self.combined[i].lag(), p50: rank(0.5), p99: rank(0.99), max: lags.last().copied(), partitions }
    }
}
