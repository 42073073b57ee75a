/* Defaults of the model's structs (docs/rules.md) and their sizes. */
#include "model.h"

#include <string.h>

#include "policy_keys.h"

/* A scalar's default as it is; the holidays' (DATES) as the list's count. */
#define DEFAULT_OF_DATES(def) \
    {                         \
        def                   \
    }
#define DEFAULT_OF_DAYS(def) def
#define DEFAULT_OF_FLAG(def) def
#define DEFAULT_OF_CHOICE(def) def
#define DEFAULT_OF_ROLES(def) def
#define DEFAULT_OF_AMOUNT(def) def
#define DEFAULT_OF_PERCENT(def) def
#define DEFAULT_VALUE(ctype, field, type, kind, min, max, def, order, check, doc) \
    .field = DEFAULT_OF_##type(def),
const lapse_policy lapse__default_policy = { LAPSE__POLICY_KEYS(DEFAULT_VALUE) };

void lapse_policy_default(lapse_policy *policy)
{
    if (policy)
        *policy = lapse__default_policy;
}

/* The defaults of docs/rules.md, every other byte zero. */
const lapse_subscription lapse__default_subscription = {
    .start = LAPSE_DATE_NONE,
    .term = 1,
    .billing = 1,
    .currency = "EUR",
    .auto_renew = 1,
    .online_cancel = 1,
    .cancelled_on = LAPSE_DATE_NONE,
    .renewal_price = LAPSE_AMOUNT_NONE,
    .trial_end = LAPSE_DATE_NONE,
    .paused_from = LAPSE_DATE_NONE,
    .resumes_on = LAPSE_DATE_NONE,
    .concluded_on = LAPSE_DATE_NONE,
    .withdrawal_informed = 1,
};

const lapse_request lapse__default_request = {
    .on = LAPSE_DATE_NONE,
    .channel = LAPSE_CHANNEL_ONLINE,
    .can_sign_in = 1,
    .end_on = LAPSE_DATE_NONE,
};

void lapse_subscription_init(lapse_subscription *subscription)
{
    if (subscription)
        *subscription = lapse__default_subscription;
}

void lapse_request_init(lapse_request *request)
{
    if (request)
        *request = lapse__default_request;
}

size_t lapse_sizeof_policy(void) { return sizeof(lapse_policy); }
size_t lapse_sizeof_subscription(void) { return sizeof(lapse_subscription); }
size_t lapse_sizeof_request(void) { return sizeof(lapse_request); }
size_t lapse_sizeof_decision(void) { return sizeof(lapse_decision); }
size_t lapse_sizeof_status_info(void) { return sizeof(lapse_status_info); }
size_t lapse_sizeof_reactivation_info(void) { return sizeof(lapse_reactivation_info); }
size_t lapse_sizeof_error_detail(void) { return sizeof(lapse_error_detail); }
