# Sourced by the other scripts: the PATH and environment every step of windowpane's build uses.
# - cargo-installed tools (wasm-pack, wasm-bindgen) live in ~/.cargo/bin;
# - node_modules/.bin comes FIRST so wasm-pack picks the npm `binaryen` wasm-opt, never Debian's
#   binaryen (v108 produces wasm that fails in the browser);
# - wasm-pack needs an existing cache folder.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export WASM_PACK_CACHE="${WASM_PACK_CACHE:-$ROOT/target/wasm-pack-cache}"
mkdir -p "$WASM_PACK_CACHE"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

# The wasm-bindgen version pinned in Cargo.lock; wasm-bindgen-cli must match it exactly.
wasm_bindgen_locked_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}
