//! What a Flink export reads of a `"semantics": "flink"` scenario: its windowing step, its events
//! in arrival order and the watermark's path at the window operator (from the engine's Flink
//! run), replayed by a punctuated generator so the exported job is deterministic.

use crate::text::span;
use crate::ExportError;
use windowpane_engine::flink::{FlinkPipeline, FlinkTrigger, FlinkWatermarks};
use windowpane_engine::{Combiner, Event, WatermarkPoint, WindowFn};
use windowpane_scenario::Scenario;

/// One thing the exported source emits, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Item<'a> {
    /// Event `index` of the scenario.
    Event(usize, &'a Event),
    /// The watermark's move: at `at` it becomes `to` (`i64::MAX` at the end of input).
    Mark(WatermarkPoint),
}

/// A Flink scenario, ready to render.
#[derive(Clone, Debug)]
pub struct FlinkSource<'a> {
    /// The scenario's title, if any.
    pub title: Option<&'a str>,
    /// The scenario's description, if any.
    pub description: Option<&'a str>,
    /// The windowing step.
    pub pipeline: &'a FlinkPipeline,
    /// The events, index for index with the scenario's.
    pub events: Vec<Event>,
    /// The watermark's moves at the window operator, the last one `i64::MAX` at the end of input.
    pub watermark: Vec<WatermarkPoint>,
    /// The scenario's own watermark strategy (for the comment on a real source).
    pub strategy: FlinkWatermarks,
    /// How many source splits (Kinesis shards) the scenario has.
    pub splits: usize,
}

impl<'a> FlinkSource<'a> {
    /// Resolves a Flink scenario: its events and the watermark's path from the engine's run.
    ///
    /// # Errors
    /// A Beam scenario (it has a Beam export), or input that does not resolve.
    pub fn of(scenario: &'a Scenario) -> Result<FlinkSource<'a>, ExportError> {
        let spec = scenario.flink().ok_or_else(|| {
            ExportError::Input(
                "semantics: the scenario runs under Beam semantics; export it with beam-python or beam-java, \
                 or set \"semantics\": \"flink\""
                    .into(),
            )
        })?;
        let input = scenario.flink_input().map_err(|e| ExportError::Input(e.to_string()))?;
        let run = scenario.run_flink().map_err(|e| ExportError::Input(e.to_string()))?;
        // The engine's plus infinity is i64::MAX, Flink's Long.MAX_VALUE.
        let watermark = run.watermark;
        Ok(FlinkSource {
            title: scenario.title.as_deref(),
            description: scenario.description.as_deref(),
            pipeline: &spec.pipeline,
            events: input.events,
            watermark,
            strategy: input.watermark,
            splits: input.split_count,
        })
    }

    /// The events in arrival order (stable), each watermark move after the arrivals of its
    /// instant: the order the engine gives one instant.
    pub fn items(&self) -> Vec<Item<'_>> {
        let mut order: Vec<usize> = (0..self.events.len()).collect();
        order.sort_by_key(|&i| self.events[i].arrival);
        let mut out = Vec::with_capacity(order.len() + self.watermark.len());
        let mut marks = self.watermark.iter().peekable();
        for i in order {
            let e = &self.events[i];
            while let Some(m) = marks.next_if(|m| m.at < e.arrival) {
                out.push(Item::Mark(*m));
            }
            out.push(Item::Event(i, e));
        }
        out.extend(marks.map(|m| Item::Mark(*m)));
        out
    }

    /// What the job cannot reproduce of the scenario, each a sentence.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if uses_processing_time(&self.pipeline.trigger) {
            out.push(
                "a processing-time trigger fires on the machine's clock: the job's firings and their \
                 emitted_at follow when the job runs, not the scenario's arrival times (the engine's \
                 transcripts check these triggers; the real-Flink test leaves them out)"
                    .to_string(),
            );
        }
        out
    }

    /// The scenario's own watermark strategy as a Java expression, with a sentence about it, for
    /// the comment on a real source.
    pub fn real_strategy_java(&self) -> (String, String) {
        match &self.strategy {
            FlinkWatermarks::Punctuated(_) => (
                "WatermarkStrategy.<Reading>forBoundedOutOfOrderness(Duration.ofSeconds(5))".into(),
                "The scenario gives its watermark point by point: choose the bound your data needs.".into(),
            ),
            FlinkWatermarks::Periodic { max_delay, interval, idleness } => {
                let mut e = if *max_delay == 0 {
                    "WatermarkStrategy.<Reading>forMonotonousTimestamps()".to_string()
                } else {
                    format!("WatermarkStrategy.<Reading>forBoundedOutOfOrderness(Duration.ofMillis({max_delay}L))")
                };
                if let Some(t) = idleness {
                    e.push_str(&format!(".withIdleness(Duration.ofMillis({t}L))"));
                }
                let note = format!(
                    "The scenario's own strategy (bound {}, emitted every {} of processing time{}); this job replays its watermarks instead.",
                    span(*max_delay),
                    span(*interval),
                    if *interval == windowpane_engine::flink::DEFAULT_AUTO_WATERMARK_INTERVAL {
                        ", the default".to_string()
                    } else {
                        format!(": env.getConfig().setAutoWatermarkInterval(Duration.ofMillis({interval}L))")
                    }
                );
                (e, note)
            }
        }
    }
}

/// Whether the trigger follows the processing-time clock.
pub fn uses_processing_time(t: &FlinkTrigger) -> bool {
    match t {
        FlinkTrigger::ProcessingTime | FlinkTrigger::ContinuousProcessingTime { .. } => true,
        FlinkTrigger::Purging(inner) => uses_processing_time(inner),
        _ => false,
    }
}

/// A window assigner in words, for comments.
pub fn describe_window(w: &WindowFn) -> String {
    match *w {
        WindowFn::Global => "in the global window".into(),
        WindowFn::Fixed { size, offset: 0 } => format!("in tumbling windows of {}", span(size)),
        WindowFn::Fixed { size, offset } => format!("in tumbling windows of {} offset by {}", span(size), span(offset)),
        WindowFn::Sliding { size, period, offset: 0 } => format!("in sliding windows of {} every {}", span(size), span(period)),
        WindowFn::Sliding { size, period, offset } => {
            format!("in sliding windows of {} every {} offset by {}", span(size), span(period), span(offset))
        }
        WindowFn::Sessions { gap } => format!("in event-time sessions with a gap of {}", span(gap)),
    }
}

/// The window assigner as source code (Java and Python spell it alike but for the session
/// method, `with_gap`, and the duration literal `ms`). Flink wants `|offset| < size` (slide): an
/// offset modulo the size gives the same windows.
pub fn assigner(w: &WindowFn, ms: fn(i64) -> String, with_gap: &str) -> String {
    match *w {
        WindowFn::Global => "GlobalWindows.create()".into(),
        WindowFn::Fixed { size, offset } => format!("TumblingEventTimeWindows.of({}, {})", ms(size), ms(offset.rem_euclid(size))),
        WindowFn::Sliding { size, period, offset } => {
            format!("SlidingEventTimeWindows.of({}, {}, {})", ms(size), ms(period), ms(offset.rem_euclid(period)))
        }
        WindowFn::Sessions { gap } => format!("EventTimeSessionWindows.{with_gap}({})", ms(gap)),
    }
}

/// The aggregate in words, for comments.
pub fn combine_words(c: Combiner) -> &'static str {
    match c {
        Combiner::Sum => "sum",
        Combiner::Count => "count",
        Combiner::Min => "min",
        Combiner::Max => "max",
        Combiner::Mean => "mean",
        Combiner::Latest => "the value with the latest timestamp, ties to the later arrival",
        Combiner::Collect => "every value in arrival order",
    }
}
