//! windowpane's exports: a scenario as a runnable Apache Beam program that computes the same
//! panes (Python, run and compared in `tests/conformance`) or as Java source; a `"semantics":
//! "flink"` scenario as an Apache Flink 2.3 DataStream job in Java (compiled and run on Flink's
//! mini-cluster and compared in `tests/flink`) or, where PyFlink can express it, in Python.
//!
//! The windowing (window function, trigger tree, accumulation mode, allowed lateness,
//! timestamp combiner) becomes a named `PTransform` a user can lift into their own pipeline;
//! the scenario's events and watermark become a `TestStream`; each pane is printed as a
//! windowpane pane record. What an SDK cannot express is said twice: as a comment in the code
//! at the place it matters, and as a warning in [`Export::warnings`]. The Flink exports follow
//! the same rules with a `windowing` method, a bounded source and a punctuated watermark
//! generator ([`flink_java()`], [`flink_python()`]).
#![forbid(missing_docs)]
#![forbid(unsafe_code)]

pub mod flink_java;
pub mod flink_python;
pub mod flink_source;
pub mod java;
pub mod limits;
pub mod python;
pub mod python_differences;
pub mod stream;
pub mod text;

use windowpane_engine::watermark::WatermarkModel;
use windowpane_engine::{Input, Pipeline, WatermarkPoint};
use windowpane_scenario::Scenario;

/// An exported program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The program's source text.
    pub code: String,
    /// What the SDK cannot express, each also commented in `code`; empty when the program
    /// computes exactly the scenario's pipeline.
    pub warnings: Vec<String>,
}

/// Why a scenario could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The scenario's input (events and watermark) could not be resolved.
    #[error("{0}")]
    Input(String),
    /// A value the program cannot write (an arithmetic overflow, a time outside Beam's range).
    #[error("{path}: {message}")]
    Unwritable {
        /// The scenario field whose value cannot be written, e.g. `pipeline.trigger.early.delay`.
        path: String,
        /// What cannot be written and why.
        message: String,
    },
}

/// What a scenario says, ready to render: titles, the pipeline and the resolved input.
#[derive(Clone, Debug)]
pub struct Source<'a> {
    /// The scenario's title, if any.
    pub title: Option<&'a str>,
    /// The scenario's description, if any.
    pub description: Option<&'a str>,
    /// The windowing step.
    pub pipeline: &'a Pipeline,
    /// The events and the watermark model.
    pub input: Input,
    /// The watermark's path for models that are not explicit (from the engine).
    pub resolved_watermark: Vec<WatermarkPoint>,
}

impl<'a> Source<'a> {
    /// Resolves a scenario's input; non-explicit watermark models take the engine's path.
    pub fn of(scenario: &'a Scenario) -> Result<Source<'a>, ExportError> {
        if scenario.flink().is_some() {
            return Err(ExportError::Input(
                "a \"semantics\": \"flink\" scenario has no Beam program: export it with flink-java".into(),
            ));
        }
        let input = scenario.input().map_err(|e| ExportError::Input(e.to_string()))?;
        let resolved_watermark = match input.watermark {
            WatermarkModel::Explicit(_) => Vec::new(),
            WatermarkModel::Perfect | WatermarkModel::BoundedOutOfOrderness { .. } => {
                windowpane_engine::run(&scenario.pipeline, &input).watermark
            }
        };
        Ok(Source {
            title: scenario.title.as_deref(),
            description: scenario.description.as_deref(),
            pipeline: &scenario.pipeline,
            input,
            resolved_watermark,
        })
    }

    /// The TestStream steps of this source.
    ///
    /// # Errors
    /// An advance of processing time that does not fit in 64 bits, naming the field.
    pub fn steps(&self) -> Result<Vec<stream::Step>, ExportError> {
        stream::steps(&self.input, &self.resolved_watermark)
    }
}

/// Exports a scenario as an Apache Beam Python program (runs on the DirectRunner as is).
///
/// ```no_run
/// let scenario = windowpane_scenario::parse(r#"{"format": "windowpane/1",
///     "events": [{"key": "a", "value": 5, "event_time": "12:00:26", "arrival": "12:04:59"}],
///     "pipeline": {"window": {"type": "fixed", "size": "2m"}}}"#).unwrap();
/// let export = windowpane_export::beam_python(&scenario).unwrap();
/// assert!(export.code.contains("window.FixedWindows(size=120)"));
/// assert!(export.warnings.is_empty());
/// ```
pub fn beam_python(scenario: &Scenario) -> Result<Export, ExportError> {
    python::render(&Source::of(scenario)?)
}

/// Exports a scenario as Apache Beam Java source (a single class with a `main`).
pub fn beam_java(scenario: &Scenario) -> Result<Export, ExportError> {
    java::render(&Source::of(scenario)?)
}

/// Exports a `"semantics": "flink"` scenario as an Apache Flink 2.3 DataStream job in Java (class
/// [`flink_java::DEFAULT_CLASS`]), which `tests/flink/run` compiles and runs on a mini-cluster.
///
/// ```
/// let scenario = windowpane_scenario::parse(r#"{"format": "windowpane/1", "semantics": "flink",
///     "events": [{"key": "a", "value": 5, "event_time": "12:00:26", "arrival": "12:04:59"}],
///     "pipeline": {"window": {"type": "fixed", "size": "2m"}}}"#).unwrap();
/// let export = windowpane_export::flink_java(&scenario, "Job").unwrap();
/// assert!(export.code.contains("TumblingEventTimeWindows.of(Duration.ofMillis(120000L), Duration.ofMillis(0L))"));
/// assert!(export.warnings.is_empty());
/// ```
///
/// # Errors
/// A Beam scenario, input that does not resolve, or a class name that is not a Java identifier.
pub fn flink_java(scenario: &Scenario, class: &str) -> Result<Export, ExportError> {
    flink_java::render(&flink_source::FlinkSource::of(scenario)?, class)
}

/// Exports a `"semantics": "flink"` scenario as a PyFlink 2.3 DataStream job, where PyFlink can
/// express it.
///
/// # Errors
/// A Beam scenario, or what PyFlink cannot express (named with the field).
pub fn flink_python(scenario: &Scenario) -> Result<Export, ExportError> {
    flink_python::render(&flink_source::FlinkSource::of(scenario)?, scenario)
}
