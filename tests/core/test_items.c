/*
 * src/core/items.c and the items of a subscription (issue 28): the item
 * and reduction text forms, the checks that name "items" and "reduce",
 * and the invoice amount a whole cancellation uses (price plus quantity x
 * unit_price).
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#define BA LAPSE_ROLE_BILLING_ADMIN

static lapse_error parse_items(const char *text, lapse_item *items, int32_t *count,
                               lapse_error_detail *detail)
{
    return lapse_items_parse(text, strlen(text), "EUR", items, LAPSE_ITEMS_MAX, count, detail);
}

static void test_items_parse_every_field(void **state)
{
    (void)state;
    lapse_item items[LAPSE_ITEMS_MAX];
    int32_t count = -1;
    lapse_error_detail detail = { 0 };
    assert_int_equal(
        parse_items("seats:10:5.00;mobile:2:3.5:1:2;x-1_b:0:0", items, &count, &detail), LAPSE_OK);
    assert_int_equal(count, 3);
    assert_string_equal(items[0].name, "seats");
    assert_int_equal(items[0].quantity, 10);
    assert_int_equal(items[0].unit_price, 500);
    assert_int_equal(items[0].committed, 0);
    assert_int_equal(items[0].assigned, 0);
    assert_string_equal(items[1].name, "mobile");
    assert_int_equal(items[1].quantity, 2);
    assert_int_equal(items[1].unit_price, 350);
    assert_int_equal(items[1].committed, 1);
    assert_int_equal(items[1].assigned, 2);
    assert_string_equal(items[2].name, "x-1_b");
    assert_int_equal(items[2].quantity, 0);
    assert_int_equal(items[2].unit_price, 0);
    /* JPY has no decimals: the unit price is the currency's, as price is. */
    assert_int_equal(
        lapse_items_parse("seats:3:1200", 12, "JPY", items, LAPSE_ITEMS_MAX, &count, NULL),
        LAPSE_OK);
    assert_int_equal(items[0].unit_price, 1200);
    /* Nothing is no item. */
    count = 7;
    assert_int_equal(lapse_items_parse("", 0, "EUR", NULL, 0, &count, NULL), LAPSE_OK);
    assert_int_equal(count, 0);
    /* The length is the text: the byte after it is never read. */
    assert_int_equal(lapse_items_parse("seats:10:5.001", 13, "EUR", items, 16, &count, NULL),
                     LAPSE_OK);
    assert_int_equal(items[0].unit_price, 500);
}

static void expect_items_error(const char *text, lapse_error code, const char *message)
{
    lapse_item items[LAPSE_ITEMS_MAX];
    int32_t count = 5;
    lapse_error_detail detail = { 0 };
    lapse_error error = parse_items(text, items, &count, &detail);
    if (error != code || strcmp(detail.message, message) != 0)
        fail_msg("'%s': %s '%s', expected %s '%s'", text, lapse_error_name(error), detail.message,
                 lapse_error_name(code), message);
    assert_string_equal(detail.field, "items");
    assert_int_equal(count, 0);
}

static void test_items_parse_errors_name_the_item(void **state)
{
    (void)state;
    expect_items_error("seats:10", LAPSE_ERR_VALUE_SYNTAX,
                       "items: item 1 'seats': text 'seats:10': not "
                       "NAME:QUANTITY:UNIT_PRICE[:COMMITTED[:ASSIGNED]]");
    expect_items_error("seats:10:5.00:1:1:1", LAPSE_ERR_VALUE_SYNTAX,
                       "items: item 1 'seats': text 'seats:10:5.00:1:1:1': not "
                       "NAME:QUANTITY:UNIT_PRICE[:COMMITTED[:ASSIGNED]]");
    expect_items_error("a:1:1;Seats:10:5.00", LAPSE_ERR_VALUE_SYNTAX,
                       "items: item 2 'Seats': name 'Seats': not 1 to 31 bytes of a-z, 0-9, _ "
                       "and -");
    expect_items_error(":1:1", LAPSE_ERR_VALUE_SYNTAX,
                       "items: item 1 '': name '': not 1 to 31 bytes of a-z, 0-9, _ and -");
    expect_items_error("abcdefghijklmnopqrstuvwxyz012345:1:1", LAPSE_ERR_VALUE_SYNTAX,
                       "items: item 1 'abcdefghijklmnopqrstuvwxyz01234...': name "
                       "'abcdefghijklmnopqrstuvwx...': not 1 to 31 bytes of a-z, 0-9, _ and -");
    expect_items_error("seats:1:1;seats:2:1", LAPSE_ERR_VALUE_SYNTAX,
                       "items: item 2 'seats': name 'seats': given twice");
    expect_items_error("seats:ten:5.00", LAPSE_ERR_VALUE_SYNTAX,
                       "items: item 1 'seats': quantity 'ten': not a whole number 0 to 1000000");
    expect_items_error("seats:-1:5.00", LAPSE_ERR_VALUE_SYNTAX,
                       "items: item 1 'seats': quantity '-1': not a whole number 0 to 1000000");
    expect_items_error("seats:1000001:5.00", LAPSE_ERR_OUT_OF_RANGE,
                       "items: item 1 'seats': quantity '1000001': not a whole number 0 to "
                       "1000000");
    expect_items_error("seats:99999999999999999999999:5.00", LAPSE_ERR_OUT_OF_RANGE,
                       "items: item 1 'seats': quantity '99999999999999999999999': not a "
                       "whole number 0 to 1000000");
    expect_items_error("seats:10:5.001", LAPSE_ERR_AMOUNT_PRECISION,
                       "items: item 1 'seats': unit_price '5.001': more decimals than the "
                       "currency has");
    expect_items_error("seats:10:-5.00", LAPSE_ERR_OUT_OF_RANGE,
                       "items: item 1 'seats': unit_price '-5.00': must not be negative");
    expect_items_error("seats:10:5,00", LAPSE_ERR_AMOUNT_SYNTAX,
                       "items: item 1 'seats': unit_price '5,00': not a decimal amount");
    expect_items_error("seats:10:5.00:11", LAPSE_ERR_OUT_OF_RANGE,
                       "items: item 1 'seats': committed '11': above the quantity");
    expect_items_error("seats:10:5.00:0:11", LAPSE_ERR_OUT_OF_RANGE,
                       "items: item 1 'seats': assigned '11': above the quantity");
    expect_items_error("seats:10:5.00;", LAPSE_ERR_VALUE_SYNTAX,
                       "items: item 2 '': text '': not "
                       "NAME:QUANTITY:UNIT_PRICE[:COMMITTED[:ASSIGNED]]");
    expect_items_error("seats:10:5.00; mobile:1:1", LAPSE_ERR_VALUE_SYNTAX,
                       "items: item 2 ' mobile': name ' mobile': not 1 to 31 bytes of a-z, "
                       "0-9, _ and -");
    /* Seventeen items: one more than LAPSE_ITEMS_MAX. */
    char text[400] = "";
    for (int i = 0; i <= LAPSE_ITEMS_MAX; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%si%d:1:1", i ? ";" : "", i);
    expect_items_error(text, LAPSE_ERR_OUT_OF_RANGE, "items: more than 16 items (LAPSE_ITEMS_MAX)");
    /* A smaller capacity is named as such. */
    lapse_item two[2];
    int32_t count;
    lapse_error_detail detail = { 0 };
    assert_int_equal(lapse_items_parse("a:1:1;b:1:1;c:1:1", 17, "EUR", two, 2, &count, &detail),
                     LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.message, "items: more than 2 items (the capacity)");
    assert_int_equal(lapse_items_parse("a:1:1", 5, "EURO", two, 2, &count, &detail),
                     LAPSE_ERR_CURRENCY_SYNTAX);
    assert_string_equal(detail.field, "currency");
    assert_int_equal(lapse_items_parse("a:1:1", 5, "EUR", NULL, 2, &count, &detail),
                     LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_items_parse("a:1:1", 5, "EUR", two, 2, NULL, &detail),
                     LAPSE_ERR_NULL_ARGUMENT);
}

static void test_items_format_is_canonical(void **state)
{
    (void)state;
    const char *texts[] = { "seats:10:5.00", "seats:10:5.00;mobile:2:3.50:1:2;x:0:0.00",
                            "a:1:0.01:1", "a:5:1.00:0:3", "" };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        lapse_item items[LAPSE_ITEMS_MAX];
        int32_t count;
        assert_int_equal(parse_items(texts[t], items, &count, NULL), LAPSE_OK);
        char buf[400];
        size_t n = lapse_items_format(items, count, "EUR", buf, sizeof buf);
        assert_string_equal(buf, texts[t]);
        assert_int_equal(n, strlen(texts[t]));
        /* Cut: snprintf rules. */
        char small[6];
        assert_int_equal(lapse_items_format(items, count, "EUR", small, sizeof small), n);
        assert_int_equal(strncmp(small, texts[t], 5), 0);
        assert_int_equal(lapse_items_format(items, count, "EUR", NULL, 0), n);
    }
    /* Not canonical in, canonical out. */
    lapse_item items[LAPSE_ITEMS_MAX];
    int32_t count;
    assert_int_equal(parse_items("a:1:5:0:0;b:2:0.5:0", items, &count, NULL), LAPSE_OK);
    char buf[100];
    lapse_items_format(items, count, "EUR", buf, sizeof buf);
    assert_string_equal(buf, "a:1:5.00;b:2:0.50");
    /* Invalid items write nothing. */
    items[1].committed = 3;
    assert_int_equal(lapse_items_format(items, count, "EUR", buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    items[1].committed = 0;
    assert_int_equal(lapse_items_format(items, count, "EUX", buf, sizeof buf), 0);
    assert_int_equal(lapse_items_format(items, LAPSE_ITEMS_MAX + 1, "EUR", buf, sizeof buf), 0);
}

static void test_reductions_parse_and_format(void **state)
{
    (void)state;
    lapse_reduction reduce[LAPSE_ITEMS_MAX];
    int32_t count;
    lapse_error_detail detail = { 0 };
    const char *text = "seats=6;mobile=0";
    assert_int_equal(
        lapse_reductions_parse(text, strlen(text), reduce, LAPSE_ITEMS_MAX, &count, &detail),
        LAPSE_OK);
    assert_int_equal(count, 2);
    assert_string_equal(reduce[0].name, "seats");
    assert_int_equal(reduce[0].quantity, 6);
    assert_string_equal(reduce[1].name, "mobile");
    assert_int_equal(reduce[1].quantity, 0);
    char buf[64];
    assert_int_equal(lapse_reductions_format(reduce, count, buf, sizeof buf), strlen(text));
    assert_string_equal(buf, text);
    assert_int_equal(lapse_reductions_parse("", 0, NULL, 0, &count, NULL), LAPSE_OK);
    assert_int_equal(count, 0);
    struct {
        const char *text;
        lapse_error code;
        const char *message;
    } bad[] = {
        { "seats", LAPSE_ERR_VALUE_SYNTAX,
          "reduce: item 1 'seats': text 'seats': not NAME=QUANTITY" },
        { "seats=6;", LAPSE_ERR_VALUE_SYNTAX, "reduce: item 2 '': text '': not NAME=QUANTITY" },
        { "seats=six", LAPSE_ERR_VALUE_SYNTAX,
          "reduce: item 1 'seats': quantity 'six': not a whole number 0 to 1000000" },
        { "seats=", LAPSE_ERR_VALUE_SYNTAX,
          "reduce: item 1 'seats': quantity '': not a whole number 0 to 1000000" },
        { "seats=2000000", LAPSE_ERR_OUT_OF_RANGE,
          "reduce: item 1 'seats': quantity '2000000': not a whole number 0 to 1000000" },
        { "SEATS=1", LAPSE_ERR_VALUE_SYNTAX,
          "reduce: item 1 'SEATS': name 'SEATS': not 1 to 31 bytes of a-z, 0-9, _ and -" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        count = 3;
        lapse_error error = lapse_reductions_parse(bad[i].text, strlen(bad[i].text), reduce,
                                                   LAPSE_ITEMS_MAX, &count, &detail);
        if (error != bad[i].code || strcmp(detail.message, bad[i].message) != 0)
            fail_msg("'%s': %s '%s'", bad[i].text, lapse_error_name(error), detail.message);
        assert_string_equal(detail.field, "reduce");
        assert_int_equal(count, 0);
    }
    reduce[0].quantity = -1;
    assert_int_equal(lapse_reductions_format(reduce, 1, buf, sizeof buf), 0);
}

/* The self-serve example: price 20.00 and seats 10 x 5.00, an
 * invoice of 70.00. */
static lapse_subscription self_serve(lapse_item *seats)
{
    lapse_subscription s = test_subscription("2025-01-10", 12, 1, 2000);
    memset(seats, 0, sizeof *seats);
    strcpy(seats->name, "seats");
    seats->quantity = 10;
    seats->unit_price = 500;
    s.items = seats;
    s.item_count = 1;
    return s;
}

/* A whole cancellation of a subscription with items is the cancellation of
 * one with its invoice amount as price: 20.00 + 10 x 5.00 = 70.00. */
static void test_whole_cancellation_uses_the_invoice_amount(void **state)
{
    (void)state;
    lapse_item seats;
    lapse_subscription s = self_serve(&seats);
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-03-20");
    r.channel = LAPSE_CHANNEL_SUPPORT;
    r.roles = BA;
    lapse_decision d;
    lapse_error_detail detail = { 0 };
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_OK);
    /* End of term 2026-01-10: March's 70.00 and April..December 9 x 70.00. */
    assert_int_equal(d.effective_end, test_date("2026-01-10"));
    assert_int_equal(d.remaining_term_charge, 70000);
    assert_int_equal(d.still_to_invoice, 63000);
    assert_int_equal(d.invoices_left, 9);
    /* Not a reduction: none (lapse.h), as every face writes it (null, "").  */
    assert_int_equal(d.change_effective_on, LAPSE_DATE_NONE);
    assert_int_equal(d.recurring_after, 0);
    assert_int_equal(d.saving, 0);
    /* The same as price 70.00 without items. */
    lapse_subscription plain = s;
    plain.items = NULL;
    plain.item_count = 0;
    plain.price = 7000;
    lapse_decision expected;
    assert_int_equal(lapse_decide_cancel(NULL, &plain, &r, &expected, NULL), LAPSE_OK);
    assert_memory_equal(&d, &expected, sizeof d);
    /* Immediate, prorated: the refund is the share of 70.00, 20/31 days:
     * 7000 x 20 / 31 = 4516.13 -> 45.16. */
    lapse_policy p;
    lapse_policy_default(&p);
    p.timing = LAPSE_TIMING_IMMEDIATE;
    p.refund = LAPSE_REFUND_PRORATED;
    assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, NULL), LAPSE_OK);
    assert_int_equal(d.refund, 4516);
    assert_int_equal(d.remaining_term_charge, 7000);
    /* The timeline's invoices are 70.00 each. */
    lapse_event events[64];
    size_t count;
    assert_int_equal(lapse_timeline(NULL, &s, &r, events, 64, &count, NULL), LAPSE_OK);
    size_t invoices = 0;
    for (size_t i = 0; i < count; i++)
        if (events[i].kind == LAPSE_EVENT_INVOICE) {
            assert_int_equal(events[i].amount, 7000);
            invoices++;
        }
    assert_int_equal(invoices, 12);
    /* Every item ends with it: released when charges stop. */
    lapse_item_result results[LAPSE_ITEMS_MAX];
    assert_int_equal(lapse_decide_items(NULL, &s, &r, results, LAPSE_ITEMS_MAX, &count, NULL),
                     LAPSE_OK);
    assert_int_equal(count, 1);
    assert_string_equal(results[0].name, "seats");
    assert_int_equal(results[0].quantity, 10);
    assert_int_equal(results[0].quantity_after, 0);
    assert_int_equal(results[0].released_on, test_date("2026-01-10"));
    assert_int_equal(results[0].unassign, 0);
    char text[80];
    lapse_item_results_format(results, count, text, sizeof text);
    assert_string_equal(text, "seats:10:0:2026-01-10:0");
}

/* A renewal price is the base of renewal invoices; the items are added to
 * it: renewal 30.00 + 10 x 5.00 = 80.00 from 2026-01-10. */
static void test_renewal_price_plus_items(void **state)
{
    (void)state;
    lapse_item seats;
    lapse_subscription s = self_serve(&seats);
    s.renewal_price = 3000;
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2026-02-20");
    r.roles = BA;
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, NULL), LAPSE_OK);
    /* Term 2026-01-10..2027-01-10: February's invoice and 10 more at 80.00. */
    assert_int_equal(d.remaining_term_charge, 11 * 8000);
    assert_int_equal(d.still_to_invoice, 10 * 8000);
}

static void test_items_checked_by_name(void **state)
{
    (void)state;
    lapse_item items[LAPSE_ITEMS_MAX + 1];
    memset(items, 0, sizeof items);
    for (int i = 0; i <= LAPSE_ITEMS_MAX; i++) {
        snprintf(items[i].name, sizeof items[i].name, "i%d", i);
        items[i].quantity = 1;
        items[i].unit_price = 100;
    }
    lapse_subscription s = test_subscription("2025-01-10", 12, 1, 2000);
    s.items = items;
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-03-20");
    lapse_decision d;
    lapse_error_detail detail = { 0 };
    s.item_count = LAPSE_ITEMS_MAX + 1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "items");
    assert_string_equal(detail.message, "items: item_count 17: out of range (0 to 16)");
    s.item_count = -1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    s.item_count = LAPSE_ITEMS_MAX;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_OK);
    /* 20.00 + 16 x 1.00 an invoice. */
    assert_int_equal(d.still_to_invoice, 9 * 3600);
    s.items = NULL;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_NULL_ARGUMENT);
    assert_string_equal(detail.field, "items");
    s.items = items;
    s.item_count = 2;
    strcpy(items[1].name, "i0");
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.message, "items: item 2 'i0': name 'i0': given twice");
    strcpy(items[1].name, "i1");
    items[1].committed = 2;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.message,
                        "items: item 2 'i1': committed '2': out of range (0 to the quantity)");
    items[1].committed = 0;
    items[1].unit_price = -1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.message,
                        "items: item 2 'i1': unit_price '-1': must not be negative");
    items[1].unit_price = 100;
    items[1].reserved[2] = 1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_RESERVED);
    assert_string_equal(detail.field, "items");
    items[1].reserved[2] = 0;
    memset(items[1].name, 'a', sizeof items[1].name); /* no NUL */
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.field, "items");
    strcpy(items[1].name, "i1");
    /* Overflow of quantity x unit price: amount_range naming items. */
    items[1].quantity = 1000000;
    items[1].unit_price = INT64_MAX / 999999;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_AMOUNT_RANGE);
    assert_string_equal(detail.field, "items");
    /* The product fits, the invoice (price plus it) does not. */
    items[1].quantity = 1;
    items[1].unit_price = INT64_MAX - 2000 - 99;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_AMOUNT_RANGE);
    assert_string_equal(detail.field, "items");
    items[1].unit_price = INT64_MAX - 2000 - 100; /* exactly INT64_MAX an invoice */
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_AMOUNT_RANGE);
    assert_string_equal(detail.field, "price"); /* the year's charge, as for a price */
    /* A renewal price too. */
    items[1].unit_price = INT64_MAX - 5000 - 100;
    s.renewal_price = 5001;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_AMOUNT_RANGE);
    assert_string_equal(detail.field, "items");
}

/* Items of quantity 0 add nothing: the decision is the one without them. */
static void test_quantity_zero_changes_nothing(void **state)
{
    (void)state;
    uint64_t rng = 28;
    for (int round = 0; round < 3000; round++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        test_generate(&rng, 1, &p, &s, &r);
        lapse_item items[3];
        memset(items, 0, sizeof items);
        for (int i = 0; i < 3; i++) {
            snprintf(items[i].name, sizeof items[i].name, "item%d", i);
            items[i].unit_price = test_range(&rng, 0, 100000);
        }
        lapse_decision plain, with;
        lapse_error e1 = lapse_decide_cancel(&p, &s, &r, &plain, NULL);
        s.items = items;
        s.item_count = 3;
        lapse_error e2 = lapse_decide_cancel(&p, &s, &r, &with, NULL);
        assert_int_equal(e1, e2);
        assert_memory_equal(&plain, &with, sizeof plain);
    }
}

/* Decides `reduce` (text) on `s` on `on` through support by a billing
 * admin under `policy` (text, or NULL for the default). */
static lapse_decision reduce_ok(const char *policy_text, const lapse_subscription *s,
                                const char *on, lapse_channel channel, const char *reduce_text,
                                lapse_item_result *results)
{
    lapse_policy p;
    lapse_policy_default(&p);
    lapse_error_detail detail = { 0 };
    if (policy_text && lapse_policy_parse(policy_text, strlen(policy_text), &p, &detail))
        fail_msg("policy: %s", detail.message);
    lapse_reduction reduce[LAPSE_ITEMS_MAX];
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date(on);
    r.channel = channel;
    r.roles = BA;
    r.provided = LAPSE_SUPPORT_INFO_ALL;
    if (lapse_reductions_parse(reduce_text, strlen(reduce_text), reduce, LAPSE_ITEMS_MAX,
                               &r.reduce_count, &detail))
        fail_msg("reduce: %s", detail.message);
    r.reduce = reduce;
    lapse_decision d;
    lapse_error error = lapse_decide_cancel(&p, s, &r, &d, &detail);
    if (error)
        fail_msg("unexpected %s: %s", lapse_error_name(error), detail.message);
    if (results) {
        size_t count;
        assert_int_equal(lapse_decide_items(&p, s, &r, results, LAPSE_ITEMS_MAX, &count, NULL),
                         LAPSE_OK);
        assert_int_equal(count, (size_t)s->item_count);
    }
    return d;
}

/* The self-serve examples: 2025-01-10, 12 months billed monthly,
 * price 20.00 and seats 10 x 5.00 (70.00 an invoice); on 2025-03-20
 * through support, seats to 6 (50.00 an invoice). */
static void test_reduction_self_serve_examples(void **state)
{
    (void)state;
    lapse_item seats;
    lapse_subscription s = self_serve(&seats);
    lapse_item_result items[LAPSE_ITEMS_MAX];
    /* Default, end_of_term: March (70.00) and 9 x 70.00 to 2026-01-10. */
    lapse_decision d = reduce_ok(NULL, &s, "2025-03-20", LAPSE_CHANNEL_SUPPORT, "seats=6", items);
    assert_int_equal(d.allowed, 1);
    assert_int_equal(d.route, LAPSE_ROUTE_SUPPORT);
    assert_int_equal(d.change_effective_on, test_date("2026-01-10"));
    assert_int_equal(d.remaining_term_charge, 70000);
    assert_int_equal(d.still_to_invoice, 63000);
    assert_int_equal(d.invoices_left, 9);
    assert_int_equal(d.next_invoice, test_date("2025-04-10"));
    assert_int_equal(d.refund, 0);
    assert_int_equal(d.termination_fee, 0);
    assert_int_equal(d.saving, 0);
    assert_int_equal(d.recurring_after, 5000);
    assert_int_equal(d.effective_end, LAPSE_DATE_NONE);
    assert_int_equal(d.data_deleted_on, LAPSE_DATE_NONE);
    assert_int_equal(d.term_start, test_date("2025-01-10"));
    assert_int_equal(d.term_end, test_date("2026-01-10"));
    assert_int_equal(d.warnings, 0);
    assert_int_equal(items[0].quantity, 10);
    assert_int_equal(items[0].quantity_after, 6);
    assert_int_equal(items[0].released_on, test_date("2026-01-10"));
    /* end_of_billing_period: 70.00 + 9 x 50.00 = 520.00; saves 180.00. */
    d = reduce_ok("reduction_timing = end_of_billing_period", &s, "2025-03-20",
                  LAPSE_CHANNEL_SUPPORT, "seats=6", items);
    assert_int_equal(d.change_effective_on, test_date("2025-04-10"));
    assert_int_equal(d.remaining_term_charge, 52000);
    assert_int_equal(d.still_to_invoice, 45000);
    assert_int_equal(d.saving, 18000);
    assert_int_equal(d.recurring_after, 5000);
    assert_int_equal(items[0].released_on, test_date("2025-04-10"));
    /* immediate, prorated: 4 x 5.00 x 20/31 = 12.903 -> 12.90 refunded;
     * 520.00 charged; saves 700.00 - (520.00 - 12.90) = 192.90. */
    d = reduce_ok("reduction_timing = immediate\nrefund = prorated", &s, "2025-03-20",
                  LAPSE_CHANNEL_SUPPORT, "seats=6", items);
    assert_int_equal(d.change_effective_on, test_date("2025-03-21"));
    assert_int_equal(d.refund, 1290);
    assert_int_equal(d.remaining_term_charge, 52000);
    assert_int_equal(d.still_to_invoice, 45000);
    assert_int_equal(d.saving, 19290);
    assert_int_equal(d.warnings, LAPSE_WARNING_REFUND_DUE);
    assert_int_equal(items[0].released_on, test_date("2025-03-21"));
    /* Online: refused under the default (R14), allowed when the policy puts
     * reductions online. */
    d = reduce_ok(NULL, &s, "2025-03-20", LAPSE_CHANNEL_ONLINE, "seats=6", NULL);
    assert_int_equal(d.allowed, 0);
    assert_int_equal(d.blocked, LAPSE_REASON_CHANGE_NEEDS_SUPPORT);
    assert_int_equal(d.route, LAPSE_ROUTE_SUPPORT);
    assert_int_equal(d.saving, 0);
    d = reduce_ok("reductions_online = true", &s, "2025-03-20", LAPSE_CHANNEL_ONLINE, "seats=6",
                  NULL);
    assert_int_equal(d.allowed, 1);
    assert_int_equal(d.blocked, 0);
    assert_int_equal(d.route, LAPSE_ROUTE_ONLINE);
}

/* The contract examples: 2025-01-01, 12 months monthly, price
 * 100.00, seats 20 x 10.00 committed 20 (300.00 an invoice); immediate,
 * prorated; on 2025-06-15 seats to 12. */
static void test_reduction_contract_examples(void **state)
{
    (void)state;
    lapse_item seats = { .name = "seats", .quantity = 20, .unit_price = 1000, .committed = 20 };
    lapse_subscription s = test_subscription("2025-01-01", 12, 1, 10000);
    s.contract = 1;
    s.items = &seats;
    s.item_count = 1;
    lapse_item_result items[LAPSE_ITEMS_MAX];
    const char *base = "reduction_timing = immediate\nrefund = prorated\n";
    char policy[200];
    /* owed: the 8 released seats are charged to the term end: June 300.00
     * + 6 x 300.00 = 2100.00; nothing refunded, nothing saved; released
     * on 2026-01-01, then 100.00 + 12 x 10.00 = 220.00. */
    snprintf(policy, sizeof policy, "%scommitment = owed", base);
    lapse_decision d =
        reduce_ok(policy, &s, "2025-06-15", LAPSE_CHANNEL_SUPPORT, "seats=12", items);
    assert_int_equal(d.change_effective_on, test_date("2025-06-16"));
    assert_int_equal(d.refund, 0);
    assert_int_equal(d.termination_fee, 0);
    assert_int_equal(d.remaining_term_charge, 210000);
    assert_int_equal(d.still_to_invoice, 180000);
    assert_int_equal(d.saving, 0);
    assert_int_equal(d.recurring_after, 22000);
    assert_int_equal(items[0].released_on, test_date("2026-01-01"));
    /* waived: 8 x 10.00 x 15/30 = 40.00 refunded; 300.00 + 6 x 220.00 =
     * 1620.00; saves 2100.00 - (1620.00 - 40.00) = 520.00. */
    snprintf(policy, sizeof policy, "%scommitment = waived", base);
    d = reduce_ok(policy, &s, "2025-06-15", LAPSE_CHANNEL_SUPPORT, "seats=12", items);
    assert_int_equal(d.refund, 4000);
    assert_int_equal(d.remaining_term_charge, 162000);
    assert_int_equal(d.still_to_invoice, 132000);
    assert_int_equal(d.saving, 52000);
    assert_int_equal(d.recurring_after, 22000);
    assert_int_equal(d.warnings, LAPSE_WARNING_COMMITMENT_WAIVED | LAPSE_WARNING_REFUND_DUE);
    assert_int_equal(items[0].released_on, test_date("2025-06-16"));
    /* percent_fee 50 %: the fee is half the released seats' remaining
     * commitment, 40.00 + 6 x 80.00 = 520.00: 260.00; saves 2100.00 -
     * (1620.00 - 40.00 + 260.00) = 260.00. */
    snprintf(policy, sizeof policy, "%scommitment = percent_fee\ntermination_fee_percent = 50",
             base);
    d = reduce_ok(policy, &s, "2025-06-15", LAPSE_CHANNEL_SUPPORT, "seats=12", items);
    assert_int_equal(d.refund, 4000);
    assert_int_equal(d.termination_fee, 26000);
    assert_int_equal(d.remaining_term_charge, 162000);
    assert_int_equal(d.saving, 26000);
    assert_int_equal(d.warnings, LAPSE_WARNING_TERMINATION_FEE | LAPSE_WARNING_REFUND_DUE);
    /* fixed_fee 1000.00 is capped at that remaining commitment, 520.00;
     * 300.00 fits under it. */
    snprintf(policy, sizeof policy, "%scommitment = fixed_fee\ntermination_fee = 1000.00 EUR",
             base);
    d = reduce_ok(policy, &s, "2025-06-15", LAPSE_CHANNEL_SUPPORT, "seats=12", NULL);
    assert_int_equal(d.termination_fee, 52000);
    assert_int_equal(d.saving, 0);
    snprintf(policy, sizeof policy, "%scommitment = fixed_fee\ntermination_fee = 300.00 EUR", base);
    d = reduce_ok(policy, &s, "2025-06-15", LAPSE_CHANNEL_SUPPORT, "seats=12", NULL);
    assert_int_equal(d.termination_fee, 30000);
    assert_int_equal(d.saving, 22000);
}

/* The self-serve example under other billing: up front, a billing
 * day, in arrears, a renewal price; each figure with its arithmetic. */
static void test_reduction_billing_variants(void **state)
{
    (void)state;
    lapse_item seats = { .name = "seats", .quantity = 10, .unit_price = 6000 };
    /* Up front: 240.00 + 10 x 60.00 = 840.00 a year, invoiced 2025-01-10;
     * immediate, prorated on 2025-03-20: the 4 seats' 240.00 x 295/365
     * days (2025-03-21 to 2026-01-10) = 193.972 -> 193.97 refunded; the
     * year is invoiced already; then 240.00 + 6 x 60.00 = 600.00. */
    lapse_subscription s = test_subscription("2025-01-10", 12, 0, 24000);
    s.items = &seats;
    s.item_count = 1;
    lapse_decision d = reduce_ok("reduction_timing = immediate; refund = prorated", &s,
                                 "2025-03-20", LAPSE_CHANNEL_SUPPORT, "seats=6", NULL);
    assert_int_equal(d.change_effective_on, test_date("2025-03-21"));
    assert_int_equal(d.remaining_term_charge, 84000);
    assert_int_equal(d.still_to_invoice, 0);
    assert_int_equal(d.invoices_left, 0);
    assert_int_equal(d.next_invoice, LAPSE_DATE_NONE);
    assert_int_equal(d.refund, 19397);
    assert_int_equal(d.saving, 19397);
    assert_int_equal(d.recurring_after, 60000);
    /* end_of_billing_period up front is the term's end: nothing saved. */
    d = reduce_ok("reduction_timing = end_of_billing_period", &s, "2025-03-20",
                  LAPSE_CHANNEL_SUPPORT, "seats=6", NULL);
    assert_int_equal(d.change_effective_on, test_date("2026-01-10"));
    assert_int_equal(d.saving, 0);

    /* Billing day 1: the leading period 2025-01-10..2025-02-01 (22 of
     * January's 31 days of 70.00 = 49.68), then terms from 2025-02-01.  On
     * 2025-03-20, end_of_billing_period: from 2025-04-01, March's 70.00 +
     * 10 x 50.00 = 570.00, saving 10 x 20.00 = 200.00. */
    seats.unit_price = 500;
    s = test_subscription("2025-01-10", 12, 1, 2000);
    s.billing_day = 1;
    s.items = &seats;
    s.item_count = 1;
    d = reduce_ok("reduction_timing = end_of_billing_period", &s, "2025-03-20",
                  LAPSE_CHANNEL_SUPPORT, "seats=6", NULL);
    assert_int_equal(d.term_start, test_date("2025-02-01"));
    assert_int_equal(d.term_end, test_date("2026-02-01"));
    assert_int_equal(d.change_effective_on, test_date("2025-04-01"));
    assert_int_equal(d.remaining_term_charge, 57000);
    assert_int_equal(d.still_to_invoice, 50000);
    assert_int_equal(d.invoices_left, 10);
    assert_int_equal(d.next_invoice, test_date("2025-04-01"));
    assert_int_equal(d.saving, 20000);
    lapse_event events[64];
    size_t count;
    lapse_reduction six = { .name = "seats", .quantity = 6 };
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-03-20");
    r.reduce = &six;
    r.reduce_count = 1;
    lapse_policy p;
    lapse_policy_default(&p);
    p.reduction_timing = LAPSE_TIMING_END_OF_BILLING_PERIOD;
    assert_int_equal(lapse_timeline(&p, &s, &r, events, 64, &count, NULL), LAPSE_OK);
    assert_int_equal(events[1].kind, LAPSE_EVENT_INVOICE);
    assert_int_equal(events[1].amount, 4968);

    /* In arrears, immediate, prorated: nothing refunded; March's period is
     * invoiced on 2025-04-10 without the 4 seats' undelivered 12.90:
     * 70.00 - 12.90 = 57.10, then 9 x 50.00: 507.10, all still to invoice
     * in 10 invoices; the same 192.90 saved as in advance. */
    s = self_serve(&seats);
    d = reduce_ok("reduction_timing = immediate; refund = prorated; invoicing = in_arrears", &s,
                  "2025-03-20", LAPSE_CHANNEL_SUPPORT, "seats=6", NULL);
    assert_int_equal(d.refund, 0);
    assert_int_equal(d.remaining_term_charge, 50710);
    assert_int_equal(d.still_to_invoice, 50710);
    assert_int_equal(d.invoices_left, 10);
    assert_int_equal(d.next_invoice, test_date("2025-04-10"));
    assert_int_equal(d.saving, 19290);

    /* A renewal price of 30.00: in the renewal term 2026-01-10..2027-01-10
     * an invoice is 30.00 + 10 x 5.00 = 80.00, after 30.00 + 6 x 5.00 =
     * 60.00.  On 2026-02-20, end_of_billing_period: 80.00 + 10 x 60.00 =
     * 680.00, saving 11 x 80.00 - 680.00 = 200.00. */
    s.renewal_price = 3000;
    d = reduce_ok("reduction_timing = end_of_billing_period", &s, "2026-02-20",
                  LAPSE_CHANNEL_SUPPORT, "seats=6", NULL);
    assert_int_equal(d.change_effective_on, test_date("2026-03-10"));
    assert_int_equal(d.remaining_term_charge, 68000);
    assert_int_equal(d.still_to_invoice, 60000);
    assert_int_equal(d.saving, 20000);
    assert_int_equal(d.recurring_after, 6000);
}

static lapse_error reduce_error(const lapse_subscription *s, const char *on, const char *text,
                                lapse_error_detail *detail)
{
    static lapse_reduction reduce[LAPSE_ITEMS_MAX];
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date(on);
    r.roles = BA;
    assert_int_equal(
        lapse_reductions_parse(text, strlen(text), reduce, LAPSE_ITEMS_MAX, &r.reduce_count, NULL),
        LAPSE_OK);
    r.reduce = reduce;
    lapse_decision d;
    lapse_error error = lapse_decide_cancel(NULL, s, &r, &d, detail);
    lapse_decision zero;
    memset(&zero, 0, sizeof zero);
    if (error)
        assert_memory_equal(&d, &zero, sizeof d);
    return error;
}

/* A repeat settles nothing twice; the errors name reduce (or on, end_on). */
static void test_reduction_errors(void **state)
{
    (void)state;
    lapse_item items[2] = { { .name = "seats", .quantity = 10, .unit_price = 500, .assigned = 8 },
                            { .name = "mobile", .quantity = 2, .unit_price = 300 } };
    lapse_subscription s = test_subscription("2025-01-10", 12, 1, 2000);
    s.items = items;
    s.item_count = 2;
    lapse_error_detail detail = { 0 };
    /* The same entry twice is one; the warning says which licences. */
    lapse_decision once = reduce_ok("reduction_timing = end_of_billing_period", &s, "2025-03-20",
                                    LAPSE_CHANNEL_SUPPORT, "seats=6", NULL);
    lapse_item_result results[LAPSE_ITEMS_MAX];
    lapse_decision twice = reduce_ok("reduction_timing = end_of_billing_period", &s, "2025-03-20",
                                     LAPSE_CHANNEL_SUPPORT, "seats=6;seats=6", results);
    assert_memory_equal(&once, &twice, sizeof once);
    assert_int_equal(once.saving, 18000);
    assert_true(once.warnings & LAPSE_WARNING_UNASSIGN_LICENSES);
    assert_int_equal(results[0].unassign, 2);
    assert_int_equal(results[1].unassign, 0);
    assert_int_equal(results[1].quantity_after, 2);
    assert_int_equal(results[1].released_on, LAPSE_DATE_NONE);
    /* Removing an item: mobile=0 saves 9 x 2 x 3.00 = 54.00. */
    lapse_decision removed = reduce_ok("reduction_timing = end_of_billing_period", &s, "2025-03-20",
                                       LAPSE_CHANNEL_SUPPORT, "mobile=0", NULL);
    assert_int_equal(removed.saving, 5400);
    assert_int_equal(removed.recurring_after, 2000 + 5000);
    /* Recorded afterwards (the caller sets seats to 6), a repeat is not a
     * reduction any more: 6 is not below 6. */
    items[0].quantity = 6;
    items[0].assigned = 6;
    assert_int_equal(reduce_error(&s, "2025-03-21", "seats=6", &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "reduce");
    assert_string_equal(detail.message,
                        "reduce: item 'seats' to 6: not below today's quantity 6 (0 removes it)");
    items[0].quantity = 10;
    assert_int_equal(reduce_error(&s, "2025-03-20", "seats=11", &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_int_equal(reduce_error(&s, "2025-03-20", "desks=1", &detail), LAPSE_ERR_UNKNOWN_NAME);
    assert_string_equal(detail.field, "reduce");
    assert_string_equal(detail.message, "reduce: item 'desks': not an item of the subscription");
    assert_int_equal(reduce_error(&s, "2025-03-20", "seats=6;seats=5", &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.message, "reduce: item 'seats': two quantities (6 and 5)");
    /* After a recorded cancellation: the items ended with it. */
    s.cancelled_on = test_date("2025-03-01");
    assert_int_equal(reduce_error(&s, "2025-03-20", "seats=6", &detail), LAPSE_ERR_ALREADY_ENDED);
    assert_string_equal(detail.field, "reduce");
    assert_string_equal(detail.message, "reduce: request date 2025-03-20: the subscription was "
                                        "cancelled on 2025-03-01, and its items end with it");
    /* A cancellation recorded for a later date has not happened yet. */
    s.cancelled_on = test_date("2025-04-01");
    assert_int_equal(reduce_error(&s, "2025-03-20", "seats=6", &detail), LAPSE_OK);
    s.cancelled_on = LAPSE_DATE_NONE;
    /* After the end of a subscription that does not renew (renewal none:
     * it ended on 2026-01-10), as a cancellation would be. */
    lapse_reduction six = { .name = "seats", .quantity = 6 };
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2026-01-10");
    r.reduce = &six;
    r.reduce_count = 1;
    lapse_policy none;
    lapse_policy_default(&none);
    none.renewal = LAPSE_RENEWAL_NONE;
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(&none, &s, &r, &d, &detail), LAPSE_ERR_ALREADY_ENDED);
    assert_string_equal(detail.field, "on");
    r.on = test_date("2026-01-09");
    assert_int_equal(lapse_decide_cancel(&none, &s, &r, &d, &detail), LAPSE_OK);
    /* A chosen end is for cancellations; too many entries; NULL. */
    r.on = test_date("2025-03-20");
    r.end_on = test_date("2025-05-01");
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "end_on");
    r.end_on = LAPSE_DATE_NONE;
    r.reduce_count = LAPSE_ITEMS_MAX + 1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "reduce");
    r.reduce_count = 1;
    r.reduce = NULL;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_NULL_ARGUMENT);
    assert_string_equal(detail.field, "reduce");
    r.reduce = &six;
    six.reserved[0] = 1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_RESERVED);
    six.reserved[0] = 0;
    /* Overflow: quantity x unit price past 64 bits is amount_range naming
     * items, before any reduction. */
    items[0].quantity = 1000000;
    items[0].assigned = 0;
    items[0].unit_price = INT64_MAX / 1000000 + 1;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_AMOUNT_RANGE);
    assert_string_equal(detail.field, "items");
    /* Within 64 bits an invoice but not a year of them: the charge. */
    items[0].unit_price = INT64_MAX / 1000000 / 2;
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &d, &detail), LAPSE_ERR_AMOUNT_RANGE);
    assert_string_equal(detail.field, "items");
}

/* The explanations of reductions, to the byte, in English and Italian:
 * every template of a reduction (words.c) in one of three cases, generated
 * by the library and read through: the contract example under percent_fee
 * through support (a fee, a refund, licences to unassign, an unchanged
 * item), the same online under owed (refused by R14, the committed seats
 * still charged to the term's end), and under waived with one licence to
 * unassign. */
static const char explained_case0_en[] =
    "Reducing the items of a contract subscription started 2025-01-01, now in its initial 12-month "
    "term (307.00 EUR per invoice, invoiced monthly)\n"
    "requested on 2025-06-15 through support by a billing admin.\n"
    "\n"
    "Allowed: the change goes through by contacting support.\n"
    "\n"
    "Current term       2025-01-01 to 2025-12-31 (12 months)\n"
    "Items              seats: 20 -> 12 at 10.00 EUR each, no longer charged from 2025-06-16\n"
    "                   mobile: 2 at 3.50 EUR each, unchanged\n"
    "Change effective   2025-06-16 (the first day at the new quantities)\n"
    "Still charged      1669.00 EUR (this billing period to the term's end, the change applied)\n"
    "  to be invoiced   1362.00 EUR in 6 invoices, the next on 2025-07-01\n"
    "Refund             40.00 EUR\n"
    "Termination fee    260.00 EUR\n"
    "Then per invoice   227.00 EUR (the first invoice at the new quantities)\n"
    "Saving             260.00 EUR through the term's last day (2025-12-31)\n"
    "\n"
    "Before the change:\n"
    "  - unassign 3 licences of seats first\n"
    "  - a fee of 260.00 EUR is charged on the released units' remaining commitment\n"
    "  - 40.00 EUR is refunded\n";
static const char explained_case0_it[] =
    "Riduzione degli elementi di un abbonamento a contratto iniziato il 01/01/2025, ora nel "
    "periodo iniziale di 12 mesi (307,00 EUR per fattura, fatturato ogni mese)\n"
    "richiesto il 15/06/2025 tramite il supporto da un amministratore della fatturazione.\n"
    "\n"
    "Consentito: la modifica avviene contattando il supporto.\n"
    "\n"
    "Periodo attuale           dal 01/01/2025 al 31/12/2025 (12 mesi)\n"
    "Elementi                  seats: da 20 a 12 a 10,00 EUR l'uno, non più addebitati dal "
    "16/06/2025\n"
    "                          mobile: 2 a 3,50 EUR l'uno, invariato\n"
    "Modifica in vigore dal    16/06/2025 (il primo giorno con le nuove quantità)\n"
    "Ancora addebitato         1.669,00 EUR (da questo periodo di fatturazione alla fine del "
    "periodo, con la modifica)\n"
    "  da fatturare            1.362,00 EUR in 6 fatture, la prossima il 01/07/2025\n"
    "Rimborso                  40,00 EUR\n"
    "Penale di recesso         260,00 EUR\n"
    "Poi per fattura           227,00 EUR (la prima fattura con le nuove quantità)\n"
    "Risparmio                 260,00 EUR fino all'ultimo giorno del periodo (31/12/2025)\n"
    "\n"
    "Prima della modifica:\n"
    "  - togli prima l'assegnazione di 3 licenze di seats\n"
    "  - una penale di 260,00 EUR è addebitata sull'impegno residuo delle unità rilasciate\n"
    "  - 40,00 EUR viene rimborsato\n";
static const char explained_case1_en[] =
    "Reducing the items of a contract subscription started 2025-01-01, now in its initial 12-month "
    "term (307.00 EUR per invoice, invoiced monthly)\n"
    "requested on 2025-06-15 online by a billing admin.\n"
    "\n"
    "Not allowed as asked (online):\n"
    "  - downgrades and add-on removals are made by contacting support\n"
    "What to do instead: contact support, who can make the change for you.\n"
    "\n"
    "Current term       2025-01-01 to 2025-12-31 (12 months)\n"
    "Items              seats: 20 -> 12 at 10.00 EUR each, no longer charged from 2026-01-01\n"
    "                   mobile: 2 at 3.50 EUR each, unchanged\n"
    "Change effective   2025-06-16 (the first day at the new quantities)\n"
    "Still charged      2149.00 EUR (this billing period to the term's end, the change applied)\n"
    "  to be invoiced   1842.00 EUR in 6 invoices, the next on 2025-07-01\n"
    "Refund             0.00 EUR\n"
    "Then per invoice   227.00 EUR (the first invoice at the new quantities)\n"
    "Saving             0.00 EUR through the term's last day (2025-12-31)\n"
    "\n"
    "Before the change:\n"
    "  - unassign 3 licences of seats first\n"
    "  - have ready for the support call: the account ID; the billing admin's e-mail; the last "
    "four digits of the payment card; the billing address of the payment method; the product(s) to "
    "cancel\n"
    "  - committed units released are still charged through the term's last day (2025-12-31)\n";
static const char explained_case1_it[] =
    "Riduzione degli elementi di un abbonamento a contratto iniziato il 01/01/2025, ora nel "
    "periodo iniziale di 12 mesi (307,00 EUR per fattura, fatturato ogni mese)\n"
    "richiesto il 15/06/2025 online da un amministratore della fatturazione.\n"
    "\n"
    "Non consentito così come richiesto (online):\n"
    "  - il passaggio a un piano inferiore e la rimozione di un componente aggiuntivo si fanno "
    "contattando il supporto\n"
    "Cosa fare invece: contatta il supporto, che può fare la modifica per te.\n"
    "\n"
    "Periodo attuale           dal 01/01/2025 al 31/12/2025 (12 mesi)\n"
    "Elementi                  seats: da 20 a 12 a 10,00 EUR l'uno, non più addebitati dal "
    "01/01/2026\n"
    "                          mobile: 2 a 3,50 EUR l'uno, invariato\n"
    "Modifica in vigore dal    16/06/2025 (il primo giorno con le nuove quantità)\n"
    "Ancora addebitato         2.149,00 EUR (da questo periodo di fatturazione alla fine del "
    "periodo, con la modifica)\n"
    "  da fatturare            1.842,00 EUR in 6 fatture, la prossima il 01/07/2025\n"
    "Rimborso                  0,00 EUR\n"
    "Poi per fattura           227,00 EUR (la prima fattura con le nuove quantità)\n"
    "Risparmio                 0,00 EUR fino all'ultimo giorno del periodo (31/12/2025)\n"
    "\n"
    "Prima della modifica:\n"
    "  - togli prima l'assegnazione di 3 licenze di seats\n"
    "  - prepara per la chiamata all'assistenza: l'ID dell'account; l'indirizzo email "
    "dell'amministratore della fatturazione; le ultime quattro cifre della carta di pagamento; "
    "l'indirizzo di fatturazione del metodo di pagamento; il/i prodotto/i da annullare\n"
    "  - le unità impegnate rilasciate sono addebitate fino all'ultimo giorno del periodo "
    "(31/12/2025)\n";
static const char explained_case2_en[] =
    "Reducing the items of a contract subscription started 2025-01-01, now in its initial 12-month "
    "term (307.00 EUR per invoice, invoiced monthly)\n"
    "requested on 2025-06-15 through support by a billing admin.\n"
    "\n"
    "Allowed: the change goes through by contacting support.\n"
    "\n"
    "Current term       2025-01-01 to 2025-12-31 (12 months)\n"
    "Items              seats: 20 -> 12 at 10.00 EUR each, no longer charged from 2025-06-16\n"
    "                   mobile: 2 at 3.50 EUR each, unchanged\n"
    "Change effective   2025-06-16 (the first day at the new quantities)\n"
    "Still charged      1669.00 EUR (this billing period to the term's end, the change applied)\n"
    "  to be invoiced   1362.00 EUR in 6 invoices, the next on 2025-07-01\n"
    "Refund             40.00 EUR\n"
    "Then per invoice   227.00 EUR (the first invoice at the new quantities)\n"
    "Saving             520.00 EUR through the term's last day (2025-12-31)\n"
    "\n"
    "Before the change:\n"
    "  - unassign 1 licence of seats first\n"
    "  - the commitment of the released units is waived\n"
    "  - 40.00 EUR is refunded\n";
static const char explained_case2_it[] =
    "Riduzione degli elementi di un abbonamento a contratto iniziato il 01/01/2025, ora nel "
    "periodo iniziale di 12 mesi (307,00 EUR per fattura, fatturato ogni mese)\n"
    "richiesto il 15/06/2025 tramite il supporto da un amministratore della fatturazione.\n"
    "\n"
    "Consentito: la modifica avviene contattando il supporto.\n"
    "\n"
    "Periodo attuale           dal 01/01/2025 al 31/12/2025 (12 mesi)\n"
    "Elementi                  seats: da 20 a 12 a 10,00 EUR l'uno, non più addebitati dal "
    "16/06/2025\n"
    "                          mobile: 2 a 3,50 EUR l'uno, invariato\n"
    "Modifica in vigore dal    16/06/2025 (il primo giorno con le nuove quantità)\n"
    "Ancora addebitato         1.669,00 EUR (da questo periodo di fatturazione alla fine del "
    "periodo, con la modifica)\n"
    "  da fatturare            1.362,00 EUR in 6 fatture, la prossima il 01/07/2025\n"
    "Rimborso                  40,00 EUR\n"
    "Poi per fattura           227,00 EUR (la prima fattura con le nuove quantità)\n"
    "Risparmio                 520,00 EUR fino all'ultimo giorno del periodo (31/12/2025)\n"
    "\n"
    "Prima della modifica:\n"
    "  - togli prima l'assegnazione di 1 licenza di seats\n"
    "  - l'impegno delle unità rilasciate è condonato\n"
    "  - 40,00 EUR viene rimborsato\n";

static void test_reduction_explained(void **state)
{
    (void)state;
    static const char *const policies[3] = {
        "reduction_timing = immediate; refund = prorated; commitment = percent_fee; "
        "termination_fee_percent = 50",
        "reduction_timing = immediate; refund = prorated",
        "reduction_timing = immediate; refund = prorated; commitment = waived"
    };
    static const char *const expected[3][2] = { { explained_case0_en, explained_case0_it },
                                                { explained_case1_en, explained_case1_it },
                                                { explained_case2_en, explained_case2_it } };
    static const lapse_channel channels[3] = { LAPSE_CHANNEL_SUPPORT, LAPSE_CHANNEL_ONLINE,
                                               LAPSE_CHANNEL_SUPPORT };
    static const int32_t assigned[3] = { 15, 15, 13 };
    for (int c = 0; c < 3; c++) {
        lapse_item items[2] = { { .name = "seats",
                                  .quantity = 20,
                                  .unit_price = 1000,
                                  .committed = 20,
                                  .assigned = assigned[c] },
                                { .name = "mobile", .quantity = 2, .unit_price = 350 } };
        lapse_subscription s = test_subscription("2025-01-01", 12, 1, 10000);
        s.contract = 1;
        s.items = items;
        s.item_count = 2;
        lapse_reduction twelve = { .name = "seats", .quantity = 12 };
        lapse_request r;
        lapse_request_init(&r);
        r.on = test_date("2025-06-15");
        r.channel = channels[c];
        r.roles = BA;
        r.provided = LAPSE_SUPPORT_INFO_ALL;
        r.reduce = &twelve;
        r.reduce_count = 1;
        lapse_policy p;
        assert_int_equal(lapse_policy_parse(policies[c], strlen(policies[c]), &p, NULL), LAPSE_OK);
        lapse_decision d;
        assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, NULL), LAPSE_OK);
        for (int l = 0; l < 2; l++) {
            char text[4096];
            size_t length;
            assert_int_equal(
                lapse_explain(&p, &s, &r, &d, l ? "it" : "en", text, sizeof text, &length, NULL),
                LAPSE_OK);
            assert_string_equal(text, expected[c][l]);
            assert_int_equal(length, strlen(expected[c][l]));
        }
    }
    assert_string_equal(lapse_event_words(LAPSE_EVENT_REDUCTION, "en"), "reduction");
    assert_string_equal(lapse_event_words(LAPSE_EVENT_CHANGE, "en"), "new quantities");
    assert_string_equal(lapse_event_words(LAPSE_EVENT_REDUCTION, "it"), "riduzione");
    assert_string_equal(lapse_event_words(LAPSE_EVENT_CHANGE, "it"), "nuove quantità");
    assert_null(lapse_event_words((lapse_event_kind)(LAPSE_EVENT_RESUME + 1), "en"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items_parse_every_field),
        cmocka_unit_test(test_items_parse_errors_name_the_item),
        cmocka_unit_test(test_items_format_is_canonical),
        cmocka_unit_test(test_reductions_parse_and_format),
        cmocka_unit_test(test_whole_cancellation_uses_the_invoice_amount),
        cmocka_unit_test(test_renewal_price_plus_items),
        cmocka_unit_test(test_items_checked_by_name),
        cmocka_unit_test(test_quantity_zero_changes_nothing),
        cmocka_unit_test(test_reduction_self_serve_examples),
        cmocka_unit_test(test_reduction_contract_examples),
        cmocka_unit_test(test_reduction_billing_variants),
        cmocka_unit_test(test_reduction_errors),
        cmocka_unit_test(test_reduction_explained),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
