"""Known differences between Beam Python's DirectRunner (apache-beam 2.77.0) and the Java runner
core, which windowpane's engine follows (DESIGN.md: "where Beam's runners disagree, follow the
Java runner core"). Each difference names the Beam source that shows it (DIFFERENCES), the
fields of a pane it may change (FIELDS_OF) and the condition under which it may change them,
checked on each pane pair (CONDITIONS). No rule rewrites the engine's panes: compare.py checks
every differing pane against the golden's list of its differences, and the golden holds Beam's
own panes. Nothing here may be widened to hide an engine bug.

Paths are in apache/beam, release 2.77.0, under sdks/python/apache_beam/.
"""

import datetime
import re

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
        "Beam Python labels a pane fired by a processing-time timer against the timer's "
        "processing time instead of the input watermark: GeneralTriggerDriver.process_timer "
        "passes the timer timestamp as output_watermark to _output, which calls the pane EARLY "
        "when output_watermark <= window.max_timestamp() (always, once compare.py has moved the "
        "event times past every processing time), advancing the non-speculative index only once "
        "it is non-zero. Java's PaneInfoTracker labels it against the input watermark: ON_TIME "
        "or LATE once the watermark has passed the end of the window."
    ),
    "element-pane-against-output-watermark": (
        "Beam Python labels a pane fired while processing elements against the step's OUTPUT "
        "watermark (GeneralTriggerDriver.process_elements -> _output(window, finished, state, "
        "output_watermark, False); runners/direct/transform_evaluator.py, "
        "_StreamingGroupAlsoByWindowEvaluator.process_element passes watermarks.output_watermark), "
        "which Python's own watermark holds of any key and window keep back (runners/direct/"
        "watermark_manager.py, _TransformWatermarks.refresh: min(input watermark, keyed holds); "
        "holds are kept after early panes and never expire): EARLY while it is at or before the "
        "window's max timestamp, and never ON_TIME (maybe_ontime is False). Java's "
        "PaneInfoTracker labels it against the input watermark (and LATE when the output "
        "watermark is past the window)."
    ),
    "python-watermark-holds": (
        "Beam Python's watermark holds decide its pane timestamps differently: "
        "GeneralTriggerDriver.process_elements adds an element's output time to WATERMARK_HOLD "
        "only if it is at or after the step's output watermark, which Python's own holds keep "
        "back; _output stamps a pane with the window's combined hold and keeps the hold after a "
        "pane fired before the end of the window when the trigger has an on-time pane ('elif "
        "output_watermark < window.end and self.trigger_fn.has_ontime_pane(): # Hold the "
        "watermark ... pass'), so the next pane's timestamp combines earlier elements too. Java's "
        "WatermarkHold holds an element only if it is not behind the output watermark computed "
        "from Java's holds, and releases the hold with every pane (extractAndRelease)."
    ),
    "merged-session-python": (
        "Beam Python never garbage-collects a session (no expiry timer in GeneralTriggerDriver), "
        "so a late element's session merges with a session Java had already expired and "
        "removed: the pane belongs to the wider merged window (Sessions.merge over "
        "state.known_windows()), and its pane index restarts (TriggerMergeContext.merge clears "
        "INDEX and NONSPECULATIVE_INDEX)."
    ),
    "merged-session-late-phase": (
        "Beam Python's AfterWatermark keeps a merged session in its late phase when any merged "
        "window was late (AfterWatermark.is_late reads LATE_TAG, a combining 'any' state over the "
        "merged windows; on_merge only forwards to the late trigger), so a late element that "
        "merges into such a session waits for the late processing-time trigger. Java's "
        "AfterWatermarkStateMachine.AfterWatermarkEarlyAndLate.onMerge returns the merged window "
        "to the early phase unless the early trigger finished in every merging window (a new "
        "element's session has not), and shouldFire is then true at once because the watermark "
        "is past the merged window's end: the engine fires at the element."
    ),
    "merged-session-tombstone": (
        "Beam Python marks a window whose trigger finished with a TOMBSTONE state that merging "
        "carries into the merged window (transforms/trigger.py, GeneralTriggerDriver."
        "process_elements: 'if state.get_state(window, self.TOMBSTONE): continue' after "
        "state.merge; process_timer returns on it too), so a late element that merges with a "
        "closed session, or with one Java had expired (Python never expires one), is dropped. Java's "
        "TriggerStateMachineRunner.onMerge clears the merging windows' finished bits and lets the "
        "trigger's onMerge decide, so the merged session starts a new pane history and fires."
    ),
    "expiry-boundary": (
        "Beam Python drops an element from a window only when the input watermark is past "
        "window.end + allowed_lateness (transforms/trigger.py, GeneralTriggerDriver."
        "process_elements: 'if input_watermark > window.end + self.allowed_lateness: continue'); "
        "Java drops it once window.maxTimestamp() + allowed lateness (end - 1 ms) is before the "
        "watermark (LateDataDroppingDoFnRunner / ReduceFnRunner: isExpired). So an element "
        "arriving when the watermark is exactly end + lateness is dropped by the engine and kept "
        "by Python, where the default trigger (watermark >= end) fires it at once as a LATE pane. "
        "The rule adds that pane (default trigger, discarding) at the element's arrival."
    ),
    "parallel-processing-time-child": (
        "Broken in Beam Python, avoided by generate.py: _ParallelTriggerFn.on_fire "
        "(transforms/trigger.py: AfterAny, AfterAll, and OrFinally, an AfterAny) asks each "
        "child should_fire(TimeDomain.WATERMARK, ...), which AfterProcessingTime.should_fire "
        "answers True only for TimeDomain.REAL_TIME, so a processing-time leaf anywhere below "
        "never fires or finishes inside the composite (AfterAll(P, P) finishes at its first "
        "timer: all([]) is True; OrFinally(Repeatedly(P), W) never resets P after its first "
        "pane). A scenario whose trigger has such a composite (the examples after-any, "
        "after-all) is listed by that pattern; no runner core behaves like this."
    ),
    "duplicate-watermark-timer": (
        "Broken in Beam Python, avoided by generate.py: in AfterAny/AfterAll with two "
        "AfterWatermark children each child sets its own end-of-window timer (transforms/"
        "trigger.py, AfterWatermark.on_element: context.set_timer('', WATERMARK, window.end) "
        "under NestedContext prefixes '0/' and '1/'), the DirectRunner fires both, and "
        "AfterWatermark.should_fire without a late trigger answers True whenever watermark >= "
        "window.end, so in Repeatedly(AfterAll(W, W)) the second timer fires an extra empty LATE "
        "pane after the on-time one (GeneralTriggerDriver._output emits empty panes). Java's "
        "ReduceFnRunner keeps one end-of-window timer per window. Matched by that trigger pattern."
    ),
    "after-each-watermark-child": (
        "Broken in Beam Python, avoided by generate.py: AfterEach.on_element (transforms/"
        "trigger.py) passes elements only to the current child, so an AfterWatermark child after "
        "the first never sets its end-of-window timer and fires only when an element arrives "
        "after the end (process_elements). Java's ReduceFnRunner schedules the end-of-window "
        "timer for every window (scheduleEndOfWindowOrGarbageCollectionTimer) and "
        "AfterEachStateMachine's current child sees it. Matched by that trigger pattern."
    ),
    "stall-at-end": (
        "A watermark hold Beam Python never releases keeps the step's output watermark back for "
        "ever, and the DirectRunner aborts with 'Monitor task detected a pipeline stall' "
        "(runners/direct/executor.py, _MonitorTask._should_shutdown): a window that still holds "
        "unfired elements at the end (GeneralTriggerDriver only clears WATERMARK_HOLD in _output; "
        "Java emits them in the garbage-collection pane), a hold kept after an early pane that "
        "no later pane releases, or the hold of a trigger that finished with an EARLY pane "
        "(_output keeps it without looking at `finished`; the TOMBSTONE stops every later "
        "firing). A pane the engine emits once the watermark reaches +infinity may be missing; "
        "every pane Beam printed before the stall is compared, and the export must have warned "
        "of the stall (python.rs STALL_WARNING)."
    ),
}


def _subtriggers(trigger):
    """The trigger's children."""
    return trigger.get("triggers", []) + [trigger[k] for k in ("trigger", "until", "early", "late") if k in trigger]

def _dropped_from(scenario, window):
    """The indices of the events the engine dropped from this window (key, start, end); a
    record without a window counts for every window. An element of sliding windows can be
    dropped from one window (closed, expired) and kept in another."""
    out = set()
    for d in scenario.get("_dropped_records", []):
        w = d.get("window")
        if d.get("event") is None:
            continue
        if not w or (d["key"], w.get("start"), w.get("end")) == tuple(window):
            out.add(d["event"])
    return out


def _is_expiry_pane(scenario, pane, previous=None):
    """Java's garbage-collection pane: cause garbage_collection, or (allowed lateness 0, where
    the end of the window is also its expiry) a last watermark pane of a trigger that never
    reacts to the watermark, or that could not fire then (AfterAll(W, count n) / AfterEach at a
    count child with fewer than n elements since the window's previous pane `previous`): only
    the expiry can have fired it."""
    cause = pane.get("cause")
    if cause == "garbage_collection":
        return True
    if cause != "watermark" or not pane["is_last"]:
        return False
    trigger = scenario["pipeline"]["trigger"]
    if not _has_ontime_pane(trigger):
        return True
    return _could_fire_at_watermark(scenario, pane, previous) is False


def _could_fire_at_watermark(scenario, pane, previous):
    """Whether the trigger (leaves count and watermark under AfterAll, AfterAny, AfterEach,
    Repeatedly) can fire at the watermark pane `pane`, given the elements of its window that
    arrived after the previous pane; None when not plain enough to tell."""
    window = (pane["key"], pane["window"]["start"], pane["window"]["end"])
    after = previous["emitted_at"] if previous else -(2 ** 62)
    count = len(_arrivals(scenario, window, after, pane["emitted_at"], _dropped_from(scenario, window)))

    def fires(t):
        kind = t["type"]
        if kind in ("default", "after_watermark"):
            return True
        if kind == "after_count":
            return count >= t["count"]
        if kind == "after_processing_time":
            return False
        if kind == "after_any":
            return any(fires(c) for c in t["triggers"])
        if kind == "after_all":
            return all(fires(c) for c in t["triggers"])
        if kind == "repeatedly":
            return fires(t["trigger"])
        if kind == "after_each":
            # Leaves fire one pane each: the current child is the one after the earlier panes.
            if any(c["type"] not in ("after_count", "after_watermark", "after_processing_time") for c in t["triggers"]):
                return None
            index = pane["index"]
            return index < len(t["triggers"]) and fires(t["triggers"][index])
        return None

    return fires(scenario["pipeline"]["trigger"])


def _duration(d):
    """A scenario duration (ms, "1m30s", "250ms", "1000d") in ms."""
    if isinstance(d, int):
        return d
    units = {"ms": 1, "s": 1000, "m": 60000, "h": 3600000, "d": 86400000}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)(ms|s|m|h|d)", d))


def _in_window(scenario, window, event_time):
    """Whether an element at this event time belongs to the window (key, start, end): one of its
    windows (fixed, sliding, global), or, for a (merged) session, its own session lies inside."""
    w = scenario["pipeline"]["window"]
    if w["type"] == "sessions":
        return window[1] <= event_time and event_time + _duration(w["gap"]) <= window[2]
    return (window[1], window[2]) in _windows_of(scenario, event_time)


def _arrivals(scenario, window, after, until, dropped):
    """The arrival times of the elements of this window (key, start, end) that arrived in
    (after, until] and are not among the `dropped` event indices."""
    return [_millis(e["arrival"]) for i, e in enumerate(scenario.get("events", []))
            if e["key"] == window[0] and after < _millis(e["arrival"]) <= until and i not in dropped
            and _in_window(scenario, window, _millis(e["event_time"]))]


def _millis(t, base_ms=0):
    """A scenario time in ms: integer ms, "HH:MM:SS[.mmm]" on the base date (`base_ms`), or
    RFC 3339. compare.py writes every time of the scenarios it compares as integer ms."""
    if isinstance(t, int):
        return t
    if "T" in t:
        return round(datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp() * 1000)
    h, m, sec = t.split(":")
    return base_ms + (int(h) * 3600 + int(m) * 60) * 1000 + round(float(sec) * 1000)


# --- Trigger shapes ---------------------------------------------------------------------------


def _has_ontime_pane(trigger):
    """TriggerFn.has_ontime_pane (transforms/trigger.py): AfterWatermark and DefaultTrigger say
    True, Repeatedly asks its child, AfterAny/AfterAll/AfterEach (and OrFinally, an AfterAny)
    ask whether any child has one; counts, processing time and Never say no. It is also whether
    the trigger reacts to the watermark at all (can fire at the end of the window)."""
    kind = trigger["type"]
    if kind in ("default", "after_watermark"):
        return True
    subs = _subtriggers(trigger)
    return any(_has_ontime_pane(t) for t in subs)


def _windows_of(scenario, t):
    """The windows (start, end) in ms of an element at event time t (a session: its own
    proto-window; the global window: (None, None))."""
    w = scenario["pipeline"]["window"]
    kind = w["type"]
    if kind == "global":
        return [(None, None)]
    if kind == "sessions":
        return [(t, t + _duration(w["gap"]))]
    size = _duration(w["size"])
    period = _duration(w.get("period", w["size"]))
    offset = _duration(w.get("offset", 0)) % period
    last = t - (t - offset) % period
    out, start = [], last
    while start > t - size:
        out.append((start, start + size))
        start -= period
    return sorted(out)


def _duplicate_watermark_timer(trigger):
    """Whether an AfterAny/AfterAll in the tree has two AfterWatermark children."""
    kind = trigger["type"]
    if kind in ("after_any", "after_all") and sum(t["type"] == "after_watermark" for t in trigger["triggers"]) >= 2:
        return True
    subs = _subtriggers(trigger)
    return any(_duplicate_watermark_timer(t) for t in subs)


def _after_each_watermark_child(trigger):
    """Whether an AfterEach in the tree has an AfterWatermark child after its first."""
    kind = trigger["type"]
    if kind == "after_each" and any(t["type"] == "after_watermark" for t in trigger["triggers"][1:]):
        return True
    subs = _subtriggers(trigger)
    return any(_after_each_watermark_child(t) for t in subs)


def _processing_time_leaf(trigger):
    """Whether the tree has an AfterProcessingTime leaf."""
    if trigger["type"] == "after_processing_time":
        return True
    subs = _subtriggers(trigger)
    return any(_processing_time_leaf(t) for t in subs)


def _parallel_processing_time_child(trigger):
    """Whether an AfterAny, AfterAll or OrFinally (an AfterAny in Python) in the tree has a
    processing-time leaf anywhere below it (also inside Repeatedly or AfterEach)."""
    kind = trigger["type"]
    subs = _subtriggers(trigger)
    if kind in ("after_any", "after_all", "or_finally") and any(_processing_time_leaf(t) for t in subs):
        return True
    return any(_parallel_processing_time_child(t) for t in subs)


# --- Per pane: which fields a known difference may change, and where ------------------------
#
# compare.py pairs the engine's panes with Beam's per key and window (the n-th pane of a window
# with the n-th, both in index order) and lists, per pair, the fields that differ ("pane" when
# one side has no n-th pane). Each such pane difference must be listed in the scenario's golden
# (golden/NAME.json) under one difference id, and that id's condition must hold for the pane
# pair. A rule never rewrites the engine's panes or reads Beam's panes to decide what to expect:
# Beam's panes are the golden's, recorded once and reviewed as a diff.

PANE = "pane"  # the field name for "this pane is on one side only"


def _cause(e):
    return e.get("cause") if e else None


def _window_of(entry):
    return tuple(entry["window"])


def _sessions(ctx):
    return ctx["scenario"]["pipeline"]["window"]["type"] == "sessions"


def _no_gc(ctx, entry):
    """The engine's pane is Java's expiry pane (cause garbage_collection, or a last watermark
    pane only the expiry can have fired) and Beam has none; or only is_last differs, the engine's
    pane being last and Beam's not (Java's is_last of a pane fired as the window expired)."""
    e, b, fields = entry["engine"], entry["beam"], set(entry["fields"])
    if fields == {PANE} and e and not b:
        return _is_expiry_pane(ctx["scenario"], e, entry.get("previous"))
    return fields == {"is_last"} and e["is_last"] and not b["is_last"]


def _expiry_boundary_pane(ctx, entry):
    """Beam has a LATE pane the engine has not, and the engine dropped an element of that window
    at watermark == window end + allowed lateness (Java drops it there, Python does not)."""
    e, b = entry["engine"], entry["beam"]
    if set(entry["fields"]) != {PANE} or e or not b or b["timing"] != "LATE":
        return False
    key, start, end = _window_of(entry)
    lateness = _duration(ctx["scenario"]["pipeline"].get("allowed_lateness", 0))
    return any(d["key"] == key and (d.get("window") or {}).get("start") == start
               and (d.get("window") or {}).get("end") == end and d["watermark"] == end + lateness
               for d in ctx["scenario"].get("_dropped_records", []))


def _processing_time_timing(ctx, entry):
    """A pane the engine fired at a processing-time timer, labelled EARLY by Python (it labels
    it against the timer's processing time, always before the window end), the engine's ON_TIME
    or LATE; only timing and on_time_index change."""
    e, b = entry["engine"], entry["beam"]
    return (bool(e and b) and set(entry["fields"]) <= {"timing", "on_time_index"}
            and _cause(e) == "processing_time" and b["timing"] == "EARLY" and e["timing"] != "EARLY")


def _element_pane_label(ctx, entry):
    """A pane the engine fired at an element, labelled by Python against its output watermark:
    EARLY (held back at or before the window's max timestamp) or LATE, never ON_TIME; only
    timing and on_time_index change."""
    e, b = entry["engine"], entry["beam"]
    return (bool(e and b) and set(entry["fields"]) <= {"timing", "on_time_index"} and _cause(e) == "element"
            and b["timing"] in ("EARLY", "LATE") and (e["timing"] != b["timing"] or "timing" not in entry["fields"]))


def _nonspeculative_index_follows(ctx, entry):
    """Only on_time_index differs, and an earlier pane of the same window differs in timing (a
    pane Python labels EARLY does not advance its non-speculative index)."""
    if set(entry["fields"]) != {"on_time_index"}:
        return False
    return any("timing" in other["fields"] or PANE in other["fields"] for other in ctx["entries"]
               if _window_of(other) == _window_of(entry) and other["n"] < entry["n"])


def _holds(ctx, entry):
    """Only the timestamp differs, under an EARLIEST or LATEST timestamp combiner, and Beam's
    timestamp lies in the window (Python's holds combine other elements)."""
    b = entry["beam"]
    combiner = ctx["scenario"]["pipeline"].get("timestamp_combiner", "end_of_window")
    if set(entry["fields"]) != {"timestamp"} or combiner == "end_of_window" or b["timestamp"] is None:
        return False
    _, start, end = _window_of(entry)
    return start is None or start <= b["timestamp"] < end


def _merged_session(ctx, entry):
    """Sessions, and the engine's window set of this key differs from Beam's or the engine
    dropped (closed, expired) an element of this key: Python merges with sessions Java closed or
    expired, with a TOMBSTONE after a finished trigger and AfterWatermark's late phase kept."""
    if not _sessions(ctx):
        return False
    key = entry["window"][0]
    windows = lambda side: {_window_of(x) for x in ctx["entries"] if x[side] and x["window"][0] == key}
    dropped = any(d["key"] == key for d in ctx["scenario"].get("_dropped_records", []))
    late = any(x["engine"] and x["engine"]["timing"] == "LATE" for x in ctx["entries"] if x["window"][0] == key)
    events = ctx["scenario"].get("events", [])
    late_events = any(events[i]["key"] == key for i in ctx["scenario"].get("_late_events", []) if i < len(events))
    return windows("engine") != windows("beam") or dropped or late or late_events


def _expiry_at_processing_time(ctx, entry):
    """The engine's pane is Java's expiry pane of a trigger with a processing-time leaf, and
    Python (which never expires a window) fires it at the pending processing-time timer instead,
    which the program lets go off at the end: EARLY (labelled against the timer's time), not
    last; only timing, on_time_index and is_last change."""
    e, b = entry["engine"], entry["beam"]
    return (bool(e and b) and set(entry["fields"]) <= {"timing", "on_time_index", "is_last"}
            and _processing_time_leaf(ctx["scenario"]["pipeline"]["trigger"])
            and _is_expiry_pane(ctx["scenario"], e, entry.get("previous")) and b["timing"] == "EARLY")


def _stall(ctx, entry):
    """Beam's run stalled (or timed out) and the engine's pane, which Beam does not print, comes
    when or after the watermark reaches +infinity (the end of input)."""
    e, b = entry["engine"], entry["beam"]
    if ctx["status"] not in ("stall", "timeout") or set(entry["fields"]) != {PANE} or b or not e:
        return False
    infinite = [p["at"] for p in ctx["scenario"].get("_watermark", []) if p["to"] is None]
    return bool(infinite) and e["emitted_at"] >= infinite[0]


def _pattern(pattern):
    def holds(ctx, entry):
        return pattern(ctx["scenario"]["pipeline"]["trigger"])
    holds.__doc__ = f"The trigger has the shape {pattern.__name__} finds; any field of the pane."
    return holds


# id -> the condition on one pane pair. The order is the order compare.py tries them in when it
# writes a golden; a golden names the id for each pane, and the run checks that id's condition.
CONDITIONS = {
    "no-garbage-collection": _no_gc,
    "expiry-boundary": _expiry_boundary_pane,
    "expiry-pane-at-processing-time": _expiry_at_processing_time,
    "processing-time-timing": _processing_time_timing,
    "element-pane-against-output-watermark": _element_pane_label,
    "nonspeculative-index-follows": _nonspeculative_index_follows,
    "python-watermark-holds": _holds,
    "merged-session-python": _merged_session,
    "stall-at-end": _stall,
    "parallel-processing-time-child": _pattern(_parallel_processing_time_child),
    "duplicate-watermark-timer": _pattern(_duplicate_watermark_timer),
    "after-each-watermark-child": _pattern(_after_each_watermark_child),
}

DIFFERENCES["nonspeculative-index-follows"] = (
    "A consequence of an earlier pane's label in the same window: Beam Python advances a pane's "
    "non-speculative index (NONSPECULATIVE_INDEX) only for panes it labels ON_TIME or LATE "
    "(transforms/trigger.py, GeneralTriggerDriver._output), so once it labelled an earlier pane "
    "EARLY where Java said ON_TIME or LATE (processing-time-timing, "
    "element-pane-against-output-watermark), the later panes' on_time_index is one lower."
)
DIFFERENCES["expiry-pane-at-processing-time"] = (
    "Java emits a window's final pane when it expires (ReduceFnRunner.onTimer, "
    "isGarbageCollection -> onTrigger(isFinished)), labelled against the input watermark, so "
    "ON_TIME or LATE and is_last. Beam Python never expires a window (no expiry timer in "
    "GeneralTriggerDriver); the exported program lets the pending processing-time timers go off "
    "at the end, and the same elements come out in the processing-time pane, labelled against "
    "the timer's time (GeneralTriggerDriver.process_timer -> _output: EARLY while the timer's "
    "time is before the window end) and last only if the trigger finished."
)
DIFFERENCES["merged-session-python"] = DIFFERENCES["merged-session-python"] + " " + \
    DIFFERENCES.pop("merged-session-tombstone") + " " + DIFFERENCES.pop("merged-session-late-phase")
assert set(CONDITIONS) == set(DIFFERENCES), set(CONDITIONS) ^ set(DIFFERENCES)


# The fields each difference may change (PANE: a pane on one side only).
FIELDS_OF = {
    "no-garbage-collection": {PANE, "is_last"},
    "expiry-boundary": {PANE},
    "expiry-pane-at-processing-time": {"timing", "on_time_index", "is_last"},
    "processing-time-timing": {"timing", "on_time_index"},
    "element-pane-against-output-watermark": {"timing", "on_time_index"},
    "nonspeculative-index-follows": {"on_time_index"},
    "python-watermark-holds": {"timestamp"},
    "merged-session-python": {PANE, "value", "timing", "index", "on_time_index", "is_first", "is_last", "timestamp"},
    "stall-at-end": {PANE},
    "parallel-processing-time-child": {PANE, "value", "timing", "index", "on_time_index", "is_first", "is_last", "timestamp"},
    "duplicate-watermark-timer": {PANE, "value", "timing", "index", "on_time_index", "is_first", "is_last", "timestamp"},
    "after-each-watermark-child": {PANE, "value", "timing", "index", "on_time_index", "is_first", "is_last", "timestamp"},
}
assert set(FIELDS_OF) == set(CONDITIONS)


def _on(entry, fields):
    return dict(entry, fields=[f for f in entry["fields"] if f in fields])


def attribute(ctx, entry):
    """The differing fields of this pane pair split among known differences, {id: [fields]}:
    each id in CONDITIONS order takes the remaining fields it may change if its condition holds
    on them; None when some field is left."""
    left, out = list(entry["fields"]), {}
    for name, condition in CONDITIONS.items():
        mine = [f for f in left if f in FIELDS_OF[name]]
        if mine and condition(ctx, _on(entry, mine)):
            out[name] = mine
            left = [f for f in left if f not in mine]
        if not left:
            return out
    return None


def holds(ctx, entry, ids):
    """Whether the known differences `ids` ({id: [fields]}) explain this pane pair: together
    they name each differing field once, each only fields it may change, and each condition
    holds on its fields."""
    named = [f for fields in ids.values() for f in fields]
    if sorted(named) != sorted(entry["fields"]):
        return False
    return all(name in CONDITIONS and set(fields) <= FIELDS_OF[name] and CONDITIONS[name](ctx, _on(entry, fields))
               for name, fields in ids.items())
