//! `windowpane render`: every scenario `check` accepts draws (here as SVG, as the page draws).
#![no_main]
use windowpane_render::{render_svg, Chart, ChartOptions};
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(s) = windowpane_fuzz::scenario(data) else { return };
    let Ok(input) = s.input() else { return };
    let output = windowpane_engine::run(&s.pipeline, &input);
    let chart = Chart { events: &input.events, pipeline: &s.pipeline, output: &output, title: s.title.as_deref() };
    let at = input.events.first().map(|e| e.arrival);
    let svg = render_svg(&chart, &ChartOptions { width: 640, height: 400, at, legend: true });
    assert!(svg.is_ok(), "{:?}", svg.err());
});
