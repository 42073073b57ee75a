/* src/status.c: status over time (R12), reactivation (R13), changes (R14)
 * and erasure (R11). */
#include "testutil.h"
#include "edges.h"

#include "core/names.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

static lapse_subscription e1_cancelled(void)
{
    lapse_subscription s;
    lapse_subscription_init(&s);
    s.start = test_date("2025-01-31");
    s.price = 2000;
    s.cancelled_on = test_date("2025-03-10");
    return s;
}

static const struct status_case {
    const char *on;
    lapse_status status;
    const char *since, *until; /* NULL = none */
    lapse_listing listed_as;
} e8_cases[] = {
    { "2025-01-30", LAPSE_STATUS_NOT_STARTED, NULL, "2025-01-31", LAPSE_LISTING_ACTIVE },
    { "2025-01-31", LAPSE_STATUS_ACTIVE, "2025-01-31", "2025-03-10", LAPSE_LISTING_ACTIVE },
    { "2025-03-09", LAPSE_STATUS_ACTIVE, "2025-01-31", "2025-03-10", LAPSE_LISTING_ACTIVE },
    { "2025-03-10", LAPSE_STATUS_ENDING, "2025-03-10", "2025-03-31", LAPSE_LISTING_ACTIVE },
    { "2025-03-30", LAPSE_STATUS_ENDING, "2025-03-10", "2025-03-31", LAPSE_LISTING_ACTIVE },
    { "2025-03-31", LAPSE_STATUS_EXPIRED, "2025-03-31", "2025-06-29", LAPSE_LISTING_EXPIRED },
    { "2025-06-28", LAPSE_STATUS_EXPIRED, "2025-03-31", "2025-06-29", LAPSE_LISTING_EXPIRED },
    { "2025-06-29", LAPSE_STATUS_DELETED, "2025-06-29", NULL, LAPSE_LISTING_EXPIRED },
    { "9999-12-31", LAPSE_STATUS_DELETED, "2025-06-29", NULL, LAPSE_LISTING_EXPIRED },
};

static lapse_date maybe(const char *text) { return text ? test_date(text) : LAPSE_DATE_NONE; }

/* R12 and E8: the life of a cancelled subscription, day by day at edges. */
static void test_r12_status_over_time(void **state)
{
    (void)state;
    lapse_subscription s = e1_cancelled();
    for (size_t i = 0; i < sizeof e8_cases / sizeof e8_cases[0]; i++) {
        const struct status_case *c = &e8_cases[i];
        lapse_status_info st;
        assert_int_equal(lapse_status_at(NULL, &s, test_date(c->on), &st, NULL), LAPSE_OK);
        if (st.status != c->status)
            fail_msg("%s: got %s, want %s", c->on, lapse_name(LAPSE_KIND_STATUS, st.status),
                     lapse_name(LAPSE_KIND_STATUS, c->status));
        assert_int_equal(st.since, maybe(c->since));
        assert_int_equal(st.until, maybe(c->until));
        assert_int_equal(st.listed_as, c->listed_as);
        bool ended = c->status >= LAPSE_STATUS_ENDING;
        assert_int_equal(st.effective_end, ended ? test_date("2025-03-31") : LAPSE_DATE_NONE);
        assert_int_equal(st.data_deleted_on, ended ? test_date("2025-06-29") : LAPSE_DATE_NONE);
    }
}

static void test_r12_status_without_cancellation(void **state)
{
    (void)state;
    lapse_subscription s;
    lapse_subscription_init(&s);
    s.start = test_date("2020-05-31");
    lapse_status_info st;
    assert_int_equal(lapse_status_at(NULL, &s, test_date("2025-03-10"), &st, NULL), LAPSE_OK);
    assert_int_equal(st.status, LAPSE_STATUS_ACTIVE);
    assert_int_equal(st.since, s.start);
    assert_int_equal(st.until, LAPSE_DATE_NONE);
    /* Auto-renew off: ending with the term the date is in. */
    s.auto_renew = 0;
    assert_int_equal(lapse_status_at(NULL, &s, test_date("2025-03-10"), &st, NULL), LAPSE_OK);
    assert_int_equal(st.status, LAPSE_STATUS_ENDING);
    assert_int_equal(st.since, LAPSE_DATE_NONE);
    assert_int_equal(st.until, test_date("2025-03-31"));
    assert_int_equal(st.effective_end, test_date("2025-03-31"));
    assert_int_equal(st.listed_as, LAPSE_LISTING_ACTIVE);
}

static void test_status_errors(void **state)
{
    (void)state;
    lapse_subscription s = e1_cancelled();
    lapse_status_info st;
    lapse_error_detail detail;
    memset(&st, 0x11, sizeof st);
    assert_int_equal(lapse_status_at(NULL, &s, LAPSE_DATE_NONE, &st, &detail), LAPSE_ERR_MISSING);
    assert_string_equal(detail.field, "on");
    static const lapse_status_info zero;
    assert_memory_equal(&st, &zero, sizeof st);
    assert_int_equal(lapse_status_at(NULL, &s, LAPSE_DATE_MAX + 1, &st, &detail),
                     LAPSE_ERR_DATE_RANGE);
    s.term = 0;
    assert_int_equal(lapse_status_at(NULL, &s, 0, &st, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "term");
    assert_int_equal(lapse_status_at(NULL, NULL, 0, &st, &detail), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_status_at(NULL, &s, 0, NULL, &detail), LAPSE_ERR_NULL_ARGUMENT);
}

/* R13: withdraw before the end, buy again while data are kept, then gone. */
static void test_r13_reactivation(void **state)
{
    (void)state;
    static const struct {
        const char *on;
        lapse_reactivation outcome;
    } cases[] = {
        { "2025-03-10", LAPSE_REACTIVATION_WITHDRAW_CANCELLATION },
        { "2025-03-30", LAPSE_REACTIVATION_WITHDRAW_CANCELLATION },
        { "2025-03-31", LAPSE_REACTIVATION_BUY_AGAIN_RESTORE_DATA },
        { "2025-06-28", LAPSE_REACTIVATION_BUY_AGAIN_RESTORE_DATA },
        { "2025-06-29", LAPSE_REACTIVATION_BUY_AGAIN_DATA_GONE },
    };
    lapse_subscription s = e1_cancelled();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lapse_reactivation_info info;
        assert_int_equal(lapse_reactivate(NULL, &s, test_date(cases[i].on), &info, NULL), LAPSE_OK);
        assert_int_equal(info.outcome, cases[i].outcome);
        assert_int_equal(info.effective_end, test_date("2025-03-31"));
        assert_int_equal(info.data_deleted_on, test_date("2025-06-29"));
        assert_int_equal(info.charge, 0);
    }
    /* Before the cancellation was made there is nothing to reactivate. */
    lapse_reactivation_info info;
    assert_int_equal(lapse_reactivate(NULL, &s, test_date("2025-03-09"), &info, NULL), LAPSE_OK);
    assert_int_equal(info.outcome, LAPSE_REACTIVATION_NOT_CANCELLED);
    assert_int_equal(info.effective_end, LAPSE_DATE_NONE);
    lapse_error_detail detail;
    assert_int_equal(lapse_reactivate(NULL, &s, test_date("2025-01-01"), &info, &detail),
                     LAPSE_ERR_BEFORE_START);
    assert_string_equal(detail.field, "on");
    assert_int_equal(lapse_reactivate(NULL, &s, 0, NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
}

/* R14 and R11. */
static void test_r14_changes_and_r11_erasure(void **state)
{
    (void)state;
    assert_int_equal(lapse_change_route(LAPSE_CHANGE_DOWNGRADE), LAPSE_ROUTE_SUPPORT);
    assert_int_equal(lapse_change_route(LAPSE_CHANGE_REMOVE_ADD_ON), LAPSE_ROUTE_SUPPORT);
    assert_int_equal(lapse_change_route(LAPSE_CHANGE_ADD_LICENSES), LAPSE_ROUTE_ONLINE);
    assert_int_equal(lapse_change_route(LAPSE_CHANGE_ADD_ADD_ONS), LAPSE_ROUTE_ONLINE);
    assert_int_equal(lapse_change_route(LAPSE_CHANGE_ADD_DEVICES), LAPSE_ROUTE_ONLINE);
    assert_int_equal(lapse_change_route((lapse_change)0), LAPSE_ROUTE_NONE);
    assert_int_equal(lapse_change_route((lapse_change)99), LAPSE_ROUTE_NONE);
    assert_int_equal(lapse_erasure_route(), LAPSE_ROUTE_PRIVACY_REQUEST);
    assert_string_equal(lapse_name(LAPSE_KIND_ROUTE, lapse_erasure_route()), "privacy_request");
    /* A cancellation never routes to the privacy process. */
    lapse_subscription s = e1_cancelled();
    s.cancelled_on = LAPSE_DATE_NONE;
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-03-10");
    for (uint32_t roles = 0; roles <= LAPSE_ROLE_ALL; roles++) {
        r.roles = roles;
        lapse_decision d;
        assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, NULL), LAPSE_OK);
        assert_true(d.route != LAPSE_ROUTE_PRIVACY_REQUEST);
    }
}

static const struct name_case {
    lapse_kind kind;
    uint32_t value;
    const char *name;
} name_cases[] = {
    { LAPSE_KIND_ROLE, LAPSE_ROLE_BILLING_ADMIN, "billing_admin" },
    { LAPSE_KIND_ROLE, LAPSE_ROLE_PRODUCT_ADMIN, "product_admin" },
    { LAPSE_KIND_ROLE, LAPSE_ROLE_BILLING_CONTACT, "billing_contact" },
    { LAPSE_KIND_CHANNEL, LAPSE_CHANNEL_ONLINE, "online" },
    { LAPSE_KIND_CHANNEL, LAPSE_CHANNEL_SUPPORT, "support" },
    { LAPSE_KIND_SUPPORT_INFO, LAPSE_SUPPORT_INFO_ACCOUNT_ID, "account_id" },
    { LAPSE_KIND_SUPPORT_INFO, LAPSE_SUPPORT_INFO_ADMIN_EMAIL, "admin_email" },
    { LAPSE_KIND_SUPPORT_INFO, LAPSE_SUPPORT_INFO_CARD_LAST4, "card_last4" },
    { LAPSE_KIND_SUPPORT_INFO, LAPSE_SUPPORT_INFO_BILLING_ADDRESS, "billing_address" },
    { LAPSE_KIND_SUPPORT_INFO, LAPSE_SUPPORT_INFO_PRODUCTS, "products" },
    { LAPSE_KIND_REASON, LAPSE_REASON_NOT_AUTHORIZED, "not_authorized" },
    { LAPSE_KIND_REASON, LAPSE_REASON_NEEDS_BILLING_ADMIN, "needs_billing_admin" },
    { LAPSE_KIND_REASON, LAPSE_REASON_ONLINE_UNAVAILABLE, "online_unavailable" },
    { LAPSE_KIND_REASON, LAPSE_REASON_CONTRACT_VIA_SUPPORT, "contract_via_support" },
    { LAPSE_KIND_REASON, LAPSE_REASON_OUTSTANDING_BALANCE, "outstanding_balance" },
    { LAPSE_KIND_REASON, LAPSE_REASON_CANNOT_SIGN_IN, "cannot_sign_in" },
    { LAPSE_KIND_WARNING, LAPSE_WARNING_BACK_UP_DATA, "back_up_data" },
    { LAPSE_KIND_WARNING, LAPSE_WARNING_LICENSES_ASSIGNED, "licenses_assigned" },
    { LAPSE_KIND_WARNING, LAPSE_WARNING_OUTSTANDING_BALANCE, "outstanding_balance" },
    { LAPSE_KIND_WARNING, LAPSE_WARNING_NOTICE_MISSED, "notice_missed" },
    { LAPSE_KIND_WARNING, LAPSE_WARNING_ALREADY_ENDING, "already_ending" },
    { LAPSE_KIND_WARNING, LAPSE_WARNING_SUPPORT_INFO_MISSING, "support_info_missing" },
    { LAPSE_KIND_ROUTE, LAPSE_ROUTE_NONE, "none" },
    { LAPSE_KIND_ROUTE, LAPSE_ROUTE_ONLINE, "online" },
    { LAPSE_KIND_ROUTE, LAPSE_ROUTE_SUPPORT, "support" },
    { LAPSE_KIND_ROUTE, LAPSE_ROUTE_PRIVACY_REQUEST, "privacy_request" },
    { LAPSE_KIND_CONFIRMATION, LAPSE_CONFIRMATION_EMAIL, "email" },
    { LAPSE_KIND_CONFIRMATION, LAPSE_CONFIRMATION_EXPIRED_LIST, "expired_list" },
    { LAPSE_KIND_STATUS, LAPSE_STATUS_NOT_STARTED, "not_started" },
    { LAPSE_KIND_STATUS, LAPSE_STATUS_ACTIVE, "active" },
    { LAPSE_KIND_STATUS, LAPSE_STATUS_ENDING, "ending" },
    { LAPSE_KIND_STATUS, LAPSE_STATUS_EXPIRED, "expired" },
    { LAPSE_KIND_STATUS, LAPSE_STATUS_DELETED, "deleted" },
    { LAPSE_KIND_STATUS, LAPSE_STATUS_PAUSED, "paused" },
    { LAPSE_KIND_LISTING, LAPSE_LISTING_ACTIVE, "active" },
    { LAPSE_KIND_LISTING, LAPSE_LISTING_EXPIRED, "expired" },
    { LAPSE_KIND_CHANGE, LAPSE_CHANGE_DOWNGRADE, "downgrade" },
    { LAPSE_KIND_CHANGE, LAPSE_CHANGE_ADD_DEVICES, "add_devices" },
    { LAPSE_KIND_REACTIVATION, LAPSE_REACTIVATION_BUY_AGAIN_DATA_GONE, "buy_again_data_gone" },
};

/* One integer's text from lapse__put_integer (digits counted from the bit
 * length, two a copy) and lapse__format_integer, against printf's. */
static void assert_integer_text(int64_t value)
{
    char want[32], got[LAPSE__INTEGER_ROOM + 4], cut[8];
    snprintf(want, sizeof want, "%lld", (long long)value);
    memset(got, '#', sizeof got);
    size_t n = lapse__put_integer(value, got);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(got, want, n);
    assert_int_equal(got[LAPSE__INTEGER_ROOM], '#'); /* nothing past the room */
    assert_int_equal(lapse__format_integer(value, cut, sizeof cut), strlen(want));
    snprintf(want, sizeof cut, "%lld", (long long)value);
    assert_string_equal(cut, want);
}

/* Property: the integer writer agrees with printf at the extremes, on
 * either side of every power of ten and over random values of every
 * length and sign. */
static void test_integers_written_as_printf(void **state)
{
    (void)state;
    assert_integer_text(0);
    assert_integer_text(INT64_MIN);
    assert_integer_text(INT64_MAX);
    for (int64_t power = 1;; power *= 10) {
        for (int64_t delta = -1; delta <= 1; delta++) {
            assert_integer_text(power + delta);
            assert_integer_text(-(power + delta));
        }
        if (power > INT64_MAX / 10)
            break;
    }
    uint64_t rng = 14;
    for (int i = 0; i < 200000; i++) {
        uint64_t bits = test_next(&rng) >> test_range(&rng, 1, 63);
        assert_integer_text(test_range(&rng, 0, 1) ? -(int64_t)bits : (int64_t)bits);
    }
}

/* Property: every set of names of the list kinds is written as its names
 * joined by ';' in bit order (lapse__format_list copies names without a
 * call), and each name is found at the start of such a list, followed by
 * ';' or the end (lapse__name_prefix), and nowhere it is not. */
static void test_lists_written_and_matched(void **state)
{
    (void)state;
    static const struct {
        lapse_kind kind;
        uint32_t count;
    } kinds[] = { { LAPSE_KIND_ROLE, 3 },
                  { LAPSE_KIND_SUPPORT_INFO, 5 },
                  { LAPSE_KIND_REASON, 6 },
                  { LAPSE_KIND_WARNING, 11 } };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        lapse_kind kind = kinds[k].kind;
        for (uint32_t bits = 0; bits < (1u << kinds[k].count); bits++) {
            char want[512] = "", got[512];
            for (uint32_t i = 0; i < kinds[k].count; i++) {
                if (!(bits >> i & 1))
                    continue;
                if (want[0])
                    strcat(want, ";");
                strcat(want, lapse_name(kind, 1u << i));
            }
            assert_int_equal(lapse__format_list(kind, bits, ';', got, sizeof got), strlen(want));
            assert_string_equal(got, want);
            /* The first name of the list is matched, with its length. */
            uint32_t value = 0;
            size_t n = lapse__name_prefix(kind, want, strlen(want), &value);
            if (bits == 0) {
                assert_int_equal(n, 0);
                continue;
            }
            assert_int_equal(value, bits & (0u - bits));
            assert_int_equal(n, strlen(lapse_name(kind, value)));
            /* A name cut short, or running on without a ';', is no match. */
            assert_int_equal(lapse__name_prefix(kind, want, n - 1, &value), 0);
            char longer[520];
            snprintf(longer, sizeof longer, "%.*sx%s", (int)n, want, want + n);
            assert_int_equal(lapse__name_prefix(kind, longer, strlen(longer), &value), 0);
        }
    }
    /* Bits past the last name have none; a cut buffer is cut. */
    char small[8];
    assert_int_equal(lapse__format_list(LAPSE_KIND_ROLE, 1u << 7, ';', small, sizeof small), 0);
    assert_int_equal(lapse__format_list(LAPSE_KIND_ROLE, 3, ';', small, sizeof small),
                     strlen("billing_admin;product_admin"));
    assert_string_equal(small, "billing");
}

static void test_stable_names_both_ways(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof name_cases / sizeof name_cases[0]; i++) {
        const struct name_case *c = &name_cases[i];
        assert_string_equal(lapse_name(c->kind, c->value), c->name);
        uint32_t value = 999;
        assert_int_equal(lapse_name_lookup(c->kind, c->name, strlen(c->name), &value), LAPSE_OK);
        assert_int_equal(value, c->value);
        /* The command-line spelling. */
        char hyphenated[64];
        strcpy(hyphenated, c->name);
        for (char *p = hyphenated; *p; p++)
            if (*p == '_')
                *p = '-';
        assert_int_equal(lapse_name_lookup(c->kind, hyphenated, strlen(hyphenated), &value),
                         LAPSE_OK);
        assert_int_equal(value, c->value);
    }
    uint32_t value;
    assert_int_equal(lapse_name_lookup(LAPSE_KIND_SUPPORT_INFO, "all", 3, &value), LAPSE_OK);
    assert_int_equal(value, LAPSE_SUPPORT_INFO_ALL);
    assert_int_equal(lapse_name_lookup(LAPSE_KIND_ROLE, "all", 3, &value), LAPSE_ERR_UNKNOWN_NAME);
    assert_int_equal(lapse_name_lookup(LAPSE_KIND_ROLE, "billing_admins", 14, &value),
                     LAPSE_ERR_UNKNOWN_NAME);
    assert_int_equal(lapse_name_lookup(LAPSE_KIND_ROLE, "billing", 7, &value),
                     LAPSE_ERR_UNKNOWN_NAME);
    assert_int_equal(lapse_name_lookup(LAPSE_KIND_ROLE, "", 0, &value), LAPSE_ERR_UNKNOWN_NAME);
    assert_int_equal(lapse_name_lookup(LAPSE_KIND_STATUS, "Active", 6, &value),
                     LAPSE_ERR_UNKNOWN_NAME);
    assert_int_equal(lapse_name_lookup((lapse_kind)77, "x", 1, &value), LAPSE_ERR_UNKNOWN_NAME);
    assert_int_equal(lapse_name_lookup(LAPSE_KIND_ROLE, NULL, 0, &value), LAPSE_ERR_NULL_ARGUMENT);
    assert_null(lapse_name(LAPSE_KIND_ROLE, 0));
    assert_null(lapse_name(LAPSE_KIND_ROLE, 3)); /* two bits */
    assert_null(lapse_name(LAPSE_KIND_ROLE, 8));
    assert_null(lapse_name(LAPSE_KIND_STATUS, 0));
    assert_null(lapse_name(LAPSE_KIND_STATUS, 7));
    assert_null(lapse_name((lapse_kind)-1, 1));
}

/* Boundaries a mutation run found untested (issue #34, docs/testing.md). */

/* 4. cancel.c lapse__settlement: a cancellation recorded under renewal
 * none at the end of the initial term settles a prorated refund only of
 * what immediate timing leaves unserved; under the default timing nothing,
 * and never more than the price. */
static void test_settlement_renewal_none(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    p.renewal = LAPSE_RENEWAL_NONE;
    p.refund = LAPSE_REFUND_PRORATED;
    lapse_subscription s = test_subscription("2025-01-01", 1, 1, 3000);
    s.cancelled_on = test_date("2025-03-10");
    lapse_status_info info;
    lapse_error_detail detail = { 0 };
    assert_int_equal(lapse_status_at(&p, &s, test_date("2025-03-15"), &info, &detail), LAPSE_OK);
    /* The initial term ended 2025-02-01: the cancellation came after its
     * end and settled nothing. */
    assert_int_equal(info.refund, 0);
    assert_int_equal(info.termination_fee, 0);
    assert_int_equal(info.effective_end, test_date("2025-02-01"));
}

/* 5. timeline.c: under calendar billing the start carries no amount; the
 * leading partial period's invoice does (10.00 x 22 / 31 = 7.10). */
static void test_timeline_start_amount_calendar(void **state)
{
    (void)state;
    lapse_subscription s = test_subscription("2025-01-10", 1, 1, 1000);
    s.billing_day = 1;
    lapse_request r = edge_request("2025-02-15", LAPSE_CHANNEL_ONLINE, EDGE_BA);
    lapse_event events[16];
    size_t count = 0;
    lapse_error_detail detail = { 0 };
    assert_int_equal(lapse_timeline(NULL, &s, &r, events, 16, &count, &detail), LAPSE_OK);
    assert_true(count >= 3);
    assert_int_equal(events[0].kind, LAPSE_EVENT_START);
    assert_int_equal(events[0].date, test_date("2025-01-10"));
    assert_int_equal(events[0].amount, 0);
    assert_int_equal(events[1].kind, LAPSE_EVENT_INVOICE);
    assert_int_equal(events[1].amount, 710);
    assert_int_equal(events[2].kind, LAPSE_EVENT_INVOICE);
    assert_int_equal(events[2].date, test_date("2025-02-01"));
    assert_int_equal(events[2].amount, 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_r12_status_over_time),
        cmocka_unit_test(test_r12_status_without_cancellation),
        cmocka_unit_test(test_status_errors),
        cmocka_unit_test(test_r13_reactivation),
        cmocka_unit_test(test_r14_changes_and_r11_erasure),
        cmocka_unit_test(test_stable_names_both_ways),
        cmocka_unit_test(test_lists_written_and_matched),
        cmocka_unit_test(test_integers_written_as_printf),
        cmocka_unit_test(test_settlement_renewal_none),
        cmocka_unit_test(test_timeline_start_amount_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
