//! The one error type of the ingest crate: a bad setting, and where it is.

use std::fmt;

/// A `generate` or `ingest` section that cannot be used: the field path and what was expected.
///
/// ```
/// use windowpane_ingest::IngestError;
/// let e = IngestError::new("ingest.shards", "expected a whole number ≥ 1, got 0");
/// assert_eq!(e.to_string(), "ingest.shards: expected a whole number ≥ 1, got 0");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngestError {
    /// Where: the field path, e.g. `ingest.consumer.parallelization`.
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl IngestError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> IngestError {
        IngestError { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for IngestError {}
