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
# The portal page (examples/portal) too, when emscripten is installed.
if [ -f "$build/build.ninja" ]; then :; else meson setup "$build" -Djs=auto >/dev/null; fi
ninja -C "$build" >/dev/null
echo '$ lapse cancel --start 2025-03-15 --term 12 --billing 1 --price 30.00 --on 2025-09-15 --role billing-admin'
status=0
"$build/examples/lapse" cancel --start 2025-03-15 --term 12 --billing 1 --price 30.00 \
    --on 2025-09-15 --role billing-admin || status=$?
echo
if [ -f "$build/bindings/js/portal/index.html" ]; then
    echo "The portal page (\"what happens if I cancel?\", examples/portal) is built in"
    echo "$build/bindings/js/portal.  To open it locally:"
    echo "    python3 -m http.server --bind 127.0.0.1 --directory $build/bindings/js/portal 8000"
    echo "then open http://127.0.0.1:8000/ in a browser (it works offline: no request"
    echo "leaves that directory)."
else
    echo "The portal page (examples/portal) needs the JavaScript package: install"
    echo "emscripten and node-acorn (apt-get install emscripten node-acorn), then"
    echo "meson configure $build -Djs=enabled && bash examples/demo.sh"
fi
exit $status
