//! The presets: every `examples/*.json`, embedded by `build.rs` at build time, grouped and
//! ordered for the page's menu, each with one line saying what it shows. The first is what a
//! first visit opens: the book's figure 2-11 (early, on-time and late firings).

include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// The menu's groups, in order.
pub const GROUPS: &[&str] = &["The book", "Windows", "Triggers", "Accumulation", "Combiners", "Transports"];

/// `(id, group, line)` in the menu's order: the group indexes [`GROUPS`]. Every example is listed
/// once (a test holds the table to the files).
pub const MENU: &[(&str, usize, &str)] = &[
    ("book-2-11-early-on-time-late-heuristic", 0, "Early, on-time and late firings with a heuristic watermark"),
    ("book-2-11-early-on-time-late-perfect", 0, "The same firings with a perfect watermark: nothing is late"),
    ("book-2-03-classic-batch", 0, "One global result once all the data is in"),
    ("book-2-05-windowed-batch", 0, "Two-minute windows computed as a batch"),
    ("book-2-06-per-record-fixed", 0, "A pane for every element, per window"),
    ("book-2-06-per-record-global", 0, "A pane for every element in the global window"),
    ("book-2-07-aligned-delays", 0, "Micro-batches: panes every two minutes on the clock"),
    ("book-2-08-unaligned-delays", 0, "Panes two minutes after each window's first element"),
    ("book-2-10-watermark-perfect", 0, "One on-time pane per window, perfect watermark"),
    ("book-2-10-watermark-heuristic", 0, "One on-time pane per window; a heuristic watermark misses data"),
    ("book-2-12-allowed-lateness", 0, "Late data kept up to a horizon, then dropped"),
    ("book-2-13-discarding", 0, "Each pane holds only what is new since the last"),
    ("book-2-14-accumulating-and-retracting", 0, "Each refinement retracts the previous pane first"),
    ("book-4-07-sessions", 0, "Sessions that merge as late data bridges them"),
    ("sliding-windows", 1, "Two-minute windows every minute: each element in two"),
    ("several-keys", 1, "Two keys, each with its own windows and panes"),
    ("session-late-bridge", 1, "A late element merges two sessions into one"),
    ("session-closed-new-session", 1, "A closed session does not merge with a later one"),
    ("session-open-late-firings-accumulating", 1, "Late firings keep a session open so it merges (accumulating)"),
    ("session-open-late-firings-discarding", 1, "Late firings keep a session open so it merges (discarding)"),
    ("session-closed-early-firings-accumulating", 1, "Early firings that close sessions (accumulating)"),
    ("session-closed-early-firings-discarding", 1, "Early firings that close sessions (discarding)"),
    ("global-count-trigger", 2, "A pane every second element in the global window"),
    ("after-all", 2, "A pane once both a count and a delay are met"),
    ("after-any", 2, "A pane on a count or a delay, whichever comes first"),
    ("after-each", 2, "One trigger after another, then the window closes"),
    ("or-finally", 2, "Repeat until a condition, then close"),
    ("on-time-pane-at-expiry", 2, "An empty ON_TIME pane when the global window expires"),
    ("on-time-fire-if-non-empty", 2, "No ON_TIME pane when nothing is new"),
    ("closing-fire-always", 2, "A final pane at expiry even when nothing is new"),
    ("bundle-labels-held-watermark", 2, "Panes of one bundle labelled against the held watermark"),
    ("timer-batch-labels-held-watermark", 2, "Panes of one batch of timers labelled against the held watermark"),
    ("timestamp-earliest", 3, "Panes stamped with their earliest element's time"),
    ("timestamp-latest", 3, "Panes stamped with their latest element's time"),
    ("combine-count", 4, "Count the elements"),
    ("combine-min", 4, "The smallest value"),
    ("combine-max", 4, "The largest value"),
    ("combine-mean", 4, "The mean value"),
    ("combine-latest", 4, "The value with the latest event time"),
    ("combine-collect", 4, "Every value, as a list"),
    ("ingest-kinesis-fleet", 5, "Twelve sensors on four Kinesis shards"),
    ("ingest-idle-shard-stall", 5, "An idle shard holds the watermark back"),
    ("ingest-idle-shard-timeout", 5, "The same idle shard, released by an idle timeout"),
    ("ingest-kinesis-hot-device", 5, "A hot device throttles its shard"),
    ("ingest-kinesis-poison-record", 5, "A poison record blocks its shard"),
    ("ingest-kinesis-poison-bisect", 5, "The poison record isolated by bisecting batches"),
    ("ingest-kinesis-reshard-burst", 5, "A shard split during a burst"),
    ("ingest-kinesis-polling-shared", 5, "Polling consumers sharing a shard's reads"),
    ("ingest-kinesis-enhanced-fan-out", 5, "Enhanced fan-out against polling"),
    ("ingest-kinesis-on-demand-burst", 5, "An on-demand stream adapts to a burst"),
    ("ingest-kinesis-provisioned-burst", 5, "Four provisioned shards in the same burst"),
    ("ingest-sqs-fifo-fleet", 5, "The fleet through an SQS FIFO queue"),
    ("ingest-sqs-fifo-hot-device", 5, "A hot device's backlog holds back other message groups"),
    ("ingest-sqs-fifo-failing-group", 5, "A failing message holds back its message group"),
];

/// Every preset as `(id, text, group, line)` in the menu's order; an example missing from
/// [`MENU`] comes last, in the last group, its title as its line.
pub fn menu() -> Vec<(&'static str, &'static str, &'static str, Option<&'static str>)> {
    let text = |id: &str| PRESETS.iter().find(|p| p.0 == id).map(|p| p.1);
    let listed = MENU.iter().filter_map(|&(id, g, line)| Some((id, text(id)?, GROUPS[g], Some(line))));
    let rest = PRESETS.iter().filter(|p| !MENU.iter().any(|m| m.0 == p.0)).map(|&(id, t)| (id, t, GROUPS[GROUPS.len() - 1], None));
    listed.chain(rest).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_in_the_menu_once_and_the_first_is_figure_2_11() {
        let mut ids: Vec<&str> = MENU.iter().map(|m| m.0).collect();
        assert_eq!(ids[0], "book-2-11-early-on-time-late-heuristic");
        ids.sort_unstable();
        let files: Vec<&str> = PRESETS.iter().map(|p| p.0).collect();
        assert_eq!(ids, files, "MENU lists every examples/*.json once, and no other");
        assert!(MENU.iter().all(|m| m.1 < GROUPS.len() && !m.2.is_empty()));
        // Each group's presets sit together, in the groups' order.
        assert!(MENU.windows(2).all(|w| w[0].1 <= w[1].1));
        assert_eq!(menu().len(), PRESETS.len());
    }
}
