#!/usr/bin/env python3
"""Mutation self-test: eight wrong changes to the engine, each of which the transcripts (cargo
test of windowpane-engine and windowpane-tests) or the conformance run must report.

Usage: mutations.py [--conformance-only] [NAME...]   (from anywhere; all eight without names)

--conformance-only skips the cargo tests, to check that the conformance run alone reports each
mutant (slower: a release build per mutant; not part of npm test).

Each mutation is one exact text replacement in crates/engine, applied to a copy of the
repository's tracked files in a temporary directory (the worktree is never changed, and no rule
of the harness can see or undo it). The copy builds into target/mutation/ (kept between runs, so
only the engine and what depends on it rebuild). When the tests pass on a mutant, its CLI runs
the conformance comparison against the goldens, with Beam's results of the last conformance run
(tests/conformance/out/beam: the exported programs do not depend on these engine changes).
Exit 1 when any mutant is reported by neither.
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DRIVER = "crates/engine/src/runner/driver.rs"
TIMEOUT = 900  # seconds per cargo step

# name -> (file, the exact text, its wrong replacement)
MUTATIONS = {
    "lateness-boundary-at-equality": (
        DRIVER, "let expired = |w: &Window| gc_time(pipeline, w) < watermark;",
        "let expired = |w: &Window| gc_time(pipeline, w) <= watermark;"),
    "on-time-index-not-incremented": (
        DRIVER, "Some(p) => (false, p.index + 1, p.non_speculative_index + 1),",
        "Some(p) => (false, p.index + 1, p.non_speculative_index.max(0)),"),
    "empty-on-time-pane-not-fired": (
        DRIVER, "|| (timing == Timing::OnTime && pipeline.on_time_behavior == OnTimeBehavior::FireAlways)",
        "|| (false && timing == Timing::OnTime && pipeline.on_time_behavior == OnTimeBehavior::FireAlways)"),
    "pane-history-carried-over-merge": (
        DRIVER, "merged.last_pane = None;",
        "merged.last_pane = sources.iter().find_map(|(_, s)| s.last_pane);"),
    "on-time-after-early-labelled-late": (
        DRIVER, "let only_early_so_far = st.last_pane.is_none_or(|p| p.timing == Timing::Early);",
        "let only_early_so_far = st.last_pane.is_none();"),
    "accumulating-discards-after-window-end": (
        DRIVER, "let discard = finished || self.pipeline.accumulation == AccumulationMode::Discarding;",
        "let discard = finished || self.pipeline.accumulation == AccumulationMode::Discarding "
        "|| self.watermark > w.max_timestamp();"),
    "event-timer-fires-at-equality": (
        DRIVER, "let batch = self.timers.event.take_due(|t| t < to);",
        "let batch = self.timers.event.take_due(|t| t <= to);"),
    "pane-timestamp-ignores-holds": (
        DRIVER, "Some(h) if h <= max_ts => h,", "Some(h) if false && h <= max_ts => h,"),
}


def copy_repository(to):
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for f in files.decode().split("\0"):
        if not f or f.startswith("web/"):
            continue
        src, dst = os.path.join(ROOT, f), os.path.join(to, f)
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)


def run(cmd, cwd, env):
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        return p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        return 124, f"no result after {TIMEOUT} s"


def conformance(copy, env):
    """The conformance comparison with the mutant's CLI against the goldens; its last line."""
    code, text = run(["cargo", "build", "-q", "--release", "-p", "windowpane-cli"], copy, env)
    if code != 0:
        return None, "the CLI does not build: " + text[-300:]
    out = os.path.join(copy, "conformance-out")
    shutil.copytree(os.path.join(HERE, "out", "beam"), os.path.join(out, "beam"))
    scenarios = sorted(os.path.join(ROOT, "examples", f) for f in os.listdir(os.path.join(ROOT, "examples")))
    scenarios += sorted(os.path.join(HERE, "scenarios", f) for f in os.listdir(os.path.join(HERE, "scenarios")))
    scenarios += sorted(os.path.join(HERE, "out", "random", f) for f in os.listdir(os.path.join(HERE, "out", "random")))
    cli = os.path.join(env["CARGO_TARGET_DIR"], "release", "windowpane")
    code, text = run([sys.executable, os.path.join(HERE, "compare.py"), out, cli] + scenarios,
                     HERE, dict(env, REUSE_BEAM="1"))
    return code, text.strip().splitlines()[-1] if text.strip() else ""


def main():
    args = sys.argv[1:]
    conformance_only = args[:1] == ["--conformance-only"]
    names = args[1:] if conformance_only else args
    names = names or list(MUTATIONS)
    if not os.path.isdir(os.path.join(HERE, "out", "beam")):
        print("mutations: run tests/conformance/run first (Beam's results are reused)", file=sys.stderr)
        return 2
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(ROOT, "target", "mutation"))
    survivors = []
    with tempfile.TemporaryDirectory(prefix="windowpane-mutants-") as copy:
        copy_repository(copy)
        for name in names:
            path, old, new = MUTATIONS[name]
            with open(os.path.join(copy, path)) as f:
                original = f.read()
            if original.count(old) != 1:
                print(f"mutation {name}: the text to change is not in {path} exactly once: {old!r}")
                survivors.append(name)
                continue
            with open(os.path.join(copy, path), "w") as f:
                f.write(original.replace(old, new))
            try:
                code, text = (0, "") if conformance_only else run(
                    ["cargo", "test", "-q", "-p", "windowpane-engine", "-p", "windowpane-tests"], copy, env)
                if code != 0 and ("test result: FAILED" in text or "panicked" in text):
                    failing = sorted({line.split()[1] for line in text.splitlines()
                                      if line.startswith("---- ") and line.endswith(" stdout ----")})
                    print(f"mutation {name}: reported by the transcripts ({', '.join(failing[:4]) or 'tests failed'})")
                    continue
                if code != 0:
                    print(f"mutation {name}: does not build: {text[-300:]}")
                    survivors.append(name)
                    continue
                code, last = conformance(copy, env)
                if code == 1:
                    print(f"mutation {name}: reported by the conformance run ({last})")
                else:
                    print(f"mutation {name}: NOT REPORTED (transcripts pass; conformance: {last})")
                    survivors.append(name)
            finally:
                with open(os.path.join(copy, path), "w") as f:
                    f.write(original)
                shutil.rmtree(os.path.join(copy, "conformance-out"), ignore_errors=True)
    print(f"{len(names)} mutations, {len(names) - len(survivors)} reported, {len(survivors)} not reported")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
