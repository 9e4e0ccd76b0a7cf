"""Known differences between Beam Python's DirectRunner (apache-beam 2.77.0) and the Java runner
core, which windowpane's engine follows (DESIGN.md: "where Beam's runners disagree, follow the
Java runner core"). Each difference names the Beam source that shows it. compare.py applies
them: each rule turns the engine's panes of one window into what Beam Python computes for the
same firings, and a scenario counts as a known difference only if its panes then match exactly.
Nothing here may be widened to hide an engine bug.

Paths are in apache/beam, release 2.77.0, under sdks/python/apache_beam/.
"""

DIFFERENCES = {
    "no-garbage-collection": (
        "Beam Python never garbage-collects a window: GeneralTriggerDriver has no expiry timer "
        "(transforms/trigger.py, GeneralTriggerDriver._output: '# TODO(robertwb): allowed "
        "lateness'). So the final pane Java emits when a window expires (ReduceFnRunner.onTimer, "
        "isGarbageCollection -> onTrigger with isFinished) never comes out, and a pane is is_last "
        "only when the trigger finishes (PaneInfo(index == 0, finished, ...)), never because the "
        "window expired at the same time."
    ),
    "processing-time-timing": (
        "Beam Python judges the timing of a pane fired by a processing-time timer against the "
        "timer's processing time instead of the input watermark: GeneralTriggerDriver."
        "process_timer passes the timer timestamp as output_watermark to _output, which calls "
        "the pane EARLY only if output_watermark <= window.max_timestamp(), else LATE "
        "(maybe_ontime is False for REAL_TIME), and counts it in the non-speculative index, "
        "which also turns a later watermark pane from ON_TIME into LATE. Java's PaneInfoTracker "
        "uses the input watermark."
    ),
    "stall-at-end": (
        "When a window still holds unfired elements at the end of input, Beam Python's watermark "
        "hold (GeneralTriggerDriver, WATERMARK_HOLD, only cleared by _output) keeps the output "
        "watermark back forever, and the DirectRunner aborts with 'Monitor task detected a "
        "pipeline stall' (runners/direct/executor.py, _MonitorTask._should_shutdown); Java "
        "emits those elements in the garbage-collection pane. All earlier panes are compared."
    ),
}


def _no_garbage_collection(window, engine, beam):
    """Drops the engine's expiry panes and its expiry-only is_last flags."""
    out = [dict(p) for p in engine if p.get("cause") != "garbage_collection"]
    for i, p in enumerate(out):
        if p["is_last"] and p.get("cause") == "watermark" and i < len(beam) and not beam[i]["is_last"]:
            p["is_last"] = False
    return out


def _processing_time_timing(window, engine, beam):
    """Re-labels timing and on-time index the way Beam Python's _output does."""
    if not any(p.get("cause") == "processing_time" for p in engine):
        return engine
    end = window[2]
    nonspeculative = 0
    out = []
    for p in engine:
        p = dict(p)
        if p.get("cause") == "processing_time":
            early = end is None or p["emitted_at"] < end  # emitted_at * 1000 <= end * 1000 - 1 (micros)
        else:
            early = p["timing"] == "EARLY"
        if early:
            p["timing"], p["on_time_index"] = "EARLY", None
        else:
            ontime = p.get("cause") == "watermark" and nonspeculative == 0
            p["timing"], p["on_time_index"] = ("ON_TIME" if ontime else "LATE"), nonspeculative
            nonspeculative += 1
        out.append(p)
    return out


RULES = [
    ("no-garbage-collection", _no_garbage_collection),
    ("processing-time-timing", _processing_time_timing),
]


def explain(scenario, engine, result, diffs, same_pane):
    """Applies the rules to the differing windows; returns (still differing windows, rules used)."""
    rest, used = {}, set()
    for window, (ep, bp) in diffs.items():
        expected = ep
        for name, rule in RULES:
            changed = rule(window, expected, bp)
            if changed != expected:
                used.add(name)
            expected = changed
        if len(expected) != len(bp) or not all(same_pane(e, b) for e, b in zip(expected, bp)):
            rest[window] = (ep, bp)
    if result["status"] == "stall":
        if any(p.get("cause") == "garbage_collection" for p in engine):
            used.add("stall-at-end")
    return rest, used
