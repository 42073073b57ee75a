#!/bin/sh
# The `abi` test: the built library's ABI against abi/liblapse.abi.  Any
# difference fails, an added function too: an intended change runs
# abi/update.sh and says what changed in NEWS.md.
# Usage: abi/check.sh SOURCE_ROOT LIBRARY BUILD_INCLUDE_DIR [BASELINE]
set -u
source=$1 library=$2 built_include=$3 baseline=${4:-$1/abi/liblapse.abi}
report=$(abidiff --headers-dir2 "$source/include" --headers-dir2 "$built_include" \
    --fail-no-debug-info "$baseline" "$library" 2>&1)
status=$?
if [ $status -ne 0 ]; then
    echo "$report"
    echo
    echo "The ABI differs from abi/liblapse.abi (abidiff exit $status)."
    echo "If the change is intended: run abi/update.sh, record it in NEWS.md, and"
    echo "bump soversion in meson.build when an existing function or struct changed."
    exit 1
fi
echo "ABI unchanged against abi/liblapse.abi"
