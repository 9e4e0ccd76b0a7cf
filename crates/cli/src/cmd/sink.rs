//! `windowpane sink`: the table a downstream sink holds after the panes emitted up to a
//! processing time, with double counting flagged.

use super::run;
use super::why::{time_option, Format};
use crate::source;
use crate::table::Table;
use anyhow::Context;
use std::io::Write;
use windowpane_scenario::timefmt::format_clock;
use windowpane_sink::{table, Reading, SinkKind, SinkTable};

/// Show what a downstream table holds: an append-only sink, an upsert sink keyed by (key,
/// window), or a retraction-aware sink; flags the windows it counts twice or misses.
#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (`-` reads standard input).
    scenario: String,
    /// The kind of sink (default: all three, one after another).
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// The processing time (default: after the last pane, the final table).
    #[arg(long)]
    at: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// The `--kind` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Kind {
    /// Every pane a row.
    Append,
    /// One row per (key, window): the latest pane wins.
    Upsert,
    /// Retractions remove the row of the pane they withdraw.
    Retracting,
}

/// Computes the tables and writes them to standard output.
pub fn execute(args: Args) -> anyhow::Result<()> {
    let scenario = source::load(&args.scenario)?;
    let at = time_option(&scenario, "--at", args.at.as_deref())?;
    let output = scenario.run().context("running the scenario")?;
    let kinds = match args.kind {
        Some(Kind::Append) => vec![SinkKind::Append],
        Some(Kind::Upsert) => vec![SinkKind::Upsert],
        Some(Kind::Retracting) => vec![SinkKind::Retracting],
        None => vec![SinkKind::Append, SinkKind::Upsert, SinkKind::Retracting],
    };
    let reading = Reading::of(&scenario);
    let tables: Vec<SinkTable> = kinds.into_iter().map(|k| table(reading, &output.panes, k, at)).collect();
    let text = match args.format {
        Format::Table => tables.iter().map(|t| render(t, scenario.base)).collect::<Vec<_>>().join("\n"),
        Format::Json if tables.len() == 1 => serde_json::to_string(&tables[0])? + "\n",
        Format::Json => serde_json::to_string(&tables)? + "\n",
    };
    let mut out = std::io::stdout().lock();
    source::quiet_broken_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// One table for people: a title line, the rows, and the flags.
fn render(t: &SinkTable, base: i64) -> String {
    let clock = |ms: i64| format_clock(ms, base);
    let (name, rule) = match t.kind {
        SinkKind::Append => ("append-only sink", "every pane is a row"),
        SinkKind::Upsert => ("upsert sink", "one row per key and window, the latest pane wins, a retraction deletes"),
        SinkKind::Retracting => ("retraction-aware sink", "a retraction removes the row of the pane it withdraws"),
    };
    let when = t.at.map_or("final table".to_string(), |at| format!("at {}", clock(at)));
    let mut text = format!("{name}, {when} ({rule}):\n");
    if t.rows.is_empty() {
        text.push_str("no rows\n");
    } else {
        let mut rows = Table::new(&["key", "window", "value", "timing", "index", "emitted at", "retraction"]);
        for r in &t.rows {
            rows.push(vec![
                r.key.clone(),
                run::window(&r.window, &clock),
                run::value(&r.value),
                r.timing.label().to_string(),
                r.index.to_string(),
                clock(r.emitted_at),
                if r.retraction { "retraction" } else { "" }.to_string(),
            ]);
        }
        text.push_str(&rows.render());
    }
    if t.flags.is_empty() {
        text.push_str("flags: none (every window's rows give its value)\n");
    }
    let window = |w: &windowpane_engine::Window| run::window(w, &clock);
    let number = |x: f64| run::value(&windowpane_engine::Value::Number(x));
    for f in &t.flags {
        text.push_str(&f.text(&window, &number));
        text.push('\n');
    }
    text
}
