//! `windowpane bench`: events per second of the engine over generated streams.

use std::time::Instant;
use windowpane_engine::{run, AccumulationMode, Event, Input, Pipeline, Trigger, WatermarkModel, WindowFn};

/// Measure the engine's throughput: 1,000 keys, out-of-order arrivals, at growing sizes.
#[derive(clap::Args)]
pub struct Args {
    /// Stream sizes to measure (events).
    #[arg(long, value_delimiter = ',', default_values_t = vec![100_000usize, 1_000_000, 10_000_000])]
    sizes: Vec<usize>,
    /// Only the configurations whose name contains this text.
    #[arg(long)]
    only: Option<String>,
}

const MINUTE: i64 = 60_000;

/// The measured configurations: name and pipeline.
fn configurations() -> Vec<(&'static str, Pipeline)> {
    let early_late = Trigger::AfterWatermark {
        early: Some(Box::new(Trigger::AfterProcessingTime { delay: MINUTE, align: None })),
        late: Some(Box::new(Trigger::AfterCount { count: 1 })),
    };
    vec![
        ("fixed 1m, default trigger", Pipeline::new(WindowFn::Fixed { size: MINUTE, offset: 0 })),
        (
            "sliding 10m/1m, default trigger",
            Pipeline::new(WindowFn::Sliding { size: 10 * MINUTE, period: MINUTE, offset: 0 }),
        ),
        ("sessions gap 1m, default trigger", Pipeline::new(WindowFn::Sessions { gap: MINUTE })),
        (
            "fixed 1m, early/on-time/late, accumulating",
            Pipeline {
                trigger: early_late,
                accumulation: AccumulationMode::Accumulating,
                allowed_lateness: 10 * MINUTE,
                ..Pipeline::new(WindowFn::Fixed { size: MINUTE, offset: 0 })
            },
        ),
    ]
}

/// `n` events of 1,000 keys, 10,000 events per second of event time, each arriving 0–10 s after
/// it happened (a deterministic pseudo-random delay), listed in arrival order.
pub fn generate(n: usize) -> Vec<Event> {
    let keys: Vec<String> = (0..1000).map(|k| format!("key-{k:03}")).collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut events: Vec<Event> = (0..n)
        .map(|i| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let r = state >> 33;
            let event_time = i as i64 / 10;
            Event {
                key: keys[(r % 1000) as usize].clone(),
                value: (r % 10) as f64,
                event_time,
                arrival: event_time + (r % 10_000) as i64,
            }
        })
        .collect();
    events.sort_by_key(|e| e.arrival);
    events
}

/// CPU time this thread has used, in seconds, where Linux tells it (`/proc/thread-self/schedstat`):
/// on a busy machine, wall time says more about the neighbours than about the engine.
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Prints one line per configuration and size: events, wall and CPU seconds, events per CPU
/// second (per wall second where CPU time is not available), panes.
pub fn execute(args: Args) -> anyhow::Result<()> {
    println!(
        "{:<44} {:>11} {:>9} {:>9} {:>14} {:>10}",
        "configuration", "events", "wall s", "cpu s", "events/cpu-s", "panes"
    );
    for &n in &args.sizes {
        let events = generate(n);
        let input = Input {
            events,
            watermark: WatermarkModel::BoundedOutOfOrderness { max_delay: 5_000 },
            end_of_input: None,
        };
        for (name, pipeline) in configurations() {
            if args.only.as_deref().is_some_and(|o| !name.contains(o)) {
                continue;
            }
            let (start, cpu_start) = (Instant::now(), cpu_seconds());
            let output = run(&pipeline, &input);
            let wall = start.elapsed().as_secs_f64();
            let cpu = cpu_start.zip(cpu_seconds()).map(|(a, b)| b - a);
            println!(
                "{:<44} {:>11} {:>9.3} {:>9} {:>14.0} {:>10}",
                name,
                n,
                wall,
                cpu.map_or("-".to_string(), |c| format!("{c:.3}")),
                n as f64 / cpu.unwrap_or(wall),
                output.panes.len()
            );
        }
    }
    Ok(())
}
