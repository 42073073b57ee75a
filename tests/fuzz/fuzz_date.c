/* libFuzzer: date text.  Whatever parses formats back to the same text and
 * survives month arithmetic. */
#include "lapse.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lapse_date date;
    if (lapse_date_parse_n((const char *)data, size, &date) != LAPSE_OK)
        return 0;
    char text[LAPSE_DATE_TEXT_SIZE];
    if (lapse_date_format(date, text, sizeof text) != 10 || size != 10 || memcmp(text, data, 10))
        abort();
    int32_t y, m, d;
    lapse_date_to_ymd(date, &y, &m, &d);
    lapse_date back;
    if (lapse_date_from_ymd(y, m, d, &back) != LAPSE_OK || back != date)
        abort();
    for (int32_t months = -1300; months <= 1300; months += 37) {
        lapse_date moved;
        if (lapse_date_add_months(date, months, &moved) == LAPSE_OK &&
            lapse_months_since(date, moved) != months)
            abort();
    }
    return 0;
}
