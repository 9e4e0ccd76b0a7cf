//! The PyFlink export (placeholder until written).

use crate::flink_source::FlinkSource;
use crate::{Export, ExportError};
use windowpane_scenario::Scenario;

/// Renders the PyFlink job for `source`.
///
/// # Errors
/// Always, for now.
pub fn render(_source: &FlinkSource, _scenario: &Scenario) -> Result<Export, ExportError> {
    Err(ExportError::Input("flink-python: not yet".into()))
}
