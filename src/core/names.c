/* The stable names of every enumerated value and bit, in both directions. */
#include "names.h"

#include "bits.h"
#include "text.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Names indexed by value, or by bit position for bit-set kinds.  A name
 * and its length, so that lookups and lists never measure it, NUL-padded
 * to NAME_ROOM bytes so that it is written as one fixed copy; length 0
 * marks a value without a name.  NAME() refuses to compile a name that
 * leaves no room for its NUL (an array of size -1). */
enum { NAME_ROOM = LAPSE__NAME_ROOM };
#define NAME(text)                                                                   \
    {                                                                                \
        text, sizeof text - 1 + 0 * sizeof(char[2 * (sizeof text <= NAME_ROOM) - 1]) \
    }

typedef lapse__name_set name_set;

#define NAMES(array, is_bits)                          \
    {                                                  \
        array, sizeof array / sizeof array[0], is_bits \
    }

static const lapse__name roles[] = { NAME("billing_admin"), NAME("product_admin"),
                                     NAME("billing_contact") };
static const lapse__name channels[] = { NAME("online"), NAME("support") };
static const lapse__name support_info[] = { NAME("account_id"), NAME("admin_email"),
                                            NAME("card_last4"), NAME("billing_address"),
                                            NAME("products") };
static const lapse__name reasons[] = { NAME("not_authorized"),      NAME("needs_billing_admin"),
                                       NAME("online_unavailable"),  NAME("contract_via_support"),
                                       NAME("outstanding_balance"), NAME("cannot_sign_in"),
                                       NAME("change_needs_support") };
static const lapse__name warnings[] = { NAME("back_up_data"),
                                        NAME("licenses_assigned"),
                                        NAME("outstanding_balance"),
                                        NAME("notice_missed"),
                                        NAME("already_ending"),
                                        NAME("support_info_missing"),
                                        NAME("cooling_off"),
                                        NAME("ends_before_term_end"),
                                        NAME("commitment_waived"),
                                        NAME("termination_fee"),
                                        NAME("refund_due"),
                                        NAME("unassign_licenses"),
                                        NAME("in_trial"),
                                        NAME("paused") };
static const lapse__name routes[] = { NAME("none"), NAME("online"), NAME("support"),
                                      NAME("privacy_request") };
static const lapse__name confirmations[] = { NAME("none"), NAME("email"), NAME("expired_list") };
static const lapse__name statuses[] = { { "", 0 },      NAME("not_started"), NAME("active"),
                                        NAME("ending"), NAME("expired"),     NAME("deleted"),
                                        NAME("paused") };
static const lapse__name listings[] = { { "", 0 }, NAME("active"), NAME("expired") };
static const lapse__name changes[] = {
    { "", 0 },           NAME("downgrade"),  NAME("remove_add_on"), NAME("add_licenses"),
    NAME("add_add_ons"), NAME("add_devices")
};
static const lapse__name reactivations[] = { { "", 0 },
                                             NAME("not_cancelled"),
                                             NAME("withdraw_cancellation"),
                                             NAME("buy_again_restore_data"),
                                             NAME("buy_again_data_gone") };

static const lapse__name events[] = { { "", 0 },
                                      NAME("start"),
                                      NAME("renewal"),
                                      NAME("invoice"),
                                      NAME("notice_deadline"),
                                      NAME("cancellation"),
                                      NAME("effective_end"),
                                      NAME("data_deleted"),
                                      NAME("refund"),
                                      NAME("termination_fee"),
                                      NAME("reduction"),
                                      NAME("change"),
                                      NAME("applied_to_balance"),
                                      NAME("account_credit"),
                                      NAME("pause"),
                                      NAME("resume") };

/* The names of the values of the policy's CHOICE keys: each list
 * LAPSE__VALUES_<values> of lapse.h, by its kind (LAPSE__CHOICE_KINDS). */
#define VALUE_NAME(id, text) NAME(text),
#define CHOICE_NAMES(kind, values, number) \
    static const lapse__name names_of_##values[] = { LAPSE__VALUES_##values(VALUE_NAME) };
LAPSE__CHOICE_KINDS(CHOICE_NAMES)
#define CHOICE_SET(kind, values, number) [LAPSE_KIND_##kind] = NAMES(names_of_##values, false),
#define ONE_KIND(kind, values, number) +1
_Static_assert(LAPSE_KIND_COUNT == LAPSE_KIND_EVENT + 1 LAPSE__CHOICE_KINDS(ONE_KIND),
               "LAPSE_KIND_COUNT: the kinds of lapse_kind, LAPSE__CHOICE_KINDS's numbered on");

const lapse__name_set lapse__name_sets[LAPSE_KIND_COUNT] = {
    [LAPSE_KIND_ROLE] = NAMES(roles, true),
    [LAPSE_KIND_CHANNEL] = NAMES(channels, false),
    [LAPSE_KIND_SUPPORT_INFO] = NAMES(support_info, true),
    [LAPSE_KIND_REASON] = NAMES(reasons, true),
    [LAPSE_KIND_WARNING] = NAMES(warnings, true),
    [LAPSE_KIND_ROUTE] = NAMES(routes, false),
    [LAPSE_KIND_CONFIRMATION] = NAMES(confirmations, false),
    [LAPSE_KIND_STATUS] = NAMES(statuses, false),
    [LAPSE_KIND_LISTING] = NAMES(listings, false),
    [LAPSE_KIND_CHANGE] = NAMES(changes, false),
    [LAPSE_KIND_REACTIVATION] = NAMES(reactivations, false),
    [LAPSE_KIND_EVENT] = NAMES(events, false),
    LAPSE__CHOICE_KINDS(CHOICE_SET)
};

const char *lapse__name_n(lapse_kind kind, uint32_t value, size_t *length)
{
    if ((unsigned)kind >= LAPSE_KIND_COUNT)
        return NULL;
    const name_set *set = &lapse__name_sets[kind];
    uint32_t index = value;
    if (set->bits) {
        /* Exactly one bit. */
        if (value == 0 || (value & (value - 1)) != 0)
            return NULL;
        for (index = 0; (value >> index) != 1; index++)
            ;
    }
    if (index >= set->count || set->names[index].length == 0)
        return NULL;
    *length = set->names[index].length;
    return set->names[index].text;
}

const char *lapse_name(lapse_kind kind, uint32_t value)
{
    size_t length;
    return lapse__name_n(kind, value, &length);
}

const char *lapse__name_at(lapse_kind kind, uint32_t index, uint32_t *value, size_t *length)
{
    if ((unsigned)kind >= LAPSE_KIND_COUNT)
        return NULL;
    const name_set *set = &lapse__name_sets[kind];
    /* Only value 0 may lack a name (kinds whose values start at 1). */
    uint32_t position = index + (set->names[0].length == 0);
    if (position >= set->count)
        return NULL;
    *value = set->bits ? 1u << position : position;
    if (length)
        *length = set->names[position].length;
    return set->names[position].text;
}

size_t lapse__format_list(lapse_kind kind, uint32_t bits, char separator, char *buf, size_t size)
{
    char local[256 + NAME_ROOM];
    /* Straight into buf when every name and the room of the last fit it
     * (a billing run's rows), else through a local copy cut to size. */
    char *text = buf && size >= sizeof local ? buf : local;
    size_t n = 0;
    const name_set *set = (unsigned)kind < LAPSE_KIND_COUNT ? &lapse__name_sets[kind] : NULL;
    /* Only the bits set are visited: bit i is the name at index i (past
     * the last name, a bit has none). */
    for (; set && bits; bits &= bits - 1) {
        uint32_t index = LAPSE__LOWEST_BIT(bits);
        if (index >= set->count || set->names[index].length == 0)
            break;
        size_t length = set->names[index].length;
        if (n + length + 2 > sizeof local - NAME_ROOM)
            break;
        /* A separator always, taken back before the first name; the name
         * as its whole room (what is past it is written over next). */
        text[n] = separator;
        n += n > 0;
        memcpy(text + n, set->names[index].text, NAME_ROOM);
        n += length;
    }
    if (text == buf) {
        buf[n] = '\0';
        return n;
    }
    return lapse__copy_text(text, n, buf, size);
}

lapse_error lapse_name_lookup(lapse_kind kind, const char *text, size_t length, uint32_t *value)
{
    if (!text || !value)
        return LAPSE_ERR_NULL_ARGUMENT;
    if ((unsigned)kind >= LAPSE_KIND_COUNT)
        return LAPSE_ERR_UNKNOWN_NAME;
    const name_set *set = &lapse__name_sets[kind];
    /* No name starts with '-' or '_': a different first byte is no match,
     * which rejects most names without a call. */
    for (uint32_t i = 0; length > 0 && i < set->count; i++) {
        /* Most text spells the name exactly: one memcmp of the right length. */
        if (set->names[i].length == length && set->names[i].text[0] == text[0] &&
            (memcmp(set->names[i].text, text, length) == 0 ||
             lapse__same_name(set->names[i].text, text, length))) {
            *value = set->bits ? 1u << i : i;
            return LAPSE_OK;
        }
    }
    /* "all" is no name of the set, so it is tried last. */
    if (kind == LAPSE_KIND_SUPPORT_INFO && lapse__same_name("all", text, length)) {
        *value = LAPSE_SUPPORT_INFO_ALL;
        return LAPSE_OK;
    }
    return LAPSE_ERR_UNKNOWN_NAME;
}

size_t lapse__names_list(lapse_kind kind, const char *separator, bool numbered, char *buf,
                         size_t size)
{
    char text[256];
    size_t n = 0;
    uint32_t value;
    const char *name;
    for (uint32_t i = 0; (name = lapse__name_at(kind, i, &value, NULL)) != NULL; i++) {
        int written = numbered
                          ? snprintf(text + n, sizeof text - n, "%s%lu = %s", i ? separator : "",
                                     (unsigned long)value, name)
                          : snprintf(text + n, sizeof text - n, "%s%s", i ? separator : "", name);
        if (written < 0 || (size_t)written >= sizeof text - n)
            break;
        n += (size_t)written;
    }
    return lapse__copy_text(text, n, buf, size);
}

lapse_error lapse__parse_list(lapse_kind kind, const char *text, size_t length, uint32_t *out,
                              size_t *bad_start, size_t *bad_length)
{
    uint32_t bits = 0;
    size_t start = 0;
    while (start <= length) {
        size_t end = start;
        while (end < length && text[end] != ';' && text[end] != ',')
            end++;
        uint32_t value;
        if (lapse_name_lookup(kind, text + start, end - start, &value) != LAPSE_OK) {
            *bad_start = start;
            *bad_length = end - start;
            return LAPSE_ERR_UNKNOWN_NAME;
        }
        bits |= value;
        start = end + 1;
    }
    *out = bits;
    return LAPSE_OK;
}
