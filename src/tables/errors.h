/* The names and phrases of the tables layer's error codes. */
#ifndef LAPSE_TABLES_ERRORS_H
#define LAPSE_TABLES_ERRORS_H

#include "lapse.h"

/* NULL for a code that is not the tables layer's. */
const char *lapse__tables_error_name(lapse_error error);
const char *lapse__tables_strerror(lapse_error error);

#endif
