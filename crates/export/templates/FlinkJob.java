__HEADER__
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.GlobalWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.ContinuousEventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.ContinuousProcessingTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.CountTrigger;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.ProcessingTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.PurgingTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.GlobalWindow;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.api.windowing.windows.Window;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

public class __CLASS__ {

  /** One scenario event (or, with {@code mark}, one move of the replayed watermark). */
  public static class Reading {
    public String key;
    public double value;
    /** Event time, ms since the epoch. */
    public long timestamp;
    /** When the scenario makes it arrive (ms), for the pane records' emitted_at. */
    public long arrival;
    /** The event's index in the scenario, for the late-data records. */
    public int index;
    /** A watermark mark, not an event: at {@code arrival} the watermark becomes {@code watermark}. */
    public boolean mark;
    public long watermark;

    public Reading() {}

    static Reading event(int index, String key, double value, long timestamp, long arrival) {
      Reading r = new Reading();
      r.index = index;
      r.key = key;
      r.value = value;
      r.timestamp = timestamp;
      r.arrival = arrival;
      return r;
    }

    static Reading mark(long at, long watermark) {
      Reading r = new Reading();
      r.mark = true;
      r.key = "";
      r.arrival = at;
      r.timestamp = watermark;
      r.watermark = watermark;
      return r;
    }
  }

  /** Where late readings go (WindowOperator's late-data side output). */
  public static final OutputTag<Reading> LATE = new OutputTag<Reading>("late") {};

  // ---------------------------------------------------------------------------------------------
  // The windowing: the part to lift into your own job.
  // ---------------------------------------------------------------------------------------------

  /**
   * The scenario's windowing step: readings keyed by their key, __WINDOWING_DOC__.
   * Each firing becomes a pane record; late readings go to {@link #LATE}.
   */
  public static SingleOutputStreamOperator<String> windowing(DataStream<Reading> readings) {
    return readings
        .keyBy(r -> r.key)
        .window(__ASSIGNER__)
        // Labelled only records what made each firing (for the pane records); in your own job
        // write .trigger(__TRIGGER_PLAIN__).
        .trigger(new Labelled<>(__TRIGGER__))
        .allowedLateness(Duration.ofMillis(__LATENESS__L))
        .sideOutputLateData(LATE)
        .process(new PaneRecords<__WINDOW_CLASS__>());
  }

  /** The aggregate (__COMBINE_NAME__) over a window's readings, as a JSON value. */
  static String aggregate(Iterable<Reading> readings) {
__AGGREGATE__
  }
__EXTRA_TRIGGERS__
  // ---------------------------------------------------------------------------------------------
  // The source: the scenario's events, bounded, with the scenario's watermarks.
  // ---------------------------------------------------------------------------------------------

  /** The scenario's events in arrival order, each watermark move as a mark after the arrivals of its instant. */
  static List<Reading> scenario() {
    List<Reading> r = new ArrayList<>();
__READING_CALLS__
    return r;
  }
__READING_PARTS__
  /**
   * A punctuated generator: the watermark moves exactly at the scenario's marks and never on the
   * wall clock, so the run is deterministic.
   */
  static final class ScenarioWatermarks implements WatermarkGenerator<Reading> {
    @Override
    public void onEvent(Reading r, long timestamp, WatermarkOutput output) {
      if (r.mark) {
        output.emitWatermark(new Watermark(r.watermark));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  // The readings with their timestamps and watermarks.
  //
  // To run on real data, replace this method's body with your source, for example Kinesis
  // (flink-connector-aws-kinesis-streams) or Kafka (flink-connector-kafka):
  //
  //   KinesisStreamsSource<Reading> source = KinesisStreamsSource.<Reading>builder()
  //       .setStreamArn("arn:aws:kinesis:REGION:ACCOUNT:stream/NAME")
  //       .setDeserializationSchema(new YourReadingSchema())
  //       .build();
  //   // or KafkaSource.<Reading>builder().setBootstrapServers("HOST:9092").setTopics("readings")...
  //   return env.fromSource(source,
  //       __REAL_STRATEGY__
  //           .withTimestampAssigner((r, previous) -> r.timestamp),
  //       "readings");
  //
  // __REAL_STRATEGY_NOTE__
  // Each Kinesis shard (Kafka partition) is a source split with its own watermark; the source
  // emits the minimum over the splits that are not idle (withIdleness lets an idle one go).
  public static DataStream<Reading> readings(StreamExecutionEnvironment env) {
    return env.fromData(scenario())
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<Reading>forGenerator(context -> new ScenarioWatermarks())
                .withTimestampAssigner((r, previous) -> r.timestamp))
        .filter(r -> !r.mark);
  }

  // ---------------------------------------------------------------------------------------------
  // The pane records (windowpane's format, one JSON object a line).
  // ---------------------------------------------------------------------------------------------

  /** What made a window fire, recorded by {@link Labelled} just before the window function runs. */
  static final class Firing {
    String timing;
    String cause;
    long at;
    /** The timer's time, for a firing by a timer (null in the record for an element's). */
    Long timer;
  }

  static final ThreadLocal<Firing> LAST_FIRING = ThreadLocal.withInitial(Firing::new);

  /** When (in the scenario's processing time) each watermark value was reached: the marks' to -> at. */
  static final TreeMap<Long, Long> WATERMARK_AT = new TreeMap<>();

  static {
    for (Reading m : scenario()) {
      if (m.mark) {
        WATERMARK_AT.putIfAbsent(m.watermark, m.arrival);
      }
    }
  }

  /** When the watermark reached {@code watermark}. */
  static long watermarkAt(long watermark) {
    Map.Entry<Long, Long> e = WATERMARK_AT.ceilingEntry(watermark);
    return e != null ? e.getValue() : WATERMARK_AT.lastEntry().getValue();
  }

  /**
   * Delegates every call to the trigger unchanged, and notes what made it fire: an element
   * (EARLY while the watermark is before the window's max timestamp, else LATE), an event-time
   * timer (ON_TIME at the max timestamp, EARLY before, LATE after) or a processing-time timer.
   * Flink has no PaneInfo: these labels are windowpane's.
   */
  static final class Labelled<W extends Window> extends Trigger<Reading, W> {
    private final Trigger<? super Reading, W> trigger;

    Labelled(Trigger<? super Reading, W> trigger) {
      this.trigger = trigger;
    }

    private static TriggerResult note(TriggerResult r, String timing, String cause, long at, Long timer) {
      if (r.isFire()) {
        Firing f = LAST_FIRING.get();
        f.timing = timing;
        f.cause = cause;
        f.at = at;
        f.timer = timer;
      }
      return r;
    }

    @Override
    public TriggerResult onElement(Reading r, long timestamp, W window, TriggerContext ctx) throws Exception {
      String timing = ctx.getCurrentWatermark() < window.maxTimestamp() ? "EARLY" : "LATE";
      return note(trigger.onElement(r, timestamp, window, ctx), timing, "element", r.arrival, null);
    }

    @Override
    public TriggerResult onEventTime(long time, W window, TriggerContext ctx) throws Exception {
      long max = window.maxTimestamp();
      String timing = time == max ? "ON_TIME" : time < max ? "EARLY" : "LATE";
      return note(trigger.onEventTime(time, window, ctx), timing, "watermark", watermarkAt(ctx.getCurrentWatermark()), time);
    }

    @Override
    public TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) throws Exception {
      String timing = ctx.getCurrentWatermark() < window.maxTimestamp() ? "EARLY" : "LATE";
      return note(trigger.onProcessingTime(time, window, ctx), timing, "processing_time", time, time);
    }

    @Override
    public boolean canMerge() {
      return trigger.canMerge();
    }

    @Override
    public void onMerge(W window, OnMergeContext ctx) throws Exception {
      trigger.onMerge(window, ctx);
    }

    @Override
    public void clear(W window, TriggerContext ctx) throws Exception {
      trigger.clear(window, ctx);
    }
  }

  /**
   * Emits each firing as a pane record (with, beyond windowpane's fields, the time of the timer
   * that fired it); counts each window's firings in the key's state.
   */
  static final class PaneRecords<W extends Window> extends ProcessWindowFunction<Reading, String, String, W> {
    private final MapStateDescriptor<String, Long> firings =
        new MapStateDescriptor<>("firings", String.class, Long.class);

    @Override
    public void process(String key, Context context, Iterable<Reading> readings, Collector<String> out) throws Exception {
      W w = context.window();
      String window = w instanceof TimeWindow
          ? "{\"start\": " + ((TimeWindow) w).getStart() + ", \"end\": " + ((TimeWindow) w).getEnd() + "}"
          : "{\"start\": null, \"end\": null}";
      MapState<String, Long> counts = context.globalState().getMapState(firings);
      Long seen = counts.get(window);
      long index = seen == null ? 0 : seen;
      counts.put(window, index + 1);
      Firing f = LAST_FIRING.get();
      long max = w.maxTimestamp();
      out.collect("{\"key\": " + quote(key) + ", \"window\": " + window + ", \"value\": " + aggregate(readings)
          + ", \"timing\": \"" + f.timing + "\", \"index\": " + index + ", \"on_time_index\": null"
          + ", \"is_first\": " + (index == 0) + ", \"is_last\": false"
          + ", \"timestamp\": " + (max == Long.MAX_VALUE ? "null" : Long.toString(max))
          + ", \"emitted_at\": " + f.at + ", \"retraction\": false, \"cause\": \"" + f.cause + "\""
          + ", \"timer\": " + f.timer + "}");
    }
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  static String number(double x) {
    return x == Math.rint(x) && Math.abs(x) < 9.007199254740992E15 ? Long.toString((long) x) : Double.toString(x);
  }

  // ---------------------------------------------------------------------------------------------
  // The job.
  // ---------------------------------------------------------------------------------------------

  /** The whole job: the pane records, then a record for each reading on the late-data side output. */
  public static DataStream<String> job(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<String> panes = windowing(readings(env));
    return panes.union(panes.getSideOutput(LATE).map(r -> "{\"side_output\": " + r.index + "}"));
  }

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    try (CloseableIterator<String> lines = job(env).executeAndCollect(__JOB_NAME__)) {
      while (lines.hasNext()) {
        System.out.println(lines.next());
      }
    }
  }
}
