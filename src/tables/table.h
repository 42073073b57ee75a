/* The checks of a table struct (table.c), for the row readers. */
#ifndef LAPSE_TABLES_TABLE_H
#define LAPSE_TABLES_TABLE_H

#include "lapse/tables.h"

/* The table is one lapse_table_header() could have filled: a count within
 * 0..LAPSE_TABLE_MAX_COLUMNS, known columns none given twice, a known
 * separator, zero reserved space.  LAPSE_ERR_TABLE_INVALID otherwise. */
lapse_error lapse__check_table(const lapse_table *table, lapse_error_detail *detail);

#endif
