//! windowpane's engine: the Dataflow Model (windows, triggers, accumulation, watermarks, panes)
//! as a pure, synchronous, deterministic simulation with Apache Beam's semantics.
//!
//! Time is never read: events carry their event time and arrival time, and the watermark comes
//! from a [`watermark::WatermarkModel`]. [`run`] turns a [`Pipeline`] and an [`Input`] into an
//! [`Output`] of panes, dropped elements and the watermark's path.
#![forbid(missing_docs)]
#![forbid(unsafe_code)]

pub mod calendar;
pub mod combine;
pub mod explain;
pub mod flink;
pub mod pane;
pub mod pipeline;
pub mod runner;
pub mod time;
pub mod trigger;
pub mod watermark;
pub mod why;
pub mod window;

pub use combine::{Combiner, Value};
pub use pane::{Cause, Pane, Timing};
pub use pipeline::{AccumulationMode, ClosingBehavior, OnTimeBehavior, Pipeline, TimestampCombiner};
pub use runner::{run, run_keyed, DropReason, Dropped, Event, Input, KeyedEvent, KeyedInput, Output};
pub use trigger::{Alignment, Trigger};
pub use watermark::{WatermarkModel, WatermarkPoint};
pub use window::{Window, WindowFn};
