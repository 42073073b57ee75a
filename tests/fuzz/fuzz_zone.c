/* libFuzzer: TZif bytes.  Whatever parses is a zone every function reads
 * without fault, and its days hold together: the first instant of a date
 * has that date or a later one, the second before it an earlier one, and
 * an instant is never before the start of its own date.  Whatever does not
 * parse is an error naming the zone, the struct left all zero. */
#include "lapse.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lapse_zone zone;

static void check_day(lapse_date day)
{
    int64_t start;
    lapse_date date;
    if (lapse_zone_day_start(&zone, day, &start) != LAPSE_OK)
        abort();
    if (lapse_zone_date(&zone, start, &date) == LAPSE_OK && date < day)
        abort();
    if (lapse_zone_date(&zone, start - 1, &date) == LAPSE_OK && date >= day)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lapse_error_detail detail;
    lapse_error error = lapse_zone_parse("Fuzz/Zone", data, size, &zone, &detail);
    if (error != LAPSE_OK) {
        if (strncmp(detail.message, "zone Fuzz/Zone: ", 16) != 0 || strcmp(detail.field, "zone"))
            abort();
        static const lapse_zone zero;
        if (memcmp(&zone, &zero, sizeof zone) != 0)
            abort();
        return 0;
    }
    /* Instants from the file's own transitions and from its last bytes. */
    int64_t probes[16];
    size_t count = 0;
    for (int32_t i = 0; i < zone.transitions && count < 8; i += 1 + zone.transitions / 8)
        probes[count++] = zone.at[i];
    uint64_t seed = 0;
    for (size_t i = size > 8 ? size - 8 : 0; i < size; i++)
        seed = seed << 8 | data[i];
    probes[count++] = (int64_t)(seed % 400000000000u) - 62135596800;
    probes[count++] = (int64_t)(seed % 8000000000u) - 2000000000;
    for (size_t i = 0; i < count; i++) {
        for (int64_t delta = -1; delta <= 1; delta++) {
            int64_t t = probes[i] + delta;
            lapse_date date;
            int32_t offset;
            if (lapse_zone_offset(&zone, t, &offset) == LAPSE_OK &&
                (offset < -89999 || offset > 93599))
                abort();
            if (lapse_zone_date(&zone, t, &date) != LAPSE_OK)
                continue;
            int64_t start;
            if (lapse_zone_day_start(&zone, date, &start) != LAPSE_OK || start > t)
                abort();
            check_day(date);
            if (date < LAPSE_DATE_MAX)
                check_day(date + 1);
        }
    }
    return 0;
}
