/* lapse/tables.h compiles first and alone, as C11 with -pedantic: it
 * includes the core header itself. */
#include "lapse/tables.h"

int main(void)
{
    lapse_table table;
    (void)table;
    lapse_decision decision;
    (void)decision;
    return lapse_column_name(LAPSE_COLUMN_START) != 0 &&
                   LAPSE_ERR_CSV_SYNTAX > LAPSE_ERR_LAYER_FIRST
               ? 0
               : 1;
}
