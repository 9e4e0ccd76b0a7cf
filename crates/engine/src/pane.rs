//! Panes: what a window emits when its trigger fires, with Beam's PaneInfo.

use crate::combine::Value;
use crate::time::{Timestamp, END_OF_GLOBAL_WINDOW};
use crate::window::Window;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// When a pane fired relative to the watermark (Beam's `PaneInfo.Timing`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Timing {
    /// Before the input watermark passed the end of the window.
    Early,
    /// The one pane for the watermark passing the end of the window.
    OnTime,
    /// After the on-time pane, or after the watermark passed the window without one.
    Late,
}

impl Timing {
    /// The timing as Beam's PaneInfo names it (and as the scenario format writes it).
    ///
    /// ```
    /// assert_eq!(windowpane_engine::Timing::OnTime.label(), "ON_TIME");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Timing::Early => "EARLY",
            Timing::OnTime => "ON_TIME",
            Timing::Late => "LATE",
        }
    }
}

/// What made a pane fire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// An element arrived and the trigger became ready.
    Element,
    /// A processing-time timer of the trigger went off.
    ProcessingTime,
    /// The input watermark passed the end of the window (an event-time timer).
    Watermark,
    /// The window expired (its end plus allowed lateness was passed) and its final pane was emitted.
    GarbageCollection,
}

/// One pane record: the unit of output, in emission order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pane {
    /// The key.
    pub key: String,
    /// The window.
    pub window: Window,
    /// The combined value.
    pub value: Value,
    /// EARLY, ON_TIME or LATE.
    pub timing: Timing,
    /// Index of this pane among the window's panes, from 0.
    pub index: u64,
    /// Index among the non-early panes, from 0; `None` for EARLY panes.
    pub on_time_index: Option<u64>,
    /// First pane of the window.
    pub is_first: bool,
    /// Last pane of the window.
    pub is_last: bool,
    /// The output timestamp (per the timestamp combiner); `null` for the end of the global window.
    #[serde(serialize_with = "serialize_event_time", deserialize_with = "deserialize_event_time")]
    pub timestamp: Timestamp,
    /// The processing time at which the pane was emitted.
    pub emitted_at: Timestamp,
    /// True for a retraction record of an earlier pane (accumulating and retracting mode).
    pub retraction: bool,
    /// What made the pane fire (absent in records written by other tools: then `element`).
    #[serde(default = "default_cause")]
    pub cause: Cause,
}

fn serialize_event_time<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    if *t >= END_OF_GLOBAL_WINDOW {
        s.serialize_none()
    } else {
        s.serialize_i64(*t)
    }
}

fn deserialize_event_time<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
    Ok(Option::<Timestamp>::deserialize(d)?.unwrap_or(END_OF_GLOBAL_WINDOW))
}

fn default_cause() -> Cause {
    Cause::Element
}
