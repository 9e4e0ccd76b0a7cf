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
                samples.push(PartitionSample { t: start(i), watermark: None, idle: true });
            }
            samples.truncate(from);
            for i in from..=upto {
                // Nothing happened between the buckets' ends and `t` but the idle timeout's
                // passing, which depends on the time: each bucket is read at its own end.
                let at = if i == upto { t } else { start(i + 1) - 1 };
                samples.push(match wm.partition(p, at) {
                    Some(w) => PartitionSample { t: start(i), watermark: w, idle: false },
                    None => PartitionSample { t: start(i), watermark: None, idle: true },
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
