//! `windowpane ingest`: the transport's statistics per shard or group, streamed (no list of all
//! events is kept), and `--bench`: a large generated fleet through Kinesis, timed.

use super::bench::clock::thread_cpu_seconds;
use crate::source;
use anyhow::{bail, Result};
use std::io::Write;
use std::time::Instant;
use windowpane_ingest::solve::{Bounds, Solution, Target};
use windowpane_ingest::{simulate, Discard, Fleet, GenerateSpec, IngestSpec, Options, Report, Syntax};

/// Simulate the transport (Kinesis, SQS FIFO, SQS standard, direct) and print its statistics per shard or group.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file (with an `ingest` and usually a `generate` section; `-` reads standard input).
    pub scenario: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// With `--format json`: include backlog and latency per lane over processing time.
    #[arg(long)]
    pub timelines: bool,
    /// Also draw each shard's watermark and the combined watermark's lag behind the newest event
    /// over processing time, as an SVG file.
    #[arg(long, value_name = "FILE")]
    pub watermark_svg: Option<String>,
    /// Benchmark: a generated fleet through Kinesis; prints events/s and peak RSS.
    #[arg(long)]
    pub bench: bool,
    /// Benchmark devices.
    #[arg(long, default_value_t = 100_000)]
    pub devices: u32,
    /// Benchmark shards.
    #[arg(long, default_value_t = 64)]
    pub shards: u32,
    /// Benchmark duration in seconds (each device sends one event per second).
    #[arg(long, default_value_t = 600)]
    pub seconds: u32,
    /// Benchmark without the function's failures and the reshards (on by default).
    #[arg(long)]
    pub no_failures_or_reshards: bool,
    /// Solve: the fewest Kinesis shards (then parallelization factor) or SQS FIFO consumers that
    /// carry the scenario's fleet within `--p50` / `--p99` with nothing dropped or dead-lettered.
    #[arg(long)]
    pub solve: bool,
    /// Solve: the largest p50 latency from device to pipeline, e.g. `500ms`.
    #[arg(long, value_parser = duration)]
    pub p50: Option<i64>,
    /// Solve: the largest p99 latency from device to pipeline, e.g. `2s`.
    #[arg(long, value_parser = duration)]
    pub p99: Option<i64>,
    /// Solve: the most shards or consumers tried.
    #[arg(long, default_value_t = 4096)]
    pub max: u32,
    /// Solve: the most events simulated over all candidates (the search stops before passing it).
    #[arg(long, default_value_t = 200_000_000)]
    pub max_events: u64,
    /// Solve: prices as JSON, e.g. `{"shard_hour": 0.015}` (default: the scenario's, else US East list prices).
    #[arg(long)]
    pub prices: Option<String>,
}

fn duration(text: &str) -> Result<i64, String> {
    windowpane_scenario::timefmt::parse_duration(text)
}

/// How `windowpane ingest` prints.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned text.
    Table,
    /// One JSON object.
    Json,
}

/// Runs `windowpane ingest`.
pub fn execute(args: Args) -> Result<()> {
    run(&args)
}

/// Runs `windowpane ingest` on borrowed arguments.
pub fn run(args: &Args) -> Result<()> {
    if args.bench {
        return bench(args);
    }
    let Some(path) = &args.scenario else { bail!("give a scenario file, or --bench") };
    let scenario = source::load(path)?;
    if scenario.ingest.is_none() && scenario.generate.is_none() {
        bail!("{path}: no \"ingest\" or \"generate\" section to simulate");
    }
    if args.solve {
        return solve(args, &scenario);
    }
    let (mut source, spec, options) = windowpane_scenario::transport::transport(&scenario)?;
    let options = Options { timelines: (args.timelines && args.format == Format::Json) || args.watermark_svg.is_some(), ..options };
    let mut report = simulate(source.as_mut(), &spec, &options, &mut Discard);
    if let Some(file) = &args.watermark_svg {
        let svg = windowpane_render::watermark_lag::render_svg(&watermark_lag(&report), 900)?;
        std::fs::write(file, svg).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
        if !args.timelines {
            for lane in &mut report.lanes {
                lane.samples.clear();
            }
            report.watermarks = None;
        }
    }
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
        Format::Table => table(&report),
    };
    let mut out = std::io::stdout().lock();
    source::quiet_broken_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// The report's watermark timeline as the render crate draws it: each lag behind the newest
/// event delivered by the end of the bucket.
fn watermark_lag(r: &Report) -> windowpane_render::watermark_lag::WatermarkLag {
    use windowpane_render::watermark_lag::{LagPoint, PartitionLane, WatermarkLag};
    let Some(tl) = &r.watermarks else { return WatermarkLag::default() };
    let newest: Vec<Option<i64>> = tl.combined.iter().map(|s| s.newest).collect();
    WatermarkLag {
        bucket: r.bucket,
        combined: tl.combined.iter().map(|s| LagPoint { t: s.t, lag: s.lag() }).collect(),
        partitions: tl
            .names
            .iter()
            .zip(&tl.partitions)
            .map(|(name, samples)| PartitionLane {
                name: name.clone(),
                points: samples
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.t, newest.get(i).copied().flatten().zip(s.watermark).map(|(n, w)| (n - w).max(0)), s.idle))
                    .collect(),
            })
            .collect(),
    }
}

fn ms(v: Option<i64>) -> String {
    v.map_or("-".to_string(), |v| v.to_string())
}

/// The report as aligned text.
pub fn table(r: &Report) -> String {
    let mut out = String::new();
    let l = &r.latency;
    out += &format!(
        "transport {}: sent {}, delivered {}, throttled writes {}, duplicates {}, late {}, order violations {}\n",
        r.transport, r.sent, r.delivered, r.throttled, r.duplicates, r.late, r.order_violations
    );
    out += &format!(
        "end-to-end latency ms: p50 {} p90 {} p99 {} max {}; watermark moves {}\n",
        ms(l.p50), ms(l.p90), ms(l.p99), ms(l.max), r.watermark_moves
    );
    let width = r.lanes.iter().map(|l| l.name.len()).max().unwrap_or(5).max(r.lane_kind.len());
    out += &format!(
        "{:<width$} {:>9} {:>9} {:>9} {:>6} {:>6} {:>11} {:>9} {:>9}\n",
        r.lane_kind, "entered", "delivered", "throttled", "dups", "late", "max backlog", "mean ms", "max ms"
    );
    for lane in &r.lanes {
        out += &format!(
            "{:<width$} {:>9} {:>9} {:>9} {:>6} {:>6} {:>11} {:>9} {:>9}\n",
            lane.name,
            lane.entered,
            lane.delivered,
            lane.throttled,
            lane.duplicates,
            lane.late,
            lane.max_backlog,
            lane.latency_mean.map_or("-".to_string(), |m| format!("{m:.1}")),
            ms(lane.latency_max)
        );
    }
    for v in &r.violations {
        out += &format!("order violation: {} #{} delivered at {} after #{}\n", v.key, v.seq, v.arrival, v.after);
    }
    if let Some(f) = &r.failures {
        out += &format!(
            "consumer: {} invocations, {} failed, {} throttled by the concurrency limit; records retried {}, to the on-failure destination or dead-letter queue {}, discarded {}, expired {}\n",
            f.invocations, f.failed_invocations, f.throttled_invocations, f.retried, f.to_destination, f.discarded, f.expired
        );
    }
    if let Some(c) = &r.cost {
        for i in &c.items {
            out += &format!("cost: {} {:.6} × {} = {:.6}\n", i.item, i.quantity, i.price, i.amount);
        }
        out += &format!("cost total: {:.6}\n", c.total);
    }
    out
}

fn solve(args: &Args, scenario: &windowpane_scenario::Scenario) -> Result<()> {
    if args.p50.is_none() && args.p99.is_none() {
        bail!("--solve needs a latency target: --p50, --p99 or both (e.g. --p99 2s)");
    }
    let (_, mut spec, _) = windowpane_scenario::transport::transport(scenario)?;
    if let Some(text) = &args.prices {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| anyhow::anyhow!("--prices: {e}"))?;
        let mut with_prices = serde_json::Map::new();
        with_prices.insert("type".into(), "direct".into());
        with_prices.insert("prices".into(), v);
        let parsed = IngestSpec::parse(&serde_json::Value::Object(with_prices), "--prices", &Syntax::builtin())?;
        spec.prices = parsed.prices;
    }
    let mut make = || -> Box<dyn windowpane_ingest::Source> {
        match windowpane_scenario::transport::transport(scenario) {
            Ok((source, _, _)) => source,
            Err(_) => Box::new(windowpane_ingest::Listed::new(Vec::new())),
        }
    };
    let target = Target { p50: args.p50, p99: args.p99 };
    let started = Instant::now();
    let answer = windowpane_ingest::solve::solve(&mut make, &spec, target, Bounds { max: args.max, max_events: args.max_events })?;
    let seconds = started.elapsed().as_secs_f64();
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&answer)? + "\n",
        Format::Table => solution_table(&answer, seconds),
    };
    let mut out = std::io::stdout().lock();
    source::quiet_broken_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// The solver's answer as text.
pub fn solution_table(a: &Solution, seconds: f64) -> String {
    let d = &a.design;
    let knobs: Vec<String> = [("shards", d.shards), ("parallelization", d.parallelization), ("concurrency", d.concurrency)]
        .iter()
        .filter_map(|(name, v)| v.map(|v| format!("{name} {v}")))
        .chain(d.batch_window.map(|w| format!("batch window {w} ms")))
        .collect();
    let target = [("p50", a.target.p50), ("p99", a.target.p99)]
        .iter()
        .filter_map(|(name, v)| v.map(|v| format!("{name} ≤ {v} ms")))
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = format!(
        "{}: {} (target {target}, nothing lost)\n",
        if a.meets { "fewest that meet the target" } else { "NOT MET by any design tried; the largest" },
        knobs.join(", ")
    );
    if let Some(why) = &a.stopped {
        out += &format!("stopped early, {why}: the design is the best found so far\n");
    }
    out += &format!("fleet: {:.1} records/s; hottest key {} at {:.1} records/s\n", a.rate, a.hot_key.0, a.hot_key.1);
    let b = &a.bottleneck;
    let below = b.utilization_below.map_or(String::new(), |u| format!(", {:.0} % with one fewer", u * 100.0));
    out += &format!("bottleneck: {:?} at {:.0} %{below}: {}\n", b.limit, b.utilization * 100.0, b.detail);
    for i in &a.cost_per_hour {
        out += &format!("cost per hour: {} {:.6} × {} = {:.6}\n", i.item, i.quantity, i.price, i.amount);
    }
    out += &format!("cost per hour total: {:.6}\n", a.total_per_hour);
    if let Some(c) = a.on_demand_per_hour {
        out += &format!("cost per hour on an on-demand stream instead: {c:.6} (its shards keep their limits: a hot key still needs one shard's)\n");
    }
    out += &format!("{} designs simulated in {seconds:.2} s:\n", a.trials.len());
    for t in &a.trials {
        let d = &t.design;
        let knobs: Vec<String> = [d.shards, d.parallelization, d.concurrency].iter().flatten().map(|v| v.to_string()).collect();
        let window = d.batch_window.map_or(String::new(), |w| format!(" {w} ms"));
        out += &format!(
            "  {:<16} p50 {:>8} p99 {:>8} lost {:>8} {}\n",
            knobs.join("×") + &window,
            ms(t.p50),
            ms(t.p99),
            t.lost,
            if t.meets { "meets" } else { "-" }
        );
    }
    out
}

/// Peak resident set size in KiB (`VmHWM` of /proc/self/status), where Linux provides it.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The benchmark's transport: Kinesis with failures and resharding on. The function fails
/// transiently once in a thousand invocations and on one poison record (device-7's first after
/// 10 s), retried at most twice with bisection, skipped records going to an on-failure
/// destination; shard 0 splits at a third of the run and its two children merge again at two
/// thirds.
fn bench_ingest(args: &Args) -> serde_json::Value {
    let third = i64::from(args.seconds) * 1000 / 3;
    let children = [args.shards, args.shards + 1];
    let mut ingest = serde_json::json!({"type": "kinesis", "shards": args.shards,
        "consumer": {"batch_size": 500, "record_time": "20us", "batch_overhead": "5ms",
                     "max_retry_attempts": 2, "bisect_on_error": true, "on_failure_destination": true},
        "errors": {"transient_rate": 0.001, "poison": [{"key": "device-7", "at": 10_000}], "seed": 3}});
    if !args.no_failures_or_reshards {
        ingest["reshard"] = serde_json::json!([{"at": third, "split": 0}, {"at": 2 * third, "merge": children}]);
    } else {
        ingest["errors"] = serde_json::json!({});
    }
    ingest
}

fn bench(args: &Args) -> Result<()> {
    let syntax = Syntax::builtin();
    let generate = serde_json::json!({
        "devices": {"count": args.devices, "key": "device-{i}"}, "rate": 1,
        "duration": format!("{}s", args.seconds), "seed": 42,
        "delay": {"type": "log_normal", "median": "80ms", "p99": "1s"}, "clock_skew": "500ms"
    });
    let mut fleet = Fleet::new(GenerateSpec::parse(&generate, "generate", &syntax)?);
    let spec = IngestSpec::parse(&bench_ingest(args), "ingest", &syntax)?;
    let options = Options { timelines: false, idle_timeout: Some(10_000), ..Options::default() };
    let cpu_before = thread_cpu_seconds();
    let started = Instant::now();
    let report = simulate(&mut fleet, &spec, &options, &mut Discard);
    let seconds = started.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds().zip(cpu_before).map(|(after, before)| after - before);
    let with = if args.no_failures_or_reshards { "without failures or reshards" } else { "with failures and a split and merge" };
    println!(
        "bench: {} devices × 1 event/s × {} s through {} Kinesis shards, {with}",
        args.devices, args.seconds, args.shards
    );
    println!("events: {} in {:.2} s wall = {:.0} events/s", report.sent, seconds, report.sent as f64 / seconds);
    if let Some(cpu) = cpu {
        println!("cpu: {:.2} s of this thread (CLOCK_THREAD_CPUTIME_ID) = {:.0} events per cpu-second", cpu, report.sent as f64 / cpu);
    }
    match peak_rss_kib() {
        Some(kib) => println!("peak RSS (VmHWM): {:.1} MiB", kib as f64 / 1024.0),
        None => println!("peak RSS: unavailable (no /proc/self/status)"),
    }
    let max_backlog = report.lanes.iter().map(|l| l.max_backlog).max().unwrap_or(0);
    println!(
        "delivered {}, throttled writes {}, largest shard backlog {}, latency p50 {} p99 {} max {} ms",
        report.delivered, report.throttled, max_backlog, ms(report.latency.p50), ms(report.latency.p99), ms(report.latency.max)
    );
    if let Some(f) = &report.failures {
        println!(
            "failures: {} invocations, {} failed, {} record retries, {} to the on-failure destination",
            f.invocations, f.failed_invocations, f.retried, f.to_destination
        );
    }
    Ok(())
}
