/* The stable names of every enumerated value and bit, in both directions. */
#include "text.h"

#include <stdbool.h>
#include <string.h>

/* Names indexed by value, or by bit position for bit-set kinds. */
typedef struct name_set {
    const char *const *names;
    uint32_t count;
    bool bits;
} name_set;

#define NAMES(array, is_bits)                          \
    {                                                  \
        array, sizeof array / sizeof array[0], is_bits \
    }

static const char *const roles[] = { "billing_admin", "product_admin", "billing_contact" };
static const char *const channels[] = { "online", "support" };
static const char *const support_info[] = { "account_id", "admin_email", "card_last4",
                                            "billing_address", "products" };
static const char *const reasons[] = { "not_authorized",      "needs_billing_admin",
                                       "online_unavailable",  "contract_via_support",
                                       "outstanding_balance", "cannot_sign_in" };
static const char *const warnings[] = {
    "back_up_data",      "licenses_assigned",    "outstanding_balance", "notice_missed",
    "already_ending",    "support_info_missing", "cooling_off",         "ends_before_term_end",
    "commitment_waived", "termination_fee",      "refund_due"
};
static const char *const routes[] = { "none", "online", "support", "privacy_request" };
static const char *const confirmations[] = { "none", "email", "expired_list" };
static const char *const statuses[] = { NULL,     "not_started", "active",
                                        "ending", "expired",     "deleted" };
static const char *const listings[] = { NULL, "active", "expired" };
static const char *const changes[] = { NULL,           "downgrade",   "remove_add_on",
                                       "add_licenses", "add_add_ons", "add_devices" };
static const char *const reactivations[] = { NULL, "not_cancelled", "withdraw_cancellation",
                                             "buy_again_restore_data", "buy_again_data_gone" };

static const char *const events[] = {
    NULL,           "start",         "renewal",      "invoice", "notice_deadline",
    "cancellation", "effective_end", "data_deleted", "refund",  "termination_fee"
};
static const char *const cooling_off_applies[] = { "self_serve", "all" };

static const char *const timings[] = { "end_of_term", "end_of_billing_period", "immediate" };
static const char *const refunds[] = { "none", "prorated", "full" };
static const char *const commitments[] = { "owed", "waived", "fixed_fee", "percent_fee" };
static const char *const renewals[] = { "same_term", "evergreen", "none" };
static const char *const notice_applies[] = { "fixed_term_contracts", "terms_over_a_month",
                                              "never" };

static const name_set name_sets[LAPSE_KIND_COUNT] = {
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
    [LAPSE_KIND_TIMING] = NAMES(timings, false),
    [LAPSE_KIND_REFUND] = NAMES(refunds, false),
    [LAPSE_KIND_COMMITMENT] = NAMES(commitments, false),
    [LAPSE_KIND_RENEWAL] = NAMES(renewals, false),
    [LAPSE_KIND_NOTICE_APPLIES] = NAMES(notice_applies, false),
    [LAPSE_KIND_COOLING_OFF_APPLIES] = NAMES(cooling_off_applies, false),
};

const char *lapse_name(lapse_kind kind, uint32_t value)
{
    if ((unsigned)kind >= LAPSE_KIND_COUNT)
        return NULL;
    const name_set *set = &name_sets[kind];
    uint32_t index = value;
    if (set->bits) {
        /* Exactly one bit. */
        if (value == 0 || (value & (value - 1)) != 0)
            return NULL;
        for (index = 0; (value >> index) != 1; index++)
            ;
    }
    return index < set->count ? set->names[index] : NULL;
}

const char *lapse__name_at(lapse_kind kind, uint32_t index, uint32_t *value)
{
    if ((unsigned)kind >= LAPSE_KIND_COUNT)
        return NULL;
    const name_set *set = &name_sets[kind];
    /* Only value 0 may lack a name (kinds whose values start at 1). */
    uint32_t position = index + (set->names[0] == NULL);
    if (position >= set->count)
        return NULL;
    *value = set->bits ? 1u << position : position;
    return set->names[position];
}

lapse_error lapse_name_lookup(lapse_kind kind, const char *text, size_t length, uint32_t *value)
{
    if (!text || !value)
        return LAPSE_ERR_NULL_ARGUMENT;
    if ((unsigned)kind >= LAPSE_KIND_COUNT)
        return LAPSE_ERR_UNKNOWN_NAME;
    const name_set *set = &name_sets[kind];
    /* No name starts with '-' or '_': a different first byte is no match,
     * which rejects most names without a call. */
    for (uint32_t i = 0; length > 0 && i < set->count; i++) {
        if (set->names[i] && set->names[i][0] == text[0] &&
            lapse__same_name(set->names[i], text, length)) {
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
