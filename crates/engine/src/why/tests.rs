//! Answers worked out by hand: fixed one-minute windows, times in seconds.

use super::*;
use crate::trigger::Trigger;
use crate::{Event, TimestampCombiner, WatermarkModel, WatermarkPoint, WindowFn};
use source::WatermarkSource;

const S: i64 = 1_000;
const FIRST: Window = Window::Interval { start: 0, end: 60 * S };

fn ev(value: f64, event_time: i64, arrival: i64) -> Event {
    Event { key: "k".into(), value, event_time: event_time * S, arrival: arrival * S }
}

/// Input with an explicit watermark (`(at, to)` in seconds), ending at 1000 s.
fn input(events: Vec<Event>, watermark: &[(i64, i64)]) -> Input {
    let points = watermark.iter().map(|&(at, to)| WatermarkPoint { at: at * S, to: to * S }).collect();
    Input { events, watermark: WatermarkModel::Explicit(points), end_of_input: Some(1000 * S) }
}

fn pipeline(trigger: Trigger) -> Pipeline {
    Pipeline { trigger, ..Pipeline::new(WindowFn::Fixed { size: 60 * S, offset: 0 }) }
}

fn root(a: &WindowAnswer) -> &crate::trigger::machine::NodeStatus {
    &a.view.as_ref().expect("the window has state").trigger[0]
}

#[test]
fn a_count_trigger_waits_for_its_third_element() {
    let p = pipeline(Trigger::AfterCount { count: 3 });
    let i = input(vec![ev(1.0, 1, 10), ev(2.0, 2, 20), ev(4.0, 3, 40)], &[]);
    let a = window(&p, &i, "k", FIRST, 25 * S);
    assert_eq!(a.state, WindowState::Open);
    assert_eq!(a.panes, 0);
    assert_eq!(root(&a).progress, Progress::Count { have: 2, need: 3 });
    assert!(!root(&a).ready && !root(&a).finished);
    assert_eq!(a.view.as_ref().unwrap().value, crate::Value::Number(3.0));
    // At 40 s the third element fires the once-trigger: the window is closed, with one pane.
    let a = window(&p, &i, "k", FIRST, 40 * S);
    assert_eq!(a.state, WindowState::Closed);
    assert_eq!(a.panes, 1);
}

#[test]
fn the_default_trigger_waits_for_the_watermark_and_the_hold_names_its_element() {
    let p = Pipeline { timestamp_combiner: TimestampCombiner::Earliest, ..pipeline(Trigger::Default) };
    let i = input(vec![ev(1.0, 7, 5), ev(2.0, 12, 8)], &[(10, 30)]);
    let a = window(&p, &i, "k", FIRST, 20 * S);
    assert_eq!(a.state, WindowState::Open);
    assert_eq!(a.watermark, 30 * S);
    assert_eq!(root(&a).progress, Progress::Watermark { watermark: 30 * S, end: 60 * S - 1 });
    assert!(!root(&a).ready);
    // The earliest element (event time 7 s, event #0) holds the output watermark at 7 s.
    assert_eq!(a.output_watermark, 7 * S);
    let h = a.holding.clone().expect("a hold keeps the output watermark back");
    assert_eq!((h.hold.at, h.hold.kind, h.hold.window, h.event), (7 * S, HoldKind::Element, FIRST, Some(0)));
    let text = a.lines(&plain()).join("\n");
    assert!(text.contains("the watermark 00:00:30 has not passed the window's end 00:00:59.999"), "{text}");
    assert!(text.contains("held back by k 0–60000's element hold at 00:00:07, set by event #0"), "{text}");
}

#[test]
fn a_processing_time_trigger_says_when_it_fires() {
    let p = pipeline(Trigger::AfterProcessingTime { delay: 60 * S, align: None });
    let i = input(vec![ev(1.0, 1, 5), ev(1.0, 2, 9)], &[]);
    let a = window(&p, &i, "k", FIRST, 30 * S);
    // The first element (arrival 5 s) set the delay: 5 s + 1 min.
    assert_eq!(root(&a).progress, Progress::ProcessingTime { fires_at: Some(65 * S), delay: 60 * S, now: 30 * S });
    assert!(!root(&a).ready);
    let a = window(&p, &i, "k", FIRST, 65 * S);
    assert_eq!((a.state, a.panes), (WindowState::Closed, 1));
}

#[test]
fn a_closed_window_drops_a_later_element() {
    let p = pipeline(Trigger::AfterCount { count: 1 });
    let i = input(vec![ev(1.0, 1, 5), ev(2.0, 2, 9)], &[]);
    let a = window(&p, &i, "k", FIRST, 9 * S);
    assert_eq!((a.state, a.panes), (WindowState::Closed, 1));
    assert!(a.view.as_ref().unwrap().trigger.is_empty(), "a closed window keeps only its finished bits");
    let e = element(&p, &i, 1, 9 * S).unwrap();
    assert!(!e.late);
    assert_eq!(e.windows.len(), 1);
    assert_eq!(e.windows[0].dropped, Some(DropReason::Closed));
    let e = element(&p, &i, 0, 9 * S).unwrap();
    assert_eq!(e.windows[0].dropped, None);
    assert_eq!(e.windows[0].pane.as_ref().map(|p| p.emitted_at), Some(5 * S));
}

#[test]
fn an_expired_window_and_the_late_element_it_drops() {
    let p = pipeline(Trigger::Default);
    // The watermark jumps to 70 s at 10 s: the window's end (59.999 s) and, with no allowed
    // lateness, its garbage collection time are behind it. Event #1 (event time 2 s) arrives at 30 s.
    let i = input(vec![ev(1.0, 1, 5), ev(2.0, 2, 30)], &[(10, 70)]);
    let a = window(&p, &i, "k", FIRST, 20 * S);
    assert_eq!(a.state, WindowState::Expired { at: 10 * S });
    assert_eq!(a.panes, 1);
    assert_eq!(a.expires_after, 60 * S - 1);
    assert!(a.view.is_none());
    let e = element(&p, &i, 1, 40 * S).unwrap();
    assert!(e.late);
    assert_eq!(e.watermark_at_arrival, 70 * S);
    assert_eq!(e.windows[0].dropped, Some(DropReason::Expired));
    let text = e.lines(&plain()).join("\n");
    assert!(text.contains("dropped, the window had expired (the watermark 00:01:10 was past its garbage collection time 00:00:59.999)"), "{text}");
    // Before it arrives, nothing is said about its windows.
    let e = element(&p, &i, 1, 20 * S).unwrap();
    assert!(!e.arrived && e.windows.is_empty());
}

#[test]
fn allowed_lateness_keeps_the_window_and_a_garbage_collection_hold() {
    let p = Pipeline { allowed_lateness: 60 * S, ..pipeline(Trigger::Default) };
    let i = input(vec![ev(1.0, 1, 5)], &[(10, 70)]);
    let a = window(&p, &i, "k", FIRST, 7 * S);
    // Before the pane: the end-of-window element hold; the input watermark has not moved.
    assert_eq!(a.view.as_ref().unwrap().element_hold, Some(60 * S - 1));
    assert!(a.holding.is_none(), "a hold ahead of the input watermark holds nothing back");
    let a = window(&p, &i, "k", FIRST, 20 * S);
    // On time at 10 s; the window lives until the watermark passes 1:59.999.
    assert_eq!((a.state.clone(), a.panes, a.expires_after), (WindowState::Open, 1, 120 * S - 1));
    // After the pane the garbage collection hold is set again only if the final pane would fire
    // even when empty (WatermarkHold.addGarbageCollectionHold with paneIsEmpty).
    assert_eq!(a.view.as_ref().unwrap().gc_hold, None);
    let always = Pipeline { closing_behavior: crate::ClosingBehavior::FireAlways, ..p.clone() };
    let a = window(&always, &i, "k", FIRST, 20 * S);
    assert_eq!(a.view.as_ref().unwrap().gc_hold, Some(120 * S - 1));
    assert_eq!(a.holding.as_ref().map(|h| h.hold.kind), None, "1:59.999 is ahead of the watermark 1:10");
    let a = window(&p, &i, "k", FIRST, 1000 * S);
    assert_eq!(a.state, WindowState::Expired { at: 1000 * S });
}

#[test]
fn a_window_no_element_entered_is_empty_and_a_missing_event_is_an_error() {
    let p = pipeline(Trigger::Default);
    let i = input(vec![ev(1.0, 1, 5)], &[]);
    let a = window(&p, &i, "k", Window::Interval { start: 60 * S, end: 120 * S }, 500 * S);
    assert_eq!((a.state, a.panes), (WindowState::Empty, 0));
    let a = window(&p, &i, "other", FIRST, 500 * S);
    assert_eq!(a.state, WindowState::Empty);
    assert_eq!(element(&p, &i, 3, 0).unwrap_err().to_string(), "there is no event #3: the events are #0 to #0");
}

#[test]
fn early_and_late_children_are_labelled() {
    let early = Box::new(Trigger::AfterCount { count: 2 });
    let p = pipeline(Trigger::AfterWatermark { early: Some(early), late: None });
    let i = input(vec![ev(1.0, 1, 5)], &[]);
    let a = window(&p, &i, "k", FIRST, 6 * S);
    let nodes = &a.view.as_ref().unwrap().trigger;
    assert_eq!(nodes.len(), 2);
    assert_eq!((nodes[1].role, nodes[1].depth), (Some("early"), 1));
    assert_eq!(nodes[1].progress, Progress::Count { have: 1, need: 2 });
    let text = a.lines(&plain()).join("\n");
    assert!(text.contains("    early: after_count 2 [waiting]: 1 of 2 elements"), "{text}");
}

#[test]
fn a_late_trigger_waits_its_turn_in_merging_windows() {
    // Sessions pass elements to the late trigger before the on-time pane (Beam's
    // AfterWatermark with merging windows): its count is 1 of 1, but it is not its turn.
    let late = Box::new(Trigger::AfterCount { count: 1 });
    let trigger = Trigger::AfterWatermark { early: None, late: Some(late) };
    let p = Pipeline { trigger, allowed_lateness: 1000 * S, ..Pipeline::new(WindowFn::Sessions { gap: 60 * S }) };
    let i = input(vec![ev(1.0, 1, 5)], &[]);
    let a = window(&p, &i, "k", Window::Interval { start: S, end: 61 * S }, 6 * S);
    let nodes = &a.view.as_ref().unwrap().trigger;
    assert_eq!((nodes[2].role, nodes[2].active, nodes[2].ready), (Some("late"), false, false));
    assert_eq!(nodes[2].progress, Progress::Count { have: 1, need: 1 });
    assert!(nodes[1].active, "the early trigger (never) runs until the on-time pane");
    assert!(a.lines(&plain()).join("\n").contains("late: after_count 1 [not its turn]: 1 of 1 elements"));
    // After the on-time pane the late trigger runs, and the early one is finished.
    let i = input(vec![ev(1.0, 1, 5)], &[(10, 70)]);
    let a = window(&p, &i, "k", Window::Interval { start: S, end: 61 * S }, 20 * S);
    let nodes = &a.view.as_ref().unwrap().trigger;
    assert_eq!((nodes[1].finished, nodes[2].active), (true, true));
    assert_eq!(nodes[2].progress, Progress::Count { have: 0, need: 1 });
}

fn plain() -> Formats<'static> {
    Formats {
        time: &crate::explain::clock,
        duration: &|d| format!("{d}ms"),
        window: &|w| match w {
            Window::Global => "global".into(),
            Window::Interval { start, end } => format!("{start}–{end}"),
        },
    }
}

// Why nothing fired: the answers of issue 12, worked out by hand.

#[test]
fn why_not_a_count_trigger_names_the_unmet_count() {
    // after_count 3 over one-minute windows; two elements (arrivals 10 s, 20 s) by 25 s.
    let p = pipeline(Trigger::AfterCount { count: 3 });
    let i = input(vec![ev(1.0, 1, 10), ev(2.0, 2, 20), ev(4.0, 3, 40)], &[]);
    let full = crate::run(&p, &i);
    let a = window_in(&p, &i, Some(&full), "k", FIRST, 25 * S);
    let text = a.lines(&plain()).join("\n");
    assert!(text.contains("nothing fired yet: after_count 3 waits (2 of 3 elements)"), "{text}");
    // No watermark move is given before the end of input (1000 s), where it goes to +∞:
    // that is when the watermark passes the window's end, and (no allowed lateness) expires it.
    assert_eq!((a.end_passed_at, a.expires_at), (Some(1000 * S), Some(1000 * S)));
    assert!(text.contains("later in this run: the watermark passes its end at 00:16:40; it expires at 00:16:40"), "{text}");
    assert!(text.contains("the watermark has not moved yet; it does not move again before the end of input"), "{text}");
}

#[test]
fn why_not_the_watermark_has_not_passed_the_end_of_the_window() {
    // The default trigger; the watermark moves to 30 s at 10 s and to 61 s at 90 s. At 50 s
    // it is at 30 s, short of the window's end (59.999 s): the trigger waits for it, and the
    // next move (at 90 s, to 61 s) is the one that passes it.
    let p = pipeline(Trigger::Default);
    let i = input(vec![ev(1.0, 7, 5), ev(2.0, 12, 8)], &[(10, 30), (90, 61)]);
    let full = crate::run(&p, &i);
    let a = window_in(&p, &i, Some(&full), "k", FIRST, 50 * S);
    assert_eq!((a.state.clone(), a.panes, a.watermark), (WindowState::Open, 0, 30 * S));
    assert_eq!(a.source, WatermarkSource::Explicit { last: Some(WatermarkPoint { at: 10 * S, to: 30 * S }), next: Some(WatermarkPoint { at: 90 * S, to: 61 * S }) });
    assert_eq!((a.end_passed_at, a.expires_at), (Some(90 * S), Some(90 * S)));
    let text = a.lines(&plain()).join("\n");
    assert!(text.contains("nothing fired yet: default waits (the watermark 00:00:30 has not passed the window's end 00:00:59.999)"), "{text}");
    assert!(text.contains("its next move is at 00:01:30, to 00:01:01"), "{text}");
    // At 90 s the watermark passed: the ON_TIME pane fired, no "nothing fired" line.
    let a = window_in(&p, &i, Some(&full), "k", FIRST, 90 * S);
    assert_eq!(a.panes, 1);
    assert!(!a.lines(&plain()).join("\n").contains("nothing fired yet"));
}

#[test]
fn why_not_a_perfect_watermark_is_held_by_the_oldest_element_not_arrived() {
    // Perfect watermark: at 20 s, event #1 (event time 3 s, arriving at 100 s) has not arrived:
    // the watermark stays at 3 s, so the window [0, 60 s) cannot fire on time before 100 s.
    let p = pipeline(Trigger::Default);
    let events = vec![ev(1.0, 10, 5), ev(2.0, 3, 100), ev(1.0, 30, 15)];
    let i = Input { events, watermark: WatermarkModel::Perfect, end_of_input: Some(1000 * S) };
    let full = crate::run(&p, &i);
    let a = window_in(&p, &i, Some(&full), "k", FIRST, 20 * S);
    assert_eq!(a.watermark, 3 * S);
    assert_eq!(a.source, WatermarkSource::Perfect { event: Some(1) });
    // When event #1 arrives at 100 s nothing is missing any more: the watermark passes the end.
    assert_eq!(a.end_passed_at, Some(100 * S));
    assert!(a.lines(&plain()).join("\n").contains("perfect watermark: event #1, not arrived yet, holds it"));
}

#[test]
fn the_lag_behind_the_newest_event_over_time() {
    // Arrivals (event time, arrival): (10, 10), (50, 20), (30, 40); watermark to 5 s at 10 s,
    // to 40 s at 40 s. Lag: 10–20 s: 10 − 5 = 5 s; 20–40 s: 50 − 5 = 45 s; from 40 s: 50 − 40 =
    // 10 s. At 60 s: 10 s of 5, 20 s of 45, 20 s of 10 (50 s in all): sorted 5 (10 s), 10 (20
    // s), 45 (20 s); the median (25 s in) is 10 s, the 99th percentile (49.5 s in) 45 s.
    let events = vec![ev(1.0, 10, 10), ev(1.0, 50, 20), ev(1.0, 30, 40)];
    let i = input(events.clone(), &[(10, 5), (40, 40)]);
    let out = crate::run(&pipeline(Trigger::Default), &i);
    let l = lag::lag(&events, &out, 60 * S);
    assert_eq!((l.now, l.p50, l.p99, l.max), (Some(10 * S), Some(10 * S), Some(45 * S), Some(45 * S)));
    assert_eq!(lag::lag(&events, &out, 30 * S).now, Some(45 * S));
    assert_eq!(lag::lag(&events, &out, 5 * S), lag::Lag::default(), "nothing known yet");
}
