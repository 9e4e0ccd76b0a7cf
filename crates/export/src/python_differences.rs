//! Where Beam Python's DirectRunner prints other panes than windowpane (which follows Beam's
//! Java runner core) for one scenario: one line per difference class, with the Beam source.
//!
//! Read from the engine's own panes and the pipeline's shape, so a class may be named where
//! Beam Python happens to print the same panes; the conformance run (`tests/conformance`)
//! checks that every class its golden finds for an example is named here.

use windowpane_engine::{Cause, Output, Pipeline, TimestampCombiner, Timing, Trigger, Window, WindowFn};

/// The heading of the docstring section.
pub const HEADING: &str = "Differences on Beam Python's DirectRunner";

/// The difference classes (id and explanation) that may apply to this run of `pipeline`.
///
/// ```
/// use windowpane_engine::{run, Event, Input, Pipeline, WatermarkModel, WindowFn};
/// use windowpane_export::python_differences::differences;
/// let p = Pipeline::new(WindowFn::Fixed { size: 60_000, offset: 0 });
/// let input = Input {
///     events: vec![Event { key: "a".into(), value: 1.0, event_time: 5_000, arrival: 10_000 }],
///     watermark: WatermarkModel::Perfect,
///     end_of_input: Some(20_000),
/// };
/// let ids: Vec<&str> = differences(&p, &run(&p, &input)).iter().map(|(id, _)| *id).collect();
/// assert_eq!(ids, ["no-garbage-collection"]);
/// ```
pub fn differences(pipeline: &Pipeline, out: &Output) -> Vec<(&'static str, &'static str)> {
    let mut ids = Vec::new();
    let processing_leaf = has(&pipeline.trigger, &|t| matches!(t, Trigger::AfterProcessingTime { .. }));
    let expiry = out.panes.iter().any(|p| p.cause == Cause::GarbageCollection || (p.is_last && p.cause == Cause::Watermark));
    if expiry {
        ids.push("no-garbage-collection");
        if processing_leaf {
            ids.push("expiry-pane-at-processing-time");
        }
    }
    let boundary = out.dropped.iter().any(|d| match d.window {
        Window::Interval { end, .. } => d.watermark == end.checked_add(pipeline.allowed_lateness),
        Window::Global => false,
    });
    if boundary {
        ids.push("expiry-boundary");
    }
    let labelled = |cause: Cause| out.panes.iter().any(|p| p.cause == cause && p.timing != Timing::Early);
    if labelled(Cause::ProcessingTime) {
        ids.push("processing-time-timing");
    }
    if labelled(Cause::Element) {
        ids.push("element-pane-against-output-watermark");
    }
    if labelled(Cause::ProcessingTime) || labelled(Cause::Element) {
        ids.push("nonspeculative-index-follows");
    }
    if pipeline.timestamp_combiner != TimestampCombiner::EndOfWindow {
        ids.push("python-watermark-holds");
    }
    if matches!(pipeline.window, WindowFn::Sessions { .. }) && (!out.late_events.is_empty() || !out.dropped.is_empty()) {
        ids.push("merged-session-python");
    }
    if parallel_processing_time_child(&pipeline.trigger) {
        ids.push("parallel-processing-time-child");
    }
    ids.into_iter().map(|id| (id, because(id))).collect()
}

/// Why Beam Python differs, citing its source (paths under `sdks/python/apache_beam/`).
fn because(id: &str) -> &'static str {
    match id {
        "no-garbage-collection" => {
            "no expiry pane, and is_last only when the trigger finishes: GeneralTriggerDriver never \
             expires a window (transforms/trigger.py, _output: 'TODO(robertwb): allowed lateness')"
        }
        "expiry-pane-at-processing-time" => {
            "the expiry pane's elements come out at the pending processing-time timer instead, EARLY and \
             not last (transforms/trigger.py, GeneralTriggerDriver.process_timer)"
        }
        "expiry-boundary" => {
            "an element arriving at watermark == window end + allowed lateness is kept and fired LATE \
             (transforms/trigger.py, process_elements: 'input_watermark > window.end + self.allowed_lateness')"
        }
        "processing-time-timing" => {
            "a processing-time pane is labelled against the timer's time, so EARLY, not ON_TIME or LATE \
             (transforms/trigger.py, GeneralTriggerDriver.process_timer -> _output)"
        }
        "element-pane-against-output-watermark" => {
            "a pane fired at an element is labelled against the step's output watermark, never ON_TIME \
             (transforms/trigger.py, process_elements -> _output(..., output_watermark, False))"
        }
        "nonspeculative-index-follows" => {
            "after such an EARLY label the window's later on_time_index is one lower \
             (transforms/trigger.py, _output: NONSPECULATIVE_INDEX)"
        }
        "python-watermark-holds" => {
            "pane timestamps combine Python's own holds, kept after early panes \
             (transforms/trigger.py, process_elements and _output: WATERMARK_HOLD)"
        }
        "merged-session-python" => {
            "a late element's session merges with sessions Java closed or expired, and a TOMBSTONE or \
             AfterWatermark's late phase carries over (transforms/trigger.py, MergeableStateAdapter, \
             AfterWatermark.is_late: LATE_TAG)"
        }
        _ => {
            "a processing-time leaf under AfterAny/AfterAll/OrFinally never fires there \
             (transforms/trigger.py, _ParallelTriggerFn.on_fire asks should_fire with TimeDomain.WATERMARK)"
        }
    }
}

fn has(t: &Trigger, p: &dyn Fn(&Trigger) -> bool) -> bool {
    p(t) || children(t).iter().any(|c| has(c, p))
}

fn children(t: &Trigger) -> Vec<&Trigger> {
    match t {
        Trigger::AfterWatermark { early, late } => early.iter().chain(late.iter()).map(|b| b.as_ref()).collect(),
        Trigger::Repeatedly(inner) => vec![inner.as_ref()],
        Trigger::AfterEach(ts) | Trigger::AfterAny(ts) | Trigger::AfterAll(ts) => ts.iter().collect(),
        Trigger::OrFinally { trigger, until } => vec![trigger.as_ref(), until.as_ref()],
        Trigger::Default | Trigger::Never | Trigger::AfterCount { .. } | Trigger::AfterProcessingTime { .. } => Vec::new(),
    }
}

/// An AfterAny, AfterAll or OrFinally with a processing-time leaf anywhere below it.
fn parallel_processing_time_child(t: &Trigger) -> bool {
    let parallel = matches!(t, Trigger::AfterAny(_) | Trigger::AfterAll(_) | Trigger::OrFinally { .. });
    let leaf = |c: &Trigger| has(c, &|x| matches!(x, Trigger::AfterProcessingTime { .. }));
    (parallel && children(t).into_iter().any(leaf)) || children(t).into_iter().any(parallel_processing_time_child)
}

/// Whether Beam Python's DirectRunner may stall on this shape: a trigger that can finish or
/// stop firing while elements of a window still hold the watermark (Python releases a hold only
/// in a pane, never at expiry: transforms/trigger.py, GeneralTriggerDriver._output), so the
/// output watermark never reaches +infinity (runners/direct/executor.py, _MonitorTask).
pub fn may_stall(pipeline: &Pipeline) -> bool {
    let late_sessions = matches!(pipeline.window, WindowFn::Sessions { .. })
        && matches!(pipeline.trigger, Trigger::AfterWatermark { late: Some(_), .. });
    !fires_at_end(&pipeline.trigger) || parallel_processing_time_child(&pipeline.trigger) || late_sessions
}

/// Whether the trigger, however often it fired before, fires again when the watermark passes
/// the end of the window (so a pane releases every hold at the end).
fn fires_at_end(t: &Trigger) -> bool {
    match t {
        Trigger::Default => true,
        Trigger::AfterWatermark { .. } => true,
        Trigger::Repeatedly(inner) => match inner.as_ref() {
            Trigger::AfterAny(ts) => ts.iter().any(fires_at_end),
            other => fires_at_end(other),
        },
        // A count or processing-time leaf, and composites that can finish before the end (an
        // AfterAny at its first child), leave later elements' holds in place.
        Trigger::Never | Trigger::AfterCount { .. } | Trigger::AfterProcessingTime { .. } => false,
        Trigger::AfterEach(_) | Trigger::AfterAll(_) | Trigger::OrFinally { .. } | Trigger::AfterAny(_) => false,
    }
}
