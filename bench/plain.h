/*
 * The honest C baseline (#32): the default policy decided the direct way a
 * competent team would write it instead of calling lapse.  Days from the
 * civil date and back (Howard Hinnant's algorithms), the months from the
 * start to the request in one step, the term and the billing period by
 * division, int64 money, the permission rules (R5, R6), the warnings and
 * the confirmation; the inputs it reads range-checked.  No libc time
 * functions, no loop.
 *
 * It covers what the benchmarks feed it: a subscription without items,
 * calendar billing, trial, cancellation on record or chosen end, a renewal
 * price or a renewal term of another length when billed up front, in
 * EUR; anything else it returns -1 for (plain_decide's caller then knows
 * the baseline does not apply; the agreement test never generates it).
 * It fills a whole lapse_decision, every field lapse fills, so that the
 * agreement test can compare them all (memcmp).
 */
#ifndef LAPSE_BENCH_PLAIN_H
#define LAPSE_BENCH_PLAIN_H

#include <stdint.h>
#include <string.h>

#include "lapse.h"

typedef struct plain_ymd {
    int32_t y, m, d; /* m 1..12 */
} plain_ymd;

static inline int32_t plain_days_from_civil(int32_t y, int32_t m, int32_t d)
{
    y -= m <= 2;
    int32_t era = (y >= 0 ? y : y - 399) / 400;
    int32_t yoe = y - era * 400;
    int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static inline plain_ymd plain_civil_from_days(int32_t z)
{
    z += 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    plain_ymd r;
    r.d = doy - (153 * mp + 2) / 5 + 1;
    r.m = mp < 10 ? mp + 3 : mp - 9;
    r.y = yoe + era * 400 + (r.m <= 2);
    return r;
}

static inline int32_t plain_month_days(int32_t y, int32_t m)
{
    if (m == 2)
        return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
    return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

/* The anchor plus `months`, the day clamped to the month's last. */
static inline int32_t plain_add_months(plain_ymd anchor, int32_t months)
{
    int32_t total = anchor.y * 12 + (anchor.m - 1) + months;
    int32_t y = total / 12, m = total % 12 + 1;
    int32_t last = plain_month_days(y, m);
    return plain_days_from_civil(y, m, anchor.d < last ? anchor.d : last);
}

/* The largest k with anchor + k months <= day (day >= anchor). */
static inline int32_t plain_months_since(plain_ymd anchor, plain_ymd day)
{
    int32_t months = (day.y - anchor.y) * 12 + (day.m - anchor.m);
    int32_t last = plain_month_days(day.y, day.m);
    int32_t anchor_day = anchor.d < last ? anchor.d : last;
    return months - (day.d < anchor_day);
}

static inline int plain_bool(int32_t v) { return v == 0 || v == 1; }

/* 0, or -1 when the inputs are invalid or outside what it covers. */
static inline int plain_decide(const lapse_subscription *s, const lapse_request *r,
                               lapse_decision *d)
{
    enum { NOTICE_DAYS = 30, RETENTION_DAYS = 90 };
    /* The checks: ranges of what is read, and what the baseline covers. */
    if (s->start < LAPSE_DATE_MIN || s->start > LAPSE_DATE_MAX || r->on < s->start ||
        r->on > LAPSE_DATE_MAX || s->term < 1 || s->term > 1200 || s->renewal_term < 0 ||
        s->renewal_term > 1200 || s->billing < 0 || s->billing > 1200 || s->price < 0 ||
        s->balance < 0 || s->licenses < 0 || !plain_bool(s->auto_renew) ||
        !plain_bool(s->contract) || !plain_bool(s->online_cancel) || !plain_bool(r->can_sign_in) ||
        r->roles > LAPSE_ROLE_ALL || r->provided > LAPSE_SUPPORT_INFO_ALL ||
        (r->channel != LAPSE_CHANNEL_ONLINE && r->channel != LAPSE_CHANNEL_SUPPORT))
        return -1;
    int32_t renewal = s->renewal_term ? s->renewal_term : s->term;
    if ((s->billing && (s->term % s->billing || renewal % s->billing)) ||
        (!s->billing && renewal != s->term) || s->renewal_price != LAPSE_AMOUNT_NONE ||
        s->cancelled_on != LAPSE_DATE_NONE || s->item_count != 0 || s->billing_day != 0 ||
        r->end_on != LAPSE_DATE_NONE || r->reduce_count != 0 || memcmp(s->currency, "EUR", 4))
        return -1;

    /* The term containing the request: months since the start, one step. */
    plain_ymd anchor = plain_civil_from_days(s->start);
    int32_t months = plain_months_since(anchor, plain_civil_from_days(r->on));
    int32_t offset = 0, length = s->term;
    if (months >= s->term) {
        if (!s->auto_renew)
            return -1; /* already ended: lapse's error already_ended */
        length = renewal;
        offset = s->term + (months - s->term) / renewal * renewal;
    }
    memset(d, 0, sizeof *d);
    d->term_start = plain_add_months(anchor, offset);
    d->term_end = plain_add_months(anchor, offset + length);
    int32_t end_offset = offset + length;
    d->effective_end = d->term_end;
    d->notice_deadline = LAPSE_DATE_NONE;
    uint32_t warnings = LAPSE_WARNING_BACK_UP_DATA;
    int fixed_term = s->contract && length > 1;
    if (!s->auto_renew) {
        warnings |= LAPSE_WARNING_ALREADY_ENDING;
    } else if (fixed_term) { /* R7 */
        d->notice_deadline = d->term_end - NOTICE_DAYS;
        if (r->on > d->notice_deadline) {
            end_offset += renewal;
            d->effective_end = plain_add_months(anchor, end_offset);
            d->renews_first = 1;
            warnings |= LAPSE_WARNING_NOTICE_MISSED;
        }
    }
    /* R4: billing periods every `step` months from the start. */
    int32_t step = s->billing ? s->billing : s->term;
    int32_t current = months / step * step;
    int64_t count = (end_offset - current) / step;
    if (s->price > INT64_MAX / count)
        return -1; /* lapse's error amount_range */
    d->remaining_term_charge = s->price * count;
    d->still_to_invoice = s->price * (count - 1);
    d->invoices_left = (int32_t)(count - 1);
    d->next_invoice = count > 1 ? plain_add_months(anchor, current + step) : LAPSE_DATE_NONE;
    /* R5, R6. */
    int billing_admin = (r->roles & LAPSE_ROLE_BILLING_ADMIN) != 0;
    int authorized = billing_admin || (s->contract && r->roles);
    uint32_t blocked = authorized ? 0 : LAPSE_REASON_NOT_AUTHORIZED;
    if (r->channel == LAPSE_CHANNEL_ONLINE) {
        blocked |= (billing_admin ? 0 : LAPSE_REASON_NEEDS_BILLING_ADMIN) |
                   (s->online_cancel ? 0 : LAPSE_REASON_ONLINE_UNAVAILABLE) |
                   (fixed_term ? LAPSE_REASON_CONTRACT_VIA_SUPPORT : 0) |
                   (s->balance > 0 ? LAPSE_REASON_OUTSTANDING_BALANCE : 0) |
                   (r->can_sign_in ? 0 : LAPSE_REASON_CANNOT_SIGN_IN);
    } else if (r->provided != LAPSE_SUPPORT_INFO_ALL) { /* R8 */
        d->missing_support_info = LAPSE_SUPPORT_INFO_ALL & ~r->provided;
        warnings |= LAPSE_WARNING_SUPPORT_INFO_MISSING;
    }
    d->blocked = blocked;
    d->allowed = blocked == 0;
    d->route = blocked == 0
                   ? (r->channel == LAPSE_CHANNEL_ONLINE ? LAPSE_ROUTE_ONLINE : LAPSE_ROUTE_SUPPORT)
               : authorized ? LAPSE_ROUTE_SUPPORT
                            : LAPSE_ROUTE_NONE;
    /* R9, R10, R12. */
    warnings |= (s->licenses > 0 ? LAPSE_WARNING_LICENSES_ASSIGNED : 0) |
                (s->balance > 0 ? LAPSE_WARNING_OUTSTANDING_BALANCE : 0);
    d->warnings = warnings;
    d->data_deleted_on = d->effective_end + RETENTION_DAYS;
    d->confirmation = s->contract ? LAPSE_CONFIRMATION_EMAIL : LAPSE_CONFIRMATION_EXPIRED_LIST;
    memcpy(d->currency, "EUR", 4);
    d->change_effective_on = LAPSE_DATE_NONE;
    /* Settlement (#30): nothing is refunded under the default policy, so
     * nothing is applied to the balance and all of it is still owed. */
    d->balance_after = s->balance;
    return 0;
}

/* A random subscription and request inside what plain_decide covers:
 * terms of 1-36 months, renewal terms, billing intervals dividing both,
 * starts from 1600 to 2400 and requests up to 60 years later; every role,
 * channel, flag and support detail.  `seed` is advanced. */
static inline uint64_t plain_next(uint64_t *seed)
{
    *seed = *seed * 6364136223846793005u + 1442695040888963407u;
    return *seed >> 11;
}

static inline void plain_random(uint64_t *seed, lapse_subscription *s, lapse_request *r)
{
    static const int32_t terms[] = { 1, 1, 1, 3, 6, 12, 12, 15, 24, 36 };
    lapse_subscription_init(s);
    lapse_request_init(r);
    s->start = -135140 + (lapse_date)(plain_next(seed) % 292200); /* 1600-01-01 + 800 years */
    s->term = terms[plain_next(seed) % 10];
    uint64_t shape = plain_next(seed);
    if (shape % 4 == 0)
        s->renewal_term = terms[(shape >> 2) % 10];
    int32_t renewal = s->renewal_term ? s->renewal_term : s->term;
    int32_t common = 1; /* the largest of 1, 3, 12 dividing both terms */
    if (s->term % 3 == 0 && renewal % 3 == 0)
        common = s->term % 12 == 0 && renewal % 12 == 0 ? 12 : 3;
    switch ((shape >> 8) % 4) {
    case 0: s->billing = renewal == s->term ? 0 : 1; break;
    case 1: s->billing = 1; break;
    default: s->billing = common; break;
    }
    s->price = (int64_t)(plain_next(seed) % 2000000);
    s->balance = plain_next(seed) % 6 == 0 ? (int64_t)(plain_next(seed) % 50000) : 0;
    uint64_t flags = plain_next(seed);
    s->auto_renew = (flags & 7) != 0;
    s->contract = (flags >> 3) & 1;
    s->online_cancel = ((flags >> 4) & 3) != 0;
    s->licenses = (flags >> 6) % 5 == 0 ? (int32_t)((flags >> 9) % 40) : 0;
    uint64_t later = plain_next(seed);
    if (!s->auto_renew) { /* inside the first term: a later date is an error */
        lapse_date end = s->start + 28 * s->term;
        r->on = s->start + (lapse_date)(later % (uint64_t)(end - s->start));
    } else {
        r->on = s->start + (lapse_date)(later % (later & 1 ? 800 : 21900));
    }
    uint64_t who = plain_next(seed);
    r->roles = (uint32_t)(who % 8);
    r->channel = (who >> 3) & 1 ? LAPSE_CHANNEL_SUPPORT : LAPSE_CHANNEL_ONLINE;
    r->can_sign_in = ((who >> 4) & 7) != 0;
    r->provided = (who >> 7) & 1 ? LAPSE_SUPPORT_INFO_ALL : (uint32_t)((who >> 8) % 32);
}

#endif
