/* Validation of the public structs: each check returns LAPSE_OK or the
 * error of the first invalid field, named in `detail`. */
#ifndef LAPSE_CORE_VALIDATE_H
#define LAPSE_CORE_VALIDATE_H

#include <stdbool.h>
#include <string.h>

#include "lapse.h"

#include "fail.h"
#include "model.h"

lapse_error lapse__check_policy(const lapse_policy *policy, lapse_error_detail *detail);
/* The two halves of lapse__check_policy, for the test that they agree:
 * the fast condition (every key's range at once, no message) and the
 * explaining check (each key in turn, the first invalid one named). */
bool lapse__policy_valid(const lapse_policy *policy);
lapse_error lapse__explain_policy(const lapse_policy *policy, lapse_error_detail *detail);
lapse_error lapse__check_subscription(const lapse_subscription *subscription,
                                      lapse_error_detail *detail);
/* A date the subscription is looked at on: required, valid, not before the
 * start.  `field` and `label` name it in the error. */
lapse_error lapse__check_date_in_subscription(const lapse_subscription *subscription,
                                              lapse_date date, const char *field, const char *label,
                                              lapse_error_detail *detail);
lapse_error lapse__check_request(const lapse_request *request,
                                 const lapse_subscription *subscription,
                                 lapse_error_detail *detail);
/* A policy and a subscription that are valid alone but not together (an
 * evergreen policy renews monthly: billing must be monthly or up front). */
lapse_error lapse__check_combination(const lapse_policy *policy,
                                     const lapse_subscription *subscription,
                                     lapse_error_detail *detail);
/* The subscription, the request (when not NULL) and their combination with
 * a policy already checked, in that order. */
lapse_error lapse__check_inputs(const lapse_policy *policy, const lapse_subscription *subscription,
                                const lapse_request *request, lapse_error_detail *detail);

/*
 * The entry of every public function that decides on a subscription: `out`
 * (named `out_name`) is required and zeroed, the subscription (and the
 * request, when `takes_request`) are required, *policy NULL becomes the
 * default, then policy, subscription, request and their combination are
 * checked in that order.  The caller zeroes `out` again when its own work
 * fails (lapse__leave).
 */
lapse_error lapse__enter(const lapse_policy **policy, const lapse_subscription *subscription,
                         const lapse_request *request, int takes_request, void *out,
                         size_t out_size, const char *out_name, lapse_error_detail *detail);

/* lapse__enter without `out`: for a caller that fills its whole `out`
 * first thing when the checks pass (and lapse__leave zeroes it when they
 * fail), so that it is not zeroed twice. */
static inline lapse_error lapse__check_entry(const lapse_policy **policy,
                                             const lapse_subscription *subscription,
                                             const lapse_request *request, int takes_request,
                                             lapse_error_detail *detail)
{
    if (!subscription)
        return lapse__fail_missing(detail, "subscription");
    if (takes_request && !request)
        return lapse__fail_missing(detail, "request");
    if (!*policy)
        *policy = &lapse__default_policy;
    /* The default policy is known valid without a call. */
    lapse_error error =
        *policy == &lapse__default_policy ? LAPSE_OK : lapse__check_policy(*policy, detail);
    return error ? error : lapse__check_inputs(*policy, subscription, request, detail);
}

/* Returns `error`, zeroing `out` first when it is an error. */
static inline lapse_error lapse__leave(lapse_error error, void *out, size_t out_size)
{
    if (error && out)
        memset(out, 0, out_size);
    return error;
}

#endif
