/* lapse_decide_columns: decisions read from and written to arrays in place,
 * each column equal to lapse_decide_cancel on the same row, bad rows
 * reported in the error column, arrays that do not fit refused. */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "lapse/tables.h"
#include "tables/arrays.h" /* lapse__decide_columns_plain */
#include "tables/columns.h"

#define ROWS 4

static lapse_array array(lapse_column column, lapse_array_type type, void *data, ptrdiff_t stride)
{
    return (lapse_array){ column, type, data, stride, { 0, 0 } };
}

/* Four rows as numpy would hold them: int32 and datetime64[D] dates,
 * int64 money, bool flags, one currency and one request date for all. */
static lapse_date start[ROWS];
static int64_t cancelled_on[ROWS];
static int32_t term[ROWS] = { 1, 12, 12, 1 };
static int64_t price[ROWS] = { 2000, 90000, 90000, 1500 };
static uint8_t contract[ROWS] = { 0, 1, 1, 0 };
static int32_t channel[ROWS] = { LAPSE_CHANNEL_ONLINE, LAPSE_CHANNEL_SUPPORT, LAPSE_CHANNEL_ONLINE,
                                 LAPSE_CHANNEL_ONLINE };
static int64_t roles[ROWS] = { LAPSE_ROLE_BILLING_ADMIN, LAPSE_ROLE_PRODUCT_ADMIN,
                               LAPSE_ROLE_BILLING_ADMIN, LAPSE_ROLE_BILLING_ADMIN };
static char currency[4] = "EUR";
static lapse_date on;

static void fill_inputs(lapse_array *in)
{
    start[0] = test_date("2025-01-31");
    start[1] = test_date("2024-06-15");
    start[2] = test_date("2024-06-15");
    start[3] = test_date("2025-02-20");
    cancelled_on[0] = cancelled_on[2] = INT64_MIN; /* NaT */
    cancelled_on[1] = LAPSE_DATE_NONE;             /* also none in 64 bits */
    cancelled_on[3] = test_date("2025-03-01");
    on = test_date("2025-03-10");
    in[0] = array(LAPSE_COLUMN_START, LAPSE_ARRAY_TYPE_INT32, start, sizeof start[0]);
    in[1] = array(LAPSE_COLUMN_CANCELLED_ON, LAPSE_ARRAY_TYPE_INT64, cancelled_on, 8);
    in[2] = array(LAPSE_COLUMN_TERM, LAPSE_ARRAY_TYPE_INT32, term, 4);
    in[3] = array(LAPSE_COLUMN_PRICE, LAPSE_ARRAY_TYPE_INT64, price, 8);
    in[4] = array(LAPSE_COLUMN_CONTRACT, LAPSE_ARRAY_TYPE_UINT8, contract, 1);
    in[5] = array(LAPSE_COLUMN_CHANNEL, LAPSE_ARRAY_TYPE_INT32, channel, 4);
    in[6] = array(LAPSE_COLUMN_ROLES, LAPSE_ARRAY_TYPE_INT64, roles, 8);
    in[7] = array(LAPSE_COLUMN_CURRENCY, LAPSE_ARRAY_TYPE_CODE, currency, 0);
    in[8] = array(LAPSE_COLUMN_ON, LAPSE_ARRAY_TYPE_INT32, &on, 0);
}
#define INPUTS 9

/* The same rows as structs, decided one by one. */
static lapse_error decide_row(size_t i, lapse_decision *d, lapse_status_info *status)
{
    lapse_subscription s = test_subscription("2000-01-01", term[i], 1, price[i]);
    s.start = start[i];
    s.contract = contract[i];
    s.cancelled_on = cancelled_on[i] == INT64_MIN ? LAPSE_DATE_NONE : (lapse_date)cancelled_on[i];
    lapse_request r;
    lapse_request_init(&r);
    r.on = on;
    r.channel = (lapse_channel)channel[i];
    r.roles = (uint32_t)roles[i];
    lapse_error error = lapse_decide_cancel(NULL, &s, &r, d, NULL);
    if (!error && status)
        error = lapse_status_at(NULL, &s, on, status, NULL);
    return error;
}

static void test_columns_equal_the_struct_path(void **state)
{
    (void)state;
    lapse_array in[INPUTS];
    fill_inputs(in);
    uint8_t allowed[ROWS];
    int32_t blocked[ROWS], route[ROWS], left[ROWS], term_end[ROWS], errors[ROWS], status[ROWS];
    int64_t effective_end[ROWS], next_invoice[ROWS], charge[ROWS], to_invoice[ROWS], refund[ROWS],
        fee[ROWS], warnings[ROWS];
    char out_currency[ROWS][4];
    lapse_array out[] = {
        array(LAPSE_COLUMN_ALLOWED, LAPSE_ARRAY_TYPE_UINT8, allowed, 1),
        array(LAPSE_COLUMN_BLOCKED, LAPSE_ARRAY_TYPE_INT32, blocked, 4),
        array(LAPSE_COLUMN_WARNINGS, LAPSE_ARRAY_TYPE_INT64, warnings, 8),
        array(LAPSE_COLUMN_ROUTE, LAPSE_ARRAY_TYPE_INT32, route, 4),
        array(LAPSE_COLUMN_TERM_END, LAPSE_ARRAY_TYPE_INT32, term_end, 4),
        array(LAPSE_COLUMN_EFFECTIVE_END, LAPSE_ARRAY_TYPE_INT64, effective_end, 8),
        array(LAPSE_COLUMN_NEXT_INVOICE, LAPSE_ARRAY_TYPE_INT64, next_invoice, 8),
        array(LAPSE_COLUMN_REMAINING_TERM_CHARGE, LAPSE_ARRAY_TYPE_INT64, charge, 8),
        array(LAPSE_COLUMN_STILL_TO_INVOICE, LAPSE_ARRAY_TYPE_INT64, to_invoice, 8),
        array(LAPSE_COLUMN_REFUND, LAPSE_ARRAY_TYPE_INT64, refund, 8),
        array(LAPSE_COLUMN_TERMINATION_FEE, LAPSE_ARRAY_TYPE_INT64, fee, 8),
        array(LAPSE_COLUMN_INVOICES_LEFT, LAPSE_ARRAY_TYPE_INT32, left, 4),
        array(LAPSE_COLUMN_CURRENCY, LAPSE_ARRAY_TYPE_CODE, out_currency, 4),
        array(LAPSE_COLUMN_STATUS, LAPSE_ARRAY_TYPE_INT32, status, 4),
        array(LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, errors, 4),
    };
    size_t failed = 99;
    assert_int_equal(lapse_decide_columns(NULL, in, INPUTS, out, sizeof out / sizeof out[0], 0,
                                          ROWS, &failed, NULL),
                     LAPSE_OK);
    assert_int_equal(failed, 0);
    for (size_t i = 0; i < ROWS; i++) {
        lapse_decision d;
        lapse_status_info s;
        assert_int_equal(decide_row(i, &d, &s), LAPSE_OK);
        assert_int_equal(errors[i], 0);
        assert_int_equal(allowed[i], d.allowed);
        assert_int_equal(blocked[i], d.blocked);
        assert_int_equal(warnings[i], d.warnings);
        assert_int_equal(route[i], d.route);
        assert_int_equal(term_end[i], d.term_end);
        assert_int_equal(effective_end[i], d.effective_end);
        assert_int_equal(next_invoice[i],
                         d.next_invoice == LAPSE_DATE_NONE ? INT64_MIN : d.next_invoice);
        assert_int_equal(charge[i], d.remaining_term_charge);
        assert_int_equal(to_invoice[i], d.still_to_invoice);
        assert_int_equal(refund[i], d.refund);
        assert_int_equal(fee[i], d.termination_fee);
        assert_int_equal(left[i], d.invoices_left);
        assert_string_equal(out_currency[i], "EUR");
        assert_int_equal(status[i], s.status);
    }
    /* Exact values of two rows, worked by hand: a monthly 20.00 from
     * 2025-01-31 cancelled on 2025-03-10 ends with its period on 2025-03-31
     * (Feb 28 is the clamped boundary before), 20.00 still charged, nothing
     * more invoiced; the annual contract asked online is refused. */
    assert_int_equal(effective_end[0], test_date("2025-03-31"));
    assert_int_equal(charge[0], 2000);
    assert_int_equal(to_invoice[0], 0);
    assert_int_equal(next_invoice[0], INT64_MIN);
    assert_int_equal(allowed[2], 0);
    assert_int_equal(blocked[2], LAPSE_REASON_CONTRACT_VIA_SUPPORT);
    /* Row 3, monthly from 2025-02-20, was cancelled on 2025-03-01: on
     * 2025-03-10 it is ending, with its period, on 2025-03-20. */
    assert_int_equal(status[3], LAPSE_STATUS_ENDING);
    assert_int_equal(effective_end[3], test_date("2025-03-20"));
}

static void test_bad_rows_are_reported_in_place(void **state)
{
    (void)state;
    lapse_array in[INPUTS];
    fill_inputs(in);
    contract[1] = 2;                    /* not a boolean */
    cancelled_on[2] = (int64_t)1 << 40; /* a datetime64 far beyond 9999 */
    term[3] = 0;                        /* refused by the decision */
    int32_t errors[ROWS];
    int64_t end[ROWS], charge[ROWS];
    lapse_array out[] = {
        array(LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, errors, 4),
        array(LAPSE_COLUMN_EFFECTIVE_END, LAPSE_ARRAY_TYPE_INT64, end, 8),
        array(LAPSE_COLUMN_REMAINING_TERM_CHARGE, LAPSE_ARRAY_TYPE_INT64, charge, 8),
    };
    memset(charge, 0x55, sizeof charge);
    size_t failed = 0;
    lapse_error_detail detail;
    assert_int_equal(lapse_decide_columns(NULL, in, INPUTS, out, 3, 0, ROWS, &failed, &detail),
                     LAPSE_OK);
    assert_int_equal(failed, 3);
    assert_int_equal(errors[0], LAPSE_OK);
    assert_int_equal(errors[1], LAPSE_ERR_VALUE_SYNTAX);
    assert_int_equal(errors[2], LAPSE_ERR_DATE_RANGE);
    assert_int_equal(errors[3], LAPSE_ERR_OUT_OF_RANGE);
    /* The detail is the first failed row's, its line the row number + 1. */
    assert_int_equal(detail.code, LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.field, "contract");
    assert_string_equal(detail.message, "contract 2: not a boolean (0 or 1)");
    assert_int_equal(detail.line, 2);
    /* Failed rows are blank: no date (NaT), no money. */
    assert_int_equal(end[1], INT64_MIN);
    assert_int_equal(charge[1], 0);
    assert_int_equal(charge[0], 2000);

    /* Any other row's detail: ask for that row alone; only it is written. */
    charge[3] = 12345;
    assert_int_equal(lapse_decide_columns(NULL, in, INPUTS, out, 3, 2, 1, &failed, &detail),
                     LAPSE_OK);
    assert_int_equal(failed, 1);
    assert_string_equal(detail.field, "cancelled_on");
    assert_string_equal(detail.message,
                        "cancelled_on 1099511627776: outside 0001-01-01 to 9999-12-31");
    assert_int_equal(detail.line, 3);
    assert_int_equal(charge[3], 12345);
    assert_int_equal(lapse_decide_columns(NULL, in, INPUTS, out, 3, 3, 1, &failed, &detail),
                     LAPSE_OK);
    assert_string_equal(detail.field, "term");

    /* Rows the caller refused (an error input) are not decided: their code
     * comes back, their outputs blank, and the other rows are unchanged. */
    contract[1] = 1;
    cancelled_on[2] = INT64_MIN;
    term[3] = 1;
    int32_t refused[ROWS] = { 0, LAPSE_ERR_AMOUNT_RANGE, 0, 0 };
    lapse_array with_refused[INPUTS + 1];
    memcpy(with_refused, in, sizeof in);
    with_refused[INPUTS] = array(LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, refused, 4);
    charge[1] = 777;
    assert_int_equal(
        lapse_decide_columns(NULL, with_refused, INPUTS + 1, out, 3, 0, ROWS, &failed, &detail),
        LAPSE_OK);
    assert_int_equal(failed, 1);
    assert_int_equal(errors[1], LAPSE_ERR_AMOUNT_RANGE);
    assert_int_equal(charge[1], 0);
    assert_int_equal(end[1], INT64_MIN);
    assert_int_equal(errors[0], LAPSE_OK);
    assert_int_equal(charge[0], 2000);
    assert_int_equal(errors[3], LAPSE_OK);
    assert_string_equal(detail.message, "row refused before the call: amount_range");
    assert_int_equal(detail.line, 2);
    contract[1] = 1;
    cancelled_on[2] = INT64_MIN;
    term[3] = 1;
}

/* lapse_decide_columns_details: every failed row's detail in one pass, in
 * row order, up to the capacity; *failed counts them all. */
static void test_every_failed_row_detailed(void **state)
{
    (void)state;
    lapse_array in[INPUTS + 1];
    fill_inputs(in);
    contract[1] = 2;                    /* not a boolean */
    cancelled_on[2] = (int64_t)1 << 40; /* a datetime64 far beyond 9999 */
    term[3] = 0;                        /* refused by the decision */
    int32_t errors[ROWS];
    int64_t charge[ROWS];
    lapse_array out[] = {
        array(LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, errors, 4),
        array(LAPSE_COLUMN_REMAINING_TERM_CHARGE, LAPSE_ARRAY_TYPE_INT64, charge, 8),
    };
    lapse_error_detail details[ROWS + 1], call;
    memset(details, 0x55, sizeof details);
    size_t failed = 0;
    assert_int_equal(lapse_decide_columns_details(NULL, in, INPUTS, out, 2, 0, ROWS, details,
                                                  ROWS + 1, &failed, &call),
                     LAPSE_OK);
    assert_int_equal(failed, 3);
    assert_int_equal(details[0].code, LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(details[0].field, "contract");
    assert_string_equal(details[0].message, "contract 2: not a boolean (0 or 1)");
    assert_int_equal(details[0].line, 2);
    assert_int_equal(details[1].code, LAPSE_ERR_DATE_RANGE);
    assert_string_equal(details[1].field, "cancelled_on");
    assert_string_equal(details[1].message,
                        "cancelled_on 1099511627776: outside 0001-01-01 to 9999-12-31");
    assert_int_equal(details[1].line, 3);
    assert_int_equal(details[2].code, LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(details[2].field, "term");
    assert_string_equal(details[2].message, "term 0: out of range (1 to 1200 months)");
    assert_int_equal(details[2].line, 4);
    assert_int_equal(errors[3], LAPSE_ERR_OUT_OF_RANGE);
    assert_int_equal(charge[0], 2000);
    /* Past the third failure nothing is written. */
    assert_int_equal(details[3].code, 0x55555555);

    /* Room for one: the first failure's detail, every failure counted; the
     * rest asked from the row after it. */
    memset(details, 0x55, sizeof details);
    assert_int_equal(
        lapse_decide_columns_details(NULL, in, INPUTS, out, 2, 0, ROWS, details, 1, &failed, &call),
        LAPSE_OK);
    assert_int_equal(failed, 3);
    assert_int_equal(details[0].line, 2);
    assert_int_equal(details[1].code, 0x55555555);
    assert_int_equal(lapse_decide_columns_details(NULL, in, INPUTS, out, 2, (size_t)details[0].line,
                                                  ROWS - 2, details, 2, &failed, &call),
                     LAPSE_OK);
    assert_int_equal(failed, 2);
    assert_int_equal(details[0].line, 3);
    assert_int_equal(details[1].line, 4);

    /* A refused row's detail says so; no room, no detail, same outputs. */
    contract[1] = 1;
    int32_t refused[ROWS] = { 0, LAPSE_ERR_AMOUNT_RANGE, 0, 0 };
    in[INPUTS] = array(LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, refused, 4);
    assert_int_equal(lapse_decide_columns_details(NULL, in, INPUTS + 1, out, 2, 0, ROWS, details,
                                                  ROWS, &failed, &call),
                     LAPSE_OK);
    assert_int_equal(failed, 3);
    assert_string_equal(details[0].message, "row refused before the call: amount_range");
    assert_int_equal(details[0].line, 2);
    assert_int_equal(details[1].line, 3);
    assert_int_equal(lapse_decide_columns_details(NULL, in, INPUTS + 1, out, 2, 0, ROWS, NULL, 0,
                                                  &failed, &call),
                     LAPSE_OK);
    assert_int_equal(failed, 3);
    assert_int_equal(errors[1], LAPSE_ERR_AMOUNT_RANGE);
    assert_int_equal(errors[2], LAPSE_ERR_DATE_RANGE);

    /* Details NULL with room for some: the call's own error. */
    assert_int_equal(lapse_decide_columns_details(NULL, in, INPUTS + 1, out, 2, 0, ROWS, NULL, 2,
                                                  &failed, &call),
                     LAPSE_ERR_NULL_ARGUMENT);
    assert_string_equal(call.message, "columns: details are NULL while their capacity is 2");
    cancelled_on[2] = INT64_MIN;
    term[3] = 1;
}

static void test_arrays_that_do_not_fit(void **state)
{
    (void)state;
    lapse_array in[INPUTS];
    fill_inputs(in);
    int32_t errors[ROWS];
    lapse_array out = array(LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, errors, 4);
    lapse_error_detail detail;
    size_t failed = 7;
#define REFUSED(code, want_field, want_message)                                                \
    do {                                                                                       \
        assert_int_equal(                                                                      \
            lapse_decide_columns(NULL, in, INPUTS, &out, 1, 0, ROWS, &failed, &detail), code); \
        assert_string_equal(detail.field, want_field);                                         \
        assert_string_equal(detail.message, want_message);                                     \
        assert_int_equal(failed, 0);                                                           \
        fill_inputs(in);                                                                       \
        out = array(LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, errors, 4);                    \
    } while (0)
    in[3].type = LAPSE_ARRAY_TYPE_UINT8;
    REFUSED(LAPSE_ERR_ARRAY_TYPE, "price",
            "columns: input price: takes int32 or int64 or dictionary, not uint8");
    in[2].column = LAPSE_COLUMN_EFFECTIVE_END;
    REFUSED(LAPSE_ERR_UNKNOWN_COLUMN, "effective_end",
            "columns: input array 2: column effective_end is not an input");
    in[2].column = LAPSE_COLUMN_START;
    REFUSED(LAPSE_ERR_DUPLICATE_COLUMN, "start", "columns: input start given twice");
    in[0].data = NULL;
    REFUSED(LAPSE_ERR_ARRAY_TYPE, "start", "columns: input start: data is NULL");
    in[5].reserved[1] = 1;
    REFUSED(LAPSE_ERR_RESERVED, "channel", "columns: input channel: reserved space must be zero");
    in[7].type = LAPSE_ARRAY_TYPE_INT32;
    REFUSED(LAPSE_ERR_ARRAY_TYPE, "currency",
            "columns: input currency: takes code or dictionary, not int32");
    out.stride = 0;
    REFUSED(LAPSE_ERR_ARRAY_TYPE, "error",
            "columns: output error: stride 0 would write rows over each other");
    out.column = LAPSE_COLUMN_NOTE;
    REFUSED(LAPSE_ERR_UNKNOWN_COLUMN, "note",
            "columns: output array 0: column note is not an output");
    out.type = LAPSE_ARRAY_TYPE_CODE;
    REFUSED(LAPSE_ERR_ARRAY_TYPE, "error", "columns: output error: takes int32 or int64, not code");
    in[0].column = (lapse_column)999;
    REFUSED(LAPSE_ERR_UNKNOWN_COLUMN, "",
            "columns: input array 0: column (unknown) is not an input");
    assert_int_equal(lapse_decide_columns(NULL, NULL, 2, &out, 1, 0, ROWS, NULL, &detail),
                     LAPSE_ERR_NULL_ARGUMENT);
    lapse_policy bad;
    lapse_policy_default(&bad);
    bad.retention_days = -1;
    assert_int_equal(lapse_decide_columns(&bad, in, INPUTS, &out, 1, 0, ROWS, NULL, &detail),
                     LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(detail.field, "retention_days");
    /* No rows, no arrays: nothing to do, and no error. */
    assert_int_equal(lapse_decide_columns(NULL, NULL, 0, NULL, 0, 0, 0, &failed, NULL), LAPSE_OK);
    assert_int_equal(lapse_sizeof_array(), sizeof(lapse_array));
}

/* Text cells as dictionary codes: each row decides as its CSV cells do
 * (lapse_inputs_parse, then lapse_decide_cancel), with the CSV's message
 * for a bad value, from the one pass; repeated values, missing codes,
 * amounts in the row's currency, codes past the table. */
static void test_dictionary_cells_are_csv_cells(void **state)
{
    (void)state;
    enum { N = 9, COLUMNS = 7 };
    static const lapse_column columns[COLUMNS] = {
        LAPSE_COLUMN_START, LAPSE_COLUMN_TERM, LAPSE_COLUMN_PRICE,    LAPSE_COLUMN_CHANNEL,
        LAPSE_COLUMN_ROLES, LAPSE_COLUMN_ON,   LAPSE_COLUMN_CURRENCY,
    };
    /* Each column's distinct texts. */
    static const char *const texts[COLUMNS][4] = {
        { "2025-01-31", "2024-06-15", "2025-02-30", "" },
        { "12", "1", "x", "0" },
        { "20.00", "1500", "12.5", "" },
        { "online", "support", "phone", "" },
        { "billing_admin", "product_admin;billing_contact", "billing_admn", "" },
        { "2025-03-10", "", "", "" },
        { "EUR", "JPY", "EU", "" },
    };
    /* Each row's codes (-1: a missing cell, 9: past the table). */
    static const int64_t codes[N][COLUMNS] = {
        { 0, 1, 0, 0, 0, 0, 0 },     /* a good row */
        { 1, 0, 1, 1, 1, 0, 1 },     /* 1500 JPY, support */
        { 0, -1, -1, -1, 0, 0, -1 }, /* missing cells: the defaults */
        { 2, 1, 0, 0, 0, 0, 0 },     /* an impossible date */
        { 0, 2, 0, 0, 0, 0, 0 },     /* a term that is no number */
        { 0, 1, 2, 0, 0, 0, 1 },     /* 12.5 JPY: more decimals than JPY has */
        { 0, 1, 0, 2, 2, 0, 0 },     /* unknown channel, then role: the channel */
        { 0, 9, 0, 0, 0, 0, 2 },     /* a bad currency goes first; then code 9 */
        { -1, 3, 0, 0, 0, 1, 0 },    /* no start, no request date, term 0 */
    };
    lapse_text values[COLUMNS][4];
    int64_t code64[N][COLUMNS];
    int32_t code32[N];
    lapse_dictionary dictionaries[COLUMNS];
    lapse_array in[COLUMNS];
    for (int c = 0; c < COLUMNS; c++) {
        for (int k = 0; k < 4; k++)
            values[c][k] = (lapse_text){ texts[c][k], strlen(texts[c][k]) };
        for (int i = 0; i < N; i++)
            code64[i][c] = codes[i][c];
        /* INT64 codes read through a stride into rows; the term's INT32. */
        dictionaries[c] =
            (lapse_dictionary){ &code64[0][c], LAPSE_ARRAY_TYPE_INT64, 0, values[c], 4, NULL };
        in[c] = array(columns[c], LAPSE_ARRAY_TYPE_DICTIONARY, &dictionaries[c], sizeof code64[0]);
    }
    for (int i = 0; i < N; i++)
        code32[i] = (int32_t)codes[i][1];
    dictionaries[1] = (lapse_dictionary){ code32, LAPSE_ARRAY_TYPE_INT32, 0, values[1], 4, NULL };
    in[1].stride = sizeof code32[0];

    int32_t errors[N];
    int64_t charge[N], term_end[N];
    char currency_out[N][4];
    lapse_array out[] = {
        array(LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, errors, 4),
        array(LAPSE_COLUMN_REMAINING_TERM_CHARGE, LAPSE_ARRAY_TYPE_INT64, charge, 8),
        array(LAPSE_COLUMN_TERM_END, LAPSE_ARRAY_TYPE_INT64, term_end, 8),
        array(LAPSE_COLUMN_CURRENCY, LAPSE_ARRAY_TYPE_CODE, currency_out, 4),
    };
    lapse_error_detail details[N], call;
    size_t failed = 0;
    lapse_error called =
        lapse_decide_columns_details(NULL, in, COLUMNS, out, 4, 0, N, details, N, &failed, &call);
    if (called)
        fail_msg("%s", call.message);
    size_t k = 0;
    for (int i = 0; i < N; i++) {
        /* The row as CSV cells: a missing cell or a code past the table as
         * an empty cell (the latter is checked below). */
        lapse_cell cells[COLUMNS];
        for (int c = 0; c < COLUMNS; c++) {
            int64_t code = codes[i][c];
            const char *text = code >= 0 && code < 4 ? texts[c][code] : "";
            cells[c] = (lapse_cell){ columns[c], text, strlen(text) };
        }
        lapse_subscription s;
        lapse_request r;
        lapse_decision d;
        lapse_error_detail want;
        lapse_error error = lapse_inputs_parse(cells, COLUMNS, &s, &r, &want);
        if (!error)
            error = lapse_decide_cancel(NULL, &s, &r, &d, &want);
        if (i == 7 && !error) /* the currency 'EU' fails first, not the code */
            fail_msg("row 7 decided");
        assert_int_equal(errors[i], error);
        if (error) {
            assert_int_equal(details[k].line, i + 1);
            assert_int_equal(details[k].code, error);
            assert_string_equal(details[k].field, want.field);
            assert_string_equal(details[k].message, want.message);
            k++;
            assert_int_equal(charge[i], 0);
            assert_int_equal(term_end[i], INT64_MIN);
        } else {
            assert_int_equal(charge[i], d.remaining_term_charge);
            assert_int_equal(term_end[i], d.term_end);
            assert_memory_equal(currency_out[i], d.currency, 4);
        }
    }
    assert_int_equal(failed, k);
    assert_int_equal(failed, 6);
    assert_int_equal(charge[1], 4 * 1500); /* 1500 JPY, not 15.00: read in JPY */
    assert_memory_equal(currency_out[1], "JPY", 4);
    assert_memory_equal(currency_out[2], "EUR", 4);
    assert_string_equal(details[0].message, "start '2025-02-30': not a calendar date");
    assert_string_equal(details[2].message, "price '12.5': more decimals than the currency has");
    assert_string_equal(details[3].field, "channel");
    assert_string_equal(details[4].field, "currency");

    /* A code past the table, once the currency is good. */
    code64[7][6] = 0;
    assert_int_equal(
        lapse_decide_columns_details(NULL, in, COLUMNS, out, 4, 7, 1, details, 1, &failed, &call),
        LAPSE_OK);
    assert_int_equal(errors[7], LAPSE_ERR_OUT_OF_RANGE);
    assert_string_equal(details[0].field, "term");
    assert_string_equal(details[0].message, "term 9: not a code of the column's dictionary");

    /* Dictionaries that do not fit. */
    dictionaries[2].code_type = LAPSE_ARRAY_TYPE_UINT8;
    assert_int_equal(lapse_decide_columns(NULL, in, COLUMNS, out, 4, 0, N, &failed, &call),
                     LAPSE_ERR_ARRAY_TYPE);
    assert_string_equal(call.message,
                        "columns: input price: dictionary codes take int32 or int64, not uint8");
    dictionaries[2].code_type = LAPSE_ARRAY_TYPE_INT64;
    dictionaries[2].reserved = 1;
    assert_int_equal(lapse_decide_columns(NULL, in, COLUMNS, out, 4, 0, N, &failed, &call),
                     LAPSE_ERR_RESERVED);
    dictionaries[2].reserved = 0;
    dictionaries[3].codes = NULL;
    assert_int_equal(lapse_decide_columns(NULL, in, COLUMNS, out, 4, 0, N, &failed, &call),
                     LAPSE_ERR_ARRAY_TYPE);
    assert_string_equal(call.message, "columns: input channel: dictionary codes are NULL");
    dictionaries[3].codes = &code64[0][3];
    dictionaries[4].values = NULL;
    assert_int_equal(lapse_decide_columns(NULL, in, COLUMNS, out, 4, 0, N, &failed, &call),
                     LAPSE_ERR_ARRAY_TYPE);
    assert_string_equal(call.field, "roles");
    dictionaries[4].values = values[4];
    values[5][1] = (lapse_text){ NULL, 3 };
    assert_int_equal(lapse_decide_columns(NULL, in, COLUMNS, out, 4, 0, N, &failed, &call),
                     LAPSE_ERR_ARRAY_TYPE);
    assert_string_equal(call.message,
                        "columns: input on: dictionary value 1: NULL data of length 3");
    values[5][1] = (lapse_text){ NULL, 0 }; /* NULL of no length: an empty cell */
    assert_int_equal(lapse_decide_columns(NULL, in, COLUMNS, out, 4, 0, N, &failed, &call),
                     LAPSE_OK);
    out[0].type = LAPSE_ARRAY_TYPE_DICTIONARY; /* an input's type only */
    assert_int_equal(lapse_decide_columns(NULL, in, COLUMNS, out, 4, 0, N, &failed, &call),
                     LAPSE_ERR_ARRAY_TYPE);
    assert_int_equal(lapse_sizeof_text(), sizeof(lapse_text));
    assert_int_equal(lapse_sizeof_dictionary(), sizeof(lapse_dictionary));
}

/* A small dictionary is read once a call, a large one row by row: both
 * decide each row as its CSV cells do, bad values with the CSV's message. */
static void test_dictionary_small_and_large(void **state)
{
    (void)state;
    enum { DISTINCT = 70, N = 150 };
    static char texts[DISTINCT][16];
    static lapse_text values[DISTINCT];
    static int32_t large[N], small[N];
    for (int k = 0; k < DISTINCT; k++) {
        /* Days of January and February 2025, then dates that are not. */
        if (k < 59)
            snprintf(texts[k], sizeof texts[k], "2025-%02d-%02d", k < 31 ? 1 : 2,
                     k < 31 ? k + 1 : k - 30);
        else
            snprintf(texts[k], sizeof texts[k], "%s",
                     (const char *[]){ "2025-02-30", "2025-13-01", "x", "", "2024-02-29",
                                       "0000-01-01", " 2025-01-01", "2025-1-1", "20250101",
                                       "2025-01-01 ", "9999-12-31" }[k - 59]);
        values[k] = (lapse_text){ texts[k], strlen(texts[k]) };
    }
    static const char *const channels[] = { "online", "support", "phone", "" };
    lapse_text channel_values[4];
    for (int k = 0; k < 4; k++)
        channel_values[k] = (lapse_text){ channels[k], strlen(channels[k]) };
    static int32_t channel_codes[N];
    for (int i = 0; i < N; i++) {
        large[i] = (int32_t)((i * 37) % (DISTINCT + 2)) - 1; /* -1: missing, 70: past */
        small[i] = (int32_t)((i * 7) % 10) - 1;
        channel_codes[i] = (int32_t)(i % 5) - 1;
    }
    lapse_date request_on = test_date("2025-03-10");
    /* 8 texts (2025-02-23 to 2025-02-30): read once; 70: row by row, then
     * once into the caller's cache. */
    static int64_t cache[DISTINCT];
    for (int pass = 0; pass < 3; pass++) {
        size_t count = pass ? DISTINCT : 8, first = pass ? 0 : 53;
        const int32_t *codes = pass ? large : small;
        lapse_dictionary starts = { codes, LAPSE_ARRAY_TYPE_INT32,  0, values + first,
                                    count, pass == 2 ? cache : NULL };
        lapse_dictionary chans = {
            channel_codes, LAPSE_ARRAY_TYPE_INT32, 0, channel_values, 4, NULL
        };
        lapse_array in[] = {
            array(LAPSE_COLUMN_START, LAPSE_ARRAY_TYPE_DICTIONARY, &starts, 4),
            array(LAPSE_COLUMN_CHANNEL, LAPSE_ARRAY_TYPE_DICTIONARY, &chans, 4),
            array(LAPSE_COLUMN_ON, LAPSE_ARRAY_TYPE_INT32, &request_on, 0),
        };
        int32_t errors[N];
        int64_t term_end[N];
        uint8_t route[N];
        lapse_array out[] = {
            array(LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, errors, 4),
            array(LAPSE_COLUMN_TERM_END, LAPSE_ARRAY_TYPE_INT64, term_end, 8),
            array(LAPSE_COLUMN_ROUTE, LAPSE_ARRAY_TYPE_UINT8, route, 1),
        };
        lapse_error_detail details[N], call;
        size_t failed = 0, k = 0, decided = 0;
        assert_int_equal(
            lapse_decide_columns_details(NULL, in, 3, out, 3, 0, N, details, N, &failed, &call),
            LAPSE_OK);
        for (int i = 0; i < N; i++) {
            const char *start_text =
                codes[i] >= 0 && (size_t)codes[i] < count ? texts[first + (size_t)codes[i]] : "";
            const char *channel_text = channel_codes[i] >= 0 ? channels[channel_codes[i]] : "";
            lapse_cell cells[] = { { LAPSE_COLUMN_START, start_text, strlen(start_text) },
                                   { LAPSE_COLUMN_CHANNEL, channel_text, strlen(channel_text) },
                                   { LAPSE_COLUMN_ON, "2025-03-10", 10 } };
            lapse_subscription s;
            lapse_request r;
            lapse_decision d;
            lapse_error_detail want;
            lapse_error error = lapse_inputs_parse(cells, 3, &s, &r, &want);
            if (!error)
                error = lapse_decide_cancel(NULL, &s, &r, &d, &want);
            if (codes[i] >= 0 && (size_t)codes[i] >= count) {
                /* Past the table: its own error, not the CSV's. */
                assert_int_equal(errors[i], LAPSE_ERR_OUT_OF_RANGE);
                assert_string_equal(details[k++].field, "start");
                continue;
            }
            assert_int_equal(errors[i], error);
            if (error) {
                assert_int_equal(details[k].line, i + 1);
                assert_string_equal(details[k].field, want.field);
                assert_string_equal(details[k].message, want.message);
                k++;
            } else {
                assert_int_equal(term_end[i], d.term_end);
                assert_int_equal(route[i], d.route);
                decided++;
            }
        }
        assert_int_equal(failed, k);
        assert_true(decided > 20);
        assert_true(failed > 20);
        assert_true(failed < N - 20);
    }
    /* The cache holds each text's day number, and INT64_MIN for a bad one. */
    assert_int_equal(cache[0], test_date("2025-01-01"));
    assert_int_equal(cache[58], test_date("2025-02-28"));
    assert_int_equal(cache[59], INT64_MIN);
}

/* Property: for random rows under random policies, given as strided views
 * into arrays of structs, every output column equals the struct path. */
static void test_random_rows_through_strided_views(void **state)
{
    (void)state;
    enum { N = 2000, BATCHES = 25 };
    static lapse_subscription subs[N];
    static lapse_request reqs[N];
    static lapse_decision got[N];
    static int32_t errors[N];
    uint64_t rng = 14;
    for (int batch = 0; batch < BATCHES; batch++) {
        lapse_policy policy, p;
        test_generate(&rng, 1, &policy, &subs[0], &reqs[0]);
        for (size_t i = 0; i < N; i++)
            test_generate(&rng, 0, &p, &subs[i], &reqs[i]);
        const ptrdiff_t ss = sizeof subs[0], rs = sizeof reqs[0], ds = sizeof got[0];
        lapse_array in[] = {
            array(LAPSE_COLUMN_START, LAPSE_ARRAY_TYPE_INT32, &subs[0].start, ss),
            array(LAPSE_COLUMN_TERM, LAPSE_ARRAY_TYPE_INT32, &subs[0].term, ss),
            array(LAPSE_COLUMN_RENEWAL_TERM, LAPSE_ARRAY_TYPE_INT32, &subs[0].renewal_term, ss),
            array(LAPSE_COLUMN_BILLING, LAPSE_ARRAY_TYPE_INT32, &subs[0].billing, ss),
            array(LAPSE_COLUMN_PRICE, LAPSE_ARRAY_TYPE_INT64, &subs[0].price, ss),
            array(LAPSE_COLUMN_BALANCE, LAPSE_ARRAY_TYPE_INT64, &subs[0].balance, ss),
            array(LAPSE_COLUMN_CURRENCY, LAPSE_ARRAY_TYPE_CODE, subs[0].currency, ss),
            array(LAPSE_COLUMN_AUTO_RENEW, LAPSE_ARRAY_TYPE_INT32, &subs[0].auto_renew, ss),
            array(LAPSE_COLUMN_CONTRACT, LAPSE_ARRAY_TYPE_INT32, &subs[0].contract, ss),
            array(LAPSE_COLUMN_ONLINE_CANCEL, LAPSE_ARRAY_TYPE_INT32, &subs[0].online_cancel, ss),
            array(LAPSE_COLUMN_LICENSES, LAPSE_ARRAY_TYPE_INT32, &subs[0].licenses, ss),
            array(LAPSE_COLUMN_CANCELLED_ON, LAPSE_ARRAY_TYPE_INT32, &subs[0].cancelled_on, ss),
            array(LAPSE_COLUMN_RENEWAL_PRICE, LAPSE_ARRAY_TYPE_INT64, &subs[0].renewal_price, ss),
            array(LAPSE_COLUMN_ON, LAPSE_ARRAY_TYPE_INT32, &reqs[0].on, rs),
            array(LAPSE_COLUMN_CHANNEL, LAPSE_ARRAY_TYPE_INT32, &reqs[0].channel, rs),
            array(LAPSE_COLUMN_ROLES, LAPSE_ARRAY_TYPE_INT32, &reqs[0].roles, rs),
            array(LAPSE_COLUMN_CAN_SIGN_IN, LAPSE_ARRAY_TYPE_INT32, &reqs[0].can_sign_in, rs),
            array(LAPSE_COLUMN_PROVIDED, LAPSE_ARRAY_TYPE_INT32, &reqs[0].provided, rs),
            array(LAPSE_COLUMN_END_ON, LAPSE_ARRAY_TYPE_INT32, &reqs[0].end_on, rs),
        };
        /* Outputs: strided views into an array of decisions, so that the
         * whole struct can be compared. */
        memset(got, 0, sizeof got);
        lapse_array out[LAPSE_COLUMN_COUNT];
        size_t outs = 0;
        for (size_t i = 0; lapse_decision_column(i) != LAPSE_COLUMN_NONE; i++) {
            lapse_column c = lapse_decision_column(i);
            lapse_decision *d = &got[0];
            void *field = NULL;
            lapse_array_type type = LAPSE_ARRAY_TYPE_INT32;
            switch (c) {
            case LAPSE_COLUMN_ALLOWED: field = &d->allowed; break;
            case LAPSE_COLUMN_BLOCKED: field = &d->blocked; break;
            case LAPSE_COLUMN_WARNINGS: field = &d->warnings; break;
            case LAPSE_COLUMN_MISSING_SUPPORT_INFO: field = &d->missing_support_info; break;
            case LAPSE_COLUMN_ROUTE: field = &d->route; break;
            case LAPSE_COLUMN_TERM_START: field = &d->term_start; break;
            case LAPSE_COLUMN_TERM_END: field = &d->term_end; break;
            case LAPSE_COLUMN_NOTICE_DEADLINE: field = &d->notice_deadline; break;
            case LAPSE_COLUMN_RENEWS_FIRST: field = &d->renews_first; break;
            case LAPSE_COLUMN_EFFECTIVE_END: field = &d->effective_end; break;
            case LAPSE_COLUMN_INVOICES_LEFT: field = &d->invoices_left; break;
            case LAPSE_COLUMN_NEXT_INVOICE: field = &d->next_invoice; break;
            case LAPSE_COLUMN_DATA_DELETED_ON: field = &d->data_deleted_on; break;
            case LAPSE_COLUMN_CONFIRMATION: field = &d->confirmation; break;
            case LAPSE_COLUMN_CURRENCY: field = d->currency, type = LAPSE_ARRAY_TYPE_CODE; break;
            case LAPSE_COLUMN_REMAINING_TERM_CHARGE: field = &d->remaining_term_charge; break;
            case LAPSE_COLUMN_STILL_TO_INVOICE: field = &d->still_to_invoice; break;
            case LAPSE_COLUMN_REFUND: field = &d->refund; break;
            case LAPSE_COLUMN_TERMINATION_FEE: field = &d->termination_fee; break;
            case LAPSE_COLUMN_CHANGE_EFFECTIVE_ON: field = &d->change_effective_on; break;
            case LAPSE_COLUMN_RECURRING_AFTER: field = &d->recurring_after; break;
            case LAPSE_COLUMN_SAVING: field = &d->saving; break;
            case LAPSE_COLUMN_APPLIED_TO_BALANCE: field = &d->applied_to_balance; break;
            case LAPSE_COLUMN_CASH_REFUND: field = &d->cash_refund; break;
            case LAPSE_COLUMN_ACCOUNT_CREDIT: field = &d->account_credit; break;
            case LAPSE_COLUMN_BALANCE_AFTER: field = &d->balance_after; break;
            default: fail_msg("decision column %d has no field here", (int)c);
            }
            if (lapse_column_type_of(c) == LAPSE_COLUMN_TYPE_AMOUNT)
                type = LAPSE_ARRAY_TYPE_INT64;
            out[outs++] = array(c, type, field, ds);
        }
        assert_int_equal(outs, 26);
        out[outs++] = array(LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, errors, 4);
        size_t failed;
        assert_int_equal(lapse_decide_columns(&policy, in, sizeof in / sizeof in[0], out, outs, 0,
                                              N, &failed, NULL),
                         LAPSE_OK);
        size_t expected_failures = 0;
        for (size_t i = 0; i < N; i++) {
            lapse_decision want;
            lapse_error error = lapse_decide_cancel(&policy, &subs[i], &reqs[i], &want, NULL);
            assert_int_equal(errors[i], error);
            expected_failures += error != LAPSE_OK;
            if (error)
                continue;
            assert_memory_equal(&got[i], &want, sizeof want);
        }
        assert_int_equal(failed, expected_failures);
    }
}

/* ------------------------------------------------------------------------
 * The block-wise pass against its plain twin (lapse__decide_columns_plain,
 * row at a time): the same bytes in every output, the same failures and
 * details, for random rows laid out as callers lay them out.
 * ------------------------------------------------------------------------ */

enum { TWIN_ROWS = 300, TWIN_ARENA = 1 << 20 };

/* Room for the arrays of one call, handed out in order. */
typedef struct twin_arena {
    _Alignas(16) unsigned char bytes[TWIN_ARENA];
    size_t used;
} twin_arena;

/* `size` bytes aligned for any struct (a column's data may then be moved
 * off its alignment on purpose). */
static void *twin_take(twin_arena *a, size_t size)
{
    a->used = (a->used + 15) / 16 * 16;
    assert_true(a->used + size + 8 <= TWIN_ARENA);
    void *p = a->bytes + a->used;
    a->used += size + 8;
    return p;
}

/* A column of `rows` values laid out as `type` (INT32, INT64, UINT8 or
 * CODE), each row `element` bytes and a random gap (so the stride is not
 * the element's size, and data unaligned), now and then from the last
 * row back (a negative stride). */
static lapse_array twin_lay_out(twin_arena *arena, uint64_t *rng, lapse_column column,
                                lapse_array_type type, const int64_t *values, size_t rows)
{
    size_t element = type == LAPSE_ARRAY_TYPE_INT64 ? 8 : type == LAPSE_ARRAY_TYPE_UINT8 ? 1 : 4;
    size_t stride = element + (test_range(rng, 0, 1) ? (size_t)test_range(rng, 1, 7) : 0);
    bool backwards = test_range(rng, 0, 3) == 0;
    unsigned char *base =
        (unsigned char *)twin_take(arena, stride * rows + 1) + test_range(rng, 0, 1);
    for (size_t i = 0; i < rows; i++) {
        unsigned char *cell = base + (backwards ? rows - 1 - i : i) * stride;
        int32_t narrow = (int32_t)values[i];
        if (type == LAPSE_ARRAY_TYPE_INT64)
            memcpy(cell, &values[i], 8);
        else if (type == LAPSE_ARRAY_TYPE_UINT8)
            *cell = (uint8_t)values[i];
        else
            memcpy(cell, &narrow, 4);
    }
    unsigned char *first = backwards ? base + (rows - 1) * stride : base;
    return array(column, type, first, backwards ? -(ptrdiff_t)stride : (ptrdiff_t)stride);
}

/* Now and then (one cell in `one_in`) a value the column's check refuses. */
static bool twin_now_and_then(uint64_t *rng, int64_t one_in)
{
    return test_range(rng, 1, one_in) == 1;
}

/* The distinct texts of a dictionary column: good ones, a bad one and "". */
static const char *const twin_texts[][5] = {
    { "2025-01-31", "2024-06-15", "2025-02-30", "", "2019-03-01" },               /* start */
    { "12", "1", "x", "0", "24" },                                                /* term */
    { "20.00", "1500", "12.5", "", "19.999" },                                    /* price */
    { "online", "support", "phone", "", "online" },                               /* channel */
    { "billing_admin", "product_admin;billing_contact", "billing_admn", "", "" }, /* roles */
    { "EUR", "JPY", "EU", "", "USD" },                                            /* currency */
    { "true", "false", "maybe", "", "1" },                                        /* auto_renew */
};
static const lapse_column twin_text_columns[] = {
    LAPSE_COLUMN_START, LAPSE_COLUMN_TERM,     LAPSE_COLUMN_PRICE,      LAPSE_COLUMN_CHANNEL,
    LAPSE_COLUMN_ROLES, LAPSE_COLUMN_CURRENCY, LAPSE_COLUMN_AUTO_RENEW,
};

/* Many texts (more than the 64 cached on the stack): day numbers as text. */
static char twin_many[200][12];
static lapse_text twin_many_values[200];

static lapse_array twin_dictionary(twin_arena *arena, uint64_t *rng, size_t which, size_t rows)
{
    lapse_dictionary *d = twin_take(arena, sizeof *d);
    lapse_text *values = twin_take(arena, 5 * sizeof *values);
    size_t count = 5;
    for (size_t k = 0; k < 5; k++)
        values[k] = (lapse_text){ twin_texts[which][k], strlen(twin_texts[which][k]) };
    if (twin_text_columns[which] == LAPSE_COLUMN_START && test_range(rng, 0, 1)) {
        values = twin_many_values; /* read row by row, or through a cache */
        count = 200;
    }
    int64_t codes[TWIN_ROWS];
    for (size_t i = 0; i < rows; i++) {
        codes[i] = test_range(rng, -1, (int64_t)count - 1);
        if (twin_now_and_then(rng, 80))
            codes[i] = (int64_t)count + test_range(rng, 0, 1) * 3; /* past the table */
    }
    lapse_array_type code_type =
        test_range(rng, 0, 1) ? LAPSE_ARRAY_TYPE_INT32 : LAPSE_ARRAY_TYPE_INT64;
    lapse_array laid = twin_lay_out(arena, rng, twin_text_columns[which], code_type, codes, rows);
    int64_t *cache = test_range(rng, 0, 1) ? twin_take(arena, count * sizeof *cache) : NULL;
    *d = (lapse_dictionary){ laid.data, code_type, 0, values, count, cache };
    return array(twin_text_columns[which], LAPSE_ARRAY_TYPE_DICTIONARY, d, laid.stride);
}

/* The inputs of one call: each column of the generated rows as numbers
 * of a random type (dates int32 or int64 with NaT or LAPSE_DATE_NONE for
 * none), or now and then as dictionary text; a few values each column's
 * check refuses; now and then rows refused before the call, or items. */
static size_t twin_inputs(twin_arena *arena, uint64_t *rng, const lapse_subscription *subs,
                          const lapse_request *reqs, size_t rows, lapse_array *in)
{
    static const lapse_column numbers[] = {
        LAPSE_COLUMN_START,       LAPSE_COLUMN_TERM,          LAPSE_COLUMN_RENEWAL_TERM,
        LAPSE_COLUMN_BILLING,     LAPSE_COLUMN_PRICE,         LAPSE_COLUMN_BALANCE,
        LAPSE_COLUMN_CONTRACT,    LAPSE_COLUMN_AUTO_RENEW,    LAPSE_COLUMN_ONLINE_CANCEL,
        LAPSE_COLUMN_LICENSES,    LAPSE_COLUMN_CANCELLED_ON,  LAPSE_COLUMN_RENEWAL_PRICE,
        LAPSE_COLUMN_BILLING_DAY, LAPSE_COLUMN_BILLING_MONTH, LAPSE_COLUMN_ON,
        LAPSE_COLUMN_CHANNEL,     LAPSE_COLUMN_ROLES,         LAPSE_COLUMN_CAN_SIGN_IN,
        LAPSE_COLUMN_PROVIDED,    LAPSE_COLUMN_END_ON,
    };
    size_t count = 0;
    bool texts = test_range(rng, 0, 2) == 0;
    for (size_t c = 0; c < sizeof numbers / sizeof numbers[0]; c++) {
        lapse_column column = numbers[c];
        bool required = column == LAPSE_COLUMN_START || column == LAPSE_COLUMN_ON;
        if (!required && test_range(rng, 0, 9) == 0)
            continue; /* missing: the column's default */
        size_t which = 0;
        while (which < sizeof twin_text_columns / sizeof twin_text_columns[0] &&
               twin_text_columns[which] != column)
            which++;
        if (texts && which < sizeof twin_text_columns / sizeof twin_text_columns[0] &&
            test_range(rng, 0, 1)) {
            in[count++] = twin_dictionary(arena, rng, which, rows);
            continue;
        }
        lapse_column_type kind = lapse_column_type_of(column);
        lapse_array_type type;
        switch (kind) {
        case LAPSE_COLUMN_TYPE_DATE:
        case LAPSE_COLUMN_TYPE_AMOUNT:
        case LAPSE_COLUMN_TYPE_LIST:
            type = test_range(rng, 0, 1) ? LAPSE_ARRAY_TYPE_INT64 : LAPSE_ARRAY_TYPE_INT32;
            break;
        default: type = (lapse_array_type)test_range(rng, 1, 3); break; /* INT32..UINT8 */
        }
        int64_t values[TWIN_ROWS];
        for (size_t i = 0; i < rows; i++) {
            lapse_subscription s = subs[i];
            lapse_request r = reqs[i];
            lapse__input_field f = lapse__input_field_of(column, &s, &r);
            int64_t v = f.date     ? *f.date
                        : f.int32  ? *f.int32
                        : f.amount ? *f.amount
                        : f.bits   ? *f.bits
                                   : r.channel;
            bool wide = type == LAPSE_ARRAY_TYPE_INT64;
            if (kind == LAPSE_COLUMN_TYPE_DATE && v == LAPSE_DATE_NONE && wide &&
                test_range(rng, 0, 1))
                v = INT64_MIN; /* NaT */
            if (twin_now_and_then(rng, 150)) {
                switch (kind) {
                case LAPSE_COLUMN_TYPE_DATE:
                    v = wide ? INT64_C(1) << 40 : LAPSE_DATE_MAX + 1;
                    break;
                case LAPSE_COLUMN_TYPE_BOOLEAN: v = test_range(rng, 0, 1) ? 2 : -1; break;
                case LAPSE_COLUMN_TYPE_LIST:
                    v = wide && test_range(rng, 0, 1) ? INT64_C(1) << 33 : -1;
                    break;
                case LAPSE_COLUMN_TYPE_AMOUNT: v = -5; break;
                default: v = wide ? INT64_C(1) << 40 : -7; break;
                }
            }
            values[i] = v;
        }
        in[count++] = twin_lay_out(arena, rng, column, type, values, rows);
    }
    /* The currency: 4-byte codes a row (one for every row now and then),
     * a few unknown. */
    if (texts && test_range(rng, 0, 1)) {
        in[count++] = twin_dictionary(arena, rng, 5, rows);
    } else if (test_range(rng, 0, 4) != 0) {
        static const char codes[][4] = { "EUR", "JPY", "USD", "XYZ", "EU" };
        char *cells = twin_take(arena, 4 * rows);
        for (size_t i = 0; i < rows; i++)
            memcpy(cells + 4 * i,
                   codes[twin_now_and_then(rng, 60) ? 3 + test_range(rng, 0, 1)
                                                    : test_range(rng, 0, 2)],
                   4);
        in[count++] = array(LAPSE_COLUMN_CURRENCY, LAPSE_ARRAY_TYPE_CODE, cells,
                            test_range(rng, 0, 3) ? 4 : 0);
    }
    /* Rows refused before the call. */
    if (test_range(rng, 0, 2) == 0) {
        int64_t refused[TWIN_ROWS];
        for (size_t i = 0; i < rows; i++)
            refused[i] = twin_now_and_then(rng, 30) ? LAPSE_ERR_VALUE_SYNTAX : 0;
        in[count++] = twin_lay_out(
            arena, rng, LAPSE_COLUMN_ERROR,
            test_range(rng, 0, 1) ? LAPSE_ARRAY_TYPE_INT64 : LAPSE_ARRAY_TYPE_INT32, refused, rows);
    }
    /* Items now and then: the plain way for every row. */
    if (test_range(rng, 0, 7) == 0) {
        const char **cells = twin_take(arena, rows * sizeof *cells);
        for (size_t i = 0; i < rows; i++)
            cells[i] = test_range(rng, 0, 2) == 0 ? "seats:2:5.00" : NULL;
        in[count++] = array(LAPSE_COLUMN_ITEMS, LAPSE_ARRAY_TYPE_TEXT, cells, sizeof *cells);
    }
    return count;
}

/* The outputs of one call: every decision column, status and listed_as
 * now and then, the error, item_results now and then, each of a random
 * type it takes, laid out as inputs are.  `values` are only their shape:
 * the call writes them. */
static size_t twin_outputs(twin_arena *arena, uint64_t *rng, size_t rows, lapse_array *out)
{
    lapse_column columns[40];
    size_t count = 0;
    for (size_t i = 0; lapse_decision_column(i) != LAPSE_COLUMN_NONE; i++)
        columns[count++] = lapse_decision_column(i);
    if (test_range(rng, 0, 1)) {
        columns[count++] = LAPSE_COLUMN_STATUS;
        columns[count++] = LAPSE_COLUMN_LISTED_AS;
    }
    columns[count++] = LAPSE_COLUMN_ERROR;
    /* In a random order. */
    for (size_t i = count - 1; i > 0; i--) {
        size_t j = (size_t)test_range(rng, 0, (int64_t)i);
        lapse_column t = columns[i];
        columns[i] = columns[j];
        columns[j] = t;
    }
    int64_t zeros[TWIN_ROWS] = { 0 };
    for (size_t i = 0; i < count; i++) {
        lapse_column c = columns[i];
        lapse_array_type type;
        switch (c == LAPSE_COLUMN_ERROR ? LAPSE_COLUMN_TYPE_LIST : lapse_column_type_of(c)) {
        case LAPSE_COLUMN_TYPE_DATE:
        case LAPSE_COLUMN_TYPE_LIST:
            type = test_range(rng, 0, 1) ? LAPSE_ARRAY_TYPE_INT64 : LAPSE_ARRAY_TYPE_INT32;
            break;
        case LAPSE_COLUMN_TYPE_AMOUNT: type = LAPSE_ARRAY_TYPE_INT64; break;
        case LAPSE_COLUMN_TYPE_TEXT: type = LAPSE_ARRAY_TYPE_CODE; break; /* the currency */
        default: type = (lapse_array_type)test_range(rng, 1, 3); break;
        }
        out[i] = twin_lay_out(arena, rng, c, type, zeros, rows);
    }
    if (test_range(rng, 0, 2) == 0) {
        size_t room = (size_t)test_range(rng, 8, 40); /* a pointer's size at least */
        char *texts = twin_take(arena, room * rows);
        out[count++] =
            array(LAPSE_COLUMN_ITEM_RESULTS, LAPSE_ARRAY_TYPE_TEXT, texts, (ptrdiff_t)room);
    }
    return count;
}

/* Property: for random rows, policies, layouts and windows, the
 * block-wise pass writes the bytes its plain twin writes (every output
 * arena compared whole, the rows outside the window untouched alike),
 * fails the same rows and details them alike. */
static void test_blocks_equal_the_plain_twin(void **state)
{
    (void)state;
    enum { CALLS = 400 };
    static lapse_subscription subs[TWIN_ROWS];
    static lapse_request reqs[TWIN_ROWS];
    static twin_arena arena, outputs, plain_outputs;
    static lapse_error_detail details[TWIN_ROWS], plain_details[TWIN_ROWS];
    for (size_t k = 0; k < 200; k++) {
        snprintf(twin_many[k], sizeof twin_many[k], "%04d-%02d-%02d", 2020 + (int)(k % 6),
                 1 + (int)(k / 6 % 12), 1 + (int)(k % 31));
        twin_many_values[k] = (lapse_text){ twin_many[k], strlen(twin_many[k]) };
    }
    uint64_t rng = 32;
    size_t decided = 0, failed_rows = 0, detailed = 0, windows = 0;
    for (int call_number = 0; call_number < CALLS; call_number++) {
        lapse_policy policy, p;
        int random_policy = (int)test_range(&rng, 0, 2);
        test_generate(&rng, random_policy, &policy, &subs[0], &reqs[0]);
        size_t rows = (size_t)test_range(&rng, 1, TWIN_ROWS);
        for (size_t i = 0; i < rows; i++) {
            test_generate(&rng, random_policy == 2 ? 2 : 0, &p, &subs[i], &reqs[i]);
            if (twin_now_and_then(&rng, 40))
                subs[i].term = 0; /* the decision's own error */
        }
        arena.used = outputs.used = 0;
        lapse_array in[40], out[40];
        size_t ins = twin_inputs(&arena, &rng, subs, reqs, rows, in);
        size_t outs = twin_outputs(&outputs, &rng, rows, out);
        /* The window: every row, or a part. */
        size_t first = 0, count = rows;
        if (test_range(&rng, 0, 1)) {
            first = (size_t)test_range(&rng, 0, (int64_t)rows);
            count = (size_t)test_range(&rng, 0, (int64_t)(rows - first));
            windows++;
        }
        size_t capacity = (size_t)test_range(&rng, 0, 3) == 0 ? 0
                          : test_range(&rng, 0, 1)            ? (size_t)test_range(&rng, 1, 4)
                                                              : TWIN_ROWS;
        /* The same bytes under both (not zero, not a value): the plain
         * twin writes into a copy of the outputs. */
        for (size_t i = 0; i < outputs.used; i++)
            outputs.bytes[i] = (unsigned char)(i * 7 + 0x5A);
        memcpy(&plain_outputs, &outputs, sizeof outputs);
        lapse_array plain_out[40];
        for (size_t j = 0; j < outs; j++) {
            plain_out[j] = out[j];
            plain_out[j].data =
                plain_outputs.bytes + ((unsigned char *)out[j].data - outputs.bytes);
        }
        memset(details, 0x3C, sizeof details);
        memset(plain_details, 0x3C, sizeof plain_details);
        const lapse_policy *chosen = random_policy ? &policy : NULL;
        size_t failed = 99, plain_failed = 98;
        lapse_error_detail call;
        lapse_error error = lapse_decide_columns_details(chosen, in, ins, out, outs, first, count,
                                                         details, capacity, &failed, &call);
        if (error)
            fail_msg("call %d: %s", call_number, call.message);
        lapse_error plain_error =
            lapse__decide_columns_plain(chosen, in, ins, plain_out, outs, first, count,
                                        plain_details, capacity, &plain_failed, NULL);
        assert_int_equal(error, LAPSE_OK);
        assert_int_equal(plain_error, LAPSE_OK);
        assert_int_equal(failed, plain_failed);
        /* Both copies of the outputs compared whole. */
        if (memcmp(outputs.bytes, plain_outputs.bytes, outputs.used) != 0) {
            size_t at = 0;
            while (outputs.bytes[at] == plain_outputs.bytes[at])
                at++;
            for (size_t j = 0; j < outs; j++)
                print_message("# output %s at %td stride %td\n", lapse_column_name(out[j].column),
                              (unsigned char *)out[j].data - outputs.bytes, out[j].stride);
            fail_msg("call %d: byte %zu differs: %u, the plain twin %u", call_number, at,
                     outputs.bytes[at], plain_outputs.bytes[at]);
        }
        assert_memory_equal(details, plain_details, sizeof details);
        decided += count - failed;
        failed_rows += failed;
        detailed += failed < capacity ? failed : capacity;
    }
    /* The draws reach every case they are meant to. */
    print_message("# twin: %zu rows decided, %zu failed (%zu detailed), %zu windows\n", decided,
                  failed_rows, detailed, windows);
    assert_true(decided > 8000);
    assert_true(failed_rows > 2000);
    assert_true(detailed > 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns_equal_the_struct_path),
        cmocka_unit_test(test_bad_rows_are_reported_in_place),
        cmocka_unit_test(test_every_failed_row_detailed),
        cmocka_unit_test(test_arrays_that_do_not_fit),
        cmocka_unit_test(test_dictionary_cells_are_csv_cells),
        cmocka_unit_test(test_dictionary_small_and_large),
        cmocka_unit_test(test_random_rows_through_strided_views),
        cmocka_unit_test(test_blocks_equal_the_plain_twin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
