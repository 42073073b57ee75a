/* libFuzzer: amounts in text.  The first byte picks the currency; whatever
 * parses formats and parses back to the same amount. */
#include "lapse.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const currencies[] = { "EUR", "JPY", "KWD", "CLF", "eur", "XYZ" };
    if (size == 0)
        return 0;
    const char *currency = currencies[data[0] % 6];
    int64_t amount;
    if (lapse_amount_parse_n((const char *)data + 1, size - 1, currency, &amount) != LAPSE_OK)
        return 0;
    char text[LAPSE_AMOUNT_TEXT_SIZE];
    size_t length = lapse_amount_format(amount, currency, text, sizeof text);
    int64_t back;
    if (length == 0 || length >= sizeof text ||
        lapse_amount_parse(text, currency, &back) != LAPSE_OK || back != amount)
        abort();
    int64_t sum;
    if (lapse_amount_add(amount, amount, &sum) == LAPSE_OK &&
        lapse_amount_mul(amount, 2, &back) != LAPSE_OK)
        abort();
    return 0;
}
