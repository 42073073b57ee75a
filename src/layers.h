/*
 * The layers built into the library (layers.c): the name and phrase of an
 * error code of a layer above the core (from LAPSE_ERR_LAYER_FIRST), or
 * NULL when no layer built into the library has it.  Declared here and
 * defined where the library is assembled, so that the core names every
 * code without including a layer.
 */
#ifndef LAPSE_LAYERS_H
#define LAPSE_LAYERS_H

#include "lapse.h"

const char *lapse__layer_error_name(lapse_error error);
const char *lapse__layer_strerror(lapse_error error);

#endif
