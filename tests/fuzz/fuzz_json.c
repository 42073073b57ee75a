/*
 * libFuzzer: every JSON writer fed the bytes that end up in JSON output,
 * each result checked by a strict JSON validator (RFC 8259: one value,
 * strings of valid UTF-8 without raw control characters, only the defined
 * escapes, surrogates in pairs, nothing after the value).  Issue #25.
 *
 *  - the SQLite extension's own code (bindings/sqlite/lapse_sqlite_text.h):
 *    an unknown JSON key's error as lapse_try_cancel_json returns it, and
 *    the key as quoted for messages (valid UTF-8, cut between characters);
 *  - the library's errors that quote input (an input value of each column,
 *    a CSV header's column names, a policy text, a language) through that
 *    try_ writer and the tool's json_string (examples/cli/json.c);
 *  - the tool's json_string of the raw bytes;
 *  - lapse_decision_json of a decision made of the raw bytes.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"
#include "fuzz_tables.h"
#include "lapse_sqlite_text.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ------------------------------------------------------------------------
 * A strict JSON validator
 * ------------------------------------------------------------------------ */

typedef struct reader {
    const unsigned char *at, *end;
    int depth;
} reader;

static void spaces(reader *r)
{
    while (r->at < r->end && (*r->at == ' ' || *r->at == '\t' || *r->at == '\n' || *r->at == '\r'))
        r->at++;
}

static bool literal(reader *r, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->at) < n || memcmp(r->at, word, n) != 0)
        return false;
    r->at += n;
    return true;
}

static bool digits(reader *r)
{
    const unsigned char *start = r->at;
    while (r->at < r->end && *r->at >= '0' && *r->at <= '9')
        r->at++;
    return r->at > start;
}

static bool number(reader *r)
{
    if (r->at < r->end && *r->at == '-')
        r->at++;
    if (r->at < r->end && *r->at == '0')
        r->at++;
    else if (r->at >= r->end || *r->at < '1' || *r->at > '9' || !digits(r))
        return false;
    if (r->at < r->end && *r->at == '.') {
        r->at++;
        if (!digits(r))
            return false;
    }
    if (r->at < r->end && (*r->at == 'e' || *r->at == 'E')) {
        r->at++;
        if (r->at < r->end && (*r->at == '+' || *r->at == '-'))
            r->at++;
        if (!digits(r))
            return false;
    }
    return true;
}

static int hex4(reader *r)
{
    if (r->end - r->at < 4)
        return -1;
    int value = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = r->at[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        value = value * 16 + d;
    }
    r->at += 4;
    return value;
}

/* One UTF-8 character of two or more bytes, checked on its own (not with
 * the extension's helper, which is under test). */
static bool utf8_character(reader *r)
{
    unsigned char c = *r->at;
    size_t n;
    unsigned long code;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, code = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, code = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, code = c & 0x07;
    else
        return false;
    if ((size_t)(r->end - r->at) < n)
        return false;
    for (size_t k = 1; k < n; k++) {
        if ((r->at[k] & 0xc0) != 0x80)
            return false;
        code = code << 6 | (r->at[k] & 0x3f);
    }
    static const unsigned long least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (code < least[n] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        return false;
    r->at += n;
    return true;
}

static bool string(reader *r)
{
    if (r->at >= r->end || *r->at != '"')
        return false;
    r->at++;
    while (r->at < r->end) {
        unsigned char c = *r->at;
        if (c == '"') {
            r->at++;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c >= 0x80) {
            if (!utf8_character(r))
                return false;
            continue;
        }
        r->at++;
        if (c != '\\')
            continue;
        if (r->at >= r->end)
            return false;
        c = *r->at++;
        if (c == 'u') {
            int unit = hex4(r);
            if (unit < 0 || (unit >= 0xdc00 && unit <= 0xdfff))
                return false;
            if (unit >= 0xd800 && unit <= 0xdbff) {
                if (!literal(r, "\\u"))
                    return false;
                int low = hex4(r);
                if (low < 0xdc00 || low > 0xdfff)
                    return false;
            }
        } else if (!strchr("\"\\/bfnrt", c) || c == '\0') {
            return false;
        }
    }
    return false;
}

static bool value(reader *r);

static bool members(reader *r, bool object)
{
    char close = object ? '}' : ']';
    r->at++;
    spaces(r);
    if (r->at < r->end && *r->at == close) {
        r->at++;
        return true;
    }
    for (;;) {
        if (object) {
            spaces(r);
            if (!string(r))
                return false;
            spaces(r);
            if (r->at >= r->end || *r->at != ':')
                return false;
            r->at++;
        }
        if (!value(r))
            return false;
        spaces(r);
        if (r->at >= r->end)
            return false;
        if (*r->at == close) {
            r->at++;
            return true;
        }
        if (*r->at != ',')
            return false;
        r->at++;
    }
}

static bool value(reader *r)
{
    spaces(r);
    if (r->at >= r->end)
        return false;
    bool ok;
    switch (*r->at) {
    case '{':
    case '[':
        if (++r->depth > 64)
            return false;
        ok = members(r, *r->at == '{');
        r->depth--;
        return ok;
    case '"': return string(r);
    case 't': return literal(r, "true");
    case 'f': return literal(r, "false");
    case 'n': return literal(r, "null");
    default: return number(r);
    }
}

/* Exactly one JSON value (whitespace around it allowed); else aborts,
 * printing the text. */
static void check_json(const char *what, const char *text, size_t length)
{
    reader r = { (const unsigned char *)text, (const unsigned char *)text + length, 0 };
    bool ok = value(&r);
    spaces(&r);
    if (!ok || r.at != r.end || memchr(text, '\0', length)) {
        fprintf(stderr, "%s: not JSON at byte %ld: %.*s\n", what,
                (long)(r.at - (const unsigned char *)text), (int)length, text);
        abort();
    }
}

/* Valid UTF-8 without raw control characters but \n (message text). */
static void check_text(const char *what, const char *text)
{
    reader r = { (const unsigned char *)text, (const unsigned char *)text + strlen(text), 0 };
    while (r.at < r.end) {
        if (*r.at >= 0x80 ? !utf8_character(&r) : *r.at < 0x20 || *r.at == 0x7f) {
            fprintf(stderr, "%s: not valid text: %s\n", what, text);
            abort();
        }
        if (*r.at < 0x80)
            r.at++;
    }
}

/* ------------------------------------------------------------------------
 * The writers
 * ------------------------------------------------------------------------ */

/* An error as the SQLite try_ functions and `lapse --json` write it. */
static void check_error(const char *what, lapse_error error, const lapse_error_detail *detail)
{
    char json[LAPSE_SQLITE_ERROR_JSON_SIZE];
    size_t length = lapse_sqlite_error_json(detail, error, json);
    if (length >= sizeof json)
        abort();
    check_json(what, json, length);

    char *text = NULL;
    size_t text_length = 0;
    FILE *out = open_memstream(&text, &text_length);
    if (!out)
        abort();
    fputs("{\"error\": {\"code\": ", out);
    json_string(out, lapse_error_name(error), strlen(lapse_error_name(error)));
    fputs(", \"field\": ", out);
    json_string(out, detail->field, strnlen(detail->field, sizeof detail->field));
    fputs(", \"message\": ", out);
    json_string(out, detail->message, strnlen(detail->message, sizeof detail->message));
    fputs("}}", out);
    fclose(out);
    check_json(what, text, text_length);
    free(text);
}

/* The bytes as the raw text of a CLI JSON string. */
static void check_cli_string(const char *bytes, size_t size)
{
    char *text = NULL;
    size_t length = 0;
    FILE *out = open_memstream(&text, &length);
    if (!out)
        abort();
    json_string(out, bytes, size);
    fclose(out);
    check_json("json_string", text, length);
    free(text);
}

/* The extension's quoting of a key: valid text; the key's whole quoted
 * text when it fits `room` bytes, else a prefix of it of at most `room`
 * bytes and "...". */
static void check_quote(const char *key, size_t size)
{
    size_t length = size < 256 ? size : 256;
    char whole[4 * 256 + 4], quoted[64];
    size_t whole_length = lapse_sqlite_quote(key, length, 4 * 256, whole, sizeof whole);
    check_text("quote", whole);
    if (whole_length != strlen(whole) || whole_length > 4 * length)
        abort();
    for (size_t room = 0; room <= 60; room += 4) {
        size_t n = lapse_sqlite_quote(key, length, room, quoted, sizeof quoted);
        check_text("quote", quoted);
        if (n != strlen(quoted))
            abort();
        if (whole_length <= room ? n != whole_length || memcmp(quoted, whole, n) != 0
                                 : n < 3 || n - 3 > room || memcmp(quoted + n - 3, "...", 3) != 0 ||
                                       memcmp(quoted, whole, n - 3) != 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    lapse_error_detail detail;

    /* The SQLite extension: an unknown key, and its quoting. */
    memset(&detail, 0, sizeof detail);
    lapse_sqlite_unknown_key(text, size, &detail);
    check_text("unknown key message", detail.message);
    check_text("unknown key field", detail.field);
    check_error("unknown key", LAPSE_ERR_UNKNOWN_NAME, &detail);
    check_quote(text, size);

    /* A JSON string of any bytes, through the extension's writer. */
    {
        char small[LAPSE_SQLITE_JSON_ROOM(64)];
        char copy[65];
        snprintf(copy, sizeof copy, "%s", text);
        size_t n = lapse_sqlite_json_string(copy, small, sizeof small);
        check_json("lapse_sqlite_json_string", small, n);
        /* Too little room: cut between characters, still JSON. */
        n = lapse_sqlite_json_string(copy, small, 3 + size % 17);
        check_json("lapse_sqlite_json_string cut", small, n);
    }

    /* The library's errors that quote input, through both writers. */
    for (int c = 1; c < LAPSE_COLUMN_COUNT; c++) {
        if (!lapse_column_is_input((lapse_column)c))
            continue;
        lapse_cell cell = { (lapse_column)c, text, size };
        lapse_subscription s;
        lapse_request r;
        memset(&detail, 0, sizeof detail);
        lapse_error error = lapse_inputs_parse(&cell, 1, &s, &r, &detail);
        if (error)
            check_error("inputs", error, &detail);
    }
    lapse_table table;
    memset(&detail, 0, sizeof detail);
    lapse_error error = lapse_table_header(&table, ',', text, size, &detail);
    if (error)
        check_error("header", error, &detail);
    lapse_policy policy;
    memset(&detail, 0, sizeof detail);
    error = lapse_policy_parse(text, size, &policy, &detail);
    if (error)
        check_error("policy", error, &detail);
    {
        lapse_subscription s;
        lapse_request r;
        lapse_subscription_init(&s);
        lapse_request_init(&r);
        s.start = 20000;
        r.on = 20040;
        lapse_decision d;
        size_t length = 0;
        memset(&detail, 0, sizeof detail);
        if (lapse_decide_cancel(NULL, &s, &r, &d, NULL) == LAPSE_OK) {
            error = lapse_explain(NULL, &s, &r, &d, text, NULL, 0, &length, &detail);
            if (error)
                check_error("language", error, &detail);
        }
    }

    /* The tool's JSON string of the raw bytes. */
    check_cli_string(text, size);

    /* A decision of raw bytes: lapse_decision_json stays JSON, within
     * LAPSE_DECISION_JSON_SIZE. */
    lapse_decision decision;
    memset(&decision, 0, sizeof decision);
    memcpy(&decision, data, size < sizeof decision ? size : sizeof decision);
    char json[LAPSE_DECISION_JSON_SIZE];
    size_t length = lapse_decision_json(&decision, json, sizeof json);
    if (length >= sizeof json)
        abort();
    check_json("lapse_decision_json", json, length);

    free(text);
    return 0;
}
