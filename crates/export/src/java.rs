//! The Apache Beam Java source: one class with the windowing transform, combine, TestStream
//! and pane records. Source only: windowpane's tests compile-check nothing and run nothing of it.

use crate::limits::{unexpressible, Sdk};
use crate::stream::Step;
use crate::text::{clock, java_comment, number, quoted, span};
use crate::{Export, ExportError, Source};
use std::fmt::Write;
use windowpane_engine::{
    AccumulationMode, ClosingBehavior, Combiner, OnTimeBehavior, Pipeline, TimestampCombiner, Trigger, WindowFn,
};

/// Renders the Java program for `source`.
///
/// # Errors
/// An advance of processing time that does not fit in 64 bits, naming the field.
pub fn render(source: &Source) -> Result<Export, ExportError> {
    let mut warnings = unexpressible(source.pipeline, Sdk::Java);
    java_trigger_limits(&source.pipeline.trigger, &mut warnings);
    let mut code = String::new();
    let title = source.title.map_or_else(|| "A windowpane scenario".to_string(), java_comment);
    let _ = writeln!(code, "// {title} (Apache Beam Java, exported by windowpane).");
    if let Some(d) = source.description {
        for line in d.lines() {
            let _ = writeln!(code, "// {}", java_comment(line));
        }
    }
    code.push_str(
        "//\n// SOURCE ONLY: windowpane's conformance tests run the Python export on Beam's DirectRunner;\n\
         // this Java program is not compiled or run by them. Run it with the Beam Java SDK and the\n\
         // DirectRunner (org.apache.beam:beam-runners-direct-java) on the classpath:\n\
         //   mvn compile exec:java -Dexec.mainClass=WindowpanePipeline\n\
         // On Dataflow: --runner=DataflowRunner --project=PROJECT --region=REGION --streaming=true\n\
         // On Flink:    --runner=FlinkRunner --flinkMaster=HOST:8081 --streaming=true\n\
         // (with a real source instead of the TestStream, which only the DirectRunner runs).\n",
    );
    if !warnings.is_empty() {
        let _ = writeln!(code, "//\n// NOT EXPRESSIBLE IN BEAM JAVA: this program differs from the scenario here:");
        for w in &warnings {
            let _ = writeln!(code, "//   - {}", java_comment(w));
        }
    }
    code.push_str(IMPORTS);
    code.push_str("\npublic class WindowpanePipeline {\n");
    windowing(&mut code, source.pipeline);
    combine(&mut code, source.pipeline.combine);
    test_stream(&mut code, source)?;
    code.push_str(PANE_RECORD);
    code.push_str(MAIN);
    code.push_str("}\n");
    Ok(Export { code, warnings })
}

const IMPORTS: &str = r#"
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterAll;
import org.apache.beam.sdk.transforms.windowing.AfterEach;
import org.apache.beam.sdk.transforms.windowing.AfterFirst;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Never;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
"#;

fn ms(d: i64) -> String {
    format!("Duration.millis({d}L)")
}

fn windowing(code: &mut String, p: &Pipeline) {
    let window_fn = match p.window {
        WindowFn::Global => "new GlobalWindows()".to_string(),
        WindowFn::Fixed { size, offset } => format!("FixedWindows.of({}).withOffset({})", ms(size), ms(offset)),
        WindowFn::Sliding { size, period, offset } => {
            format!("SlidingWindows.of({}).every({}).withOffset({})", ms(size), ms(period), ms(offset))
        }
        WindowFn::Sessions { gap } => format!("Sessions.withGapDuration({})", ms(gap)),
    };
    let accumulation = match p.accumulation {
        AccumulationMode::Discarding => ".discardingFiredPanes()",
        AccumulationMode::Accumulating => ".accumulatingFiredPanes()",
        AccumulationMode::AccumulatingAndRetracting => {
            ".accumulatingFiredPanes() /* NOT EXPRESSIBLE: accumulating_and_retracting */"
        }
    };
    let closing = match p.closing_behavior {
        ClosingBehavior::FireIfNonEmpty => "Window.ClosingBehavior.FIRE_IF_NON_EMPTY",
        ClosingBehavior::FireAlways => "Window.ClosingBehavior.FIRE_ALWAYS",
    };
    let on_time = match p.on_time_behavior {
        OnTimeBehavior::FireAlways => "Window.OnTimeBehavior.FIRE_ALWAYS",
        OnTimeBehavior::FireIfNonEmpty => "Window.OnTimeBehavior.FIRE_IF_NON_EMPTY",
    };
    let combiner = match p.timestamp_combiner {
        TimestampCombiner::EndOfWindow => "TimestampCombiner.END_OF_WINDOW",
        TimestampCombiner::Earliest => "TimestampCombiner.EARLIEST",
        TimestampCombiner::Latest => "TimestampCombiner.LATEST",
    };
    let _ = write!(
        code,
        r#"
  /** The windowing strategy: lift it into your own pipeline. Allowed lateness {lateness}. */
  static class Windowing
      extends PTransform<PCollection<KV<String, Double>>, PCollection<KV<String, Double>>> {{
    @Override
    public PCollection<KV<String, Double>> expand(PCollection<KV<String, Double>> input) {{
      return input.apply(
          Window.<KV<String, Double>>into({window_fn})
              .triggering({trigger})
              .withAllowedLateness({lateness_arg}, {closing})
              .withOnTimeBehavior({on_time})
              .withTimestampCombiner({combiner})
              {accumulation});
    }}
  }}
"#,
        trigger = trigger_expr(&p.trigger),
        lateness = span(p.allowed_lateness),
        lateness_arg = ms(p.allowed_lateness),
    );
}

/// Whether Java types the trigger as a `OnceTrigger` (required for early/late firings and
/// `orFinally`'s argument).
fn is_once(t: &Trigger) -> bool {
    match t {
        Trigger::AfterProcessingTime { .. } | Trigger::AfterCount { .. } | Trigger::Never => true,
        Trigger::AfterWatermark { early, late } => early.is_none() && late.is_none(),
        Trigger::AfterAny(ts) | Trigger::AfterAll(ts) => ts.iter().all(is_once),
        Trigger::Default | Trigger::Repeatedly(_) | Trigger::AfterEach(_) | Trigger::OrFinally { .. } => false,
    }
}

/// The once-trigger of an implicitly repeated firing (early/late): `Repeatedly(x)` is `x`.
fn firing(t: &Trigger) -> &Trigger {
    match t {
        Trigger::Repeatedly(inner) => inner,
        other => other,
    }
}

fn java_trigger_limits(t: &Trigger, out: &mut Vec<String>) {
    match t {
        Trigger::AfterWatermark { early, late } => {
            for (name, x) in [("early", early), ("late", late)] {
                if let Some(x) = x {
                    if !is_once(firing(x)) {
                        out.push(format!(
                            "after_watermark {name}: Beam Java's withEarlyFirings/withLateFirings take a \
                             OnceTrigger, not {}",
                            trigger_expr(firing(x))
                        ));
                    }
                    java_trigger_limits(x, out);
                }
            }
        }
        Trigger::OrFinally { trigger, until } => {
            if !is_once(until) {
                out.push(format!("or_finally until: Beam Java's orFinally takes a OnceTrigger, not {}", trigger_expr(until)));
            }
            java_trigger_limits(trigger, out);
            java_trigger_limits(until, out);
        }
        Trigger::Repeatedly(x) => java_trigger_limits(x, out),
        Trigger::AfterEach(ts) | Trigger::AfterAny(ts) | Trigger::AfterAll(ts) => {
            ts.iter().for_each(|x| java_trigger_limits(x, out))
        }
        Trigger::Default | Trigger::Never | Trigger::AfterCount { .. } | Trigger::AfterProcessingTime { .. } => {}
    }
}

fn trigger_expr(t: &Trigger) -> String {
    let list = |name: &str, ts: &[Trigger]| {
        let args: Vec<String> = ts.iter().map(trigger_expr).collect();
        if ts.iter().all(is_once) {
            format!("{name}.of({})", args.join(", "))
        } else {
            format!("{name}.of(Arrays.<Trigger>asList({}))", args.join(", "))
        }
    };
    match t {
        Trigger::Default => "DefaultTrigger.of()".into(),
        Trigger::Never => "Never.ever()".into(),
        Trigger::AfterWatermark { early, late } => {
            let mut s = "AfterWatermark.pastEndOfWindow()".to_string();
            if let Some(e) = early {
                s.push_str(&format!(".withEarlyFirings({})", trigger_expr(firing(e))));
            }
            if let Some(l) = late {
                s.push_str(&format!(".withLateFirings({})", trigger_expr(firing(l))));
            }
            s
        }
        Trigger::AfterProcessingTime { delay, align } => {
            let mut s = format!("AfterProcessingTime.pastFirstElementInPane().plusDelayOf({})", ms(*delay));
            if let Some(a) = align {
                s.push_str(&format!(".alignedTo({}, new Instant({}L))", ms(a.period), a.offset));
            }
            s
        }
        Trigger::AfterCount { count } => format!("AfterPane.elementCountAtLeast({count})"),
        Trigger::Repeatedly(inner) => format!("Repeatedly.forever({})", trigger_expr(inner)),
        Trigger::AfterEach(ts) => {
            format!("AfterEach.inOrder({})", ts.iter().map(trigger_expr).collect::<Vec<_>>().join(", "))
        }
        Trigger::AfterAny(ts) => list("AfterFirst", ts),
        Trigger::AfterAll(ts) => list("AfterAll", ts),
        Trigger::OrFinally { trigger, until } => format!("{}.orFinally({})", trigger_expr(trigger), trigger_expr(until)),
    }
}

fn combine(code: &mut String, c: Combiner) {
    let (what, extract) = match c {
        Combiner::Sum => ("the sum of its values (0 when empty)", "double s = 0; for (KV<Long, Double> v : acc) s += v.getValue(); return num(s);"),
        Combiner::Count => ("the number of its elements (0 when empty)", "return Integer.toString(acc.size());"),
        Combiner::Min => ("the smallest of its values (null when empty)", "Double m = null; for (KV<Long, Double> v : acc) if (m == null || v.getValue() < m) m = v.getValue(); return m == null ? \"null\" : num(m);"),
        Combiner::Max => ("the largest of its values (null when empty)", "Double m = null; for (KV<Long, Double> v : acc) if (m == null || v.getValue() > m) m = v.getValue(); return m == null ? \"null\" : num(m);"),
        Combiner::Mean => ("the mean of its values (null when empty)", "if (acc.isEmpty()) return \"null\"; double s = 0; for (KV<Long, Double> v : acc) s += v.getValue(); return num(s / acc.size());"),
        Combiner::Latest => ("the value with the latest event time, ties to the later arrival (null when empty)", "KV<Long, Double> l = null; for (KV<Long, Double> v : acc) if (l == null || v.getKey() >= l.getKey()) l = v; return l == null ? \"null\" : num(l.getValue());"),
        Combiner::Collect => ("the list of its values in arrival order ([] when empty)", "List<String> xs = new ArrayList<>(); for (KV<Long, Double> v : acc) xs.add(num(v.getValue())); return \"[\" + String.join(\", \", xs) + \"]\";"),
    };
    let _ = write!(
        code,
        r#"
  /**
   * The pane's value as JSON: {what}. Inputs are (event time in ms, value); the accumulator
   * keeps them in arrival order, which is plenty for a playground-sized stream. In production
   * use Sum.doublesPerKey(), Count.perKey(), Mean.perKey(), Latest.perKey(), ... instead.
   */
  static class PaneValue extends Combine.CombineFn<KV<Long, Double>, List<KV<Long, Double>>, String> {{
    @Override public List<KV<Long, Double>> createAccumulator() {{ return new ArrayList<>(); }}
    @Override public List<KV<Long, Double>> addInput(List<KV<Long, Double>> acc, KV<Long, Double> v) {{
      acc.add(v);
      return acc;
    }}
    @Override public List<KV<Long, Double>> mergeAccumulators(Iterable<List<KV<Long, Double>>> accs) {{
      List<KV<Long, Double>> all = new ArrayList<>();
      for (List<KV<Long, Double>> a : accs) all.addAll(a);
      return all;
    }}
    @Override public String extractOutput(List<KV<Long, Double>> acc) {{
      {extract}
    }}
    @Override public Coder<List<KV<Long, Double>>> getAccumulatorCoder(CoderRegistry r, Coder<KV<Long, Double>> in) {{
      return ListCoder.of(KvCoder.of(VarLongCoder.of(), DoubleCoder.of()));
    }}
  }}

  static String num(double x) {{
    return x == Math.rint(x) && Math.abs(x) < 9.007199254740992E15 ? Long.toString((long) x) : Double.toString(x);
  }}

  /** Pairs each value with its event time (for latest), then combines per key and window. */
  static class CombineValues
      extends PTransform<PCollection<KV<String, Double>>, PCollection<KV<String, String>>> {{
    @Override
    public PCollection<KV<String, String>> expand(PCollection<KV<String, Double>> input) {{
      return input
          .apply("WithEventTime", ParDo.of(new DoFn<KV<String, Double>, KV<String, KV<Long, Double>>>() {{
            @ProcessElement
            public void process(@Element KV<String, Double> e, @Timestamp Instant t,
                OutputReceiver<KV<String, KV<Long, Double>>> out) {{
              out.output(KV.of(e.getKey(), KV.of(t.getMillis(), e.getValue())));
            }}
          }}))
          .apply("Combine", Combine.perKey(new PaneValue()));
    }}
  }}
"#
    );
}

fn test_stream(code: &mut String, source: &Source) -> Result<(), ExportError> {
    code.push_str(
        r#"
  /**
   * The scenario's input as a TestStream. To run on real data, replace it with a source of
   * KV<String, Double> with event-time timestamps: PubsubIO.readStrings().fromSubscription(...)
   * .withTimestampAttribute("event_time"), KafkaIO.read()...withCreateTime(...), or
   * KinesisIO.read()... followed by parsing and WithTimestamps.of(...).
   *
   * The test clock starts at the scenario's first happening and advances by the time between
   * happenings (the comments give the scenario's clock). At one processing time the timers due
   * then fire first, then the elements of that time come as one bundle, then the watermark moves:
   * windowpane's order at one instant.
   */
  static TestStream<KV<String, Double>> events() {
    return TestStream.create(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
"#,
    );
    for step in source.steps()? {
        match step {
            Step::AdvanceProcessingTime { to, by } => {
                let _ = writeln!(code, "        .advanceProcessingTime({}) // processing time {}", ms(by), clock(to));
            }
            Step::AddElements(bundle) => {
                // One bundle: every element arriving at this processing time.
                let values: Vec<String> = bundle
                    .iter()
                    .map(|e| {
                        format!(
                            "TimestampedValue.of(KV.of({}, {}), new Instant({}L)) /* event time {} */",
                            quoted(&e.key),
                            java_double(e.value),
                            e.event_time,
                            clock(e.event_time)
                        )
                    })
                    .collect();
                if values.len() == 1 {
                    let _ = writeln!(code, "        .addElements({})", values[0]);
                } else {
                    let _ = writeln!(code, "        .addElements(\n            {})", values.join(",\n            "));
                }
            }
            Step::AdvanceWatermark { to } => {
                let _ = writeln!(code, "        .advanceWatermarkTo(new Instant({to}L)) // watermark {}", clock(to));
            }
            // Java's TestStream ends at the watermark's move to infinity; its runner core
            // garbage-collects every window there, so no timer is left pending.
            Step::WatermarkToInfinity => {
                let _ = writeln!(code, "        .advanceWatermarkToInfinity(); // end of input");
            }
        }
    }
    code.push_str("  }\n");
    Ok(())
}

fn java_double(x: f64) -> String {
    let n = number(x);
    if n.contains(['.', 'e', 'E']) {
        n
    } else {
        format!("{n}.0")
    }
}

const PANE_RECORD: &str = r#"
  /** Each pane as a windowpane pane record (JSON, times in ms; emitted_at is not readable). */
  static class PaneRecord extends DoFn<KV<String, String>, String> {
    @ProcessElement
    public void process(@Element KV<String, String> e, @Timestamp Instant t, BoundedWindow w,
        PaneInfo pane, OutputReceiver<String> out) {
      boolean global = !(w instanceof IntervalWindow);
      String start = global ? "null" : Long.toString(((IntervalWindow) w).start().getMillis());
      String end = global ? "null" : Long.toString(((IntervalWindow) w).end().getMillis());
      boolean early = pane.getTiming() == PaneInfo.Timing.EARLY;
      out.output("{\"key\": " + quote(e.getKey())
          + ", \"window\": {\"start\": " + start + ", \"end\": " + end + "}"
          + ", \"value\": " + e.getValue()
          + ", \"timing\": \"" + pane.getTiming() + "\""
          + ", \"index\": " + pane.getIndex()
          + ", \"on_time_index\": " + (early ? "null" : Long.toString(pane.getNonSpeculativeIndex()))
          + ", \"is_first\": " + pane.isFirst()
          + ", \"is_last\": " + pane.isLast()
          + ", \"timestamp\": "
          + (t.isBefore(GlobalWindow.INSTANCE.maxTimestamp()) ? Long.toString(t.getMillis()) : "null")
          + ", \"emitted_at\": null, \"retraction\": false}");
    }

    static String quote(String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }
"#;

const MAIN: &str = r#"
  public static void main(String[] args) {
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().create();
    options.as(StreamingOptions.class).setStreaming(true);
    Pipeline p = Pipeline.create(options);
    p.apply("Events", events())
        .apply("Windowing", new Windowing())
        .apply("Combine", new CombineValues())
        .apply("PaneRecords", ParDo.of(new PaneRecord()))
        .apply("Print", ParDo.of(new DoFn<String, Void>() {
          @ProcessElement
          public void process(@Element String line) {
            System.out.println(line);
          }
        }));
    p.run().waitUntilFinish();
  }
"#;
