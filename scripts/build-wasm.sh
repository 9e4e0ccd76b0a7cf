#!/usr/bin/env bash
# Builds the wasm façade into web/pkg/ (ES module for the page): `scripts/build-wasm.sh [--dev]`.
# Release by default (wasm-opt -O from the npm binaryen package). `--mode no-install`: wasm-pack
# never downloads a tool; scripts/setup.sh has installed them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

profile=--release
[ "${1:-}" = "--dev" ] && profile=--dev

wb="$(wasm_bindgen_locked_version)"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb" ]; then
  echo "[build] wasm-bindgen $wb is not on PATH: run scripts/setup.sh" >&2
  exit 1
fi

# The page's wasm is optimised for size: opt-level "z", whole-program LTO in one codegen unit
# (native builds keep "3" and thin LTO over 4 units). README, "Benchmarks (page)", has the sizes
# and the engine's time in the page at "z" and "3". WASM_OPT_LEVEL=3 builds for speed.
if [ "$profile" = --release ]; then
  export CARGO_PROFILE_RELEASE_OPT_LEVEL="${WASM_OPT_LEVEL:-z}"
  export CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
fi
wasm-pack --log-level warn build crates/wasm "$profile" --mode no-install --target web \
  --out-dir ../../web/pkg --out-name windowpane_wasm --no-pack
rm -f web/pkg/.gitignore
wasm="web/pkg/windowpane_wasm_bg.wasm"
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "[build] $wasm: $raw bytes raw, $gz bytes gzip -9"
