/* lapse_decision_json: the bytes `lapse cancel --json` prints, for every
 * binding; and t/f booleans (PostgreSQL's COPY ... CSV). */
#include <string.h>

#include "testutil.h"
#include "lapse/tables.h"

static void test_e1_as_json(void **state)
{
    (void)state;
    lapse_subscription s;
    lapse_subscription_init(&s);
    s.start = test_date("2025-01-31");
    s.price = 2000;
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-03-10");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, NULL), LAPSE_OK);
    static const char expected[] =
        "{\"allowed\": true, \"blocked\": [], \"warnings\": [\"back_up_data\"], "
        "\"missing_support_info\": [], \"route\": \"online\", \"term_start\": \"2025-02-28\", "
        "\"term_end\": \"2025-03-31\", \"notice_deadline\": null, \"renews_first\": false, "
        "\"effective_end\": \"2025-03-31\", \"remaining_term_charge\": 2000, "
        "\"still_to_invoice\": 0, \"refund\": 0, \"termination_fee\": 0, \"invoices_left\": 0, "
        "\"next_invoice\": null, \"currency\": \"EUR\", \"data_deleted_on\": \"2025-06-29\", "
        "\"confirmation\": \"expired_list\"}";
    char json[LAPSE_DECISION_JSON_SIZE];
    assert_int_equal(lapse_decision_json(&d, json, sizeof json), sizeof expected - 1);
    assert_string_equal(json, expected);
    /* snprintf rules: cut, NUL-terminated, the full length returned. */
    char small[10];
    assert_int_equal(lapse_decision_json(&d, small, sizeof small), sizeof expected - 1);
    assert_string_equal(small, "{\"allowed");
    assert_int_equal(lapse_decision_json(&d, NULL, 0), sizeof expected - 1);
    assert_int_equal(lapse_decision_column(0), LAPSE_COLUMN_ALLOWED);
    assert_int_equal(lapse_decision_column(18), LAPSE_COLUMN_CONFIRMATION);
    assert_int_equal(lapse_decision_column(19), LAPSE_COLUMN_NONE);
}

static void test_postgresql_booleans(void **state)
{
    (void)state;
    lapse_cell cells[] = { { LAPSE_COLUMN_START, "2025-01-01", 10 },
                           { LAPSE_COLUMN_CONTRACT, "t", 1 },
                           { LAPSE_COLUMN_AUTO_RENEW, "f", 1 } };
    lapse_subscription s;
    lapse_request r;
    assert_int_equal(lapse_inputs_parse(cells, 3, &s, &r, NULL), LAPSE_OK);
    assert_int_equal(s.contract, 1);
    assert_int_equal(s.auto_renew, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_e1_as_json),
        cmocka_unit_test(test_postgresql_booleans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
