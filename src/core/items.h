/* Items and reductions (items.c): their checks and the invoice amount the
 * items add to the price. */
#ifndef LAPSE_CORE_ITEMS_H
#define LAPSE_CORE_ITEMS_H

#include "lapse.h"

#include <stdbool.h>

/* items[0..count): count 0..LAPSE_ITEMS_MAX, items not NULL when count > 0,
 * each name 1-31 bytes [a-z0-9_-] and unique, quantity 0..1000000,
 * committed and assigned 0..quantity, unit_price >= 0, reserved zero.
 * Errors name "items". */
lapse_error lapse__check_item_list(const lapse_item *items, int32_t count,
                                   lapse_error_detail *detail);

/* The subscription's items (lapse__check_item_list) and its invoice amounts,
 * price and renewal_price plus the items, within 64 bits
 * (LAPSE_ERR_AMOUNT_RANGE naming "items"). */
lapse_error lapse__check_items(const lapse_subscription *subscription, lapse_error_detail *detail);

/* The sum of quantity x unit_price over items[0..count); false past 64
 * bits. */
bool lapse__items_amount(const lapse_item *items, int32_t count, int64_t *out);

#endif
