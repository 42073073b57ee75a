/* Recording an error: the code, the field and a sentence in the detail
 * (error.c). */
#ifndef LAPSE_CORE_FAIL_H
#define LAPSE_CORE_FAIL_H

#include "lapse.h"

#include "compiler.h"

/*
 * Records an error in `detail` (when not NULL) and returns `code`, so that a
 * failing check reads `return lapse__fail(detail, code, "term", "...")`.
 * The message is formatted; the field is copied as given.
 */
lapse_error lapse__fail(lapse_error_detail *detail, lapse_error code, const char *field,
                        const char *format, ...) LAPSE__PRINTF(4, 5);

/* LAPSE_ERR_NULL_ARGUMENT for the pointer argument `name`, which is the
 * field: "<name>: required pointer is NULL". */
lapse_error lapse__fail_missing(lapse_error_detail *detail, const char *name);

/* The same with the message "<label> <date>: <strerror(code)>". */
lapse_error lapse__fail_date(lapse_error_detail *detail, lapse_error code, const char *field,
                             const char *label, lapse_date date);

/* The same, locating the error at a line and column of a text. */
lapse_error lapse__fail_at(lapse_error_detail *detail, lapse_error code, int32_t line,
                           int32_t column, const char *field, const char *format, ...)
    LAPSE__PRINTF(6, 7);

#endif
