#!/usr/bin/env bash
# Minimises the seed corpora in tests/fuzz/corpus/ with libFuzzer's
# -merge=1: every named file (a hand-written seed or a crash reproducer,
# which are given names, never hashes) is kept, and of the rest only what
# adds coverage.  Uses the fuzz build of tests/fuzz/run.sh.
#   bash tests/fuzz/minimize.sh            # every target
#   bash tests/fuzz/minimize.sh csv date   # chosen targets
set -eu
cd "$(dirname "$0")/../.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=($(ls tests/fuzz/corpus))
build=build/fuzz
if [ ! -f $build/build.ninja ]; then
    CC=clang meson setup $build -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
        -Dtests=false -Dbenchmarks=false -Dpostgresql=disabled -Dsqlite=disabled >/dev/null
fi
ninja -C $build >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in "${targets[@]}"; do
    corpus=tests/fuzz/corpus/$target
    kept=$work/$target
    mkdir -p "$kept"
    find "$corpus" -maxdepth 1 -type f ! -regex '.*/[0-9a-f]\{40\}' -exec cp {} "$kept/" \;
    "$build/tests/fuzz/fuzz_$target" -merge=1 "$kept" "$corpus" >"$work/$target.log" 2>&1 || {
        cat "$work/$target.log"; exit 1; }
    before=$(find "$corpus" -maxdepth 1 -type f | wc -l)
    find "$corpus" -maxdepth 1 -type f -exec rm {} +
    cp "$kept"/* "$corpus/"
    echo "$target: $before -> $(find "$corpus" -maxdepth 1 -type f | wc -l) files"
done
