//! The PyFlink export: a PyFlink 2.3 DataStream job with the windowing as a reusable function and
//! the scenario's events as a bounded collection, where PyFlink can express the scenario.
//!
//! PyFlink has no custom `WatermarkGenerator` (its `WatermarkStrategy` offers
//! `for_monotonous_timestamps`, `for_bounded_out_of_orderness` and `no_watermarks`), so a
//! watermark given point by point (`explicit`, `perfect`) cannot be replayed: those scenarios get
//! an error naming `watermark.model`, and the Java export instead. A periodic strategy is written
//! as such; PyFlink then reads the collection at once, so the scenario's arrival times and ticks
//! are not replayed (a warning says so). PyFlink's window function sees no firing cause, so the
//! records carry key, window, value and timestamp only.

use crate::flink_source::{assigner, combine_words, describe_window, FlinkSource, Item};
use crate::text::{clock, number, one_line, quoted, span};
use crate::{Export, ExportError};
use std::fmt::Write;
use windowpane_engine::flink::{FlinkTrigger, FlinkWatermarks};
use windowpane_engine::Combiner;
use windowpane_scenario::watermark::WatermarkSpec;
use windowpane_scenario::Scenario;

/// Renders the PyFlink job for `source`.
///
/// # Errors
/// A watermark PyFlink cannot generate (`watermark.model` explicit or perfect).
pub fn render(source: &FlinkSource, scenario: &Scenario) -> Result<Export, ExportError> {
    let (max_delay, idleness) = match (&source.strategy, &scenario.watermark) {
        (FlinkWatermarks::Periodic { max_delay, idleness, .. }, _) => (*max_delay, *idleness),
        (FlinkWatermarks::Punctuated(_), spec) => {
            let model = match spec {
                WatermarkSpec::Perfect => "perfect",
                _ => "explicit",
            };
            return Err(ExportError::Unwritable {
                path: "watermark.model".into(),
                message: format!(
                    "PyFlink cannot replay a watermark given point by point (\"{model}\"): its WatermarkStrategy has \
                     no custom generator, only for_monotonous_timestamps and for_bounded_out_of_orderness; \
                     export flink-java (a punctuated generator replays the points), or use \"bounded_out_of_orderness\""
                ),
            });
        }
    };
    let mut warnings = source.warnings();
    warnings.push(
        "PyFlink reads the bounded collection at once: the scenario's arrival times and auto-watermark ticks \
         are not replayed, so firings that depend on when an element arrives (late firings, what the \
         periodic watermark had reached) can differ from windowpane's; flink-java replays them"
            .into(),
    );
    if source.splits > 1 {
        warnings.push(format!(
            "the scenario's {} source splits (Kinesis shards) are one collection here: no per-split watermark or idleness",
            source.splits
        ));
    }
    let p = source.pipeline;
    let mut code = String::new();
    let title = source.title.map_or_else(|| "A windowpane scenario".to_string(), one_line);
    let _ = writeln!(code, "# {title} (a PyFlink 2.3 DataStream job, exported by windowpane).");
    if let Some(d) = source.description {
        for line in d.lines() {
            let _ = writeln!(code, "# {}", one_line(line));
        }
    }
    code.push_str(
        "#\n# Run it locally (a mini-cluster, parallelism 1): pip install apache-flink==2.3.0 && python job.py\n\
         # (with that python first on PATH: PyFlink starts its Python workers as `python`).\n\
         # On a cluster: flink run --python job.py; on Amazon Managed Service for Apache Flink: zip it with\n\
         # its dependencies, upload the zip to S3 and set the application's python property to job.py.\n\
         # Replace readings() with a Kinesis or Kafka source (pyflink.datastream.connectors.kinesis /\n\
         # .kafka, env.from_source(source, strategy, \"readings\")); each shard or partition is a source\n\
         # split with its own watermark.\n\
         # Each firing prints {\"key\", \"window\", \"value\", \"timestamp\"}: PyFlink's window function is not\n\
         # told what fired it, so windowpane's timing, index and emitted_at are not printed.\n",
    );
    if !warnings.is_empty() {
        let _ = writeln!(code, "#\n# NOT REPRODUCED BY THIS JOB:");
        for w in &warnings {
            let _ = writeln!(code, "#   - {}", one_line(w));
        }
    }
    code.push_str(IMPORTS);
    let _ = write!(
        code,
        "\nREADING = Types.ROW_NAMED([\"key\", \"value\", \"timestamp\", \"index\"],\n\
         \x20                         [Types.STRING(), Types.DOUBLE(), Types.LONG(), Types.INT()])\n\
         # Untyped (pickled): a tag typed READING does not pickle once PyFlink has used it.\n\
         LATE = OutputTag(\"late\")\n\n\n\
         def windowing(readings):\n\
         \x20   \"\"\"The scenario's windowing step: readings keyed by their key, {}, fired by\n\
         \x20   {}, allowed lateness {}; late readings go to LATE.\"\"\"\n\
         \x20   return (readings\n\
         \x20           .key_by(lambda r: r.key, key_type=Types.STRING())\n\
         \x20           .window({})\n\
         \x20           .trigger({})\n\
         \x20           .allowed_lateness({})\n\
         \x20           .side_output_late_data(LATE)\n\
         \x20           .process(PaneRecords(), Types.STRING()))\n\n\n",
        describe_window(&p.window),
        trigger_words(&p.trigger),
        span(p.allowed_lateness),
        assigner(&p.window, ms, "with_gap"),
        trigger_py(&p.trigger),
        p.allowed_lateness,
    );
    let _ = write!(
        code,
        "def aggregate(values):\n\
         \x20   \"\"\"The aggregate ({}) over a window's readings, in arrival order.\"\"\"\n\
         \x20   {}\n\n\n",
        combine_words(p.combine),
        aggregate(p.combine)
    );
    code.push_str(PANE_RECORDS);
    let strategy = if max_delay == 0 {
        "WatermarkStrategy.for_monotonous_timestamps()".to_string()
    } else {
        format!("WatermarkStrategy.for_bounded_out_of_orderness(Duration.of_millis({max_delay}))")
    };
    let idle = idleness.map_or(String::new(), |t| format!("\n                .with_idleness(Duration.of_millis({t}))"));
    let _ = write!(
        code,
        "def readings(env):\n\
         \x20   \"\"\"The scenario's events as a bounded collection in arrival order, with the scenario's\n\
         \x20   periodic watermark strategy.\"\"\"\n\
         \x20   events = [\n{}\n    ]\n\
         \x20   strategy = ({}{}\n\
         \x20               .with_timestamp_assigner(ByTimestamp()))\n\
         \x20   return env.from_collection(events, type_info=READING).assign_timestamps_and_watermarks(strategy)\n",
        events(source),
        strategy,
        idle
    );
    code.push_str(MAIN);
    Ok(Export { code, warnings })
}

const IMPORTS: &str = r#"
import json

from pyflink.common import Duration, Row, Types, WatermarkStrategy
from pyflink.common.time import Time
from pyflink.common.watermark_strategy import TimestampAssigner
from pyflink.datastream import OutputTag, StreamExecutionEnvironment
from pyflink.datastream.functions import ProcessWindowFunction
from pyflink.datastream.window import (ContinuousEventTimeTrigger, ContinuousProcessingTimeTrigger,
                                       CountTrigger, EventTimeSessionWindows, EventTimeTrigger,
                                       GlobalWindows, NeverTrigger, ProcessingTimeTrigger,
                                       PurgingTrigger, SlidingEventTimeWindows, TimeWindow,
                                       TumblingEventTimeWindows)
"#;

const PANE_RECORDS: &str = r#"class PaneRecords(ProcessWindowFunction):
    """Emits each firing as a record: key, window, value and the window's max timestamp."""

    def process(self, key, context, elements):
        w = context.window()
        window = ({"start": w.start, "end": w.end} if isinstance(w, TimeWindow)
                  else {"start": None, "end": None})
        stamp = w.max_timestamp()
        yield json.dumps({"key": key, "window": window,
                          "value": aggregate([(r.value, r.timestamp) for r in elements]),
                          "timestamp": None if stamp >= 2 ** 63 - 1 else stamp})


class ByTimestamp(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value.timestamp


"#;

const MAIN: &str = r#"

def job(env):
    """The whole job: the pane records, then a record for each late reading."""
    panes = windowing(readings(env))
    late = panes.get_side_output(LATE).map(lambda r: json.dumps({"side_output": r.index}),
                                           output_type=Types.STRING())
    return panes.union(late)


if __name__ == "__main__":
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(1)
    with job(env).execute_and_collect() as lines:
        for line in lines:
            print(line)
"#;

fn ms(d: i64) -> String {
    format!("Time.milliseconds({d})")
}

fn trigger_py(t: &FlinkTrigger) -> String {
    match t {
        FlinkTrigger::EventTime => "EventTimeTrigger.create()".into(),
        FlinkTrigger::ProcessingTime => "ProcessingTimeTrigger.create()".into(),
        FlinkTrigger::Count { count } => format!("CountTrigger.of({count})"),
        FlinkTrigger::ContinuousEventTime { interval } => format!("ContinuousEventTimeTrigger.of({})", ms(*interval)),
        FlinkTrigger::ContinuousProcessingTime { interval } => {
            format!("ContinuousProcessingTimeTrigger.of({})", ms(*interval))
        }
        FlinkTrigger::Purging(inner) => format!("PurgingTrigger.of({})", trigger_py(inner)),
        FlinkTrigger::Never => "NeverTrigger()".into(),
    }
}

fn trigger_words(t: &FlinkTrigger) -> String {
    match t {
        FlinkTrigger::Purging(inner) => format!("a purging {}", trigger_words(inner)),
        other => trigger_py(other),
    }
}

fn aggregate(c: Combiner) -> &'static str {
    match c {
        Combiner::Sum => "return sum(v for v, _ in values)",
        Combiner::Count => "return len(values)",
        Combiner::Min => "return min((v for v, _ in values), default=None)",
        Combiner::Max => "return max((v for v, _ in values), default=None)",
        Combiner::Mean => "return sum(v for v, _ in values) / len(values) if values else None",
        Combiner::Latest => {
            "latest = None\n    for v, t in values:\n        if latest is None or t >= latest[1]:\n            latest = (v, t)\n    return None if latest is None else latest[0]"
        }
        Combiner::Collect => "return [v for v, _ in values]",
    }
}

fn events(source: &FlinkSource) -> String {
    let rows: Vec<String> = source
        .items()
        .into_iter()
        .filter_map(|item| match item {
            Item::Event(i, e) => Some(format!(
                "        Row({}, {}, {}, {}),  # at {}, arrives {}",
                quoted(&e.key),
                float(e.value),
                e.event_time,
                i,
                clock(e.event_time),
                clock(e.arrival)
            )),
            Item::Mark(_) => None,
        })
        .collect();
    rows.join("\n")
}

/// A Python float literal (the row's value is a DOUBLE).
fn float(x: f64) -> String {
    let n = number(x);
    if n.contains(['.', 'e', 'E']) { n } else { format!("{n}.0") }
}
