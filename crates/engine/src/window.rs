//! Windows and window functions: global, fixed, sliding and sessions.

use crate::time::{Duration, Timestamp, END_OF_GLOBAL_WINDOW};
use serde::{Serialize, Serializer};

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
    /// The last instant in the window: `end - 1` ms, or the end of the global window.
    ///
    /// ```
    /// use windowpane_engine::window::Window;
    /// assert_eq!(Window::Interval { start: 0, end: 120_000 }.max_timestamp(), 119_999);
    /// ```
    pub fn max_timestamp(&self) -> Timestamp {
        match *self {
            Window::Global => END_OF_GLOBAL_WINDOW,
            Window::Interval { end, .. } => end - 1,
        }
    }

    /// The start, or `None` for the global window.
    pub fn start(&self) -> Option<Timestamp> {
        match *self {
            Window::Global => None,
            Window::Interval { start, .. } => Some(start),
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
    /// Windows of `size` starting every `period` (plus `offset`); an element is in `size / period` of them.
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
    t - (t - offset).rem_euclid(size)
}

impl WindowFn {
    /// Whether windows of this function merge (sessions).
    pub fn is_merging(&self) -> bool {
        matches!(self, WindowFn::Sessions { .. })
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
                let start = window_start(t, size, offset);
                out.push(Window::Interval { start, end: start.saturating_add(size) });
            }
            WindowFn::Sliding { size, period, offset } => {
                let last = window_start(t, period, offset);
                let first_candidate = last - (size - 1) / period * period;
                let mut start = first_candidate;
                while start <= last {
                    let end = start.saturating_add(size);
                    if t < end {
                        out.push(Window::Interval { start, end });
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

/// Groups of overlapping windows: returns, for each group of two or more windows that overlap
/// (transitively), the group and the window that spans it. Input need not be sorted.
/// Windows that merge with nothing are left out.
///
/// ```
/// use windowpane_engine::window::{merge_overlapping, Window};
/// let w = |s, e| Window::Interval { start: s, end: e };
/// let groups = merge_overlapping(&[w(0, 10), w(20, 30), w(5, 12)]);
/// assert_eq!(groups, vec![(vec![w(0, 10), w(5, 12)], w(0, 12))]);
/// ```
pub fn merge_overlapping(windows: &[Window]) -> Vec<(Vec<Window>, Window)> {
    let mut sorted: Vec<Window> = windows.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut out = Vec::new();
    let mut group: Vec<Window> = Vec::new();
    let mut span: Option<(Timestamp, Timestamp)> = None;
    let flush = |group: &mut Vec<Window>, span: Option<(Timestamp, Timestamp)>, out: &mut Vec<(Vec<Window>, Window)>| {
        if group.len() > 1 {
            if let Some((start, end)) = span {
                out.push((std::mem::take(group), Window::Interval { start, end }));
            }
        }
        group.clear();
    };
    for w in sorted {
        let Window::Interval { start, end } = w else { continue };
        match span {
            Some((s, e)) if start < e => {
                span = Some((s, e.max(end)));
                group.push(w);
            }
            _ => {
                flush(&mut group, span, &mut out);
                span = Some((start, end));
                group.push(w);
            }
        }
    }
    flush(&mut group, span, &mut out);
    out
}
