//! The presets: every `examples/*.json`, embedded by `build.rs` at build time.

include!(concat!(env!("OUT_DIR"), "/presets.rs"));
