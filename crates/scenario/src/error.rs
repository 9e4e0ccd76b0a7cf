//! The one error type of the scenario format: what is wrong, and where.

use std::fmt;

/// A scenario that cannot be read: the path of the offending field and what was expected.
///
/// The path is written like `pipeline.trigger.triggers[1].count` or `events[3].event_time`;
/// it is empty for problems with the document as a whole. The message names an event as people
/// count them, from 1 (the page's table numbers its rows so), after the path, which counts from 0
/// as JSON does and is kept for machines.
///
/// ```
/// use windowpane_scenario::ScenarioError;
/// let e = ScenarioError::new("pipeline.window.size", "expected a duration > 0, got 0");
/// assert_eq!(e.to_string(), "pipeline.window.size: expected a duration > 0, got 0");
/// assert_eq!(ScenarioError::new("", "empty file").to_string(), "empty file");
/// let e = ScenarioError::new("events[18].arrival", "missing");
/// assert_eq!(e.to_string(), "events[18].arrival (event 19): missing");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// Where: the field path, empty for the whole document.
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl ScenarioError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl ScenarioError {
    /// The index of the listed event the path names (`events[3].value` → 3), if any.
    pub fn event(&self) -> Option<usize> {
        let rest = self.path.strip_prefix("events[")?;
        rest[..rest.find(']')?].parse().ok()
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            return f.write_str(&self.message);
        }
        match self.event() {
            Some(i) => write!(f, "{} (event {}): {}", self.path, i + 1, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for ScenarioError {}
