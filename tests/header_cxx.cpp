// lapse.h (and lapse/tables.h when built) compile as C++ and link from C++.
#ifdef LAPSE_TEST_TABLES
#include "lapse/tables.h"
#else
#include "lapse.h"
#endif

int main()
{
    lapse_policy policy;
    lapse_policy_default(&policy);
    lapse_date date = LAPSE_DATE_NONE;
    lapse_error error = lapse_date_parse("2025-03-10", &date);
#ifdef LAPSE_TEST_TABLES
    if (lapse_column_name(LAPSE_COLUMN_START) == nullptr)
        return 1;
#endif
    return error == LAPSE_OK && policy.retention_days == 90 ? 0 : 1;
}
