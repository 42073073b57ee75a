/*
 * The engine's invariants over a million generated subscriptions and
 * requests, and agreement between lapse_status_at and lapse_decide_cancel.
 * (A separate test suite, "properties": too long for valgrind.)
 *   test_properties [ITERATIONS]
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static long iterations = 1000000;

/* Invariants over generated valid inputs. */
static void test_invariants_over_generated_inputs(void **state)
{
    (void)state;
    const long total = iterations;
    static const int32_t terms[] = {1, 2, 3, 6, 12, 15, 24, 36};
    uint64_t rng = 2025;
    lapse_policy p;
    lapse_policy_default(&p);
    int decided = 0;
    for (long i = 0; i < total; i++) {
        lapse_subscription s;
        lapse_subscription_init(&s);
        s.start = (lapse_date)test_range(&rng, test_date("1950-01-01"), test_date("2030-12-31"));
        s.term = terms[test_range(&rng, 0, 7)];
        s.renewal_term = test_range(&rng, 0, 3) == 0 ? terms[test_range(&rng, 0, 7)] : 0;
        int32_t renewal = s.renewal_term ? s.renewal_term : s.term;
        /* A billing interval that divides both terms. */
        int32_t billing = (int32_t)test_range(&rng, 0, 12);
        while (billing > 0 && (s.term % billing || renewal % billing))
            billing--;
        s.billing = billing;
        s.price = test_range(&rng, 0, 1000000);
        s.balance = test_range(&rng, 0, 3) == 0 ? test_range(&rng, 1, 5000) : 0;
        s.contract = (int32_t)test_range(&rng, 0, 1);
        s.auto_renew = test_range(&rng, 0, 5) != 0;
        s.online_cancel = test_range(&rng, 0, 5) != 0;
        s.licenses = (int32_t)test_range(&rng, 0, 3);
        lapse_request r;
        lapse_request_init(&r);
        r.on = s.start + (lapse_date)test_range(&rng, 0, 4000);
        if (test_range(&rng, 0, 3) == 0)
            s.cancelled_on = s.start + (lapse_date)test_range(&rng, 0, 4000);
        r.channel = (lapse_channel)test_range(&rng, 0, 1);
        r.roles = (uint32_t)test_range(&rng, 0, 7);
        r.can_sign_in = test_range(&rng, 0, 5) != 0;
        r.provided = (uint32_t)test_range(&rng, 0, 31);

        lapse_decision d;
        lapse_error error = lapse_decide_cancel(&p, &s, &r, &d, NULL);
        lapse_status_info st;
        assert_int_equal(lapse_status_at(&p, &s, r.on, &st, NULL), LAPSE_OK);
        if (error == LAPSE_ERR_ALREADY_ENDED) {
            assert_true(st.status == LAPSE_STATUS_EXPIRED || st.status == LAPSE_STATUS_DELETED);
            continue;
        }
        assert_int_equal(error, LAPSE_OK);
        decided++;
        /* After the request and on a term boundary. */
        assert_true(d.effective_end > r.on);
        assert_true(d.term_start <= r.on && r.on < d.term_end);
        assert_true(d.effective_end >= d.term_end);
        lapse_date boundary;
        int32_t months = lapse_months_since(s.start, d.effective_end);
        assert_int_equal(lapse_date_add_months(s.start, months, &boundary), LAPSE_OK);
        assert_int_equal(boundary, d.effective_end);
        assert_true(months == s.term || (months > s.term && (months - s.term) % renewal == 0));
        /* Deletion, money, reasons. */
        assert_int_equal(d.data_deleted_on, d.effective_end + p.retention_days);
        assert_true(d.still_to_invoice <= d.remaining_term_charge);
        assert_int_equal(d.remaining_term_charge - d.still_to_invoice, s.price);
        assert_int_equal(d.still_to_invoice, s.price * d.invoices_left);
        assert_int_equal(d.refund, 0);
        assert_int_equal(d.allowed, d.blocked == 0);
        assert_int_equal(d.renews_first, d.effective_end > d.term_end);
        assert_true(d.warnings & LAPSE_WARNING_BACK_UP_DATA);
        assert_int_equal((d.next_invoice != LAPSE_DATE_NONE), d.invoices_left > 0);
        if (d.invoices_left > 0)
            assert_true(d.next_invoice > r.on && d.next_invoice < d.effective_end);
        /* Status agrees: ending iff already ending, with the same end. */
        if (d.warnings & LAPSE_WARNING_ALREADY_ENDING) {
            assert_int_equal(st.status, LAPSE_STATUS_ENDING);
            assert_int_equal(st.effective_end, d.effective_end);
            assert_int_equal(st.data_deleted_on, d.data_deleted_on);
        } else {
            assert_int_equal(st.status, LAPSE_STATUS_ACTIVE);
        }
        /* A later request never ends earlier. */
        lapse_request later = r;
        later.on = r.on + (lapse_date)test_range(&rng, 1, 400);
        lapse_decision d2;
        if (lapse_decide_cancel(&p, &s, &later, &d2, NULL) == LAPSE_OK)
            assert_true(d2.effective_end >= d.effective_end);
        /* Cancelling on the request date makes the status "ending" until
         * the decided end, then expired, then deleted. */
        if (!(d.warnings & LAPSE_WARNING_ALREADY_ENDING)) {
            lapse_subscription cancelled = s;
            cancelled.cancelled_on = r.on;
            assert_int_equal(lapse_status_at(&p, &cancelled, d.effective_end - 1, &st, NULL), LAPSE_OK);
            assert_int_equal(st.status, LAPSE_STATUS_ENDING);
            assert_int_equal(st.effective_end, d.effective_end);
            assert_int_equal(lapse_status_at(&p, &cancelled, d.effective_end, &st, NULL), LAPSE_OK);
            assert_int_equal(st.status, LAPSE_STATUS_EXPIRED);
            assert_int_equal(lapse_status_at(&p, &cancelled, d.data_deleted_on, &st, NULL), LAPSE_OK);
            assert_int_equal(st.status, LAPSE_STATUS_DELETED);
        }
    }
    assert_true(decided > total / 2);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        iterations = atol(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invariants_over_generated_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
