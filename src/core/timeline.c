/*
 * The dated events of a subscription's life, from its start to the
 * deletion of its data, in date order.  Boundaries are still computed from
 * the anchor one at a time; only the listing itself is proportional to the
 * number of events.
 */
#include <string.h>

#include "cancel.h"
#include "fail.h"
#include "plan.h"
#include "reduce.h"
#include "term.h"
#include "validate.h"

typedef struct sink {
    lapse_event *events;
    size_t capacity;
    size_t count;
} sink;

/* An event; its term is that of `term_date` (an arrears invoice belongs
 * to the term of its period, not of the day after it). */
static void emit_in(sink *out, const lapse__plan *plan, lapse_event_kind kind, lapse_date date,
                    int64_t amount, lapse_date term_date)
{
    if (out->count < out->capacity) {
        lapse_event *e = &out->events[out->count];
        memset(e, 0, sizeof *e);
        e->date = date;
        e->kind = kind;
        e->amount = amount;
        /* The end of access and the deletion follow the last term. */
        bool after = kind == LAPSE_EVENT_EFFECTIVE_END || kind == LAPSE_EVENT_DATA_DELETED;
        e->term =
            after ? -1 : lapse__term_index(plan, (int32_t)lapse__plan_months(plan, term_date));
    }
    out->count++;
}

static void emit(sink *out, const lapse__plan *plan, lapse_event_kind kind, lapse_date date,
                 int64_t amount)
{
    emit_in(out, plan, kind, date, amount, date);
}

typedef struct single {
    lapse_date date;
    lapse_event_kind kind;
    int64_t amount;
    lapse_date period_start; /* an arrears invoice: its period's start */
} single;

/* The order of events on one date (lapse.h): resume, start or renewal,
 * invoice, notice deadline, cancellation, refund, applied to balance,
 * account credit, termination fee, pause, effective end, deletion. */
static int day_rank(lapse_event_kind kind)
{
    static const int rank[] = {
        [LAPSE_EVENT_RESUME] = 0,          [LAPSE_EVENT_START] = 1,
        [LAPSE_EVENT_RENEWAL] = 1,         [LAPSE_EVENT_INVOICE] = 2,
        [LAPSE_EVENT_NOTICE_DEADLINE] = 3, [LAPSE_EVENT_CANCELLATION] = 4,
        [LAPSE_EVENT_REFUND] = 5,          [LAPSE_EVENT_APPLIED_TO_BALANCE] = 6,
        [LAPSE_EVENT_ACCOUNT_CREDIT] = 7,  [LAPSE_EVENT_TERMINATION_FEE] = 8,
        [LAPSE_EVENT_PAUSE] = 9,           [LAPSE_EVENT_EFFECTIVE_END] = 10,
        [LAPSE_EVENT_DATA_DELETED] = 11,   [LAPSE_EVENT_REDUCTION] = 4,
        [LAPSE_EVENT_CHANGE] = 10
    };
    return rank[kind];
}

/* The invoice of billing period `index`, [start, stop), at `price`, as
 * the decision counts it: under a cancellation's end (lapse__invoice;
 * none when the period is not invoiced) or a reduction's amounts
 * (lapse__reduction_invoice). */
static lapse_error period_invoice(const lapse__plan *plan, const lapse__end *end,
                                  const lapse__reduction *reduction, int32_t index,
                                  lapse_date start, lapse_date stop, int64_t price, single *invoice,
                                  lapse_error_detail *detail)
{
    *invoice = (single){ LAPSE_DATE_NONE, LAPSE_EVENT_INVOICE, 0, start };
    if (LAPSE__UNLIKELY(lapse__period_paused(plan, index)))
        return LAPSE_OK; /* paused under a kept term: not invoiced */
    bool fits =
        reduction ? lapse__reduction_invoice(plan, reduction, index, start, stop, &invoice->date,
                                             &invoice->amount) == LAPSE_OK
                  : lapse__invoice(plan, end, start, stop, price, &invoice->date, &invoice->amount);
    if (!fits)
        return lapse__fail(detail, LAPSE_ERR_AMOUNT_RANGE, "price",
                           "price: the invoice of the days served is beyond the 64-bit range");
    return LAPSE_OK;
}

/* Sorts the dated ones of singles[0..n) by date and, on one date, by
 * kind (day_rank), the undated left out; returns how many. */
static size_t sort_singles(single *singles, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        /* Copied out first: the shifts below may write over singles[i]. */
        single item = singles[i];
        if (item.date == LAPSE_DATE_NONE)
            continue;
        size_t at = count++;
        for (; at > 0 && (singles[at - 1].date > item.date ||
                          (singles[at - 1].date == item.date &&
                           day_rank(singles[at - 1].kind) > day_rank(item.kind)));
             at--)
            singles[at] = singles[at - 1];
        singles[at] = item;
    }
    return count;
}

static lapse_error list_events(const lapse__plan *plan, const lapse__end *end,
                               const lapse__reduction *reduction, lapse_date invoices_until,
                               const single *singles, size_t count, sink *out,
                               lapse_error_detail *detail);

/* A reduction's timeline: nothing ends; the invoices run through the
 * current term and on to the first at the new quantities (the next term's
 * first when the change is at the term's end or released committed units
 * are owed to it), with the reduction, its refund and fee on
 * the request date and the change on change_effective_on. */
static lapse_error reduction_timeline(const lapse_policy *policy, const lapse_subscription *s,
                                      const lapse_request *r, sink *out, lapse_error_detail *detail)
{
    lapse_decision d;
    memset(&d, 0, sizeof d);
    lapse__reduction red;
    lapse_error error = lapse__decide_reduction(policy, s, r, &d, &red, detail);
    if (error)
        return error;
    lapse__plan plan = lapse__plan_of(policy, s);
    /* Listed from the last of a day to the first, as in timeline(); a
     * pause and its resume, since nothing ends. */
    bool paused = lapse__has_pause(s);
    single singles[6] = {
        { paused ? s->resumes_on : LAPSE_DATE_NONE, LAPSE_EVENT_RESUME, 0, LAPSE_DATE_NONE },
        { paused ? s->paused_from : LAPSE_DATE_NONE, LAPSE_EVENT_PAUSE, 0, LAPSE_DATE_NONE },
        { d.change_effective_on, LAPSE_EVENT_CHANGE, d.recurring_after, LAPSE_DATE_NONE },
        { d.termination_fee > 0 ? r->on : LAPSE_DATE_NONE, LAPSE_EVENT_TERMINATION_FEE,
          d.termination_fee, LAPSE_DATE_NONE },
        { d.refund > 0 ? r->on : LAPSE_DATE_NONE, LAPSE_EVENT_REFUND, d.refund, LAPSE_DATE_NONE },
        { r->on, LAPSE_EVENT_REDUCTION, 0, LAPSE_DATE_NONE },
    };
    size_t count = sort_singles(singles, sizeof singles / sizeof singles[0]);
    lapse_date first, stop;
    /* Through the term's last period, and on to the first invoice at the
     * new quantities when that is the next term's. */
    int32_t final = red.kept || red.first_new > red.last ? red.last + 1 : red.last;
    if ((error = lapse__period_bounds(&plan, final, r->on, &first, &stop, detail)))
        return error;
    lapse__end end;
    memset(&end, 0, sizeof end);
    return list_events(&plan, &end, &red, first + 1, singles, count, out, detail);
}

static lapse_error timeline(const lapse_policy *policy, const lapse_subscription *s,
                            const lapse_request *r, sink *out, lapse_error_detail *detail)
{
    /* The decision, and the end it found: the cancellation that sets it, its
     * notice deadline, and how long invoices go on (to the term end when a
     * contract's commitment is owed). */
    lapse_decision d;
    lapse__end end;
    lapse_error error = lapse__decide(policy, s, r, &d, &end, detail);
    if (error)
        return error;
    lapse__plan plan = lapse__plan_of(policy, s);
    /* The dated events other than invoices, sorted by date and, on one date,
     * by day_rank.  They are listed from the last of a day to the first, so
     * that their order on a date comes from day_rank alone, never from the
     * listing (the tests of that order can fail).  Invoices that go on
     * after access ends (a contract's owed commitment) are merged between
     * them, so the whole listing stays in date order. */
    bool ending = d.warnings & LAPSE_WARNING_ALREADY_ENDING;
    bool prior = lapse__cancelled_by(s, r->on);
    /* A recorded cancellation settled its money on its own date. */
    lapse_decision settled = d;
    if (prior && (error = lapse__settlement(policy, s, &settled, detail)))
        return error;
    enum {
        DELETED,
        END,
        PAUSE,
        FEE,
        CREDIT,
        APPLIED,
        REFUND,
        CANCELLATION,
        DEADLINE,
        RESUME,
        SINGLES
    };
    /* A pause and its resume, when before the end (an end in the pause or
     * on resumes_on: no access again). */
    bool paused = lapse__has_pause(s);
    single singles[SINGLES] = {
        [DELETED] = { d.data_deleted_on, LAPSE_EVENT_DATA_DELETED, 0, LAPSE_DATE_NONE },
        [END] = { d.effective_end, LAPSE_EVENT_EFFECTIVE_END, 0, LAPSE_DATE_NONE },
        [PAUSE] = { paused && s->paused_from < d.effective_end ? s->paused_from : LAPSE_DATE_NONE,
                    LAPSE_EVENT_PAUSE, 0, LAPSE_DATE_NONE },
        [RESUME] = { paused && s->resumes_on < d.effective_end ? s->resumes_on : LAPSE_DATE_NONE,
                     LAPSE_EVENT_RESUME, 0, LAPSE_DATE_NONE },
        [FEE] = { LAPSE_DATE_NONE, LAPSE_EVENT_TERMINATION_FEE, settled.termination_fee,
                  LAPSE_DATE_NONE },
        [CREDIT] = { LAPSE_DATE_NONE, LAPSE_EVENT_ACCOUNT_CREDIT, settled.account_credit,
                     LAPSE_DATE_NONE },
        [APPLIED] = { LAPSE_DATE_NONE, LAPSE_EVENT_APPLIED_TO_BALANCE, settled.applied_to_balance,
                      LAPSE_DATE_NONE },
        [REFUND] = { LAPSE_DATE_NONE, LAPSE_EVENT_REFUND, settled.refund, LAPSE_DATE_NONE },
        [CANCELLATION] = { LAPSE_DATE_NONE, LAPSE_EVENT_CANCELLATION, 0, LAPSE_DATE_NONE },
        [DEADLINE] = { LAPSE_DATE_NONE, LAPSE_EVENT_NOTICE_DEADLINE, 0, LAPSE_DATE_NONE },
    };
    if (!ending || prior) {
        lapse_date cancelled = prior ? s->cancelled_on : r->on;
        singles[CANCELLATION].date = cancelled;
        /* The money the cancellation settles, on its date, when not 0. */
        for (size_t i = FEE; i <= REFUND; i++)
            singles[i].date = singles[i].amount > 0 ? cancelled : LAPSE_DATE_NONE;
        /* The timeline begins at the start: a notice period longer than the
         * term puts its deadline before it, and then no request is in time. */
        if (end.notice_deadline >= s->start)
            singles[DEADLINE].date = end.notice_deadline;
    }
    size_t count = sort_singles(singles, sizeof singles / sizeof singles[0]);
    return list_events(&plan, &end, NULL, end.charge_until, singles, count, out, detail);
}

/* Every event, in date order: the start, renewals and invoices (to
 * invoices_until, exclusive, as the end or the reduction says) merged with
 * the sorted singles[0..count). */
static lapse_error list_events(const lapse__plan *plan_, const lapse__end *end_,
                               const lapse__reduction *reduction, lapse_date invoices_until,
                               const single *singles, size_t count, sink *out,
                               lapse_error_detail *detail)
{
    const lapse__plan plan = *plan_;
    const lapse__end end = *end_;
    const lapse_subscription *s = plan.s;
    lapse_error error;
    size_t next_single = 0;

    /* Invoices stop at charge_until, each as lapse__invoice says: in
     * advance dated its period's start; in arrears its end, or
     * charge_until for the days served of a period cut short (none after
     * a withdrawal in cooling-off), so it waits as `pending` until the next
     * period's start and its own events have been listed. */
    bool arrears = lapse__in_arrears(&plan);
    /* Only its date is read until it is assigned whole: none pending. */
    single pending = { .date = LAPSE_DATE_NONE }, invoice;
    if (plan.trial) {
        /* A free trial: the start, then (none invoiced in it) the first day
         * billed begins the plan. */
        for (; next_single < count && singles[next_single].date < s->start; next_single++)
            emit(out, &plan, singles[next_single].kind, singles[next_single].date,
                 singles[next_single].amount);
        emit(out, &plan, LAPSE_EVENT_START, s->start, 0);
    }
    if (plan.leading) {
        /* Calendar billing: the start, and the leading partial period's
         * invoice, before the first billing day begins the initial term. */
        for (; next_single < count && singles[next_single].date < plan.start; next_single++)
            emit(out, &plan, singles[next_single].kind, singles[next_single].date,
                 singles[next_single].amount);
        if (!plan.trial)
            emit(out, &plan, LAPSE_EVENT_START, s->start, 0);
        if ((error = period_invoice(&plan, &end, reduction, -1, plan.start, plan.first_billing,
                                    plan.leading_price, &invoice, detail)))
            return error;
        if (arrears)
            pending = invoice;
        else if (invoice.date != LAPSE_DATE_NONE)
            emit(out, &plan, LAPSE_EVENT_INVOICE, invoice.date, invoice.amount);
    }
    for (int32_t offset = 0;;) {
        lapse_date date;
        if (!lapse__plan_date(&plan, offset, &date) || date >= invoices_until)
            break;
        if (pending.date != LAPSE_DATE_NONE && pending.date < date) {
            /* In arrears the period before a pause that moves the term is
             * invoiced at paused_from, before the resume begins the next. */
            for (; next_single < count &&
                   (singles[next_single].date < pending.date ||
                    (singles[next_single].date == pending.date &&
                     day_rank(singles[next_single].kind) < day_rank(LAPSE_EVENT_INVOICE)));
                 next_single++)
                emit(out, &plan, singles[next_single].kind, singles[next_single].date,
                     singles[next_single].amount);
            emit_in(out, &plan, LAPSE_EVENT_INVOICE, pending.date, pending.amount,
                    pending.period_start);
            pending.date = LAPSE_DATE_NONE;
        }
        /* The day's singles before its period begins: a resume. */
        for (; next_single < count &&
               (singles[next_single].date < date ||
                (singles[next_single].date == date &&
                 day_rank(singles[next_single].kind) < day_rank(LAPSE_EVENT_START)));
             next_single++)
            emit(out, &plan, singles[next_single].kind, singles[next_single].date,
                 singles[next_single].amount);
        int32_t k = lapse__term_index(&plan, offset);
        if (offset == 0 && !plan.leading && !plan.trial)
            emit(out, &plan, LAPSE_EVENT_START, date, 0);
        else if (offset > 0 && offset == lapse__term_offset(&plan, k))
            emit(out, &plan, LAPSE_EVENT_RENEWAL, date, 0);
        int32_t period = lapse__period_index(&plan, offset);
        int64_t price = lapse__period_price(&plan, period);
        int32_t next =
            s->billing > 0 ? offset + s->billing : (int32_t)lapse__term_offset(&plan, k + 1);
        lapse_date stop;
        if (!lapse__plan_date(&plan, next, &stop))
            stop = LAPSE_DATE_MAX;
        if ((error = period_invoice(&plan, &end, reduction, period, date, stop, price, &invoice,
                                    detail)))
            return error;
        if (!arrears) {
            if (invoice.date != LAPSE_DATE_NONE)
                emit(out, &plan, LAPSE_EVENT_INVOICE, invoice.date, invoice.amount);
        } else {
            if (pending.date != LAPSE_DATE_NONE) /* the last period's, dated today */
                emit_in(out, &plan, LAPSE_EVENT_INVOICE, pending.date, pending.amount,
                        pending.period_start);
            pending = invoice;
        }
        offset = next;
    }
    for (; next_single < count; next_single++) {
        if (pending.date != LAPSE_DATE_NONE && pending.date <= singles[next_single].date &&
            day_rank(LAPSE_EVENT_INVOICE) <= day_rank(singles[next_single].kind)) {
            emit_in(out, &plan, LAPSE_EVENT_INVOICE, pending.date, pending.amount,
                    pending.period_start);
            pending.date = LAPSE_DATE_NONE;
        }
        emit(out, &plan, singles[next_single].kind, singles[next_single].date,
             singles[next_single].amount);
    }
    if (pending.date != LAPSE_DATE_NONE)
        emit_in(out, &plan, LAPSE_EVENT_INVOICE, pending.date, pending.amount,
                pending.period_start);
    return LAPSE_OK;
}

lapse_error lapse_timeline(const lapse_policy *policy, const lapse_subscription *subscription,
                           const lapse_request *request, lapse_event *events, size_t capacity,
                           size_t *count, lapse_error_detail *detail)
{
    lapse_error error =
        lapse__enter(&policy, subscription, request, 1, count, sizeof *count, "count", detail);
    if (!error && capacity > 0 && !events)
        error = lapse__fail_missing(detail, "events");
    sink out = { events, capacity, 0 };
    if (!error)
        error = request->reduce_count > 0
                    ? reduction_timeline(policy, subscription, request, &out, detail)
                    : timeline(policy, subscription, request, &out, detail);
    if (!error)
        *count = out.count;
    return error;
}

size_t lapse_sizeof_event(void) { return sizeof(lapse_event); }
