/* The common row of a table read in one pass (one_pass.c). */
#ifndef LAPSE_TABLES_ONE_PASS_H
#define LAPSE_TABLES_ONE_PASS_H

#include "columns.h"

#include "lapse/tables.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { LAPSE__ONE_PASS_MAX = 512 }; /* bytes: longer lines are read the general way */

/*
 * The common row in one pass (`length` is 1..LAPSE__ONE_PASS_MAX, without
 * its '\r'): true when taken, the row's fields, count and inputs set, and
 * *columns the columns read_row() asks about (requested_at and policy)
 * that the table has, no others; false when anything is not in its common
 * form (a quote, a sign, an unknown name, a bad table ...), and the row is
 * then read the general way (split.c and lapse_inputs_parse), which also
 * words every error.  The fields and inputs are those of that way.
 */
bool lapse__one_pass_row(const lapse_table *table, const char *line, size_t length, lapse_row *row,
                         lapse__column_set *columns);

#endif
