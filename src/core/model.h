/* The defaults of the model's structs (model.c). */
#ifndef LAPSE_CORE_MODEL_H
#define LAPSE_CORE_MODEL_H

#include "lapse.h"

/* The default policy, for callers that pass NULL. */
extern const lapse_policy lapse__default_policy;

/* What lapse_subscription_init() and lapse_request_init() write: a row
 * reader copies them inline. */
extern const lapse_subscription lapse__default_subscription;
extern const lapse_request lapse__default_request;

#endif
