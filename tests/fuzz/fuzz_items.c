/* libFuzzer: the item and reduction text forms (issue 28).  The first byte
 * picks the currency and the form; whatever parses formats canonically
 * and parses back to the same structs, and items that parse decide (a
 * whole cancellation, and a reduction of every item to half its
 * quantity) without an error but amount_range. */
#include "lapse.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void items(const char *text, size_t length, const char *currency)
{
    lapse_item parsed[LAPSE_ITEMS_MAX], again[LAPSE_ITEMS_MAX];
    int32_t count, count_again;
    memset(parsed, 0, sizeof parsed);
    lapse_error_detail detail;
    if (lapse_items_parse(text, length, currency, parsed, LAPSE_ITEMS_MAX, &count, &detail) !=
        LAPSE_OK) {
        if (strcmp(detail.field, "items") != 0 && strcmp(detail.field, "currency") != 0)
            abort();
        return;
    }
    char canonical[2048], twice[2048];
    size_t n = lapse_items_format(parsed, count, currency, canonical, sizeof canonical);
    if (n >= sizeof canonical || (count > 0 && n == 0))
        abort();
    memset(again, 0, sizeof again);
    if (lapse_items_parse(canonical, n, currency, again, LAPSE_ITEMS_MAX, &count_again, NULL) !=
            LAPSE_OK ||
        count_again != count || memcmp(again, parsed, sizeof parsed) != 0 ||
        lapse_items_format(again, count_again, currency, twice, sizeof twice) != n ||
        memcmp(twice, canonical, n) != 0)
        abort();
    /* Decided: a whole cancellation and a reduction of every item. */
    lapse_subscription s;
    lapse_subscription_init(&s);
    memcpy(s.currency, currency, 4);
    s.start = 20000;
    s.term = 12;
    s.items = parsed;
    s.item_count = count;
    lapse_request r;
    lapse_request_init(&r);
    r.on = 20100;
    lapse_decision d;
    lapse_error error = lapse_decide_cancel(NULL, &s, &r, &d, NULL);
    if (error != LAPSE_OK && error != LAPSE_ERR_AMOUNT_RANGE)
        abort();
    lapse_reduction reduce[LAPSE_ITEMS_MAX];
    memset(reduce, 0, sizeof reduce);
    int32_t entries = 0;
    for (int32_t i = 0; i < count; i++)
        if (parsed[i].quantity > 0) {
            memcpy(reduce[entries].name, parsed[i].name, sizeof reduce[entries].name);
            reduce[entries++].quantity = parsed[i].quantity / 2;
        }
    if (entries == 0)
        return;
    r.reduce = reduce;
    r.reduce_count = entries;
    lapse_policy p;
    lapse_policy_default(&p);
    p.reduction_timing = LAPSE_TIMING_IMMEDIATE;
    p.refund = LAPSE_REFUND_PRORATED;
    error = lapse_decide_cancel(&p, &s, &r, &d, NULL);
    if (error != LAPSE_OK && error != LAPSE_ERR_AMOUNT_RANGE)
        abort();
    if (error == LAPSE_OK && d.saving < 0)
        abort();
}

static void reductions(const char *text, size_t length)
{
    lapse_reduction parsed[LAPSE_ITEMS_MAX], again[LAPSE_ITEMS_MAX];
    int32_t count, count_again;
    memset(parsed, 0, sizeof parsed);
    if (lapse_reductions_parse(text, length, parsed, LAPSE_ITEMS_MAX, &count, NULL) != LAPSE_OK)
        return;
    char canonical[1024];
    size_t n = lapse_reductions_format(parsed, count, canonical, sizeof canonical);
    if (n >= sizeof canonical || (count > 0 && n == 0))
        abort();
    memset(again, 0, sizeof again);
    if (lapse_reductions_parse(canonical, n, again, LAPSE_ITEMS_MAX, &count_again, NULL) !=
            LAPSE_OK ||
        count_again != count || memcmp(again, parsed, sizeof parsed) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const currencies[] = { "EUR", "JPY", "KWD", "EURO" };
    if (size == 0)
        return 0;
    /* A copy of exactly `size - 1` bytes: the parsers read no further. */
    char *text = malloc(size - 1 ? size - 1 : 1);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    if (data[0] & 4)
        reductions(text, size - 1);
    else
        items(text, size - 1, currencies[data[0] % 4]);
    free(text);
    return 0;
}
