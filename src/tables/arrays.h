/* Columns of many rows (arrays.c): the public lapse_decide_columns*
 * (lapse/tables.h), and the plain twin of their block-wise pass. */
#ifndef LAPSE_TABLES_ARRAYS_H
#define LAPSE_TABLES_ARRAYS_H

#include "lapse/tables.h"

/* lapse_decide_columns_details() row at a time: each row's inputs read
 * into a subscription and a request, decided, and its outputs written, one
 * row after the other.  The plain twin of the block-wise pass
 * (src/tables/arrays.c) that the public function takes; test_arrays'
 * test_blocks_equal_the_plain_twin holds the two equal, byte for byte. */
lapse_error lapse__decide_columns_plain(const lapse_policy *policy, const lapse_array *inputs,
                                        size_t input_count, const lapse_array *outputs,
                                        size_t output_count, size_t first, size_t count,
                                        lapse_error_detail *details, size_t capacity,
                                        size_t *failed, lapse_error_detail *detail);

#endif
