//! What the fuzz targets share: the input as a scenario, parsed with the default limits.

/// The fuzzer's bytes as a parsed scenario, or `None` (not UTF-8, or rejected with an error:
/// both fine, a panic is not).
pub fn scenario(data: &[u8]) -> Option<windowpane_scenario::Scenario> {
    let text = std::str::from_utf8(data).ok()?;
    windowpane_scenario::parse(text).ok()
}
