#!/usr/bin/env bash
# Fuzzes windowpane's scenario crates with cargo-fuzz (fuzz/): parse, check, run, ingest, render
# and both Beam exports, seeded from examples/ with the format's dictionary (fuzz/scenario.dict).
# Seeds: examples/ and fuzz/seeds/ (one file per class of bad input found so far).
#   scripts/fuzz.sh smoke   each target for FUZZ_SECONDS (default 40) s: `npm test`'s step
#   scripts/fuzz.sh long    `npm run fuzz`: parse for 10 million executions, run for 1 million,
#                           the other targets for FUZZ_SECONDS (default 600) s each
#   scripts/fuzz.sh TARGET [libFuzzer flags...]   one target, as long as the flags say
# A crash is a panic, an input that runs over 2 s or one that takes over 1 GB; its input is
# kept in fuzz/artifacts/TARGET/ and the script fails. Built with overflow checks and debug
# assertions (-a), without a sanitizer (the crates forbid unsafe code). Uses the nightly
# toolchain when there is one, else stable with RUSTC_BOOTSTRAP=1; installs cargo-fuzz from
# crates.io if it is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

TARGETS=(parse check run ingest render export_python export_java)
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz() { cargo +nightly fuzz "$@"; }
else
  fuzz() { RUSTC_BOOTSTRAP=1 cargo fuzz "$@"; }
fi
BUILD=(-s none -a -O)

# Runs one target: fuzz_one TARGET [libFuzzer flags...]; prints its executions and speed.
fuzz_one() {
  local target="$1"; shift
  local corpus="fuzz/corpus/$target" artifacts="fuzz/artifacts/$target" log
  mkdir -p "$corpus" "$artifacts"
  cp -n examples/*.json fuzz/seeds/*.json "$corpus"/ 2>/dev/null || true
  log="$(mktemp)"
  if ! fuzz run "${BUILD[@]}" "$target" "$corpus" -- \
      -dict=fuzz/scenario.dict -max_len=4096 -timeout=2 -rss_limit_mb=1024 -malloc_limit_mb=1024 \
      -artifact_prefix="$artifacts/" -print_final_stats=1 "$@" >"$log" 2>&1; then
    tail -40 "$log"
    local a
    for a in "$artifacts"/*; do
      [ -f "$a" ] || continue
      echo "input $a ($(wc -c <"$a") bytes), base64:"
      head -c 3000 "$a" | base64 -w 0; echo
    done
    echo "fuzz $target: FAILED (input kept in $artifacts/)"
    rm -f "$log"
    return 1
  fi
  awk -v t="$target" '/stat::number_of_executed_units/ {n=$2} /stat::average_exec_per_sec/ {s=$2}
    /stat::peak_rss_mb/ {m=$2} END {printf "fuzz %-14s %12d executions, %7d/s, peak %5d MB: no crash\n", t, n, s, m}' "$log"
  rm -f "$log"
}

mode="${1:-smoke}"
case "$mode" in
  smoke|long)
    build_log="$(mktemp)"
    if ! fuzz build "${BUILD[@]}" >"$build_log" 2>&1; then
      tail -40 "$build_log"
      echo "fuzz: the build FAILED"
      exit 1
    fi
    rm -f "$build_log"
    failed=0
    for t in "${TARGETS[@]}"; do
      if [ "$mode" = smoke ]; then
        fuzz_one "$t" -max_total_time="${FUZZ_SECONDS:-40}" || failed=1
      else
        case "$t" in
          parse) fuzz_one "$t" -runs=10000000 || failed=1 ;;
          run) fuzz_one "$t" -runs=1000000 || failed=1 ;;
          *) fuzz_one "$t" -max_total_time="${FUZZ_SECONDS:-600}" || failed=1 ;;
        esac
      fi
    done
    exit "$failed" ;;
  *)
    shift
    fuzz_one "$mode" "$@" ;;
esac
