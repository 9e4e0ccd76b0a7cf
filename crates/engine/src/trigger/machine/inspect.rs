//! Reading a window's trigger state without changing it: which node of the tree waits for what.

use super::{Kind, TriggerContext, TriggerProgram, TriggerState, UNSET};
use crate::time::{Duration, Timestamp};
use serde::Serialize;

/// What one node of the trigger tree is waiting for, read from its state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "waits_for", rename_all = "snake_case")]
pub enum Progress {
    /// The watermark passing the end of the window (`after_watermark`, the default trigger).
    Watermark {
        /// The input watermark now.
        watermark: Timestamp,
        /// The window's max timestamp, which the watermark must pass.
        end: Timestamp,
    },
    /// A number of elements in the pane (`after_count`).
    Count {
        /// Elements counted since the node last fired.
        have: u64,
        /// Elements it needs.
        need: u64,
    },
    /// A processing time (`after_processing_time`).
    ProcessingTime {
        /// When it fires; `None` until the pane's first element sets it.
        fires_at: Option<Timestamp>,
        /// Its delay after the first element.
        delay: Duration,
        /// The processing time now.
        now: Timestamp,
    },
    /// Nothing: `never` fires only at the window's expiry.
    Never,
    /// Its children (composite triggers).
    Children,
}

/// One node of the trigger tree, in pre-order, with what its state says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeStatus {
    /// Its number in pre-order (0 is the root).
    pub node: usize,
    /// Its depth in the tree (0 is the root).
    pub depth: usize,
    /// Its part in its parent: `early` / `late` under `after_watermark`, `until` under
    /// `or_finally`; `None` otherwise.
    pub role: Option<&'static str>,
    /// The trigger's type as a scenario writes it (`after_count`, `after_watermark`, …).
    pub trigger: &'static str,
    /// Whether the node has finished (its bit in the finished set).
    pub finished: bool,
    /// Whether the node is running: its parent is, and has given it its turn (an
    /// `after_watermark`'s late trigger runs only after the on-time pane, an `after_each` runs
    /// its first unfinished trigger). An idle node may count elements (merging windows pass them
    /// to every child) but its readiness does not fire the window.
    pub active: bool,
    /// Whether the node would fire now (only an active, unfinished node).
    pub ready: bool,
    /// What it waits for.
    pub progress: Progress,
}

impl TriggerProgram {
    /// Every node of the trigger tree with its state for the window of `c`, in pre-order.
    ///
    /// ```
    /// use windowpane_engine::trigger::{machine::*, Trigger};
    /// use windowpane_engine::window::Window;
    /// let p = TriggerProgram::compile(&Trigger::AfterCount { count: 3 }, false);
    /// let mut s = p.new_state();
    /// let c = TriggerContext { window: Window::Interval { start: 0, end: 10 }, watermark: 0, now: 0 };
    /// p.on_element(&mut s, &c, &mut Vec::new());
    /// let nodes = p.describe(&s, &c);
    /// assert_eq!(nodes[0].progress, Progress::Count { have: 1, need: 3 });
    /// assert!(!nodes[0].ready);
    /// ```
    pub fn describe(&self, s: &TriggerState, c: &TriggerContext) -> Vec<NodeStatus> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack = vec![(0usize, 0usize, None, true)];
        while let Some((i, depth, role, active)) = stack.pop() {
            let node = &self.nodes[i];
            let watermark = Progress::Watermark { watermark: c.watermark, end: c.window.max_timestamp() };
            let (trigger, progress) = match node.kind {
                Kind::Default => ("default", watermark),
                Kind::EndOfWindow | Kind::EarlyAndLate { .. } => ("after_watermark", watermark),
                Kind::Never => ("never", Progress::Never),
                Kind::AfterProcessingTime { delay, .. } => {
                    let until = s.slots[node.slot];
                    let fires_at = (until != UNSET).then_some(until);
                    ("after_processing_time", Progress::ProcessingTime { fires_at, delay, now: c.now })
                }
                Kind::AfterCount { count } => {
                    ("after_count", Progress::Count { have: s.slots[node.slot].max(0) as u64, need: count })
                }
                Kind::Repeatedly => ("repeatedly", Progress::Children),
                Kind::AfterEach => ("after_each", Progress::Children),
                Kind::AfterAny => ("after_any", Progress::Children),
                Kind::AfterAll => ("after_all", Progress::Children),
                Kind::OrFinally => ("or_finally", Progress::Children),
            };
            let finished = s.finished.get(i);
            out.push(NodeStatus { node: i, depth, role, trigger, finished, active, ready: active && !finished && self.ready(i, s, c), progress });
            let roles: &[&'static str] = match node.kind {
                Kind::EarlyAndLate { .. } => &["early", "late"],
                Kind::OrFinally => &["trigger", "until"],
                _ => &[],
            };
            let first_unfinished = self.first_unfinished(s, i);
            let turn = |k: usize, ch: usize| match node.kind {
                Kind::EarlyAndLate { .. } => (k == 0) != s.finished.get(node.children[0]),
                Kind::AfterEach => first_unfinished == Some(ch),
                _ => true,
            };
            let children = node.children.iter().enumerate().rev();
            stack.extend(children.map(|(k, &ch)| (ch, depth + 1, roles.get(k).copied(), active && turn(k, ch))));
        }
        out
    }

    /// For `after_watermark` with early or late firings: whether the early part is over (the
    /// on-time pane fired), so the late trigger is the one that runs.
    pub fn past_on_time(&self, s: &TriggerState, node: usize) -> Option<bool> {
        match self.nodes.get(node)?.kind {
            Kind::EarlyAndLate { .. } => Some(s.finished.get(self.nodes[node].children[0])),
            _ => None,
        }
    }
}
