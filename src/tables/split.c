/*
 * Splitting CSV and vectors lines into fields (RFC 4180 quoting for CSV),
 * and telling whether a CSV line ends inside a quoted field.
 */
#include "split.h"

#include "core/bits.h"

#include <string.h>

/*
 * The common line: no quote anywhere, so every separator ends a field.
 * Eight bytes at a time (lapse__equal_bytes).  Returns the number of fields, as
 * split() does.
 */
static int64_t split_plain(char separator, const char *line, size_t length, lapse__field *fields,
                           int32_t max)
{
    const uint64_t pattern = 0x0101010101010101u * (unsigned char)separator;
    int64_t count = 0;
    size_t start = 0, i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t found = lapse__equal_bytes(lapse__load_le64(line + i), pattern);
        while (found) {
            /* The lowest mark is the first byte (the word is little-endian). */
            size_t at = i + LAPSE__LOWEST_BIT(found) / 8;
            if (count < max)
                fields[count] = (lapse__field){ (uint32_t)start, (uint32_t)(at - start) };
            count++;
            start = at + 1;
            found &= found - 1;
        }
    }
    for (; i < length; i++) {
        if (line[i] == separator) {
            if (count < max)
                fields[count] = (lapse__field){ (uint32_t)start, (uint32_t)(i - start) };
            count++;
            start = i + 1;
        }
    }
    if (count < max)
        fields[count] = (lapse__field){ (uint32_t)start, (uint32_t)(length - start) };
    return count + 1;
}

int64_t lapse__split(char separator, const char *line, char *writable, size_t length,
                     lapse__field *fields, int32_t max, int32_t *bad_column)
{
    if (separator == '\t' || !memchr(line, '"', length))
        return split_plain(separator, line, length, fields, max);
    int64_t count = 0;
    size_t i = 0;
    for (;;) {
        size_t start = i, out = i;
        bool quoted = separator == ',' && i < length && line[i] == '"';
        if (quoted) {
            /* Quoted: "" is a quote; the field ends at the closing quote. */
            i++;
            for (;;) {
                if (i >= length) {
                    *bad_column = (int32_t)count + 1;
                    return -1;
                }
                if (line[i] == '"') {
                    if (i + 1 < length && line[i + 1] == '"') {
                        if (writable)
                            writable[out] = '"';
                        out++, i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (writable)
                    writable[out] = line[i];
                out++, i++;
            }
            if (i < length && line[i] != separator) {
                *bad_column = (int32_t)count + 1;
                return -1;
            }
        } else {
            while (i < length && line[i] != separator) {
                if (separator == ',' && line[i] == '"') {
                    *bad_column = (int32_t)count + 1;
                    return -1;
                }
                i++;
            }
            out = i;
        }
        if (count < max) {
            /* Unquoted in place, the text starts where the quote was; read
             * only, it starts after the quote (exact unless it held ""). */
            fields[count].offset = (uint32_t)(start + (quoted && !writable));
            fields[count].length = (uint32_t)(out - start);
        }
        count++;
        if (i >= length)
            return count;
        i++; /* the separator */
    }
}

bool lapse__csv_line_open(const char *line, size_t length, bool open)
{
    if (!open && !memchr(line, '"', length))
        return false; /* the common line */
    size_t i = 0;
    if (!open && length > 0 && line[0] == '"')
        open = true, i = 1;
    for (;;) {
        if (open) {
            /* To the closing quote; "" is a quote inside the field. */
            for (;;) {
                const char *quote = memchr(line + i, '"', length - i);
                if (!quote)
                    return true;
                i = (size_t)(quote - line) + 1;
                if (i < length && line[i] == '"') {
                    i++;
                    continue;
                }
                break;
            }
            open = false;
        }
        /* Past this field (a quote inside an unquoted field opens nothing):
         * the next one may open a quote. */
        const char *comma = memchr(line + i, ',', length - i);
        if (!comma)
            return false;
        i = (size_t)(comma - line) + 1;
        if (i < length && line[i] == '"')
            open = true, i++;
    }
}
