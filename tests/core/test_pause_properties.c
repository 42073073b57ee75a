/* Pauses (#31 item 3): properties over generated inputs. */
#include <stdio.h>

#include "pause_cases.h"

/* The k-th billing-period boundary (k >= 1) of a subscription without
 * calendar billing: start + k x billing months, or up front the k-th term
 * boundary (renewal months apart after the first term).  False past the
 * calendar. */
static bool period_start(const lapse_policy *p, const lapse_subscription *s, int32_t k,
                         lapse_date *out)
{
    /* After a free trial the boundaries count from trial_end (the anchor). */
    lapse_date anchor = s->trial_end != LAPSE_DATE_NONE ? s->trial_end : s->start;
    int64_t months;
    if (s->billing > 0) {
        months = (int64_t)k * s->billing;
    } else {
        int32_t renewal = p->renewal == LAPSE_RENEWAL_EVERGREEN ? 1
                          : s->renewal_term                     ? s->renewal_term
                                                                : s->term;
        months = s->term + (int64_t)(k - 1) * renewal;
    }
    return months < 12000 && lapse_date_add_months(anchor, (int32_t)months, out) == LAPSE_OK;
}

/* A generated subscription with a pause on a period boundary (no calendar
 * billing, an anchor on a day <= 27 so that no boundary clamps), the
 * request around it; false when the pause would pass the calendar.  With
 * extras (test_timeline_status_and_decision_agree; the other tests'
 * streams are unchanged without), a third of the cases have a free trial
 * of 1 to 60 days before the pause (trial_end, the anchor, on the day the
 * start had: the pause on a boundary counted from it, so after
 * trial_end), and a third, independently, an introductory price on the
 * plan's rules (billed up front: the first term; else 1 to all of the
 * first term's billing periods, at 0 to 10,000.00); an eighth of the
 * trials' requests are made in the trial. */
static bool generate_paused(uint64_t *rng, lapse_policy *p, lapse_subscription *s, lapse_request *r,
                            bool extras)
{
    test_generate(rng, 2, p, s, r);
    s->billing_day = s->billing_month = 0;
    int32_t y, m, d;
    lapse_date_to_ymd(s->start, &y, &m, &d);
    if (d > 27) /* never a month's last day: month_end sticky changes nothing */
        s->start -= d - 27;
    if (extras && test_range(rng, 0, 2) == 0) {
        s->trial_end = s->start;
        s->start -= (lapse_date)test_range(rng, 1, 60);
    }
    if (extras && test_range(rng, 0, 2) == 0) {
        s->intro_months = s->billing > 0
                              ? s->billing * (int32_t)test_range(rng, 1, s->term / s->billing)
                              : s->term;
        s->intro_price = test_range(rng, 0, 1000000);
    }
    p->pause_extends_term = (int32_t)test_range(rng, 0, 1);
    int32_t k = (int32_t)test_range(rng, 1, s->billing == 1 ? 30 : 6);
    lapse_date from, to;
    if (!period_start(p, s, k, &from))
        return false;
    if (p->pause_extends_term)
        to = from + (lapse_date)test_range(rng, 1, 200);
    else if (!period_start(p, s, k + (int32_t)test_range(rng, 1, 4), &to))
        return false;
    s->paused_from = from;
    s->resumes_on = to;
    /* The request and a recorded cancellation near the pause. */
    r->on = from + (lapse_date)test_range(rng, -120, to - from + 400);
    if (r->on < s->start)
        r->on = s->start;
    if (extras && s->trial_end != LAPSE_DATE_NONE && test_range(rng, 0, 7) == 0)
        r->on = s->start + (lapse_date)test_range(rng, 0, s->trial_end - s->start - 1);
    if (s->cancelled_on != LAPSE_DATE_NONE)
        s->cancelled_on = r->on + (lapse_date)test_range(rng, -60, 300);
    if (s->cancelled_on != LAPSE_DATE_NONE && s->cancelled_on < s->start)
        s->cancelled_on = s->start;
    if (r->end_on != LAPSE_DATE_NONE)
        r->end_on = r->on + (lapse_date)test_range(rng, 1, 500);
    return true;
}

/* A decision's error that generation may meet: a generated evergreen
 * policy's billing, a renewal price it needs, a date past a recorded end. */
static bool expected_error(lapse_error error)
{
    return error == LAPSE_ERR_BILLING_INTERVAL || error == LAPSE_ERR_MISSING ||
           error == LAPSE_ERR_ALREADY_ENDED || error == LAPSE_ERR_DATE_RANGE;
}

/* Two explanations (en, it) of the same thing agree byte for byte. */
static void assert_same_text(int i, const char *what, const char *a, const char *b)
{
    if (strcmp(a, b) != 0)
        fail_msg("case %d: the %s differs:\n%s\n--- with a pause of length 0:\n%s", i, what, a, b);
}

/* Two calls' errors agree: the code, and for an error its field and text. */
static void assert_same_error(int i, const char *what, lapse_error ea, const lapse_error_detail *a,
                              lapse_error eb, const lapse_error_detail *b)
{
    if (ea != eb)
        fail_msg("case %d: %s: error %d unpaused (%s: %s), %d with a pause of length 0 (%s: %s)", i,
                 what, ea, ea ? a->field : "", ea ? a->message : "", eb, eb ? b->field : "",
                 eb ? b->message : "");
    if (ea != LAPSE_OK) {
        assert_string_equal(a->field, b->field);
        assert_string_equal(a->message, b->message);
    }
}

/* Length 0 (#31: "a pause of length 0 changes nothing"): paused_from ==
 * resumes_on, on any valid day (before the start, in a free trial, on a
 * billing-period boundary or not, in the first period, after the end),
 * under either pause_extends_term, is no pause: the decision (every
 * field), its explanation (en, it), the timeline (every event), the
 * status on dates around it and its explanation are the unpaused
 * subscription's, and so is an error, field and text.  Generated: random
 * policies (other engines' conventions too), billing days and months,
 * trials, introductory prices, items and reductions of them. */
static void test_pause_of_length_0_changes_nothing(void **state)
{
    (void)state;
    uint64_t rng = 310;
    enum { CAPACITY = 512, TEXT = 8192 };
    static lapse_event ea[CAPACITY], eb[CAPACITY];
    static char ta[TEXT], tb[TEXT];
    static const char *const languages[] = { "en", "it" };
    long decided = 0, refused = 0, boundaries = 0, timelines = 0, statuses = 0, paused_days = 0;
    long kept = 0, trials = 0, intros = 0, reductions = 0;
    for (int i = 0; i < 60000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        lapse_item items[2];
        lapse_reduction reduce[1];
        test_generate(&rng, (int)(i % 3), &p, &s, &r);
        p.pause_extends_term = (int32_t)test_range(&rng, 0, 1);
        kept += !p.pause_extends_term;
        if (test_range(&rng, 0, 3) == 0) {
            s.trial_end = s.start + (lapse_date)test_range(&rng, 0, 60);
            trials++;
        }
        if (test_range(&rng, 0, 4) == 0 && s.billing > 0) {
            s.intro_months = s.billing * (int32_t)test_range(&rng, 1, 3);
            s.intro_price = test_range(&rng, 0, 5000);
            intros++;
        }
        if (test_range(&rng, 0, 4) == 0) {
            memset(items, 0, sizeof items);
            memcpy(items[0].name, "seats", 6);
            items[0].unit_price = test_range(&rng, 0, 5000);
            items[0].quantity = (int32_t)test_range(&rng, 1, 20);
            s.items = items;
            s.item_count = 1;
            if (test_range(&rng, 0, 1) == 0) {
                memset(reduce, 0, sizeof reduce);
                memcpy(reduce[0].name, "seats", 6);
                reduce[0].quantity = (int32_t)test_range(&rng, 0, items[0].quantity);
                r.reduce = reduce;
                r.reduce_count = 1;
                r.end_on = LAPSE_DATE_NONE;
                reductions++;
            }
        }
        /* The day: a billing-period boundary, the request's, the start,
         * the trial's end, or any day around the subscription. */
        lapse_date day;
        switch (test_range(&rng, 0, 5)) {
        case 0:
        case 1:
            if (lapse_date_add_months(s.start, (int32_t)test_range(&rng, 0, 60), &day) != LAPSE_OK)
                continue;
            boundaries++;
            break;
        case 2: day = r.on; break;
        case 3: day = s.trial_end != LAPSE_DATE_NONE ? s.trial_end : s.start; break;
        default: day = s.start + (lapse_date)test_range(&rng, -400, 4400); break;
        }
        if (day < LAPSE_DATE_MIN || day > LAPSE_DATE_MAX)
            continue;
        lapse_subscription z = s;
        z.paused_from = z.resumes_on = day;
        lapse_decision da, db;
        lapse_error_detail xa, xb;
        memset(&da, 0, sizeof da);
        memset(&db, 0, sizeof db);
        lapse_error ra = lapse_decide_cancel(&p, &s, &r, &da, &xa);
        lapse_error rb = lapse_decide_cancel(&p, &z, &r, &db, &xb);
        assert_same_error(i, "the decision", ra, &xa, rb, &xb);
        if (ra != LAPSE_OK) {
            refused++;
            continue;
        }
        if (memcmp(&da, &db, sizeof da) != 0)
            fail_msg("case %d: the decision differs: pause %d to %d (extends %d), start %d, "
                     "asked %d; remaining %lld / %lld, still %lld / %lld, left %d / %d, ends "
                     "%d / %d, term end %d / %d, warnings %x / %x",
                     i, day, day, p.pause_extends_term, s.start, r.on,
                     (long long)da.remaining_term_charge, (long long)db.remaining_term_charge,
                     (long long)da.still_to_invoice, (long long)db.still_to_invoice,
                     da.invoices_left, db.invoices_left, da.effective_end, db.effective_end,
                     da.term_end, db.term_end, da.warnings, db.warnings);
        decided++;
        for (size_t l = 0; l < 2; l++) {
            ra = lapse_explain(&p, &s, &r, &da, languages[l], ta, sizeof ta, NULL, &xa);
            rb = lapse_explain(&p, &z, &r, &db, languages[l], tb, sizeof tb, NULL, &xb);
            assert_same_error(i, "the explanation", ra, &xa, rb, &xb);
            assert_same_text(i, "explanation", ta, tb);
        }
        size_t ca = 0, cb = 0;
        memset(ea, 0, sizeof ea);
        memset(eb, 0, sizeof eb);
        ra = lapse_timeline(&p, &s, &r, ea, CAPACITY, &ca, &xa);
        rb = lapse_timeline(&p, &z, &r, eb, CAPACITY, &cb, &xb);
        assert_same_error(i, "the timeline", ra, &xa, rb, &xb);
        if (ra == LAPSE_OK) {
            assert_int_equal(ca, cb);
            size_t n = ca < CAPACITY ? ca : CAPACITY;
            assert_memory_equal(ea, eb, n * sizeof ea[0]);
            for (size_t k = 0; k < n && k < 40; k++) {
                ra = lapse_explain_event(&s, &ea[k], "en", ta, sizeof ta, NULL, &xa);
                rb = lapse_explain_event(&z, &eb[k], "en", tb, sizeof tb, NULL, &xb);
                assert_same_error(i, "a timeline line", ra, &xa, rb, &xb);
                assert_same_text(i, "timeline line", ta, tb);
            }
            timelines++;
        }
        /* The status around the day and the request, with the request
         * recorded as the cancellation now and then. */
        if (test_range(&rng, 0, 1) == 0 && r.reduce_count == 0) {
            s.cancelled_on = z.cancelled_on = r.on;
        }
        for (int k = 0; k < 6; k++) {
            lapse_date on = k == 0   ? day
                            : k == 1 ? day - 1
                            : k == 2 ? da.effective_end
                                     : day + (lapse_date)test_range(&rng, -200, 800);
            if (on < LAPSE_DATE_MIN || on > LAPSE_DATE_MAX)
                continue;
            lapse_status_info sa, sb;
            memset(&sa, 0, sizeof sa);
            memset(&sb, 0, sizeof sb);
            ra = lapse_status_at(&p, &s, on, &sa, &xa);
            rb = lapse_status_at(&p, &z, on, &sb, &xb);
            assert_same_error(i, "the status", ra, &xa, rb, &xb);
            if (ra != LAPSE_OK)
                continue;
            assert_memory_equal(&sa, &sb, sizeof sa);
            paused_days += sb.status == LAPSE_STATUS_PAUSED;
            for (size_t l = 0; l < 2; l++) {
                ra = lapse_explain_status(&p, &s, on, &sa, languages[l], ta, sizeof ta, NULL, &xa);
                rb = lapse_explain_status(&p, &z, on, &sb, languages[l], tb, sizeof tb, NULL, &xb);
                assert_same_error(i, "the status explanation", ra, &xa, rb, &xb);
                assert_same_text(i, "status explanation", ta, tb);
            }
            statuses++;
        }
    }
    print_message("# pauses of length 0: %ld decisions and %ld errors the unpaused ones (%ld on "
                  "a month boundary of the start, %ld under pause_extends_term false; %ld trials, "
                  "%ld intro prices, %ld reductions), %ld timelines, %ld statuses\n",
                  decided, refused, boundaries, kept, trials, intros, reductions, timelines,
                  statuses);
    assert_int_equal(paused_days, 0);
    assert_true(decided > 25000 && refused > 1000 && timelines > 20000 && statuses > 100000);
    assert_true(kept > 20000 && trials > 5000 && intros > 2000 && reductions > 2000);
}

/* A later request never ends earlier (or the subscription has ended by
 * then), around and in the pause. */
static void test_later_request_never_ends_earlier(void **state)
{
    (void)state;
    uint64_t rng = 311;
    long compared = 0, in_pause = 0;
    for (int i = 0; i < 150000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        if (!generate_paused(&rng, &p, &s, &r, false))
            continue;
        r.end_on = LAPSE_DATE_NONE;
        lapse_decision a, b;
        lapse_error_detail e;
        lapse_error error = lapse_decide_cancel(&p, &s, &r, &a, &e);
        if (expected_error(error))
            continue;
        if (error)
            fail_msg("case %d: %s: %s", i, e.field, e.message);
        lapse_request later = r;
        later.on = r.on + (lapse_date)test_range(&rng, 1, 60);
        error = lapse_decide_cancel(&p, &s, &later, &b, &e);
        if (error == LAPSE_ERR_ALREADY_ENDED) {
            assert_true(later.on >= a.effective_end);
            continue;
        }
        if (expected_error(error))
            continue;
        assert_int_equal(error, LAPSE_OK);
        if (b.effective_end < a.effective_end)
            fail_msg("case %d: asked %d ends %d, asked %d ends %d", i, r.on, a.effective_end,
                     later.on, b.effective_end);
        in_pause += r.on >= s.paused_from && r.on < s.resumes_on;
        compared++;
    }
    print_message("# %ld pairs compared, %ld asked in the pause\n", compared, in_pause);
    assert_true(compared > 60000 && in_pause > 10000);
}

/* Timeline, status and decision agree (#31: the three features together):
 * the invoices the timeline lists after the request are the decision's
 * still_to_invoice, invoices_left and next_invoice; none is dated within
 * the pause (in arrears the period before it is invoiced on paused_from,
 * its end of service) nor before trial_end; its end and deletion are the
 * decision's; with the request recorded as the cancellation, the status
 * is paused on the days of the pause before the end, ending on the
 * others, expired or deleted from the end.  Generated with both
 * pause_extends_term values, in advance and in arrears, a free trial
 * before the pause in a third of the cases and an introductory price in a
 * third (both in a ninth); the counts assert that each is exercised:
 * requests in the trial, invoices at the intro price after the request
 * (intro_price != price) and after the resume. */
static void test_timeline_status_and_decision_agree(void **state)
{
    (void)state;
    uint64_t rng = 312;
    enum { CAPACITY = 1024 };
    static lapse_event events[CAPACITY];
    long checked = 0, paused_days = 0, arrears = 0;
    long trials = 0, in_trial = 0, trial_paused_days = 0, intros = 0, intro_after = 0;
    long intro_resumed = 0, both = 0, pause_events = 0, resume_events = 0, ended_in_pause = 0;
    for (int i = 0; i < 60000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        if (!generate_paused(&rng, &p, &s, &r, true))
            continue;
        if (test_range(&rng, 0, 1))
            p.invoicing = LAPSE_INVOICING_IN_ARREARS;
        s.cancelled_on = LAPSE_DATE_NONE;
        r.end_on = LAPSE_DATE_NONE; /* a recorded cancellation has none */
        lapse_decision d;
        size_t count;
        lapse_error_detail e;
        lapse_error error = lapse_decide_cancel(&p, &s, &r, &d, &e);
        if (expected_error(error))
            continue;
        if (error)
            fail_msg("case %d: %s: %s", i, e.field, e.message);
        assert_int_equal(lapse_timeline(&p, &s, &r, events, CAPACITY, &count, &e), LAPSE_OK);
        if (count > CAPACITY)
            continue;
        int64_t after = 0;
        int32_t left = 0;
        lapse_date next = LAPSE_DATE_NONE, ended = LAPSE_DATE_NONE, deleted = LAPSE_DATE_NONE;
        lapse_date pause = LAPSE_DATE_NONE, resume = LAPSE_DATE_NONE;
        int pauses = 0, resumes = 0;
        bool arrears_policy = p.invoicing == LAPSE_INVOICING_IN_ARREARS;
        for (size_t k = 0; k < count; k++) {
            if (!test_event_amount_ok(&events[k]))
                fail_msg("case %d: event %zu (%s on %d) with amount %lld", i, k,
                         lapse_name(LAPSE_KIND_EVENT, events[k].kind), events[k].date,
                         (long long)events[k].amount);
            if (events[k].kind == LAPSE_EVENT_PAUSE) {
                pause = events[k].date;
                pauses++;
            }
            if (events[k].kind == LAPSE_EVENT_RESUME) {
                resume = events[k].date;
                resumes++;
            }
            if (k > 0 && events[k].date < events[k - 1].date)
                fail_msg("case %d: event %zu (kind %d) on %d after kind %d on %d; pause %d to "
                         "%d, request %d, arrears %d",
                         i, k, events[k].kind, events[k].date, events[k - 1].kind,
                         events[k - 1].date, s.paused_from, s.resumes_on, r.on,
                         p.invoicing == LAPSE_INVOICING_IN_ARREARS);
            if (events[k].kind == LAPSE_EVENT_EFFECTIVE_END)
                ended = events[k].date;
            if (events[k].kind == LAPSE_EVENT_DATA_DELETED)
                deleted = events[k].date;
            if (events[k].kind != LAPSE_EVENT_INVOICE)
                continue;
            lapse_date date = events[k].date;
            if (s.trial_end != LAPSE_DATE_NONE && date < s.trial_end)
                fail_msg("case %d: an invoice on %d, in the trial %d to %d", i, date, s.start,
                         s.trial_end);
            bool intro_invoice =
                s.intro_months > 0 && s.intro_price != s.price && events[k].amount == s.intro_price;
            intro_after += intro_invoice && date > r.on;
            intro_resumed += intro_invoice && date >= s.resumes_on;
            if (date >= s.paused_from && date < s.resumes_on &&
                !(arrears_policy && date == s.paused_from))
                fail_msg("case %d: an invoice on %d, within the pause %d to %d (extends %d, "
                         "arrears %d, billing %d term %d start %d), request %d, ends %d, timing "
                         "%d immediate_end %d cooling %d",
                         i, date, s.paused_from, s.resumes_on, p.pause_extends_term, arrears_policy,
                         s.billing, s.term, s.start, r.on, d.effective_end, p.timing,
                         p.immediate_end, p.cooling_off_days);
            if (date > r.on) {
                after += events[k].amount;
                left++;
                if (next == LAPSE_DATE_NONE)
                    next = date;
            }
        }
        if (after != d.still_to_invoice || left != d.invoices_left || next != d.next_invoice)
            fail_msg("case %d: timeline %lld in %d from %d, decision %lld in %d from %d", i,
                     (long long)after, left, next, (long long)d.still_to_invoice, d.invoices_left,
                     d.next_invoice);
        assert_int_equal(ended, d.effective_end);
        assert_int_equal(deleted, d.data_deleted_on);
        /* The pause and the resume: each once, on paused_from and
         * resumes_on, when before the end. */
        bool pause_listed = s.paused_from < d.effective_end;
        bool resume_listed = s.resumes_on < d.effective_end;
        assert_int_equal(pauses, pause_listed);
        assert_int_equal(resumes, resume_listed);
        if (pause_listed)
            assert_int_equal(pause, s.paused_from);
        if (resume_listed)
            assert_int_equal(resume, s.resumes_on);
        pause_events += pauses;
        resume_events += resumes;
        ended_in_pause += pauses && !resumes;
        /* The days the status is paused: from the pause event to the day
         * before the resume event (or the end, when none is listed). */
        lapse_date paused_until = resume_listed ? resume : d.effective_end;
        /* The status with the request recorded. */
        lapse_subscription c = s;
        c.cancelled_on = r.on;
        lapse_decision first;
        if (lapse_decide_cancel(&p, &c, &r, &first, &e) != LAPSE_OK)
            continue;
        lapse_date stop = d.effective_end < r.on + 400 ? d.effective_end : r.on + 400;
        for (lapse_date day = r.on; day < stop; day += 1 + (lapse_date)test_range(&rng, 0, 6)) {
            lapse_status_info st;
            assert_int_equal(lapse_status_at(&p, &c, day, &st, &e), LAPSE_OK);
            bool paused = pause_listed && day >= pause && day < paused_until;
            if (d.warnings & LAPSE_WARNING_ALREADY_ENDING)
                break; /* not renewing anyway: the cancellation is not the end's */
            assert_int_equal(st.status, paused ? LAPSE_STATUS_PAUSED : LAPSE_STATUS_ENDING);
            assert_int_equal(st.effective_end, d.effective_end);
            paused_days += paused;
            trial_paused_days += paused && s.trial_end != LAPSE_DATE_NONE;
        }
        lapse_status_info st;
        assert_int_equal(lapse_status_at(&p, &c, d.effective_end, &st, &e), LAPSE_OK);
        assert_true(st.status == LAPSE_STATUS_EXPIRED || st.status == LAPSE_STATUS_DELETED);
        arrears += arrears_policy;
        trials += s.trial_end != LAPSE_DATE_NONE;
        in_trial += s.trial_end != LAPSE_DATE_NONE && r.on < s.trial_end;
        intros += s.intro_months > 0;
        both += s.trial_end != LAPSE_DATE_NONE && s.intro_months > 0;
        checked++;
    }
    print_message("# %ld decisions against their timeline and status, %ld in arrears, %ld "
                  "paused days; %ld with a trial before the pause (%ld asked in it, %ld paused "
                  "days), %ld with an intro price (%ld intro invoices after the request, %ld "
                  "after the resume), %ld with both; %ld pause events, %ld resume events, %ld "
                  "ended in the pause\n",
                  checked, arrears, paused_days, trials, in_trial, trial_paused_days, intros,
                  intro_after, intro_resumed, both, pause_events, resume_events, ended_in_pause);
    assert_true(checked > 25000 && arrears > 10000 && paused_days > 20000);
    assert_true(trials > 7000 && in_trial > 300 && trial_paused_days > 5000);
    assert_true(intros > 7000 && intro_after > 2000 && intro_resumed > 2500 && both > 2000);
    assert_true(pause_events > 20000 && resume_events > 15000 && ended_in_pause > 500);
}

/* With pause_extends_term false (docs/rules.md, "Pauses": the boundaries
 * and the term end stay, the billing periods paused are not invoiced),
 * against the same subscription unpaused U, for every request: term_start,
 * term_end, notice_deadline, renews_first, allowed and route are U's;
 * for a request outside the pause the effective end, the refund and the
 * deletion date too (in the pause the current period is not invoiced, so
 * nothing of it is refunded).  still_to_invoice and invoices_left are U's less the invoices
 * of the paused periods that U lists after the request (in advance dated
 * in [paused_from, resumes_on), in arrears at their ends, in
 * (paused_from, resumes_on]); remaining_term_charge is U's less the same
 * amounts, for a request before the pause, and U's for one from the
 * resume on.  Outside the pause the status (with the request recorded)
 * is U's, field for field; in it, paused where U's is active or ending. */
static void test_kept_term_is_the_unpaused_without_the_paused_invoices(void **state)
{
    (void)state;
    uint64_t rng = 314;
    enum { CAPACITY = 1024 };
    static lapse_event events[CAPACITY];
    long compared = 0, before = 0, in_pause = 0, differ = 0, statuses = 0, paused_days = 0;
    for (int i = 0; i < 160000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        if (!generate_paused(&rng, &p, &s, &r, false))
            continue;
        if (p.pause_extends_term)
            continue; /* generated for the other value: resumes_on any day */
        lapse_subscription u = s;
        u.paused_from = u.resumes_on = LAPSE_DATE_NONE;
        lapse_decision a, b;
        lapse_error_detail e;
        lapse_error eu = lapse_decide_cancel(&p, &u, &r, &a, &e);
        lapse_error ep = lapse_decide_cancel(&p, &s, &r, &b, &e);
        if (eu != ep && !(eu == LAPSE_OK && ep == LAPSE_ERR_OUT_OF_RANGE))
            fail_msg("case %d: unpaused %d, paused %d", i, eu, ep);
        if (eu != LAPSE_OK || ep != LAPSE_OK)
            continue;
        size_t count;
        if (lapse_timeline(&p, &u, &r, events, CAPACITY, &count, &e) != LAPSE_OK ||
            count > CAPACITY)
            continue;
        bool arrears = p.invoicing == LAPSE_INVOICING_IN_ARREARS;
        int64_t paused_amount = 0;
        int32_t paused_invoices = 0;
        for (size_t k = 0; k < count; k++) {
            lapse_date date = events[k].date;
            bool paused_period = arrears ? date > s.paused_from && date <= s.resumes_on
                                         : date >= s.paused_from && date < s.resumes_on;
            if (events[k].kind == LAPSE_EVENT_INVOICE && paused_period && date > r.on) {
                paused_amount += events[k].amount;
                paused_invoices++;
            }
        }
        bool during = r.on >= s.paused_from && r.on < s.resumes_on;
        if (a.term_start != b.term_start || a.term_end != b.term_end ||
            a.notice_deadline != b.notice_deadline || a.renews_first != b.renews_first ||
            a.allowed != b.allowed || a.route != b.route ||
            b.still_to_invoice != a.still_to_invoice - paused_amount ||
            b.invoices_left != a.invoices_left - paused_invoices ||
            (!during && (a.effective_end != b.effective_end || a.refund != b.refund ||
                         a.data_deleted_on != b.data_deleted_on)) ||
            (r.on < s.paused_from &&
             b.remaining_term_charge != a.remaining_term_charge - paused_amount) ||
            (r.on >= s.resumes_on && b.remaining_term_charge != a.remaining_term_charge))
            fail_msg("case %d: start %d term %d billing %d, pause %d to %d, asked %d (timing %d "
                     "arrears %d commitment %d): term %d-%d / %d-%d, notice %d / %d, ends %d / "
                     "%d, deleted %d / %d; remaining %lld / %lld, still %lld / %lld, left %d / "
                     "%d, refund %lld / %lld; paused invoices after the request %d of %lld",
                     i, s.start, s.term, s.billing, s.paused_from, s.resumes_on, r.on, p.timing,
                     arrears, p.commitment, a.term_start, a.term_end, b.term_start, b.term_end,
                     a.notice_deadline, b.notice_deadline, a.effective_end, b.effective_end,
                     a.data_deleted_on, b.data_deleted_on, (long long)a.remaining_term_charge,
                     (long long)b.remaining_term_charge, (long long)a.still_to_invoice,
                     (long long)b.still_to_invoice, a.invoices_left, b.invoices_left,
                     (long long)a.refund, (long long)b.refund, paused_invoices,
                     (long long)paused_amount);
        compared++;
        before += r.on < s.paused_from;
        in_pause += during;
        differ += paused_invoices > 0;
        /* The status, the request recorded, on dates around the pause. */
        lapse_subscription cu = u, cs = s;
        cu.cancelled_on = cs.cancelled_on = r.on;
        for (int k = 0; k < 8; k++) {
            lapse_date on = k == 0   ? s.paused_from
                            : k == 1 ? s.resumes_on
                            : k == 2 ? s.resumes_on - 1
                                     : s.paused_from + (lapse_date)test_range(&rng, -100, 500);
            lapse_status_info su, sp;
            memset(&su, 0, sizeof su);
            memset(&sp, 0, sizeof sp);
            lapse_error xu = lapse_status_at(&p, &cu, on, &su, NULL);
            lapse_error xp = lapse_status_at(&p, &cs, on, &sp, NULL);
            assert_int_equal(xu, xp);
            if (xu != LAPSE_OK)
                continue;
            bool paused = on >= s.paused_from && on < s.resumes_on && on < b.effective_end &&
                          (su.status == LAPSE_STATUS_ACTIVE || su.status == LAPSE_STATUS_ENDING);
            if (paused) {
                assert_int_equal(sp.status, LAPSE_STATUS_PAUSED);
                paused_days++;
            } else if (on < s.paused_from || on >= s.resumes_on) {
                /* What the recorded cancellation settled: a refund in the
                 * pause is not U's (above), nor a fee on the remaining
                 * commitment, whose paused periods cost nothing. */
                if (during)
                    su.refund = sp.refund;
                su.termination_fee = sp.termination_fee;
                if (memcmp(&su, &sp, sizeof su) != 0)
                    fail_msg("case %d: on %d (pause %d to %d, asked %d): status %d since %d "
                             "until %d ends %d / status %d since %d until %d ends %d",
                             i, on, s.paused_from, s.resumes_on, r.on, su.status, su.since,
                             su.until, su.effective_end, sp.status, sp.since, sp.until,
                             sp.effective_end);
            }
            statuses++;
        }
    }
    print_message("# pause_extends_term false against unpaused: %ld decisions (%ld asked before "
                  "the pause, %ld in it, %ld with paused invoices taken out), %ld statuses, %ld "
                  "paused\n",
                  compared, before, in_pause, differ, statuses, paused_days);
    assert_true(compared > 30000 && before > 5000 && in_pause > 5000 && differ > 5000);
    assert_true(statuses > 200000 && paused_days > 20000);
}

/* With pause_extends_term true a pause of n whole months (a start on a day
 * <= 27: no boundary clamps) is a shift: for a request on or after
 * resumes_on (a recorded cancellation, if any, too) and no cooling-off (it
 * counts from the conclusion), the decision is that of the same
 * subscription unpaused and started n months later, except term_start when
 * the request's term began before the pause: it is then n months earlier
 * (the paused subscription's term began at its own start). */
static void test_pause_is_a_shift(void **state)
{
    (void)state;
    uint64_t rng = 313;
    long compared = 0, earlier_term = 0;
    for (int i = 0; i < 150000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        if (!generate_paused(&rng, &p, &s, &r, false))
            continue;
        lapse_subscription shifted;
        int32_t n;
        if (!shifted_pause_case(&rng, &p, &s, &r, &shifted, &n))
            continue;
        lapse_decision a, b;
        if (!decide_both(&p, &s, &shifted, &r, &a, &b, i, "paused", "shifted"))
            continue;
        earlier_term += term_began_before_the_pause(&a, &b, n, &s);
        assert_memory_equal(&a, &b, sizeof a);
        compared++;
    }
    print_message("# %ld paused decisions equal to the later start's, %ld with the term begun "
                  "before the pause\n",
                  compared, earlier_term);
    assert_true(compared > 50000 && earlier_term > 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pause_of_length_0_changes_nothing),
        cmocka_unit_test(test_later_request_never_ends_earlier),
        cmocka_unit_test(test_timeline_status_and_decision_agree),
        cmocka_unit_test(test_pause_is_a_shift),
        cmocka_unit_test(test_kept_term_is_the_unpaused_without_the_paused_invoices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
