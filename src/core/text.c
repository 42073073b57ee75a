/* Text helpers shared by the core and the layers above it. */
#include "text.h"

#include <stdio.h>
#include <string.h>

bool lapse__same_name(const char *name, const char *text, size_t length)
{
    /* Most text spells the name exactly: one length test and one memcmp. */
    if (strlen(name) != length)
        return false;
    if (memcmp(name, text, length) == 0)
        return true;
    size_t i = 0;
    for (; i < length && name[i]; i++) {
        char a = name[i] == '-' ? '_' : name[i], b = text[i] == '-' ? '_' : text[i];
        if (a != b)
            return false;
    }
    return i == length && name[i] == '\0';
}

bool lapse__parse_integer(const char *text, size_t length, int64_t *out)
{
    bool negative = length > 0 && text[0] == '-';
    size_t i = negative;
    if (i == length)
        return false;
    int64_t value = 0; /* accumulated negative: INT64_MIN has no positive twin */
    for (; i < length; i++) {
        int d = text[i] - '0';
        if (d < 0 || d > 9 || value < (INT64_MIN + d) / 10)
            return false;
        value = value * 10 - d;
    }
    if (!negative && value == INT64_MIN)
        return false;
    *out = negative ? value : -value;
    return true;
}

size_t lapse__quote(const char *text, size_t length, size_t max_bytes, char *buf, size_t size)
{
    char quoted[4 * 64 + 4];
    size_t n = 0;
    if (max_bytes > 64)
        max_bytes = 64;
    for (size_t i = 0; i < length; i++) {
        if (i == max_bytes) {
            memcpy(quoted + n, "...", 3);
            n += 3;
            break;
        }
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c < 0x7f)
            quoted[n++] = (char)c;
        else
            n += (size_t)snprintf(quoted + n, sizeof quoted - n, "\\x%02x", c);
    }
    return lapse__copy_text(quoted, n, buf, size);
}

size_t lapse__utf8_cut(const char *text, size_t length, size_t room)
{
    if (length <= room)
        return length;
    /* The last lead byte among the (at most 3) bytes before the cut: a
     * character of 2 to 4 bytes starts at most 3 bytes back. */
    for (size_t back = 1; back <= 3 && back <= room; back++) {
        unsigned char c = (unsigned char)text[room - back];
        if ((c & 0xc0) == 0x80)
            continue; /* a continuation byte: look further back */
        size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
        return need > back ? room - back : room;
    }
    return room; /* not UTF-8 there: cut where asked */
}

size_t lapse__copy_text(const char *text, size_t length, char *buf, size_t size)
{
    if (buf && size > 0) {
        size_t n = lapse__utf8_cut(text, length, size - 1);
        memcpy(buf, text, n);
        buf[n] = '\0';
    }
    return length;
}

/* "00".."99": two digits a store, as fast date and number writers do. */
const uint64_t lapse__powers_of_ten[20] = { 1u,
                                            10u,
                                            100u,
                                            1000u,
                                            10000u,
                                            100000u,
                                            1000000u,
                                            10000000u,
                                            100000000u,
                                            1000000000u,
                                            10000000000u,
                                            100000000000u,
                                            1000000000000u,
                                            10000000000000u,
                                            100000000000000u,
                                            1000000000000000u,
                                            10000000000000000u,
                                            100000000000000000u,
                                            1000000000000000000u,
                                            10000000000000000000u };

const char lapse__two_digits[201] = "00010203040506070809101112131415161718192021222324"
                                    "25262728293031323334353637383940414243444546474849"
                                    "50515253545556575859606162636465666768697071727374"
                                    "75767778798081828384858687888990919293949596979899";

size_t lapse__format_integer(int64_t value, char *buf, size_t size)
{
    char text[LAPSE__INTEGER_ROOM];
    return lapse__copy_text(text, lapse__put_integer(value, text), buf, size);
}
