# Installs the Debian packages lapse needs when they are missing.
# Sourced by .ci/run and examples/demo.sh; safe to run again.  The README's
# "Two commands" section names every package installed here (a test,
# tests/install_tests/test_readme.py, keeps the two lists equal).
lapse_install_deps() {
    local missing=()
    command -v meson >/dev/null 2>&1 || missing+=(meson)
    command -v ninja >/dev/null 2>&1 || missing+=(ninja-build)
    command -v cc >/dev/null 2>&1 || missing+=(gcc)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    [ -f /usr/include/cmocka.h ] || missing+=(libcmocka-dev)
    if [ "${LAPSE_CI:-0}" = 1 ]; then
        # The full test run: valgrind, and clang with libFuzzer for fuzzing.
        command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
        command -v clang >/dev/null 2>&1 || missing+=(clang)
        command -v clang-format >/dev/null 2>&1 || missing+=(clang-format)
        command -v git >/dev/null 2>&1 || missing+=(git)
        command -v strace >/dev/null 2>&1 || missing+=(strace)
        # The SQL extensions: SQLite's headers and shell, PostgreSQL's server
        # and its headers (the version pg_config reports, 15 on Debian 12).
        [ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
        command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
        [ -x /usr/bin/python3 ] || missing+=(python3)
        # Columns, pandas and Dask, in Debian's interpreter.
        /usr/bin/python3 -c 'import numpy, pandas, dask.dataframe, distributed' 2>/dev/null ||
            missing+=(python3-numpy python3-pandas python3-dask python3-distributed)
        local pg=15
        command -v pg_config >/dev/null 2>&1 && pg=$(pg_config --version | sed 's/[^0-9]*\([0-9]*\).*/\1/')
        [ -x /usr/lib/postgresql/$pg/bin/postgres ] || missing+=(postgresql-$pg postgresql-contrib)
        [ -f /usr/include/postgresql/$pg/server/postgres.h ] || missing+=(postgresql-server-dev-$pg)
        # The Python headers, for the binding's optional accelerator.
        compgen -G "/usr/include/python3*/Python.h" >/dev/null || missing+=(python3-dev)
        # The wheel and sdist (meson-python), built offline and installed into
        # a throwaway virtual environment by the packaging test.
        /usr/bin/python3 -c 'import mesonpy' 2>/dev/null || missing+=(python3-mesonpy)
        /usr/bin/python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
        /usr/bin/python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
        # The manual pages' linter, the ABI check, the installed-tree tests.
        command -v mandoc >/dev/null 2>&1 || missing+=(mandoc)
        command -v abidiff >/dev/null 2>&1 || missing+=(abigail-tools)
        command -v cmake >/dev/null 2>&1 || missing+=(cmake)
        command -v man >/dev/null 2>&1 || missing+=(man-db)
        pkg-config --exists bash-completion 2>/dev/null || missing+=(bash-completion)
        # The zones' tests read the system's zoneinfo (and compare it with
        # Python's zoneinfo, tests/differential/test_zones.py).
        [ -f /usr/share/zoneinfo/America/Los_Angeles ] || missing+=(tzdata)
        # The JavaScript package (bindings/js): emscripten's emcc, whose
        # optimizer needs acorn; node and npm (npm pack, and playwright-core
        # for the portal page's browser test, in .ci/run); chromium for it.
        command -v emcc >/dev/null 2>&1 || missing+=(emscripten)
        [ -d /usr/share/nodejs/acorn ] || missing+=(node-acorn)
        command -v node >/dev/null 2>&1 || missing+=(nodejs)
        command -v npm >/dev/null 2>&1 || missing+=(npm)
        command -v chromium >/dev/null 2>&1 || missing+=(chromium)
        compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" \
            >/dev/null || missing+=(libclang-rt-dev)
    fi
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}
