#!/bin/bash
# tests/same_outputs.sh LAPSE_A LAPSE_B [ROWS [ARGSETS [SEED]]]
# (A change meant to keep behaviour: build the commit before it and the
# commit itself in throwaway worktrees and pass both tools here.)
# Runs two builds of the lapse tool on the same inputs and compares every
# output byte and exit status: check of both vectors files, a batch run over
# a generated CSV (CSV and JSON), cancel / status / timeline with generated
# arguments in en and it (text and JSON), policy show/check, and bad inputs.
# Exit 0 when all are identical, 1 with the first differences shown.
set -u
a=$(realpath "$1") b=$(realpath "$2")
rows=${3:-200000} argsets=${4:-300} seed=${5:-1}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/same_outputs_gen.py" "$work" "$rows" "$argsets" "$seed" || exit 2
mkdir "$work/A" "$work/B"
run() { # side name args...
    local side=$1 name=$2
    shift 2
    local bin=$a
    [ "$side" = B ] && bin=$b
    "$bin" "$@" >"$work/$side/$name.out" 2>"$work/$side/$name.err" </dev/null
    echo "exit $?" >>"$work/$side/$name.err"
}
for side in A B; do
    run $side check-cancel check "$top/tests/vectors/cancel.tsv"
    run $side check-policies check "$top/tests/vectors/policies.tsv"
    [ -f "$top/tests/vectors/money.tsv" ] && run $side check-money check "$top/tests/vectors/money.tsv"
    run $side batch batch -j 2 "$work/rows.csv"
    run $side batch-json batch -j 1 --json "$work/rows.csv"
    for p in default immediate-prorated eu-consumer evergreen-contract killbill-like lago-like; do
        run $side policy-$p policy show $p
        run $side policy-check-$p policy check $p
    done
    i=0
    while IFS=$'\t' read -r -a args; do
        i=$((i + 1))
        for lang in en it; do
            run $side cancel-$i-$lang cancel --lang $lang "${args[@]}"
            run $side status-$i-$lang status --lang $lang "${args[@]}"
        done
        run $side cancel-$i-json cancel --json "${args[@]}"
        run $side status-$i-json status --json "${args[@]}"
        run $side timeline-$i timeline "${args[@]}"
        run $side timeline-$i-json timeline --json "${args[@]}"
    done <"$work/args.txt"
    # Bad inputs: usage errors and files that are not there or not right.
    run $side bad-1 cancel
    run $side bad-2 cancel --start 2025-02-30
    run $side bad-3 cancel --start 2025-01-01 --term -1
    run $side bad-4 cancel --start 2025-01-01 --policy /nonexistent
    run $side bad-5 batch /nonexistent
    run $side bad-6 check /nonexistent
    run $side bad-7 nosuchcommand
    run $side bad-8 cancel --start 9999-12-01 --cancelled-on 9999-12-30 --on 9999-12-31
    run $side bad-9 status --start 9999-01-01 --cancelled-on 9999-06-30 --on 9999-12-31
    printf 'start,term\n2025-01-01,x\n' >"$work/bad.csv"
    run $side bad-10 batch "$work/bad.csv"
    printf 'nonsense\n' >"$work/bad.policy"
    run $side bad-11 cancel --start 2025-01-01 --policy "$work/bad.policy"
    run $side bad-12 policy check "$work/bad.policy"
done
# Files name their own path in messages: the same path on both sides.
if diff -r -q "$work/A" "$work/B" >/dev/null; then
    echo "same outputs: $(ls "$work/A" | wc -l) files, $rows rows, $argsets argument sets"
    exit 0
fi
diff -r "$work/A" "$work/B" | head -40
exit 1
