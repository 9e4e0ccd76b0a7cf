//! Reading the driver's state without changing it: one window's state, and the watermark holds.

use super::Driver;
use crate::combine::Value;
use crate::time::Timestamp;
use crate::trigger::machine::{NodeStatus, TriggerContext};
use crate::window::Window;
use serde::Serialize;

/// What the runner keeps for one window of one key, at the driver's processing time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WindowView {
    /// Whether its trigger has finished: the window is closed and drops new elements.
    pub closed: bool,
    /// Whether elements arrived since its last pane.
    pub non_empty: bool,
    /// The value its next pane would carry now.
    pub value: Value,
    /// Its element watermark hold.
    pub element_hold: Option<Timestamp>,
    /// Its garbage collection hold (with allowed lateness).
    pub gc_hold: Option<Timestamp>,
    /// Its trigger's nodes (empty for a closed window: only the finished bits are kept).
    pub trigger: Vec<NodeStatus>,
}

/// Which of a window's holds it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldKind {
    /// Set by the window's elements (per the timestamp combiner).
    Element,
    /// The garbage collection hold, kept with allowed lateness until the final pane.
    GarbageCollection,
}

/// A watermark hold of one window of one key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HoldView {
    /// The key.
    pub key: String,
    /// The window.
    pub window: Window,
    /// The hold's time: the output watermark cannot pass it.
    pub at: Timestamp,
    /// Which hold.
    pub kind: HoldKind,
}

impl Driver<'_> {
    /// The state of window `w` of `key`, if the runner keeps one (it has elements and has not
    /// been garbage collected, or merged into another window), its trigger read at processing
    /// time `now` (no later than the next thing the driver would do).
    pub fn window_view(&self, key: &str, w: Window, now: Timestamp) -> Option<WindowView> {
        let id = self.keys.iter().position(|&k| k == key)?;
        let st = self.windows.get(id as u32, w)?;
        let closed = self.program.is_closed(&st.trigger);
        let trigger = if closed { Vec::new() } else { self.program.describe(&st.trigger, &TriggerContext { now, ..self.context(w) }) };
        Some(WindowView {
            closed,
            non_empty: st.non_empty,
            value: self.pipeline.combine.extract(&st.acc),
            element_hold: st.element_hold,
            gc_hold: st.extra_hold,
            trigger,
        })
    }

    /// The windows the runner keeps for `key`, in window order.
    pub fn windows_of(&self, key: &str) -> Vec<Window> {
        let Some(id) = self.keys.iter().position(|&k| k == key) else { return Vec::new() };
        let mut ws: Vec<Window> = self.windows.all().into_iter().filter(|(k, _, _)| *k as usize == id).map(|(_, w, _)| w).collect();
        ws.sort_unstable();
        ws
    }

    /// Every watermark hold, earliest first (ties in key, then window order).
    pub fn holds_view(&self) -> Vec<HoldView> {
        let mut out = Vec::new();
        for (key, window, st) in self.windows.all() {
            let key = &self.keys[key as usize];
            let kinds = [(st.element_hold, HoldKind::Element), (st.extra_hold, HoldKind::GarbageCollection)];
            for (at, kind) in kinds.into_iter().filter_map(|(h, kind)| Some((h?, kind))) {
                out.push(HoldView { key: key.to_string(), window, at, kind });
            }
        }
        out.sort_by(|a, b| (a.at, &a.key, a.window).cmp(&(b.at, &b.key, b.window)));
        out
    }

    /// The output watermark now: the input watermark held back by every hold.
    pub fn current_output_watermark(&self) -> Timestamp {
        self.output_watermark(None)
    }
}
