#!/usr/bin/env bash
# Builds lapse (installing what is missing) and runs the command-line tool on
# a built-in example: an annual subscription billed monthly, cancelled online
# by its billing admin after six months (docs/rules.md, example E2).  It
# builds in build/demo, its own directory: the test command (.ci/run) uses
# build/ci-*, so neither changes what the other builds or tests.
set -eu
cd "$(dirname "$0")/.."
. .ci/deps.sh
lapse_install_deps
build=build/demo
if [ -f "$build/build.ninja" ]; then :; else meson setup "$build" >/dev/null; fi
ninja -C "$build" >/dev/null
echo '$ lapse cancel --start 2025-03-15 --term 12 --billing 1 --price 30.00 --on 2025-09-15 --role billing-admin'
exec "$build/examples/lapse" cancel --start 2025-03-15 --term 12 --billing 1 --price 30.00 \
    --on 2025-09-15 --role billing-admin
