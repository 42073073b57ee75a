/* The tables layer's faces of items (seats and add-ons): the input columns
 * items and reduce (lapse_inputs_read, table rows, arrays), the outputs
 * change_effective_on, recurring_after, saving (CSV, JSON, arrays) and
 * item_results (JSON, vectors rows), and their errors. */
#include "testutil.h"
#include "lapse/tables.h"

#include <stdio.h>
#include <string.h>

/* The self-serve example: start 2025-01-10, 12 months billed
 * monthly, price 20.00, seats 10 x 5.00 (an invoice of 70.00), asked on
 * 2025-03-20 through support by a billing admin with every detail. */
static const char *const example_header =
    "start,term,price,items,on,channel,roles,provided,reduce,policy";

static lapse_error read_cells(const char *items, const char *reduce, lapse_inputs *inputs,
                              lapse_error_detail *detail)
{
    lapse_cell cells[] = {
        { LAPSE_COLUMN_START, "2025-01-10", 10 },
        { LAPSE_COLUMN_TERM, "12", 2 },
        { LAPSE_COLUMN_PRICE, "20.00", 5 },
        { LAPSE_COLUMN_ITEMS, items, strlen(items) },
        { LAPSE_COLUMN_REDUCE, reduce, strlen(reduce) },
        { LAPSE_COLUMN_ON, "2025-03-20", 10 },
        { LAPSE_COLUMN_CHANNEL, "support", 7 },
        { LAPSE_COLUMN_ROLES, "billing_admin", 13 },
        { LAPSE_COLUMN_PROVIDED, "all", 3 },
    };
    return lapse_inputs_read(cells, sizeof cells / sizeof cells[0], inputs, detail);
}

/* The vectors row `good` passes lapse_row_check under `header`; a copy
 * with the character `from_end` places before its end changed to `wrong`
 * fails with `expected_report` (what lapse computed beside what the row
 * expects). */
static void check_row_and_a_wrong_copy(lapse_table *table, const char *header, const char *good,
                                       size_t from_end, char wrong, const char *expected_report)
{
    lapse_error_detail detail;
    assert_int_equal(lapse_table_header(table, '\t', header, strlen(header), &detail), LAPSE_OK);
    char line[512], report[512];
    lapse_row row;
    snprintf(line, sizeof line, "%s", good);
    assert_int_equal(lapse_table_row(table, line, strlen(line), &row, &detail), LAPSE_OK);
    assert_int_equal(lapse_row_check(NULL, table, line, strlen(good), &row, report, sizeof report),
                     0);
    snprintf(line, sizeof line, "%s", good);
    line[strlen(line) - from_end] = wrong;
    assert_int_equal(lapse_table_row(table, line, strlen(line), &row, &detail), LAPSE_OK);
    assert_int_equal(lapse_row_check(NULL, table, line, strlen(line), &row, report, sizeof report),
                     1);
    assert_string_equal(report, expected_report);
}

static void test_columns_of_items(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        lapse_column column;
        lapse_column_type type;
        int32_t input, decision;
    } expected[] = {
        { "items", LAPSE_COLUMN_ITEMS, LAPSE_COLUMN_TYPE_TEXT, 1, 0 },
        { "reduce", LAPSE_COLUMN_REDUCE, LAPSE_COLUMN_TYPE_TEXT, 1, 0 },
        { "change_effective_on", LAPSE_COLUMN_CHANGE_EFFECTIVE_ON, LAPSE_COLUMN_TYPE_DATE, 0, 1 },
        { "recurring_after", LAPSE_COLUMN_RECURRING_AFTER, LAPSE_COLUMN_TYPE_AMOUNT, 0, 1 },
        { "saving", LAPSE_COLUMN_SAVING, LAPSE_COLUMN_TYPE_AMOUNT, 0, 1 },
        { "item_results", LAPSE_COLUMN_ITEM_RESULTS, LAPSE_COLUMN_TYPE_TEXT, 0, 0 },
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        lapse_column c = LAPSE_COLUMN_NONE;
        assert_int_equal(lapse_column_lookup(expected[i].name, strlen(expected[i].name), &c),
                         LAPSE_OK);
        assert_int_equal(c, expected[i].column);
        assert_string_equal(lapse_column_name(c), expected[i].name);
        assert_int_equal(lapse_column_type_of(c), expected[i].type);
        assert_int_equal(lapse_column_is_input(c), expected[i].input);
        assert_int_equal(lapse_column_is_decision(c), expected[i].decision);
    }
    /* The decision's columns: the three figures of a reduction, then the
     * four of the settlement (#30). */
    assert_int_equal(lapse_decision_column(19), LAPSE_COLUMN_CHANGE_EFFECTIVE_ON);
    assert_int_equal(lapse_decision_column(20), LAPSE_COLUMN_RECURRING_AFTER);
    assert_int_equal(lapse_decision_column(21), LAPSE_COLUMN_SAVING);
    assert_int_equal(lapse_decision_column(22), LAPSE_COLUMN_APPLIED_TO_BALANCE);
    assert_int_equal(lapse_decision_column(25), LAPSE_COLUMN_BALANCE_AFTER);
    assert_int_equal(lapse_decision_column(26), LAPSE_COLUMN_NONE);
    assert_int_equal(lapse_sizeof_inputs(), sizeof(lapse_inputs));
}

static void test_inputs_read_items_and_reduce(void **state)
{
    (void)state;
    lapse_inputs in;
    lapse_error_detail detail = { 0 };
    assert_int_equal(
        read_cells("seats:10:5.00;mobile:2:3.50:0:1", "seats=6;mobile=0", &in, &detail), LAPSE_OK);
    assert_int_equal(in.subscription.item_count, 2);
    assert_ptr_equal(in.subscription.items, in.items);
    assert_string_equal(in.items[0].name, "seats");
    assert_int_equal(in.items[0].quantity, 10);
    assert_int_equal(in.items[0].unit_price, 500);
    assert_int_equal(in.items[0].committed, 0);
    assert_string_equal(in.items[1].name, "mobile");
    assert_int_equal(in.items[1].unit_price, 350);
    assert_int_equal(in.items[1].assigned, 1);
    assert_int_equal(in.request.reduce_count, 2);
    assert_ptr_equal(in.request.reduce, in.reduce);
    assert_string_equal(in.reduce[0].name, "seats");
    assert_int_equal(in.reduce[0].quantity, 6);
    assert_int_equal(in.reduce[1].quantity, 0);
    /* In JPY a unit price has no decimals: priced in the row's currency,
     * whatever the cells' order. */
    lapse_cell yen[] = { { LAPSE_COLUMN_ITEMS, "seats:3:1500", 12 },
                         { LAPSE_COLUMN_START, "2025-01-10", 10 },
                         { LAPSE_COLUMN_CURRENCY, "JPY", 3 } };
    assert_int_equal(lapse_inputs_read(yen, 3, &in, &detail), LAPSE_OK);
    assert_int_equal(in.items[0].unit_price, 1500);
    /* Empty cells: no items, no reduction (a cancellation). */
    assert_int_equal(read_cells("", "", &in, &detail), LAPSE_OK);
    assert_int_equal(in.subscription.item_count, 0);
    assert_null(in.subscription.items);
    assert_int_equal(in.request.reduce_count, 0);
    assert_null(in.request.reduce);
}

static void test_item_errors_name_the_column(void **state)
{
    (void)state;
    lapse_inputs in;
    lapse_error_detail detail = { 0 };
    /* A bad quantity: the error names items and the item. */
    assert_int_not_equal(read_cells("seats:x:5.00", "", &in, &detail), LAPSE_OK);
    assert_string_equal(detail.field, "items");
    assert_non_null(strstr(detail.message, "seats"));
    /* A bad unit price, in the currency. */
    assert_int_equal(read_cells("seats:10:5.001", "", &in, &detail), LAPSE_ERR_AMOUNT_PRECISION);
    assert_string_equal(detail.field, "items");
    /* 17 items: one more than LAPSE_ITEMS_MAX. */
    char many[512] = "";
    for (int i = 0; i < 17; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "%si%d:1:1.00", i ? ";" : "", i);
    assert_int_equal(read_cells(many, "", &in, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "items");
    /* A bad reduction names reduce. */
    assert_int_not_equal(read_cells("seats:10:5.00", "seats=x", &in, &detail), LAPSE_OK);
    assert_string_equal(detail.field, "reduce");
    /* lapse_inputs_parse has no room for items: an error, never dropped. */
    lapse_subscription s;
    lapse_request r;
    lapse_cell cell = { LAPSE_COLUMN_ITEMS, "seats:10:5.00", 13 };
    assert_int_equal(lapse_inputs_parse(&cell, 1, &s, &r, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "items");
    assert_string_equal(detail.message, "items 'seats:10:5.00': no room for items in "
                                        "lapse_inputs_parse (lapse_inputs_read has it)");
    cell = (lapse_cell){ LAPSE_COLUMN_REDUCE, "seats=6", 7 };
    assert_int_equal(lapse_inputs_parse(&cell, 1, &s, &r, &detail), LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "reduce");
    /* An empty cell is none for lapse_inputs_parse too. */
    cell = (lapse_cell){ LAPSE_COLUMN_ITEMS, "", 0 };
    assert_int_equal(lapse_inputs_parse(&cell, 1, &s, &r, &detail), LAPSE_OK);
    assert_int_equal(s.item_count, 0);
    /* An unknown item in a reduction is the decision's error, naming
     * reduce. */
    assert_int_equal(read_cells("seats:10:5.00", "mobile=1", &in, &detail), LAPSE_OK);
    lapse_decision d;
    assert_int_not_equal(lapse_decide_cancel(NULL, &in.subscription, &in.request, &d, &detail),
                         LAPSE_OK);
    assert_string_equal(detail.field, "reduce");
    assert_non_null(strstr(detail.message, "mobile"));
}

/* A row of the example's CSV, read and decided as `lapse batch` does. */
static lapse_error decide_line(const char *line, lapse_row *row, lapse_decision *d,
                               lapse_error_detail *detail)
{
    lapse_table table;
    assert_int_equal(
        lapse_table_header(&table, ',', example_header, strlen(example_header), detail), LAPSE_OK);
    static char copy[1024];
    snprintf(copy, sizeof copy, "%s", line);
    lapse_error error = lapse_table_row(&table, copy, strlen(copy), row, detail);
    if (error)
        return error;
    return lapse_decide_cancel(row->has_policy ? &row->policy : NULL, &row->subscription,
                               &row->request, d, detail);
}

static void test_rows_with_items(void **state)
{
    (void)state;
    lapse_row row;
    lapse_decision with_items, without;
    lapse_error_detail detail = { 0 };
    /* A whole cancellation with items costs what the same invoice amount
     * costs without them: 20.00 + 10 x 5.00 = 70.00 an invoice. */
    assert_int_equal(decide_line("2025-01-10,12,20.00,seats:10:5.00,2025-03-20,support,"
                                 "billing_admin,all,,",
                                 &row, &with_items, &detail),
                     LAPSE_OK);
    assert_int_equal(row.subscription.item_count, 1);
    assert_ptr_equal(row.subscription.items, row.items);
    assert_int_equal(decide_line("2025-01-10,12,70.00,,2025-03-20,support,billing_admin,all,,",
                                 &row, &without, &detail),
                     LAPSE_OK);
    assert_int_equal(row.subscription.item_count, 0);
    assert_null(row.subscription.items);
    /* March's invoice and nine more: 10 x 70.00; to invoice April to
     * December: 9 x 70.00. */
    assert_int_equal(with_items.remaining_term_charge, 70000);
    assert_int_equal(with_items.still_to_invoice, 63000);
    assert_int_equal(with_items.remaining_term_charge, without.remaining_term_charge);
    assert_int_equal(with_items.still_to_invoice, without.still_to_invoice);
    assert_int_equal(with_items.effective_end, without.effective_end);
    /* Its CSV row ends with the three figures of a reduction (none) and
     * the four of the settlement (nothing refunded, no balance). */
    char csv[LAPSE_DECISION_CSV_SIZE];
    size_t length = lapse_decision_csv(&with_items, csv, sizeof csv);
    assert_int_equal(length, strlen(csv));
    const char *csv_tail = ",expired_list,,0,0,0,0,0,0";
    assert_int_equal(strcmp(csv + length - strlen(csv_tail), csv_tail), 0);
    /* A row with a bad item: the error names the column and its place. */
    assert_int_not_equal(decide_line("2025-01-10,12,20.00,seats:10:-5.00,2025-03-20,support,"
                                     "billing_admin,all,,",
                                     &row, &with_items, &detail),
                         LAPSE_OK);
    assert_string_equal(detail.field, "items");
    assert_int_equal(detail.column, 4);
    /* The room is the row's: the next row without items has none. */
    assert_int_equal(decide_line("2025-01-10,12,70.00,,2025-03-20,support,billing_admin,all,,",
                                 &row, &without, &detail),
                     LAPSE_OK);
    assert_int_equal(row.subscription.item_count, 0);
    assert_int_equal(row.request.reduce_count, 0);
}

static void test_json_and_vectors_item_results(void **state)
{
    (void)state;
    lapse_inputs in;
    lapse_error_detail detail = { 0 };
    assert_int_equal(read_cells("seats:10:5.00", "", &in, &detail), LAPSE_OK);
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(NULL, &in.subscription, &in.request, &d, &detail),
                     LAPSE_OK);
    lapse_item_result results[LAPSE_ITEMS_MAX];
    size_t count = 0;
    assert_int_equal(lapse_decide_items(NULL, &in.subscription, &in.request, results,
                                        LAPSE_ITEMS_MAX, &count, &detail),
                     LAPSE_OK);
    assert_int_equal(count, 1);
    /* A whole cancellation: every seat released at the effective end. */
    char json[LAPSE_DECISION_JSON_ITEMS_SIZE];
    size_t length = lapse_decision_json_items(&d, results, count, json, sizeof json);
    assert_int_equal(length, strlen(json));
    const char *expected_tail =
        "\"confirmation\": \"expired_list\", \"change_effective_on\": null, "
        "\"recurring_after\": 0, \"saving\": 0, \"applied_to_balance\": 0, \"cash_refund\": 0, "
        "\"account_credit\": 0, \"balance_after\": 0, \"item_results\": [{\"name\": \"seats\", "
        "\"quantity\": 10, \"quantity_after\": 0, \"released_on\": \"2026-01-10\", "
        "\"unassign\": 0}]}";
    assert_true(length > strlen(expected_tail));
    assert_string_equal(json + length - strlen(expected_tail), expected_tail);
    /* The same object without results ends with an empty array, and a cut
     * buffer still says the whole length. */
    char plain[LAPSE_DECISION_JSON_SIZE];
    size_t plain_length = lapse_decision_json(&d, plain, sizeof plain);
    size_t none = lapse_decision_json_items(&d, NULL, 0, json, sizeof json);
    assert_int_equal(none, plain_length + strlen(", \"item_results\": []"));
    assert_string_equal(json + none - strlen(", \"item_results\": []}"), ", \"item_results\": []}");
    assert_memory_equal(json, plain, plain_length - 1);
    char small[16];
    assert_int_equal(lapse_decision_json_items(&d, results, count, small, sizeof small),
                     lapse_decision_json_items(&d, results, count, NULL, 0));
    assert_int_equal(strlen(small), sizeof small - 1);
    /* A vectors row checks item_results and the figures; a wrong one is
     * reported with what lapse computed. */
    const char *header = "start\tterm\tprice\titems\ton\tchannel\troles\tprovided"
                         "\tchange_effective_on\trecurring_after\tsaving\titem_results";
    lapse_table table;
    /* unassign 2, not 1 (assigned 1 - 0 left) */
    check_row_and_a_wrong_copy(&table, header,
                               "2025-01-10\t12\t20.00\tseats:10:5.00;mobile:2:3.50:0:1\t"
                               "2025-03-20\tsupport\tbilling_admin\tall\t\t0\t0\t"
                               "seats:10:0:2026-01-10:0;mobile:2:0:2026-01-10:1",
                               1, '2',
                               "item_results: expected 'seats:10:0:2026-01-10:0;mobile:2:0:"
                               "2026-01-10:2', got 'seats:10:0:2026-01-10:0;mobile:2:0:2026-01-"
                               "10:1'");
    /* A row whose decision fails expects no item_results. */
    char line[512], report[512];
    lapse_row row;
    snprintf(line, sizeof line,
             "2024-01-10\t12\t20.00\tseats:10:5.00\t2023-03-20\tsupport\t"
             "billing_admin\tall\t\t\t\t");
    assert_int_equal(lapse_table_row(&table, line, strlen(line), &row, &detail), LAPSE_OK);
    assert_int_equal(lapse_row_check(NULL, &table, line, strlen(line), &row, report, sizeof report),
                     0);
}

static void test_arrays_read_item_texts(void **state)
{
    (void)state;
    /* Three rows: seats (70.00 an invoice), seats and a phone line (77.00),
     * and a bad item; the per-item results as text. */
    enum { ROWS = 3, ROOM = 64 };
    lapse_date start = test_date("2025-01-10"), on = test_date("2025-03-20");
    int32_t term = 12, channel = LAPSE_CHANNEL_SUPPORT;
    int64_t price = 2000, roles = LAPSE_ROLE_BILLING_ADMIN, provided = LAPSE_SUPPORT_INFO_ALL;
    const char *items[ROWS] = { "seats:10:5.00", "seats:10:5.00;mobile:2:3.50", "seats:10:five" };
    lapse_array in[] = {
        { LAPSE_COLUMN_START, LAPSE_ARRAY_TYPE_INT32, &start, 0, { 0, 0 } },
        { LAPSE_COLUMN_TERM, LAPSE_ARRAY_TYPE_INT32, &term, 0, { 0, 0 } },
        { LAPSE_COLUMN_ITEMS, LAPSE_ARRAY_TYPE_TEXT, (void *)items, sizeof items[0], { 0, 0 } },
        { LAPSE_COLUMN_PRICE, LAPSE_ARRAY_TYPE_INT64, &price, 0, { 0, 0 } },
        { LAPSE_COLUMN_ON, LAPSE_ARRAY_TYPE_INT32, &on, 0, { 0, 0 } },
        { LAPSE_COLUMN_CHANNEL, LAPSE_ARRAY_TYPE_INT32, &channel, 0, { 0, 0 } },
        { LAPSE_COLUMN_ROLES, LAPSE_ARRAY_TYPE_INT64, &roles, 0, { 0, 0 } },
        { LAPSE_COLUMN_PROVIDED, LAPSE_ARRAY_TYPE_INT64, &provided, 0, { 0, 0 } },
    };
    int64_t charge[ROWS], saving[ROWS];
    int32_t change_on[ROWS], errors[ROWS];
    char results[ROWS][ROOM];
    memset(results, 'x', sizeof results);
    lapse_array out[] = {
        { LAPSE_COLUMN_REMAINING_TERM_CHARGE, LAPSE_ARRAY_TYPE_INT64, charge, 8, { 0, 0 } },
        { LAPSE_COLUMN_SAVING, LAPSE_ARRAY_TYPE_INT64, saving, 8, { 0, 0 } },
        { LAPSE_COLUMN_CHANGE_EFFECTIVE_ON, LAPSE_ARRAY_TYPE_INT32, change_on, 4, { 0, 0 } },
        { LAPSE_COLUMN_ITEM_RESULTS, LAPSE_ARRAY_TYPE_TEXT, results, ROOM, { 0, 0 } },
        { LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, errors, 4, { 0, 0 } },
    };
    lapse_error_detail details[ROWS];
    size_t failed = 0;
    assert_int_equal(lapse_decide_columns_details(NULL, in, sizeof in / sizeof in[0], out,
                                                  sizeof out / sizeof out[0], 0, ROWS, details,
                                                  ROWS, &failed, NULL),
                     LAPSE_OK);
    assert_int_equal(failed, 1);
    /* 10 x 70.00 and 10 x (70.00 + 2 x 3.50). */
    assert_int_equal(errors[0], LAPSE_OK);
    assert_int_equal(charge[0], 70000);
    assert_int_equal(saving[0], 0);
    assert_int_equal(change_on[0], LAPSE_DATE_NONE);
    assert_string_equal(results[0], "seats:10:0:2026-01-10:0");
    assert_int_equal(errors[1], LAPSE_OK);
    assert_int_equal(charge[1], 77000);
    assert_string_equal(results[1], "seats:10:0:2026-01-10:0;mobile:2:0:2026-01-10:0");
    assert_int_not_equal(errors[2], LAPSE_OK);
    assert_string_equal(details[0].field, "items");
    assert_int_equal(details[0].line, 3);
    assert_int_equal(change_on[2], LAPSE_DATE_NONE);
    assert_string_equal(results[2], "");
    /* A room too small: the text cut, NUL-terminated. */
    char tiny[ROWS][8];
    out[3] = (lapse_array){ LAPSE_COLUMN_ITEM_RESULTS, LAPSE_ARRAY_TYPE_TEXT, tiny, 8, { 0, 0 } };
    assert_int_equal(lapse_decide_columns(NULL, in, sizeof in / sizeof in[0], out,
                                          sizeof out / sizeof out[0], 0, 1, NULL, NULL),
                     LAPSE_OK);
    assert_string_equal(tiny[0], "seats:1");
    /* Text is for items and reduce only (and item_results out). */
    lapse_array wrong = { LAPSE_COLUMN_TERM, LAPSE_ARRAY_TYPE_TEXT, (void *)items, 8, { 0, 0 } };
    lapse_error_detail detail = { 0 };
    assert_int_equal(lapse_decide_columns(NULL, &wrong, 1, out, 1, 0, ROWS, NULL, &detail),
                     LAPSE_ERR_ARRAY_TYPE);
    assert_string_equal(
        detail.message,
        "columns: input term: takes int32 or int64 or uint8 or dictionary, not text");
    lapse_array text_out = { LAPSE_COLUMN_SAVING, LAPSE_ARRAY_TYPE_TEXT, results, ROOM, { 0, 0 } };
    assert_int_equal(lapse_decide_columns(NULL, in, 1, &text_out, 1, 0, ROWS, NULL, &detail),
                     LAPSE_ERR_ARRAY_TYPE);
}

/* The reductions through the tables layer: a row of the CSV, its
 * CSV output, its JSON, a vectors row and the arrays. */
static void test_rows_with_a_reduction(void **state)
{
    (void)state;
    lapse_row row;
    lapse_decision d;
    lapse_error_detail detail = { 0 };
    /* At the end of the billing period: 70.00 (March) + 9 x 50.00 =
     * 520.00, to invoice 450.00, saving 700.00 - 520.00 = 180.00. */
    assert_int_equal(decide_line("2025-01-10,12,20.00,seats:10:5.00,2025-03-20,support,"
                                 "billing_admin,all,seats=6,reduction_timing = "
                                 "end_of_billing_period",
                                 &row, &d, &detail),
                     LAPSE_OK);
    assert_int_equal(row.request.reduce_count, 1);
    assert_ptr_equal(row.request.reduce, row.reduce);
    assert_int_equal(d.change_effective_on, test_date("2025-04-10"));
    assert_int_equal(d.remaining_term_charge, 52000);
    assert_int_equal(d.still_to_invoice, 45000);
    assert_int_equal(d.saving, 18000);
    assert_int_equal(d.recurring_after, 5000);
    char csv[LAPSE_DECISION_CSV_SIZE];
    size_t length = lapse_decision_csv(&d, csv, sizeof csv);
    const char *tail = ",2025-04-10,5000,18000,0,0,0,0";
    assert_true(length > strlen(tail));
    assert_string_equal(csv + length - strlen(tail), tail);
    /* An unknown item is the decision's error, naming reduce and it. */
    assert_int_not_equal(decide_line("2025-01-10,12,20.00,seats:10:5.00,2025-03-20,support,"
                                     "billing_admin,all,mobile=1,",
                                     &row, &d, &detail),
                         LAPSE_OK);
    assert_string_equal(detail.field, "reduce");
    assert_non_null(strstr(detail.message, "mobile"));
}

static void test_json_and_vectors_of_a_reduction(void **state)
{
    (void)state;
    lapse_inputs in;
    lapse_error_detail detail = { 0 };
    lapse_policy policy;
    assert_int_equal(
        lapse_policy_read("reduction_timing = end_of_billing_period", 40, &policy, &detail),
        LAPSE_OK);
    assert_int_equal(read_cells("seats:10:5.00", "seats=6", &in, &detail), LAPSE_OK);
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(&policy, &in.subscription, &in.request, &d, &detail),
                     LAPSE_OK);
    lapse_item_result results[LAPSE_ITEMS_MAX];
    size_t count = 0;
    assert_int_equal(lapse_decide_items(&policy, &in.subscription, &in.request, results,
                                        LAPSE_ITEMS_MAX, &count, &detail),
                     LAPSE_OK);
    char json[LAPSE_DECISION_JSON_ITEMS_SIZE];
    size_t length = lapse_decision_json_items(&d, results, count, json, sizeof json);
    const char *expected_tail =
        "\"change_effective_on\": \"2025-04-10\", \"recurring_after\": 5000, \"saving\": 18000, "
        "\"applied_to_balance\": 0, \"cash_refund\": 0, \"account_credit\": 0, "
        "\"balance_after\": 0, \"item_results\": [{\"name\": \"seats\", \"quantity\": 10, "
        "\"quantity_after\": 6, "
        "\"released_on\": \"2025-04-10\", \"unassign\": 0}]}";
    assert_true(length > strlen(expected_tail));
    assert_string_equal(json + length - strlen(expected_tail), expected_tail);
    const char *header = "start\tterm\tprice\titems\ton\tchannel\troles\tprovided\treduce\tpolicy"
                         "\tchange_effective_on\trecurring_after\tsaving\titem_results";
    lapse_table table;
    /* released on 2025-04-11 */
    check_row_and_a_wrong_copy(&table, header,
                               "2025-01-10\t12\t20.00\tseats:10:5.00\t2025-03-20\tsupport\t"
                               "billing_admin\tall\tseats=6\treduction_timing = "
                               "end_of_billing_period\t2025-04-10\t5000\t18000\t"
                               "seats:10:6:2025-04-10:0",
                               3, '1',
                               "item_results: expected 'seats:10:6:2025-04-11:0', got "
                               "'seats:10:6:2025-04-10:0'");
}

static void test_arrays_with_a_reduction(void **state)
{
    (void)state;
    enum { ROWS = 2, ROOM = 64 };
    lapse_date start = test_date("2025-01-10"), on = test_date("2025-03-20");
    int32_t term = 12, channel = LAPSE_CHANNEL_SUPPORT;
    int64_t price = 2000, roles = LAPSE_ROLE_BILLING_ADMIN, provided = LAPSE_SUPPORT_INFO_ALL;
    const char *items = "seats:10:5.00";
    const char *reduce[ROWS] = { NULL, "seats=6" };
    lapse_array in[] = {
        { LAPSE_COLUMN_START, LAPSE_ARRAY_TYPE_INT32, &start, 0, { 0, 0 } },
        { LAPSE_COLUMN_TERM, LAPSE_ARRAY_TYPE_INT32, &term, 0, { 0, 0 } },
        { LAPSE_COLUMN_REDUCE, LAPSE_ARRAY_TYPE_TEXT, (void *)reduce, sizeof reduce[0], { 0, 0 } },
        { LAPSE_COLUMN_ITEMS, LAPSE_ARRAY_TYPE_TEXT, (void *)&items, 0, { 0, 0 } },
        { LAPSE_COLUMN_PRICE, LAPSE_ARRAY_TYPE_INT64, &price, 0, { 0, 0 } },
        { LAPSE_COLUMN_ON, LAPSE_ARRAY_TYPE_INT32, &on, 0, { 0, 0 } },
        { LAPSE_COLUMN_CHANNEL, LAPSE_ARRAY_TYPE_INT32, &channel, 0, { 0, 0 } },
        { LAPSE_COLUMN_ROLES, LAPSE_ARRAY_TYPE_INT64, &roles, 0, { 0, 0 } },
        { LAPSE_COLUMN_PROVIDED, LAPSE_ARRAY_TYPE_INT64, &provided, 0, { 0, 0 } },
    };
    int64_t charge[ROWS], saving[ROWS];
    int32_t change_on[ROWS], errors[ROWS];
    char results[ROWS][ROOM];
    lapse_array out[] = {
        { LAPSE_COLUMN_REMAINING_TERM_CHARGE, LAPSE_ARRAY_TYPE_INT64, charge, 8, { 0, 0 } },
        { LAPSE_COLUMN_SAVING, LAPSE_ARRAY_TYPE_INT64, saving, 8, { 0, 0 } },
        { LAPSE_COLUMN_CHANGE_EFFECTIVE_ON, LAPSE_ARRAY_TYPE_INT32, change_on, 4, { 0, 0 } },
        { LAPSE_COLUMN_ITEM_RESULTS, LAPSE_ARRAY_TYPE_TEXT, results, ROOM, { 0, 0 } },
        { LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, errors, 4, { 0, 0 } },
    };
    lapse_policy policy;
    assert_int_equal(
        lapse_policy_read("reduction_timing = end_of_billing_period", 40, &policy, NULL), LAPSE_OK);
    size_t failed = 0;
    assert_int_equal(lapse_decide_columns(&policy, in, sizeof in / sizeof in[0], out,
                                          sizeof out / sizeof out[0], 0, ROWS, &failed, NULL),
                     LAPSE_OK);
    assert_int_equal(failed, 0);
    /* The reduce column read before the items it names: the same answer. */
    assert_int_equal(charge[0], 70000);
    assert_int_equal(saving[0], 0);
    assert_int_equal(change_on[0], LAPSE_DATE_NONE);
    assert_string_equal(results[0], "seats:10:0:2026-01-10:0");
    assert_int_equal(charge[1], 52000);
    assert_int_equal(saving[1], 18000);
    assert_int_equal(change_on[1], test_date("2025-04-10"));
    assert_string_equal(results[1], "seats:10:6:2025-04-10:0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns_of_items),
        cmocka_unit_test(test_inputs_read_items_and_reduce),
        cmocka_unit_test(test_item_errors_name_the_column),
        cmocka_unit_test(test_rows_with_items),
        cmocka_unit_test(test_json_and_vectors_item_results),
        cmocka_unit_test(test_arrays_read_item_texts),
        cmocka_unit_test(test_rows_with_a_reduction),
        cmocka_unit_test(test_json_and_vectors_of_a_reduction),
        cmocka_unit_test(test_arrays_with_a_reduction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
