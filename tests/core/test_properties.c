/*
 * The engine's invariants over a million generated subscriptions and
 * requests, and agreement between lapse_status_at and lapse_decide_cancel.
 * (A separate test suite, "properties": too long for valgrind.)
 *   test_properties [ITERATIONS]
 */
#include "testutil.h"

#include "core/cancel.h"
#include "core/policy_keys.h"
#include "core/validate.h"

#include <stddef.h>

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

/* The decision skips the settlement when lapse__settles_anything says it
 * can give nothing: over generated inputs (half under random policies),
 * whenever it says so, the settlement run anyway gives no refund, no fee
 * and no warning; and it says so for most inputs under the default policy
 * (the test can fail both ways). */
static void test_settles_nothing_when_skipped(void **state)
{
    (void)state;
    uint64_t rng = 3232;
    long skipped = 0, skipped_default = 0, checked = 0;
    for (long i = 0; i < iterations / 4; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, i % 2, &p, &s, &r);
        lapse_decision d;
        if (lapse_decide_cancel(&p, &s, &r, &d, NULL) != LAPSE_OK)
            continue;
        lapse__plan plan = lapse__plan_of(&p, &s);
        bool ending;
        lapse__end end;
        assert_int_equal(lapse__request_end(&plan, r.on, r.end_on, &ending, &end, NULL), LAPSE_OK);
        lapse__term term;
        assert_int_equal(lapse__term_at(&plan, r.on, &term, NULL), LAPSE_OK);
        checked++;
        if (lapse__settles_anything(&plan, &end))
            continue;
        skipped++;
        skipped_default += i % 2 == 0;
        lapse_decision settled;
        memset(&settled, 0, sizeof settled);
        assert_int_equal(
            lapse__settle(&plan, lapse__current_period(&plan, &term), &end, r.on, &settled, NULL),
            LAPSE_OK);
        assert_int_equal(settled.refund, 0);
        assert_int_equal(settled.termination_fee, 0);
        assert_int_equal(settled.warnings, 0);
        assert_int_equal(d.refund, 0);
        assert_int_equal(d.termination_fee, 0);
    }
    assert_true(skipped > checked / 4 && skipped_default > checked / 4);
    assert_true(skipped < checked);
}

/* The decision's common path (lapse__decide_common, #32) is its general
 * path, field for field: over generated inputs under the default policy
 * and random ones (half of them made common in the keys the common path
 * needs, the other keys it reads at random), with items, calendar
 * billing, trials, introductory prices and pauses (the general path's:
 * the common path must decline them; pauses under both values of
 * pause_extends_term, requests on paused_from and on resumes_on, a pause
 * of no days), recorded cancellations and chosen ends now and then,
 * and starts near either end of the calendar, large prices and long
 * notice and retention (the ranges it leaves to the general path).  It
 * decides exactly the inputs of its shape under a common policy that the
 * general path decides without an error, and those as the general path
 * does (memcmp of the whole decision), recorded cancellations included; lapse__decide and lapse_decide_batch,
 * which choose between the paths, decide every input as the general path
 * does. */
static bool common_shape(const lapse_policy *p, const lapse_subscription *s, const lapse_request *r)
{
    return p->timing == LAPSE_TIMING_END_OF_TERM && p->renewal != LAPSE_RENEWAL_NONE &&
           p->invoicing == LAPSE_INVOICING_IN_ADVANCE && p->refund == LAPSE_REFUND_NONE &&
           p->commitment == LAPSE_COMMITMENT_OWED && p->cooling_off_days == 0 &&
           r->reduce_count == 0 && r->end_on == LAPSE_DATE_NONE &&
           s->trial_end == LAPSE_DATE_NONE && s->intro_months == 0 &&
           s->paused_from == LAPSE_DATE_NONE && s->resumes_on == LAPSE_DATE_NONE &&
           s->item_count == 0 && s->billing_day == 0 && s->billing_month == 0;
}

/* The k-th billing-period boundary (k >= 1) of a subscription without
 * calendar billing, months after its start: k x billing, or up front the
 * k-th term boundary. */
static int64_t boundary_months(const lapse_policy *p, const lapse_subscription *s, int32_t k)
{
    if (s->billing > 0)
        return (int64_t)k * s->billing;
    int32_t renewal = p->renewal == LAPSE_RENEWAL_EVERGREEN ? 1 : lapse__renewal_term(s);
    return s->term + (int64_t)(k - 1) * renewal;
}

/* A pause on a billing-period boundary after the first (a start on a day
 * <= 27, so that no boundary clamps): under pause_extends_term to any
 * later day, under false to a later boundary; now and then of no days
 * (refused: never read as no pause).  The request near it, now and then
 * on paused_from or on resumes_on itself. */
static void generate_pause(uint64_t *rng, lapse_policy *p, lapse_subscription *s, lapse_request *r)
{
    int32_t y, m, d;
    lapse_date_to_ymd(s->start, &y, &m, &d);
    if (d > 27)
        s->start -= d - 27;
    s->billing_day = s->billing_month = 0;
    p->pause_extends_term = (int32_t)test_range(rng, 0, 1);
    int32_t k = (int32_t)test_range(rng, 1, s->billing == 1 ? 30 : 6);
    lapse_date from, to;
    if (lapse_date_add_months(s->start, (int32_t)boundary_months(p, s, k), &from) != LAPSE_OK)
        return;
    if (test_range(rng, 0, 15) == 0)
        to = from;
    else if (p->pause_extends_term)
        to = from + (lapse_date)test_range(rng, 1, 200);
    else if (lapse_date_add_months(
                 s->start, (int32_t)boundary_months(p, s, k + (int32_t)test_range(rng, 1, 4)),
                 &to) != LAPSE_OK)
        return;
    s->paused_from = from;
    s->resumes_on = to;
    switch (test_range(rng, 0, 3)) {
    case 0: r->on = from; break;
    case 1: r->on = to; break;
    default: r->on = from + (lapse_date)test_range(rng, -120, to - from + 400); break;
    }
    if (r->on < s->start)
        r->on = s->start;
}

static void test_common_path_is_the_general_one(void **state)
{
    (void)state;
    uint64_t rng = 3201;
    long covered = 0, covered_default = 0, errors_in_shape = 0, outside = 0, valid = 0;
    long paused_common = 0, recorded_covered = 0, recorded_later = 0, recorded_ended = 0;
    long ended_found = 0;
    lapse_item items[2];
    for (long i = 0; i < iterations; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, (int)(i % 3), &p, &s, &r);
        if (i % 3 != 0 && test_range(&rng, 0, 1) == 0) {
            p.timing = LAPSE_TIMING_END_OF_TERM;
            p.invoicing = LAPSE_INVOICING_IN_ADVANCE;
            p.refund = LAPSE_REFUND_NONE;
            p.commitment = LAPSE_COMMITMENT_OWED;
            p.cooling_off_days = 0;
        }
        if (i % 3 != 0) {
            p.contract_roles = (uint32_t)test_range(&rng, 0, LAPSE_ROLE_ALL);
            p.online_needs_billing_admin = (int32_t)test_range(&rng, 0, 1);
            p.balance_blocks_online = (int32_t)test_range(&rng, 0, 1);
            p.contract_via_support = (int32_t)test_range(&rng, 0, 1);
            p.credit_applies_to_balance = (int32_t)test_range(&rng, 0, 1);
            p.credit_as = (lapse_credit_as)test_range(&rng, 0, 1);
            p.month_end = (lapse_month_end)test_range(&rng, 0, 1);
            p.pause_extends_term = (int32_t)test_range(&rng, 0, 1);
        }
        if (test_range(&rng, 0, 3) == 0) { /* the shape, more often */
            s.cancelled_on = LAPSE_DATE_NONE;
            r.end_on = LAPSE_DATE_NONE;
        }
        switch (test_range(&rng, 0, 16)) {
        case 0: /* near the calendar's end: boundaries past it */
            s.start = test_date("9990-01-01") + (lapse_date)test_range(&rng, 0, 3600);
            r.on = s.start + (lapse_date)test_range(&rng, 0, 2000);
            s.cancelled_on = LAPSE_DATE_NONE;
            r.end_on = LAPSE_DATE_NONE;
            break;
        case 1: /* near its start, with a long notice: a deadline before it */
            s.start = test_date("0001-01-01") + (lapse_date)test_range(&rng, 0, 400);
            r.on = s.start + (lapse_date)test_range(&rng, 0, 400);
            s.cancelled_on = LAPSE_DATE_NONE;
            r.end_on = LAPSE_DATE_NONE;
            p.notice_days = (int32_t)test_range(&rng, 0, 3660);
            break;
        case 2: /* a long retention */
            p.retention_days = (int32_t)test_range(&rng, 30000, 36500);
            s.start = test_date("9900-01-01") + (lapse_date)test_range(&rng, 0, 20000);
            r.on = s.start + (lapse_date)test_range(&rng, 0, 4000);
            s.cancelled_on = LAPSE_DATE_NONE;
            r.end_on = LAPSE_DATE_NONE;
            break;
        case 3: /* prices whose sum may pass 64 bits */
            s.price = INT64_MAX / (int64_t)test_range(&rng, 1, 40);
            if (s.renewal_price != LAPSE_AMOUNT_NONE)
                s.renewal_price = INT64_MAX / (int64_t)test_range(&rng, 1, 40);
            break;
        case 4: /* a free trial */
            s.trial_end = s.start + (lapse_date)test_range(&rng, 0, 60);
            break;
        case 5: /* items */
            memset(items, 0, sizeof items);
            memcpy(items[0].name, "seats", 6);
            items[0].unit_price = test_range(&rng, 0, 5000);
            items[0].quantity = (int32_t)test_range(&rng, 1, 20);
            s.items = items;
            s.item_count = 1;
            break;
        case 6: s.billing_day = (int32_t)test_range(&rng, 1, 31); break;
        case 7: s.billing_month = (int32_t)test_range(&rng, 1, 12); break;
        case 8: p.renewal = LAPSE_RENEWAL_NONE; break;
        case 9: /* an introductory price (#31): whole billing periods */
            s.intro_months = s.billing > 0 ? s.billing * (int32_t)test_range(&rng, 1, 3) : s.term;
            s.intro_price = test_range(&rng, 0, 5000);
            break;
        case 10: generate_pause(&rng, &p, &s, &r); break; /* a pause (#31) */
        case 11: /* a cancellation recorded up to a year and a half before the request */
            s.cancelled_on = r.on - (lapse_date)test_range(&rng, 0, 550);
            if (s.cancelled_on < s.start)
                s.cancelled_on = s.start;
            r.end_on = LAPSE_DATE_NONE;
            break;
        default: break;
        }
        if (lapse__check_policy(&p, NULL) || lapse__check_inputs(&p, &s, &r, NULL))
            continue;
        valid++;
        if (s.paused_from != LAPSE_DATE_NONE && lapse__common_policy(&p) &&
            s.cancelled_on == LAPSE_DATE_NONE && r.end_on == LAPSE_DATE_NONE)
            paused_common++;
        lapse_decision general, common, d;
        lapse_error_detail general_detail, detail;
        lapse_error error = lapse__decide_general(&p, &s, &r, &general, NULL, &general_detail);
        memset(&common, 0x5a, sizeof common);
        lapse_date ended = LAPSE_DATE_NONE;
        bool decided =
            lapse__common_policy(&p) && lapse__decide_common(&p, &s, &r, &common, &ended);
        bool shape = common_shape(&p, &s, &r);
        /* The public entry, which refuses a request after the end the
         * common path found itself, refuses every input with the general
         * path's error and message. */
        if (error) {
            assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, &detail), error);
            assert_string_equal(detail.field, general_detail.field);
            assert_string_equal(detail.message, general_detail.message);
        }
        /* lapse__decide and a batch of one, whichever path they take,
         * decide as the general path does. */
        assert_int_equal(lapse__decide(&p, &s, &r, &d, NULL, NULL), error);
        if (!error)
            assert_memory_equal(&d, &general, sizeof d);
        if (i % 8 == 0) {
            lapse_error row_error;
            assert_int_equal(lapse_decide_batch(&p, &s, &r, 1, &d, &row_error, NULL, NULL),
                             LAPSE_OK);
            assert_int_equal(row_error, error);
            if (!error)
                assert_memory_equal(&d, &general, sizeof d);
        }
        if (!shape) {
            outside++;
            assert_false(decided);
            assert_int_equal(ended, LAPSE_DATE_NONE);
            continue;
        }
        if (error) {
            errors_in_shape++;
            recorded_ended += error == LAPSE_ERR_ALREADY_ENDED && s.cancelled_on != LAPSE_DATE_NONE;
            assert_false(decided);
            /* The end a request came after, found by the common path
             * (which then declines), is the general path's error. */
            if (ended != LAPSE_DATE_NONE) {
                assert_int_equal(error, LAPSE_ERR_ALREADY_ENDED);
                ended_found++;
            }
            continue;
        }
        assert_int_equal(ended, LAPSE_DATE_NONE);
        if (!decided || memcmp(&general, &common, sizeof general) != 0)
            fail_msg("iteration %ld: common path %s; start %d term %d renewal %d billing %d on %d "
                     "auto_renew %d contract %d: effective_end %d/%d charge %lld/%lld still "
                     "%lld/%lld invoices %d/%d next %d/%d warnings %u/%u notice %d/%d",
                     i, decided ? "differs" : "declined", s.start, s.term, s.renewal_term,
                     s.billing, r.on, s.auto_renew, s.contract, general.effective_end,
                     common.effective_end, (long long)general.remaining_term_charge,
                     (long long)common.remaining_term_charge, (long long)general.still_to_invoice,
                     (long long)common.still_to_invoice, general.invoices_left,
                     common.invoices_left, general.next_invoice, common.next_invoice,
                     general.warnings, common.warnings, general.notice_deadline,
                     common.notice_deadline);
        covered++;
        covered_default += i % 3 == 0;
        recorded_covered += s.cancelled_on != LAPSE_DATE_NONE && s.cancelled_on <= r.on;
        recorded_later += s.cancelled_on != LAPSE_DATE_NONE && s.cancelled_on > r.on;
    }
    print_message("# recorded cancellations: %ld decided by the common path, %ld later than "
                  "the request, %ld ended (%ld found so by the common path; of %ld valid)\n",
                  recorded_covered, recorded_later, recorded_ended, ended_found, valid);
    /* Recorded cancellations (by the request date, after it, and ended
     * before it: the general path's error) in the common path's shape. */
    assert_true(recorded_covered > valid / 100 && recorded_later > valid / 1000 &&
                recorded_ended > valid / 1000 && ended_found > recorded_ended / 2);
    /* Both sides of every bound were met. */
    assert_true(covered > valid / 5 && covered_default > valid / 20);
    assert_true(outside > valid / 5 && errors_in_shape > valid / 1000);
    /* Valid paused inputs the common path would otherwise take. */
    assert_true(paused_common > valid / 100);
    lapse_policy p;
    lapse_policy_default(&p);
    assert_true(lapse__common_policy(&p));
}

/* The common path at the edges of the calendar, where it hands over to
 * the general path: a notice deadline on 0001-01-01 itself and a deletion
 * date on 9999-12-31 itself are decided there (one day further is the
 * general path's error), a term ending on 9999-12-31 too. */
static void check_common_edge(const lapse_policy *p, const lapse_subscription *s,
                              const lapse_request *r, bool decided)
{
    lapse_decision general, common;
    lapse_error error = lapse__decide_general(p, s, r, &general, NULL, NULL);
    assert_int_equal(lapse__check_inputs(p, s, r, NULL), LAPSE_OK);
    assert_int_equal(lapse__decide_common(p, s, r, &common, NULL), decided);
    assert_int_equal(error, decided ? LAPSE_OK : LAPSE_ERR_DATE_RANGE);
    if (decided)
        assert_memory_equal(&common, &general, sizeof common);
}

static void test_common_path_edges(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    /* A 12-month contract from 0001-01-01 ends on 0002-01-01, day
     * LAPSE_DATE_MIN + 365. */
    lapse_subscription s = test_subscription("0001-01-01", 12, 1, 1000);
    s.contract = 1;
    lapse_request r;
    lapse_request_init(&r);
    r.on = s.start;
    p.notice_days = 365;
    check_common_edge(&p, &s, &r, true);
    p.notice_days = 366;
    check_common_edge(&p, &s, &r, false);
    /* A month from 9999-11-30 ends on 9999-12-30: retention 1 deletes on
     * 9999-12-31, 2 would pass it. */
    lapse_policy_default(&p);
    s = test_subscription("9999-11-30", 1, 1, 1000);
    r.on = s.start;
    p.retention_days = 1;
    check_common_edge(&p, &s, &r, true);
    p.retention_days = 2;
    check_common_edge(&p, &s, &r, false);
    /* Two months from 9999-10-31 end on 9999-12-31 (retention 0); from
     * 9999-11-01, on 10000-01-01, past the calendar. */
    p.retention_days = 0;
    s = test_subscription("9999-10-31", 2, 1, 1000);
    r.on = s.start;
    check_common_edge(&p, &s, &r, true);
    s = test_subscription("9999-11-01", 2, 1, 1000);
    r.on = s.start;
    check_common_edge(&p, &s, &r, false);
}

/* The compiler's 128-bit integers for the slow references below. */
__extension__ typedef unsigned __int128 u128;

/* x / d rounded half up. */
static u128 round_half_up(u128 x, u128 d)
{
    u128 q = x / d, rest = x % d;
    return rest >= d - rest ? q + 1 : q;
}

/* What the customer of a contract that ends at `end` is released from, by
 * walking its terms and billing periods one at a time (the slow, obvious
 * way), as a numerator over *denominator: the periods after the end, and
 * the undelivered days of the period containing it unless they were
 * invoiced (in advance, a period starting before both the end and the day
 * after the request) and are not refunded (a refund covers the request's
 * own period). */
static u128 walked_commitment(const lapse_policy *p, const lapse_subscription *s,
                              const lapse_request *r, lapse_date end, int64_t *denominator)
{
    lapse_date invoiced_until = end > r->on + 1 ? end : r->on + 1;
    bool arrears = p->invoicing == LAPSE_INVOICING_IN_ARREARS;
    int32_t renewal = p->renewal == LAPSE_RENEWAL_EVERGREEN ? 1
                      : s->renewal_term                     ? s->renewal_term
                                                            : s->term;
    int64_t renewal_price = s->renewal_price == LAPSE_AMOUNT_NONE ? s->price : s->renewal_price;
    int32_t term_start = 0, length = s->term, index = 0;
    lapse_date a, b;
    for (;;) { /* the term that contains end - 1 */
        assert_int_equal(lapse_date_add_months(s->start, term_start + length, &b), LAPSE_OK);
        if (end - 1 < b)
            break;
        term_start += length, length = renewal, index++;
    }
    int64_t price = index == 0 ? s->price : renewal_price;
    int32_t step = s->billing > 0 ? s->billing : length;
    u128 full = 0, partial = 0;
    *denominator = 1;
    for (int32_t offset = term_start; offset < term_start + length; offset += step) {
        assert_int_equal(lapse_date_add_months(s->start, offset, &a), LAPSE_OK);
        assert_int_equal(lapse_date_add_months(s->start, offset + step, &b), LAPSE_OK);
        bool kept = !arrears && a < invoiced_until &&
                    !(p->refund != LAPSE_REFUND_NONE && a <= r->on && r->on < b);
        if (a >= end && !kept)
            full += (u128)price;
        else if (a < end && b > end) {
            *denominator = b - a;
            partial = kept ? 0 : (u128)price * (u128)(b - end);
        }
    }
    return full * (u128)*denominator + partial;
}

/* Money over a million generated subscriptions under random policies: the
 * fee is exactly its share of what the customer is released from (the
 * remaining commitment without the undelivered days invoiced and not
 * refunded) and never above it,
 * a repeated request settles nothing, reactivation charges back exactly the
 * refund paid. */
static void test_money_over_generated_inputs(void **state)
{
    (void)state;
    uint64_t rng = 1200;
    long fees = 0, repeats = 0, reactivations = 0;
    for (long i = 0; i < iterations; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 1, &p, &s, &r);
        if (i % 2)
            s.contract = 1;
        if (i % 3 == 0)
            p.commitment =
                test_range(&rng, 0, 1) ? LAPSE_COMMITMENT_PERCENT_FEE : LAPSE_COMMITMENT_FIXED_FEE;
        lapse_decision d;
        if (lapse_decide_cancel(&p, &s, &r, &d, NULL) != LAPSE_OK)
            continue;
        bool ending = d.warnings & LAPSE_WARNING_ALREADY_ENDING;
        /* The fee against the walked commitment. */
        if (!ending && s.contract &&
            (p.commitment == LAPSE_COMMITMENT_PERCENT_FEE ||
             p.commitment == LAPSE_COMMITMENT_FIXED_FEE) &&
            (d.warnings & LAPSE_WARNING_ENDS_BEFORE_TERM_END)) {
            int64_t denominator;
            u128 commitment = walked_commitment(&p, &s, &r, d.effective_end, &denominator);
            u128 whole = round_half_up(commitment, (u128)denominator);
            u128 expected = p.commitment == LAPSE_COMMITMENT_PERCENT_FEE
                                ? round_half_up(commitment * (u128)p.termination_fee_percent,
                                                (u128)denominator * 100)
                            : (u128)p.termination_fee < whole ? (u128)p.termination_fee
                                                              : whole;
            if ((u128)d.termination_fee != expected || (u128)d.termination_fee > whole)
                fail_msg("case %ld: fee %lld, expected %llu of a commitment of %llu", i,
                         (long long)d.termination_fee, (unsigned long long)expected,
                         (unsigned long long)whole);
            fees++;
        }
        if (ending || r.end_on != LAPSE_DATE_NONE)
            continue;
        /* Recorded, the same request again settles nothing. */
        lapse_subscription cancelled = s;
        cancelled.cancelled_on = r.on;
        lapse_decision again;
        if (lapse_decide_cancel(&p, &cancelled, &r, &again, NULL) == LAPSE_OK) {
            assert_int_equal(again.refund, 0);
            assert_int_equal(again.termination_fee, 0);
            repeats++;
        }
        /* Reactivating before the end charges back exactly the refund. */
        lapse_reactivation_info re;
        if (lapse_reactivate(&p, &cancelled, r.on, &re, NULL) == LAPSE_OK &&
            re.outcome == LAPSE_REACTIVATION_WITHDRAW_CANCELLATION) {
            assert_int_equal(re.charge, d.refund);
            reactivations++;
        }
    }
    print_message("# %ld fees, %ld repeats, %ld reactivations checked\n", fees, repeats,
                  reactivations);
    assert_true(fees > iterations / 50 && repeats > iterations / 4 &&
                reactivations > iterations / 4);
}

/* Introductory prices (#31 item 2) over generated inputs: an intro price
 * equal to the price changes nothing (the same decision, byte for byte);
 * any intro price changes no date and no count; still_to_invoice is
 * exactly linear in it, still(x) = still(price) - (price - x) x n, with
 * the same whole n <= the intro periods for every x; and a lower intro
 * price never raises the charge, the refund or the fee. */
static void test_intro_price_over_generated_inputs(void **state)
{
    (void)state;
    uint64_t rng = 3131;
    long same = 0, linear = 0, discounted = 0;
    for (long i = 0; i < iterations / 4; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, i % 2, &p, &s, &r);
        lapse_decision base;
        if (lapse_decide_cancel(&p, &s, &r, &base, NULL) != LAPSE_OK)
            continue;
        int32_t months = s.billing > 0 ? s.billing : s.term;
        int32_t periods = (int32_t)test_range(&rng, 1, s.term / months);
        lapse_subscription t = s;
        t.intro_months = periods * months;
        t.intro_price = s.price;
        lapse_decision d;
        assert_int_equal(lapse_decide_cancel(&p, &t, &r, &d, NULL), LAPSE_OK);
        assert_memory_equal(&d, &base, sizeof d);
        same++;
        if (s.price == 0)
            continue;
        /* n from the free intro, then every other price agrees with it. */
        lapse_decision free_intro, any;
        t.intro_price = 0;
        assert_int_equal(lapse_decide_cancel(&p, &t, &r, &free_intro, NULL), LAPSE_OK);
        int64_t gap = base.still_to_invoice - free_intro.still_to_invoice;
        assert_true(gap >= 0 && gap % s.price == 0 && gap / s.price <= periods);
        int64_t n = gap / s.price;
        t.intro_price = (int64_t)test_range(&rng, 0, (uint64_t)s.price);
        assert_int_equal(lapse_decide_cancel(&p, &t, &r, &any, NULL), LAPSE_OK);
        if (any.still_to_invoice != base.still_to_invoice - (s.price - t.intro_price) * n)
            fail_msg("case %ld: still_to_invoice %lld, expected %lld - (%lld - %lld) x %lld", i,
                     (long long)any.still_to_invoice, (long long)base.still_to_invoice,
                     (long long)s.price, (long long)t.intro_price, (long long)n);
        linear++;
        discounted += n > 0;
        assert_true(any.remaining_term_charge <= base.remaining_term_charge);
        assert_true(any.refund <= base.refund);
        assert_true(any.termination_fee <= base.termination_fee);
        assert_int_equal(any.effective_end, base.effective_end);
        assert_int_equal(any.term_start, base.term_start);
        assert_int_equal(any.term_end, base.term_end);
        assert_int_equal(any.next_invoice, base.next_invoice);
        assert_int_equal(any.invoices_left, base.invoices_left);
        assert_int_equal(any.data_deleted_on, base.data_deleted_on);
        assert_int_equal(any.warnings & ~LAPSE_WARNING_REFUND_DUE & ~LAPSE_WARNING_TERMINATION_FEE,
                         base.warnings & ~LAPSE_WARNING_REFUND_DUE &
                             ~LAPSE_WARNING_TERMINATION_FEE);
    }
    print_message("# %ld unchanged, %ld linear (%ld with intro invoices left)\n", same, linear,
                  discounted);
    /* Most generated requests come after the intro: a few percent have intro invoices left. */
    assert_true(same > iterations / 8 && linear > iterations / 10 && discounted > iterations / 250);
}

/* The same contract billed monthly and up front, its undelivered days
 * refunded (so released either way): fees within one month's share, the
 * day-proration difference of the current period.  (Without a refund the
 * two differ by design: up front the whole year is paid and kept.) */
static void test_fees_monthly_and_up_front_agree(void **state)
{
    (void)state;
    uint64_t rng = 12;
    for (long i = 0; i < iterations / 4; i++) {
        lapse_policy p;
        lapse_policy_default(&p);
        p.timing = LAPSE_TIMING_IMMEDIATE;
        p.refund = LAPSE_REFUND_PRORATED;
        p.commitment = LAPSE_COMMITMENT_PERCENT_FEE;
        p.termination_fee_percent = (int32_t)test_range(&rng, 0, 100);
        lapse_subscription monthly;
        lapse_subscription_init(&monthly);
        monthly.start =
            (lapse_date)test_range(&rng, test_date("1990-01-01"), test_date("2040-12-31"));
        monthly.term = 12;
        monthly.contract = 1;
        monthly.price = test_range(&rng, 0, 1000000000);
        lapse_subscription up_front = monthly;
        up_front.billing = 0;
        up_front.price = monthly.price * 12;
        lapse_request r;
        lapse_request_init(&r);
        r.on = monthly.start + (lapse_date)test_range(&rng, 0, 364);
        lapse_decision a, b;
        assert_int_equal(lapse_decide_cancel(&p, &monthly, &r, &a, NULL), LAPSE_OK);
        assert_int_equal(lapse_decide_cancel(&p, &up_front, &r, &b, NULL), LAPSE_OK);
        int64_t difference = a.termination_fee - b.termination_fee;
        if (difference < 0)
            difference = -difference;
        if (difference > monthly.price * p.termination_fee_percent / 100 + 1)
            fail_msg("case %ld: monthly fee %lld, up front %lld, month %lld at %d%%", i,
                     (long long)a.termination_fee, (long long)b.termination_fee,
                     (long long)monthly.price, p.termination_fee_percent);
    }
}

/* Every figure comes out, without a range error, whenever it fits: the
 * largest prices billed up front, refunds and fees being shares of them. */
static void test_large_prices_never_overflow_shares(void **state)
{
    (void)state;
    uint64_t rng = 63;
    for (long i = 0; i < iterations / 4; i++) {
        lapse_policy p;
        lapse_policy_default(&p);
        p.timing = LAPSE_TIMING_IMMEDIATE;
        p.refund = test_range(&rng, 0, 1) ? LAPSE_REFUND_PRORATED : LAPSE_REFUND_FULL;
        p.commitment = LAPSE_COMMITMENT_PERCENT_FEE;
        p.termination_fee_percent = (int32_t)test_range(&rng, 0, 100);
        lapse_subscription s;
        lapse_subscription_init(&s);
        s.start = (lapse_date)test_range(&rng, test_date("1990-01-01"), test_date("2040-12-31"));
        s.term = (int32_t)test_range(&rng, 1, 120);
        s.billing = 0;
        s.contract = (int32_t)test_range(&rng, 0, 1);
        s.auto_renew = 0; /* one invoice: every figure is at most the price */
        s.price = INT64_MAX - test_range(&rng, 0, INT64_MAX / 2);
        lapse_request r;
        lapse_request_init(&r);
        r.on = s.start + (lapse_date)test_range(&rng, 0, 27);
        lapse_decision d;
        lapse_error_detail detail;
        if (lapse_decide_cancel(&p, &s, &r, &d, &detail) != LAPSE_OK)
            fail_msg("case %ld: %s", i, detail.message);
        assert_true(d.refund <= s.price && d.termination_fee <= s.price);
    }
}

/* The fast policy check (every key's range in one expression) accepts
 * exactly what the explaining check accepts (#27), over random policies:
 * each key at, inside and just past its range, or any 32 bits, one key or
 * several at a time; the fee with a good, empty or bad currency; reserved
 * now and then non-zero.  A policy both reject gets the same error from
 * lapse_policy_check as from the explaining check. */
typedef struct range_key {
    lapse_policy_key_type type;
    int64_t min, max;
    size_t offset;
} range_key;
#define RANGE_KEY(ctype, field, type, kind, min, max, def, order, check, doc) \
    [order] = { LAPSE_POLICY_KEY_##type, min, max, offsetof(lapse_policy, field) },
static const range_key range_keys[LAPSE__POLICY_KEY_COUNT] = { LAPSE__POLICY_KEYS(RANGE_KEY) };

static int64_t near_range(uint64_t *rng, const range_key *k)
{
    int64_t max = k->type == LAPSE_POLICY_KEY_AMOUNT ? 1000000 : k->max;
    switch (test_range(rng, 0, 7)) {
    case 0: return k->min - 1;
    case 1: return k->min;
    case 2: return max;
    case 3: return max + 1;
    case 4: return test_range(rng, INT32_MIN, INT32_MAX);
    case 5: return test_range(rng, 0, 0x7f);
    default: return test_range(rng, k->min, max);
    }
}

static void test_fast_policy_check_is_the_explaining_one(void **state)
{
    (void)state;
    static const char currencies[][4] = {
        "", "EUR", "JPY", "XXQ", "eur", { 'E', 'U', 'R', 'O' }, { 0, 'E', 0, 0 }
    };
    uint64_t rng = 27;
    long accepted = 0, rejected = 0;
    for (long n = 0; n < iterations; n++) {
        lapse_policy p;
        lapse_policy_default(&p);
        int changes = (int)test_range(&rng, 1, 3);
        for (int c = 0; c < changes; c++) {
            const range_key *k = &range_keys[test_range(&rng, 0, LAPSE__POLICY_KEY_COUNT - 1)];
            int64_t value = near_range(&rng, k);
            if (k->type == LAPSE_POLICY_KEY_AMOUNT) {
                memcpy((char *)&p + k->offset, &value, sizeof value);
                memcpy(p.termination_fee_currency, currencies[test_range(&rng, 0, 6)], 4);
            } else {
                int32_t v32 = (int32_t)value;
                memcpy((char *)&p + k->offset, &v32, sizeof v32);
            }
        }
        if (test_range(&rng, 0, 50) == 0)
            p.reserved[0] = (uint32_t)test_range(&rng, 0, 3);
        lapse_error_detail explained = { 0 }, checked = { 0 };
        lapse_error error = lapse__explain_policy(&p, &explained);
        if (lapse__policy_valid(&p) != (error == LAPSE_OK)) {
            char text[1024];
            lapse_policy_format(&p, text, sizeof text);
            fail_msg("fast %d, explaining %d (%s) on iteration %ld", lapse__policy_valid(&p),
                     (int)error, explained.message, n);
        }
        assert_int_equal(lapse_policy_check(&p, &checked), error);
        if (error) {
            assert_string_equal(checked.field, explained.field);
            assert_string_equal(checked.message, explained.message);
            rejected++;
        } else {
            accepted++;
        }
    }
    /* Both sides well exercised. */
    assert_true(accepted > iterations / 10);
    assert_true(rejected > iterations / 10);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        iterations = atol(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invariants_over_generated_inputs),
        cmocka_unit_test(test_money_over_generated_inputs),
        cmocka_unit_test(test_settles_nothing_when_skipped),
        cmocka_unit_test(test_common_path_is_the_general_one),
        cmocka_unit_test(test_common_path_edges),
        cmocka_unit_test(test_fees_monthly_and_up_front_agree),
        cmocka_unit_test(test_intro_price_over_generated_inputs),
        cmocka_unit_test(test_large_prices_never_overflow_shares),
        cmocka_unit_test(test_fast_policy_check_is_the_explaining_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
