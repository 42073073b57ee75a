/*
 * Where a subscription stands on a date (R12), what reactivating does
 * (R13), where changes (R14) and erasure requests (R11) go.
 */
#include "cancel.h"
#include "fail.h"
#include "plan.h"
#include "term.h"
#include "validate.h"

/* Active or ending, within the pause: paused, from paused_from to the
 * resume or an earlier change (a cancellation to come, the end). */
static void paused(const lapse__plan *plan, lapse_date date, lapse_status_info *out)
{
    if (!lapse__in_pause(plan, date))
        return;
    lapse_date until = plan->s->resumes_on;
    if (out->until != LAPSE_DATE_NONE && out->until < until)
        until = out->until;
    out->status = LAPSE_STATUS_PAUSED;
    out->since = plan->s->paused_from;
    out->until = until;
}

static lapse_error status_at(const lapse_policy *policy, const lapse_subscription *s,
                             lapse_date date, lapse_status_info *out, lapse_error_detail *detail)
{
    lapse_error error;
    if (date == LAPSE_DATE_NONE)
        return lapse__fail(detail, LAPSE_ERR_MISSING, "on", "status date: required but not given");
    if (!lapse__date_valid(date))
        return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, "on", "status date", date);
    out->since = out->until = out->effective_end = out->data_deleted_on = LAPSE_DATE_NONE;
    out->listed_as = LAPSE_LISTING_ACTIVE;
    if (date < s->start) {
        out->status = LAPSE_STATUS_NOT_STARTED;
        out->until = s->start;
        return LAPSE_OK;
    }
    lapse__plan plan = lapse__plan_of(policy, s);
    bool ending;
    lapse__end end;
    if ((error = lapse__existing_end(&plan, date, &ending, &end, detail)))
        return error;
    if (!ending) {
        out->status = LAPSE_STATUS_ACTIVE;
        out->since = s->start;
        if (s->cancelled_on != LAPSE_DATE_NONE)
            out->until = s->cancelled_on; /* a cancellation still to come */
        paused(&plan, date, out);
        return LAPSE_OK;
    }
    out->effective_end = end.effective_end;
    if ((error =
             lapse__deletion_date(&plan, date, end.effective_end, &out->data_deleted_on, detail)))
        return error;
    /* Without a cancellation date the record does not say since when. */
    lapse_date cancelled = lapse__cancelled_by(s, date) ? s->cancelled_on : LAPSE_DATE_NONE;
    /* What the recorded cancellation settled, for an audit. */
    lapse_decision settled;
    if (cancelled != LAPSE_DATE_NONE) {
        if ((error = lapse__settlement(policy, s, &settled, detail)))
            return error;
        out->refund = settled.refund;
        out->termination_fee = settled.termination_fee;
    }
    if (date < out->effective_end) {
        out->status = LAPSE_STATUS_ENDING;
        out->since = cancelled;
        out->until = out->effective_end;
        paused(&plan, date, out);
    } else if (date < out->data_deleted_on) {
        out->status = LAPSE_STATUS_EXPIRED;
        out->since = out->effective_end;
        out->until = out->data_deleted_on;
        out->listed_as = LAPSE_LISTING_EXPIRED;
    } else {
        out->status = LAPSE_STATUS_DELETED;
        out->since = out->data_deleted_on;
        out->listed_as = LAPSE_LISTING_EXPIRED;
    }
    return LAPSE_OK;
}

lapse_error lapse_status_at(const lapse_policy *policy, const lapse_subscription *subscription,
                            lapse_date date, lapse_status_info *status, lapse_error_detail *detail)
{
    lapse_error error =
        lapse__enter(&policy, subscription, NULL, 0, status, sizeof *status, "status", detail);
    if (!error)
        error = status_at(policy, subscription, date, status, detail);
    return lapse__leave(error, status, sizeof *status);
}

static lapse_error reactivate(const lapse_policy *policy, const lapse_subscription *s,
                              lapse_date date, lapse_reactivation_info *out,
                              lapse_error_detail *detail)
{
    lapse_error error =
        lapse__check_date_in_subscription(s, date, "on", "reactivation date", detail);
    if (error)
        return error;
    lapse__plan plan = lapse__plan_of(policy, s);
    bool ending;
    lapse__end end;
    if ((error = lapse__existing_end(&plan, date, &ending, &end, detail)))
        return error;
    out->charge = out->applied_to_balance = out->cash_refund = out->account_credit = 0;
    out->effective_end = out->data_deleted_on = LAPSE_DATE_NONE;
    if (!ending) {
        out->outcome = LAPSE_REACTIVATION_NOT_CANCELLED;
        return LAPSE_OK;
    }
    out->effective_end = end.effective_end;
    if ((error =
             lapse__deletion_date(&plan, date, end.effective_end, &out->data_deleted_on, detail)))
        return error;
    out->outcome = date < out->effective_end     ? LAPSE_REACTIVATION_WITHDRAW_CANCELLATION
                   : date < out->data_deleted_on ? LAPSE_REACTIVATION_BUY_AGAIN_RESTORE_DATA
                                                 : LAPSE_REACTIVATION_BUY_AGAIN_DATA_GONE;
    if (out->outcome != LAPSE_REACTIVATION_WITHDRAW_CANCELLATION || !lapse__cancelled_by(s, date))
        return LAPSE_OK;
    /* The service goes on: the refund the cancellation paid is charged back,
     * so that nothing is refunded for service that is delivered, each part
     * from where it went. */
    lapse_decision settled;
    if ((error = lapse__settlement(policy, s, &settled, detail)))
        return error;
    out->charge = settled.refund;
    out->applied_to_balance = settled.applied_to_balance;
    out->cash_refund = settled.cash_refund;
    out->account_credit = settled.account_credit;
    return LAPSE_OK;
}

lapse_error lapse_reactivate(const lapse_policy *policy, const lapse_subscription *subscription,
                             lapse_date date, lapse_reactivation_info *out,
                             lapse_error_detail *detail)
{
    lapse_error error =
        lapse__enter(&policy, subscription, NULL, 0, out, sizeof *out, "out", detail);
    if (!error)
        error = reactivate(policy, subscription, date, out, detail);
    return lapse__leave(error, out, sizeof *out);
}

lapse_route lapse_change_route(lapse_change change)
{
    switch (change) {
    case LAPSE_CHANGE_DOWNGRADE:
    case LAPSE_CHANGE_REMOVE_ADD_ON: return LAPSE_ROUTE_SUPPORT;
    case LAPSE_CHANGE_ADD_LICENSES:
    case LAPSE_CHANGE_ADD_ADD_ONS:
    case LAPSE_CHANGE_ADD_DEVICES: return LAPSE_ROUTE_ONLINE;
    }
    return LAPSE_ROUTE_NONE;
}

lapse_route lapse_erasure_route(void) { return LAPSE_ROUTE_PRIVACY_REQUEST; }
