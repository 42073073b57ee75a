/* The policy text (policy.c): its keys, where a text gave each (for the
 * lint) and the presets by name. */
#ifndef LAPSE_CORE_POLICY_H
#define LAPSE_CORE_POLICY_H

#include "lapse.h"
#include "policy_keys.h"

#include <stdbool.h>
#include <stddef.h>

/* As many as the policy has keys. */
#define LAPSE__MAX_POLICY_KEYS LAPSE__POLICY_KEY_COUNT

/* Line and column of each key's value, by key index; 0 when not given. */
typedef struct lapse__key_positions {
    int32_t line[LAPSE__MAX_POLICY_KEYS];
    int32_t column[LAPSE__MAX_POLICY_KEYS];
} lapse__key_positions;

/* The name of key `index` in canonical order; NULL after the last. */
const char *lapse__policy_key(size_t index);

/* lapse_policy_parse, also telling where each key was given. */
lapse_error lapse__policy_parse_located(const char *text, size_t length, lapse_policy *policy,
                                        lapse__key_positions *where, lapse_error_detail *detail);

/* A preset of `length` bytes of name: fills *policy and returns true, or
 * returns false (policy untouched). */
bool lapse__policy_preset_n(const char *name, size_t length, lapse_policy *policy);

#endif
