//! Turning a scenario into the engine's input, and running it.

use crate::fields::{index, join};
use crate::watermark::WatermarkSpec;
use crate::{Scenario, ScenarioError};
use windowpane_engine::runner::intern_keys;
use windowpane_engine::{Event, Input, KeyedEvent, KeyedInput, Output, Pane, WatermarkModel};

impl Scenario {
    /// The engine input: events with their arrivals, and the watermark model.
    ///
    /// Every event needs an `arrival`, unless the transport simulation computes it (an `ingest`
    /// or `generate` section, or the `ingest` watermark model); those go through
    /// [`resolve_transport`].
    ///
    /// ```
    /// let s = windowpane_scenario::parse(r#"{"format": "windowpane/1",
    ///     "events": [{"key": "a", "value": 1, "event_time": 5, "arrival": 7}],
    ///     "pipeline": {}}"#).unwrap();
    /// let input = s.input().unwrap();
    /// assert_eq!(input.events[0].arrival, 7);
    /// ```
    pub fn input(&self) -> Result<Input, ScenarioError> {
        if self.needs_transport() {
            return resolve_transport(self);
        }
        // One allocation for all the events (collecting into a Result cannot know the length, so
        // it grows the vector step by step).
        let mut events = Vec::with_capacity(self.events.len());
        for (i, e) in self.events.iter().enumerate() {
            let arrival = arrival(i, e)?;
            events.push(Event { key: e.key.clone(), value: e.value, event_time: e.event_time, arrival });
        }
        Ok(Input { events, watermark: self.watermark_model(), end_of_input: self.end_of_input })
    }

    /// The engine input as [`Scenario::input`] makes it, with the keys as ids into one table of
    /// names (no key copied per event), and the same errors.
    ///
    /// ```
    /// let s = windowpane_scenario::parse(r#"{"format": "windowpane/1",
    ///     "events": [{"key": "b", "value": 1, "event_time": 5, "arrival": 7},
    ///                {"key": "a", "value": 2, "event_time": 6, "arrival": 8}],
    ///     "pipeline": {}}"#).unwrap();
    /// let input = s.keyed_input().unwrap();
    /// assert_eq!(input.keys, vec!["a", "b"]);
    /// assert_eq!((input.events[0].key, input.events[1].key), (1, 0));
    /// ```
    pub fn keyed_input(&self) -> Result<KeyedInput, ScenarioError> {
        if self.needs_transport() {
            return Ok(KeyedInput::new(&resolve_transport(self)?));
        }
        let mut events = Vec::with_capacity(self.events.len());
        for (i, e) in self.events.iter().enumerate() {
            events.push(KeyedEvent { key: 0, value: e.value, event_time: e.event_time, arrival: arrival(i, e)? });
        }
        let (ids, keys) = intern_keys(self.events.iter().map(|e| e.key.as_str()));
        for (e, key) in events.iter_mut().zip(ids) {
            e.key = key;
        }
        Ok(KeyedInput { keys, events, watermark: self.watermark_model(), end_of_input: self.end_of_input })
    }

    /// The engine's watermark model of a scenario without the transport's.
    fn watermark_model(&self) -> WatermarkModel {
        match &self.watermark {
            WatermarkSpec::Explicit(points) => WatermarkModel::Explicit(points.clone()),
            WatermarkSpec::Perfect => WatermarkModel::Perfect,
            WatermarkSpec::BoundedOutOfOrderness { max_delay } => {
                WatermarkModel::BoundedOutOfOrderness { max_delay: *max_delay }
            }
            WatermarkSpec::Ingest { .. } => {
                unreachable!("the ingest model needs the transport (needs_transport)")
            }
        }
    }

    /// Runs the scenario's pipeline over its input, under the scenario's semantics (for a Flink
    /// scenario, the Flink run's panes, dropped elements and watermark; [`Scenario::run_flink`]
    /// adds the late-data side output).
    ///
    /// A value that overflowed f64 (a sum or mean beyond ±1.8e308) is an error naming the key
    /// and the window, whichever of `run`, [`Scenario::run_on`] or [`Scenario::run_flink`] runs it.
    pub fn run(&self) -> Result<Output, ScenarioError> {
        match self.flink() {
            Some(_) => Ok(self.run_flink()?.into_output()),
            None => self.run_keyed_on(&self.keyed_input()?),
        }
    }

    /// An error at `pipeline.combine` naming the key and window of the first of `panes` whose
    /// value is not finite.
    pub(crate) fn check_values(&self, panes: &[Pane]) -> Result<(), ScenarioError> {
        let combine = crate::pipeline::combine_name(&self.pipeline.combine);
        crate::finite::check_values(panes, combine, self.base)
    }

    /// Runs the scenario over `input` (its own [`Scenario::input`], resolved once by a caller
    /// that needs the events too), under the scenario's semantics: a Flink scenario gives the
    /// Flink run's record (whose input, made by [`Scenario::flink_input`], has the same events).
    pub fn run_on(&self, input: &Input) -> Result<Output, ScenarioError> {
        match self.flink() {
            Some(_) => Ok(self.run_flink()?.into_output()),
            None => self.run_keyed_on(&KeyedInput::new(input)),
        }
    }

    /// Runs the scenario over `input` as [`Scenario::run_on`] does, its keys as ids
    /// ([`Scenario::keyed_input`]).
    pub fn run_keyed_on(&self, input: &KeyedInput) -> Result<Output, ScenarioError> {
        if self.flink().is_some() {
            return Ok(self.run_flink()?.into_output());
        }
        let output = windowpane_engine::run_keyed(&self.pipeline, input);
        self.check_values(&output.panes)?;
        Ok(output)
    }

    /// Whether the transport simulation decides arrivals or the watermark.
    pub fn needs_transport(&self) -> bool {
        self.ingest.is_some()
            || self.generate.is_some()
            || matches!(self.watermark, WatermarkSpec::Ingest { .. })
    }
}

/// Event `i`'s arrival: it must have one unless the transport computes it.
fn arrival(i: usize, e: &crate::EventSpec) -> Result<i64, ScenarioError> {
    e.arrival.ok_or_else(|| {
        ScenarioError::new(
            join(&index("events", i), "arrival"),
            "missing: every event needs an arrival time unless an \"ingest\" section computes it",
        )
    })
}

/// The engine input of a scenario whose events or watermark come from the transport simulation
/// (`generate`, `ingest`, or the `ingest` watermark model). The single place where the transport
/// simulation plugs in.
pub fn resolve_transport(scenario: &Scenario) -> Result<Input, ScenarioError> {
    crate::transport::resolve_input(scenario)
}

#[cfg(test)]
mod tests {
    use crate::parse;

    const PIPELINE: &str = r#""pipeline": {"window": {"type": "fixed", "size": "1m"}}"#;

    #[test]
    fn events_and_watermark_become_engine_input() {
        let s = parse(&format!(
            r#"{{"format": "windowpane/1", "base": "2024-05-01",
                "events": [{{"key": "a", "value": 2, "event_time": "12:00:00", "arrival": "12:00:05"}}],
                "watermark": {{"model": "bounded_out_of_orderness", "max_delay": "5s"}},
                "end_of_input": "12:10:00", {PIPELINE}}}"#
        ))
        .unwrap();
        let input = s.input().unwrap();
        assert_eq!(input.events.len(), 1);
        assert_eq!(input.events[0].event_time, 1_714_564_800_000);
        assert_eq!(input.events[0].arrival, 1_714_564_805_000);
        assert_eq!(
            input.watermark,
            windowpane_engine::WatermarkModel::BoundedOutOfOrderness { max_delay: 5000 }
        );
        assert_eq!(input.end_of_input, Some(1_714_565_400_000));
    }

    /// Regression (fuzzing): two values of 1e308 summed were written as `null`, like an empty
    /// pane; their mean (1e308, representable, but the engine's running sum overflows) too.
    #[test]
    fn an_overflowed_value_is_an_error_naming_key_and_window() {
        for (combine, shown) in [("sum", "+∞"), ("mean", "+∞")] {
            let s = parse(&format!(
                r#"{{"format": "windowpane/1", "events": [{{"key": "k", "value": 1e308, "event_time": "12:00:10", "arrival": "12:00:10"}},
                    {{"key": "k", "value": 1e308, "event_time": "12:00:20", "arrival": "12:00:20"}}],
                    "end_of_input": "12:05:00", "pipeline": {{"window": {{"type": "fixed", "size": "1m"}}, "combine": "{combine}"}}}}"#
            ))
            .unwrap();
            let e = s.run().unwrap_err();
            assert_eq!(e.path, "pipeline.combine");
            assert!(e.message.starts_with(&format!("the {combine} of key \"k\" in window [12:00:00, 12:01:00) is {shown} (beyond ±1.8e308)")), "{e}");
        }
        let fine = parse(&format!(r#"{{"format": "windowpane/1", "events": [{{"key": "k", "value": 1e308, "event_time": 1, "arrival": 1}},
            {{"key": "k", "value": -1e308, "event_time": 2, "arrival": 2}}], {PIPELINE}}}"#)).unwrap();
        assert!(fine.run().is_ok(), "the sum is 0, finite at every pane");
    }

    #[test]
    fn a_missing_arrival_is_named() {
        let s = parse(&format!(
            r#"{{"format": "windowpane/1", "events": [{{"key": "a", "value": 1, "event_time": 1, "arrival": 1}},
                {{"key": "a", "value": 1, "event_time": 1}}], {PIPELINE}}}"#
        ))
        .unwrap();
        let e = s.input().unwrap_err();
        assert_eq!(e.path, "events[1].arrival");
        assert!(s.run().is_err());
    }

    #[test]
    fn transport_sections_go_through_resolve_transport() {
        let e = parse(&format!(r#"{{"format": "windowpane/1", "ingest": {{"type": "kinesis", "shards": 0}}, {PIPELINE}}}"#))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "ingest.shards: expected a whole number ≥ 1, got 0"
        );
        let e = parse(&format!(
            r#"{{"format": "windowpane/1", "generate": {{"seed": 1}}, {PIPELINE}}}"#
        ))
        .unwrap_err();
        assert_eq!(e.path, "generate.devices");
        let s = parse(&format!(
            r#"{{"format": "windowpane/1", "base": "2024-05-01", "watermark": {{"model": "ingest"}},
                "generate": {{"devices": {{"count": 3}}, "rate": 1, "duration": "10s", "start": "12:00:00"}},
                "ingest": {{"type": "kinesis", "shards": 2}}, {PIPELINE}}}"#
        ))
        .unwrap();
        let input = s.input().unwrap();
        assert_eq!(input.events.len(), 30);
        assert!(input
            .events
            .iter()
            .all(|e| e.event_time >= 1_714_564_800_000 && e.arrival >= e.event_time));
        assert!(
            matches!(input.watermark, windowpane_engine::WatermarkModel::Explicit(ref p) if !p.is_empty())
        );
    }
}
