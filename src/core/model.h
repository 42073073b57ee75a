/* The defaults of the model's structs (model.c). */
#ifndef LAPSE_CORE_MODEL_H
#define LAPSE_CORE_MODEL_H

#include "lapse.h"

/* The default policy, for callers that pass NULL. */
extern const lapse_policy lapse__default_policy;

#endif
