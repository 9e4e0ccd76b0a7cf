//! The windowpane/1 scenario format: read a scenario file, check it, turn it into engine input,
//! and write it back.
//!
//! A scenario is JSON: events (key, value, event time, arrival), a watermark model, an end of
//! input and a pipeline (window, trigger, accumulation, allowed lateness, combiner). Every error
//! names the field path and what was expected, e.g.
//! `pipeline.trigger.early.delay: expected a duration like "1m", ... got "1 minute"`.
#![forbid(missing_docs)]
#![forbid(unsafe_code)]

pub mod budget;
mod all_errors;
mod canonical;
mod error;
mod fields;
mod finite;
pub mod flink;
mod input;
pub mod listing;
pub mod pipeline;
mod scenario;
mod syntax;
pub mod timefmt;
pub mod trace;
pub mod transport;
pub mod trigger;
pub mod watermark;

pub use all_errors::errors;
pub use canonical::to_json;
pub use error::ScenarioError;
pub use flink::{FlinkSpec, Semantics};
pub use input::resolve_transport;
pub use budget::Limits;
pub use scenario::{parse, parse_with, EventSpec, Scenario, FORMAT};
pub use syntax::{EVENT_FIELDS, TOP_LEVEL_FIELDS};
pub use watermark::WatermarkSpec;
