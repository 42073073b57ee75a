#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for
# SECONDS (default 20), starting from the seed corpus in tests/fuzz/corpus/.
# New inputs go to build/fuzz-corpus/ (the tree is not touched); a crash
# leaves its input in build/fuzz-crashes/ and makes the script fail.
#   bash tests/fuzz/run.sh 600          # every target for ten minutes
#   bash tests/fuzz/run.sh 20 csv date  # chosen targets
set -u
cd "$(dirname "$0")/../.."
seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(date amount vectors csv decide policy lifecycle table_structs json zone items)
build=build/fuzz
if [ ! -f $build/build.ninja ]; then
    CC=clang meson setup $build -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
        -Dtests=false -Dbenchmarks=false -Dpostgresql=disabled -Dsqlite=disabled >/dev/null || exit 1
fi
ninja -C $build >/dev/null || exit 1
mkdir -p build/fuzz-crashes
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
for target in "${targets[@]}"; do
    corpus=build/fuzz-corpus/$target
    mkdir -p "$corpus"
    log=build/fuzz-$target.log
    "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix=build/fuzz-crashes/$target- "$corpus" "tests/fuzz/corpus/$target" \
        >"$log" 2>&1
    result=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ $result -eq 0 ]; then
        echo "fuzz $target: ok, ${runs:-?} executions in ${seconds}s"
    else
        echo "fuzz $target: FAILED (exit $result), log in $log:"
        grep -E "ERROR|SUMMARY|Test unit written" "$log" | head -5
        status=1
    fi
done
exit $status
