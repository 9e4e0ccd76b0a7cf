#!/usr/bin/env python3
"""The real-Flink comparison: windowpane's Flink panes against Apache Flink 2.3's.

Usage: compare.py OUT_DIR WINDOWPANE FLINK_LIB SCENARIO.json...

Each "semantics": "flink" scenario without a processing-time trigger is exported with
`windowpane export flink-java`, all jobs are compiled with javac against FLINK_LIB/*, and
Harness.java runs them in one JVM on local mini-clusters at parallelism 1. Each scenario's
Flink panes are compared with `windowpane run --format json`, pane by pane in emission order,
on every field, and its late-data side output likewise. The first explained difference: panes
that timers of the same timestamp fire at one watermark move may come in either order (Flink's
timer queue leaves the order of equal timestamps open; the engine fires them in key, window
order); such a scenario counts as identical when its panes match once each instant's group is
sorted by key and window, and every pair that changed places was fired by timers of one time
(the Java job prints each firing's timer). The second: a merged session's collected list in
Flink's state merge order (MERGED_LIST_ORDER below). Anything else is unexplained and fails the run.
Prints one summary line.
"""

import json
import os
import subprocess
import sys
import time

PANE_FIELDS = ["key", "window", "value", "timing", "index", "on_time_index", "is_first", "is_last",
               "timestamp", "emitted_at", "retraction", "cause"]


def processing_time(trigger):
    t = trigger.get("type")
    if t in ("processing_time", "continuous_processing_time"):
        return True
    return t == "purging" and processing_time(trigger.get("trigger", {}))


def same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def differences(want, got):
    out = []
    for i in range(max(len(want), len(got))):
        if i >= len(want):
            out.append(f"pane {i}: only Flink has {json.dumps(got[i])}")
        elif i >= len(got):
            out.append(f"pane {i}: only windowpane has {json.dumps(want[i])}")
        else:
            for f in PANE_FIELDS:
                if not same(want[i].get(f), got[i].get(f)):
                    out.append(f"pane {i} {f}: windowpane {json.dumps(want[i].get(f))}, Flink {json.dumps(got[i].get(f))}")
    return out


def canonical(panes):
    """Each run of panes a watermark move fired at one instant, stably sorted by key and window,
    each pane with its position in the list."""
    out, i = [], 0
    while i < len(panes):
        j = i + 1
        if panes[i].get("cause") == "watermark":
            while j < len(panes) and panes[j].get("cause") == "watermark" and panes[j]["emitted_at"] == panes[i]["emitted_at"]:
                j += 1
        group = list(enumerate(panes[i:j], start=i))
        group.sort(key=lambda ip: (ip[1]["key"], json.dumps(ip[1]["window"], sort_keys=True)))
        out.extend(group)
        i = j
    return out


def reordered_only_among_equal_timers(want, got):
    """Whether the two lists hold the same panes, in the same order but for panes that timers
    of one timestamp fired at one instant (Flink's timer queue orders those as it likes)."""
    cw, cg = canonical(want), canonical(got)
    if differences([p for _, p in cw], [p for _, p in cg]):
        return False
    for a in range(len(cw)):
        for b in range(a + 1, len(cw)):
            (wa, _), (wb, _), (ga, pa), (gb, pb) = cw[a], cw[b], cg[a], cg[b]
            if (wa < wb) != (ga < gb) and pa.get("timer") != pb.get("timer"):
                return False
    return True


# The second explained difference: with sessions and the collect aggregate, a merged window's list
# holds the merged windows' values in the order Flink's list state merges them
# (MergingWindowSet.addWindow keeps the state of the first window in the HashSet iteration order
# of TimeWindow.mergeWindows' merged set, and AbstractHeapMergingState.mergeNamespaces appends the
# others in that order), not in arrival order as the engine keeps them. The values are the same.
MERGED_LIST_ORDER = "a merged session's list is in Flink's state merge order"


def merged_lists(scenario):
    p = scenario.get("pipeline", {})
    return p.get("combine") == "collect" and p.get("window", {}).get("type") == "sessions"


def sorted_lists(panes):
    return [dict(p, value=sorted(p["value"])) if isinstance(p.get("value"), list) else p for p in panes]


def main():
    out_dir, cmd, lib, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    here = os.path.dirname(os.path.abspath(__file__))
    java_dir, classes = os.path.join(out_dir, "java"), os.path.join(out_dir, "classes")
    os.makedirs(java_dir, exist_ok=True)
    for old in os.listdir(java_dir):
        os.remove(os.path.join(java_dir, old))
    jobs, skipped, python_jobs, python_smoke, s_of = {}, [], 0, None, {}
    t0 = time.time()
    for path in files:
        with open(path) as f:
            s = json.load(f)
        name = os.path.basename(path)
        if s.get("semantics") != "flink":
            continue
        if processing_time(s.get("pipeline", {}).get("trigger", {})):
            skipped.append(name)
            continue
        cls = f"Job{len(jobs):04d}"
        run = subprocess.run([cmd, "run", path, "--format", "json"], capture_output=True, text=True, timeout=60)
        if run.returncode != 0:
            sys.exit(f"flink: windowpane run {path} failed: {run.stderr.strip()}")
        export = subprocess.run([cmd, "export", "flink-java", path, "--class", cls], capture_output=True, text=True,
                                timeout=60)
        if export.returncode != 0:
            sys.exit(f"flink: windowpane export flink-java {path} failed: {export.stderr.strip()}")
        with open(os.path.join(java_dir, cls + ".java"), "w") as f:
            f.write(export.stdout)
        # The PyFlink export, where PyFlink can express the scenario: it must at least compile
        # (running it replays no arrival times, so its panes are not compared).
        py = subprocess.run([cmd, "export", "flink-python", path], capture_output=True, text=True, timeout=60)
        if py.returncode == 0:
            compile(py.stdout, f"{name} (flink-python)", "exec")
            python_jobs += 1
            if (python_smoke is None and s["pipeline"].get("window", {}).get("type") == "sessions"
                    and 5 <= len(s.get("events", [])) <= 30):
                python_smoke = (name, py.stdout)
        elif "watermark.model: PyFlink cannot replay" not in py.stderr:
            sys.exit(f"flink: windowpane export flink-python {path} failed: {py.stderr.strip()}")
        jobs[cls] = (name, json.loads(run.stdout))
        s_of[cls] = s
    t_export = time.time()
    sources = [os.path.join(java_dir, c + ".java") for c in jobs] + [os.path.join(here, "Harness.java")]
    cp = os.path.join(lib, "*")
    javac = subprocess.run(["javac", "-nowarn", "-encoding", "UTF-8", "-cp", cp, "-d", classes] + sources,
                           capture_output=True, text=True, timeout=600)
    if javac.returncode != 0:
        sys.exit(f"flink: javac failed:\n{javac.stderr[-4000:]}")
    t_javac = time.time()
    listing = os.path.join(out_dir, "classes.txt")
    with open(listing, "w") as f:
        f.write("\n".join(jobs) + "\n")
    with open(os.path.join(out_dir, "flink.log"), "w") as log:
        java = subprocess.run(["java", "-cp", cp + os.pathsep + classes, "Harness", listing, "60"],
                              stdout=subprocess.PIPE, stderr=log, text=True, timeout=900)
    if java.returncode != 0:
        sys.exit(f"flink: the Flink run failed (exit {java.returncode}); see {out_dir}/flink.log")
    # One PyFlink export run for real (PyFlink's own window operator, Python workers): it must
    # run and print records of the pane shape; its panes are not compared (see flink_python.rs).
    if python_smoke and os.environ.get("FLINK_PYTHON"):
        name, code = python_smoke
        job = os.path.join(out_dir, "pyflink_job.py")
        with open(job, "w") as f:
            f.write(code)
        env = dict(os.environ, PATH=os.path.dirname(os.environ["FLINK_PYTHON"]) + os.pathsep + os.environ["PATH"])
        with open(os.path.join(out_dir, "pyflink.log"), "w") as log:
            r = subprocess.run([os.environ["FLINK_PYTHON"], job], stdout=subprocess.PIPE, stderr=log, text=True,
                               env=env, timeout=300)
        records = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
        if r.returncode != 0 or not records or not all("window" in x or "side_output" in x for x in records):
            sys.exit(f"flink: the PyFlink export of {name} did not run (exit {r.returncode}); see {out_dir}/pyflink.log")
        python_smoke = f"{name}'s run printed {len(records)} records"
    t_flink = time.time()
    with open(os.path.join(out_dir, "flink-output.txt"), "w") as f:
        f.write(java.stdout)
    flink = {c: {"panes": [], "side_output": []} for c in jobs}
    for line in java.stdout.splitlines():
        cls, _, rec = line.partition("\t")
        if cls in flink:
            r = json.loads(rec)
            if "side_output" in r:
                flink[cls]["side_output"].append(r["side_output"])
            else:
                flink[cls]["panes"].append(r)
    panes = identical = 0
    reordered, list_order = [], []
    unexplained = []
    for cls, (name, engine) in jobs.items():
        want, got = engine["panes"], flink[cls]["panes"]
        panes += len(want)
        problems = []
        if engine["side_output"] != flink[cls]["side_output"]:
            problems.append(f"side output: windowpane {engine['side_output']}, Flink {flink[cls]['side_output']}")
        d = differences(want, got)
        if d and merged_lists(s_of[cls]):
            # A merged session's list: the values of the merged windows in the order Flink's list
            # state merges them (see MERGED_LIST_ORDER), not in arrival order.
            sw, sg = sorted_lists(want), sorted_lists(got)
            if not differences(sw, sg) or reordered_only_among_equal_timers(sw, sg):
                list_order.append(f"{name} ({cls}): {d[0]}")
                want, got, d = sw, sg, []
        if d and reordered_only_among_equal_timers(want, got):
            reordered.append(f"{name} ({cls}): {d[0]}")
            d = []
        problems += d
        if problems:
            unexplained.append((name, cls, problems))
        else:
            identical += 1
    with open(os.path.join(out_dir, "reordered.txt"), "w") as f:
        f.write("".join(r + "\n" for r in reordered))
        f.write("".join("list order: " + r + "\n" for r in list_order))
    for name, cls, problems in unexplained:
        print(f"DIFFERS {name} ({out_dir}/java/{cls}.java):")
        for p in problems[:12]:
            print(f"  {p}")
    print(f"flink: {len(jobs)} scenarios on Apache Flink 2.3 (mini-cluster, parallelism 1), {panes} panes; "
          f"{identical} identical ({len(reordered)} of them after ordering simultaneous timers, "
          f"{len(list_order)} after ordering merged sessions' lists), "
          f"{len(unexplained)} differing, {len(unexplained)} unexplained; "
          f"{len(skipped)} with processing-time triggers left to the engine's transcripts; "
          f"{python_jobs} PyFlink exports compiled{' (' + python_smoke + ')' if isinstance(python_smoke, str) else ''}; "
          f"export {t_export - t0:.0f} s, javac {t_javac - t_export:.0f} s, Flink {t_flink - t_javac:.0f} s")
    if panes == 0:
        sys.exit("flink: no pane at all to compare: the corpus proves nothing")
    sys.exit(1 if unexplained else 0)


if __name__ == "__main__":
    main()
