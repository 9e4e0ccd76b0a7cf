#!/usr/bin/env bash
# Instructions per event of the engine alone (callgrind counts only inside windowpane_engine's
# `run`: the generator and the baseline loop are not counted), for each configuration of
# `windowpane bench`. Instruction counts repeat exactly for the same binary and input, whatever
# else the machine is doing, so they sit beside the bench's CPU times in the README.
#   bash scripts/bench-instructions.sh [events] [keys,keys,...] [BINARY]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
events="${1:-1000000}"
keys="${2:-1000,100000}"
bin="${3:-target/release/windowpane}"
command -v valgrind >/dev/null || { echo "bench-instructions: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
if [ "$bin" = target/release/windowpane ]; then cargo build --release -q -p windowpane-cli; fi
printf '%-44s %9s %8s %14s %10s\n' configuration events keys instructions "per event"
for k in ${keys//,/ }; do
  for only in "fixed 1m, default trigger" "sliding 10m/1m" "sessions gap 1m" "early/on-time/late"; do
    ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect='windowpane_engine::runner::run*' \
           "$bin" bench --sizes "$events" --keys "$k" --repeat 1 --only "$only" 2>&1 \
         | awk '/I *refs:/ { gsub(",", "", $NF); print $NF }')
    awk -v c="$only" -v n="$events" -v k="$k" -v ir="$ir" 'BEGIN { printf "%-44s %9s %8s %14s %10.0f\n", c, n, k, ir, ir / n }'
  done
done
