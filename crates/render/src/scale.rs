//! Axes: event-time and processing-time ranges snapped to clock-time ticks, and their labels.

use windowpane_engine::time::Timestamp;

const SECOND: i64 = 1_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// The farthest instant an axis reaches, either way: 2^53 ms.
pub(crate) const AXIS_LIMIT: i64 = 1 << 53;

/// Tick steps a clock reader expects, in milliseconds, below one day.
const STEPS: [i64; 27] = [
    1,
    2,
    5,
    10,
    20,
    50,
    100,
    200,
    500,
    SECOND,
    2 * SECOND,
    5 * SECOND,
    10 * SECOND,
    15 * SECOND,
    30 * SECOND,
    MINUTE,
    2 * MINUTE,
    5 * MINUTE,
    10 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
];

/// The smallest clock-friendly step that cuts `span` into at most `target` intervals.
///
/// Beyond a day the steps are 1, 2, 5, 10, 20, 50… days.
pub(crate) fn tick_step(span: i64, target: u32) -> i64 {
    let target = i64::from(target.max(1));
    let wanted = (span.max(1) + target - 1) / target;
    if let Some(step) = STEPS.iter().copied().find(|&s| s >= wanted) {
        return step;
    }
    let mut decade = DAY;
    loop {
        for m in [1, 2, 5] {
            let step = decade.saturating_mul(m);
            if step >= wanted {
                return step;
            }
        }
        decade = decade.saturating_mul(10);
    }
}

/// One axis: a range of instants `[min, max]` whose ends are multiples of `step`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Axis {
    /// First instant shown.
    pub min: Timestamp,
    /// Last instant shown.
    pub max: Timestamp,
    /// Distance between ticks.
    pub step: i64,
}

impl Axis {
    /// An axis covering `[lo, hi]` with about `target` ticks; `None` (no data) gives 12:00–12:10.
    pub fn fit(bounds: Option<(Timestamp, Timestamp)>, target: u32) -> Axis {
        let (lo, hi) = bounds.unwrap_or((12 * HOUR, 12 * HOUR + 10 * MINUTE));
        // Clamped to ±2^53 ms (285,000 years, exact in f64) so that spans, steps and ticks stay
        // far from i64's ends: a window of i64::MAX ms ends past them.
        let (lo, hi) = (lo.clamp(-AXIS_LIMIT, AXIS_LIMIT), hi.clamp(-AXIS_LIMIT, AXIS_LIMIT));
        let (lo, hi) = if hi - lo < SECOND {
            (lo - 30 * SECOND, hi + 30 * SECOND)
        } else {
            (lo, hi)
        };
        let step = tick_step(hi - lo, target);
        let min = lo - lo.rem_euclid(step);
        let mut max = hi + (step - hi.rem_euclid(step)) % step;
        if max == min {
            max += step;
        }
        Axis { min, max, step }
    }

    /// The tick positions, from `min` to `max`.
    pub fn ticks(&self) -> Vec<Timestamp> {
        let n = (self.max - self.min) / self.step;
        (0..=n).map(|i| self.min + i * self.step).collect()
    }

    /// `t` clamped into the axis (infinities land on the edges).
    pub fn clamp(&self, t: Timestamp) -> Timestamp {
        t.clamp(self.min, self.max)
    }

    /// Whether `t` lies within the axis.
    pub fn contains(&self, t: Timestamp) -> bool {
        self.min <= t && t <= self.max
    }
}

/// The smallest range holding every value, or `None` for none.
pub(crate) fn bounds(
    values: impl IntoIterator<Item = Timestamp>,
) -> Option<(Timestamp, Timestamp)> {
    values.into_iter().fold(None, |acc, t| match acc {
        None => Some((t, t)),
        Some((lo, hi)) => Some((lo.min(t), hi.max(t))),
    })
}

/// A clock-time label for a tick at `t` on an axis with ticks every `step` ms:
/// `HH:MM:SS`, with milliseconds when the step needs them, and `day N` (days since the epoch)
/// when the step is days (UTC).
/// For example `clock(43_506_000, 60_000)` is `"12:05:06"` (tested below).
pub(crate) fn clock(t: Timestamp, step: i64) -> String {
    let days = t.div_euclid(DAY);
    let ms = t.rem_euclid(DAY);
    let (h, m, s, milli) = (
        ms / HOUR,
        ms % HOUR / MINUTE,
        ms % MINUTE / SECOND,
        ms % SECOND,
    );
    if step >= DAY {
        // Calendar dates wait for a shared civil-date helper in the engine (see the scenario crate's).
        format!("day {days}")
    } else if step % SECOND != 0 {
        format!("{h:02}:{m:02}:{s:02}.{milli:03}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_clock_friendly() {
        assert_eq!(tick_step(10 * MINUTE, 8), 2 * MINUTE);
        assert_eq!(tick_step(10 * MINUTE, 10), MINUTE);
        assert_eq!(tick_step(90 * SECOND, 6), 15 * SECOND);
        assert_eq!(tick_step(3 * DAY, 3), DAY);
        assert_eq!(tick_step(30 * DAY, 4), 10 * DAY);
        assert_eq!(tick_step(0, 8), 1);
    }

    #[test]
    fn axis_snaps_outward_to_ticks() {
        let a = Axis::fit(
            Some((12 * HOUR + 26 * SECOND, 12 * HOUR + 7 * MINUTE + 5 * SECOND)),
            8,
        );
        assert_eq!(a.step, MINUTE);
        assert_eq!(a.min, 12 * HOUR);
        assert_eq!(a.max, 12 * HOUR + 8 * MINUTE);
        assert_eq!(a.ticks().len(), 9);
        assert_eq!(a.clamp(i64::MAX), a.max);
        assert_eq!(a.clamp(i64::MIN), a.min);
    }

    /// Regression (fuzzing): a fixed window of i64::MAX ms ("capacity overflow" in Frame::build)
    /// and one of 106751991167d (`min > max` here) panicked.
    #[test]
    fn axis_of_the_widest_range_is_clamped() {
        for (lo, hi) in [(0, i64::MAX), (i64::MIN, i64::MAX), (i64::MIN, i64::MIN), (-1, 106_751_991_167 * DAY)] {
            let a = Axis::fit(Some((lo, hi)), 8);
            assert!(a.min < a.max && a.min >= -2 * AXIS_LIMIT && a.max <= 2 * AXIS_LIMIT, "{a:?}");
            assert!((2..=12).contains(&a.ticks().len()), "{} ticks", a.ticks().len());
        }
        let a = Axis::fit(Some((0, i64::MAX)), 8);
        assert_eq!(a.min, 0);
        assert!(a.max >= AXIS_LIMIT);
        assert_eq!(a.clamp(i64::MAX), a.max);
    }

    #[test]
    fn axis_of_one_instant_or_nothing_is_not_empty() {
        let a = Axis::fit(Some((-5, -5)), 8);
        assert!(a.min < -5 && a.max > -5, "{a:?}");
        let b = Axis::fit(None, 8);
        assert!(b.min < b.max);
    }

    #[test]
    fn clock_labels() {
        assert_eq!(
            clock(12 * HOUR + 5 * MINUTE + 6 * SECOND, MINUTE),
            "12:05:06"
        );
        assert_eq!(clock(12 * HOUR + 250, 500), "12:00:00.250");
        assert_eq!(clock(-SECOND, SECOND), "23:59:59");
        assert_eq!(clock(0, DAY), "day 0");
        assert_eq!(clock(-DAY, DAY), "day -1");
    }
}
