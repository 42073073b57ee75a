/*
 * Explanations for people: a decision, a status and a timeline event in
 * words, in the language of a table of words.c.  The figures are the
 * decision's; the text says them the way a support agent would to a
 * customer: inclusive last days ("last day of access: 2026-03-14"), never a
 * half-open range, and for a refused request what happens when it is
 * cancelled through the route that works.
 */
#include <string.h>

#include "cancel.h"
#include "checked.h"
#include "fail.h"
#include "plan.h"
#include "reduce.h"
#include "term.h"
#include "text.h"
#include "validate.h"
#include "words.h"

/* Text written under snprintf rules: what fits, and the length of all. */
typedef struct text_out {
    char *buf;
    size_t size;
    size_t length;
} text_out;

static void put(text_out *out, const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++, out->length++)
        if (out->length + 1 < out->size)
            out->buf[out->length] = text[i];
}

static void puts_(text_out *out, const char *text) { put(out, text, strlen(text)); }

/* A template of words.h with its arguments: %1..%9, and %% for '%'. */
static void say(text_out *out, const char *template, const char *const *args, int count)
{
    for (const char *p = template; *p; p++) {
        if (p[0] == '%' && p[1] == '%') {
            put(out, "%", 1);
            p++;
        } else if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int index = p[1] - '1';
            if (index < count)
                puts_(out, args[index]);
            p++;
        } else {
            put(out, p, 1);
        }
    }
}

static void say1(text_out *out, const char *template, const char *a) { say(out, template, &a, 1); }

static void say2(text_out *out, const char *template, const char *a, const char *b)
{
    const char *args[] = { a, b };
    say(out, template, args, 2);
}

static void say3(text_out *out, const char *template, const char *a, const char *b, const char *c)
{
    const char *args[] = { a, b, c };
    say(out, template, args, 3);
}

static void say4(text_out *out, const char *template, const char *a, const char *b, const char *c,
                 const char *d)
{
    const char *args[] = { a, b, c, d };
    say(out, template, args, 4);
}

/* Ends the text; cut short, at a character boundary (lapse__utf8_cut),
 * while out->length stays the whole text's. */
static void finish(text_out *out)
{
    if (out->size > 0)
        out->buf[out->length < out->size ? out->length
                                         : lapse__utf8_cut(out->buf, out->length, out->size - 1)] =
            '\0';
}

/* Text padded with blanks to `width` characters (UTF-8 counted). */
static void pad(text_out *out, const char *text, int width)
{
    puts_(out, text);
    int characters = 0;
    for (const char *p = text; *p; p++)
        characters += ((unsigned char)*p & 0xC0) != 0x80;
    for (; characters < width; characters++)
        put(out, " ", 1);
}

static void label(text_out *out, const lapse__words *w, const char *text)
{
    pad(out, text, w->label_width);
}

enum { DATE_WORDS = 16, AMOUNT_WORDS = 64, NUMBER_WORDS = 24 };

static const char *number_text(int64_t value, char buf[NUMBER_WORDS])
{
    lapse__format_integer(value, buf, NUMBER_WORDS);
    return buf;
}

static const char *date_text(const lapse__words *w, lapse_date date, char buf[DATE_WORDS])
{
    if (!w->day_first) {
        lapse_date_format(date, buf, DATE_WORDS);
        return buf;
    }
    /* The ISO text rearranged: day, month, year ("" for no date). */
    char iso[LAPSE_DATE_TEXT_SIZE];
    if (lapse_date_format(date, iso, sizeof iso) == 0) {
        buf[0] = '\0';
        return buf;
    }
    char s = w->date_separator;
    char text[] = { iso[8], iso[9], s, iso[5], iso[6], s, iso[0], iso[1], iso[2], iso[3], '\0' };
    memcpy(buf, text, sizeof text);
    return buf;
}

/* The day before a half-open end: the last day it covers. */
static const char *last_day_text(const lapse__words *w, lapse_date end, char buf[DATE_WORDS])
{
    return date_text(w, end - 1, buf);
}

/* "1.234,50 EUR": the language's marks, the currency's decimals. */
static const char *amount_text(const lapse__words *w, int64_t amount, const char *currency,
                               char buf[AMOUNT_WORDS])
{
    char number[LAPSE_AMOUNT_TEXT_SIZE];
    lapse_amount_format(amount, currency, number, sizeof number);
    const char *digits = number[0] == '-' ? number + 1 : number;
    const char *point = strchr(digits, '.');
    size_t whole = point ? (size_t)(point - digits) : strlen(digits);
    text_out out = { buf, AMOUNT_WORDS, 0 };
    if (digits != number)
        put(&out, "-", 1);
    for (size_t i = 0; i < whole; i++) {
        if (i > 0 && (whole - i) % 3 == 0)
            puts_(&out, w->group_mark);
        put(&out, digits + i, 1);
    }
    if (point) {
        puts_(&out, w->decimal_mark);
        puts_(&out, point + 1);
    }
    put(&out, " ", 1);
    puts_(&out, currency);
    finish(&out);
    return buf;
}

static const char *pick(const char *const forms[2], int64_t count)
{
    return forms[count == 1 ? 0 : 1];
}

static lapse_error words_of(const char *language, const lapse__words **words,
                            lapse_error_detail *detail)
{
    *words = lapse__words_of(language ? language : "en");
    if (*words)
        return LAPSE_OK;
    char known[64] = "";
    text_out list = { known, sizeof known, 0 };
    const lapse__words *w;
    for (size_t i = 0; (w = lapse__words_at(i)) != NULL; i++) {
        puts_(&list, i ? ", " : "");
        puts_(&list, w->code);
    }
    finish(&list);
    char quoted[64];
    lapse__quote(language, strlen(language), 16, quoted, sizeof quoted);
    return lapse__fail(detail, LAPSE_ERR_UNKNOWN_NAME, "language", "language '%s': not one of %s",
                       quoted, known);
}

/* NULL is the default policy, as in every decision. */
static const lapse_policy *policy_or_default(const lapse_policy *policy, lapse_policy *fallback)
{
    if (policy)
        return policy;
    lapse_policy_default(fallback);
    return fallback;
}

/* The checks every explanation starts with: its buffer, its language. */
static lapse_error begin(char *buf, size_t size, size_t *length, const char *language,
                         const lapse__words **words, lapse_error_detail *detail)
{
    if (length)
        *length = 0;
    if (buf && size > 0)
        buf[0] = '\0';
    if (!buf && size > 0)
        return lapse__fail(detail, LAPSE_ERR_NULL_ARGUMENT, "buf", "buf: NULL with a size of %zu",
                           size);
    return words_of(language, words, detail);
}

/* An explanation of a result (a decision, a status) being written: its
 * words, the policy (the default for NULL) and the text. */
typedef struct explaining {
    const lapse__words *w;
    const lapse_policy *policy;
    lapse_policy fallback;
    text_out out;
} explaining;

/* What an explanation of a result starts with: the checks of begin(), the
 * result asked about (`name`) given, the policy and an empty text. */
static lapse_error start_explaining(explaining *e, const lapse_policy *policy, const void *result,
                                    const char *name, const char *language, char *buf, size_t size,
                                    size_t *length, lapse_error_detail *detail)
{
    lapse_error error = begin(buf, size, length, language, &e->w, detail);
    if (error)
        return error;
    if (!result)
        return lapse__fail_missing(detail, name);
    e->policy = policy_or_default(policy, &e->fallback);
    e->out = (text_out){ buf, size, 0 };
    return LAPSE_OK;
}

/* Ends the text and reports its whole length. */
static lapse_error end_explaining(explaining *e, size_t *length)
{
    finish(&e->out);
    if (length)
        *length = e->out.length;
    return LAPSE_OK;
}

/* ------------------------------------------------------------------------
 * A decision
 * ------------------------------------------------------------------------ */

/* How many of the invoices still to come are dated on or after the end of
 * access, and what they come to: a contract whose commitment is owed under
 * a timing that ends service early is still invoiced to its term end, and
 * in arrears every period is invoiced at its end.  Billing periods are
 * contiguous and only the last can be cut short, so those invoices are the
 * tail of them, found in one step: in advance from the first period
 * starting on or after the end, in arrears (an invoice dated the next
 * period's start) from the one before it. */
static void invoices_after_access(const lapse__plan *plan, const lapse_decision *d, int64_t *count,
                                  int64_t *amount)
{
    *count = 0;
    *amount = 0;
    if (d->invoices_left <= 0 || d->next_invoice == LAPSE_DATE_NONE)
        return;
    bool arrears = lapse__in_arrears(plan);
    /* In arrears next_invoice ends the first period invoiced. */
    lapse_date in_first = arrears ? d->next_invoice - 1 : d->next_invoice;
    int64_t first = lapse__period_index(plan, (int32_t)lapse__plan_months(plan, in_first));
    int64_t last = first + d->invoices_left - 1;
    int32_t period = lapse__period_index(plan, (int32_t)lapse__plan_months(plan, d->effective_end));
    lapse_date period_start;
    if (!lapse__plan_date(plan, lapse__period_offset(plan, period), &period_start))
        return;
    int64_t from = period_start < d->effective_end ? (int64_t)period + 1 : period;
    from -= arrears;
    from = from > first ? from : first;
    if (from > last)
        return;
    /* The periods before `from` are whole (only the last can be cut): the
     * rest of still_to_invoice is theirs.  A leading partial period (index
     * -1) among them costs its own price, not the price of a whole one. */
    int64_t leading = first < 0 && from > first;
    int64_t intro, initial, renewal;
    lapse__period_counts(plan, first + leading, from - 1, &intro, &initial, &renewal);
    int64_t initial_sum, renewal_sum, intro_sum, whole_sum, earlier;
    if (lapse__mul(initial, plan->price, &initial_sum) &&
        lapse__mul(renewal, plan->renewal_price, &renewal_sum) &&
        lapse__mul(intro, plan->intro_price, &intro_sum) &&
        lapse__add(initial_sum, renewal_sum, &whole_sum) &&
        lapse__add(whole_sum, intro_sum, &whole_sum) &&
        lapse__add(whole_sum, leading ? plan->leading_price : 0, &earlier) &&
        earlier <= d->still_to_invoice) {
        *amount = d->still_to_invoice - earlier;
        *count = last - from + 1;
    }
}

/* A term's length in its months.  A shifted pause within it lengthens its
 * span by the pause, not its months: counted as the plan counts them
 * (lapse__plan_months leaves the pause out), the 12-month term
 * paused a month is still 12 months. */
static int32_t term_months(const lapse__plan *plan, const lapse_decision *d)
{
    const lapse_subscription *s = plan->s;
    if (plan->paused && plan->shifted && s->paused_from >= d->term_start &&
        s->paused_from < d->term_end)
        return (int32_t)(lapse__plan_months(plan, d->term_end) -
                         lapse__plan_months(plan, d->term_start));
    return lapse_months_since(d->term_start, d->term_end);
}

static void explain_request(text_out *out, const lapse__words *w, const lapse__plan *plan,
                            const lapse_request *r, const lapse_decision *d, const char *what)
{
    const lapse_subscription *s = plan->s;
    char start[DATE_WORDS], on[DATE_WORDS], price[AMOUNT_WORDS], months[NUMBER_WORDS];
    char term[96], billing[160];
    bool in_trial = plan->trial && d->term_end == plan->start;
    bool renewal = d->term_start != plan->start && !in_trial;
    int32_t length = term_months(plan, d);
    text_out term_out = { term, sizeof term, 0 };
    char first[DATE_WORDS];
    if (in_trial)
        say1(&term_out, w->trial_term, last_day_text(w, plan->start, first));
    else if (plan->leading && d->term_end == plan->first_billing)
        say1(&term_out, w->leading_term, date_text(w, plan->first_billing, first));
    else
        say1(&term_out, pick(renewal ? w->renewal_term : w->initial_term, length),
             number_text(length, months));
    finish(&term_out);
    text_out billing_out = { billing, sizeof billing, 0 };
    if (s->billing == 0)
        puts_(&billing_out, w->up_front);
    else if (s->billing == 1)
        puts_(&billing_out, w->monthly);
    else
        say1(&billing_out, w->every_months, number_text(s->billing, months));
    if (lapse__in_arrears(plan))
        puts_(&billing_out, w->in_arrears);
    char intro[AMOUNT_WORDS], intro_months[NUMBER_WORDS];
    if (plan->intro_periods > 0 && !renewal) {
        const char *intro_args[] = { amount_text(w, plan->intro_price, s->currency, intro),
                                     number_text(s->intro_months, intro_months) };
        say(&billing_out, pick(w->intro_price, s->intro_months), intro_args, 2);
    }
    finish(&billing_out);
    const char *args[] = {
        s->contract ? w->contract : w->self_serve, date_text(w, s->start, start), term,
        amount_text(w, renewal ? plan->renewal_price : plan->price, s->currency, price), billing
    };
    say(out, what, args, 5);

    char who[200];
    text_out who_out = { who, sizeof who, 0 };
    if (!r->roles) {
        puts_(&who_out, w->by_nobody);
    } else {
        char roles[160];
        text_out roles_out = { roles, sizeof roles, 0 };
        for (uint32_t bit = 0; bit < 3; bit++) {
            if (r->roles & (1u << bit)) {
                puts_(&roles_out, roles_out.length ? w->role_join : "");
                puts_(&roles_out, w->role[bit]);
            }
        }
        finish(&roles_out);
        say1(&who_out, w->by_roles, roles);
    }
    finish(&who_out);
    say3(out, w->requested, date_text(w, r->on, on), w->via[r->channel == LAPSE_CHANNEL_SUPPORT],
         who);
}

/* R8's list of what support asks for, as one item. */
static void support_checklist(text_out *out, const lapse__words *w, uint32_t missing)
{
    char list[400];
    text_out list_out = { list, sizeof list, 0 };
    for (uint32_t bit = 0; bit < 5; bit++) {
        if (missing & (1u << bit)) {
            puts_(&list_out, list_out.length ? w->list_join : "");
            puts_(&list_out, w->support_info[bit]);
        }
    }
    finish(&list_out);
    say1(out, w->have_ready, list);
}

static void explain_verdict(text_out *out, const lapse__words *w, const lapse_request *r,
                            const lapse_decision *d)
{
    bool support = r->channel == LAPSE_CHANNEL_SUPPORT;
    if (d->allowed) {
        say1(out, w->allowed, w->allowed_how[support]);
        return;
    }
    say1(out, w->refused, w->via[support]);
    for (uint32_t bit = 0; bit < 7; bit++) {
        if (d->blocked & (1u << bit)) {
            puts_(out, "  - ");
            puts_(out, w->reason[bit]);
            puts_(out, "\n");
        }
    }
    puts_(out, d->route == LAPSE_ROUTE_SUPPORT ? w->instead_support : w->instead_admin);
    /* What happens when it is cancelled the way that works, on the same day;
     * what support asks for is in the checklist of the warnings. */
    char a[DATE_WORDS], b[DATE_WORDS];
    last_day_text(w, d->effective_end, b);
    bool missed = d->warnings & LAPSE_WARNING_NOTICE_MISSED;
    if (d->route != LAPSE_ROUTE_SUPPORT) {
        say2(out, w->admin_cancels, date_text(w, r->on, a), b);
    } else {
        if (d->notice_deadline != LAPSE_DATE_NONE && !missed)
            say2(out, w->call_support_by, date_text(w, d->notice_deadline, a), b);
        else
            say2(out, w->call_support_now, date_text(w, r->on, a), b);
    }
    puts_(out, "\n");
}

/* The term line: a leading partial term in days, else the term in months. */
static void explain_term(text_out *out, const lapse__words *w, const lapse__plan *plan,
                         const lapse_decision *d)
{
    char a[DATE_WORDS], b[DATE_WORDS], count[NUMBER_WORDS];
    int32_t months = term_months(plan, d);
    label(out, w, w->label_term);
    if (plan->trial && d->term_end == plan->start) {
        int64_t days = (int64_t)d->term_end - d->term_start;
        say3(out, pick(w->trial_span, days), date_text(w, d->term_start, a),
             last_day_text(w, d->term_end, b), number_text(days, count));
    } else if (plan->leading && d->term_end == plan->first_billing) {
        int64_t days = (int64_t)d->term_end - d->term_start;
        say3(out, pick(w->leading_span, days), date_text(w, d->term_start, a),
             last_day_text(w, d->term_end, b), number_text(days, count));
    } else {
        say3(out, pick(w->term_span, months), date_text(w, d->term_start, a),
             last_day_text(w, d->term_end, b), number_text(months, count));
    }
    const lapse_subscription *s = plan->s;
    if (plan->paused && s->paused_from >= d->term_start && s->paused_from < d->term_end) {
        /* The term's pause: it moves the term, or its periods are free. */
        puts_(out, "; ");
        say2(out, plan->shifted ? w->pause_moves_term : w->pause_keeps_term,
             date_text(w, s->paused_from, a), last_day_text(w, s->resumes_on, b));
    }
    puts_(out, "\n");
}

static void explain_figures(text_out *out, const lapse__words *w, const lapse__plan *plan,
                            const lapse_request *r, const lapse_decision *d, const lapse_zone *zone)
{
    char a[DATE_WORDS], b[DATE_WORDS], money[AMOUNT_WORDS], count[NUMBER_WORDS];
    explain_term(out, w, plan, d);
    if (d->notice_deadline != LAPSE_DATE_NONE) {
        label(out, w, w->label_notice);
        /* In a zone, the deadline's last minute there: "by 2025-12-02 23:59
         * Europe/Rome". */
        if (zone)
            say2(out, w->notice_by_in_zone, date_text(w, d->notice_deadline, a), zone->name);
        else
            puts_(out, date_text(w, d->notice_deadline, a));
        puts_(out, " (");
        puts_(out, (d->warnings & LAPSE_WARNING_NOTICE_MISSED) ? w->notice_missed
                   : d->allowed                                ? w->notice_in_time
                                                               : w->notice_cancel_by);
        puts_(out, ")\n");
    }
    label(out, w, w->label_last_day);
    puts_(out, last_day_text(w, d->effective_end, a));
    puts_(out, d->renews_first ? w->after_renewal : "");
    puts_(out, "\n");
    label(out, w, w->label_charged);
    /* Asked during a pause there is no current period: what is charged
     * begins with the resume's. */
    say1(out, lapse__in_pause(plan, r->on) ? w->charged_from_resume : w->charged,
         amount_text(w, d->remaining_term_charge, d->currency, money));
    puts_(out, "\n");
    label(out, w, w->label_invoiced);
    if (d->invoices_left > 0)
        say3(out, pick(w->invoiced, d->invoices_left),
             amount_text(w, d->still_to_invoice, d->currency, money),
             number_text(d->invoices_left, count), date_text(w, d->next_invoice, a));
    else
        /* In arrears a charge left with nothing to invoice is the current
         * period's invoice, issued on the request day (a same-day end). */
        puts_(out, lapse__in_arrears(plan) && d->remaining_term_charge == 0
                       ? w->nothing_invoiced_in_arrears
                       : w->nothing_invoiced);
    puts_(out, "\n");
    int64_t after_count, after_amount;
    invoices_after_access(plan, d, &after_count, &after_amount);
    if (after_count > 0) {
        label(out, w, w->label_after_access);
        say2(out, pick(w->after_access, after_count),
             amount_text(w, after_amount, d->currency, money), number_text(after_count, count));
        puts_(out, "\n");
    }
    label(out, w, w->label_refund);
    puts_(out, amount_text(w, d->refund, d->currency, money));
    puts_(out, "\n");
    if (d->applied_to_balance > 0 || d->account_credit > 0) {
        /* Settlement: not all of it paid back. */
        char cash[AMOUNT_WORDS], credit[AMOUNT_WORDS], after[AMOUNT_WORDS];
        label(out, w, w->label_settlement);
        say4(out, w->settlement, amount_text(w, d->applied_to_balance, d->currency, money),
             amount_text(w, d->cash_refund, d->currency, cash),
             amount_text(w, d->account_credit, d->currency, credit),
             amount_text(w, d->balance_after, d->currency, after));
        puts_(out, "\n");
    }
    if (d->termination_fee > 0) {
        label(out, w, w->label_fee);
        say1(out, w->fee, amount_text(w, d->termination_fee, d->currency, money));
        puts_(out, "\n");
    }
    label(out, w, w->label_data);
    say2(out, w->data, last_day_text(w, d->data_deleted_on, a),
         date_text(w, d->data_deleted_on, b));
    puts_(out, "\n");
    label(out, w, w->label_confirmation);
    puts_(out, d->confirmation == LAPSE_CONFIRMATION_EMAIL ? w->confirmation_email
                                                           : w->confirmation_list);
    puts_(out, "\n");
}

static void warning(text_out *out, const char *template, const char *a, const char *b)
{
    puts_(out, "  - ");
    say2(out, template, a ? a : "", b ? b : "");
    puts_(out, "\n");
}

static void explain_warnings(text_out *out, const lapse__words *w, const lapse_subscription *s,
                             const lapse_request *r, const lapse_decision *d)
{
    uint32_t warnings = d->warnings;
    /* R8: what support asks for.  Through support, what the request did not
     * provide; refused elsewhere and sent to support, all of it. */
    uint32_t checklist =
        (warnings & LAPSE_WARNING_SUPPORT_INFO_MISSING) ? d->missing_support_info
        : !d->allowed && d->route == LAPSE_ROUTE_SUPPORT && r->channel != LAPSE_CHANNEL_SUPPORT
            ? (1u << 5) - 1
            : 0;
    if (!warnings && !checklist)
        return;
    char a[DATE_WORDS], b[DATE_WORDS], money[AMOUNT_WORDS], count[NUMBER_WORDS];
    puts_(out, w->before_you_go);
    if (warnings & LAPSE_WARNING_ALREADY_ENDING)
        warning(out, w->already_ending, last_day_text(w, d->effective_end, a), NULL);
    if (warnings & LAPSE_WARNING_NOTICE_MISSED)
        warning(out, w->notice_came_late, date_text(w, d->notice_deadline, a), NULL);
    if (warnings & LAPSE_WARNING_OUTSTANDING_BALANCE)
        warning(out, w->settle_balance, amount_text(w, s->balance, s->currency, money), NULL);
    if (warnings & LAPSE_WARNING_LICENSES_ASSIGNED)
        warning(out, pick(w->unassign_licences, s->licenses), number_text(s->licenses, count),
                NULL);
    if (checklist) {
        puts_(out, "  - ");
        support_checklist(out, w, checklist);
        puts_(out, "\n");
    }
    /* A proportionate charge (art. 14(3)) keeps part of what was charged. */
    int64_t provided = d->remaining_term_charge - d->refund;
    if ((warnings & LAPSE_WARNING_COOLING_OFF) && provided > 0)
        warning(out, w->cooling_off_proportionate, amount_text(w, provided, d->currency, money),
                NULL);
    else if (warnings & LAPSE_WARNING_COOLING_OFF)
        warning(out, w->cooling_off, NULL, NULL);
    if (warnings & LAPSE_WARNING_IN_TRIAL)
        warning(out, w->in_trial, last_day_text(w, d->effective_end, a),
                last_day_text(w, d->term_end, b));
    if (warnings & LAPSE_WARNING_PAUSED)
        warning(out, w->in_pause, date_text(w, s->paused_from, a),
                last_day_text(w, s->resumes_on, b));
    if (warnings & LAPSE_WARNING_ENDS_BEFORE_TERM_END)
        warning(out, w->ends_before_term_end, last_day_text(w, d->effective_end, a),
                last_day_text(w, d->term_end, b));
    if (warnings & LAPSE_WARNING_COMMITMENT_WAIVED)
        warning(out, w->commitment_waived, NULL, NULL);
    if (warnings & LAPSE_WARNING_TERMINATION_FEE)
        warning(out, w->termination_fee, amount_text(w, d->termination_fee, d->currency, money),
                NULL);
    if (warnings & LAPSE_WARNING_REFUND_DUE)
        warning(out, w->refund_due, amount_text(w, d->refund, d->currency, money), NULL);
    if (warnings & LAPSE_WARNING_BACK_UP_DATA)
        warning(out, w->back_up_data, last_day_text(w, d->effective_end, a), NULL);
}

/* A reduction: the verdict (R14 sends it to support unless the policy
 * puts reductions online), each item before and after, when the change
 * takes effect, the term's charges with it, what it saves, and what to do
 * first. */
static void explain_reduction(text_out *out, const lapse__words *w, const lapse__plan *plan,
                              const lapse_request *r, const lapse_decision *d,
                              const lapse__reduction *red)
{
    const lapse_subscription *s = plan->s;
    bool support = r->channel == LAPSE_CHANNEL_SUPPORT;
    char a[DATE_WORDS], money[AMOUNT_WORDS], count[NUMBER_WORDS], after[NUMBER_WORDS];
    if (d->allowed) {
        say1(out, w->change_allowed, w->allowed_how[support]);
    } else {
        say1(out, w->refused, w->via[support]);
        for (uint32_t bit = 0; bit < 7; bit++) {
            if (d->blocked & (1u << bit)) {
                puts_(out, "  - ");
                puts_(out, w->reason[bit]);
                puts_(out, "\n");
            }
        }
        puts_(out, d->route == LAPSE_ROUTE_SUPPORT ? w->instead_change_support : w->instead_admin);
        if (d->route != LAPSE_ROUTE_SUPPORT)
            puts_(out, "\n");
    }
    explain_term(out, w, plan, d);
    for (int32_t i = 0; i < s->item_count; i++) {
        const lapse_item_result *item = &red->items[i];
        label(out, w, i == 0 ? w->label_items : "");
        amount_text(w, s->items[i].unit_price, s->currency, money);
        if (item->quantity_after == item->quantity) {
            say3(out, w->item_unchanged, item->name, number_text(item->quantity, count), money);
        } else {
            const char *args[] = { item->name, number_text(item->quantity, count),
                                   number_text(item->quantity_after, after), money };
            say(out, w->item_change, args, 4);
            say1(out, w->item_released, date_text(w, item->released_on, a));
        }
        puts_(out, "\n");
    }
    label(out, w, w->label_change);
    say1(out, w->change_on, date_text(w, d->change_effective_on, a));
    puts_(out, "\n");
    label(out, w, w->label_charged);
    say1(out,
         lapse__in_pause(plan, r->on) ? w->charged_with_change_from_resume : w->charged_with_change,
         amount_text(w, d->remaining_term_charge, d->currency, money));
    puts_(out, "\n");
    label(out, w, w->label_invoiced);
    if (d->invoices_left > 0)
        say3(out, pick(w->invoiced, d->invoices_left),
             amount_text(w, d->still_to_invoice, d->currency, money),
             number_text(d->invoices_left, count), date_text(w, d->next_invoice, a));
    else
        puts_(out, w->nothing_invoiced);
    puts_(out, "\n");
    label(out, w, w->label_refund);
    puts_(out, amount_text(w, d->refund, d->currency, money));
    puts_(out, "\n");
    if (d->termination_fee > 0) {
        label(out, w, w->label_fee);
        puts_(out, amount_text(w, d->termination_fee, d->currency, money));
        puts_(out, "\n");
    }
    label(out, w, w->label_recurring);
    say1(out, w->recurring, amount_text(w, d->recurring_after, d->currency, money));
    puts_(out, "\n");
    label(out, w, w->label_saving);
    say2(out, w->saving, amount_text(w, d->saving, d->currency, money),
         last_day_text(w, d->term_end, a));
    puts_(out, "\n");

    uint32_t checklist =
        (d->warnings & LAPSE_WARNING_SUPPORT_INFO_MISSING)           ? d->missing_support_info
        : !d->allowed && d->route == LAPSE_ROUTE_SUPPORT && !support ? LAPSE_SUPPORT_INFO_ALL
                                                                     : 0;
    if (!d->warnings && !checklist && !red->kept)
        return;
    puts_(out, w->before_change);
    for (int32_t i = 0; i < s->item_count; i++)
        if (red->items[i].unassign > 0) {
            puts_(out, "  - ");
            say2(out, pick(w->unassign_item, red->items[i].unassign),
                 number_text(red->items[i].unassign, count), red->items[i].name);
            puts_(out, "\n");
        }
    if (checklist) {
        puts_(out, "  - ");
        support_checklist(out, w, checklist);
        puts_(out, "\n");
    }
    if (red->kept)
        warning(out, w->units_owed, last_day_text(w, d->term_end, a), NULL);
    if (d->warnings & LAPSE_WARNING_COMMITMENT_WAIVED)
        warning(out, w->units_waived, NULL, NULL);
    if (d->warnings & LAPSE_WARNING_TERMINATION_FEE)
        warning(out, w->units_fee, amount_text(w, d->termination_fee, d->currency, money), NULL);
    if (d->warnings & LAPSE_WARNING_REFUND_DUE)
        warning(out, w->refund_due, amount_text(w, d->refund, d->currency, money), NULL);
}

/* The result a text is asked about (a decision, a status) must be the one
 * its inputs give: a text is only ever written about that. */
static lapse_error same_as_given(const void *fresh, const void *given, size_t size,
                                 const char *field, const char *of, lapse_error_detail *detail)
{
    if (memcmp(fresh, given, size) == 0)
        return LAPSE_OK;
    return lapse__fail(detail, LAPSE_ERR_DECISION_MISMATCH, field, "%s: not the %s of this %s",
                       field, field, of);
}

/* lapse_explain() and lapse_explain_in_zone(): zone NULL for none. */
static lapse_error explain_decision(const lapse_policy *policy,
                                    const lapse_subscription *subscription,
                                    const lapse_request *request, const lapse_decision *decision,
                                    const lapse_zone *zone, const char *language, char *buf,
                                    size_t size, size_t *length, lapse_error_detail *detail)
{
    explaining e;
    lapse_error error =
        start_explaining(&e, policy, decision, "decision", language, buf, size, length, detail);
    if (error)
        return error;
    /* The decision these inputs give, which the text must be about. */
    lapse_decision d;
    if ((error = lapse_decide_cancel(policy, subscription, request, &d, detail)) ||
        (error = same_as_given(&d, decision, sizeof d, "decision",
                               "policy, subscription and request (decide them again)", detail)))
        return error;
    lapse__plan plan = lapse__plan_of(e.policy, subscription);
    if (request->reduce_count > 0) {
        lapse__reduction red;
        if ((error = lapse__reduction_of(e.policy, subscription, request, &red, detail)))
            return error;
        explain_request(&e.out, e.w, &plan, request, &d, e.w->reducing);
        explain_reduction(&e.out, e.w, &plan, request, &d, &red);
        return end_explaining(&e, length);
    }
    explain_request(&e.out, e.w, &plan, request, &d, e.w->cancelling);
    explain_verdict(&e.out, e.w, request, &d);
    explain_figures(&e.out, e.w, &plan, request, &d, zone);
    explain_warnings(&e.out, e.w, subscription, request, &d);
    return end_explaining(&e, length);
}

lapse_error lapse_explain(const lapse_policy *policy, const lapse_subscription *subscription,
                          const lapse_request *request, const lapse_decision *decision,
                          const char *language, char *buf, size_t size, size_t *length,
                          lapse_error_detail *detail)
{
    return explain_decision(policy, subscription, request, decision, NULL, language, buf, size,
                            length, detail);
}

lapse_error lapse_explain_in_zone(const lapse_policy *policy,
                                  const lapse_subscription *subscription,
                                  const lapse_request *request, const lapse_decision *decision,
                                  const lapse_zone *zone, const char *language, char *buf,
                                  size_t size, size_t *length, lapse_error_detail *detail)
{
    if (!zone) {
        lapse_error error = lapse__fail_missing(detail, "zone");
        if (buf && size > 0)
            buf[0] = '\0';
        if (length)
            *length = 0;
        return error;
    }
    if (memchr(zone->name, '\0', sizeof zone->name) == NULL || zone->name[0] == '\0') {
        if (buf && size > 0)
            buf[0] = '\0';
        if (length)
            *length = 0;
        return lapse__fail(detail, LAPSE_ERR_VALUE_SYNTAX, "zone", "zone: not a zone lapse filled");
    }
    return explain_decision(policy, subscription, request, decision, zone, language, buf, size,
                            length, detail);
}

/* ------------------------------------------------------------------------
 * A status
 * ------------------------------------------------------------------------ */

lapse_error lapse_explain_status(const lapse_policy *policy, const lapse_subscription *subscription,
                                 lapse_date date, const lapse_status_info *status,
                                 const char *language, char *buf, size_t size, size_t *length,
                                 lapse_error_detail *detail)
{
    explaining e;
    lapse_error error =
        start_explaining(&e, policy, status, "status", language, buf, size, length, detail);
    if (error)
        return error;
    lapse_status_info info;
    if ((error = lapse_status_at(policy, subscription, date, &info, detail)) ||
        (error = same_as_given(&info, status, sizeof info, "status",
                               "policy and subscription on this date (ask again)", detail)))
        return error;
    const lapse__words *w = e.w;
    text_out *out = &e.out;
    char a[DATE_WORDS], b[DATE_WORDS], money[AMOUNT_WORDS], money2[AMOUNT_WORDS];
    int index = (int)info.status - 1;
    const char *meaning = w->status_meaning[index];
    char renews[200];
    if (info.status == LAPSE_STATUS_ENDING) {
        /* A cancellation after the notice deadline still renews once. */
        lapse__plan plan = lapse__plan_of(e.policy, subscription);
        lapse__term term;
        if (lapse__term_at(&plan, date, &term, NULL) == LAPSE_OK && info.effective_end > term.end) {
            text_out line = { renews, sizeof renews, 0 };
            say2(&line, w->status_renews_once, date_text(w, term.end, a),
                 last_day_text(w, info.effective_end, b));
            finish(&line);
            meaning = renews;
        }
    }
    say3(out, w->status_on, date_text(w, date, a), w->status_name[index], meaning);
    if (info.since != LAPSE_DATE_NONE || info.until != LAPSE_DATE_NONE) {
        label(out, w, w->label_holds);
        if (info.since == LAPSE_DATE_NONE)
            say1(out, w->holds_until, last_day_text(w, info.until, b));
        else if (info.until == LAPSE_DATE_NONE)
            say1(out, w->holds_open, date_text(w, info.since, a));
        else
            say2(out, w->holds, date_text(w, info.since, a), last_day_text(w, info.until, b));
        puts_(out, "\n");
    }
    if (info.effective_end != LAPSE_DATE_NONE) {
        label(out, w, w->label_last_day);
        puts_(out, last_day_text(w, info.effective_end, a));
        puts_(out, "\n");
        label(out, w, w->label_data);
        say2(out, w->data, last_day_text(w, info.data_deleted_on, a),
             date_text(w, info.data_deleted_on, b));
        puts_(out, "\n");
    }
    if (info.refund > 0 || info.termination_fee > 0) {
        label(out, w, w->label_settled);
        say2(out, w->settled, amount_text(w, info.refund, subscription->currency, money),
             amount_text(w, info.termination_fee, subscription->currency, money2));
        puts_(out, "\n");
    }
    label(out, w, w->label_listed);
    puts_(out, w->listed[info.listed_as == LAPSE_LISTING_EXPIRED]);
    puts_(out, "\n");
    return end_explaining(&e, length);
}

/* ------------------------------------------------------------------------
 * Timeline events
 * ------------------------------------------------------------------------ */

const char *lapse_event_words(lapse_event_kind kind, const char *language)
{
    const lapse__words *w = lapse__words_of(language ? language : "en");
    if (!w || kind < LAPSE_EVENT_START || kind > LAPSE_EVENT_RESUME)
        return NULL;
    return w->event[kind - 1];
}

lapse_error lapse_explain_event(const lapse_subscription *subscription, const lapse_event *event,
                                const char *language, char *buf, size_t size, size_t *length,
                                lapse_error_detail *detail)
{
    const lapse__words *w;
    lapse_error error = begin(buf, size, length, language, &w, detail);
    if (error)
        return error;
    if (!subscription || !event)
        return lapse__fail_missing(detail, subscription ? "event" : "subscription");
    if ((error = lapse__check_subscription(subscription, detail)))
        return error;
    if (event->kind < LAPSE_EVENT_START || event->kind > LAPSE_EVENT_RESUME)
        return lapse__fail(detail, LAPSE_ERR_UNKNOWN_NAME, "event", "event: kind %ld is unknown",
                           (long)event->kind);
    if (!lapse__date_valid(event->date))
        return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, "event", "event date", event->date);
    /* One line, short enough for a local buffer, trimmed at the end. */
    char line[256], a[DATE_WORDS], amount[AMOUNT_WORDS] = "", number[NUMBER_WORDS];
    text_out out = { line, sizeof line, 0 };
    puts_(&out, date_text(w, event->date, a));
    puts_(&out, "  ");
    pad(&out, w->event[event->kind - 1], w->event_width);
    if (event->kind == LAPSE_EVENT_INVOICE || event->kind == LAPSE_EVENT_REFUND ||
        event->kind == LAPSE_EVENT_TERMINATION_FEE || event->kind == LAPSE_EVENT_CHANGE ||
        event->kind == LAPSE_EVENT_APPLIED_TO_BALANCE || event->kind == LAPSE_EVENT_ACCOUNT_CREDIT)
        amount_text(w, event->amount, subscription->currency, amount);
    for (size_t blank = strlen(amount); blank < 16; blank++)
        put(&out, " ", 1);
    puts_(&out, amount);
    if (event->term >= 0) {
        puts_(&out, "  ");
        say1(&out, w->term_number, number_text(event->term, number));
    }
    finish(&out);
    size_t n = strlen(line);
    while (n > 0 && line[n - 1] == ' ')
        n--;
    if (length)
        *length = n;
    lapse__copy_text(line, n, buf, size);
    return LAPSE_OK;
}

const char *lapse_language_code(size_t index)
{
    const lapse__words *w = lapse__words_at(index);
    return w ? w->code : NULL;
}
