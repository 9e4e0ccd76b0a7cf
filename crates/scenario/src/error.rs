//! The one error type of the scenario format: what is wrong, and where.

use std::fmt;

/// A scenario that cannot be read: the path of the offending field and what was expected.
///
/// The path is written like `pipeline.trigger.triggers[1].count` or `events[3].event_time`;
/// it is empty for problems with the document as a whole.
///
/// ```
/// use windowpane_scenario::ScenarioError;
/// let e = ScenarioError::new("pipeline.window.size", "expected a duration > 0, got 0");
/// assert_eq!(e.to_string(), "pipeline.window.size: expected a duration > 0, got 0");
/// assert_eq!(ScenarioError::new("", "empty file").to_string(), "empty file");
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

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}
