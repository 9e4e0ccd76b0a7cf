//! Tables worked out by hand for one window of one key with an early, an on-time and a late pane
//! (at 10 s, 60 s and 90 s): elements 3, then 2, then 1 arrive before each.

use super::*;
use windowpane_engine::{Cause, WindowFn};

const W: Window = Window::Interval { start: 0, end: 60_000 };

fn pane(value: f64, timing: Timing, index: u64, emitted_at: i64, retraction: bool) -> Pane {
    Pane {
        key: "k".into(),
        window: W,
        value: Value::Number(value),
        timing,
        index,
        on_time_index: None,
        is_first: index == 0,
        is_last: false,
        timestamp: 59_999,
        emitted_at,
        retraction,
        cause: Cause::Element,
    }
}

fn pipeline(accumulation: AccumulationMode) -> Reading {
    Reading::beam(&Pipeline { accumulation, ..Pipeline::new(WindowFn::Fixed { size: 60_000, offset: 0 }) })
}

fn values(t: &SinkTable) -> Vec<f64> {
    t.rows.iter().map(|r| number(&r.value)).collect()
}

fn problems(t: &SinkTable) -> Vec<Problem> {
    t.flags.iter().map(|f| f.problem.clone()).collect()
}

fn discarding() -> Vec<Pane> {
    vec![pane(3.0, Timing::Early, 0, 10_000, false), pane(2.0, Timing::OnTime, 1, 60_000, false), pane(1.0, Timing::Late, 2, 90_000, false)]
}

fn accumulating() -> Vec<Pane> {
    vec![pane(3.0, Timing::Early, 0, 10_000, false), pane(5.0, Timing::OnTime, 1, 60_000, false), pane(6.0, Timing::Late, 2, 90_000, false)]
}

/// Each pane but the first is preceded by the retraction of the one before it.
fn retracting() -> Vec<Pane> {
    vec![
        pane(3.0, Timing::Early, 0, 10_000, false),
        pane(3.0, Timing::Early, 0, 60_000, true),
        pane(5.0, Timing::OnTime, 1, 60_000, false),
        pane(5.0, Timing::OnTime, 1, 90_000, true),
        pane(6.0, Timing::Late, 2, 90_000, false),
    ]
}

#[test]
fn discarding_panes_are_deltas_that_an_upsert_sink_loses() {
    let (p, panes) = (pipeline(AccumulationMode::Discarding), discarding());
    let append = table(p, &panes, SinkKind::Append, None);
    assert_eq!(values(&append), vec![3.0, 2.0, 1.0]);
    assert!(append.flags.is_empty(), "3 + 2 + 1 is the window's 6");
    let upsert = table(p, &panes, SinkKind::Upsert, None);
    assert_eq!(values(&upsert), vec![1.0]);
    assert_eq!(problems(&upsert), vec![Problem::Undercounted { rows_total: 1.0, value: 6.0 }]);
    let retracting = table(p, &panes, SinkKind::Retracting, None);
    assert_eq!(values(&retracting), vec![3.0, 2.0, 1.0]);
    assert!(retracting.flags.is_empty());
}

#[test]
fn accumulating_panes_double_count_in_an_append_only_sink() {
    let (p, panes) = (pipeline(AccumulationMode::Accumulating), accumulating());
    let append = table(p, &panes, SinkKind::Append, None);
    assert_eq!(values(&append), vec![3.0, 5.0, 6.0]);
    assert_eq!(append.flags.len(), 1);
    assert_eq!((append.flags[0].key.as_str(), append.flags[0].window), ("k", W));
    assert_eq!(problems(&append), vec![Problem::DoubleCounted { rows_total: 14.0, value: 6.0 }]);
    let upsert = table(p, &panes, SinkKind::Upsert, None);
    assert_eq!(values(&upsert), vec![6.0]);
    assert!(upsert.flags.is_empty());
    // Without retractions, a retraction-aware sink is an append-only one.
    let retracting = table(p, &panes, SinkKind::Retracting, None);
    assert_eq!(problems(&retracting), vec![Problem::DoubleCounted { rows_total: 14.0, value: 6.0 }]);
    // At 60 s (early and on-time panes in): 3 + 5 against 5.
    let at_on_time = table(p, &panes, SinkKind::Append, Some(60_000));
    assert_eq!(values(&at_on_time), vec![3.0, 5.0]);
    assert_eq!(problems(&at_on_time), vec![Problem::DoubleCounted { rows_total: 8.0, value: 5.0 }]);
    // At 10 s only the early pane: nothing to double count yet.
    assert!(table(p, &panes, SinkKind::Append, Some(10_000)).flags.is_empty());
}

#[test]
fn retractions_keep_a_retraction_aware_sink_right() {
    let (p, panes) = (pipeline(AccumulationMode::AccumulatingAndRetracting), retracting());
    let retracting = table(p, &panes, SinkKind::Retracting, None);
    assert_eq!(values(&retracting), vec![6.0]);
    assert_eq!(retracting.rows[0].timing, Timing::Late);
    assert!(retracting.flags.is_empty());
    let upsert = table(p, &panes, SinkKind::Upsert, None);
    assert_eq!(values(&upsert), vec![6.0]);
    assert!(upsert.flags.is_empty());
    // An append-only sink keeps the retractions as rows: 3 + 3 + 5 + 5 + 6.
    let append = table(p, &panes, SinkKind::Append, None);
    assert_eq!(append.rows.iter().filter(|r| r.retraction).count(), 2);
    assert_eq!(problems(&append), vec![Problem::DoubleCounted { rows_total: 22.0, value: 6.0 }]);
    // At 60 s: the early 3 withdrawn, the on-time 5 in.
    assert_eq!(values(&table(p, &panes, SinkKind::Retracting, Some(60_000))), vec![5.0]);
}

#[test]
fn a_retracted_window_that_merged_away_leaves_no_row() {
    let p = pipeline(AccumulationMode::AccumulatingAndRetracting);
    let panes = vec![pane(3.0, Timing::Early, 0, 10_000, false), pane(3.0, Timing::Early, 0, 20_000, true)];
    assert!(table(p, &panes, SinkKind::Retracting, None).rows.is_empty());
    assert!(table(p, &panes, SinkKind::Upsert, None).rows.is_empty());
    let append = table(p, &panes, SinkKind::Append, None);
    assert_eq!(problems(&append), vec![Problem::DoubleCounted { rows_total: 6.0, value: 0.0 }]);
}

#[test]
fn values_that_do_not_add_up_are_flagged_as_several_rows_or_partial() {
    let mut p = pipeline(AccumulationMode::Accumulating);
    p.combine = Combiner::Mean;
    assert_eq!(problems(&table(p, &accumulating(), SinkKind::Append, None)), vec![Problem::SeveralRows { rows: 3 }]);
    assert!(table(p, &accumulating(), SinkKind::Upsert, None).flags.is_empty());
    p.accumulation = AccumulationMode::Discarding;
    assert_eq!(problems(&table(p, &discarding(), SinkKind::Upsert, None)), vec![Problem::Partial { panes: 3 }]);
}

#[test]
fn a_session_that_merged_away_leaves_stale_rows_unless_retracted() {
    // The session [0 s, 60 s) emits 3 at 10 s, then merges into [0 s, 120 s), which emits 5 at
    // 30 s (accumulating: the 3 is counted again in the 5).
    let p = Reading { accumulation: AccumulationMode::Accumulating, combine: Combiner::Sum };
    let wide = Window::Interval { start: 0, end: 120_000 };
    let panes = vec![pane(3.0, Timing::Early, 0, 10_000, false), Pane { window: wide, ..pane(5.0, Timing::Early, 0, 30_000, false) }];
    for kind in [SinkKind::Append, SinkKind::Upsert, SinkKind::Retracting] {
        let t = table(p, &panes, kind, None);
        assert_eq!(values(&t), vec![3.0, 5.0], "{kind:?}");
        assert_eq!(problems(&t), vec![Problem::MergedAway { into: wide, rows: 1 }], "{kind:?}");
        assert_eq!(t.flags[0].window, W);
    }
    // Before the merge nothing is wrong.
    assert!(table(p, &panes, SinkKind::Append, Some(20_000)).flags.is_empty());
    // With retractions the merged-away pane is withdrawn: no stale row, nothing flagged.
    let p = Reading { accumulation: AccumulationMode::AccumulatingAndRetracting, ..p };
    let panes = vec![panes[0].clone(), pane(3.0, Timing::Early, 0, 30_000, true), panes[1].clone()];
    let t = table(p, &panes, SinkKind::Retracting, None);
    assert_eq!(values(&t), vec![5.0]);
    assert!(t.flags.is_empty());
}

/// Flink's firings, worked out from `WindowOperator`: an EventTimeTrigger with allowed lateness
/// FIREs without purging, so the on-time firing holds 3 + 2 = 5 and the late element's firing
/// 5 + 1 = 6; a PurgingTrigger clears at each firing, so the firings hold 3, 2, 1.
#[test]
fn flink_firings_accumulate_unless_the_trigger_purges() {
    use windowpane_engine::flink::{FlinkPipeline, FlinkTrigger};
    let mut f = FlinkPipeline::new(WindowFn::Fixed { size: 60_000, offset: 0 });
    let keeps = Reading::flink(&f);
    assert_eq!(keeps.accumulation, AccumulationMode::Accumulating);
    // Flink's firings carry no early pane here: the on-time 5 and the late 6.
    let firings = vec![pane(5.0, Timing::OnTime, 0, 60_000, false), pane(6.0, Timing::Late, 1, 90_000, false)];
    assert_eq!(problems(&table(keeps, &firings, SinkKind::Append, None)), vec![Problem::DoubleCounted { rows_total: 11.0, value: 6.0 }]);
    assert!(table(keeps, &firings, SinkKind::Upsert, None).flags.is_empty());
    f.trigger = FlinkTrigger::Purging(Box::new(FlinkTrigger::Count { count: 1 }));
    let purges = Reading::flink(&f);
    assert_eq!(purges.accumulation, AccumulationMode::Discarding);
    assert!(table(purges, &discarding(), SinkKind::Append, None).flags.is_empty());
    assert_eq!(problems(&table(purges, &discarding(), SinkKind::Upsert, None)), vec![Problem::Undercounted { rows_total: 1.0, value: 6.0 }]);
}
