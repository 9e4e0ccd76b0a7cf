//! What each Beam SDK cannot express of a windowpane pipeline, with the reason.

use crate::text::span;
use windowpane_engine::{AccumulationMode, ClosingBehavior, OnTimeBehavior, Pipeline, Trigger};

/// A Beam SDK.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sdk {
    /// `apache_beam` (Python).
    Python,
    /// `org.apache.beam.sdk` (Java).
    Java,
}

/// The features of `pipeline` that `sdk` cannot express, as warnings naming what the export
/// does instead.
///
/// ```
/// use windowpane_engine::{AccumulationMode, Pipeline, WindowFn};
/// use windowpane_export::limits::{unexpressible, Sdk};
/// let mut p = Pipeline::new(WindowFn::Global);
/// assert!(unexpressible(&p, Sdk::Python).is_empty());
/// p.accumulation = AccumulationMode::AccumulatingAndRetracting;
/// assert_eq!(unexpressible(&p, Sdk::Python).len(), 1);
/// ```
pub fn unexpressible(pipeline: &Pipeline, sdk: Sdk) -> Vec<String> {
    let mut out = Vec::new();
    if pipeline.accumulation == AccumulationMode::AccumulatingAndRetracting {
        out.push(
            "accumulation accumulating_and_retracting: no Beam SDK implements retractions \
             (the paper's third mode); exported as accumulating, so the retraction records are missing"
                .to_string(),
        );
    }
    if sdk == Sdk::Python {
        if pipeline.closing_behavior == ClosingBehavior::FireAlways {
            out.push(
                "closing_behavior fire_always: Beam Python's WindowInto has no closing behavior; \
                 exported with Python's own (no final pane at window expiry)"
                    .to_string(),
            );
        }
        if pipeline.on_time_behavior == OnTimeBehavior::FireIfNonEmpty {
            out.push(
                "on_time_behavior fire_if_non_empty: Beam Python's WindowInto has no on-time behavior; \
                 exported with Python's own (the ON_TIME pane fires even when empty)"
                    .to_string(),
            );
        }
    }
    trigger_limits(&pipeline.trigger, sdk, &mut out);
    out
}

fn trigger_limits(trigger: &Trigger, sdk: Sdk, out: &mut Vec<String>) {
    match trigger {
        Trigger::Default | Trigger::Never | Trigger::AfterCount { .. } => {}
        Trigger::AfterProcessingTime { delay, align } => {
            if sdk == Sdk::Python {
                if align.is_some() {
                    out.push(
                        "after_processing_time align: Beam Python's AfterProcessingTime has no alignment \
                         (Java's alignedTo); exported without it"
                            .to_string(),
                    );
                }
                if delay % 1000 != 0 {
                    out.push(format!(
                        "after_processing_time delay {}: Beam Python keeps whole seconds \
                         (AfterProcessingTime.to_runner_api writes delay * 1000 ms, from_runner_api \
                         reads ms // 1000); exported as {} s",
                        span(*delay),
                        python_delay_seconds(*delay)
                    ));
                }
            }
        }
        Trigger::AfterWatermark { early, late } => {
            for t in early.iter().chain(late.iter()) {
                trigger_limits(t, sdk, out);
            }
        }
        Trigger::Repeatedly(t) => trigger_limits(t, sdk, out),
        Trigger::AfterEach(ts) | Trigger::AfterAny(ts) | Trigger::AfterAll(ts) => {
            for t in ts {
                trigger_limits(t, sdk, out);
            }
        }
        Trigger::OrFinally { trigger, until } => {
            trigger_limits(trigger, sdk, out);
            trigger_limits(until, sdk, out);
        }
    }
}

/// The whole seconds Beam Python's `AfterProcessingTime` gets for a delay (rounded up, so the
/// firing is never earlier than the scenario's).
pub fn python_delay_seconds(delay_ms: i64) -> i64 {
    delay_ms.div_euclid(1000) + i64::from(delay_ms.rem_euclid(1000) != 0)
}
