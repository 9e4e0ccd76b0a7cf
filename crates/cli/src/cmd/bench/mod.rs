//! `windowpane bench`: the engine's CPU time per event over generated streams, beside a minimal
//! loop doing the same work (see `baseline`), measured interleaved on an exact per-thread clock.

mod baseline;
pub(crate) mod clock;
mod file;

use std::time::Instant;
use windowpane_engine::{run_keyed, AccumulationMode, Event, Input, KeyedInput, Pipeline, Trigger, WatermarkModel, WindowFn};

/// Measure the engine's throughput: out-of-order arrivals, at growing sizes and numbers of keys.
#[derive(clap::Args)]
pub struct Args {
    /// Stream sizes to measure (events).
    #[arg(long, value_delimiter = ',', default_values_t = vec![100_000usize, 1_000_000, 10_000_000])]
    sizes: Vec<usize>,
    /// Numbers of distinct keys to measure.
    #[arg(long, value_delimiter = ',', default_values_t = vec![1_000usize])]
    keys: Vec<usize>,
    /// Runs of each configuration (engine and baseline alternate); the medians are printed.
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Only the configurations whose name contains this text.
    #[arg(long)]
    only: Option<String>,
    /// Instead of generated streams: this scenario file end to end, its stages (read, parse,
    /// input, engine, output) timed apart.
    #[arg(long)]
    file: Option<String>,
    /// Write the generated stream of the first of `--sizes` events and the first of `--keys`
    /// keys as a scenario file (fixed 1m windows, the bench's watermark) for `--file`, and stop.
    #[arg(long)]
    write_file: Option<String>,
}

const MINUTE: i64 = 60_000;
const MAX_DELAY: i64 = 5_000;

/// The measured configurations: name, pipeline, and windows per element (for the cost per
/// window assigned).
fn configurations() -> Vec<(&'static str, Pipeline, u64)> {
    let early_late = Trigger::AfterWatermark {
        early: Some(Box::new(Trigger::AfterProcessingTime { delay: MINUTE, align: None })),
        late: Some(Box::new(Trigger::AfterCount { count: 1 })),
    };
    let sliding = |size: i64| Pipeline::new(WindowFn::Sliding { size: size * MINUTE, period: MINUTE, offset: 0 });
    vec![
        (FIXED, Pipeline::new(WindowFn::Fixed { size: MINUTE, offset: 0 }), 1),
        ("sliding 10m/1m, default trigger", sliding(10), 10),
        ("sliding 60m/1m, default trigger", sliding(60), 60),
        ("sessions gap 1m, default trigger", Pipeline::new(WindowFn::Sessions { gap: MINUTE }), 1),
        (
            "fixed 1m, early/on-time/late, accumulating",
            Pipeline {
                trigger: early_late,
                accumulation: AccumulationMode::Accumulating,
                allowed_lateness: 10 * MINUTE,
                ..Pipeline::new(WindowFn::Fixed { size: MINUTE, offset: 0 })
            },
            1,
        ),
    ]
}

/// The configuration the minimal loop (`baseline`) reproduces.
const FIXED: &str = "fixed 1m, default trigger";

/// `n` events of `keys` keys, 10,000 events per second of event time, each arriving 0–10 s after
/// it happened (a deterministic pseudo-random delay), listed in arrival order.
pub fn generate(n: usize, keys: usize) -> Vec<Event> {
    let names: Vec<String> = (0..keys.max(1)).map(|k| format!("key-{k:03}")).collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut events: Vec<Event> = (0..n)
        .map(|i| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let r = state >> 33;
            let event_time = i as i64 / 10;
            Event {
                key: names[(r % names.len() as u64) as usize].clone(),
                value: (r % 10) as f64,
                event_time,
                arrival: event_time + (r % 10_000) as i64,
            }
        })
        .collect();
    events.sort_by_key(|e| e.arrival);
    events
}

/// CPU seconds (wall seconds where the thread clock is missing) that `f` takes, and its result.
fn timed<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let (wall, cpu) = (Instant::now(), clock::thread_cpu_seconds());
    let out = f();
    let spent = cpu.zip(clock::thread_cpu_seconds()).map_or(wall.elapsed().as_secs_f64(), |(a, b)| b - a);
    (spent, out)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The engine's panes of the fixed configuration as the baseline writes them, sorted, so the two
/// can be compared: the baseline must do the same work, or its time means nothing.
fn engine_as_baseline(events: &[Event], ids: &[u32], out: &windowpane_engine::Output) -> Vec<baseline::BasePane> {
    let id_of: std::collections::HashMap<&str, u32> =
        events.iter().zip(ids).map(|(e, &id)| (e.key.as_str(), id)).collect();
    let mut panes: Vec<_> = out
        .panes
        .iter()
        .map(|p| {
            let start = match p.window {
                windowpane_engine::Window::Interval { start, .. } => start,
                windowpane_engine::Window::Global => i64::MIN,
            };
            let value = match p.value {
                windowpane_engine::Value::Number(v) => v,
                _ => f64::NAN,
            };
            (id_of[p.key.as_str()], start, value)
        })
        .collect();
    panes.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    panes
}

/// Prints the machine's load, then one line per size, keys and configuration: median CPU seconds,
/// events per CPU second, nanoseconds per event and per window assigned, panes; for the fixed
/// configuration also the baseline's figures and the median of the engine/baseline ratios of the
/// interleaved pairs.
pub fn execute(args: Args) -> anyhow::Result<()> {
    let repeat = args.repeat.max(1);
    println!("load average at start: {}", clock::load_average());
    if let Some(path) = &args.write_file {
        let (n, keys) = (args.sizes.first().copied().unwrap_or(0), args.keys.first().copied().unwrap_or(1));
        std::fs::write(path, file::scenario_text(&generate(n, keys), MAX_DELAY))
            .map_err(|e| anyhow::anyhow!("cannot write {path}: {e}"))?;
        println!("wrote {path}: {n} events of {keys} keys");
        return Ok(());
    }
    if let Some(path) = &args.file {
        println!("clock: clock_gettime(CLOCK_THREAD_CPUTIME_ID); medians of {repeat} runs");
        file::execute(path, repeat)?;
        println!("load average at end: {}", clock::load_average());
        return Ok(());
    }
    println!("clock: clock_gettime(CLOCK_THREAD_CPUTIME_ID); medians of {repeat} interleaved runs");
    println!(
        "{:<44} {:>10} {:>8} {:>8} {:>13} {:>8} {:>9} {:>9}",
        "configuration", "events", "keys", "cpu s", "events/cpu-s", "ns/event", "ns/window", "panes"
    );
    for &n in &args.sizes {
        for &keys in &args.keys {
            let events = generate(n, keys);
            let input = Input {
                events,
                watermark: WatermarkModel::BoundedOutOfOrderness { max_delay: MAX_DELAY },
                end_of_input: None,
            };
            let ids = baseline::key_ids(&input.events);
            // The engine's input as a reader that interns keys gives it: ids and one table of names.
            let keyed = KeyedInput::new(&input);
            for (name, pipeline, per_element) in configurations() {
                if args.only.as_deref().is_some_and(|o| !name.contains(o)) {
                    continue;
                }
                let with_baseline = name == FIXED;
                let (mut engine, mut base, mut ratios, mut panes) = (vec![], vec![], vec![], 0);
                for _ in 0..repeat {
                    let (t, out) = timed(|| run_keyed(&pipeline, &keyed));
                    panes = out.panes.len();
                    engine.push(t);
                    if with_baseline {
                        let (b, base_panes) = timed(|| baseline::fixed_sums(&input.events, &ids, MINUTE, MAX_DELAY));
                        let mut base_sorted = base_panes;
                        base_sorted.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
                        anyhow::ensure!(
                            base_sorted == engine_as_baseline(&input.events, &ids, &out),
                            "the baseline's panes differ from the engine's: the baseline does not do the same work"
                        );
                        base.push(b);
                        ratios.push(t / b);
                    }
                }
                let line = |label: &str, cpu: f64, windows: u64| {
                    println!(
                        "{:<44} {:>10} {:>8} {:>8.4} {:>13.0} {:>8.1} {:>9.2} {:>9}",
                        label,
                        n,
                        keys,
                        cpu,
                        n as f64 / cpu,
                        cpu * 1e9 / n as f64,
                        cpu * 1e9 / (n as f64 * windows as f64),
                        panes
                    )
                };
                line(name, median(engine), per_element);
                if with_baseline {
                    line("  baseline (minimal loop, same panes)", median(base), 1);
                    println!("  engine / baseline, median of pairs: {:.2}x", median(ratios));
                }
            }
        }
    }
    println!("load average at end: {}", clock::load_average());
    Ok(())
}
