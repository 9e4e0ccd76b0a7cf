//! From a simulation to the engine's input: events at their arrival, and the watermark path.

use crate::record::Source;
use crate::sim::{simulate, Delivery, Observer, Options, Report};
use crate::spec::transport::IngestSpec;
use windowpane_engine::{Event, WatermarkPoint};

/// A simulation kept in full: small scenarios only (a `Vec` of every delivery).
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The pipeline's input events in arrival order (simultaneous ones in delivery order).
    pub events: Vec<Event>,
    /// Each event's journey, index for index with `events`.
    pub deliveries: Vec<Delivery>,
    /// The `ingest` watermark: every advance of the pipeline watermark.
    pub watermark: Vec<WatermarkPoint>,
    /// The statistics.
    pub report: Report,
}

#[derive(Default)]
struct Keep {
    deliveries: Vec<Delivery>,
    watermark: Vec<WatermarkPoint>,
}

impl Observer for Keep {
    fn delivered(&mut self, d: &Delivery) {
        self.deliveries.push(*d);
    }
    fn watermark(&mut self, p: WatermarkPoint) {
        self.watermark.push(p);
    }
}

/// Simulates and keeps everything, for `windowpane run`, the page and the charts.
///
/// ```
/// use windowpane_ingest::{resolve, Fleet, GenerateSpec, IngestSpec, Options, Syntax};
/// let s = Syntax::builtin();
/// let g = serde_json::json!({"devices": {"count": 2}, "rate": 1, "duration": "5s", "delay": "40ms"});
/// let spec = IngestSpec::parse(&serde_json::json!({"type": "direct"}), "ingest", &s).unwrap();
/// let mut fleet = Fleet::new(GenerateSpec::parse(&g, "generate", &s).unwrap());
/// let r = resolve(&mut fleet, &spec, &Options::default());
/// assert_eq!(r.events.len(), 10);
/// assert!(r.deliveries.iter().all(|d| d.arrival - d.record.created == 40));
/// assert!(r.watermark.windows(2).all(|w| w[0].to < w[1].to));
/// ```
pub fn resolve(source: &mut dyn Source, spec: &IngestSpec, opts: &Options) -> Resolved {
    let mut keep = Keep::default();
    let mut report = simulate(source, spec, opts, &mut keep);
    if let Some(tl) = &mut report.watermarks {
        tl.keys = (0..source.devices()).map(|d| source.key(d).into_owned()).collect();
    }
    let mut keys: Vec<Option<String>> = vec![None; source.devices() as usize];
    let events = keep
        .deliveries
        .iter()
        .map(|d| {
            let r = &d.record;
            let key = keys[r.device as usize].get_or_insert_with(|| source.key(r.device).into_owned()).clone();
            Event { key, value: source.value(r), event_time: r.event_time(), arrival: d.arrival }
        })
        .collect();
    Resolved { events, deliveries: keep.deliveries, watermark: keep.watermark, report }
}
