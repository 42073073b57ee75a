/* Reads a vectors file (tests/vectors/README.md) for the cmocka tests. */
#ifndef LAPSE_TEST_VECTORS_H
#define LAPSE_TEST_VECTORS_H

#include "testutil.h"
#include "lapse/tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Calls fn for each case line; returns the number of cases.  A header or
 * row that does not parse fails the test with its line number. */
typedef void (*vector_fn)(const lapse_table *table, char *line, size_t length, const lapse_row *row,
                          int line_number, void *context);

static inline int read_vectors(const char *path, vector_fn fn, void *context)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        fail_msg("cannot open %s", path);
    static char line[1 << 16];
    lapse_table table;
    bool have_header = false;
    int number = 0, cases = 0;
    while (fgets(line, sizeof line, file)) {
        number++;
        size_t length = strcspn(line, "\n");
        line[length] = '\0';
        if (length == 0 || line[0] == '#')
            continue;
        lapse_error_detail detail = { 0 };
        if (!have_header) {
            if (lapse_table_header(&table, '\t', line, length, &detail) != LAPSE_OK)
                fail_msg("%s:%d: %s", path, number, detail.message);
            have_header = true;
            continue;
        }
        lapse_row row;
        if (lapse_table_row(&table, line, length, &row, &detail) != LAPSE_OK)
            fail_msg("%s:%d: %s", path, number, detail.message);
        fn(&table, line, length, &row, number, context);
        cases++;
    }
    fclose(file);
    return cases;
}

#endif
