#!/bin/sh
# The tables layer's error codes are an enum the compiler checks (#27):
# lapse_table_error, generated from LAPSE_TABLES_ERROR_TABLE.  A switch over
# it naming every code compiles with -Wswitch -Werror; one that leaves a
# code out is reported by name.  The codes keep their numbers, above every
# core code, and the LAPSE_ERR_ macros stay what they were: of type
# lapse_error in C and C++ (assigned, returned, compared), seen by #ifdef.
# Usage: check-error-switch.sh CC SOURCE_ROOT BUILD_INCLUDE_DIR
set -u
cc=$1 source=$2 built_include=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/codes.c" <<'C'
#include "lapse/tables.h"

#ifndef LAPSE_ERR_ARRAY_TYPE
#error "#ifdef LAPSE_ERR_ARRAY_TYPE: the codes are seen by the preprocessor"
#endif

/* Their numbers, which callers may have stored, never change; the core's
 * codes stay below them. */
_Static_assert(LAPSE_ERR_LAYER_FIRST == 100 && (int)LAPSE_ERROR_COUNT <= LAPSE_TABLE_ERR_UNKNOWN_COLUMN,
               "the layers' codes above the core's");
_Static_assert(LAPSE_TABLE_ERR_UNKNOWN_COLUMN == 100 && LAPSE_TABLE_ERR_DUPLICATE_COLUMN == 101 &&
                   LAPSE_TABLE_ERR_COLUMN_COUNT == 102 && LAPSE_TABLE_ERR_CSV_SYNTAX == 103 &&
                   LAPSE_TABLE_ERR_TOO_MANY_COLUMNS == 104 &&
                   LAPSE_TABLE_ERR_TABLE_INVALID == 105 && LAPSE_TABLE_ERR_ARRAY_TYPE == 106,
               "the tables codes' numbers");
_Static_assert(LAPSE_ERR_CSV_SYNTAX == (lapse_error)103 && LAPSE_ERR_ARRAY_TYPE == (lapse_error)106,
               "the LAPSE_ERR_ macros");

/* Every code, by the table. */
const char *name_of(lapse_error error);
const char *name_of(lapse_error error)
{
#define CASE(id, name, text) \
    case LAPSE_TABLE_ERR_##id: return #name;
    switch ((lapse_table_error)error) {
    LAPSE_TABLES_ERROR_TABLE(CASE)
    }
    return lapse_error_name(error);
}

#ifdef LEAVE_ONE_OUT
/* Every code but LAPSE_TABLE_ERR_ARRAY_TYPE: -Wswitch must name it. */
int is_input_error(lapse_table_error error);
int is_input_error(lapse_table_error error)
{
    switch (error) {
    case LAPSE_TABLE_ERR_UNKNOWN_COLUMN:
    case LAPSE_TABLE_ERR_DUPLICATE_COLUMN:
    case LAPSE_TABLE_ERR_COLUMN_COUNT:
    case LAPSE_TABLE_ERR_CSV_SYNTAX:
    case LAPSE_TABLE_ERR_TOO_MANY_COLUMNS: return 1;
    case LAPSE_TABLE_ERR_TABLE_INVALID: return 0;
    }
    return 0;
}
#endif

lapse_error csv_error(void);
lapse_error csv_error(void) { return LAPSE_ERR_CSV_SYNTAX; }
C
flags="-std=c11 -Wall -Wextra -Wpedantic -Wswitch -Wconversion -Werror -I$source/include -I$built_include -c"
status=0
if ! "$cc" $flags -o "$work/whole.o" "$work/codes.c" > "$work/whole.log" 2>&1; then
    echo "not ok: a switch over every lapse_table_error code does not compile cleanly:"
    cat "$work/whole.log"
    status=1
fi
if "$cc" $flags -DLEAVE_ONE_OUT -o "$work/one.o" "$work/codes.c" > "$work/one.log" 2>&1 ||
    ! grep -q "LAPSE_TABLE_ERR_ARRAY_TYPE" "$work/one.log"; then
    echo "not ok: -Wswitch does not name LAPSE_TABLE_ERR_ARRAY_TYPE missing from a switch:"
    cat "$work/one.log"
    status=1
fi
# C++ (C++11, and C++20, which deprecates mixing two enums in arithmetic).
if command -v c++ > /dev/null 2>&1; then
    cat > "$work/codes.cpp" <<'CXX'
#include "lapse/tables.h"
lapse_error csv_error(lapse_error given);
lapse_error csv_error(lapse_error given)
{
    lapse_error error = LAPSE_ERR_CSV_SYNTAX;
    switch (static_cast<lapse_table_error>(given)) {
    case LAPSE_TABLE_ERR_ARRAY_TYPE: return LAPSE_OK;
    default: break;
    }
    return given == LAPSE_ERR_ARRAY_TYPE ? LAPSE_OK : error;
}
CXX
    for std in c++11 c++20; do
        if ! c++ -std=$std -Wall -Wextra -Wpedantic -Werror -I"$source/include" \
            -I"$built_include" -c -o "$work/codes_cpp.o" "$work/codes.cpp" > "$work/cpp.log" 2>&1; then
            echo "not ok: the codes in $std:"
            cat "$work/cpp.log"
            status=1
        fi
    done
fi
[ $status -eq 0 ] && echo "ok: lapse_table_error is checked by -Wswitch; the LAPSE_ERR_ macros as before"
exit $status
