//! `windowpane ingest --timelines`: the transport simulation with its lane timelines.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(s) = windowpane_fuzz::scenario(data) else { return };
    if !s.needs_transport() {
        return;
    }
    if let Ok((mut source, spec, mut options)) = windowpane_scenario::transport::transport(&s) {
        options.timelines = true;
        let report = windowpane_ingest::simulate(source.as_mut(), &spec, &options, &mut windowpane_ingest::Discard);
        assert!(report.lanes.iter().all(|l| l.samples.len() <= windowpane_ingest::sim::MAX_SAMPLES));
    }
});
