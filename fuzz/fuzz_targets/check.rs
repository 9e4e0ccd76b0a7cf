//! `windowpane check`: parse, then the engine's input (the transport simulated if any).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(s) = windowpane_fuzz::scenario(data) {
        let _ = s.input();
    }
});
