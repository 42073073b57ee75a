/*
 * The policy lint: settings that no decision can use.  A setting is
 * reported only when it differs from the default (the shipped policy files
 * list every key with its default), with where the text gave it.
 */
#include <stdio.h>
#include <string.h>

#include "fail.h"
#include "model.h"
#include "policy.h"
#include "text.h"
#include "validate.h"

typedef struct sink {
    lapse_lint_finding *findings;
    size_t capacity, count;
    const lapse__key_positions *where;
} sink;

static void report(sink *out, const char *key, const char *message)
{
    if (out->count < out->capacity) {
        lapse_lint_finding *f = &out->findings[out->count];
        memset(f, 0, sizeof *f);
        snprintf(f->key, sizeof f->key, "%s", key);
        snprintf(f->message, sizeof f->message, "%s: %s", key, message);
        for (size_t k = 0; out->where && lapse__policy_key(k); k++)
            if (strcmp(lapse__policy_key(k), key) == 0) {
                f->line = out->where->line[k];
                f->column = out->where->column[k];
            }
    }
    out->count++;
}

static void lint(const lapse_policy *p, sink *out)
{
    const lapse_policy *d = &lapse__default_policy;
    bool immediate = p->timing == LAPSE_TIMING_IMMEDIATE;
    /* Reductions of items use refund, commitment and the shares too, by
     * their own timing. */
    bool reduces_at_once = p->reduction_timing == LAPSE_TIMING_IMMEDIATE;
    bool reduces_early = p->reduction_timing != LAPSE_TIMING_END_OF_TERM;
    bool never_renews = p->renewal == LAPSE_RENEWAL_NONE;
    if ((p->termination_fee != 0 || p->termination_fee_currency[0]) &&
        p->commitment != LAPSE_COMMITMENT_FIXED_FEE)
        report(out, "termination_fee", "only commitment = fixed_fee charges it");
    if (p->termination_fee_percent != 0 && p->commitment != LAPSE_COMMITMENT_PERCENT_FEE)
        report(out, "termination_fee_percent", "only commitment = percent_fee charges it");
    if (p->commitment != d->commitment && p->timing == LAPSE_TIMING_END_OF_TERM && !reduces_early)
        report(out, "commitment",
               "end_of_term timing never ends service before the term end, so the rest of a "
               "term is never left to owe or waive");
    bool arrears = p->invoicing == LAPSE_INVOICING_IN_ARREARS;
    if (p->refund != d->refund && arrears)
        report(out, "refund",
               "invoicing = in_arrears: nothing is paid in advance, so nothing is refunded");
    else if (p->refund != d->refund && !immediate && !reduces_at_once)
        report(out, "refund",
               "only immediate timing ends service before the current billing period's end, "
               "the one case with undelivered service to refund (cooling-off refunds "
               "everything paid whatever this says)");
    if (p->notice_days != d->notice_days &&
        (immediate || never_renews || p->notice_applies == LAPSE_NOTICE_APPLIES_NEVER))
        report(out, "notice_days",
               never_renews ? "renewal = none: nothing renews, no notice is due"
               : immediate  ? "immediate timing never ends at a renewal, no notice is due"
                            : "notice_applies = never");
    if (p->notice_applies != d->notice_applies && (immediate || never_renews))
        report(out, "notice_applies",
               never_renews ? "renewal = none: nothing renews, no notice is due"
                            : "immediate timing never ends at a renewal, no notice is due");
    if (p->cooling_off_applies != d->cooling_off_applies && p->cooling_off_days == 0)
        report(out, "cooling_off_applies", "cooling_off_days is 0: there is no cooling-off");
    if (p->holidays.count > 0 && p->cooling_off_days == 0)
        report(out, "holidays", "cooling_off_days is 0: there is no cooling-off period to end");
    if (p->cooling_off_charge != d->cooling_off_charge && p->cooling_off_days == 0)
        report(out, "cooling_off_charge",
               "cooling_off_days is 0: there is no cooling-off, so no withdrawal to charge");
    /* Shares: a prorated refund (only immediate timing leaves one), and the
     * remaining commitment a fee is taken of (never under end_of_term). */
    bool fee = (p->commitment == LAPSE_COMMITMENT_FIXED_FEE ||
                p->commitment == LAPSE_COMMITMENT_PERCENT_FEE) &&
               (p->timing != LAPSE_TIMING_END_OF_TERM || reduces_early);
    bool proportionate =
        p->cooling_off_charge == LAPSE_COOLING_OFF_CHARGE_PROPORTIONATE && p->cooling_off_days > 0;
    bool shares = ((immediate || reduces_at_once) && p->refund == LAPSE_REFUND_PRORATED) || fee ||
                  proportionate;
    static const char no_share[] =
        "no share is ever computed: only a prorated refund under immediate timing or a "
        "fixed_fee or percent_fee commitment under a timing other than end_of_term has one";
    if (p->rounding != d->rounding && !shares)
        report(out, "rounding", no_share);
    if (p->proration_days != d->proration_days && !shares)
        report(out, "proration_days", no_share);
    if (p->immediate_end != d->immediate_end && !immediate && p->cooling_off_days == 0)
        report(out, "immediate_end",
               "nothing ends at once: neither immediate timing nor a cooling-off period");
}

static lapse_error lint_into(const lapse_policy *policy, const lapse__key_positions *where,
                             lapse_lint_finding *findings, size_t capacity, size_t *count,
                             lapse_error_detail *detail)
{
    if (!count || (capacity > 0 && !findings))
        return lapse__fail_missing(detail, count ? "findings" : "count");
    *count = 0;
    lapse_error error = lapse__check_policy(policy, detail);
    if (error)
        return error;
    sink out = { findings, capacity, 0, where };
    lint(policy, &out);
    *count = out.count;
    return LAPSE_OK;
}

lapse_error lapse_policy_lint(const lapse_policy *policy, lapse_lint_finding *findings,
                              size_t capacity, size_t *count, lapse_error_detail *detail)
{
    if (!policy) {
        if (count)
            *count = 0;
        return lapse__fail_missing(detail, "policy");
    }
    return lint_into(policy, NULL, findings, capacity, count, detail);
}

lapse_error lapse_policy_lint_text(const char *text, size_t length, lapse_lint_finding *findings,
                                   size_t capacity, size_t *count, lapse_error_detail *detail)
{
    if (count)
        *count = 0;
    if (!text)
        return lapse__fail_missing(detail, "text");
    lapse_policy policy;
    lapse__key_positions where;
    lapse_error error = lapse__policy_parse_located(text, length, &policy, &where, detail);
    return error ? error : lint_into(&policy, &where, findings, capacity, count, detail);
}

size_t lapse_sizeof_lint_finding(void) { return sizeof(lapse_lint_finding); }
