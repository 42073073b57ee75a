/* lapse.h compiles first and alone, as C11 with -pedantic: it includes
 * what it needs. */
#include "lapse.h"

int main(void)
{
    lapse_decision decision;
    (void)decision;
    return lapse_version_number() == LAPSE_VERSION_NUMBER ? 0 : 1;
}
