#!/bin/sh
# The shared library exports exactly the symbols of the version script, each
# under the script's release node (LAPSE_<version> of meson.build), and one
# of the public headers declares every one of them.
# Usage: check-exports.sh LIB MAP NODE HEADER...
set -eu
lib=$1 map=$2 node=$3
shift 3
versioned=$(nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "D" || $2 == "R" {print $3}' | sort)
exported=$(printf '%s\n' "$versioned" | sed 's/@.*//' | sort)
listed=$(sed -n 's/^[[:space:]]*\(lapse_[a-z0-9_]*\);$/\1/p' "$map" | sort)
status=0
if ! grep -q "^$node {" "$map"; then
    echo "$map has no node $node (the release of meson.build)"
    status=1
fi
if [ "$exported" != "$listed" ]; then
    echo "exported symbols differ from $map:"
    printf '%s\n' "$exported" > exported.$$
    printf '%s\n' "$listed" > listed.$$
    diff exported.$$ listed.$$ || true
    rm -f exported.$$ listed.$$
    status=1
fi
for symbol in $versioned; do
    case "$symbol" in
    *@@"$node" | *@"$node") ;;
    "$node"@*) ;; # the node's own version symbol
    *) echo "$symbol is not in node $node"; status=1 ;;
    esac
done
for symbol in $listed; do
    if ! cat "$@" | grep -q "\\b$symbol("; then
        echo "$symbol is exported but not declared in $*"
        status=1
    fi
done
[ $status = 0 ] && echo "$(printf '%s\n' "$listed" | wc -l) exported symbols match the version script node $node and the headers"
exit $status
