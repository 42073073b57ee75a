/*
 * The policy's keys: one row each, the one place a key is listed.  It
 * drives the default policy (model.c), the text form's parser and
 * canonical formatter (policy.c), both validation paths (validate.c),
 * lapse_policy_key() (what bindings and the tool list keys from) and the
 * tests that hold lapse.h, lapse-policy(5), the tool's JSON and the Python
 * mirror to it.  struct lapse_policy itself stays hand-written (public
 * ABI); policy.c asserts that the table covers exactly its fields.
 *
 * X(field, type, kind, min, max, default, check, doc), in the canonical
 * order of lapse_policy_format():
 *   field    the lapse_policy member, and the key of the text form;
 *   type     LAPSE_POLICY_KEY_<type>: how its text reads and writes and
 *            how it is checked;
 *   kind     CHOICE: the lapse_kind that names its values; else
 *            LAPSE_KIND_COUNT;
 *   min, max its valid range: DAYS, PERCENT, FLAG and CHOICE (whose max is
 *            its last named value: the names are 0..max without gaps, which
 *            test_policy checks) as [min, max]; ROLES: the bits allowed;
 *            AMOUNT: min the least amount (its currency is
 *            termination_fee_currency, checked with it);
 *   default  its value in the default policy (docs/rules.md);
 *   check    its place in the explaining check (validate.c): of several
 *            invalid fields, the error names the one of the lowest number,
 *            an order kept from before this table; a new key takes the next
 *            number;
 *   doc      one line of what it says (lapse-policy(5) has the rest).
 */
#ifndef LAPSE_CORE_POLICY_KEYS_H
#define LAPSE_CORE_POLICY_KEYS_H

#include "lapse.h"

/* clang-format off */
#define LAPSE__POLICY_KEYS(X)                                                                      \
    X(timing, CHOICE, LAPSE_KIND_TIMING, 0, LAPSE_TIMING_IMMEDIATE,                                \
      LAPSE_TIMING_END_OF_TERM, 7, "when a cancellation takes effect")                             \
    X(refund, CHOICE, LAPSE_KIND_REFUND, 0, LAPSE_REFUND_FULL,                                     \
      LAPSE_REFUND_NONE, 2, "what is refunded of service not delivered")                           \
    X(commitment, CHOICE, LAPSE_KIND_COMMITMENT, 0, LAPSE_COMMITMENT_PERCENT_FEE,                  \
      LAPSE_COMMITMENT_OWED, 8, "what a contract ended before its term end owes")                  \
    X(termination_fee, AMOUNT, LAPSE_KIND_COUNT, 0, INT64_MAX,                                     \
      0, 13, "fixed_fee: the fee, with termination_fee_currency")                                  \
    X(termination_fee_percent, PERCENT, LAPSE_KIND_COUNT, 0, 100,                                  \
      0, 12, "percent_fee: the percentage of the remaining commitment")                            \
    X(cooling_off_days, DAYS, LAPSE_KIND_COUNT, 0, 3650,                                           \
      0, 11, "days from the start within which a cancellation ends at once, all refunded")         \
    X(cooling_off_applies, CHOICE, LAPSE_KIND_COOLING_OFF_APPLIES, 0,                              \
      LAPSE_COOLING_OFF_APPLIES_ALL, LAPSE_COOLING_OFF_APPLIES_SELF_SERVE, 14,                     \
      "which accounts have the cooling-off period")                                                \
    X(renewal, CHOICE, LAPSE_KIND_RENEWAL, 0, LAPSE_RENEWAL_NONE,                                  \
      LAPSE_RENEWAL_SAME_TERM, 9, "how terms follow each other")                                   \
    X(notice_days, DAYS, LAPSE_KIND_COUNT, 0, 3660,                                                \
      30, 1, "R7: days of notice before a renewal")                                                \
    X(notice_applies, CHOICE, LAPSE_KIND_NOTICE_APPLIES, 0, LAPSE_NOTICE_APPLIES_NEVER,            \
      LAPSE_NOTICE_APPLIES_FIXED_TERM_CONTRACTS, 10, "which terms need notice")                    \
    X(retention_days, DAYS, LAPSE_KIND_COUNT, 0, 36500,                                            \
      90, 0, "R10: days the data are kept after the effective end")                                \
    X(online_needs_billing_admin, FLAG, LAPSE_KIND_COUNT, 0, 1,                                    \
      1, 3, "R6: online cancellation needs the billing-admin role")                                \
    X(balance_blocks_online, FLAG, LAPSE_KIND_COUNT, 0, 1,                                         \
      1, 4, "R6: an outstanding balance blocks online cancellation")                               \
    X(contract_via_support, FLAG, LAPSE_KIND_COUNT, 0, 1,                                          \
      1, 5, "R6, R7: fixed-term contracts are cancelled through support only")                     \
    X(contract_roles, ROLES, LAPSE_KIND_ROLE, 0, LAPSE_ROLE_ALL,                                   \
      LAPSE_ROLE_PRODUCT_ADMIN | LAPSE_ROLE_BILLING_CONTACT, 6,                                    \
      "R5: roles that may cancel a contract account besides the billing admin")                    \
    X(rounding, CHOICE, LAPSE_KIND_ROUNDING, 0, LAPSE_ROUNDING_DOWN,                               \
      LAPSE_ROUNDING_HALF_UP, 15, "how every share is rounded to minor units")                     \
    X(proration_days, CHOICE, LAPSE_KIND_PRORATION_DAYS, 0, LAPSE_PRORATION_DAYS_30,               \
      LAPSE_PRORATION_DAYS_ACTUAL, 16, "the days a share of a billing period counts")              \
    X(month_end, CHOICE, LAPSE_KIND_MONTH_END, 0, LAPSE_MONTH_END_STICKY,                          \
      LAPSE_MONTH_END_CLAMP, 17, "boundaries of a start on a month's last day")                    \
    X(immediate_end, CHOICE, LAPSE_KIND_IMMEDIATE_END, 0, LAPSE_IMMEDIATE_END_SAME_DAY,            \
      LAPSE_IMMEDIATE_END_NEXT_DAY, 18, "the effective end of a cancellation that ends at once")   \
    X(invoicing, CHOICE, LAPSE_KIND_INVOICING, 0, LAPSE_INVOICING_IN_ARREARS,                      \
      LAPSE_INVOICING_IN_ADVANCE, 19, "when a billing period is invoiced")                         \
    X(leading_period, CHOICE, LAPSE_KIND_LEADING_PERIOD, 0, LAPSE_LEADING_PERIOD_FULL,             \
      LAPSE_LEADING_PERIOD_PRORATED, 20, "the price of a leading partial period")
/* clang-format on */

/* The number of keys. */
#define LAPSE__POLICY_KEY_ONE(field, type, kind, min, max, def, check, doc) +1
#define LAPSE__POLICY_KEY_COUNT (0 LAPSE__POLICY_KEYS(LAPSE__POLICY_KEY_ONE))

#endif
