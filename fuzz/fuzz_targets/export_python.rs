//! `windowpane export --target beam-python`: writes the program or refuses with an error.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(s) = windowpane_fuzz::scenario(data) {
        let _ = windowpane_export::beam_python(&s);
    }
});
