//! The Apache Flink Java export: a DataStream job (Flink 2.3) with the windowing as a reusable
//! method, the scenario's events as a bounded source whose watermarks a punctuated generator
//! emits from the scenario's watermark points, and each firing printed as a pane record.
//! `tests/flink/run` compiles these jobs against Flink's jars and runs them on a mini-cluster.

use crate::flink_source::{assigner, combine_words, describe_window, FlinkSource, Item};
use crate::text::{clock, java_comment, number, one_line, quoted, span};
use crate::{Export, ExportError};
use std::fmt::Write;
use windowpane_engine::flink::FlinkTrigger;
use windowpane_engine::{Combiner, WindowFn};

const TEMPLATE: &str = include_str!("../templates/FlinkJob.java");

/// The class name a job gets unless told otherwise.
pub const DEFAULT_CLASS: &str = "WindowpaneFlinkJob";

/// Renders the Java job for `source` as class `class` (a Java identifier).
///
/// # Errors
/// A class name that is not a Java identifier.
pub fn render(source: &FlinkSource, class: &str) -> Result<Export, ExportError> {
    if !is_identifier(class) {
        return Err(ExportError::Unwritable {
            path: "class".into(),
            message: format!("{class:?} is not a Java class name (letters, digits, _ and $, not starting with a digit)"),
        });
    }
    let warnings = source.warnings();
    let p = source.pipeline;
    let uses_never = contains_never(&p.trigger);
    let window_class = if matches!(p.window, WindowFn::Global) { "GlobalWindow" } else { "TimeWindow" };
    let trigger = trigger_java(&p.trigger, window_class);
    let mut extra = String::new();
    if uses_never && !matches!(p.window, WindowFn::Global) {
        extra.push_str(NEVER);
    }
    let (strategy, note) = source.real_strategy_java();
    let (calls, parts) = readings(source);
    let replacements: [(&str, String); 16] = [
        ("__HEADER__", header(source, class, &warnings)),
        ("__CLASS__", class.to_string()),
        ("__WINDOWING_DOC__", windowing_doc(source)),
        ("__ASSIGNER__", assigner(&p.window, ms, "withGap")),
        ("__TRIGGER_PLAIN__", trigger.clone()),
        ("__TRIGGER__", trigger),
        ("__LATENESS__", p.allowed_lateness.to_string()),
        ("__WINDOW_CLASS__", window_class.to_string()),
        ("__COMBINE_NAME__", combine_words(p.combine).to_string()),
        ("__AGGREGATE__", aggregate(p.combine)),
        ("__EXTRA_TRIGGERS__", extra),
        ("__READING_CALLS__", calls),
        ("__READING_PARTS__", parts),
        ("__REAL_STRATEGY__", strategy),
        ("__REAL_STRATEGY_NOTE__", note),
        ("__JOB_NAME__", quoted(&format!("windowpane: {}", source.title.map_or("a scenario".into(), one_line)))),
    ];
    let code = fill(TEMPLATE, &replacements);
    Ok(Export { code: used_imports_only(&code), warnings })
}

/// The template with each of its marks replaced, in one pass over the template: the texts are
/// copied as they are, so a title, a description or a key that happens to hold a mark
/// (`__AGGREGATE__`) or a double underscore stays text.
fn fill(template: &str, replacements: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(at) = rest.find("__") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match replacements.iter().find(|(mark, _)| tail.starts_with(mark)) {
            Some((mark, text)) => {
                out.push_str(text);
                rest = &tail[mark.len()..];
            }
            None => {
                out.push_str("__");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

fn header(source: &FlinkSource, class: &str, warnings: &[String]) -> String {
    let mut h = String::new();
    let title = source.title.map_or_else(|| "A windowpane scenario".to_string(), java_comment);
    let _ = writeln!(h, "// {title} (an Apache Flink 2.3 DataStream job in Java, exported by windowpane).");
    if let Some(d) = source.description {
        for line in d.lines().flat_map(|l| wrap(&java_comment(l), 96)) {
            let _ = writeln!(h, "// {line}");
        }
    }
    let _ = write!(
        h,
        "//\n\
         // Run it locally (a mini-cluster in this JVM, parallelism 1), with Flink's jars from a Flink\n\
         // 2.3 distribution's lib/ or from `pip install apache-flink==2.3.0` (site-packages/pyflink/lib/):\n\
         //   javac -cp 'FLINK_LIB/*' {class}.java && java -cp 'FLINK_LIB/*:.' {class}\n\
         // It prints one pane record a line (windowpane's format) and {{\"side_output\": N}} for each\n\
         // late event N; `windowpane run SCENARIO --format json` gives the same panes.\n\
         //\n\
         // On a cluster: replace readings() with your Kinesis or Kafka source (see its comment), package\n\
         // the class in a jar with the connector, and `flink run -c {class} job.jar`. On Amazon Managed\n\
         // Service for Apache Flink: upload the jar to S3 and create an application on a Flink runtime\n\
         // that matches the jars you compiled against, with the main class {class}.\n"
    );
    if !warnings.is_empty() {
        let _ = writeln!(h, "//\n// NOT REPRODUCED BY THIS JOB:");
        for w in warnings {
            let _ = writeln!(h, "//   - {}", java_comment(w));
        }
    }
    h
}


/// Drops the template's imports that this job does not use (each names one class).
fn used_imports_only(code: &str) -> String {
    let body: String = code.lines().filter(|l| !l.starts_with("import ")).collect::<Vec<_>>().join("\n");
    let used = |line: &str| {
        let name = line.trim_end_matches(';').rsplit('.').next().unwrap_or("");
        body.match_indices(name).any(|(i, _)| {
            let before = body[..i].chars().next_back();
            let after = body[i + name.len()..].chars().next();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    };
    let mut out: String = code.lines().filter(|l| !l.starts_with("import ") || used(l)).collect::<Vec<_>>().join("\n");
    out.push('\n');
    out
}

/// Splits `text` into lines of at most `width` characters at spaces (a longer word stays whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let last = lines.last_mut().expect("lines starts with one line");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

fn windowing_doc(source: &FlinkSource) -> String {
    let p = source.pipeline;
    format!(
        "{}, fired by {}, allowed lateness {}",
        describe_window(&p.window),
        trigger_words(&p.trigger),
        span(p.allowed_lateness)
    )
}

fn trigger_words(t: &FlinkTrigger) -> String {
    match t {
        FlinkTrigger::EventTime => "EventTimeTrigger".into(),
        FlinkTrigger::ProcessingTime => "ProcessingTimeTrigger".into(),
        FlinkTrigger::Count { count } => format!("CountTrigger of {count}"),
        FlinkTrigger::ContinuousEventTime { interval } => format!("ContinuousEventTimeTrigger every {}", span(*interval)),
        FlinkTrigger::ContinuousProcessingTime { interval } => {
            format!("ContinuousProcessingTimeTrigger every {}", span(*interval))
        }
        FlinkTrigger::Purging(inner) => format!("PurgingTrigger of {}", trigger_words(inner)),
        FlinkTrigger::Never => "no trigger (NeverTrigger)".into(),
    }
}

fn ms(d: i64) -> String {
    format!("Duration.ofMillis({d}L)")
}

fn trigger_java(t: &FlinkTrigger, window_class: &str) -> String {
    match t {
        FlinkTrigger::EventTime => "EventTimeTrigger.create()".into(),
        FlinkTrigger::ProcessingTime => "ProcessingTimeTrigger.create()".into(),
        FlinkTrigger::Count { count } => format!("CountTrigger.<{window_class}>of({count}L)"),
        FlinkTrigger::ContinuousEventTime { interval } => {
            format!("ContinuousEventTimeTrigger.<{window_class}>of({})", ms(*interval))
        }
        FlinkTrigger::ContinuousProcessingTime { interval } => {
            format!("ContinuousProcessingTimeTrigger.<{window_class}>of({})", ms(*interval))
        }
        FlinkTrigger::Purging(inner) => format!("PurgingTrigger.of({})", trigger_java(inner, window_class)),
        FlinkTrigger::Never if window_class == "GlobalWindow" => "GlobalWindows.create().getDefaultTrigger()".into(),
        FlinkTrigger::Never => "new Never<TimeWindow>()".into(),
    }
}

fn contains_never(t: &FlinkTrigger) -> bool {
    match t {
        FlinkTrigger::Never => true,
        FlinkTrigger::Purging(inner) => contains_never(inner),
        _ => false,
    }
}

const NEVER: &str = r#"
  /** Never fires: GlobalWindows' NeverTrigger, for time windows (its own is typed to the global window). */
  static final class Never<W extends Window> extends Trigger<Object, W> {
    @Override
    public TriggerResult onElement(Object element, long timestamp, W window, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, W window, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public boolean canMerge() {
      return true;
    }

    @Override
    public void onMerge(W window, OnMergeContext ctx) {}

    @Override
    public void clear(W window, TriggerContext ctx) {}
  }
"#;

fn aggregate(c: Combiner) -> String {
    let body = match c {
        Combiner::Sum => "double sum = 0;\nfor (Reading r : readings) sum += r.value;\nreturn number(sum);",
        Combiner::Count => "long count = 0;\nfor (Reading r : readings) count++;\nreturn Long.toString(count);",
        Combiner::Min => {
            "Double min = null;\nfor (Reading r : readings) if (min == null || r.value < min) min = r.value;\nreturn min == null ? \"null\" : number(min);"
        }
        Combiner::Max => {
            "Double max = null;\nfor (Reading r : readings) if (max == null || r.value > max) max = r.value;\nreturn max == null ? \"null\" : number(max);"
        }
        Combiner::Mean => {
            "double sum = 0;\nlong count = 0;\nfor (Reading r : readings) {\n  sum += r.value;\n  count++;\n}\nreturn count == 0 ? \"null\" : number(sum / count);"
        }
        Combiner::Latest => {
            "Reading latest = null;\nfor (Reading r : readings) if (latest == null || r.timestamp >= latest.timestamp) latest = r;\nreturn latest == null ? \"null\" : number(latest.value);"
        }
        Combiner::Collect => {
            "StringBuilder list = new StringBuilder(\"[\");\nfor (Reading r : readings) list.append(list.length() > 1 ? \", \" : \"\").append(number(r.value));\nreturn list.append(\"]\").toString();"
        }
    };
    body.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

/// Java caps a method's code at 64 KB: the readings go into methods of this many lines each.
const READINGS_PER_METHOD: usize = 500;

/// The calls in `scenario()` and the methods that add the readings, in order.
fn readings(source: &FlinkSource) -> (String, String) {
    let lines: Vec<String> = source.items().into_iter().map(reading).collect();
    let (mut calls, mut parts) = (Vec::new(), String::new());
    for (n, chunk) in lines.chunks(READINGS_PER_METHOD).enumerate() {
        calls.push(format!("    readings{n}(r);"));
        let _ = write!(parts, "\n  private static void readings{n}(List<Reading> r) {{\n{}\n  }}\n", chunk.join("\n"));
    }
    (calls.join("\n"), parts)
}

fn reading(item: Item) -> String {
    match item {
        Item::Event(i, e) => format!(
            "    r.add(Reading.event({i}, {}, {}, {}L, {}L)); // at {}, arrives {}",
            quoted(&e.key),
            number(e.value),
            e.event_time,
            e.arrival,
            clock(e.event_time),
            clock(e.arrival)
        ),
        Item::Mark(m) if m.to == i64::MAX => format!(
            "    r.add(Reading.mark({}L, Long.MAX_VALUE)); // {}: the end of input, the watermark to Long.MAX_VALUE",
            m.at,
            clock(m.at)
        ),
        Item::Mark(m) => {
            format!("    r.add(Reading.mark({}L, {}L)); // at {} the watermark becomes {}", m.at, m.to, clock(m.at), clock(m.to))
        }
    }
}
