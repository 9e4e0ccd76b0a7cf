#!/usr/bin/env python3
"""Compares windowpane's panes with Apache Beam's for a corpus of scenarios.

Usage: compare.py OUT_DIR WINDOWPANE_CMD SCENARIO.json...

For each scenario: `WINDOWPANE_CMD export beam-python` writes the Beam program (a scenario
with export warnings is not expressible in Beam and is skipped), `WINDOWPANE_CMD run
--format json` gives the engine's panes and dropped elements, beam_worker.py runs the programs on Beam's
DirectRunner (in one process per worker, two workers), and the panes are compared per key and
window, field by field (emitted_at aside: a Beam DoFn cannot read processing time). The known
differences of known_differences.py are applied; any other difference fails the run.
"""

import concurrent.futures
import json
import math
import os
import shlex
import subprocess
import sys

import known_differences

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = ["value", "timing", "index", "on_time_index", "is_first", "is_last", "timestamp"]


def name_of(path):
    parent = os.path.basename(os.path.dirname(os.path.abspath(path)))
    return f"{parent}-{os.path.basename(path)[: -len('.json')]}"


# Event times are moved this far (at least; a multiple of every window size and period, so the
# windows stay aligned) past every processing time before a scenario is compared. Beam Python's
# DirectRunner hands a processing-time timer's time to the trigger and to the pane labelling as if
# it were the watermark (transforms/trigger.py, GeneralTriggerDriver.process_timer ->
# should_fire/on_fire(timestamp) and _output(..., timestamp, ...)): with the scenarios' processing
# times (12:04:59 ...) after their event times (12:00:26 ...) an early processing-time firing
# acts as the end-of-window firing, switches AfterWatermark to its late trigger and changes
# which panes fire afterwards. Java's runner core (and windowpane) never compare a processing
# time with an event time, so the move changes nothing in Java's panes but their times; it keeps
# Python's processing-time firings on the early side of every window end.
EVENT_TIME_SHIFT_MIN = 100_000_000_000  # about 3 years, in ms


def shifted(scenario):
    """The scenario with every time written as integer ms (the base date applied) and every event
    time (events, explicit watermark points) moved by the smallest multiple of its window sizes
    and periods that is at least EVENT_TIME_SHIFT_MIN; a scenario whose events come from a
    `generate` section is returned as it is."""
    if "events" not in scenario or "generate" in scenario:
        return scenario
    out = json.loads(json.dumps(scenario))
    base_ms = known_differences._millis(out.pop("base") + "T00:00:00Z") if "base" in out else 0
    ms = lambda t: known_differences._millis(t, base_ms)
    w = scenario["pipeline"]["window"]
    unit = 1
    for k in ("size", "period"):
        if k in w:
            unit = math.lcm(unit, known_differences._duration(w[k]))
    shift = -(-EVENT_TIME_SHIFT_MIN // unit) * unit
    out.pop("expect", None)
    for e in out["events"]:
        e["event_time"], e["arrival"] = ms(e["event_time"]) + shift, ms(e["arrival"])
    for point in out["watermark"].get("points", []):
        point["at"] = ms(point["at"])
        if point.get("to") is not None:
            point["to"] = ms(point["to"]) + shift
    if "end_of_input" in out:
        out["end_of_input"] = ms(out["end_of_input"])
    return out


def prepare(out, cmd, path):
    """Exports and runs one scenario (event times shifted, see EVENT_TIME_SHIFT_MIN) with
    windowpane; returns (name, skip reason or None)."""
    name = name_of(path)
    with open(path) as f:
        scenario = shifted(json.load(f))
    path = os.path.join(out, "scenarios", name + ".json")
    with open(path, "w") as f:
        json.dump(scenario, f, indent=1)
    export = subprocess.run(cmd + ["export", "beam-python", path], capture_output=True, text=True)
    if export.returncode != 0:
        return name, "export failed: " + export.stderr.strip()[-300:]
    warnings = [line for line in export.stderr.splitlines() if line.startswith("warning:")]
    if warnings:
        return name, "not expressible in Beam Python: " + "; ".join(w.split(": ", 2)[-1][:80] for w in warnings)
    run = subprocess.run(cmd + ["run", path, "--format", "json"], capture_output=True, text=True)
    if run.returncode != 0:
        return name, "windowpane run failed: " + run.stderr.strip()[-300:]
    result = json.loads(run.stdout)
    with open(os.path.join(out, "py", name + ".py"), "w") as f:
        f.write(export.stdout)
    with open(os.path.join(out, "engine", name + ".jsonl"), "w") as f:
        f.writelines(json.dumps(p) + "\n" for p in result["panes"])
    with open(os.path.join(out, "engine", name + ".dropped.json"), "w") as f:
        json.dump(result["dropped"], f)
    with open(os.path.join(out, "engine", name + ".watermark.json"), "w") as f:
        json.dump(result.get("watermark", []), f)
    return name, None


# Programs that need more than beam_worker.py's 60 s (BEAM_TIMEOUT) on a loaded machine, with
# the time they get. examples/ingest-sqs-fifo-fleet: 12 devices at 1 element/s for 2 min
# (about 1 440 elements, one add_elements bundle per arrival time): 26 s on an idle core, over
# 60 s with both cores busy.
LONG_RUNNING = {"examples-ingest-sqs-fifo-fleet": 300}


def run_beam(out, python, names, workers=2):
    """Runs the programs in `workers` worker processes, restarting a worker after a timeout; the
    LONG_RUNNING ones run in a worker of their own with their longer timeout."""
    long = [[n] for n in names if n in LONG_RUNNING]
    chunks = [c for c in ([n for n in names if n not in LONG_RUNNING][i::workers] for i in range(workers)) if c]

    def drive(chunk):
        todo = list(chunk)
        env = dict(os.environ)
        if chunk[0] in LONG_RUNNING:
            env["BEAM_TIMEOUT"] = str(LONG_RUNNING[chunk[0]])
        while todo:
            programs = [os.path.join(out, "py", n + ".py") for n in todo]
            subprocess.run([python, os.path.join(HERE, "beam_worker.py"), os.path.join(out, "beam")] + programs,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            todo = [n for n in todo if not os.path.exists(os.path.join(out, "beam", n + ".beam.json"))]
            if todo and programs[0].endswith(todo[0] + ".py") and len(todo) == len(programs):
                break  # the worker died without a result: do not loop forever

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(drive, long + chunks))


def same_value(a, b):
    if isinstance(a, list) and isinstance(b, list):
        # collect: Beam's GroupByKey gives a key's values in no defined order (the engine lists
        # them in arrival order), so a pane's list is compared as a multiset.
        a, b = sorted(a), sorted(b)
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def same_pane(e, b):
    return all(same_value(e.get(f), b.get(f)) if f == "value" else e.get(f) == b.get(f) for f in FIELDS)


def by_window(panes):
    groups = {}
    for p in panes:
        w = p["window"]
        groups.setdefault((p["key"], w["start"], w["end"]), []).append(p)
    for g in groups.values():
        g.sort(key=lambda p: p["index"])
    return groups


def differences(engine, beam):
    """The windows whose pane lists differ: {window: (engine panes, beam panes)}."""
    e, b = by_window(engine), by_window(beam)
    out = {}
    for w in sorted(set(e) | set(b), key=repr):
        ep, bp = e.get(w, []), b.get(w, [])
        if len(ep) != len(bp) or not all(same_pane(x, y) for x, y in zip(ep, bp)):
            out[w] = (ep, bp)
    return out


def describe(w, ep, bp):
    lines = [f"    window key={w[0]!r} [{w[1]}, {w[2]})"]
    strip = lambda p: {f: p.get(f) for f in FIELDS + ["cause"] if f in p}
    lines += [f"      engine {json.dumps(strip(p))}" for p in ep]  # after the known differences
    lines += [f"      beam   {json.dumps(strip(p))}" for p in bp]
    return "\n".join(lines)


def main():
    out, cmd, scenarios = sys.argv[1], shlex.split(sys.argv[2]), sys.argv[3:]
    # REUSE_BEAM=1 keeps Beam's results of an earlier run (to re-read rules without rerunning
    # Beam); only programs without a result are run.
    reuse = os.environ.get("REUSE_BEAM") == "1"
    for d in ("scenarios", "py", "engine", "beam"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
        if reuse and d == "beam":
            continue
        for f in os.listdir(os.path.join(out, d)):
            os.remove(os.path.join(out, d, f))
    paths = {name_of(p): p for p in scenarios}
    prepared = [prepare(out, cmd, p) for p in scenarios]
    skipped = [(n, why) for n, why in prepared if why]
    names = [n for n, why in prepared if not why]
    python = os.path.join(HERE, ".venv", "bin", "python")
    run_beam(out, python, [n for n in names if not os.path.exists(os.path.join(out, "beam", n + ".beam.json"))])

    identical, known, unexplained, counts = 0, 0, [], {}
    for n in names:
        with open(os.path.join(out, "engine", n + ".jsonl")) as f:
            engine = [json.loads(line) for line in f if line.strip()]
        result_path = os.path.join(out, "beam", n + ".beam.json")
        if not os.path.exists(result_path):
            unexplained.append((n, "no result from Beam", {}))
            continue
        with open(result_path) as f:
            result = json.load(f)
        with open(os.path.join(out, "scenarios", n + ".json")) as f:
            scenario = json.load(f)
        with open(os.path.join(out, "engine", n + ".dropped.json")) as f:
            # The engine's dropped elements (by event index), for rules that replay arrivals.
            scenario["_dropped_records"] = json.load(f)
        with open(os.path.join(out, "engine", n + ".watermark.json")) as f:
            # The engine's input watermark path [{at, to}] (to null: +infinity).
            scenario["_watermark"] = json.load(f)
        diffs = differences(engine, result["panes"])
        if not diffs and result["status"] == "ok":
            identical += 1
            continue
        rest, applied = known_differences.explain(scenario, engine, result, differences)
        if rest:
            unexplained.append((n, f"beam status {result['status']}: {result.get('error') or ''}"[:300], rest))
        else:
            known += 1
            for a in applied:
                counts[a] = counts.get(a, 0) + 1

    for n, why in skipped:
        print(f"skipped {n}: {why}")
    for n, status, diffs in unexplained:
        print(f"UNEXPLAINED {n} ({paths[n]}): {status}")
        for w, (ep, bp) in list(diffs.items())[:4]:
            print(describe(w, ep, bp))
    for a, c in sorted(counts.items()):
        print(f"known difference {a}: {c} scenarios")
    print(f"{len(skipped)} scenarios not expressible in Beam Python, skipped")
    print(f"{len(names)} scenarios, {identical} identical, {known} known differences, "
          f"{len(unexplained)} unexplained")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
