//! `windowpane render`: draw a scenario's run as an SVG chart (event time across, processing time up).

use crate::source;
use anyhow::{anyhow, Context};
use std::io::Write;
use windowpane_render::{render_svg, Chart, ChartOptions};
use windowpane_scenario::timefmt::parse_time;
use windowpane_scenario::Scenario;

/// Draw a scenario's run as an SVG chart: elements, the watermark, window boundaries and panes.
#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (`-` reads standard input).
    scenario: String,
    /// Where to write the SVG (`-` writes to standard output).
    #[arg(short, long, default_value = "-")]
    output: String,
    /// Draw the run as it stood at this processing time: a time of day on the scenario's base
    /// date ("12:06:00") or an RFC 3339 timestamp.
    #[arg(long)]
    at: Option<String>,
    /// Width in pixels.
    #[arg(long, default_value_t = 800)]
    width: u32,
    /// Height in pixels.
    #[arg(long, default_value_t = 500)]
    height: u32,
}

/// Runs the scenario and writes its chart.
pub fn execute(args: Args) -> anyhow::Result<()> {
    let scenario = source::load(&args.scenario)?;
    let svg = svg(&scenario, args.at.as_deref(), args.width, args.height)?;
    if args.output == "-" {
        let mut out = std::io::stdout().lock();
        source::quiet_broken_pipe(out.write_all(svg.as_bytes()).and_then(|()| out.flush()))
    } else {
        std::fs::write(&args.output, svg).with_context(|| format!("cannot write {}", args.output))
    }
}

/// The chart of `scenario` as SVG, at the cursor `at` (a time as scenario files write them).
pub fn svg(
    scenario: &Scenario,
    at: Option<&str>,
    width: u32,
    height: u32,
) -> anyhow::Result<String> {
    let at = at
        .map(|t| parse_time(t, scenario.base).map_err(|e| anyhow!("--at: {e}")))
        .transpose()?;
    let input = scenario.input()?;
    let output = scenario.run_on(&input)?;
    let chart = Chart {
        events: &input.events,
        pipeline: &scenario.pipeline,
        output: &output,
        title: scenario.title.as_deref(),
    };
    Ok(render_svg(&chart, &ChartOptions { width, height, at, legend: true })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{"format": "windowpane/1", "title": "Two elements",
        "events": [{"key": "k", "value": 5, "event_time": "12:00:26", "arrival": "12:01:00"},
                   {"key": "k", "value": 7, "event_time": "12:01:10", "arrival": "12:03:00"}],
        "watermark": {"model": "explicit", "points": [{"at": "12:02:00", "to": "12:01:00"}]},
        "pipeline": {"window": {"type": "fixed", "size": "2m"}}}"#;

    #[test]
    fn renders_the_scenario_with_its_title_and_clock_ticks() {
        let scenario = windowpane_scenario::parse(SCENARIO).expect("a valid scenario");
        let svg = svg(&scenario, None, 640, 400).expect("renders");
        assert!(svg.starts_with("<svg width=\"640\" height=\"400\""));
        assert!(svg.contains("Two elements"));
        assert!(svg.contains("12:01:00"));
    }

    #[test]
    fn the_cursor_is_parsed_as_a_scenario_time_and_bad_ones_name_the_flag() {
        let scenario = windowpane_scenario::parse(SCENARIO).expect("a valid scenario");
        let svg = svg(&scenario, Some("12:02:00"), 640, 400).expect("renders");
        assert!(svg.contains("now 12:02:00"));
        assert!(
            svg.contains("1 element · "),
            "only the first element has arrived"
        );
        let err = svg_err(&scenario, "noon");
        assert!(err.starts_with("--at: "), "{err}");
        let err = render_err(&scenario);
        assert!(err.contains("too small"), "{err}");
    }

    fn svg_err(scenario: &Scenario, at: &str) -> String {
        svg(scenario, Some(at), 640, 400)
            .expect_err("a bad time")
            .to_string()
    }

    fn render_err(scenario: &Scenario) -> String {
        svg(scenario, None, 10, 10)
            .expect_err("too small")
            .to_string()
    }
}
