/* Items in a decision (reduce.c): the per-item part of a cancellation and
 * of a reduction (docs/rules.md, "Reductions"). */
#ifndef LAPSE_CORE_REDUCE_H
#define LAPSE_CORE_REDUCE_H

#include "lapse.h"

#endif
