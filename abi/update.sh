#!/bin/sh
# Writes abi/liblapse.abi, the ABI baseline the `abi` test compares the
# built library with (abidiff): run it when an ABI change is intended, and
# say what changed in NEWS.md (a change to an existing function or struct
# also bumps `soversion` in meson.build).
# Usage: abi/update.sh [BUILD_DIR]   (a build with debug info: the default)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build/abi}
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbenchmarks=false -Dtests=false >/dev/null
ninja -C "$build" liblapse.so >/dev/null 2>&1 || ninja -C "$build" >/dev/null
library=$(find "$build" -maxdepth 1 -type f -name 'liblapse.so.*.*.*' | head -n 1)
# Only the public ABI: the exported functions and the types the public
# headers declare, without source locations (which every edit moves).
abidw --headers-dir include --headers-dir "$build/include" --no-corpus-path \
    --no-show-locs --drop-private-types --exported-interfaces-only \
    --out-file abi/liblapse.abi "$library"
echo "abi/liblapse.abi: the ABI of $(basename "$library")"
