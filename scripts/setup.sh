#!/usr/bin/env bash
# Installs what windowpane's build and tests need, skipping every tool already present at the
# right version (a warm machine takes a second). Nothing downloads a prebuilt binary: apt, rustup,
# cargo install and npm only.
#   chromium, chromium-driver, fonts-dejavu-core (apt; the canvas has no glyphs without fonts)
#   rustup target wasm32-unknown-unknown
#   wasm-pack 0.15.1, wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version
#   npm packages (Playwright without its browser download; binaryen for wasm-opt)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

WASM_PACK_VERSION=0.15.1
say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Browser, driver and fonts (one source package, so chromium and its driver always match).
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q 'install ok installed' || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# 2. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 3. wasm-pack.
if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  say "cargo install wasm-pack $WASM_PACK_VERSION (about 4 minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi

# 4. wasm-bindgen-cli at exactly the version in Cargo.lock (wasm-pack otherwise tries a download).
#    Without --locked: its lockfile pins a crate version the registry mirror lacks.
wb="$(wasm_bindgen_locked_version)"
if [ -z "$wb" ]; then
  say "Cargo.lock has no wasm-bindgen yet: cargo metadata (adds what the workspace needs)"
  cargo metadata --format-version 1 >/dev/null
  wb="$(wasm_bindgen_locked_version)"
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb" ] \
   || [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" != "wasm-bindgen-test-runner $wb" ]; then
  say "cargo install wasm-bindgen-cli $wb (about 5 minutes)"
  cargo install wasm-bindgen-cli --version "$wb" --force
fi

# 5. npm packages, when node_modules is missing or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi
wasm_opt="$(command -v wasm-opt || true)"
case "$wasm_opt" in
  "$ROOT/node_modules/.bin/wasm-opt") ;;
  *) echo "[setup] wasm-opt resolves to '$wasm_opt', expected node_modules/.bin/wasm-opt" >&2; exit 1 ;;
esac
say "ready: $(wasm-pack --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null | awk '{print $1, $2}')"
