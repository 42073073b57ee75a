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
    uint64_t rng = 2025;
    int decided = 0;
    for (long i = 0; i < total; i++) {
        /* Half the inputs under the default policy, half under a random one. */
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, i % 2, &p, &s, &r);

        lapse_decision d;
        lapse_error error = lapse_decide_cancel(&p, &s, &r, &d, NULL);
        if (error == LAPSE_ERR_BILLING_INTERVAL) {
            /* An evergreen policy needs monthly or up-front billing. */
            assert_int_equal(p.renewal, LAPSE_RENEWAL_EVERGREEN);
            assert_true(s.billing > 1);
            continue;
        }
        lapse_status_info st;
        assert_int_equal(lapse_status_at(&p, &s, r.on, &st, NULL), LAPSE_OK);
        if (error == LAPSE_ERR_ALREADY_ENDED) {
            assert_true(st.status == LAPSE_STATUS_EXPIRED || st.status == LAPSE_STATUS_DELETED);
            continue;
        }
        assert_int_equal(error, LAPSE_OK);
        decided++;
        bool cooling = d.warnings & LAPSE_WARNING_COOLING_OFF;
        bool ending = d.warnings & LAPSE_WARNING_ALREADY_ENDING;
        /* After the request; on a term boundary unless the policy ends it
         * earlier, and then never after the term end. */
        assert_true(d.effective_end > r.on);
        assert_true(d.term_start <= r.on && r.on < d.term_end);
        bool early = cooling || (d.warnings & LAPSE_WARNING_ENDS_BEFORE_TERM_END);
        if (early) {
            /* Cooling-off on the term's last day ends with the term. */
            assert_true(d.effective_end < d.term_end || (cooling && d.effective_end == d.term_end));
        } else if (r.end_on != LAPSE_DATE_NONE && p.timing == LAPSE_TIMING_IMMEDIATE && !ending) {
            /* A chosen end under immediate timing is the chosen day itself. */
            assert_true(d.effective_end >= d.term_end && d.effective_end >= r.end_on);
        } else {
            assert_true(d.effective_end >= d.term_end);
            lapse_date boundary;
            int32_t months = lapse_months_since(s.start, d.effective_end);
            assert_int_equal(lapse_date_add_months(s.start, months, &boundary), LAPSE_OK);
            assert_int_equal(boundary, d.effective_end);
        }
        /* Immediate timing and cooling-off end with the request day (unless
         * the customer chose a later end). */
        if (!ending && r.end_on == LAPSE_DATE_NONE &&
            (cooling || p.timing == LAPSE_TIMING_IMMEDIATE) && s.auto_renew &&
            p.renewal != LAPSE_RENEWAL_NONE)
            assert_int_equal(d.effective_end, r.on + 1);
        /* Deletion, money, reasons. */
        assert_int_equal(d.data_deleted_on, d.effective_end + p.retention_days);
        assert_true(d.still_to_invoice <= d.remaining_term_charge);
        /* The current period's invoice: the renewal price after term 0. */
        int64_t renewal_price = s.renewal_price == LAPSE_AMOUNT_NONE ? s.price : s.renewal_price;
        int64_t period_price = d.term_start == s.start ? s.price : renewal_price;
        int64_t low = s.price < renewal_price ? s.price : renewal_price;
        int64_t high = s.price < renewal_price ? renewal_price : s.price;
        if (cooling) {
            assert_int_equal(d.remaining_term_charge, 0);
            assert_true(d.refund >= 0);
        } else {
            assert_int_equal(d.remaining_term_charge - d.still_to_invoice, period_price);
            /* A refund never exceeds what the current period cost. */
            assert_true(d.refund >= 0 && d.refund <= period_price);
        }
        assert_true(d.still_to_invoice >= low * d.invoices_left &&
                    d.still_to_invoice <= high * d.invoices_left);
        assert_true(d.termination_fee >= 0);
        assert_int_equal(d.termination_fee > 0, (d.warnings & LAPSE_WARNING_TERMINATION_FEE) != 0);
        assert_int_equal(d.refund > 0, (d.warnings & LAPSE_WARNING_REFUND_DUE) != 0);
        assert_int_equal(d.allowed, d.blocked == 0);
        assert_int_equal(d.renews_first, d.effective_end > d.term_end);
        assert_true(d.warnings & LAPSE_WARNING_BACK_UP_DATA);
        assert_int_equal((d.next_invoice != LAPSE_DATE_NONE), d.invoices_left > 0);
        if (d.invoices_left > 0)
            assert_true(d.next_invoice > r.on);
        /* Status agrees: ending iff already ending, with the same end.  In
         * a cooling-off period a request cancels afresh even a subscription
         * that is ending anyway, whose status stays "ending". */
        bool not_renewing = !s.auto_renew || p.renewal == LAPSE_RENEWAL_NONE;
        if (d.warnings & LAPSE_WARNING_ALREADY_ENDING) {
            assert_int_equal(st.status, LAPSE_STATUS_ENDING);
            assert_int_equal(st.effective_end, d.effective_end);
            assert_int_equal(st.data_deleted_on, d.data_deleted_on);
        } else {
            assert_int_equal(st.status,
                             cooling && not_renewing ? LAPSE_STATUS_ENDING : LAPSE_STATUS_ACTIVE);
        }
        /* A later request never ends earlier. */
        lapse_request later = r;
        later.on = r.on + (lapse_date)test_range(&rng, 1, 400);
        lapse_decision d2;
        /* (A chosen end is the first request's own: a recorded cancellation
         * between them ends without it.) */
        if (r.end_on == LAPSE_DATE_NONE &&
            lapse_decide_cancel(&p, &s, &later, &d2, NULL) == LAPSE_OK &&
            d2.effective_end < d.effective_end)
            fail_msg("later request ends earlier: start %d term %d renewal %d billing %d "
                     "contract %d auto %d cancelled %d on %d -> %d, later %d -> %d; timing %d "
                     "cooling %d renewal %d notice %d/%d commitment %d",
                     s.start, s.term, s.renewal_term, s.billing, s.contract, s.auto_renew,
                     s.cancelled_on, r.on, d.effective_end, later.on, d2.effective_end, p.timing,
                     p.cooling_off_days, p.renewal, p.notice_days, p.notice_applies, p.commitment);
        /* Cancelling on the request date makes the status "ending" until
         * the decided end, then expired, then deleted. */
        if (!(d.warnings & LAPSE_WARNING_ALREADY_ENDING) && r.end_on == LAPSE_DATE_NONE) {
            lapse_subscription cancelled = s;
            cancelled.cancelled_on = r.on;
            assert_int_equal(lapse_status_at(&p, &cancelled, d.effective_end - 1, &st, NULL),
                             LAPSE_OK);
            assert_int_equal(st.status, LAPSE_STATUS_ENDING);
            assert_int_equal(st.effective_end, d.effective_end);
            assert_int_equal(lapse_status_at(&p, &cancelled, d.effective_end, &st, NULL), LAPSE_OK);
            /* With no retention the data go on the effective end itself. */
            assert_int_equal(st.status,
                             p.retention_days > 0 ? LAPSE_STATUS_EXPIRED : LAPSE_STATUS_DELETED);
            assert_int_equal(lapse_status_at(&p, &cancelled, d.data_deleted_on, &st, NULL),
                             LAPSE_OK);
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
