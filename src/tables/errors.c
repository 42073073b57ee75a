/* The tables layer's error table (lapse/tables.h), named for the core. */
#include "errors.h"

#include "lapse/tables.h"

#define TABLES_ERROR_NAME(id, name, text) #name,
static const char *const names[] = { LAPSE_TABLES_ERROR_TABLE(TABLES_ERROR_NAME) };
#define TABLES_ERROR_TEXT(id, name, text) text,
static const char *const texts[] = { LAPSE_TABLES_ERROR_TABLE(TABLES_ERROR_TEXT) };
#define TABLES_ERROR_COUNT (sizeof names / sizeof names[0])

/* The enum numbers the rows from LAPSE_ERR_LAYER_FIRST, above every core
 * code; each row has its LAPSE_ERR_ macro, of the row's value. */
_Static_assert(LAPSE_ERROR_COUNT <= LAPSE_ERR_LAYER_FIRST, "core codes run into the layers'");
#define TABLES_ERROR_CHECK(id, name, text)                                                  \
    _Static_assert(LAPSE_ERR_##id == (lapse_error)LAPSE_TABLE_ERR_##id &&                   \
                       LAPSE_TABLE_ERR_##id ==                                              \
                           (int)LAPSE_ERR_LAYER_FIRST + (int)LAPSE__TABLE_ERROR_INDEX_##id, \
                   "LAPSE_ERR_" #id " is not its row's code");
LAPSE_TABLES_ERROR_TABLE(TABLES_ERROR_CHECK)

static int index_of(lapse_error error)
{
    unsigned index = (unsigned)error - (unsigned)LAPSE_ERR_LAYER_FIRST;
    return index < TABLES_ERROR_COUNT ? (int)index : -1;
}

const char *lapse__tables_error_name(lapse_error error)
{
    int index = index_of(error);
    return index < 0 ? NULL : names[index];
}

const char *lapse__tables_strerror(lapse_error error)
{
    int index = index_of(error);
    return index < 0 ? NULL : texts[index];
}
