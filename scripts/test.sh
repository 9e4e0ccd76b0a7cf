#!/usr/bin/env bash
# `npm test`: every test of windowpane, in order, with a summary. Exits non-zero if any step fails.
#   setup           scripts/setup.sh (installs only what is missing)
#   cargo test      the native tests of every crate (unit, doc, scenario transcripts)
#   fuzz            scripts/fuzz.sh smoke: each cargo-fuzz target for 40 s (about 5 min in all)
#   wasm check      cargo check --target wasm32-unknown-unknown of the engine, scenario, ingest, render and sink crates
#   wasm-pack test  crates/wasm in headless Chromium (wasm-bindgen-test)
#   build           the release wasm into web/pkg/
#   types           the page's JSDoc types (tsc --checkJs over web/*.js, after the build: they
#                   import web/pkg's declarations)
#   playwright      tests/browser/ against the built page
#   conformance     tests/conformance/run (the Beam export on Beam's runner), when present
#   mutations       tests/conformance/mutations.py: eight wrong engine changes must each be reported
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

summary=()
failed=0
# Each step's output is kept too, so that the end of the run repeats what a failed step printed
# last (a CI log shown from its end still says why).
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
failures=()
step() {
  local name="$1"; shift
  local t0=$SECONDS log="$logs/${#summary[@]}.log"
  printf '\n=== %s: %s\n' "$name" "$*"
  "$@" 2>&1 | tee "$log"
  if [ "${PIPESTATUS[0]}" -eq 0 ]; then
    summary+=("$(printf 'PASS  %-15s %4ss' "$name" $((SECONDS - t0)))")
    return 0
  else
    summary+=("$(printf 'FAIL  %-15s %4ss  (%s)' "$name" $((SECONDS - t0)) "$*")")
    failures+=("$name" "$log")
    failed=1
    return 1
  fi
}
skip() { summary+=("$(printf 'SKIP  %-15s        %s' "$1" "$2")"); }
report() {
  local i
  for ((i = 0; i < ${#failures[@]}; i += 2)); do
    printf '\n=== the last lines of the failed step %s\n' "${failures[i]}"
    grep -v '^\s*$' "${failures[i + 1]}" | tail -25
  done
  printf '\n=== summary\n'
  printf '%s\n' "${summary[@]}"
  if [ "$failed" -ne 0 ]; then echo "npm test: FAILED"; exit 1; fi
  echo "npm test: all steps passed"
}

step setup bash scripts/setup.sh || report
step "cargo test" cargo test --workspace
step fuzz bash scripts/fuzz.sh smoke
step "wasm check" cargo check --target wasm32-unknown-unknown -p windowpane-engine -p windowpane-scenario -p windowpane-ingest -p windowpane-render -p windowpane-sink -p windowpane-compare
step "wasm-pack test" wasm-pack test --mode no-install --headless --chrome --chromedriver "$CHROMEDRIVER" crates/wasm
if step build bash scripts/build-wasm.sh; then
  step types npx --no-install tsc -p tsconfig.json
  if [ -n "$(find tests/browser \( -name '*.spec.*' -o -name '*.test.*' \) 2>/dev/null | head -1)" ]; then
    step playwright playwright test
  else
    summary+=("FAIL  playwright      no tests in tests/browser/"); failed=1
  fi
else
  skip types "the build failed"
  skip playwright "the build failed"
fi
if [ -e tests/conformance/run ]; then
  if [ -x tests/conformance/run ]; then step conformance tests/conformance/run; else step conformance bash tests/conformance/run; fi
  step mutations python3 tests/conformance/mutations.py
else
  skip conformance "tests/conformance/run is not there"
fi
step flink bash tests/flink/run
report
