//! Unit tests of the trigger state machines, callback by callback.

use super::machine::{MergeSources, TimerRequest, TriggerContext, TriggerProgram, TriggerState};
use super::{Alignment, Trigger};
use crate::window::Window;

const W: Window = Window::Interval { start: 0, end: 100 };

fn ctx(watermark: i64, now: i64) -> TriggerContext {
    TriggerContext { window: W, watermark, now }
}

fn count(n: u64) -> Trigger {
    Trigger::AfterCount { count: n }
}

fn delay(d: i64) -> Trigger {
    Trigger::AfterProcessingTime { delay: d, align: None }
}

fn rep(t: Trigger) -> Trigger {
    Trigger::Repeatedly(Box::new(t))
}

struct Run {
    p: TriggerProgram,
    s: TriggerState,
    timers: Vec<TimerRequest>,
}

impl Run {
    fn new(t: Trigger) -> Run {
        let p = TriggerProgram::compile(&t, false);
        let s = p.new_state();
        Run { p, s, timers: Vec::new() }
    }
    fn element(&mut self, c: TriggerContext) {
        self.p.on_element(&mut self.s, &c, &mut self.timers);
    }
    fn ready(&self, c: TriggerContext) -> bool {
        self.p.should_fire(&self.s, &c)
    }
    fn fire(&mut self, c: TriggerContext) {
        assert!(self.ready(c), "on_fire is only called when should_fire holds");
        self.p.on_fire(&mut self.s, &c);
    }
    fn closed(&self) -> bool {
        self.p.is_closed(&self.s)
    }
}

#[test]
fn after_count_counts_elements_fires_and_finishes() {
    let mut r = Run::new(count(2));
    r.element(ctx(0, 0));
    assert!(!r.ready(ctx(0, 0)));
    r.element(ctx(0, 1));
    assert!(r.ready(ctx(0, 1)));
    r.fire(ctx(0, 1));
    assert!(r.closed(), "a once-trigger finishes when it fires");
    assert!(r.timers.is_empty());
}

#[test]
fn repeatedly_resets_its_trigger_after_each_firing() {
    let mut r = Run::new(rep(count(2)));
    for i in 0..2 {
        r.element(ctx(0, i));
    }
    r.fire(ctx(0, 2));
    assert!(!r.closed(), "repeatedly never finishes");
    assert!(!r.ready(ctx(0, 2)), "the count starts again from zero");
    r.element(ctx(0, 3));
    assert!(!r.ready(ctx(0, 3)));
    r.element(ctx(0, 4));
    assert!(r.ready(ctx(0, 4)));
}

#[test]
fn after_processing_time_measures_from_the_first_element_only() {
    let mut r = Run::new(delay(60));
    r.element(ctx(0, 10));
    r.element(ctx(0, 40)); // does not move the target
    assert_eq!(r.timers, vec![TimerRequest::ProcessingTime(70)]);
    assert!(!r.ready(ctx(0, 69)));
    assert!(r.ready(ctx(0, 70)), "fires exactly at its time");
    r.fire(ctx(0, 70));
    assert!(r.closed());
}

#[test]
fn after_processing_time_alignment_rounds_up_to_the_grid() {
    let t = Trigger::AfterProcessingTime { delay: 5, align: Some(Alignment { period: 50, offset: 10 }) };
    let mut r = Run::new(t);
    r.element(ctx(0, 20)); // 25 → next grid point 60
    assert_eq!(r.timers, vec![TimerRequest::ProcessingTime(60)]);
}

#[test]
fn after_watermark_sets_an_end_of_window_timer_and_fires_once_past_it() {
    let mut r = Run::new(Trigger::AfterWatermark { early: None, late: None });
    r.element(ctx(50, 0));
    assert_eq!(r.timers, vec![TimerRequest::EventTime(99)]);
    assert!(!r.ready(ctx(99, 0)), "the watermark must pass the max timestamp, not reach it");
    assert!(r.ready(ctx(100, 0)));
    r.fire(ctx(100, 0));
    assert!(r.closed());
}

#[test]
fn after_watermark_early_firings_repeat_until_the_end_of_window() {
    let t = Trigger::AfterWatermark { early: Some(Box::new(count(1))), late: Some(Box::new(count(2))) };
    let mut r = Run::new(t);
    r.element(ctx(0, 0));
    r.fire(ctx(0, 0)); // early
    assert!(!r.ready(ctx(0, 1)));
    r.element(ctx(0, 1));
    r.fire(ctx(0, 1)); // early again: implicitly repeated
    assert!(r.ready(ctx(100, 2)), "on-time at the end of the window, even without elements");
    r.fire(ctx(100, 2));
    assert!(!r.closed(), "late firings keep the trigger open");
    r.element(ctx(100, 3));
    assert!(!r.ready(ctx(100, 3)), "the late trigger starts from zero after the on-time pane");
    r.element(ctx(100, 4));
    r.fire(ctx(100, 4));
    assert!(!r.ready(ctx(100, 4)));
    assert!(!r.closed());
}

#[test]
fn after_watermark_without_late_firings_closes_at_the_on_time_pane() {
    let t = Trigger::AfterWatermark { early: Some(Box::new(delay(10))), late: None };
    let mut r = Run::new(t);
    r.element(ctx(0, 0));
    r.fire(ctx(100, 0));
    assert!(r.closed());
}

#[test]
fn default_trigger_fires_on_every_element_after_the_end_of_window_and_never_closes() {
    let mut r = Run::new(Trigger::Default);
    r.element(ctx(0, 0));
    assert!(!r.ready(ctx(99, 0)));
    r.fire(ctx(100, 0));
    assert!(!r.closed());
    r.element(ctx(100, 1));
    assert!(r.ready(ctx(100, 1)), "a late element fires at once");
    assert_eq!(r.timers, vec![TimerRequest::EventTime(99)], "no timer once the end has passed");
}

#[test]
fn after_each_runs_its_triggers_in_order() {
    let mut r = Run::new(Trigger::AfterEach(vec![count(2), count(1)]));
    r.element(ctx(0, 0));
    assert!(!r.ready(ctx(0, 0)));
    r.element(ctx(0, 1));
    r.fire(ctx(0, 1));
    assert!(!r.closed());
    r.element(ctx(0, 2));
    assert!(r.ready(ctx(0, 2)), "the second trigger needs one element");
    r.fire(ctx(0, 2));
    assert!(r.closed(), "finished when all have fired");
}

#[test]
fn after_any_fires_when_one_fires_and_clears_the_others() {
    let mut r = Run::new(Trigger::AfterAny(vec![count(3), delay(10)]));
    r.element(ctx(0, 0));
    assert!(r.ready(ctx(0, 10)));
    r.fire(ctx(0, 10));
    assert!(r.closed());
}

#[test]
fn after_all_waits_for_every_trigger() {
    let mut r = Run::new(Trigger::AfterAll(vec![count(2), delay(10)]));
    r.element(ctx(0, 0));
    assert!(!r.ready(ctx(0, 10)), "the count is not reached");
    r.element(ctx(0, 11));
    assert!(r.ready(ctx(0, 11)));
    r.fire(ctx(0, 11));
    assert!(r.closed());
}

#[test]
fn or_finally_fires_with_its_trigger_and_finishes_with_until() {
    let t = Trigger::OrFinally { trigger: Box::new(rep(count(1))), until: Box::new(count(3)) };
    let mut r = Run::new(t);
    r.element(ctx(0, 0));
    r.fire(ctx(0, 0));
    assert!(!r.closed());
    r.element(ctx(0, 1));
    r.fire(ctx(0, 1));
    assert!(!r.closed(), "until counts across firings: 2 of 3");
    r.element(ctx(0, 2));
    r.fire(ctx(0, 2));
    assert!(r.closed());
}

#[test]
fn never_never_fires() {
    let mut r = Run::new(Trigger::Never);
    r.element(ctx(1000, 0));
    assert!(!r.ready(ctx(i64::MAX, i64::MAX)));
}

#[test]
fn merging_sums_counts_and_takes_the_earliest_delay() {
    let t = Trigger::AfterAll(vec![count(3), delay(100)]);
    let p = TriggerProgram::compile(&t, true);
    let (mut a, mut b) = (p.new_state(), p.new_state());
    let mut timers = Vec::new();
    p.on_element(&mut a, &ctx(0, 10), &mut timers);
    p.on_element(&mut b, &ctx(0, 20), &mut timers);
    p.on_element(&mut b, &ctx(0, 30), &mut timers);
    let mut merged = p.new_state();
    timers.clear();
    p.on_merge(&mut merged, &MergeSources { states: &[&a, &b] }, &ctx(0, 40), &mut timers);
    assert_eq!(timers, vec![TimerRequest::ProcessingTime(110)]);
    assert!(!p.should_fire(&merged, &ctx(0, 109)));
    assert!(p.should_fire(&merged, &ctx(0, 110)), "3 elements in all and the earliest delay elapsed");
}

#[test]
fn merging_reopens_a_finished_watermark_trigger_when_a_merging_window_is_unfinished() {
    let t = Trigger::AfterWatermark { early: None, late: None };
    let p = TriggerProgram::compile(&t, true);
    let mut done = p.new_state();
    let mut timers = Vec::new();
    p.on_element(&mut done, &ctx(0, 0), &mut timers);
    p.on_fire(&mut done, &ctx(100, 0));
    assert!(p.is_closed(&done));
    let fresh = p.new_state();
    let mut merged = done.clone();
    p.on_merge(&mut merged, &MergeSources { states: &[&done, &fresh] }, &ctx(100, 0), &mut timers);
    assert!(!p.is_closed(&merged), "a new element's window is unfinished, so the merged one is too");
    let mut merged2 = done.clone();
    p.on_merge(&mut merged2, &MergeSources { states: &[&done, &done] }, &ctx(100, 0), &mut timers);
    assert!(p.is_closed(&merged2), "finished everywhere and past the end: done for good");
}

#[test]
fn after_count_finished_in_any_merging_window_is_finished() {
    let p = TriggerProgram::compile(&count(1), true);
    let mut fired = p.new_state();
    let mut timers = Vec::new();
    p.on_element(&mut fired, &ctx(0, 0), &mut timers);
    p.on_fire(&mut fired, &ctx(0, 0));
    let mut merged = p.new_state();
    p.on_merge(&mut merged, &MergeSources { states: &[&fired, &p.new_state()] }, &ctx(0, 1), &mut timers);
    assert!(p.is_closed(&merged));
}

#[test]
fn deep_trees_use_more_than_64_finished_bits() {
    let mut t = count(1);
    for _ in 0..70 {
        t = rep(t);
    }
    let mut r = Run::new(t);
    assert_eq!(r.p.len(), 71);
    r.element(ctx(0, 0));
    r.fire(ctx(0, 0));
    assert!(!r.closed());
    assert!(!r.ready(ctx(0, 0)), "the innermost count was reset by its repeatedly");
}

#[test]
fn after_each_of_seventy_counts_finishes_at_its_seventieth_firing() {
    // Beam's AfterEachStateMachine: an element goes to the first unfinished subtrigger, the trigger
    // fires when that one does, and finishes once no subtrigger is unfinished. Each AfterCount(1)
    // finishes at its one firing, so the 70 children take one element and one firing each. With 71
    // nodes the finished bits span two words; children 1..=63 sit at nonzero bit positions of the
    // first word, child 64 at bit 0 of the second.
    let mut r = Run::new(Trigger::AfterEach((0..70).map(|_| count(1)).collect()));
    assert_eq!(r.p.len(), 71);
    for i in 1..=70 {
        assert!(!r.closed(), "closed after {} firings", i - 1);
        assert!(!r.ready(ctx(0, i)), "child {i} has no element yet");
        r.element(ctx(0, i));
        r.fire(ctx(0, i));
    }
    assert!(r.closed(), "every child has fired once");
}
