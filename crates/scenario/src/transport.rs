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

/// One event's way through the transport, as the page shows and edits it.
#[derive(Clone, Debug, PartialEq)]
pub struct Journey {
    /// The event's index in the file's `events` (`None` for a generated event).
    pub index: Option<usize>,
    /// The key (device, partition key, message group id).
    pub key: String,
    /// The value.
    pub value: f64,
    /// The event time (with the device's clock skew, for a generated event).
    pub event_time: i64,
    /// The send time to list it with: when it reached the transport (a listed event's `sent`, a
    /// generated event's send time plus its network delay and any wait behind the device's
    /// earlier messages), so that, listed, it reaches the transport at the same instant; but
    /// never before its event time, which a listed event may not be sent before (a generated
    /// device whose clock runs ahead stamps readings later than they reach the transport).
    pub sent: i64,
    /// When it reached the pipeline.
    pub arrival: i64,
    /// The lane (shard, message group or queue) it went through, an index into
    /// [`Journeys::lanes`].
    pub lane: u32,
    /// Whether this is a second delivery of a record already delivered (SQS standard).
    pub duplicate: bool,
}

/// Every delivery of a transport run, with the names of its lanes.
#[derive(Clone, Debug, PartialEq)]
pub struct Journeys {
    /// What a lane is: "shard", "message group", "queue".
    pub lane_kind: &'static str,
    /// The lanes' names, by index.
    pub lanes: Vec<String>,
    /// The deliveries, in arrival order.
    pub events: Vec<Journey>,
    /// The `ingest` watermark's path (every advance).
    pub watermark: Vec<windowpane_engine::WatermarkPoint>,
}

/// Runs the transport of `s` and tells each event's way: the lane each key went through and the
/// time each event reached the transport, so that a page can show the device → shard mapping
/// and turn generated events into listed ones (`sent` times) that travel the same way.
///
/// ```
/// let s = windowpane_scenario::parse(r#"{"format": "windowpane/1",
///     "events": [{"key": "a", "value": 1, "event_time": "12:00:05", "sent": "12:00:06"},
///                {"key": "b", "value": 2, "event_time": "12:00:01"}],
///     "ingest": {"type": "kinesis", "shards": 2}, "pipeline": {}}"#).unwrap();
/// let j = windowpane_scenario::transport::journeys(&s).unwrap();
/// assert_eq!(j.lane_kind, "shard");
/// let a = j.events.iter().find(|e| e.key == "a").unwrap();
/// assert_eq!((a.index, a.sent), (Some(0), 43_206_000));
/// let b = j.events.iter().find(|e| e.key == "b").unwrap();
/// assert_eq!((b.index, b.sent), (Some(1), 43_201_000)); // sent defaults to the event time
/// ```
pub fn journeys(s: &Scenario) -> Result<Journeys, ScenarioError> {
    let resolved = simulate_transport(s)?;
    // A listed source numbers its records in send-time order (stable: file order among equals).
    let listed: Option<Vec<usize>> = (s.generate.is_none()).then(|| {
        let mut order: Vec<usize> = (0..s.events.len()).collect();
        order.sort_by_key(|&i| s.events[i].sent.unwrap_or(s.events[i].event_time));
        order
    });
    let events = resolved
        .events
        .iter()
        .zip(&resolved.deliveries)
        .map(|(e, d)| Journey {
            index: listed.as_ref().and_then(|order| order.get(d.record.seq() as usize).copied()),
            key: e.key.clone(),
            value: e.value,
            event_time: e.event_time,
            sent: d.record.reach().max(e.event_time),
            arrival: e.arrival,
            lane: d.lane,
            duplicate: d.record.is_duplicate(),
        })
        .collect();
    Ok(Journeys {
        lane_kind: resolved.report.lane_kind,
        lanes: resolved.report.lanes.iter().map(|l| l.name.clone()).collect(),
        events,
        watermark: resolved.watermark,
    })
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
