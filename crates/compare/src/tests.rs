//! Beam and Flink over the same events, each case worked out by hand from the two semantics
//! (see the reasons' sources) before running: window [0, 60) (max timestamp 59) unless said.

use super::*;
use windowpane_engine::flink::{self, FlinkInput, FlinkPipeline, FlinkTrigger, FlinkWatermarks};
use windowpane_engine::{run, Event, Input, Timing, Trigger, Value, WatermarkModel, WatermarkPoint, WindowFn};

fn ev(value: f64, event_time: i64, arrival: i64) -> Event {
    Event { key: "k".into(), value, event_time, arrival }
}

const FIXED: WindowFn = WindowFn::Fixed { size: 60, offset: 0 };
const W: Window = Window::Interval { start: 0, end: 60 };

/// Runs `beam` and `flink` over the events with an explicit (punctuated) watermark, ending at 300.
fn both(beam: &Pipeline, fl: &FlinkPipeline, events: Vec<Event>, points: Vec<WatermarkPoint>) -> (Output, Output) {
    let input = Input { events: events.clone(), watermark: WatermarkModel::Explicit(points.clone()), end_of_input: Some(300) };
    let f = flink::run(fl, &FlinkInput::single_split(events, FlinkWatermarks::Punctuated(points), Some(300)));
    (run(beam, &input), f.into_output())
}

fn reasons(d: &PaneDifference) -> Vec<Reason> {
    d.reasons.iter().map(|e| e.reason.clone()).collect()
}

fn wm(at: i64, to: i64) -> WatermarkPoint {
    WatermarkPoint { at, to }
}

#[test]
fn the_same_run_has_no_differences() {
    let p = Pipeline::new(FIXED);
    let input = Input { events: vec![ev(1.0, 10, 50), ev(2.0, 70, 60)], watermark: WatermarkModel::Perfect, end_of_input: Some(300) };
    let out = run(&p, &input);
    let side = Side { config: Config::Beam(&p), output: &out };
    let c = compare(side, side);
    assert_eq!((c.same, c.panes.len(), c.dropped.len()), (out.panes.len(), 0, 0));
}

/// The watermark moves to exactly 59 at 100. Flink: the timer at 59 fires (59 <= 59), ON_TIME 1
/// at 100, and the cleanup timer at 59 + 0 clears the window; the 2 arriving at 200 finds the
/// window late (59 <= 59) and is dropped. Beam: 59 has not passed 59, nothing fires, the 2 is
/// kept (59 < 59 is false), and the end of input fires ON_TIME 3 at 300.
#[test]
fn flink_fires_and_drops_at_the_boundary_where_beam_waits() {
    let (beam, fl) = (Pipeline::new(FIXED), FlinkPipeline::new(FIXED));
    let (a, b) = both(&beam, &fl, vec![ev(1.0, 10, 50), ev(2.0, 20, 200)], vec![wm(100, 59)]);
    assert_eq!(a.panes.iter().map(|p| (p.emitted_at, p.value.clone())).collect::<Vec<_>>(), vec![(300, Value::Number(3.0))]);
    let c = compare(Side { config: Config::Beam(&beam), output: &a }, Side { config: Config::Flink(&fl), output: &b });
    assert_eq!(c.same, 0);
    assert_eq!(c.panes.len(), 1);
    let d = &c.panes[0];
    assert_eq!((d.a, d.b, d.value, d.emitted_at), (Some(0), Some(0), true, true));
    assert_eq!(
        reasons(d),
        vec![
            Reason::TimerAtWatermark { side: Which::B, max_timestamp: 59 },
            Reason::LatenessBoundary { side: Which::B, event: 1, cleanup: 59 },
        ]
    );
    assert_eq!(c.dropped.len(), 1);
    let x = &c.dropped[0];
    assert_eq!((x.event, x.window, x.dropped_by, x.drop_reason), (1, W, Which::B, DropReason::Expired));
    assert_eq!(x.reasons.iter().map(|e| e.reason.clone()).collect::<Vec<_>>(), vec![Reason::LatenessBoundary { side: Which::B, event: 1, cleanup: 59 }]);
    assert!(x.reasons[0].text.contains("<="), "{}", x.reasons[0].text);
    assert!(x.reasons[0].text.contains("drops event 2 "), "numbered from 1: {}", x.reasons[0].text);
}

/// The watermark passes 59 at 100 (to 60): both fire ON_TIME 1. With allowed lateness the 2 at
/// 200 is late for both: Beam's default trigger fires a LATE pane of what is new (discarding: 2),
/// Flink's EventTimeTrigger FIREs at once with what the window kept (1 + 2 = 3).
#[test]
fn a_late_element_refines_flinks_window_but_beams_discarding_pane_holds_it_alone() {
    let mut beam = Pipeline::new(FIXED);
    beam.allowed_lateness = 1000;
    let mut fl = FlinkPipeline::new(FIXED);
    fl.allowed_lateness = 1000;
    let (a, b) = both(&beam, &fl, vec![ev(1.0, 10, 50), ev(2.0, 20, 200)], vec![wm(100, 60)]);
    let c = compare(Side { config: Config::Beam(&beam), output: &a }, Side { config: Config::Flink(&fl), output: &b });
    assert_eq!(c.same, 1, "the ON_TIME 1 at 100");
    assert_eq!(c.panes.len(), 1);
    let d = &c.panes[0];
    assert_eq!((d.a, d.b, d.value, d.emitted_at), (Some(1), Some(1), true, false));
    assert_eq!(b.panes[1].value, Value::Number(3.0));
    assert_eq!(a.panes[1].value, Value::Number(2.0));
    assert_eq!(reasons(d), vec![Reason::Accumulation]);
    assert!(d.reasons[0].text.starts_with("A discards"), "{}", d.reasons[0].text);
    assert!(c.dropped.is_empty());
    // A PurgingTrigger clears the window at each firing: Flink's late firing holds the 2 alone.
    fl.trigger = FlinkTrigger::Purging(Box::new(FlinkTrigger::EventTime));
    let (a, b) = both(&beam, &fl, vec![ev(1.0, 10, 50), ev(2.0, 20, 200)], vec![wm(100, 60)]);
    let c = compare(Side { config: Config::Beam(&beam), output: &a }, Side { config: Config::Flink(&fl), output: &b });
    assert_eq!((c.same, c.panes.len()), (2, 0));
}

/// Beam's AfterWatermark without late firings finishes at the ON_TIME pane and closes the window,
/// so the 2 at 200 is dropped (closed); Flink's EventTimeTrigger fires LATE 3 at once.
#[test]
fn flink_fires_a_late_element_at_once_where_beam_closed_the_window() {
    let mut beam = Pipeline::new(FIXED);
    beam.allowed_lateness = 1000;
    beam.trigger = Trigger::AfterWatermark { early: None, late: None };
    let mut fl = FlinkPipeline::new(FIXED);
    fl.allowed_lateness = 1000;
    let (a, b) = both(&beam, &fl, vec![ev(1.0, 10, 50), ev(2.0, 20, 200)], vec![wm(100, 60)]);
    let c = compare(Side { config: Config::Beam(&beam), output: &a }, Side { config: Config::Flink(&fl), output: &b });
    assert_eq!(c.panes.len(), 1);
    let d = &c.panes[0];
    assert_eq!((d.a, d.b, d.only()), (None, Some(1), Some(Which::B)));
    assert_eq!(b.panes[1].timing, Timing::Late);
    assert_eq!(reasons(d), vec![Reason::LateFiresAtOnce { side: Which::B }, Reason::Dropped { side: Which::A, event: 1 }]);
    assert_eq!(c.dropped.len(), 1);
    assert_eq!((c.dropped[0].dropped_by, c.dropped[0].drop_reason), (Which::A, DropReason::Closed));
}

/// Beam with an early count-of-1 firing, discarding: EARLY 1 at 50, then the ON_TIME pane at 100
/// holds nothing (0) and is emitted all the same; Flink fires once, ON_TIME 1 at 100, and keeps
/// the window's contents (its EventTimeTrigger does not purge).
#[test]
fn beams_early_pane_is_its_own_and_its_on_time_pane_is_compared_with_flinks() {
    let mut beam = Pipeline::new(FIXED);
    beam.trigger = Trigger::AfterWatermark { early: Some(Box::new(Trigger::AfterCount { count: 1 })), late: None };
    let fl = FlinkPipeline::new(FIXED);
    let (a, b) = both(&beam, &fl, vec![ev(1.0, 10, 50)], vec![wm(100, 60)]);
    let c = compare(Side { config: Config::Beam(&beam), output: &a }, Side { config: Config::Flink(&fl), output: &b });
    assert_eq!((c.same, c.panes.len()), (0, 2));
    // The EARLY 1 at 50 has no partner: Flink has no early firing.
    let early = &c.panes[0];
    assert_eq!((early.a, early.b), (Some(0), None));
    assert_eq!(a.panes[0].timing, Timing::Early);
    assert_eq!(reasons(early), vec![Reason::EarlyFirings { side: Which::A }]);
    // Beam's ON_TIME 0 against Flink's ON_TIME 1, both at 100.
    let on_time = &c.panes[1];
    assert_eq!((on_time.a, on_time.b, on_time.value, on_time.emitted_at), (Some(1), Some(0), true, false));
    assert_eq!(a.panes[1].value, Value::Number(0.0));
    assert_eq!(reasons(on_time), vec![Reason::Accumulation]);
}

/// Two Beam runs that discard, A with an early count-of-1 firing: A emits EARLY 1 at 50, EARLY 2
/// at 70 and an empty ON_TIME pane at 100; B emits ON_TIME 3 at 100. The two EARLY panes are
/// A's alone; the ON_TIME panes differ (0 against 3) because A's two earlier panes took the
/// elements.
#[test]
fn earlier_panes_of_a_discarding_run_explain_a_smaller_on_time_pane() {
    let mut early = Pipeline::new(FIXED);
    early.trigger = Trigger::AfterWatermark { early: Some(Box::new(Trigger::AfterCount { count: 1 })), late: None };
    let plain = Pipeline::new(FIXED);
    assert_eq!((early.accumulation, plain.accumulation), (AccumulationMode::Discarding, AccumulationMode::Discarding));
    let input = Input { events: vec![ev(1.0, 10, 50), ev(2.0, 20, 70)], watermark: WatermarkModel::Explicit(vec![wm(100, 60)]), end_of_input: Some(300) };
    let (a, b) = (run(&early, &input), run(&plain, &input));
    let c = compare(Side { config: Config::Beam(&early), output: &a }, Side { config: Config::Beam(&plain), output: &b });
    assert_eq!(c.same, 0);
    let summary: Vec<(Option<usize>, Option<usize>, bool)> = c.panes.iter().map(|d| (d.a, d.b, d.value)).collect();
    assert_eq!(summary, vec![(Some(0), None, false), (Some(1), None, false), (Some(2), Some(0), true)]);
    assert_eq!(reasons(&c.panes[0]), vec![Reason::EarlyFirings { side: Which::A }]);
    assert_eq!(reasons(&c.panes[2]), vec![Reason::EarlierPanes { a: 2, b: 0 }]);
    assert!(c.panes[2].reasons[0].text.starts_with("A emitted 2 panes of this window before this one, B no pane"), "{}", c.panes[2].reasons[0].text);
}

/// Sessions with a gap of 10: elements at 0 and 10 make [0, 10) and [10, 20), which touch. Flink
/// merges them (start <= other end), Beam does not (start < other end).
#[test]
fn flink_merges_touching_sessions() {
    let sessions = WindowFn::Sessions { gap: 10 };
    let (beam, fl) = (Pipeline::new(sessions.clone()), FlinkPipeline::new(sessions));
    let (a, b) = both(&beam, &fl, vec![ev(1.0, 0, 50), ev(2.0, 10, 60)], vec![wm(100, 1000)]);
    assert_eq!(a.panes.len(), 2);
    assert_eq!(b.panes.len(), 1);
    assert_eq!(b.panes[0].window, Window::Interval { start: 0, end: 20 });
    let c = compare(Side { config: Config::Beam(&beam), output: &a }, Side { config: Config::Flink(&fl), output: &b });
    assert_eq!(c.panes.len(), 3);
    let only: Vec<(Option<Which>, Window)> = c.panes.iter().map(|d| (d.only(), d.window)).collect();
    assert!(only.contains(&(Some(Which::B), Window::Interval { start: 0, end: 20 })));
    assert!(only.contains(&(Some(Which::A), Window::Interval { start: 0, end: 10 })));
    assert!(only.contains(&(Some(Which::A), Window::Interval { start: 10, end: 20 })));
    for d in &c.panes {
        assert_eq!(reasons(d), vec![Reason::SessionsTouch { side: Which::B }], "{d:?}");
    }
}

/// Matching is by key, window and order: a key's panes never pair with another key's, and
/// retractions pair with retractions.
#[test]
fn panes_match_by_key_window_and_order() {
    let mut retracting = Pipeline::new(WindowFn::Global);
    retracting.trigger = Trigger::Repeatedly(Box::new(Trigger::AfterCount { count: 1 }));
    retracting.accumulation = AccumulationMode::AccumulatingAndRetracting;
    let accumulating = Pipeline { accumulation: AccumulationMode::Accumulating, ..retracting.clone() };
    let events = vec![ev(1.0, 0, 10), Event { key: "j".into(), ..ev(5.0, 0, 15) }, ev(2.0, 1, 20)];
    let input = Input { events, watermark: WatermarkModel::Explicit(vec![]), end_of_input: Some(30) };
    let (a, b) = (run(&retracting, &input), run(&accumulating, &input));
    let c = compare(Side { config: Config::Beam(&retracting), output: &a }, Side { config: Config::Beam(&accumulating), output: &b });
    // A: k 1, j 5, k -1 (retraction), k 3, then at the end k -3, k 3 and j -5, j 5... only the
    // retractions have no partner; every value pane of A equals B's.
    assert!(c.panes.iter().all(|d| d.only() == Some(Which::A) && a.panes[d.a.unwrap_or(0)].retraction), "{:?}", c.panes);
    assert!(c.panes.iter().all(|d| reasons(d) == vec![Reason::Retraction { side: Which::A }]));
    assert_eq!(c.same, b.panes.len());
    assert_eq!(c.panes.len(), a.panes.iter().filter(|p| p.retraction).count());
}

/// Beam with allowed lateness 0 against 100, watermark at 70 from 100: the 2 arriving at 200 is
/// past window [0, 60)'s garbage collection time 59 + 0 in A (dropped) but not 59 + 100 in B.
#[test]
fn an_element_dropped_under_the_shorter_lateness_names_both_latenesses() {
    let (mut short, mut long) = (Pipeline::new(FIXED), Pipeline::new(FIXED));
    short.allowed_lateness = 0;
    long.allowed_lateness = 100;
    let input = Input { events: vec![ev(1.0, 10, 50), ev(2.0, 20, 200)], watermark: WatermarkModel::Explicit(vec![wm(100, 70)]), end_of_input: Some(300) };
    let (a, b) = (run(&short, &input), run(&long, &input));
    let c = compare(Side { config: Config::Beam(&short), output: &a }, Side { config: Config::Beam(&long), output: &b });
    assert_eq!(c.dropped.len(), 1);
    let d = &c.dropped[0];
    assert_eq!((d.event, d.window, d.dropped_by), (1, W, Which::A));
    assert_eq!(d.reasons.iter().map(|e| (e.reason.clone(), e.text.as_str())).collect::<Vec<_>>(),
        vec![(Reason::AllowedLateness { a: 0, b: 100 }, "The allowed lateness differs: A's 0ms, B's 100ms.")]);
}
