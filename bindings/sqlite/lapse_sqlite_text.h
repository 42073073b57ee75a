/*
 * Text the SQLite extension writes from what a caller gave: a name quoted
 * for a message, and JSON strings.  Whatever the bytes (control
 * characters, quotes, backslashes, DEL, invalid UTF-8), a quoted name is
 * valid UTF-8 cut only between characters, and a JSON string is valid
 * JSON.  Plain C without SQLite, so that tests/fuzz/fuzz_json.c checks
 * these very functions.
 */
#ifndef LAPSE_SQLITE_TEXT_H
#define LAPSE_SQLITE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "lapse.h"

/* The length of a valid UTF-8 sequence of two or more bytes at text[i], or
 * 0 if there is none (overlong forms, surrogates and code points past
 * U+10FFFF included). */
static inline size_t lapse_sqlite_utf8_length(const unsigned char *text, size_t i, size_t length)
{
    unsigned char c = text[i];
    size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (n == 0 || c > 0xf4 || i + n > length)
        return 0;
    for (size_t k = 1; k < n; k++)
        if ((text[i + k] & 0xc0) != 0x80)
            return 0;
    unsigned char second = text[i + 1];
    if ((c == 0xe0 && second < 0xa0) || (c == 0xed && second >= 0xa0) ||
        (c == 0xf0 && second < 0x90) || (c == 0xf4 && second >= 0x90))
        return 0;
    return n;
}

/* Quotes `length` bytes of a name for a message, as the library quotes
 * bytes: printable ASCII and whole UTF-8 characters as they are, every
 * other byte as \xNN.  At most `max_bytes` bytes of quoted text, cut only
 * between characters (never inside one, nor inside a \xNN), then "..."
 * when cut.  `out` holds `size` bytes, at least max_bytes + 4; returns the
 * length written, NUL-terminated. */
static inline size_t lapse_sqlite_quote(const char *text, size_t length, size_t max_bytes,
                                        char *out, size_t size)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t n = 0;
    if (size < 4)
        return out && size ? (out[0] = '\0', 0) : 0;
    if (max_bytes > size - 4)
        max_bytes = size - 4;
    for (size_t i = 0; i < length;) {
        unsigned char c = bytes[i];
        size_t take = c >= 0x80 ? lapse_sqlite_utf8_length(bytes, i, length) : 0;
        bool plain = c >= 0x20 && c < 0x7f;
        size_t need = plain ? 1 : take ? take : 4;
        if (n + need > max_bytes) {
            memcpy(out + n, "...", 3);
            n += 3;
            break;
        }
        if (plain)
            out[n] = (char)c;
        else if (take)
            memcpy(out + n, bytes + i, take);
        else
            snprintf(out + n, 5, "\\x%02x", c);
        n += need;
        i += take ? take : 1;
    }
    out[n] = '\0';
    return n;
}

/* The room lapse_sqlite_json_string needs for `length` bytes: every byte
 * may become six, then the quotes and the NUL. */
#define LAPSE_SQLITE_JSON_ROOM(length) (6 * (length) + 3)

/* Writes `text` as a JSON string into out[size]: '"' and '\' escaped,
 * control characters and DEL as \u00NN, whole UTF-8 characters as they
 * are, a byte that is not UTF-8 as the text \xNN (as lapse's messages
 * quote it).  Cut, between characters, only when `size` is less than
 * LAPSE_SQLITE_JSON_ROOM(strlen(text)); always quoted and NUL-terminated
 * (size >= 3).  Returns the length written. */
static inline size_t lapse_sqlite_json_string(const char *text, char *out, size_t size)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t length = strlen(text), n = 0;
    out[n++] = '"';
    for (size_t i = 0; i < length;) {
        unsigned char c = bytes[i];
        size_t take = c >= 0x80 ? lapse_sqlite_utf8_length(bytes, i, length) : 0;
        char piece[8];
        size_t need;
        if (c == '"' || c == '\\')
            need = (size_t)snprintf(piece, sizeof piece, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            need = (size_t)snprintf(piece, sizeof piece, "\\u%04x", c);
        else if (c >= 0x80 && !take)
            need = (size_t)snprintf(piece, sizeof piece, "\\\\x%02x", c);
        else if (take)
            need = take, memcpy(piece, bytes + i, take);
        else
            need = 1, piece[0] = (char)c;
        if (n + need + 2 > size) /* the closing quote and the NUL */
            break;
        memcpy(out + n, piece, need);
        n += need;
        i += take ? take : 1;
    }
    out[n++] = '"';
    out[n] = '\0';
    return n;
}

/* The error of a JSON inputs key that names no column: the key quoted in
 * the message (60 bytes at most) and as the field. */
static inline void lapse_sqlite_unknown_key(const char *key, size_t length,
                                            lapse_error_detail *detail)
{
    char quoted[64];
    lapse_sqlite_quote(key, length, 60, quoted, sizeof quoted);
    lapse_sqlite_quote(key, length, sizeof detail->field - 4, detail->field, sizeof detail->field);
    snprintf(detail->message, sizeof detail->message, "key '%s': not a known column", quoted);
    detail->code = LAPSE_ERR_UNKNOWN_NAME;
}

/* The room lapse_sqlite_error_json needs: any message and field whole. */
#define LAPSE_SQLITE_ERROR_JSON_SIZE \
    (LAPSE_SQLITE_JSON_ROOM(LAPSE_MESSAGE_SIZE) + LAPSE_SQLITE_JSON_ROOM(LAPSE_FIELD_SIZE) + 64)

/* What lapse_try_cancel returns for an error: {"error": message, "field":
 * field, "code": name}, into out[LAPSE_SQLITE_ERROR_JSON_SIZE]. */
static inline size_t lapse_sqlite_error_json(const lapse_error_detail *detail, lapse_error error,
                                             char *out)
{
    char message[LAPSE_SQLITE_JSON_ROOM(LAPSE_MESSAGE_SIZE)];
    char field[LAPSE_SQLITE_JSON_ROOM(LAPSE_FIELD_SIZE)];
    char message_text[LAPSE_MESSAGE_SIZE], field_text[LAPSE_FIELD_SIZE];
    /* Each NUL-terminated within its array, whatever filled it. */
    snprintf(message_text, sizeof message_text, "%.*s", (int)sizeof detail->message,
             detail->message);
    snprintf(field_text, sizeof field_text, "%.*s", (int)sizeof detail->field, detail->field);
    lapse_sqlite_json_string(message_text, message, sizeof message);
    lapse_sqlite_json_string(field_text, field, sizeof field);
    int n = snprintf(out, LAPSE_SQLITE_ERROR_JSON_SIZE,
                     "{\"error\": %s, \"field\": %s, \"code\": \"%s\"}", message, field,
                     lapse_error_name(error));
    return n < 0 ? 0 : (size_t)n;
}

#endif
