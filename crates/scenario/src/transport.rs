//! The bridge to the transport simulation (`windowpane-ingest`): reading the `generate` and
//! `ingest` sections, and running them into engine input. Written by the ingest crate's owner.

use crate::timefmt::{parse_duration, parse_time};
use crate::watermark::WatermarkSpec;
use crate::{Scenario, ScenarioError};
use windowpane_engine::{Input, WatermarkModel};
use windowpane_ingest::spec::transport::Transport;
use windowpane_ingest::{
    resolve, Fleet, GenerateSpec, IngestError, IngestSpec, Listed, ListedEvent, Options, Resolved,
    Source, Syntax,
};

fn error(e: IngestError) -> ScenarioError {
    ScenarioError::new(e.path, e.message)
}

/// The `generate` and `ingest` sections, parsed and checked (times on the scenario's base date).
pub fn transport_specs(
    s: &Scenario,
) -> Result<(Option<GenerateSpec>, Option<IngestSpec>), ScenarioError> {
    let base = s.base;
    let time = move |t: &str| parse_time(t, base);
    let syntax = Syntax {
        time: &time,
        duration: &parse_duration,
    };
    let generate = s
        .generate
        .as_ref()
        .map(|v| GenerateSpec::parse(v, "generate", &syntax))
        .transpose()
        .map_err(error)?;
    let ingest = s
        .ingest
        .as_ref()
        .map(|v| IngestSpec::parse(v, "ingest", &syntax))
        .transpose()
        .map_err(error)?;
    if generate.is_some() && !s.events.is_empty() {
        return Err(ScenarioError::new(
            "events",
            "give either events or a \"generate\" section, not both",
        ));
    }
    Ok((generate, ingest))
}

/// Everything a transport run needs: the records' source, the transport and the options.
pub fn transport(s: &Scenario) -> Result<(Box<dyn Source>, IngestSpec, Options), ScenarioError> {
    let (generate, ingest) = transport_specs(s)?;
    let spec = ingest.unwrap_or(IngestSpec {
        transport: Transport::Direct,
        prices: None,
        record_bytes: 200,
    });
    let idle_timeout = match s.watermark {
        WatermarkSpec::Ingest { idle_timeout } => idle_timeout,
        _ => None,
    };
    let options = Options {
        idle_timeout,
        ..Options::default()
    };
    let source: Box<dyn Source> = match generate {
        Some(g) => Box::new(Fleet::new(g)),
        None => {
            let mut listed = Vec::with_capacity(s.events.len());
            for (i, e) in s.events.iter().enumerate() {
                if e.arrival.is_some() {
                    return Err(ScenarioError::new(
                        format!("events[{i}].arrival"),
                        "the \"ingest\" section computes arrivals: give \"sent\" (default: the event time) instead",
                    ));
                }
                let sent = e.sent.unwrap_or(e.event_time);
                listed.push(ListedEvent {
                    key: e.key.clone(),
                    value: e.value,
                    event_time: e.event_time,
                    sent,
                });
            }
            Box::new(Listed::new(listed))
        }
    };
    Ok((source, spec, options))
}

/// Runs the transport and keeps every delivery (for the charts and the page).
pub fn simulate_transport(s: &Scenario) -> Result<Resolved, ScenarioError> {
    let (mut source, spec, options) = transport(s)?;
    Ok(resolve(source.as_mut(), &spec, &options))
}

/// The engine input of a scenario whose arrivals or watermark come from the transport.
pub(crate) fn resolve_input(s: &Scenario) -> Result<Input, ScenarioError> {
    resolve_input_with(s, false).map(|(input, _)| input)
}

/// The engine input of a scenario whose arrivals or watermark come from the transport, with the
/// transport's watermark timeline (each partition's watermark, the device of its oldest record,
/// the combined watermark's lag), from one simulation.
pub fn resolve_input_traced(s: &Scenario) -> Result<(Input, Option<windowpane_ingest::lag::WatermarkTimeline>), ScenarioError> {
    resolve_input_with(s, true)
}

fn resolve_input_with(s: &Scenario, timelines: bool) -> Result<(Input, Option<windowpane_ingest::lag::WatermarkTimeline>), ScenarioError> {
    let (mut source, spec, options) = transport(s)?;
    let mut resolved = resolve(source.as_mut(), &spec, &Options { timelines, ..options });
    let timeline = resolved.report.watermarks.take();
    let watermark = match &s.watermark {
        WatermarkSpec::Explicit(points) => WatermarkModel::Explicit(points.clone()),
        WatermarkSpec::Perfect => WatermarkModel::Perfect,
        WatermarkSpec::BoundedOutOfOrderness { max_delay } => {
            WatermarkModel::BoundedOutOfOrderness {
                max_delay: *max_delay,
            }
        }
        WatermarkSpec::Ingest { .. } => WatermarkModel::Explicit(resolved.watermark),
    };
    Ok((
        Input {
            events: resolved.events,
            watermark,
            end_of_input: s.end_of_input,
        },
        timeline,
    ))
}
