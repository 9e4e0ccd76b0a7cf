#!/usr/bin/env python3
"""Compares windowpane's panes with Apache Beam's for a corpus of scenarios, pane by pane.

Usage: compare.py [--update-golden] OUT_DIR WINDOWPANE_CMD SCENARIO.json...

For each scenario: `WINDOWPANE_CMD export beam-python` writes the Beam program (a scenario
with export warnings is not expressible in Beam and is skipped), `WINDOWPANE_CMD run
--format json` gives the engine's panes and dropped elements (60 s timeout each),
beam_worker.py runs the programs exactly as exported on Beam's DirectRunner (60 s timeout
each, two workers). Panes are paired per key and window (the n-th of a window in index order
on both sides) and every field is compared (emitted_at aside: a Beam DoFn cannot read
processing time). golden/NAME.json records Beam's panes and, per differing pane, the fields
that differ and the known difference (known_differences.CONDITIONS) that explains them; the
run fails on a pane whose differing fields or whose Beam pane are not the golden's, and on a
golden difference whose condition does not hold. With --update-golden the goldens are
rewritten from this run (review them with git diff).
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
GOLDEN = os.path.join(HERE, "golden")
FIELDS = ["value", "timing", "index", "on_time_index", "is_first", "is_last", "timestamp"]
TIMEOUT = 60  # seconds, for every `windowpane` command and every Beam program
STALL_NOTE = "Beam Python's DirectRunner may stall on this shape"  # python.rs STALL_WARNING


def name_of(path):
    parent = os.path.basename(os.path.dirname(os.path.abspath(path)))
    return f"{parent}-{os.path.basename(path)[: -len('.json')]}"


def windowpane(cmd, *args):
    """Runs `windowpane ARGS` under the timeout; a CompletedProcess (returncode 124 on timeout)."""
    try:
        return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 124, "", f"no result after {TIMEOUT} s")


def prepare(out, cmd, path):
    """Exports and runs one scenario, as it is, with windowpane; returns (name, skip reason or
    None). A warning that Beam Python may stall is no reason to skip: the golden records it."""
    name = name_of(path)
    export = windowpane(cmd, "export", "beam-python", path)
    if export.returncode != 0:
        return name, "export failed: " + export.stderr.strip()[-300:]
    warnings = [line for line in export.stderr.splitlines() if line.startswith("warning:") and STALL_NOTE not in line]
    if warnings:
        return name, "not expressible in Beam Python: " + "; ".join(w.split(": ", 2)[-1][:80] for w in warnings)
    run = windowpane(cmd, "run", path, "--format", "json")
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
    with open(os.path.join(out, "engine", name + ".late.json"), "w") as f:
        json.dump(result.get("late_events", []), f)
    return name, None


# Programs that need more than beam_worker.py's 60 s (BEAM_TIMEOUT) on a loaded machine, with
# the time they get. examples/ingest-sqs-fifo-fleet: 12 devices at 1 element/s for 2 min
# (about 1 440 elements, one add_elements bundle per arrival time): 26 s on an idle core, over
# 60 s with both cores busy.
# The Kinesis fleets (examples/ingest-kinesis-fleet, -hot-device, ingest-idle-shard-timeout: several
# hundred elements each) ran out of 60 s on a machine loaded by other builds.
LONG_RUNNING = {n: 300 for n in ("examples-ingest-sqs-fifo-fleet", "examples-ingest-kinesis-fleet",
                                 "examples-ingest-kinesis-hot-device", "examples-ingest-idle-shard-timeout")}


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


def by_window(panes):
    groups = {}
    for p in panes:
        w = p["window"]
        groups.setdefault((p["key"], w["start"], w["end"]), []).append(p)
    for g in groups.values():
        g.sort(key=lambda p: p["index"])
    return groups


def pair(engine, beam):
    """The pane pairs: per key and window (in a fixed order), the n-th pane of each side in
    index order, with the fields that differ (known_differences.PANE when one side lacks it)."""
    e, b = by_window(engine), by_window(beam)
    entries = []
    for w in sorted(set(e) | set(b), key=repr):
        ep, bp = e.get(w, []), b.get(w, [])
        for n in range(max(len(ep), len(bp))):
            x, y = (ep[n] if n < len(ep) else None), (bp[n] if n < len(bp) else None)
            if x is None or y is None:
                fields = [known_differences.PANE]
            else:
                fields = [f for f in FIELDS if not (same_value(x.get(f), y.get(f)) if f == "value" else x.get(f) == y.get(f))]
            entries.append({"window": list(w), "n": n, "engine": x, "beam": y, "fields": fields,
                            "previous": ep[n - 1] if 0 < n <= len(ep) else None})
    return entries


def canonical(panes):
    """Beam's panes without emitted_at (always null), in a fixed order, for the golden."""
    strip = lambda p: {k: v for k, v in p.items() if k != "emitted_at"}
    return [strip(p) for w, ps in sorted(by_window(panes).items(), key=lambda kv: repr(kv[0])) for p in ps]


def describe(entry):
    strip = lambda p: p and {f: p.get(f) for f in FIELDS + ["cause"] if f in p}
    k, start, end = entry["window"]
    return (f"    window key={k!r} [{start}, {end}) pane {entry['n']}: fields {entry['fields']}\n"
            f"      engine {json.dumps(strip(entry['engine']))}\n      beam   {json.dumps(strip(entry['beam']))}")


def check(name, scenario, engine, result, update):
    """Compares one scenario's panes with Beam's and with its golden. Returns (identical panes,
    explained panes {id: count}, unexplained lines, the golden written or None)."""
    entries = pair(engine, result["panes"])
    ctx = {"scenario": scenario, "entries": entries, "status": result["status"]}
    path = os.path.join(GOLDEN, name + ".json")
    golden = None
    if os.path.exists(path):
        with open(path) as f:
            golden = json.load(f)
    if update:
        golden = {
            "status": result["status"],
            "beam": canonical(result["panes"]),
            "differences": [{"window": x["window"], "n": x["n"], "fields": x["fields"],
                             "ids": known_differences.attribute(ctx, x) or {"UNEXPLAINED": x["fields"]}}
                            for x in entries if x["fields"]],
        }
    unexplained = []
    if golden is None:
        return 0, {}, [f"  no golden {os.path.relpath(path)} (write it with --update-golden and review it)"], None
    if golden["status"] != result["status"] or golden["beam"] != canonical(result["panes"]):
        unexplained.append(f"  Beam's status or panes are not the golden's (golden status {golden['status']}, "
                           f"now {result['status']}: {(result.get('error') or '')[-200:]})")
    expected = {(tuple(d["window"]), d["n"]): d for d in golden["differences"]}
    identical, explained = 0, {}
    for x in entries:
        d = expected.pop((tuple(x["window"]), x["n"]), None)
        if not x["fields"] and d is None:
            identical += 1
        elif d is None:
            unexplained.append("  a difference the golden does not list:\n" + describe(x))
        elif d["fields"] != x["fields"]:
            unexplained.append(f"  the golden lists fields {d['fields']} ({d['ids']}), the run differs in:\n" + describe(x))
        elif not known_differences.holds(ctx, x, d["ids"]):
            unexplained.append(f"  the conditions of {d['ids']} do not hold:\n" + describe(x))
        else:
            for i in d["ids"]:
                explained[i] = explained.get(i, 0) + 1
    for (w, n), d in expected.items():
        unexplained.append(f"  the golden lists a difference ({d['ids']}) at key={w[0]!r} "
                           f"[{w[1]}, {w[2]}) pane {n} that the run does not show")
    return identical, explained, unexplained, golden if update else None


def documented(program, ids):
    """The difference ids the exported program's docstring does not name under its heading
    'Differences on Beam Python's DirectRunner'."""
    heading = "Differences on Beam Python's DirectRunner"
    if heading not in program:
        return sorted(ids)
    section = program.split(heading, 1)[1].split('"""', 1)[0]
    return sorted(i for i in ids if i not in section)


def main():
    args = sys.argv[1:]
    update = args[:1] == ["--update-golden"]
    if update:
        args = args[1:]
    out, cmd, scenarios = args[0], shlex.split(args[1]), args[2:]
    # REUSE_BEAM=1 keeps Beam's results of an earlier run (to re-read rules without rerunning
    # Beam); only programs without a result are run.
    reuse = os.environ.get("REUSE_BEAM") == "1"
    for d in ("py", "engine", "beam"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
        if reuse and d == "beam":
            continue
        for f in os.listdir(os.path.join(out, d)):
            os.remove(os.path.join(out, d, f))
    os.makedirs(GOLDEN, exist_ok=True)
    paths = {name_of(p): p for p in scenarios}
    prepared = [prepare(out, cmd, p) for p in scenarios]
    # A scenario the export refuses or windowpane cannot run (error, timeout) fails the run.
    broken = [(n, [f"  {why}"]) for n, why in prepared if why and not why.startswith("not expressible")]
    skipped = [(n, why) for n, why in prepared if why and why.startswith("not expressible")]
    names = [n for n, why in prepared if not why]
    python = os.path.join(HERE, ".venv", "bin", "python")
    run_beam(out, python, [n for n in names if not os.path.exists(os.path.join(out, "beam", n + ".beam.json"))])

    same_scenarios, panes_identical, counts, failed = 0, 0, {}, broken
    for n in names:
        with open(os.path.join(out, "engine", n + ".jsonl")) as f:
            engine = [json.loads(line) for line in f if line.strip()]
        result_path = os.path.join(out, "beam", n + ".beam.json")
        if os.path.exists(result_path):
            with open(result_path) as f:
                result = json.load(f)
        else:
            result = {"status": "no result", "panes": [], "error": "the worker died"}
        with open(paths[n]) as f:
            scenario = json.load(f)
        with open(os.path.join(out, "engine", n + ".dropped.json")) as f:
            scenario["_dropped_records"] = json.load(f)
        with open(os.path.join(out, "engine", n + ".watermark.json")) as f:
            scenario["_watermark"] = json.load(f)
        with open(os.path.join(out, "engine", n + ".late.json")) as f:
            scenario["_late_events"] = json.load(f)
        identical, explained, unexplained, golden = check(n, scenario, engine, result, update)
        if golden is not None:
            with open(os.path.join(GOLDEN, n + ".json"), "w") as f:
                json.dump(golden, f, indent=1, sort_keys=True)
                f.write("\n")
        panes_identical += identical
        for k, c in explained.items():
            counts[k] = counts.get(k, 0) + c
        if not explained and not unexplained:
            same_scenarios += 1
        if n.startswith("examples-") and explained:
            with open(os.path.join(out, "py", n + ".py")) as f:
                missing = documented(f.read(), explained)
            if missing:
                unexplained.append(f"  the program's docstring does not name {missing} under "
                                   "'Differences on Beam Python's DirectRunner'")
        if result["status"] in ("stall", "timeout"):
            with open(os.path.join(out, "py", n + ".py")) as f:
                if "# MAY STALL: " + STALL_NOTE not in f.read():
                    unexplained.append(f"  Beam's run ended with {result['status']} and the export did not warn of it")
        if unexplained:
            failed.append((n, unexplained))

    for n, why in skipped:
        print(f"skipped {n}: {why}")
    for n, lines in failed:
        print(f"UNEXPLAINED {n} ({paths[n]}):")
        for line in lines[:6]:
            print(line)
    for a, c in sorted(counts.items()):
        print(f"known difference {a}: {c} panes")
    unexplained_panes = sum(len(lines) for _, lines in failed)
    print(f"{len(skipped)} scenarios not expressible in Beam Python, skipped")
    print(f"{len(names)} scenarios ({same_scenarios} identical): {panes_identical} identical panes, "
          f"{sum(counts.values())} differing in named fields, {unexplained_panes} unexplained")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
