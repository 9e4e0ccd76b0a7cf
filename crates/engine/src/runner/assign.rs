//! Window assignment with a memory: consecutive elements mostly fall in the same windows.

use crate::time::Timestamp;
use crate::window::{Window, WindowFn};

/// Assigns windows like [`WindowFn::assign`], remembering the last assignment and the range of
/// event times that get the same windows, so that most elements skip the division.
pub struct Assigner {
    window_fn: WindowFn,
    /// Whether every event time in the intersection of its windows gets the same windows:
    /// true for global and fixed windows, and for sliding windows whose size is a multiple of
    /// the period (otherwise some of the windows before the element's may not reach it).
    remembers: bool,
    windows: Vec<Window>,
    /// The event times `[from, to)` that get `windows`.
    from: Timestamp,
    to: Timestamp,
}

impl Assigner {
    /// An assigner for `window_fn`.
    pub fn new(window_fn: &WindowFn) -> Assigner {
        let remembers = match *window_fn {
            WindowFn::Global | WindowFn::Fixed { .. } => true,
            WindowFn::Sliding { size, period, .. } => size.checked_rem(period) == Some(0),
            WindowFn::Sessions { .. } => false,
        };
        Assigner { window_fn: window_fn.clone(), remembers, windows: Vec::new(), from: 0, to: 0 }
    }

    /// The windows of an element at event time `t`, in ascending start order.
    #[inline]
    pub fn assign(&mut self, t: Timestamp) -> &[Window] {
        if !(self.from <= t && t < self.to) {
            self.assign_anew(t);
        }
        &self.windows
    }

    fn assign_anew(&mut self, t: Timestamp) {
        self.windows.clear();
        self.window_fn.assign(t, &mut self.windows);
        let mut same = (0, 0);
        if self.remembers && !self.windows.is_empty() {
            same = (Timestamp::MIN, Timestamp::MAX);
            for w in &self.windows {
                if let Window::Interval { start, end } = *w {
                    same = (same.0.max(start), same.1.min(end));
                }
            }
        }
        (self.from, self.to) = same;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_assignments_equal_fresh_ones() {
        let fns = [
            WindowFn::Global,
            WindowFn::Fixed { size: 10, offset: 3 },
            WindowFn::Sliding { size: 30, period: 10, offset: 4 },
            WindowFn::Sliding { size: 25, period: 10, offset: 0 },
            WindowFn::Sessions { gap: 7 },
        ];
        for f in fns {
            let mut a = Assigner::new(&f);
            for t in [-31, -30, -12, -1, 0, 1, 2, 3, 9, 12, 13, 14, 21, 24, 25, 26, 40, 12, 5, 5, 33, 34] {
                let mut fresh = Vec::new();
                f.assign(t, &mut fresh);
                assert_eq!(a.assign(t), fresh.as_slice(), "{f:?} at {t}");
            }
        }
    }

    #[test]
    fn an_assignment_is_remembered_for_the_event_times_that_share_its_windows() {
        // Fixed 10 with offset 3: 12 is in [3, 13), and so is every time from 3 to 12.
        let mut a = Assigner::new(&WindowFn::Fixed { size: 10, offset: 3 });
        a.assign(12);
        assert_eq!((a.from, a.to), (3, 13));
        // Sliding 30 every 10 from 4: 12 is in [-16, 14), [-6, 24) and [4, 34), which all hold [4, 14).
        let mut a = Assigner::new(&WindowFn::Sliding { size: 30, period: 10, offset: 4 });
        a.assign(12);
        assert_eq!((a.from, a.to), (4, 14));
        // The global window holds every time.
        let mut a = Assigner::new(&WindowFn::Global);
        a.assign(12);
        assert_eq!((a.from, a.to), (Timestamp::MIN, Timestamp::MAX));
        // Sessions and sliding windows that are not a multiple of their period are never remembered.
        for f in [WindowFn::Sessions { gap: 7 }, WindowFn::Sliding { size: 25, period: 10, offset: 0 }] {
            let mut a = Assigner::new(&f);
            a.assign(12);
            assert_eq!((a.from, a.to), (0, 0), "{f:?}");
        }
    }
}
