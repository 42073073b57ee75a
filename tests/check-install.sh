#!/bin/sh
# After `meson install`, a program finds lapse through pkg-config, compiles
# against the installed header and runs against the installed library.
# Usage: check-install.sh BUILD_DIR CC VERSION
set -eu
build=$1 cc=$2 version=$3
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
