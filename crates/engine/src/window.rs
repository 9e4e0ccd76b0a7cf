//! Windows and window functions: global, fixed, sliding and sessions.

use crate::time::{Duration, Timestamp, END_OF_GLOBAL_WINDOW};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A window: the global window, or the half-open event-time interval `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Window {
    /// The single window that holds all of event time.
    Global,
    /// `[start, end)` in event time.
    Interval {
        /// First instant in the window.
        start: Timestamp,
        /// First instant after the window.
        end: Timestamp,
    },
}

impl Window {
    /// The last instant in the window: `end - 1` ms, or the end of the global window. Saturating:
    /// an end of `i64::MIN` comes only from a session gap ≤ 0 (which the scenario refuses) at
    /// `i64::MIN`, every other window ends above an element's time.
    ///
    /// ```
    /// use windowpane_engine::window::Window;
    /// assert_eq!(Window::Interval { start: 0, end: 120_000 }.max_timestamp(), 119_999);
    /// ```
    pub fn max_timestamp(&self) -> Timestamp {
        match *self {
            Window::Global => END_OF_GLOBAL_WINDOW,
            Window::Interval { end, .. } => end.saturating_sub(1),
        }
    }

    /// The start, or `None` for the global window.
    pub fn start(&self) -> Option<Timestamp> {
        match *self {
            Window::Global => None,
            Window::Interval { start, .. } => Some(start),
        }
    }

    /// Whether two interval windows share an instant (`[0, 60)` and `[60, 120)` do not); the
    /// rule by which sessions merge.
    ///
    /// ```
    /// use windowpane_engine::window::Window;
    /// let w = |s, e| Window::Interval { start: s, end: e };
    /// assert!(w(0, 60).intersects(&w(59, 119)));
    /// assert!(!w(0, 60).intersects(&w(60, 120)));
    /// ```
    pub fn intersects(&self, other: &Window) -> bool {
        match (*self, *other) {
            (Window::Interval { start: a, end: b }, Window::Interval { start: c, end: d }) => a < d && c < b,
            _ => false,
        }
    }

    /// The smallest interval window covering both (the global window if either is global).
    pub fn span(&self, other: &Window) -> Window {
        match (*self, *other) {
            (Window::Interval { start: a, end: b }, Window::Interval { start: c, end: d }) => {
                Window::Interval { start: a.min(c), end: b.max(d) }
            }
            _ => Window::Global,
        }
    }

    /// The end, or `None` for the global window.
    pub fn end(&self) -> Option<Timestamp> {
        match *self {
            Window::Global => None,
            Window::Interval { end, .. } => Some(end),
        }
    }
}

impl Serialize for Window {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Window", 2)?;
        st.serialize_field("start", &self.start())?;
        st.serialize_field("end", &self.end())?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Window {
    /// Reads `{"start": s, "end": e}`; both null is the global window.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Window, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Bounds {
            start: Option<Timestamp>,
            end: Option<Timestamp>,
        }
        let b = Bounds::deserialize(d)?;
        match (b.start, b.end) {
            (None, None) => Ok(Window::Global),
            (Some(start), Some(end)) if start < end => Ok(Window::Interval { start, end }),
            _ => Err(serde::de::Error::custom("a window has both start and end (start < end), or neither")),
        }
    }
}

/// How elements are assigned to windows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WindowFn {
    /// Every element in the one global window.
    Global,
    /// Back-to-back windows of `size`, starting at multiples of `size` plus `offset`.
    Fixed {
        /// Window length (> 0).
        size: Duration,
        /// Shift of the window starts (0 <= offset < size after normalisation).
        offset: Duration,
    },
    /// Windows of `size` starting every `period` (plus `offset`); an element is in `size / period`
    /// of them, rounded up or down by where it falls ([`WindowFn::windows_per_element`]).
    Sliding {
        /// Window length (> 0).
        size: Duration,
        /// Distance between window starts (0 < period <= size).
        period: Duration,
        /// Shift of the window starts.
        offset: Duration,
    },
    /// Per-key sessions: an element opens `[t, t + gap)`, and overlapping windows merge.
    Sessions {
        /// The inactivity gap (> 0).
        gap: Duration,
    },
}

/// The start of the window of length `size` (shifted by `offset`) that holds `t`.
/// Uses `rem_euclid`, so negative timestamps land in the right window.
///
/// ```
/// use windowpane_engine::window::window_start;
/// assert_eq!(window_start(-1, 10, 0), -10);
/// assert_eq!(window_start(25, 10, 3), 23);
/// ```
pub fn window_start(t: Timestamp, size: Duration, offset: Duration) -> Timestamp {
    clamp(wide_start(t, size, offset))
}

/// [`window_start`] in `i128`, where `t - offset` and the start cannot overflow (a start before
/// `i64::MIN`, possible with sizes near `i64::MAX`, is kept exact here and clamped by callers).
fn wide_start(t: Timestamp, size: Duration, offset: Duration) -> i128 {
    let t = i128::from(t);
    t - (t - i128::from(offset)).rem_euclid(i128::from(size))
}

/// An `i128` instant as a [`Timestamp`], saturating at the infinities.
fn clamp(t: i128) -> Timestamp {
    t.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as Timestamp
}

impl WindowFn {
    /// Whether windows of this function merge (sessions).
    pub fn is_merging(&self) -> bool {
        matches!(self, WindowFn::Sessions { .. })
    }

    /// The most windows [`WindowFn::assign`] gives one element: `size / period` rounded up for
    /// sliding windows, else 1 (a session window may merge later, but an element opens one).
    pub fn windows_per_element(&self) -> i64 {
        match *self {
            // Rounded up without `size + period - 1`, which overflows for sizes near `i64::MAX`.
            WindowFn::Sliding { size, period, .. } if period > 0 => (size - 1) / period + 1,
            _ => 1,
        }
    }

    /// The windows an element with timestamp `t` belongs to, appended to `out` in ascending start order.
    /// For sessions, this is the proto-window `[t, t + gap)` before merging.
    ///
    /// ```
    /// use windowpane_engine::window::{Window, WindowFn};
    /// let mut w = Vec::new();
    /// WindowFn::Sliding { size: 10, period: 5, offset: 0 }.assign(12, &mut w);
    /// assert_eq!(w, vec![Window::Interval { start: 5, end: 15 }, Window::Interval { start: 10, end: 20 }]);
    /// ```
    pub fn assign(&self, t: Timestamp, out: &mut Vec<Window>) {
        match *self {
            WindowFn::Global => out.push(Window::Global),
            WindowFn::Fixed { size, offset } => {
                let start = wide_start(t, size, offset);
                out.push(Window::Interval { start: clamp(start), end: clamp(start + i128::from(size)) });
            }
            WindowFn::Sliding { size, period, offset } => {
                // In i128: with sizes and offsets near i64::MAX the first start is before
                // i64::MIN; such starts clamp to it, and a clamped duplicate is given once.
                let last = wide_start(t, period, offset);
                let (size, period) = (i128::from(size), i128::from(period));
                let mut start = last - (size - 1) / period * period;
                while start <= last {
                    if i128::from(t) < start + size {
                        let w = Window::Interval { start: clamp(start), end: clamp(start + size) };
                        if out.last() != Some(&w) {
                            out.push(w);
                        }
                    }
                    start += period;
                }
            }
            WindowFn::Sessions { gap } => {
                out.push(Window::Interval { start: t, end: t.saturating_add(gap) });
            }
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn windows_per_element_is_the_most_assign_gives() {
        for (size, period, offset) in [(10, 3, 0), (10, 5, 0), (10, 5, 2), (7, 7, 1), (60_000, 1_000, 0), (1, 1, 0)] {
            let f = WindowFn::Sliding { size, period, offset };
            let mut most = 0;
            for t in -25..25 {
                let mut w = Vec::new();
                f.assign(t, &mut w);
                most = most.max(w.len() as i64);
            }
            assert_eq!(f.windows_per_element(), most, "{size}/{period}+{offset}");
        }
        assert_eq!(WindowFn::Sliding { size: i64::MAX, period: 2, offset: 0 }.windows_per_element(), i64::MAX / 2 + 1);
        assert_eq!(WindowFn::Fixed { size: 10, offset: 0 }.windows_per_element(), 1);
        assert_eq!(WindowFn::Sessions { gap: 10 }.windows_per_element(), 1);
        assert_eq!(WindowFn::Global.windows_per_element(), 1);
    }

    use super::*;

    fn iv(start: Timestamp, end: Timestamp) -> Window {
        Window::Interval { start, end }
    }

    fn assign(f: WindowFn, t: Timestamp) -> Vec<Window> {
        let mut out = Vec::new();
        f.assign(t, &mut out);
        out
    }

    #[test]
    fn fixed_windows_hold_their_start_and_not_their_end() {
        let f = WindowFn::Fixed { size: 120, offset: 0 };
        assert_eq!(assign(f.clone(), 0), vec![iv(0, 120)]);
        assert_eq!(assign(f.clone(), 119), vec![iv(0, 120)]);
        assert_eq!(assign(f, 120), vec![iv(120, 240)]);
    }

    #[test]
    fn fixed_windows_with_an_offset_and_negative_times() {
        let f = WindowFn::Fixed { size: 10, offset: 3 };
        assert_eq!(assign(f.clone(), 2), vec![iv(-7, 3)]);
        assert_eq!(assign(f.clone(), 3), vec![iv(3, 13)]);
        assert_eq!(assign(WindowFn::Fixed { size: 10, offset: 0 }, -1), vec![iv(-10, 0)]);
        assert_eq!(assign(f, -8), vec![iv(-17, -7)]);
    }

    #[test]
    fn sliding_windows_give_size_over_period_windows() {
        let f = WindowFn::Sliding { size: 600, period: 60, offset: 0 };
        let ws = assign(f, 605);
        assert_eq!(ws.len(), 10);
        assert_eq!(ws.first(), Some(&iv(60, 660)));
        assert_eq!(ws.last(), Some(&iv(600, 1200)));
        assert!(ws.iter().all(|w| matches!(w, Window::Interval { start, end } if *start <= 605 && 605 < *end)));
    }

    #[test]
    fn sliding_windows_when_size_is_not_a_multiple_of_period() {
        let f = WindowFn::Sliding { size: 25, period: 10, offset: 0 };
        // windows starting at 0, 10, 20 contain 21; the one at -10 ends at 15
        assert_eq!(assign(f, 21), vec![iv(0, 25), iv(10, 35), iv(20, 45)]);
    }

    #[test]
    fn sessions_assign_a_proto_window_and_merge_overlaps() {
        let f = WindowFn::Sessions { gap: 60 };
        assert!(f.is_merging());
        assert_eq!(assign(f, 100), vec![iv(100, 160)]);
        // [0,60) and [59,119) overlap; [119,179) only touches [59,119), whose end is exclusive
        assert!(iv(0, 60).intersects(&iv(59, 119)) && iv(59, 119).intersects(&iv(0, 60)));
        assert!(!iv(59, 119).intersects(&iv(119, 179)), "windows that only touch do not merge");
        assert!(iv(0, 100).intersects(&iv(10, 20)), "containment is overlap");
        assert_eq!(iv(0, 60).span(&iv(59, 119)), iv(0, 119));
        assert!(!Window::Global.intersects(&iv(0, 1)));
    }

    /// Regression (fuzzing): `t - offset` and the first sliding start overflowed i64 and panicked
    /// with overflow checks. 106751991167d is 9_223_372_036_828_800_000 ms, just under i64::MAX.
    #[test]
    fn huge_sizes_and_offsets_do_not_overflow() {
        const D: i64 = 86_400_000;
        let year_0 = -62_167_219_200_000; // 0000-01-01T00:00:00Z
        let (size, offset) = (106_751_991_167 * D, 106_751_991_166 * D);
        // Worked by hand: t - offset = -9_223_434_203_961_600_000 is in [-2 size, -size), so its
        // rem_euclid is t - offset + 2 size and the start is offset - 2 size = -(size + 1 day),
        // before i64::MIN: clamped. The end, offset - size = -1 day, is kept exact.
        assert_eq!(window_start(year_0, size, offset), i64::MIN);
        assert_eq!(assign(WindowFn::Fixed { size, offset }, year_0), vec![iv(i64::MIN, -D)]);
        // Sliding: size 106751991167d, period 10675199116d. 11 windows hold t; the first
        // starts before i64::MIN and is clamped to it.
        let period = 10_675_199_116 * D;
        let f = WindowFn::Sliding { size, period, offset: 0 };
        let ws = assign(f.clone(), year_0);
        assert!(!ws.is_empty() && ws.len() as i64 <= f.windows_per_element());
        assert!(ws.iter().all(|w| matches!(*w, Window::Interval { start, end } if start <= year_0 && year_0 < end)));
        assert!(ws.windows(2).all(|p| p[0].start() < p[1].start()), "ascending, no duplicates");
        assert_eq!(window_start(i64::MIN, i64::MAX, i64::MAX), i64::MIN, "clamped at minus infinity");
        assert_eq!(window_start(i64::MAX, 10, 0), i64::MAX - 7, "i64::MAX = ...807");
    }

    #[test]
    fn max_timestamp_is_one_before_the_end() {
        assert_eq!(iv(0, 120).max_timestamp(), 119);
        assert_eq!(Window::Global.max_timestamp(), END_OF_GLOBAL_WINDOW);
    }
}
