//! No transport: a record reaches the pipeline when the network delivers it. The network is the
//! one partition: what is sent and not yet arrived holds the watermark back.

use super::Cx;
use super::Wake;
use crate::record::Record;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Default)]
pub(crate) struct Direct {
    in_flight: BinaryHeap<Reverse<(i64, u64, Record)>>,
    order: u64,
}

impl Direct {
    /// Called when the record is sent.
    pub(crate) fn enter(&mut self, t: i64, r: Record, cx: &mut Cx) {
        cx.entered(0, t);
        cx.accepted(0, 0, t, &r);
        self.order += 1;
        self.in_flight.push(Reverse((r.reach(), self.order, r)));
        cx.schedule(r.reach().max(t), Wake::Transport(0, 0));
    }

    pub(crate) fn wake(&mut self, t: i64, cx: &mut Cx) {
        while self.in_flight.peek().is_some_and(|r| r.0 .0 <= t) {
            let Some(Reverse((_, _, r))) = self.in_flight.pop() else { break };
            cx.deliver(0, 0, t, r, r.reach());
        }
    }
}
