#!/usr/bin/env python3
"""Runs exported Beam Python programs one after another in ONE process (apache_beam is
imported once) on Beam's DirectRunner, capturing each program's pane records.

Usage: beam_worker.py RESULTS_DIR PROGRAM.py...

For each PROGRAM.py, writes RESULTS_DIR/NAME.beam.json:
  {"status": "ok" | "stall" | "error", "panes": [...], "error": "..."}
A program that runs longer than BEAM_TIMEOUT seconds (default 60) makes the worker write
{"status": "timeout"} and exit with code 3; the driver starts a new worker for the rest.
"""

import contextlib
import importlib.util
import io
import json
import logging
import os
import sys
import threading
import time


def run_program(path):
    """Imports PROGRAM.py as a module and runs its main(), returning the lines it printed."""
    name = "exported_" + os.path.splitext(os.path.basename(path))[0].replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    status, error = "ok", None
    with contextlib.redirect_stdout(out):
        try:
            module.main([])
        except Exception as e:  # the DirectRunner reports a stalled pipeline as an exception
            text = str(e)
            # On a stall, Beam's executor raises a tuple (Exception("... pipeline stall."), None,
            # None) (executor.py, _MonitorTask._should_shutdown), which Python turns into this
            # TypeError.
            stalled = "pipeline stall" in text or "exceptions must derive from BaseException" in text
            status = "stall" if stalled else "error"
            error = text[-2000:]
    panes = [json.loads(line) for line in out.getvalue().splitlines() if line.startswith("{")]
    return {"status": status, "panes": panes, "error": error}


def main():
    logging.disable(logging.WARNING)
    results, programs = sys.argv[1], sys.argv[2:]
    timeout = float(os.environ.get("BEAM_TIMEOUT", "60"))
    for path in programs:
        target = os.path.join(results, os.path.basename(path)[: -len(".py")] + ".beam.json")
        done = threading.Event()

        def watchdog(target=target, done=done, started=time.monotonic()):
            if not done.wait(timeout):
                with open(target, "w") as f:
                    json.dump({"status": "timeout", "panes": [], "error": f"no result after {timeout:.0f} s"}, f)
                os._exit(3)

        threading.Thread(target=watchdog, daemon=True).start()
        try:
            result = run_program(path)
        except Exception as e:  # a program that does not even build its pipeline
            result = {"status": "error", "panes": [], "error": repr(e)[-2000:]}
        done.set()
        with open(target, "w") as f:
            json.dump(result, f)
    # Beam's executor threads are daemons; leave without waiting for stragglers.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
