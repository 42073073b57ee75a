// lapse.h compiles as C++ and links from C++ code.
#include "lapse.h"

int main()
{
    lapse_policy policy;
    lapse_policy_default(&policy);
    lapse_date date = LAPSE_DATE_NONE;
    lapse_error error = lapse_date_parse("2025-03-10", &date);
    return error == LAPSE_OK && policy.retention_days == 90 ? 0 : 1;
}
