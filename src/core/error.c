/* The error table's strings, the error detail, and the library version. */
#include "fail.h"

#include "layers.h"
#include "text.h"

#include <stdarg.h>
#include <stdbool.h>
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

/* `length` bytes of `text` into out[size] (size > 0), cut to fit, with
 * snprintf's rules but at a character boundary (lapse__utf8_cut); returns
 * the bytes written. */
static size_t put_run(char *out, size_t size, const char *text, size_t length)
{
    length = lapse__utf8_cut(text, length, size - 1);
    memcpy(out, text, length);
    out[length] = '\0';
    return length;
}

/* `text` as snprintf's "%s" writes it. */
static size_t put_text(char *out, size_t size, const char *text)
{
    if (!text)
        text = "(null)"; /* what glibc's printf writes */
    return put_run(out, size, text, strlen(text));
}

/* vsnprintf() of a format of text and "%s" only, as most messages are,
 * without its cost: a billing run's rows refused for a date (already
 * ended, before the start) would spend more on their message than on
 * their decision.  The text between conversions is copied a run at a
 * time.  False, with out[] unfinished, at any other conversion. */
static bool put_strings(char *out, size_t size, const char *format, va_list args)
{
    size_t n = 0;
    for (const char *p = format;;) {
        const char *percent = strchr(p, '%');
        size_t length = percent ? (size_t)(percent - p) : strlen(p);
        size_t written = put_run(out + n, size - n, p, length);
        n += written;
        /* Once a run is cut the message is full: a shorter run after a
         * character that did not fit must not follow it. */
        if (!percent || written < length)
            return true;
        if (percent[1] != 's')
            return false;
        const char *text = va_arg(args, const char *);
        if (!text)
            text = "(null)"; /* what glibc's printf writes */
        length = strlen(text);
        written = put_run(out + n, size - n, text, length);
        n += written;
        if (written < length)
            return true;
        p = percent + 2;
    }
}

lapse_error lapse__fail(lapse_error_detail *detail, lapse_error code, const char *field,
                        const char *format, ...)
{
    if (detail) {
        memset(detail, 0, sizeof *detail);
        detail->code = code;
        put_text(detail->field, sizeof detail->field, field);
        va_list args, again;
        va_start(args, format);
        va_copy(again, args);
        if (!put_strings(detail->message, sizeof detail->message, format, args)) {
            int whole = vsnprintf(detail->message, sizeof detail->message, format, again);
            /* Cut short: not inside a character either. */
            if (whole >= (int)sizeof detail->message) {
                size_t kept =
                    lapse__utf8_cut(detail->message, (size_t)whole, sizeof detail->message - 1);
                memset(detail->message + kept, 0, sizeof detail->message - kept);
            }
        }
        va_end(again);
        va_end(args);
    }
    return code;
}

lapse_error lapse__fail_missing(lapse_error_detail *detail, const char *name)
{
    return lapse__fail(detail, LAPSE_ERR_NULL_ARGUMENT, name, "%s: required pointer is NULL", name);
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
