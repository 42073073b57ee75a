#!/bin/sh
# The shared library exports exactly the symbols of the version script, and
# lapse.h declares every one of them.  Usage: check-exports.sh LIB MAP HEADER
set -eu
lib=$1 map=$2 header=$3
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "D" || $2 == "R" {print $3}' |
           sed 's/@.*//' | sort)
listed=$(sed -n 's/^[[:space:]]*\(lapse_[a-z0-9_]*\);$/\1/p' "$map" | sort)
status=0
if [ "$exported" != "$listed" ]; then
    echo "exported symbols differ from $map:"
    printf '%s\n' "$exported" > exported.$$
    printf '%s\n' "$listed" > listed.$$
    diff exported.$$ listed.$$ || true
    rm -f exported.$$ listed.$$
    status=1
fi
for symbol in $listed; do
    if ! grep -q "\\b$symbol(" "$header"; then
        echo "$symbol is exported but not declared in $header"
        status=1
    fi
done
[ $status = 0 ] && echo "$(printf '%s\n' "$listed" | wc -l) exported symbols match the version script and lapse.h"
exit $status
