#!/bin/sh
# After `meson install`, a program finds lapse through pkg-config, compiles
# against the installed header and runs against the installed library; the
# C examples build out of tree as a user would build them; a tiny CMake
# project finds lapse with find_package; the manual pages render and the
# bash completion is where bash-completion looks; the installed tool finds
# liblapse.so through its rpath; the SQLite module loads by SQLite's file
# name rule; the PostgreSQL files are where -Dpostgresql_dir (or pg_config)
# says, under DESTDIR.
# Usage: check-install.sh BUILD_DIR CC VERSION SOURCE_ROOT
set -eu
build=$1 cc=$2 version=$3 source=$4
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
meson install -C "$build" --no-rebuild --quiet --destdir "$stage" >/dev/null
pc=$(find "$stage" -name lapse.pc | head -n 1)
[ -n "$pc" ] || { echo "lapse.pc was not installed"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$stage"
cat > "$stage/app.c" <<'C'
#include <lapse.h>
#include <lapse/tables.h>
#include <stdio.h>
int main(void)
{
    lapse_date d;
    if (lapse_date_parse("2024-01-31", &d) != LAPSE_OK || lapse_date_add_months(d, 1, &d))
        return 1;
    char text[LAPSE_DATE_TEXT_SIZE];
    lapse_date_format(d, text, sizeof text);
    printf("%s %s %s\n", lapse_version(), text, lapse_column_name(LAPSE_COLUMN_ON));
    return 0;
}
C
# shellcheck disable=SC2046
"$cc" -o "$stage/app" "$stage/app.c" $(pkg-config --cflags --libs lapse)
libdir=$(dirname "$(find "$stage" -name 'liblapse.so' | head -n 1)")
out=$(LD_LIBRARY_PATH="$libdir" "$stage/app")
[ "$out" = "$version 2024-02-29 on" ] || { echo "unexpected output: $out"; exit 1; }
echo "pkg-config --cflags --libs lapse: $(pkg-config --cflags --libs lapse)"

# The C examples, out of tree, through pkg-config.
"$cc" -o "$stage/billing_service" "$source/examples/c/billing_service.c" \
    $(pkg-config --cflags --libs lapse)
LD_LIBRARY_PATH="$libdir" "$stage/billing_service" | tail -n 1 | grep -qx "1 refused" ||
    { echo "billing_service: unexpected output"; exit 1; }
if pkg-config --exists cmocka; then
    "$cc" -o "$stage/our_rules" "$source/examples/c/test_our_billing_rules.c" \
        $(pkg-config --cflags --libs lapse cmocka)
    LD_LIBRARY_PATH="$libdir" "$stage/our_rules" >/dev/null ||
        { echo "test_our_billing_rules failed out of tree"; exit 1; }
fi
echo "examples/c: built and run against the installed library"

# CMake: find_package(lapse 0.3) and the imported target.
if command -v cmake >/dev/null 2>&1; then
    config=$(find "$stage" -name lapseConfig.cmake | head -n 1)
    [ -n "$config" ] || { echo "lapseConfig.cmake was not installed"; exit 1; }
    [ -f "$(dirname "$config")/lapseConfigVersion.cmake" ] ||
        { echo "lapseConfigVersion.cmake was not installed"; exit 1; }
    mkdir "$stage/cmake-app"
    cp "$stage/app.c" "$stage/cmake-app/app.c"
    cat > "$stage/cmake-app/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.13)
project(app C)
find_package(lapse ${WANT} REQUIRED)
add_executable(app app.c)
target_link_libraries(app PRIVATE lapse::lapse)
add_executable(app_static app.c)
target_link_libraries(app_static PRIVATE lapse::lapse_static)
CMAKE
    cmake_dir=$(dirname "$config")
    # Before 1.0 the minor version is the ABI: 0.3 never serves 0.2.
    if cmake -S "$stage/cmake-app" -B "$stage/cmake-old" -DWANT=0.2 -Dlapse_DIR="$cmake_dir" \
        -DCMAKE_C_COMPILER="$cc" >/dev/null 2>&1; then
        echo "find_package(lapse 0.2) accepted $version"; exit 1
    fi
    cmake -S "$stage/cmake-app" -B "$stage/cmake-build" -DWANT=0.3 -Dlapse_DIR="$cmake_dir" \
        -DCMAKE_C_COMPILER="$cc" >"$stage/cmake.log" 2>&1 || { cat "$stage/cmake.log"; exit 1; }
    cmake --build "$stage/cmake-build" >>"$stage/cmake.log" 2>&1 || { cat "$stage/cmake.log"; exit 1; }
    for program in app app_static; do
        out=$(LD_LIBRARY_PATH="$libdir" "$stage/cmake-build/$program")
        [ "$out" = "$version 2024-02-29 on" ] || { echo "cmake $program: $out"; exit 1; }
    done
    echo "cmake: find_package(lapse 0.3) and lapse::lapse, lapse::lapse_static"
fi

# The manual pages render; the completion is installed.
for page in man1/lapse.1 man5/lapse-policy.5 man5/lapse-vectors.5; do
    file=$(find "$stage" -path "*/man/$page" | head -n 1)
    [ -n "$file" ] || { echo "$page was not installed"; exit 1; }
    MANWIDTH=80 man -l "$file" 2>/dev/null | grep -q "lapse" || { echo "$page does not render"; exit 1; }
done
find "$stage" -path "*/bash-completion/completions/lapse" | grep -q . ||
    { echo "the bash completion was not installed"; exit 1; }
find "$stage" -path "*/share/doc/lapse/rules.md" | grep -q . ||
    { echo "docs/rules.md was not installed into share/doc/lapse"; exit 1; }
echo "man pages, rules.md and bash completion installed"

# The installed tool finds liblapse.so from any prefix but /usr: its rpath
# is the installed libdir (not the build tree's).
option() { meson introspect --buildoptions "$build" |
    python3 -c "import json, sys; print([o['value'] for o in json.load(sys.stdin) if o['name'] == '$1'][0])"; }
prefix=$(option prefix) libdir_option=$(option libdir)
tool="$stage$prefix/bin/lapse"
[ -x "$tool" ] || { echo "the lapse tool was not installed in $prefix/bin"; exit 1; }
runpath=$(readelf -d "$tool" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
case $libdir_option in /*) want=$libdir_option ;; *) want=$prefix/$libdir_option ;; esac
if [ "$prefix" = /usr ]; then want=""; fi
[ "$runpath" = "$want" ] || { echo "lapse: RUNPATH '$runpath', expected '$want'"; exit 1; }
# Run as installed: the staged libdir stands in for the prefix's.
out=$(LD_LIBRARY_PATH="$libdir" "$tool" --version)
[ "$out" = "lapse $version" ] || { echo "the installed tool: $out"; exit 1; }
echo "lapse tool: RUNPATH $runpath"

# The installed lapse-policy(5) lists every key the installed library has
# (its list is written at build time from the table), in canonical order.
page=$(find "$stage" -path "*/man/man5/lapse-policy.5" | head -n 1)
keys=$(LD_LIBRARY_PATH="$libdir" "$tool" policy show | sed -n 's/^\([a-z_0-9]*\) = .*/\1/p')
listed=$(sed -n 's/^\.It Cm \([a-z_0-9]*\)$/\1/p' "$page" | head -n "$(echo "$keys" | wc -l)")
[ -n "$keys" ] && [ "$keys" = "$listed" ] ||
    { echo "the installed lapse-policy.5 lists other keys than lapse policy show"; exit 1; }
echo "lapse-policy.5: $(echo "$keys" | wc -l) keys, as the library's table"

# The SQLite module: DIR/lapse.so, loaded as `.load DIR/lapse`, which SQLite
# turns into the entry point sqlite3_lapse_init.
if [ -f "$build/bindings/sqlite/lapse.so" ] && command -v sqlite3 >/dev/null 2>&1; then
    module=$(find "$stage" -path "*/lapse/lapse.so" | head -n 1)
    [ -n "$module" ] || { echo "the SQLite module lapse.so was not installed"; exit 1; }
    out=$(cd "$(dirname "$module")" && sqlite3 :memory: '.load ./lapse' \
        "SELECT json_extract(lapse_cancel('2025-01-31', NULL, NULL, NULL, '20.00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2025-03-10', NULL, 'billing_admin'), '\$.effective_end')")
    [ "$out" = 2025-03-31 ] || { echo "sqlite3 .load lapse: unexpected output: $out"; exit 1; }
    echo "sqlite: .load lapse from ${module#"$stage"}"
fi

# The PostgreSQL files: -Dpostgresql_dir's lib/ and extension/, or the
# server's directories, staged under DESTDIR like the rest.
if [ -f "$build/bindings/postgresql/lapse.control" ]; then
    pgdir=$(option postgresql_dir)
    if [ -n "$pgdir" ]; then
        case $pgdir in /*) ;; *) pgdir=$prefix/$pgdir ;; esac
        module_dir=$pgdir/lib extension_dir=$pgdir/extension
    else
        module_dir=$(pg_config --pkglibdir) extension_dir=$(pg_config --sharedir)/extension
    fi
    for file in "$module_dir/lapse.so" "$extension_dir/lapse.control" \
        "$extension_dir/lapse--${version%.*}.sql" "$extension_dir/lapse--0.2--${version%.*}.sql"; do
        [ -f "$stage$file" ] || { echo "PostgreSQL: $file was not installed under DESTDIR"; exit 1; }
    done
    echo "postgresql: $module_dir/lapse.so, $extension_dir/lapse.control"
fi
