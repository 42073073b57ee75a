/*
 * The policy's keys, as the library reads the one table of them:
 * LAPSE__POLICY_TABLE in lapse.h, which also declares struct lapse_policy
 * (its columns are described there).  LAPSE__POLICY_KEYS(X) calls
 *
 *   X(ctype, field, type, kind, min, max, default, order, check, doc)
 *
 * for each key, in the struct's order (not the canonical one: index by
 * `order` for that, by `check` for the explaining check's).  It drives the
 * default policy (model.c), the text form's parser and canonical formatter
 * (policy.c), both validation paths (validate.c) and lapse_policy_key(),
 * from which the tool's JSON, the Python binding and lapse-policy(5)'s key
 * list (docs/man/policy_keys.c, at build time) take the keys.
 */
#ifndef LAPSE_CORE_POLICY_KEYS_H
#define LAPSE_CORE_POLICY_KEYS_H

#include "lapse.h"

/* The keys: the table without its other fields (termination_fee_currency). */
#define LAPSE__POLICY_NOT_A_KEY(ctype, field, count, doc)
#define LAPSE__POLICY_KEYS(X) LAPSE__POLICY_TABLE(X, LAPSE__POLICY_NOT_A_KEY)

/* The number of keys. */
#define LAPSE__POLICY_KEY_ONE(ctype, field, type, kind, min, max, def, order, check, doc) +1
#define LAPSE__POLICY_KEY_COUNT (0 LAPSE__POLICY_KEYS(LAPSE__POLICY_KEY_ONE))

/* `order` and `check` each number the keys 0..count-1 without a gap or a
 * repeat: their sums are the triangle number, their squares' sums the
 * pyramid number (a repeat that keeps the sum changes the squares; a
 * designated initialiser given twice is also a -Woverride-init warning). */
#define LAPSE__POLICY_ORDER_SUM(ctype, field, type, kind, min, max, def, order, check, doc) \
    +(order) + 1000 * (check)
#define LAPSE__POLICY_ORDER_SQUARES(ctype, field, type, kind, min, max, def, order, check, doc) \
    +(order) * (order) + 1000 * (check) * (check)
#define LAPSE__TRIANGLE(n) ((n) * ((n)-1) / 2)
#define LAPSE__PYRAMID(n) ((n) * ((n)-1) * (2 * (n)-1) / 6)
_Static_assert((0 LAPSE__POLICY_KEYS(LAPSE__POLICY_ORDER_SUM)) ==
                   1001 * LAPSE__TRIANGLE(LAPSE__POLICY_KEY_COUNT),
               "LAPSE__POLICY_TABLE: order and check number the keys from 0 without gaps");
_Static_assert((0 LAPSE__POLICY_KEYS(LAPSE__POLICY_ORDER_SQUARES)) ==
                   1001 * LAPSE__PYRAMID(LAPSE__POLICY_KEY_COUNT),
               "LAPSE__POLICY_TABLE: order and check number the keys from 0 without repeats");

#endif
