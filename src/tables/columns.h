/* The tables layer's private helpers: the kind of names a column holds and
 * the check of a table struct. */
#ifndef LAPSE_TABLES_COLUMNS_H
#define LAPSE_TABLES_COLUMNS_H

#include "lapse/tables.h"

/* The kind of names in a name or list column; LAPSE_KIND_COUNT if none. */
lapse_kind lapse__column_kind(lapse_column column);

/* The table is one lapse_table_header() could have filled: a count within
 * 0..LAPSE_TABLE_MAX_COLUMNS, known columns none given twice, a known
 * separator, zero reserved space.  LAPSE_ERR_TABLE_INVALID otherwise. */
lapse_error lapse__check_table(const lapse_table *table, lapse_error_detail *detail);

#endif
