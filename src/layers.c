/*
 * The library as assembled: which layers above the core are built in.  The
 * core names the error codes of the layers through these two functions, so
 * that it never includes a layer's header.
 */
#include "layers.h"

#ifdef LAPSE_WITH_TABLES
#include "tables/errors.h"
#endif

const char *lapse__layer_error_name(lapse_error error)
{
#ifdef LAPSE_WITH_TABLES
    return lapse__tables_error_name(error);
#else
    (void)error;
    return NULL;
#endif
}

const char *lapse__layer_strerror(lapse_error error)
{
#ifdef LAPSE_WITH_TABLES
    return lapse__tables_strerror(error);
#else
    (void)error;
    return NULL;
#endif
}
