#!/usr/bin/env python3
"""Seeded random windowpane/1 scenarios for the Beam conformance run.

Usage: generate.py OUT_DIR [--count N] [--seed S]

Each scenario draws a window function (fixed, sliding, sessions, global), a trigger tree,
an accumulation mode, an allowed lateness, a timestamp combiner, a combiner, a watermark model
(explicit path, perfect, bounded out-of-orderness), one to three keys and a dozen events. Times
are whole seconds from 12:00:00 so that Beam Python (whole-second processing-time delays) can
express every trigger. The same seed always writes the same files.

End of input comes at least 2 minutes after the last arrival and watermark point, longer than
any processing-time delay drawn here (at most 90 s), so no processing-time timer is pending when
the input ends. Why: windowpane (like Java's runner core) fires no processing-time timer after
the end of input, while the exported Python program must advance processing time past pending
timers there or Beam Python's DirectRunner, which never expires a window, waits for them for
ever (runners/direct/watermark_manager.py, WatermarkManager.extract_all_timers: a pending
real-time timer keeps the pipeline alive while the output watermark is below +infinity); the
timers then fire panes Java never fires. The examples still cover that case.
"""

import argparse
import json
import os
import random

from known_differences import (_after_each_watermark_child, _duplicate_watermark_timer, _duration,
                               _parallel_processing_time_child, _subtriggers)

NOON = 12 * 3600 * 1000
SECOND = 1000
MINUTE = 60 * SECOND


def duration(ms):
    return f"{ms // SECOND}s" if ms % MINUTE else f"{ms // MINUTE}m"


def leaf_trigger(rng):
    kind = rng.choice(["count", "count", "processing_time", "watermark"])
    if kind == "count":
        return {"type": "after_count", "count": rng.randint(1, 3)}
    if kind == "processing_time":
        return {"type": "after_processing_time", "delay": duration(rng.choice([10, 30, 60, 90]) * SECOND)}
    return {"type": "after_watermark"}


def firing(rng):
    """An early or late firing: a count or a processing-time delay."""
    if rng.random() < 0.5:
        return {"type": "after_count", "count": rng.randint(1, 2)}
    return {"type": "after_processing_time", "delay": duration(rng.choice([15, 30, 60]) * SECOND)}


def trigger(rng, window_type):
    shapes = ["default", "watermark", "early_late", "repeat_count", "repeat_time", "each", "any", "all",
              "or_finally", "count_once", "time_once"]
    if window_type != "global":
        shapes += ["early_late", "watermark", "default"]
    else:
        shapes += ["repeat_count", "repeat_time", "or_finally"]
    shape = rng.choice(shapes)
    if shape == "default":
        return {"type": "default"}
    if shape == "watermark":
        return {"type": "after_watermark"}
    if shape == "early_late":
        t = {"type": "after_watermark"}
        if rng.random() < 0.8:
            t["early"] = firing(rng)
        if rng.random() < 0.8:
            t["late"] = firing(rng)
        return t
    if shape == "repeat_count":
        return {"type": "repeatedly", "trigger": {"type": "after_count", "count": rng.randint(1, 3)}}
    if shape == "repeat_time":
        return {"type": "repeatedly", "trigger": firing(rng) if rng.random() < 0.3 else
                {"type": "after_processing_time", "delay": duration(rng.choice([20, 45, 60]) * SECOND)}}
    if shape == "each":
        return {"type": "after_each", "triggers": [leaf_trigger(rng) for _ in range(rng.randint(2, 3))]}
    if shape in ("any", "all"):
        inner = {"type": f"after_{shape}", "triggers": [leaf_trigger(rng) for _ in range(2)]}
        return {"type": "repeatedly", "trigger": inner} if rng.random() < 0.6 else inner
    if shape == "or_finally":
        return {"type": "or_finally",
                "trigger": {"type": "repeatedly", "trigger": leaf_trigger(rng)},
                "until": rng.choice([{"type": "after_count", "count": rng.randint(2, 5)}, {"type": "after_watermark"}])}
    if shape == "count_once":
        return {"type": "after_count", "count": rng.randint(1, 3)}
    return {"type": "after_processing_time", "delay": duration(rng.choice([30, 60]) * SECOND)}


def avoided(t):
    """Constructs Beam Python's runner gets wrong (not differences of semantics, broken
    behaviour), which random scenarios avoid (paths in apache/beam 2.77.0, sdks/python/
    apache_beam/transforms/trigger.py):
    - AfterAny/AfterAll, and OrFinally (an AfterAny in Python), with a processing-time leaf
      anywhere below: _ParallelTriggerFn.on_fire asks every child should_fire(TimeDomain.
      WATERMARK, ...) and AfterProcessingTime.should_fire answers True only for TimeDomain.
      REAL_TIME (None otherwise), so a processing-time child never fires nor finishes inside
      the composite: AfterAll(P, P) fires at its first timer and finishes (combine_op(all) of
      an empty list is True), AfterAny(P, count) never finishes on its timer, and
      OrFinally(Repeatedly(P), W) fires its first timer's pane but never resets P, so no
      other (was random 110); the DirectRunner stalls or emits panes no runner core would.
    - AfterWatermark with processing-time early AND late firings: AfterProcessingTime.
      should_fire returns True for ANY real-time timer, so the early trigger's timer, set before
      the on-time pane, later fires the late trigger (an extra LATE pane, or an EARLY one in the
      global window) when it goes off.
    - AfterAny/AfterAll with two AfterWatermark children: each child sets its own end-of-window
      timer (NestedContext prefixes '0/', '1/'), the DirectRunner fires both, and
      AfterWatermark.should_fire (without a late trigger) is True again whenever the watermark
      is past the end, so under Repeatedly the second timer fires an extra empty LATE pane (was
      random 083); Java's ReduceFnRunner has one end-of-window timer per window.
    - AfterEach with an AfterWatermark child after the first: AfterEach.on_element passes the
      element only to the current child, so a later AfterWatermark child never sets its
      end-of-window timer and fires only if an element arrives after the end (was random 123);
      Java's ReduceFnRunner schedules the end-of-window timer for every window itself.
    The first, third and fourth are the patterns known_differences.py matches in examples.
    """
    return (_parallel_processing_time_child(t) or _duplicate_watermark_timer(t)
            or _after_each_watermark_child(t) or processing_time_early_and_late(t))


def processing_time_early_and_late(t):
    """Whether an AfterWatermark in the tree has processing-time early and late firings."""
    if t["type"] == "after_watermark" and all(t.get(k, {}).get("type") == "after_processing_time" for k in ("early", "late")):
        return True
    return any(processing_time_early_and_late(c) for c in _subtriggers(t))


def window(rng):
    kind = rng.choice(["fixed", "fixed", "sliding", "sessions", "global"])
    if kind == "fixed":
        w = {"type": "fixed", "size": duration(rng.choice([1, 2, 3, 5]) * MINUTE)}
        if rng.random() < 0.2:
            w["offset"] = duration(rng.choice([15, 30]) * SECOND)
        return w
    if kind == "sliding":
        period = rng.choice([1, 2]) * MINUTE
        return {"type": "sliding", "size": duration(period * rng.choice([2, 3])), "period": duration(period)}
    if kind == "sessions":
        return {"type": "sessions", "gap": duration(rng.choice([30, 60, 90]) * SECOND)}
    return {"type": "global"}


def events(rng):
    keys = ["a", "b", "c"][: rng.randint(1, 3)]
    out = []
    for _ in range(rng.randint(3, 12)):
        event_time = NOON + rng.randint(0, 600) * SECOND
        delay = rng.choice([0, 5, 20, 40, 90, 150, 300]) * SECOND + rng.randint(0, 30) * SECOND
        out.append({"key": rng.choice(keys), "value": rng.randint(1, 9), "event_time": event_time,
                    "arrival": event_time + delay})
    return out


def watermark(rng, evs):
    model = rng.choice(["explicit", "explicit", "perfect", "bounded"])
    if model == "perfect":
        return {"model": "perfect"}
    if model == "bounded":
        return {"model": "bounded_out_of_orderness", "max_delay": duration(rng.choice([0, 30, 60, 120]) * SECOND)}
    last = max(e["arrival"] for e in evs)
    points, at, to = [], NOON, NOON - MINUTE
    while at < last:
        at += rng.randint(20, 120) * SECOND
        to = max(to, min(at - rng.randint(0, 240) * SECOND, at))
        points.append({"at": at, "to": to})
    return {"model": "explicit", "points": points}


def delays(t):
    """The processing-time delays of the trigger tree, in ms."""
    own = [_duration(t["delay"])] if "delay" in t else []
    return own + [d for c in _subtriggers(t) for d in delays(c)]


def scenario(rng, n, seed):
    evs = events(rng)
    w = window(rng)
    t = trigger(rng, w["type"])
    # An avoided trigger is redrawn from an rng of its own, so the other scenarios stay the same.
    redraw = random.Random(f"{seed}-{n}")
    while avoided(t):
        t = trigger(redraw, w["type"])
    pipeline = {
        "window": w,
        "trigger": t,
        "accumulation": rng.choice(["discarding", "accumulating"]),
        "allowed_lateness": rng.choice(["0s", "0s", "30s", "2m", "1000d"]),
        "combine": rng.choice(["sum", "sum", "count", "min", "max", "mean", "latest", "collect"]),
    }
    if rng.random() < 0.2:
        pipeline["timestamp_combiner"] = rng.choice(["earliest", "latest"])
    wm = watermark(rng, evs)
    last = max([e["arrival"] for e in evs] + [p["at"] for p in wm.get("points", [])])
    return {
        "format": "windowpane/1",
        "title": f"Random scenario {n}",
        "events": evs,
        "watermark": wm,
        "end_of_input": last + rng.choice([120, 180, 300]) * SECOND,
        "pipeline": pipeline,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    for n in range(args.count):
        with open(os.path.join(args.out, f"random-{n:03}.json"), "w") as f:
            json.dump(scenario(rng, n, args.seed), f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
