/* The error table's strings, the error detail, and the library version. */
#include "fail.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define LAPSE__ERROR_NAME(id, name, text) #name,
static const char *const error_names[] = { LAPSE_ERROR_TABLE(LAPSE__ERROR_NAME) };
#define LAPSE__ERROR_TEXT(id, name, text) text,
static const char *const error_texts[] = { LAPSE_ERROR_TABLE(LAPSE__ERROR_TEXT) };

const char *lapse_error_name(lapse_error error)
{
    if ((unsigned)error < (unsigned)LAPSE_ERROR_COUNT)
        return error_names[error];
    const char *name = lapse__layer_error_name(error);
    return name ? name : "unknown";
}

const char *lapse_strerror(lapse_error error)
{
    if ((unsigned)error < (unsigned)LAPSE_ERROR_COUNT)
        return error_texts[error];
    const char *text = lapse__layer_strerror(error);
    return text ? text : "unknown error";
}

lapse_error lapse__fail(lapse_error_detail *detail, lapse_error code, const char *field,
                        const char *format, ...)
{
    if (detail) {
        memset(detail, 0, sizeof *detail);
        detail->code = code;
        snprintf(detail->field, sizeof detail->field, "%s", field);
        va_list args;
        va_start(args, format);
        vsnprintf(detail->message, sizeof detail->message, format, args);
        va_end(args);
    }
    return code;
}

lapse_error lapse__fail_date(lapse_error_detail *detail, lapse_error code, const char *field,
                             const char *label, lapse_date date)
{
    char text[16]; /* a date, or an out-of-range day number */
    if (lapse_date_format(date, text, sizeof text) == 0)
        snprintf(text, sizeof text, "%ld", (long)date);
    return lapse__fail(detail, code, field, "%s %s: %s", label, text, lapse_strerror(code));
}

lapse_error lapse__fail_at(lapse_error_detail *detail, lapse_error code, int32_t line,
                           int32_t column, const char *field, const char *format, ...)
{
    if (detail) {
        char message[sizeof detail->message];
        va_list args;
        va_start(args, format);
        vsnprintf(message, sizeof message, format, args);
        va_end(args);
        lapse__fail(detail, code, field, "line %ld, column %ld: %s", (long)line, (long)column,
                    message);
        detail->line = line;
        detail->column = column;
    }
    return code;
}

const char *lapse_version(void) { return LAPSE_VERSION_STRING; }

int32_t lapse_version_number(void) { return LAPSE_VERSION_NUMBER; }
