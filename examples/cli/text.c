/* Text the tool cuts to fit a buffer is cut between UTF-8 characters, as
 * the library cuts its own (src/core/text.c, lapse__utf8_cut, which the
 * tool cannot include): never inside a character, so that what it prints
 * stays UTF-8 when its input was. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>

size_t cli_utf8_cut(const char *text, size_t length, size_t room)
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

int cli_format(char *buf, size_t size, const char *format, ...)
{
    va_list list;
    va_start(list, format);
    int n = vsnprintf(buf, size, format, list);
    va_end(list);
    if (n > 0 && size > 0 && (size_t)n >= size)
        buf[cli_utf8_cut(buf, (size_t)n, size - 1)] = '\0';
    return n;
}
