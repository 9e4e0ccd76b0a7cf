"""Known differences between Beam Python's DirectRunner (apache-beam 2.77.0) and the Java runner
core, which windowpane's engine follows (DESIGN.md: "where Beam's runners disagree, follow the
Java runner core"). Each difference names the Beam source that shows it. compare.py applies
them: each rule turns the engine's panes of one window into what Beam Python computes for the
same firings, and a scenario counts as a known difference only if its panes then match exactly.
Nothing here may be widened to hide an engine bug.

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
        "firing). Accepted exactly when the replay of Python's holds (_python_panes) leaves one; "
        "all panes before the stall are compared."
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


def _has_expiry_pane(scenario, engine):
    """Whether any of the engine's panes is an expiry pane (each judged after its window's
    previous pane)."""
    previous = {}
    for p in sorted(engine, key=lambda p: p["emitted_at"]):
        w = (p["key"], p["window"]["start"], p["window"]["end"])
        if _is_expiry_pane(scenario, p, previous.get(w)):
            return True
        previous[w] = p
    return False


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

def _pending_timer(scenario, window, after, until, dropped, index=0):
    """The processing time of the timer a P or Repeatedly(P) trigger (or an AfterEach whose
    current child, after `index` panes of leaves, is P) set for the elements of this window that
    arrived in (after, until] and were not dropped; None when there is none or the scenario is
    not plain enough to tell."""
    trigger = scenario["pipeline"]["trigger"]
    if trigger["type"] == "repeatedly":
        trigger = trigger["trigger"]
    if trigger["type"] == "after_each" and index < len(trigger["triggers"]) and all(
            c["type"] in ("after_count", "after_processing_time") for c in trigger["triggers"]):
        trigger = trigger["triggers"][index]
    if trigger["type"] != "after_processing_time" or "align" in trigger:
        return None
    arrivals = _arrivals(scenario, window, after, until, dropped)
    return min(arrivals) + _duration(trigger["delay"]) if arrivals else None


def _last_pane_before(scenario, window, at, previous):
    """When the window's elements last fired before `at`: its previous pane, or a pane of a
    session that merged into it (their elements fired there)."""
    key, start, end = window
    times = [previous["emitted_at"]] if previous else []
    times += [p["emitted_at"] for p in scenario.get("_engine", []) if p["key"] == key and p["emitted_at"] < at
              and start is not None and start <= p["window"]["start"] and p["window"]["end"] <= end]
    return max(times, default=-(2 ** 62))


def _no_garbage_collection(scenario, window, engine):
    """Drops the engine's expiry panes and its expiry-only is_last flags. An expiry pane whose
    elements started a processing-time timer (trigger P or Repeatedly(P)) comes out in Python
    when that timer goes off (nothing expires it first; the exported program lets pending timers
    go off after the end of input): it becomes that processing-time pane."""
    out, previous = [], None
    dropped = _dropped_from(scenario, window)
    for p in engine:
        if _is_expiry_pane(scenario, p, previous):
            after = _last_pane_before(scenario, window, p["emitted_at"], previous)
            timer = _pending_timer(scenario, window, after, p["emitted_at"], dropped, len(out))
            if timer is None:
                continue
            t = scenario["pipeline"]["trigger"]
            p = dict(p, cause="processing_time", emitted_at=timer,
                     is_last=t["type"] == "after_processing_time"
                     or (t["type"] == "after_each" and len(out) == len(t["triggers"]) - 1))
        out.append(dict(p))
        previous = p
    for p in out:
        # Java's is_last of a watermark pane fired when the window had also expired (the end of the
        # window and its expiry passed at once: lateness 0, or a leap past end + lateness, e.g. to
        # +infinity at the end of input; ReduceFnRunner.onTimers, WindowActivation.isGarbageCollection
        # -> onTrigger(isFinished = true)). Python's is_last is the trigger's `finished` only.
        if (p["is_last"] and p.get("cause") == "watermark"
                and _expired_at(scenario, window, p["emitted_at"])
                and _finishes_at_watermark(scenario["pipeline"]["trigger"]) is False):
            p["is_last"] = False
    return out


def _expired_at(scenario, window, at):
    """Whether the window is expired once the watermark has moved at `at` (Java's isExpired:
    maxTimestamp + allowed lateness before the input watermark; the global window only when the
    watermark reaches +infinity)."""
    wm = _watermark_at(scenario, at, moved=True)
    if wm is None:
        return False
    if window[2] is None:
        return wm >= 2 ** 62
    lateness = _duration(scenario["pipeline"].get("allowed_lateness", 0))
    return window[2] - 1 + lateness < wm


def _finishes_at_watermark(trigger):
    """Whether Python's trigger finishes when it fires at the watermark passing the window end
    (transforms/trigger.py on_fire); None when this file cannot tell."""
    kind = trigger["type"]
    if kind in ("default", "repeatedly"):
        return False  # DefaultTrigger.on_fire and Repeatedly.on_fire return False
    if kind == "after_watermark":
        return "late" not in trigger  # AfterWatermark.on_fire: 'return not self.late'
    if kind == "or_finally" and trigger["until"]["type"] == "after_watermark" and "late" not in trigger["until"]:
        return True  # AfterAny(T, W): W finishes
    if kind == "or_finally" and trigger["until"]["type"] == "after_count":
        # A count until that had reached its count fired (and finished) at that element, so at a
        # watermark pane only T can finish the AfterAny (_ParallelTriggerFn.on_fire: any()).
        return _finishes_at_watermark(trigger["trigger"])
    if kind == "after_each" and all(
            c["type"] != "after_watermark" or "late" not in c for c in trigger["triggers"][:-1]) and (
            trigger["triggers"][-1]["type"] != "after_watermark"):
        return False  # AfterEach.on_fire finishes only with its last child, which is no watermark leaf
    return None


def _millis(t, base_ms=0):
    """A scenario time in ms: integer ms, "HH:MM:SS[.mmm]" on the base date (`base_ms`), or
    RFC 3339. compare.py writes every time of the scenarios it compares as integer ms."""
    if isinstance(t, int):
        return t
    if "T" in t:
        return round(datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp() * 1000)
    h, m, sec = t.split(":")
    return base_ms + (int(h) * 3600 + int(m) * 60) * 1000 + round(float(sec) * 1000)


def _watermark_at(scenario, at, moved=False):
    """The engine's input watermark when elements arriving at `at` are processed (the export
    sends a processing time's elements before its watermark move), or with `moved` once the
    watermark has moved at `at` (a watermark pane emitted at `at` was fired by that move); None
    when unknown."""
    path = scenario.get("_watermark")
    if path is None:
        return None
    wm = -(2 ** 62)
    for point in path:
        if point["at"] < at or (moved and point["at"] == at):
            wm = point["to"] if point["to"] is not None else 2 ** 62
    return wm


def _combine(scenario, values):
    """The pane value of `values` for the plain combiners; None for the others."""
    kind = scenario["pipeline"]["combine"]
    if kind == "sum":
        return sum(values)
    if kind == "count":
        return len(values)
    if kind in ("min", "max") and values:
        return (min if kind == "min" else max)(values)
    if kind == "mean" and values:
        return sum(values) / len(values)
    if kind == "collect":
        return list(values)
    return None


def _expiry_boundary(scenario, window, engine):
    """Adds the LATE pane Python fires for elements the engine dropped at watermark == end +
    allowed lateness (default trigger, discarding, end-of-window timestamps)."""
    p = scenario["pipeline"]
    if (p["trigger"]["type"] != "default" or p["accumulation"] != "discarding"
            or p.get("timestamp_combiner", "end_of_window") != "end_of_window" or window[2] is None):
        return engine
    key, start, end = window
    boundary = end + _duration(p.get("allowed_lateness", 0))
    kept = {}
    for d in scenario.get("_dropped_records", []):
        w = d.get("window") or {}
        if d["key"] == key and w.get("start") == start and w.get("end") == end and d["watermark"] == boundary:
            kept.setdefault(d["arrival"], []).append(d["value"])
    if not kept:
        return engine
    out = [dict(x) for x in engine]
    for arrival, values in sorted(kept.items()):
        value = _combine(scenario, values)
        if value is None:
            return engine
        out.append({"key": key, "window": {"start": start, "end": end}, "value": value, "timing": "LATE",
                    "is_last": False, "timestamp": end - 1, "emitted_at": arrival, "cause": "element"})
    out.sort(key=lambda x: x["emitted_at"])
    nonspeculative = 0
    for i, x in enumerate(out):
        x["index"], x["is_first"] = i, i == 0
        if x["timing"] == "EARLY":
            x["on_time_index"] = None
        else:
            x["on_time_index"] = nonspeculative
            nonspeculative += 1
    return out




# --- Beam Python's pane labels and watermark holds, replayed over the engine's firings ---------

INF = 2 ** 62


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


class _PythonKeyState:
    """One key's state in Beam Python's GeneralTriggerDriver, which always wraps it in a
    MergeableStateAdapter (is_merging = True): windows map to lists of state ids; holds, pane
    index, non-speculative index and tombstone live per id and are summed or combined over a
    window's ids."""

    def __init__(self):
        self.ids = {}  # window -> [id]
        self.holds, self.index, self.nonspec, self.tombstone, self.late = {}, {}, {}, {}, {}
        self.counter = 0

    def id_of(self, window):
        if window not in self.ids:
            self.counter += 1
            self.ids[window] = [self.counter]
        return self.ids[window][0]

    def total(self, table, window):
        return sum(table.get(i, 0) for i in self.ids.get(window, []))

    def hold_values(self, window):
        return [h for i in self.ids.get(window, []) for h in self.holds.get(i, [])]

    def clear(self, table, window):
        for i in self.ids.get(window, []):
            table.pop(i, None)

    def merge(self, to_be_merged, result):
        """TriggerMergeContext.merge: pane indices of the merged windows are cleared, their
        state ids move to the result (holds and tombstones go with them)."""
        for w in to_be_merged:
            if w != result:
                self.clear(self.index, w)
                self.clear(self.nonspec, w)
                if w in self.ids:
                    self.ids.setdefault(result, []).extend(self.ids.pop(w))

    def earliest_hold(self):
        """InMemoryUnmergedState.get_earliest_hold: the least hold of any state id, less one
        microsecond (the raw list, not the combined value)."""
        return min((min(v) - 1 for v in self.holds.values() if v), default=INF)


def _merge_sessions(state, new_windows):
    """Sessions.merge over the key's known windows and the new proto-windows; returns
    {proto-window: merged window}."""
    merged_into = {}
    windows = sorted(set(state.ids) | set(new_windows))
    group, end = [], None
    for w in windows + [None]:
        if w is not None and group and end > w[0]:
            group.append(w)
            end = max(end, w[1])
            continue
        if len(group) > 1:
            result = (group[0][0], end)
            state.merge(group, result)
            for g in group:
                if g != result:
                    merged_into[g] = result
        if w is not None:
            group, end = [w], w[1]
    return merged_into


def _python_panes(scenario, panes):
    """Replays Beam Python's GeneralTriggerDriver state over the engine's firings (each pane in
    `panes`, after the other rules, fires in Python at the same processing time) and returns
    (the panes with Python's timing, on-time index, index, is_first and timestamp; the reasons
    that changed something; whether a watermark hold is left at the end, which stalls the
    DirectRunner).

    What it models, all in transforms/trigger.py unless named:
    - the stage's output watermark, which labels element panes, is min(input watermark, every
      key's earliest hold) (runners/direct/watermark_manager.py, _TransformWatermarks.refresh,
      with keyed holds from _StreamingGroupAlsoByWindowEvaluator: state.get_earliest_hold(),
      least hold - 1 us), read once per bundle;
    - process_elements: an element adds a hold only if its output time is at or after that
      output watermark (end of window: always the window's max timestamp), a window with a
      TOMBSTONE takes no elements, an element is dropped only when input watermark >
      window.end + allowed lateness; the pane of an element is labelled against the output
      watermark, never ON_TIME (maybe_ontime False);
    - process_timer: a pane is labelled against the timer's own time (processing time for a
      processing-time timer, window.end for the watermark timer);
    - _output: EARLY when that time <= max_timestamp (the non-speculative index advances only
      once it is non-zero), else ON_TIME for a watermark timer's first non-speculative pane,
      LATE otherwise; the timestamp is the window's combined hold, or max_timestamp without
      one; the hold is kept when that time < window.end and the trigger has an on-time pane,
      else cleared; a finished trigger sets the TOMBSTONE;
    - merging (sessions): ids, holds and tombstones follow the merge; pane indices restart.
    """
    p = scenario["pipeline"]
    combiner = p.get("timestamp_combiner", "end_of_window")
    ontime = _has_ontime_pane(p["trigger"])
    lateness = _duration(p.get("allowed_lateness", 0))
    sessions = p["window"]["type"] == "sessions"
    late = p["trigger"].get("late") if p["trigger"]["type"] == "after_watermark" else None
    late_delay = _duration(late["delay"]) if late and late["type"] == "after_processing_time" else None
    states, keyed_holds, reasons = {}, {}, set()
    queue = {}  # processing time -> [pane]
    for pane in panes:
        queue.setdefault(pane["emitted_at"], []).append(dict(pane))
    arrivals = {}
    for e in scenario["events"]:
        arrivals.setdefault(_millis(e["arrival"]), []).append((e["key"], _millis(e["event_time"])))
    out = []

    def state_of(key):
        return states.setdefault(key, _PythonKeyState())

    def python_window(key, window):
        """The Python window (a merged session may be wider) that holds the engine's window."""
        state = state_of(key)
        if window in state.ids or not sessions:
            return window
        return next((w for w in state.ids if w[0] <= window[0] and window[1] <= w[1]), window)

    def bump(table, window, state):
        i = state.id_of(window)
        table[i] = table.get(i, 0) + 1

    def fire(pane, output_watermark, maybe_ontime, input_watermark=None):
        """GeneralTriggerDriver._output for one of the engine's panes; returns its key."""
        key = pane["key"]
        state = state_of(key)
        window = python_window(key, (pane["window"]["start"], pane["window"]["end"]))
        state.id_of(window)
        end = INF if window[1] is None else window[1] * 1000
        if state.total(state.tombstone, window):
            # process_timer / process_elements: nothing fires for a window with a TOMBSTONE (a
            # session merged with one whose trigger finished).
            reasons.add("merged-session-tombstone")
            return key
        if pane.get("cause") == "element" and late_delay is not None and state.total(state.late, window):
            # AfterWatermark.on_merge keeps a merged session late when any merged window was
            # (LATE_TAG is an 'any' state): the late processing-time trigger fires, later.
            reasons.add("merged-session-late-phase")
            queue.setdefault(pane["emitted_at"] + late_delay, []).append(
                dict(pane, cause="processing_time", emitted_at=pane["emitted_at"] + late_delay))
            return key
        if pane.get("cause") == "watermark" or (pane.get("cause") == "element" and input_watermark >= end):
            state.late[state.id_of(window)] = 1  # AfterWatermark.on_fire: watermark >= window.end
        max_ts = end - 1
        index = state.total(state.index, window)
        bump(state.index, window, state)
        nonspec = state.total(state.nonspec, window)
        if output_watermark <= max_ts:
            timing, on_time_index = "EARLY", None
            if nonspec:
                bump(state.nonspec, window, state)
        else:
            bump(state.nonspec, window, state)
            timing = "ON_TIME" if maybe_ontime and nonspec == 0 else "LATE"
            on_time_index = nonspec
        if pane["is_last"]:
            state.tombstone[state.id_of(window)] = 1
        held = state.hold_values(window)
        if not held:
            stamp = max_ts
        else:
            stamp = min(held) if combiner == "earliest" else max(held)
            if not (output_watermark < end and ontime):
                state.clear(state.holds, window)
        new = dict(pane, timing=timing, on_time_index=on_time_index, index=index, is_first=index == 0,
                   timestamp=None if window[1] is None and stamp >= INF - 1 else stamp // 1000)
        if window != (pane["window"]["start"], pane["window"]["end"]):
            new["window"] = {"start": window[0], "end": window[1]}
            reasons.add("merged-session-python")
        if (new["timing"], new["on_time_index"]) != (pane["timing"], pane["on_time_index"]):
            reasons.add("processing-time-timing" if pane.get("cause") == "processing_time"
                        else "element-pane-against-output-watermark")
        if new["timestamp"] != pane["timestamp"]:
            reasons.add("python-watermark-holds")
        out.append(new)
        return key

    def commit(keys):
        for k in keys:
            keyed_holds[k] = state_of(k).earliest_hold()

    def add_elements(at, output_wm, input_wm):
        """process_elements' merging and holds for the arrivals at `at`; returns the keys."""
        per_key = {}
        for key, t in arrivals.get(at, []):
            per_key.setdefault(key, []).append(t)
        for key, times in per_key.items():
            state = state_of(key)
            elements = {}
            for t in times:
                for w in _windows_of(scenario, t):
                    if w[1] is not None and input_wm > (w[1] + lateness) * 1000:
                        continue  # 'ignore expired windows'
                    elements.setdefault(w, []).append(t * 1000)
            if sessions:
                merged, regrouped = _merge_sessions(state, list(elements)), {}
                for w, ts in elements.items():
                    while w in merged:
                        w = merged[w]
                    regrouped.setdefault(w, []).extend(ts)
                elements = regrouped
            for w, ts in elements.items():
                state.id_of(w)
                if state.total(state.tombstone, w):
                    continue
                if combiner == "end_of_window":
                    hold = INF - 1 if w[1] is None else w[1] * 1000 - 1
                else:
                    kept = [x for x in ts if x >= output_wm]
                    hold = (min if combiner == "earliest" else max)(kept) if kept else None
                if hold is not None:
                    state.holds.setdefault(state.id_of(w), []).append(hold)
        return set(per_key)

    pending = set(queue) | set(arrivals)
    while pending:
        at = min(pending)
        pending.discard(at)
        fired = queue.pop(at, [])
        by_cause = lambda cause: [x for x in fired if x.get("cause") == cause]
        # Processing-time timers go off when the TestStream advances processing time, before the
        # arrivals of that time.
        commit({fire(x, at * 1000, False) for x in by_cause("processing_time")})
        input_wm = _watermark_at(scenario, at)
        input_wm = INF if input_wm is None or input_wm >= INF else input_wm * 1000
        output_wm = min([input_wm] + list(keyed_holds.values()))
        touched = add_elements(at, output_wm, input_wm)
        touched |= {fire(x, output_wm, False, input_wm) for x in by_cause("element")}
        commit(touched)
        for x in fired:
            if x.get("cause") not in ("processing_time", "element"):
                end = x["window"]["end"]
                commit({fire(x, INF if end is None else end * 1000, True)})
        pending |= set(queue)
    held_at_end = any(v for s in states.values() for v in s.holds.values())
    return out, reasons, held_at_end


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
