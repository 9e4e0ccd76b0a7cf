//! `windowpane run`: parse, resolve, run the engine, check the values.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(s) = windowpane_fuzz::scenario(data) {
        let _ = s.run();
    }
});
