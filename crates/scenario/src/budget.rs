//! The work budget: what a run can cost at most, estimated from the file before anything runs,
//! and the limits it must stay under.
//!
//! A shared link or a pasted file runs in the page as it is, so a few hundred bytes must not
//! ask for billions of events, panes or values. [`check`] estimates, from the scenario alone:
//! - **events**: listed, or generated (per device `rate × duration`, rounded up);
//! - **panes**: at most 2 per element and window it lands in (one fired by the element, one by
//!   a processing-time timer it set) and 2 per window (on time, and closing), so at most
//!   `4 × events × windows per element`, twice that with retractions;
//! - **pane values**: one per pane, except `collect`, whose panes list values: a window of `n`
//!   elements fires at most `2n + 2` panes of at most `n` values each when accumulating;
//! - **the processing-time span**: from the first to the last instant the file gives (arrivals,
//!   sends, watermark moves, the end of input, the generated period);
//! - **the consumer's retries** (transport part): the record tries that a poison record or
//!   transient errors add, up to the retry or receive limit or until the records expire
//!   ([`windowpane_ingest::work::retry_tries`]).
//!
//! Above a limit the error names the field that drives the cost, the estimate and the limit.
//! [`Limits::times`] raises every limit (the CLI's `--limits xN`, the page's setting).

use crate::fields::{index, join};
use crate::timefmt::{format_clock, format_duration};
use crate::watermark::WatermarkSpec;
use crate::{Scenario, ScenarioError};
use std::collections::HashMap;
use windowpane_engine::runner::intern_keys;
use windowpane_engine::{AccumulationMode, Combiner, WindowFn};
use windowpane_ingest::GenerateSpec;

/// Milliseconds in a year of 365.25 days.
const MS_PER_YEAR: i64 = 31_557_600_000;

/// The most a run may cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Events, listed or generated.
    pub events: u64,
    /// Panes (an upper-bound estimate).
    pub panes: u64,
    /// Values in all panes (an upper-bound estimate).
    pub values: u64,
    /// Processing-time span (ms).
    pub span: i64,
    /// Record tries the transport's consumer failures add (an estimate from above).
    pub tries: u64,
}

impl Default for Limits {
    /// 10 million events, 40 million panes, 40 million pane values, 100 years of processing time,
    /// 10 million record tries added by consumer failures.
    fn default() -> Limits {
        Limits { events: 10_000_000, panes: 40_000_000, values: 40_000_000, span: 100 * MS_PER_YEAR, tries: 10_000_000 }
    }
}

impl Limits {
    /// Every limit multiplied by `factor` (saturating).
    ///
    /// ```
    /// use windowpane_scenario::budget::Limits;
    /// assert_eq!(Limits::default().times(10).events, 100_000_000);
    /// assert_eq!(Limits::default().times(u64::MAX).span, i64::MAX);
    /// ```
    pub fn times(self, factor: u64) -> Limits {
        let span = i64::try_from(factor).unwrap_or(i64::MAX);
        Limits {
            events: self.events.saturating_mul(factor),
            panes: self.panes.saturating_mul(factor),
            values: self.values.saturating_mul(factor),
            span: self.span.saturating_mul(span),
            tries: self.tries.saturating_mul(factor),
        }
    }
}

/// What a scenario may cost at most (estimates are `f64`: a rate of 1e300 is a valid number).
#[derive(Clone, Debug, PartialEq)]
pub struct Budget {
    /// Events, listed or generated (an upper bound for generated ones).
    pub events: f64,
    /// The most windows one element is assigned to.
    pub windows_per_element: i64,
    /// The most elements of one key in one window.
    pub per_window: f64,
    /// Panes, at most.
    pub panes: f64,
    /// Pane values, at most.
    pub values: f64,
    /// First and last processing-time instant the file gives (none for an empty file).
    pub span: Option<(i64, i64)>,
    /// Record tries the consumer's failures may add (0 when nothing can fail).
    pub tries: f64,
}

/// The budget of `scenario` (whose `generate` section is `generate`), or an error naming the
/// field that drives the cost over `limits`.
///
/// ```
/// use windowpane_scenario::budget::{check, Limits};
/// let s = windowpane_scenario::parse(r#"{"format": "windowpane/1",
///     "events": [{"key": "a", "value": 1, "event_time": 5, "arrival": 7}],
///     "pipeline": {"window": {"type": "sliding", "size": "1m", "period": "30s"}}}"#).unwrap();
/// let b = check(&s, None, &Limits::default()).unwrap();
/// assert_eq!((b.events, b.windows_per_element, b.panes), (1.0, 2, 8.0));
/// let e = check(&s, None, &Limits { panes: 7, ..Limits::default() }).unwrap_err();
/// assert_eq!(e.to_string(), "pipeline.window: up to 8 panes (1 event × 2 windows per element × 4); at most 7");
/// ```
pub fn check(s: &Scenario, generate: Option<&GenerateSpec>, limits: &Limits) -> Result<Budget, ScenarioError> {
    let (events, events_path, events_why) = match generate {
        Some(g) => generated(g),
        None => {
            let n = s.events.len() as f64;
            (n, "events".to_string(), format!("{} events", amount(n)))
        }
    };
    if events > limits.events as f64 {
        return Err(ScenarioError::new(
            &events_path,
            format!("{events_why}; at most {}", words(limits.events)),
        ));
    }
    let p = &s.pipeline;
    let w = p.window.windows_per_element();
    let size = match p.window {
        WindowFn::Fixed { size, .. } | WindowFn::Sliding { size, .. } => Some(size),
        WindowFn::Global | WindowFn::Sessions { .. } => None,
    };
    let per_window = match generate {
        Some(g) => generated_per_window(g, size),
        None => listed_per_window(s, size),
    };
    let pairs = events * w as f64;
    let retracting = p.accumulation == AccumulationMode::AccumulatingAndRetracting;
    let twice = if retracting { 2.0 } else { 1.0 };
    let panes = 4.0 * pairs * twice;
    if panes > limits.panes as f64 {
        let (path, driver) = if w > 1 { ("pipeline.window".to_string(), format!(" × {w} windows per element")) } else { (events_path, String::new()) };
        let doubled = if retracting { " × 2 for retractions" } else { "" };
        return Err(ScenarioError::new(
            path,
            format!(
                "up to {} panes ({} event{}{driver} × 4{doubled}); at most {}",
                amount(panes),
                amount(events),
                if events == 1.0 { "" } else { "s" },
                words(limits.panes)
            ),
        ));
    }
    let values = match (&p.combine, &p.accumulation) {
        (Combiner::Collect, AccumulationMode::Discarding) => pairs,
        (Combiner::Collect, _) => (2.0 * per_window + 2.0) * pairs * twice,
        _ => panes,
    };
    if values > limits.values as f64 {
        let path = if matches!(p.combine, Combiner::Collect) { "pipeline.combine" } else { "pipeline.window" };
        return Err(ScenarioError::new(
            path,
            format!(
                "up to {} pane values ({} element-window pairs, up to {} elements of a key in one window{}); at most {}",
                amount(values),
                amount(pairs),
                amount(per_window),
                if matches!(p.combine, Combiner::Collect) { ", \"collect\" lists them in every pane that accumulates them" } else { "" },
                words(limits.values)
            ),
        ));
    }
    if let Some((firings, path, why)) = continuous_firings(s, events) {
        if firings > limits.panes as f64 {
            return Err(ScenarioError::new(
                path,
                format!("up to {} firings ({why}); at most {}", amount(firings), words(limits.panes)),
            ));
        }
    }
    let span = span(s, generate);
    if let Some(((first, first_path), (last, last_path))) = &span {
        let length = i128::from(*last) - i128::from(*first);
        if length > i128::from(limits.span) {
            return Err(ScenarioError::new(
                last_path,
                format!(
                    "processing time spans {} years, from {} ({first_path}) to {}; at most {} years",
                    amount((length as f64 / MS_PER_YEAR as f64).round()),
                    format_clock(*first, s.base),
                    format_clock(*last, s.base),
                    amount((limits.span as f64 / MS_PER_YEAR as f64).round())
                ),
            ));
        }
    }
    let (_, ingest) = crate::transport::transport_specs(s)?;
    let retries = ingest.as_ref().and_then(|i| windowpane_ingest::work::retry_tries(i, events));
    if let Some(w) = &retries {
        if w.tries > limits.tries as f64 {
            return Err(ScenarioError::new(
                &w.path,
                format!("failed batches are tried again: up to {} record tries ({}); at most {}", amount(w.tries), w.why, words(limits.tries)),
            ));
        }
    }
    Ok(Budget {
        events,
        windows_per_element: w,
        per_window,
        panes,
        values,
        span: span.map(|((a, _), (b, _))| (a, b)),
        tries: retries.map_or(0.0, |w| w.tries),
    })
}

/// The firings of a Flink `continuous_event_time` trigger (alone or under `purging`): one every
/// `interval` of event time in each window, for as long as the window lasts: its size, a
/// session's reach (the events' span plus the gap), or, for the global window, until the end of
/// time (the end of input moves Flink's watermark to `Long.MAX_VALUE`, and the trigger fires at
/// every interval on the way). At most one window per event and window per element. `None`
/// without such a trigger.
fn continuous_firings(s: &Scenario, events: f64) -> Option<(f64, String, String)> {
    use windowpane_engine::flink::FlinkTrigger;
    let crate::flink::Semantics::Flink(spec) = &s.semantics else { return None };
    let (mut trigger, mut path) = (&spec.pipeline.trigger, "pipeline.trigger".to_string());
    while let FlinkTrigger::Purging(inner) = trigger {
        (trigger, path) = (inner, join(&path, "trigger"));
    }
    let FlinkTrigger::ContinuousEventTime { interval } = *trigger else { return None };
    let times = s.events.iter().map(|e| e.event_time);
    let (first, last) = (times.clone().min().unwrap_or(0), times.max().unwrap_or(0));
    let (length, what) = match spec.pipeline.window {
        WindowFn::Fixed { size, .. } | WindowFn::Sliding { size, .. } => (size as f64, "the window's size"),
        WindowFn::Sessions { gap } => ((last as f64 - first as f64) + gap as f64, "a session's reach"),
        WindowFn::Global => (i64::MAX as f64 - first as f64, "the global window, until the end of time"),
    };
    let per_window = (length / interval.max(1) as f64).ceil() + 1.0;
    let windows = events.max(1.0) * spec.pipeline.window.windows_per_element() as f64;
    let why = format!("every {} of event time over {what}, in up to {} windows", format_duration(interval), amount(windows));
    Some((per_window * windows, join(&path, "interval"), why))
}

/// Most events one device with `rate` sends in `duration` ms: sends at `phase + k × period`
/// with the phase in `[0, period)`, so at most `duration / period` rounded up.
fn per_device(rate: f64, duration: i64) -> f64 {
    (duration as f64 * rate / 1000.0).ceil().max(1.0)
}

/// The events of a `generate` section, the field that drives them and how they add up.
fn generated(g: &GenerateSpec) -> (f64, String, String) {
    let mut rates: HashMap<u32, (f64, usize)> = HashMap::new();
    for (i, &(device, rate)) in g.overrides.iter().enumerate() {
        rates.insert(device, (rate, i)); // the last override of a device wins, as in the fleet
    }
    let plain = f64::from(g.devices) - rates.len() as f64;
    let mut total = plain * per_device(g.rate, g.duration);
    let mut driver = (total, "generate.rate".to_string(), g.rate, plain);
    for &(rate, i) in rates.values() {
        let n = per_device(rate, g.duration);
        total += n;
        if n > driver.0 {
            driver = (n, format!("generate.overrides[{i}].rate"), rate, 1.0);
        }
    }
    let (_, path, rate, devices) = driver;
    let why = format!(
        "{} events/s for {} from {} device{} is {} events",
        amount(rate),
        format_duration(g.duration),
        amount(devices),
        if devices == 1.0 { "" } else { "s" },
        amount(driver.0)
    );
    let why = if total > driver.0 { format!("{why} ({} in all)", amount(total)) } else { why };
    (total, path, why)
}

/// Most elements of one key in a window of length `size` (`None`: unbounded, as a session may
/// grow), among listed events: per key, the most event times within `size` of each other.
fn listed_per_window(s: &Scenario, size: Option<i64>) -> f64 {
    // The event times grouped by key in one array (a counting sort by key id): no map of
    // strings, no vector per key.
    let (ids, names) = intern_keys(s.events.iter().map(|e| e.key.as_str()));
    let mut starts = vec![0usize; names.len() + 1];
    for &id in &ids {
        starts[id as usize + 1] += 1;
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut next = starts.clone();
    let mut grouped = vec![0i64; ids.len()];
    for (e, &id) in s.events.iter().zip(&ids) {
        grouped[next[id as usize]] = e.event_time;
        next[id as usize] += 1;
    }
    let mut most = 0usize;
    for k in 0..names.len() {
        let times = &mut grouped[starts[k]..starts[k + 1]];
        let Some(size) = size else {
            most = most.max(times.len());
            continue;
        };
        times.sort_unstable();
        let mut first = 0;
        for (last, &t) in times.iter().enumerate() {
            while i128::from(t) - i128::from(times[first]) >= i128::from(size) {
                first += 1;
            }
            most = most.max(last - first + 1);
        }
    }
    most as f64
}

/// Most elements of one key (one device) in a window of length `size`, generated: the fastest
/// device's events in `size` plus twice the clock skew, or all of them.
fn generated_per_window(g: &GenerateSpec, size: Option<i64>) -> f64 {
    let rate = g.overrides.iter().map(|&(_, r)| r).fold(g.rate, f64::max);
    let all = per_device(rate, g.duration);
    match size {
        Some(size) => all.min(per_device(rate, size.saturating_add(g.clock_skew.saturating_mul(2)))),
        None => all,
    }
}

/// The first and the last processing-time instant the file gives, each with its field.
#[allow(clippy::type_complexity)]
fn span(s: &Scenario, generate: Option<&GenerateSpec>) -> Option<((i64, String), (i64, String))> {
    let mut first: Option<(i64, String)> = None;
    let mut last: Option<(i64, String)> = None;
    let mut see = |t: i64, path: &dyn Fn() -> String| {
        if first.as_ref().is_none_or(|(f, _)| t < *f) {
            first = Some((t, path()));
        }
        if last.as_ref().is_none_or(|(l, _)| t > *l) {
            last = Some((t, path()));
        }
    };
    let transport = s.needs_transport();
    for (i, e) in s.events.iter().enumerate() {
        let at = |name: &'static str| move || join(&index("events", i), name);
        match (e.arrival, e.sent) {
            (Some(t), _) if !transport => see(t, &at("arrival")),
            (_, Some(t)) if transport => see(t, &at("sent")),
            _ if transport => see(e.event_time, &at("event_time")),
            _ => {}
        }
    }
    if let Some(g) = generate {
        see(g.start, &|| "generate.start".to_string());
        see(g.start.saturating_add(g.duration), &|| "generate.duration".to_string());
        for (i, o) in g.offline.iter().enumerate() {
            see(o.to, &|| format!("generate.offline[{i}].to"));
        }
    }
    if let WatermarkSpec::Explicit(points) = &s.watermark {
        for (i, p) in points.iter().enumerate() {
            see(p.at, &|| format!("watermark.points[{i}].at"));
        }
    }
    if let Some(t) = s.end_of_input {
        see(t, &|| "end_of_input".to_string());
    }
    first.zip(last)
}

/// A count as people read it: `40`, `2.5`, `1e10`, `1.23e300`.
fn amount(x: f64) -> String {
    if x.abs() >= 1e7 || (x != 0.0 && x.abs() < 1e-3) {
        let s = format!("{x:.2e}");
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        format!("{mantissa}e{exponent}")
    } else {
        format!("{x}")
    }
}

/// A limit in words: `10 million`, `2048`.
fn words(n: u64) -> String {
    if n >= 1_000_000 && n % 1_000_000 == 0 {
        format!("{} million", n / 1_000_000)
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn scenario(body: &str) -> Scenario {
        parse(&format!(r#"{{"format": "windowpane/1", {body}}}"#)).expect("a valid scenario")
    }

    /// Regression (found auditing the engine's arithmetic): Flink's continuous_event_time in the
    /// global window fires every interval until the end of time once the input ends (about 1e11
    /// firings for 1d): refused before the run, naming the interval. In a 1m window it fires at
    /// most twice per window, and runs.
    #[test]
    fn continuous_event_time_firings_are_in_the_budget() {
        let body = |window: &str| {
            format!(
                r#""semantics": "flink", "events": [{{"key": "k", "value": 1, "event_time": 0, "arrival": 1}}], "end_of_input": 600000,
                "pipeline": {{"window": {window}, "trigger": {{"type": "purging", "trigger": {{"type": "continuous_event_time", "interval": "1d"}}}}}}"#
            )
        };
        let e = crate::parse(&format!(r#"{{"format": "windowpane/1", {}}}"#, body(r#"{"type": "global"}"#))).unwrap_err();
        assert_eq!(e.path, "pipeline.trigger.trigger.interval");
        assert!(e.message.contains("firings") && e.message.contains("until the end of time"), "{e}");
        let s = scenario(&body(r#"{"type": "fixed", "size": "1m"}"#));
        assert_eq!(continuous_firings(&s, 1.0).map(|(n, _, _)| n), Some(2.0));
    }

    fn over(body: &str, limits: Limits) -> ScenarioError {
        let text = format!(r#"{{"format": "windowpane/1", {body}}}"#);
        let s = crate::parse_with(&text, &Limits::default().times(u64::MAX)).expect("a valid scenario");
        let (generate, _) = crate::transport::transport_specs(&s).expect("valid sections");
        check(&s, generate.as_ref(), &limits).expect_err("over the limits")
    }

    #[test]
    fn amounts_read_like_numbers() {
        assert_eq!(amount(40.0), "40");
        assert_eq!(amount(2.5), "2.5");
        assert_eq!(amount(1e10), "1e10");
        assert_eq!(amount(1.234e300), "1.23e300");
        assert_eq!(words(10_000_000), "10 million");
        assert_eq!(words(2048), "2048");
    }

    /// Regression (fuzzing): rate 1e9 for 10 s ran for minutes; one device at rate 1 for
    /// 1000d aborted at 7.7 GB.
    #[test]
    fn generated_events_are_counted_before_they_are_made() {
        let e = parse(r#"{"format": "windowpane/1", "generate": {"devices": {"count": 1}, "rate": 1e9, "duration": "10s"}, "pipeline": {}}"#)
            .unwrap_err();
        assert_eq!(e.to_string(), "generate.rate: 1e9 events/s for 10s from 1 device is 1e10 events; at most 10 million");
        let e = parse(r#"{"format": "windowpane/1", "generate": {"devices": {"count": 1}, "rate": 1, "duration": "1000d"}, "pipeline": {}}"#)
            .unwrap_err();
        // 1000 days are 86,400,000 s: one event a second.
        assert_eq!(e.to_string(), "generate.rate: 1 events/s for 1000d from 1 device is 8.64e7 events; at most 10 million");
        let hot = r#""generate": {"devices": {"count": 10}, "rate": 1, "duration": "10s", "overrides": [{"device": 3, "rate": 1e8}]}, "pipeline": {}"#;
        let e = over(hot, Limits::default());
        assert_eq!(e.path, "generate.overrides[0].rate");
        // 9 devices × 10 events + 1e9: 1.00000009e9 in all.
        assert_eq!(e.message, "1e8 events/s for 10s from 1 device is 1e9 events (1e9 in all); at most 10 million");
    }

    #[test]
    fn listed_events_are_counted() {
        let body = r#""events": [{"key": "a", "value": 1, "event_time": 1, "arrival": 1},
            {"key": "a", "value": 1, "event_time": 2, "arrival": 2}], "pipeline": {}"#;
        assert_eq!(over(body, Limits { events: 1, ..Limits::default() }).to_string(), "events: 2 events; at most 1");
    }

    /// Regression (fuzzing): sliding windows, `repeatedly(after_count 1)`, accumulating and
    /// retracting, `collect`: a 293-byte file made gigabytes of output.
    #[test]
    fn panes_and_values_are_bounded_before_the_run() {
        let events: Vec<String> = (0..2000).map(|i| format!(r#"{{"key": "k", "value": 1, "event_time": {i}, "arrival": {i}}}"#)).collect();
        let body = format!(
            r#""events": [{}], "pipeline": {{"window": {{"type": "sliding", "size": "10s", "period": "1ms"}},
                "trigger": {{"type": "repeatedly", "trigger": {{"type": "after_count", "count": 1}}}},
                "accumulation": "accumulating_and_retracting", "combine": "collect"}}"#,
            events.join(",")
        );
        // 2000 events × 10,000 windows × 4 × 2 = 1.6e8 panes.
        let e = over(&body, Limits::default());
        assert_eq!(e.to_string(), "pipeline.window: up to 1.6e8 panes (2000 events × 10000 windows per element × 4 × 2 for retractions); at most 40 million");
        // With room for the panes, the values: all 2000 events lie within 10 s, so a window
        // holds up to 2000; (2 × 2000 + 2) × 2e7 pairs × 2 = 1.6008e11.
        let e = over(&body, Limits { panes: u64::MAX, ..Limits::default() });
        assert_eq!(e.path, "pipeline.combine");
        assert!(e.message.starts_with("up to 1.6e11 pane values (2e7 element-window pairs, up to 2000 elements of a key in one window"), "{e}");
        let raised = Limits::default().times(10_000);
        let s = crate::parse_with(&format!(r#"{{"format": "windowpane/1", {body}}}"#), &raised).expect("raised limits");
        let b = check(&s, None, &raised).expect("raised limits");
        assert_eq!((b.per_window, b.windows_per_element), (2000.0, 10_000));
    }

    #[test]
    fn per_window_counts_only_one_keys_events_within_the_size() {
        let body = r#""events": [{"key": "a", "value": 1, "event_time": 0, "arrival": 0},
            {"key": "a", "value": 1, "event_time": 999, "arrival": 1}, {"key": "a", "value": 1, "event_time": 1000, "arrival": 1},
            {"key": "b", "value": 1, "event_time": 0, "arrival": 1}], "pipeline": {"window": {"type": "fixed", "size": "1s"}}"#;
        let b = check(&scenario(body), None, &Limits::default()).unwrap();
        assert_eq!(b.per_window, 2.0, "0 and 999 are within 1 s; 1000 is not; b is another key");
    }

    /// Regression (fuzz seed `kinesis-infinite-retries.json`): one poison record with the event
    /// source mapping's default infinite retries and no time per record is tried once a
    /// millisecond for the 24 h retention: 86,400,000 simulation steps from 300 bytes.
    #[test]
    fn retries_of_a_failing_consumer_are_bounded_before_the_run() {
        let seed = include_str!("../../../fuzz/seeds/kinesis-infinite-retries.json");
        let e = parse(seed).unwrap_err();
        assert_eq!(
            e.to_string(),
            "ingest.consumer.max_retry_attempts: failed batches are tried again: up to 8.64e7 record tries \
             (1 poison record × batches of 1 × 8.64e7 tries (no maximum, 86400000 ms retention ÷ 1 ms a try)); at most 10 million"
        );
        // MaximumRetryAttempts 10: 11 tries.
        let bounded = seed.replace(r#""record_time": 0"#, r#""record_time": 0, "max_retry_attempts": 10"#);
        let b = check(&parse(&bounded).unwrap(), None, &Limits::default()).unwrap();
        assert_eq!(b.tries, 11.0);
        // SQS FIFO, visibility timeout 0, every receive failing: 4 days of 1 ms cycles.
        let fifo = include_str!("../../../fuzz/seeds/fifo-zero-visibility-retries.json");
        let e = parse(fifo).unwrap_err();
        assert_eq!(e.path, "ingest.max_receive_count");
        assert!(e.message.starts_with("failed batches are tried again: up to 3.46e8 record tries (every one of 1 records failing"), "{e}");
    }

    /// Regression (fuzzing): two events 530 years apart.
    #[test]
    fn the_processing_time_span_is_bounded() {
        let body = r#""events": [{"key": "a", "value": 1, "event_time": 0, "arrival": 0},
            {"key": "a", "value": 1, "event_time": 0, "arrival": "2500-01-01T00:00:00Z"}], "pipeline": {}"#;
        let e = parse(&format!(r#"{{"format": "windowpane/1", {body}}}"#)).unwrap_err();
        assert_eq!(e.to_string(), "events[1].arrival (event 2): processing time spans 530 years, from 00:00:00 (events[0].arrival) to 2500-01-01 00:00:00; at most 100 years");
        assert!(check(&scenario(&body.replace("2500", "2069")), None, &Limits::default()).is_ok());
    }
}
