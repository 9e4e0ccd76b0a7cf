//! The Apache Beam Python program: windowing transform, combine, TestStream, pane records.

use crate::limits::{python_delay_seconds, unexpressible, Sdk};
use crate::stream::Step;
use crate::text::{clock, number, one_line, quoted, span};
use crate::{python_differences, Export, ExportError, Source};
use std::fmt::Write;
use windowpane_engine::{AccumulationMode, Combiner, Pipeline, TimestampCombiner, Trigger, WindowFn};

/// The apache-beam release the export is written for and tested with.
pub const BEAM_VERSION: &str = "2.77.0";

/// Renders the Python program for `source`.
///
/// # Errors
/// A time or duration the program cannot write (it would overflow Beam's 64-bit microseconds),
/// naming the scenario field.
pub fn render(source: &Source) -> Result<Export, ExportError> {
    let mut warnings = unexpressible(source.pipeline, Sdk::Python);
    check_delays(&source.pipeline.trigger, "pipeline.trigger")?;
    if python_differences::may_stall(source.pipeline) {
        warnings.push(format!("{STALL_WARNING}: {STALL_REASON}"));
    }
    let differences = python_differences::differences(source.pipeline, &windowpane_engine::run(source.pipeline, &source.input));
    let mut code = String::new();
    header(&mut code, source, &warnings, &differences);
    code.push_str(IMPORTS);
    windowing(&mut code, source.pipeline, &warnings);
    code.push_str(combine_code(source.pipeline.combine));
    test_stream(&mut code, source)?;
    code.push_str(PANE_RECORD);
    code.push_str(MAIN);
    Ok(Export { code, warnings })
}

/// The start of the warning for shapes Beam Python's DirectRunner may stall on (the
/// conformance run still runs those programs, and checks that every stall was warned of).
pub const STALL_WARNING: &str = "Beam Python's DirectRunner may stall on this shape";

const STALL_REASON: &str = "a trigger that can finish or stop firing while a window still holds elements \
    leaves Beam Python's watermark hold in place (it releases holds only in a pane, never at expiry: \
    transforms/trigger.py, GeneralTriggerDriver._output), and the DirectRunner stops with \
    'Monitor task detected a pipeline stall' (runners/direct/executor.py) after printing the panes before it";

/// The largest number of milliseconds Beam Python can hold as a `Duration` or `Timestamp`
/// (64-bit microseconds, `apache_beam/utils/timestamp.py`).
const MAX_BEAM_MILLIS: i64 = i64::MAX / 1000;

/// Refuses a processing-time delay Beam cannot hold in 64-bit microseconds, naming its field.
fn check_delays(t: &Trigger, path: &str) -> Result<(), ExportError> {
    for (child, child_path) in children(t, path) {
        check_delays(child, &child_path)?;
    }
    if let Trigger::AfterProcessingTime { delay, .. } = t {
        if *delay > MAX_BEAM_MILLIS {
            return Err(ExportError::Unwritable {
                path: format!("{path}.delay"),
                message: format!(
                    "a delay of {delay} ms does not fit in Beam's 64-bit microseconds (at most {MAX_BEAM_MILLIS} ms)"
                ),
            });
        }
    }
    Ok(())
}

/// A trigger's children with their field paths.
fn children<'t>(t: &'t Trigger, path: &str) -> Vec<(&'t Trigger, String)> {
    match t {
        Trigger::AfterWatermark { early, late } => early
            .iter()
            .map(|e| (e.as_ref(), format!("{path}.early")))
            .chain(late.iter().map(|l| (l.as_ref(), format!("{path}.late"))))
            .collect(),
        Trigger::Repeatedly(inner) => vec![(inner.as_ref(), format!("{path}.trigger"))],
        Trigger::AfterEach(ts) | Trigger::AfterAny(ts) | Trigger::AfterAll(ts) => {
            ts.iter().enumerate().map(|(i, c)| (c, format!("{path}.triggers[{i}]"))).collect()
        }
        Trigger::OrFinally { trigger, until } => {
            vec![(trigger.as_ref(), format!("{path}.trigger")), (until.as_ref(), format!("{path}.until"))]
        }
        Trigger::Default | Trigger::Never | Trigger::AfterCount { .. } | Trigger::AfterProcessingTime { .. } => {
            Vec::new()
        }
    }
}

fn header(code: &mut String, source: &Source, warnings: &[String], differences: &[(&str, &str)]) {
    let title = source.title.map_or_else(|| "A windowpane scenario".to_string(), one_line);
    let _ = writeln!(code, "#!/usr/bin/env python3");
    let _ = writeln!(code, "\"\"\"{} (Apache Beam Python, exported by windowpane).", title.replace('"', "'"));
    code.push('\n');
    if let Some(d) = source.description {
        let _ = writeln!(code, "{}\n", d.replace("\"\"\"", "'''").replace('\\', "\\\\"));
    }
    let _ = writeln!(code, "Run it on Beam's DirectRunner, which prints one pane record (JSON) per line:");
    let _ = writeln!(code, "    pip install 'apache-beam=={BEAM_VERSION}'");
    let _ = writeln!(code, "    python3 pipeline.py");
    let _ = writeln!(code, "\nThe parts, each usable on its own:");
    let _ = writeln!(code, "  Windowing  the windowing strategy: lift it into your own pipeline;");
    let _ = writeln!(code, "  combine()  how a pane's values become its value;");
    let _ = writeln!(code, "  events()   the scenario's input as a TestStream: replace it with a real source;");
    let _ = writeln!(code, "  PaneRecord each pane as a windowpane pane record.");
    if !differences.is_empty() {
        let _ = writeln!(code, "\n{}", python_differences::HEADING);
        let _ = writeln!(
            code,
            "(windowpane computes what Beam's Java runner core computes; for this scenario Beam Python's panes may differ:)"
        );
        for (id, why) in differences {
            let _ = writeln!(code, "  - {id}: {}", one_line(why));
        }
    }
    let _ = writeln!(code, "\"\"\"");
    let (stall, warnings): (Vec<&String>, Vec<&String>) = warnings.iter().partition(|w| w.starts_with(STALL_WARNING));
    for w in stall {
        let _ = writeln!(code, "\n# MAY STALL: {}", one_line(w));
    }
    if !warnings.is_empty() {
        let _ = writeln!(code, "\n# NOT EXPRESSIBLE IN BEAM PYTHON: this program differs from the scenario here:");
        for w in warnings {
            let _ = writeln!(code, "#   - {}", one_line(w));
        }
    }
}

const IMPORTS: &str = r#"
import json

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.options.pipeline_options import StandardOptions
from apache_beam.options.pipeline_options import TypeOptions
from apache_beam.testing.test_stream import TestStream
from apache_beam.transforms import window
from apache_beam.transforms.trigger import AccumulationMode
from apache_beam.transforms.trigger import AfterAll
from apache_beam.transforms.trigger import AfterAny
from apache_beam.transforms.trigger import AfterCount
from apache_beam.transforms.trigger import AfterEach
from apache_beam.transforms.trigger import AfterProcessingTime
from apache_beam.transforms.trigger import AfterWatermark
from apache_beam.transforms.trigger import DefaultTrigger
from apache_beam.transforms.trigger import OrFinally
from apache_beam.transforms.trigger import Repeatedly
# Beam Python's Never trigger is private (Java has Never.ever()).
from apache_beam.transforms.trigger import _Never as Never
from apache_beam.transforms.window import TimestampCombiner
from apache_beam.transforms.window import TimestampedValue
from apache_beam.utils.timestamp import Duration
from apache_beam.utils.timestamp import Timestamp
from apache_beam.utils.windowed_value import PaneInfoTiming


def at(ms):
    """A Beam Timestamp from milliseconds since the epoch."""
    return Timestamp(micros=ms * 1000)


def millis(ms):
    """A Beam Duration from milliseconds."""
    return Duration(micros=ms * 1000)


def combine_per_key(combine_fn):
    """beam.CombinePerKey(combine_fn), spelled GroupByKey + CombineValues: in streaming mode
    Beam Python's DirectRunner fails on CombinePerKey over the default windowing
    ("_GroupByKeyOnly) was not replaced as expected")."""
    return beam.GroupByKey() | beam.CombineValues(combine_fn)

"#;

/// A duration argument in seconds (`120`), or `millis(250)` when not whole seconds.
fn seconds(ms: i64) -> String {
    if ms % 1000 == 0 {
        format!("{}", ms / 1000)
    } else {
        format!("millis({ms})")
    }
}

fn windowing(code: &mut String, p: &Pipeline, warnings: &[String]) {
    let (window_fn, about) = match p.window {
        WindowFn::Global => ("window.GlobalWindows()".to_string(), "the global window".to_string()),
        WindowFn::Fixed { size, offset } => (
            if offset == 0 {
                format!("window.FixedWindows(size={})", seconds(size))
            } else {
                format!("window.FixedWindows(size={}, offset={})", seconds(size), seconds(offset))
            },
            format!("fixed {} windows{}", span(size), offset_words(offset)),
        ),
        WindowFn::Sliding { size, period, offset } => (
            if offset == 0 {
                format!("window.SlidingWindows(size={}, period={})", seconds(size), seconds(period))
            } else {
                format!(
                    "window.SlidingWindows(size={}, period={}, offset={})",
                    seconds(size),
                    seconds(period),
                    seconds(offset)
                )
            },
            format!("sliding {} windows every {}{}", span(size), span(period), offset_words(offset)),
        ),
        WindowFn::Sessions { gap } => {
            (format!("window.Sessions(gap_size={})", seconds(gap)), format!("sessions with a {} gap", span(gap)))
        }
    };
    let accumulation = match p.accumulation {
        AccumulationMode::Discarding => "AccumulationMode.DISCARDING",
        AccumulationMode::Accumulating => "AccumulationMode.ACCUMULATING",
        AccumulationMode::AccumulatingAndRetracting => "AccumulationMode.ACCUMULATING",
    };
    let combiner = match p.timestamp_combiner {
        TimestampCombiner::EndOfWindow => "TimestampCombiner.OUTPUT_AT_EOW",
        TimestampCombiner::Earliest => "TimestampCombiner.OUTPUT_AT_EARLIEST",
        TimestampCombiner::Latest => "TimestampCombiner.OUTPUT_AT_LATEST",
    };
    let trigger = trigger_expr(&p.trigger, 12);
    let _ = write!(
        code,
        r#"
class Windowing(beam.PTransform):
    """The windowing strategy: {about}, {accumulation_words} panes, {lateness} of allowed lateness.

    Lift it into your own pipeline: `... | Windowing() | beam.CombinePerKey(...)`.
    """

    def expand(self, pcoll):
{notes}        return pcoll | beam.WindowInto(
            {window_fn},
            trigger={trigger},
            accumulation_mode={accumulation},
            allowed_lateness={lateness_arg},  # {lateness}
            timestamp_combiner={combiner},
        )
"#,
        accumulation_words = match p.accumulation {
            AccumulationMode::Discarding => "discarding",
            AccumulationMode::Accumulating => "accumulating",
            AccumulationMode::AccumulatingAndRetracting => "accumulating (and retracting, which Beam lacks)",
        },
        lateness = span(p.allowed_lateness),
        lateness_arg = seconds(p.allowed_lateness),
        notes = warnings
            .iter()
            .filter(|w| !w.starts_with(STALL_WARNING))
            .map(|w| format!("        # NOT EXPRESSIBLE: {}\n", one_line(w)))
            .collect::<String>(),
    );
}

fn offset_words(offset: i64) -> String {
    if offset == 0 {
        String::new()
    } else {
        format!(" offset by {}", span(offset))
    }
}

/// A trigger as a Python expression, broken over lines (indented by `indent`) when long.
fn trigger_expr(t: &Trigger, indent: usize) -> String {
    let flat = trigger_flat(t);
    if flat.len() + indent <= 90 {
        return flat;
    }
    let pad = " ".repeat(indent + 4);
    let close = " ".repeat(indent);
    let args: Vec<String> = match t {
        Trigger::AfterWatermark { early, late } => {
            let mut a = Vec::new();
            if let Some(e) = early {
                a.push(format!("early={}", trigger_expr(e, indent + 4)));
            }
            if let Some(l) = late {
                a.push(format!("late={}", trigger_expr(l, indent + 4)));
            }
            a
        }
        Trigger::Repeatedly(inner) => vec![trigger_expr(inner, indent + 4)],
        Trigger::AfterEach(ts) | Trigger::AfterAny(ts) | Trigger::AfterAll(ts) => {
            ts.iter().map(|x| trigger_expr(x, indent + 4)).collect()
        }
        Trigger::OrFinally { trigger, until } => {
            vec![trigger_expr(trigger, indent + 4), trigger_expr(until, indent + 4)]
        }
        _ => return flat,
    };
    let name = &flat[..flat.find('(').unwrap_or(flat.len())];
    let body: Vec<String> = args.iter().map(|a| format!("{pad}{a},")).collect();
    format!("{name}(\n{}\n{close})", body.join("\n"))
}

fn trigger_flat(t: &Trigger) -> String {
    let list = |ts: &[Trigger]| ts.iter().map(trigger_flat).collect::<Vec<_>>().join(", ");
    match t {
        Trigger::Default => "DefaultTrigger()".into(),
        Trigger::Never => "Never()".into(),
        Trigger::AfterWatermark { early, late } => {
            let mut a = Vec::new();
            if let Some(e) = early {
                a.push(format!("early={}", trigger_flat(e)));
            }
            if let Some(l) = late {
                a.push(format!("late={}", trigger_flat(l)));
            }
            format!("AfterWatermark({})", a.join(", "))
        }
        Trigger::AfterProcessingTime { delay, .. } => format!("AfterProcessingTime({})", python_delay_seconds(*delay)),
        Trigger::AfterCount { count } => format!("AfterCount({count})"),
        Trigger::Repeatedly(inner) => format!("Repeatedly({})", trigger_flat(inner)),
        Trigger::AfterEach(ts) => format!("AfterEach({})", list(ts)),
        Trigger::AfterAny(ts) => format!("AfterAny({})", list(ts)),
        Trigger::AfterAll(ts) => format!("AfterAll({})", list(ts)),
        Trigger::OrFinally { trigger, until } => format!("OrFinally({}, {})", trigger_flat(trigger), trigger_flat(until)),
    }
}

fn combine_code(c: Combiner) -> &'static str {
    match c {
        Combiner::Sum => {
            r#"

def combine():
    """The pane's value: the sum of its values (0 when empty)."""
    return combine_per_key(sum)
"#
        }
        Combiner::Count => {
            r#"

def combine():
    """The pane's value: the number of its elements (0 when empty)."""
    return combine_per_key(beam.combiners.CountCombineFn())
"#
        }
        Combiner::Min | Combiner::Max => {
            if c == Combiner::Min {
                r#"

class MinOrNone(beam.CombineFn):
    """The smallest value; None for an empty pane (Python's min() would raise)."""

    def create_accumulator(self):
        return None

    def add_input(self, smallest, value):
        return value if smallest is None or value < smallest else smallest

    def merge_accumulators(self, accumulators):
        present = [a for a in accumulators if a is not None]
        return min(present) if present else None

    def extract_output(self, smallest):
        return smallest


def combine():
    """The pane's value: the smallest of its values (null when empty)."""
    return combine_per_key(MinOrNone())
"#
            } else {
                r#"

class MaxOrNone(beam.CombineFn):
    """The largest value; None for an empty pane (Python's max() would raise)."""

    def create_accumulator(self):
        return None

    def add_input(self, largest, value):
        return value if largest is None or value > largest else largest

    def merge_accumulators(self, accumulators):
        present = [a for a in accumulators if a is not None]
        return max(present) if present else None

    def extract_output(self, largest):
        return largest


def combine():
    """The pane's value: the largest of its values (null when empty)."""
    return combine_per_key(MaxOrNone())
"#
            }
        }
        Combiner::Mean => {
            r#"

class MeanOrNone(beam.CombineFn):
    """The arithmetic mean; None for an empty pane (Beam's MeanCombineFn gives NaN)."""

    def create_accumulator(self):
        return (0, 0)

    def add_input(self, sum_count, value):
        return (sum_count[0] + value, sum_count[1] + 1)

    def merge_accumulators(self, accumulators):
        return (sum(a[0] for a in accumulators), sum(a[1] for a in accumulators))

    def extract_output(self, sum_count):
        return sum_count[0] / sum_count[1] if sum_count[1] else None


def combine():
    """The pane's value: the mean of its values (null when empty)."""
    return combine_per_key(MeanOrNone())
"#
        }
        Combiner::Latest => {
            r#"

class LatestOrNone(beam.CombineFn):
    """The value with the latest event time, ties going to the later arrival; None when empty.

    Inputs are (event time in micros, value). Beam's own Latest keeps the earlier arrival on ties.
    """

    def create_accumulator(self):
        return None

    def add_input(self, latest, timed_value):
        return timed_value if latest is None or timed_value[0] >= latest[0] else latest

    def merge_accumulators(self, accumulators):
        latest = None
        for a in accumulators:
            if a is not None:
                latest = self.add_input(latest, a)
        return latest

    def extract_output(self, latest):
        return None if latest is None else latest[1]


class LatestPerKey(beam.PTransform):
    """Per key and window, the value with the latest event time."""

    def expand(self, pcoll):
        return (
            pcoll
            | "WithEventTime" >> beam.Map(
                lambda kv, t=beam.DoFn.TimestampParam: (kv[0], (t.micros, kv[1])))
            | "Latest" >> combine_per_key(LatestOrNone()))


def combine():
    """The pane's value: the value with the latest event time (null when empty)."""
    return LatestPerKey()
"#
        }
        Combiner::Collect => {
            r#"

def combine():
    """The pane's value: the list of its values in arrival order ([] when empty)."""
    return combine_per_key(beam.combiners.ToListCombineFn())
"#
        }
    }
}

fn test_stream(code: &mut String, source: &Source) -> Result<(), ExportError> {
    code.push_str(
        r#"

def events():
    """The scenario's input as a TestStream: the arrivals at each processing time as one bundle,
    the watermark per the scenario's watermark model, and infinity at the end of input.

    The test clock starts at 0 at the scenario's first happening and advances by the time
    between happenings (the comments give the scenario's clock). At one processing time the
    timers due then fire first, then the elements of that time come as one bundle, then the
    watermark moves: windowpane's order at one instant.

    To run on real data, replace events() with a source of (key, value) pairs carrying
    event-time timestamps, for example:
      Pub/Sub: beam.io.ReadFromPubSub(subscription="projects/P/subscriptions/S",
                   timestamp_attribute="event_time")
               | beam.Map(json.loads) | beam.Map(lambda e: (e["key"], e["value"]))
      Kafka:   apache_beam.io.kafka.ReadFromKafka(consumer_config={"bootstrap.servers": "..."},
                   topics=["events"], timestamp_policy="CreateTime")  (cross-language: needs Java)
      Kinesis: apache_beam.io.kinesis.ReadDataFromKinesis(stream_name="events", ...)
               (cross-language: needs Java), then parse and beam.window.TimestampedValue
    The watermark then comes from the source (Pub/Sub: the oldest unacknowledged message's
    event time; Kafka and Kinesis: the timestamp policy), not from this list.
    """
    stream = TestStream()
"#,
    );
    let model = match &source.input.watermark {
        windowpane_engine::WatermarkModel::Explicit(_) => "explicit".to_string(),
        windowpane_engine::WatermarkModel::Perfect => "perfect".to_string(),
        windowpane_engine::WatermarkModel::BoundedOutOfOrderness { max_delay } => {
            format!("bounded out-of-orderness, {}", span(*max_delay))
        }
    };
    let _ = writeln!(code, "    # watermark model: {model}");
    let steps = source.steps()?;
    let mut test_clock: i64 = 0;
    for step in steps {
        match step {
            Step::AdvanceProcessingTime { to, by } => {
                test_clock = test_clock.checked_add(by).filter(|t| *t <= MAX_BEAM_MILLIS).ok_or_else(|| {
                    ExportError::Unwritable {
                        path: "events".to_string(),
                        message: format!("the test clock at processing time {} does not fit in Beam's 64-bit microseconds", clock(to)),
                    }
                })?;
                let _ = writeln!(code, "    stream.advance_processing_time(millis({by}))  # processing time {}", clock(to));
            }
            Step::AddElements(bundle) => {
                let value = |e: &windowpane_engine::Event| {
                    format!("TimestampedValue(({}, {}), at({}))", quoted(&e.key), number(e.value), e.event_time)
                };
                if let [e] = bundle.as_slice() {
                    let _ = writeln!(code, "    stream.add_elements([{}])  # event time {}", value(e), clock(e.event_time));
                } else {
                    // One bundle: every element arriving at this processing time, in the file's order.
                    let _ = writeln!(code, "    stream.add_elements([");
                    for e in &bundle {
                        let _ = writeln!(code, "        {},  # event time {}", value(e), clock(e.event_time));
                    }
                    let _ = writeln!(code, "    ])");
                }
            }
            Step::AdvanceWatermark { to } => {
                let _ = writeln!(code, "    stream.advance_watermark_to(at({to}))  # watermark {}", clock(to));
            }
            Step::WatermarkToInfinity => {
                let _ = writeln!(code, "    stream.advance_watermark_to_infinity()  # end of input");
            }
        }
    }
    if let Some((delay, path)) = longest_timer(&source.pipeline.trigger, "pipeline.trigger") {
        // Beam Python never expires a window, so a processing-time timer still pending at the end
        // of input keeps the DirectRunner waiting on its (test) clock for ever. The program
        // writes whole seconds (python_delay_seconds), so the timer is due at most this late.
        let by = python_delay_seconds(delay)
            .checked_mul(1000)
            .and_then(|d| d.checked_add(1_000))
            .filter(|by| test_clock.checked_add(*by).is_some_and(|t| t <= MAX_BEAM_MILLIS))
            .ok_or_else(|| ExportError::Unwritable {
                path: path.clone(),
                message: format!(
                    "the program lets processing-time timers go off at the end by advancing the test clock \
                     past this delay ({delay} ms), which does not fit in Beam's 64-bit microseconds"
                ),
            })?;
        let _ = writeln!(
            code,
            "    # Processing-time timers still pending would keep the DirectRunner waiting: let them go off.\n    \
             stream.advance_processing_time(millis({by}))"
        );
    }
    code.push_str("    return stream\n");
    Ok(())
}

/// The longest processing-time delay a trigger can have pending (the delay, as Beam Python
/// gets no alignment), with its field path, if it has any processing-time trigger.
fn longest_timer(trigger: &Trigger, path: &str) -> Option<(i64, String)> {
    if let Trigger::AfterProcessingTime { delay, .. } = trigger {
        return Some((*delay, format!("{path}.delay")));
    }
    children(trigger, path).into_iter().filter_map(|(c, p)| longest_timer(c, &p)).max_by_key(|(d, _)| *d)
}

const PANE_RECORD: &str = r#"

class PaneRecord(beam.DoFn):
    """Each pane as a windowpane pane record: one JSON object, times in milliseconds.

    emitted_at is null: a DoFn cannot read the runner's processing time.
    """

    def process(self, element, win=beam.DoFn.WindowParam, timestamp=beam.DoFn.TimestampParam,
                pane=beam.DoFn.PaneInfoParam):
        key, value = element
        is_global = isinstance(win, window.GlobalWindow)
        end_of_time = window.GlobalWindow().max_timestamp()
        yield json.dumps({
            "key": key,
            "window": {
                "start": None if is_global else win.start.micros // 1000,
                "end": None if is_global else win.end.micros // 1000,
            },
            "value": value,
            "timing": PaneInfoTiming.to_string(pane.timing),
            "index": pane.index,
            "on_time_index": None if pane.timing == PaneInfoTiming.EARLY else pane.nonspeculative_index,
            "is_first": pane.is_first,
            "is_last": pane.is_last,
            # Beam Python stamps end-of-window panes at end - 1 microsecond; in ms that is end - 1.
            "timestamp": None if timestamp >= end_of_time else timestamp.micros // 1000,
            "emitted_at": None,
            "retraction": False,
        })
"#;

const MAIN: &str = r#"

def build(p):
    """The pipeline: events -> windowing -> combine -> pane records (a PCollection of JSON lines)."""
    return (
        p
        | "Events" >> events()
        | "Windowing" >> Windowing()
        | "Combine" >> combine()
        | "PaneRecords" >> beam.ParDo(PaneRecord()))


def main(argv=None):
    """Runs on the DirectRunner by default. On a distributed runner (with a real source instead
    of the TestStream, which only the DirectRunner runs):
      Dataflow: --runner=DataflowRunner --project=PROJECT --region=REGION
                --temp_location=gs://BUCKET/tmp --streaming
      Flink:    --runner=FlinkRunner --flink_master=HOST:8081 --streaming
    """
    options = PipelineOptions(argv)
    options.view_as(StandardOptions).streaming = True
    # Triggers that finish (AfterCount, AfterProcessingTime, ... without Repeatedly) can drop
    # data; Beam Python refuses them unless told that this is intended.
    options.view_as(TypeOptions).allow_unsafe_triggers = True
    with beam.Pipeline(options=options) as p:
        build(p) | "Print" >> beam.Map(print)


if __name__ == "__main__":
    main()
"#;
