#!/usr/bin/env python3
"""Seeded random "semantics": "flink" scenarios for the real-Flink run (tests/flink/run).

Usage: generate.py OUT_DIR [--count N] [--seed S]

Each scenario draws a window assigner (tumbling with or without an offset, sliding with an
offset, event-time sessions, global), an event-time trigger (EventTimeTrigger, CountTrigger,
ContinuousEventTimeTrigger, each possibly inside a PurgingTrigger), an allowed lateness, an
aggregate, a watermark (an explicit path with points on the window boundaries, the perfect
watermark, or Flink's periodic bounded out-of-orderness at several auto-watermark intervals),
one to three keys and up to 14 events, on a grid of 250 ms so that equalities (an element at a
window's max timestamp, a watermark at exactly a cleanup time) come up often. No processing-time
trigger: a real clock cannot be replayed (the engine's transcripts check those). One more
two scenarios are large (2000 events), and each Beam example with a transport (--ingest-examples) is
also written as a Flink scenario: its Kinesis shards become source splits. The same seed always
writes the same files.
"""

import argparse
import json
import os
import random

NOON = 12 * 3600 * 1000
GRID = 250


def window(rng):
    kind = rng.choice(["fixed", "fixed", "sliding", "sessions", "sessions", "global"])
    if kind == "fixed":
        size = rng.choice([1000, 2000, 5000])
        w = {"type": "fixed", "size": size}
        if rng.random() < 0.3:
            w["offset"] = rng.choice([250, 500, 1500]) % size
        return w, size
    if kind == "sliding":
        period = rng.choice([500, 1000, 2000])
        size = period * rng.choice([2, 3]) + rng.choice([0, 0, 250])
        w = {"type": "sliding", "size": size, "period": period}
        if rng.random() < 0.5:
            w["offset"] = rng.choice([250, 500]) % period
        return w, size
    if kind == "sessions":
        gap = rng.choice([500, 1000, 2000])
        return {"type": "sessions", "gap": gap}, gap * 2
    return {"type": "global"}, 2000


def trigger(rng, window_type):
    if window_type == "global":
        inner = {"type": "count", "count": rng.choice([1, 2, 3])}
        return {"type": "purging", "trigger": inner} if rng.random() < 0.5 else inner
    kind = rng.choice(["default", "event_time", "count", "continuous_event_time", "continuous_event_time"])
    if kind == "count":
        inner = {"type": "count", "count": rng.choice([1, 2, 3])}
    elif kind == "continuous_event_time":
        inner = {"type": "continuous_event_time", "interval": rng.choice([250, 500, 1000, 1500])}
    else:
        inner = {"type": kind}
    if kind != "default" and rng.random() < 0.35:
        return {"type": "purging", "trigger": inner}
    return inner


def scenario(rng, n):
    w, size = window(rng)
    keys = ["a", "b", "c"][: rng.choice([1, 1, 2, 3])]
    lateness = rng.choice([0, 0, GRID, size // 2, size, 3000])
    span = rng.choice([4000, 8000, 12000])
    events = []
    for _ in range(rng.randint(1, 14)):
        t = rng.randrange(0, span, GRID)
        if rng.random() < 0.25:  # on a boundary: a window's max timestamp or its end
            t = (t // size) * size + rng.choice([-1, 0, size - 1])
        events.append({"key": rng.choice(keys), "value": rng.randint(1, 9), "event_time": NOON + max(t, 0)})
    # Arrivals: in event-time order with a random delay (so some come late), some simultaneous.
    for e in events:
        delay = rng.choice([0, 0, GRID, 1000, 2500, 6000])
        e["arrival"] = e["event_time"] + delay - rng.choice([0, 0, 100])
    last = max(e["arrival"] for e in events)
    model = rng.choice(["explicit", "explicit", "explicit", "perfect", "periodic", "periodic"])
    if model == "explicit":
        points, at, to = [], NOON, NOON - 1000
        boundaries = sorted({NOON + (k * size) - 1 + d for k in range(1, span // size + 2) for d in (0, lateness)})
        for _ in range(rng.randint(1, 6)):
            at += rng.choice([0, GRID, 1000, 2000])
            cand = [b for b in boundaries if b >= to]
            to = rng.choice(cand) if cand and rng.random() < 0.6 else to + rng.choice([0, GRID, 1000])
            if rng.random() < 0.3:  # at the instant of an arrival
                at = max(at, rng.choice(events)["arrival"])
            points.append({"at": at, "to": to})
        last = max(last, points[-1]["at"])
        watermark = {"model": "explicit", "points": points}
    elif model == "perfect":
        watermark = {"model": "perfect"}
    else:
        watermark = {"model": "bounded_out_of_orderness", "max_delay": rng.choice([0, 250, 1000, 3000])}
        if rng.random() < 0.6:
            watermark["auto_watermark_interval"] = rng.choice([100, 250, 1000])
    combines = ["sum", "sum", "count", "min", "max", "mean", "latest", "collect"]
    s = {
        "format": "windowpane/1",
        "semantics": "flink",
        "title": f"random Flink scenario {n}",
        "events": events,
        "watermark": watermark,
        "pipeline": {
            "window": w,
            "trigger": trigger(rng, w["type"]),
            "allowed_lateness": lateness,
            "combine": rng.choice(combines),
        },
    }
    if rng.random() < 0.7:
        s["end_of_input"] = last + rng.choice([0, 0, GRID, 1000, 5000])
    return s


def large(rng):
    """One scenario of 2000 events over three keys, in sessions, with a periodic watermark
    ticking every 10 ms: the exported job's source spans several methods (Java's 64 KB limit)."""
    events = []
    for i in range(2000):
        t = NOON + i * 7
        events.append({"key": rng.choice("abc"), "value": rng.randint(1, 9), "event_time": t,
                       "arrival": t + rng.choice([0, 50, 400, 3000])})
    return {
        "format": "windowpane/1",
        "semantics": "flink",
        "title": "large Flink scenario: 2000 events in sessions",
        "events": events,
        "watermark": {"model": "bounded_out_of_orderness", "max_delay": 100, "auto_watermark_interval": 10},
        "pipeline": {"window": {"type": "sessions", "gap": 10}, "trigger": {"type": "count", "count": 2},
                     "allowed_lateness": 200, "combine": "sum"},
    }


def from_ingest_example(s, rng):
    """A Beam example with a transport (`ingest`) as a Flink scenario: the same events through the
    same shards (each a source split with its own periodic watermark, the minimum over the splits
    that are not idle), windowed as the example windows them, with an event-time or count trigger."""
    p = s["pipeline"]
    w = p.get("window", {"type": "fixed", "size": "1m"})
    trig = {"type": "count", "count": 3} if w["type"] == "global" else rng.choice(
        [{"type": "event_time"}, {"type": "purging", "trigger": {"type": "count", "count": 2}},
         {"type": "continuous_event_time", "interval": "20s"}])
    s = dict(s, semantics="flink", title="Flink: " + s.get("title", "an ingest example"))
    s.pop("expect", None)
    s["pipeline"] = {"window": w, "trigger": trig, "allowed_lateness": p.get("allowed_lateness", 0),
                     "combine": p.get("combine", "sum")}
    if s.get("watermark", {}).get("model") == "ingest":
        s["watermark"] = dict(s["watermark"], max_delay=rng.choice([0, 1000, 5000]))
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--ingest-examples", nargs="*", default=[],
                    help="Beam examples with an ingest section, to run under Flink semantics too")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(a.seed)
    for n in range(a.count):
        with open(os.path.join(a.out, f"random-{n:04d}.json"), "w") as f:
            json.dump(scenario(rng, n), f, indent=1)
    with open(os.path.join(a.out, "large-0000.json"), "w") as f:
        json.dump(large(rng), f)
    # The same in longer sessions, collecting: merged sessions' lists (see compare.py).
    collecting = large(rng)
    collecting["title"] = "large Flink scenario: 2000 events collected in sessions"
    collecting["pipeline"].update(window={"type": "sessions", "gap": 30}, trigger={"type": "event_time"},
                                  combine="collect")
    with open(os.path.join(a.out, "large-0001.json"), "w") as f:
        json.dump(collecting, f)
    for path in a.ingest_examples:
        with open(path) as f:
            s = json.load(f)
        if "ingest" in s and s.get("semantics", "beam") == "beam":
            with open(os.path.join(a.out, "ingest-" + os.path.basename(path)), "w") as f:
                json.dump(from_ingest_example(s, rng), f, indent=1)


if __name__ == "__main__":
    main()
