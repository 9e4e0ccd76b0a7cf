//! Parsing and checking a scenario text never panics.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = windowpane_scenario::parse(text);
    }
});
