//! What the fuzz targets share: the input as a scenario, parsed under a hundredth of the default
//! limits.
//!
//! The default limits let a file ask for 10 million events, which take seconds to run; the fuzzer
//! counts an input that runs over 2 s as a crash. A hundredth (100,000 events, 400,000 panes and
//! pane values, a year of processing time, 100,000 record tries) keeps every accepted input well under that, so a
//! timeout means work out of proportion to the budget, which is what the fuzzer is here to find.

/// The limits the targets parse under.
pub fn limits() -> windowpane_scenario::Limits {
    let d = windowpane_scenario::Limits::default();
    windowpane_scenario::Limits {
        events: d.events / 100,
        panes: d.panes / 100,
        values: d.values / 100,
        span: d.span / 100,
        tries: d.tries / 100,
    }
}

/// The fuzzer's bytes as a parsed scenario, or `None` (not UTF-8, or rejected with an error:
/// both fine, a panic is not).
pub fn scenario(data: &[u8]) -> Option<windowpane_scenario::Scenario> {
    let text = std::str::from_utf8(data).ok()?;
    windowpane_scenario::parse_with(text, &limits()).ok()
}
