/* src/columns.c and src/table.c: the column vocabulary, input values from
 * text, CSV and vectors lines. */
#include "testutil.h"
#include "lapse/tables.h"

#include <stdio.h>
#include <stdbool.h>
#include <string.h>

static void test_column_names(void **state)
{
    (void)state;
    static const char *const json_keys[] = { "allowed",
                                             "blocked",
                                             "warnings",
                                             "missing_support_info",
                                             "route",
                                             "term_start",
                                             "term_end",
                                             "notice_deadline",
                                             "renews_first",
                                             "effective_end",
                                             "remaining_term_charge",
                                             "still_to_invoice",
                                             "refund",
                                             "invoices_left",
                                             "next_invoice",
                                             "currency",
                                             "data_deleted_on",
                                             "confirmation" };
    static const char *const inputs[] = {
        "start",    "term",       "renewal_term",  "billing",     "price",    "currency",
        "contract", "auto_renew", "online_cancel", "balance",     "licenses", "cancelled_on",
        "on",       "channel",    "roles",         "can_sign_in", "provided"
    };
    for (size_t i = 0; i < sizeof json_keys / sizeof json_keys[0]; i++) {
        lapse_column c;
        assert_int_equal(lapse_column_lookup(json_keys[i], strlen(json_keys[i]), &c), LAPSE_OK);
        assert_true(lapse_column_is_decision(c));
        assert_string_equal(lapse_column_name(c), json_keys[i]);
    }
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        lapse_column c;
        assert_int_equal(lapse_column_lookup(inputs[i], strlen(inputs[i]), &c), LAPSE_OK);
        assert_true(lapse_column_is_input(c));
    }
    lapse_column c;
    assert_int_equal(lapse_column_lookup("renewal-term", 12, &c), LAPSE_OK);
    assert_int_equal(c, LAPSE_COLUMN_RENEWAL_TERM);
    assert_int_equal(lapse_column_lookup("Start", 5, &c), LAPSE_ERR_UNKNOWN_COLUMN);
    assert_int_equal(lapse_column_lookup("", 0, &c), LAPSE_ERR_UNKNOWN_COLUMN);
    assert_null(lapse_column_name((lapse_column)LAPSE_COLUMN_COUNT));
    assert_null(lapse_column_name(LAPSE_COLUMN_NONE));
    assert_int_equal(lapse_column_type_of(LAPSE_COLUMN_BLOCKED), LAPSE_COLUMN_TYPE_LIST);
    assert_int_equal(lapse_column_type_of(LAPSE_COLUMN_EFFECTIVE_END), LAPSE_COLUMN_TYPE_DATE);
    assert_int_equal(lapse_column_type_of((lapse_column)-1), LAPSE_COLUMN_TYPE_NONE);
}

static lapse_error parse(const char *column, const char *value, lapse_subscription *s,
                         lapse_request *r, lapse_error_detail *detail)
{
    lapse_column c;
    assert_int_equal(lapse_column_lookup(column, strlen(column), &c), LAPSE_OK);
    lapse_cell cells[2] = { { LAPSE_COLUMN_START, "2025-01-01", 10 }, { c, value, strlen(value) } };
    return lapse_inputs_parse(cells, 2, s, r, detail);
}

static const struct input_error_case {
    const char *column, *value;
    lapse_error error;
    const char *message;
} input_errors[] = {
    { "start", "2025-02-30", LAPSE_ERR_DATE_INVALID, "start '2025-02-30': not a calendar date" },
    { "on", "2025-2-3", LAPSE_ERR_DATE_SYNTAX, "on '2025-2-3': not a date of the form YYYY-MM-DD" },
    { "cancelled_on", "0000-01-01", LAPSE_ERR_DATE_RANGE, NULL },
    { "term", "twelve", LAPSE_ERR_VALUE_SYNTAX, "term 'twelve': not a whole number" },
    { "term", "12.0", LAPSE_ERR_VALUE_SYNTAX, NULL },
    { "term", "99999999999", LAPSE_ERR_OUT_OF_RANGE, NULL },
    { "licenses", "-", LAPSE_ERR_VALUE_SYNTAX, NULL },
    { "price", "12,50", LAPSE_ERR_AMOUNT_SYNTAX, "price '12,50': not a decimal amount" },
    { "price", "1.234", LAPSE_ERR_AMOUNT_PRECISION, NULL },
    { "balance", "1e9", LAPSE_ERR_AMOUNT_SYNTAX, NULL },
    { "currency", "eur", LAPSE_ERR_CURRENCY_SYNTAX,
      "currency 'eur': not three upper-case letters" },
    { "currency", "EURO", LAPSE_ERR_CURRENCY_SYNTAX, NULL },
    { "currency", "XYZ", LAPSE_ERR_CURRENCY_UNKNOWN, NULL },
    { "contract", "maybe", LAPSE_ERR_VALUE_SYNTAX, "contract 'maybe': not true or false" },
    { "channel", "phone", LAPSE_ERR_UNKNOWN_NAME,
      "channel 'phone': not a channel (online, support)" },
    { "roles", "billing_admin;owner", LAPSE_ERR_UNKNOWN_NAME,
      "roles 'billing_admin;owner': 'owner' is not one of billing_admin, product_admin, "
      "billing_contact" },
    { "roles", "billing_admin;", LAPSE_ERR_UNKNOWN_NAME, NULL },
    { "provided", "pin", LAPSE_ERR_UNKNOWN_NAME, NULL },
    { "on", "2025-01-0\x01", LAPSE_ERR_DATE_SYNTAX,
      "on '2025-01-0\\x01': not a date of the form YYYY-MM-DD" },
};

static void test_input_values(void **state)
{
    (void)state;
    lapse_subscription s;
    lapse_request r;
    lapse_error_detail detail;
    for (size_t i = 0; i < sizeof input_errors / sizeof input_errors[0]; i++) {
        const struct input_error_case *c = &input_errors[i];
        memset(&detail, 0, sizeof detail);
        lapse_error error = parse(c->column, c->value, &s, &r, &detail);
        if (error != c->error)
            fail_msg("%s=%s: got %s, want %s", c->column, c->value, lapse_error_name(error),
                     lapse_error_name(c->error));
        assert_string_equal(detail.field, c->column);
        if (c->message)
            assert_string_equal(detail.message, c->message);
    }
    /* Good values of every kind. */
    assert_int_equal(parse("roles", "billing-admin,product_admin", &s, &r, NULL), LAPSE_OK);
    assert_int_equal(r.roles, LAPSE_ROLE_BILLING_ADMIN | LAPSE_ROLE_PRODUCT_ADMIN);
    assert_int_equal(parse("provided", "all", &s, &r, NULL), LAPSE_OK);
    assert_int_equal(r.provided, LAPSE_SUPPORT_INFO_ALL);
    assert_int_equal(parse("contract", "yes", &s, &r, NULL), LAPSE_OK);
    assert_int_equal(s.contract, 1);
    assert_int_equal(parse("auto_renew", "0", &s, &r, NULL), LAPSE_OK);
    assert_int_equal(s.auto_renew, 0);
    assert_int_equal(parse("channel", "support", &s, &r, NULL), LAPSE_OK);
    assert_int_equal(r.channel, LAPSE_CHANNEL_SUPPORT);
    /* Negative numbers parse, so that validation can say what is wrong. */
    assert_int_equal(parse("licenses", "-2", &s, &r, NULL), LAPSE_OK);
    assert_int_equal(s.licenses, -2);
    /* The currency is read first, whatever the column order. */
    lapse_cell cells[] = { { LAPSE_COLUMN_PRICE, "1200", 4 }, { LAPSE_COLUMN_CURRENCY, "JPY", 3 } };
    assert_int_equal(lapse_inputs_parse(cells, 2, &s, &r, NULL), LAPSE_OK);
    assert_int_equal(s.price, 1200);
    assert_string_equal(s.currency, "JPY");
    /* Empty cells take the defaults; output columns are ignored. */
    lapse_cell defaults[] = { { LAPSE_COLUMN_TERM, "", 0 }, { LAPSE_COLUMN_ROUTE, "online", 6 } };
    assert_int_equal(lapse_inputs_parse(defaults, 2, &s, &r, NULL), LAPSE_OK);
    assert_int_equal(s.term, 1);
    assert_int_equal(lapse_inputs_parse(NULL, 0, &s, &r, NULL), LAPSE_OK);
    assert_int_equal(lapse_inputs_parse(NULL, 1, &s, &r, NULL), LAPSE_ERR_NULL_ARGUMENT);
}

static void test_csv_header(void **state)
{
    (void)state;
    lapse_table t;
    lapse_error_detail detail;
    static const char good[] = "\"start\",on,renewal-term,roles\r";
    assert_int_equal(lapse_table_header(&t, ',', good, sizeof good - 1, &detail), LAPSE_OK);
    assert_int_equal(t.count, 4);
    assert_int_equal(t.columns[0], LAPSE_COLUMN_START);
    assert_int_equal(t.columns[2], LAPSE_COLUMN_RENEWAL_TERM);
    static const char unknown[] = "start,on,colour";
    assert_int_equal(lapse_table_header(&t, ',', unknown, sizeof unknown - 1, &detail),
                     LAPSE_ERR_UNKNOWN_COLUMN);
    assert_int_equal(detail.column, 3);
    assert_string_equal(detail.message,
                        "column 3 'colour': not a known column (lapse-vectors(5) lists them)");
    static const char twice[] = "start,on,start";
    assert_int_equal(lapse_table_header(&t, ',', twice, sizeof twice - 1, &detail),
                     LAPSE_ERR_DUPLICATE_COLUMN);
    assert_int_equal(detail.column, 3);
    static const char quote[] = "start,\"on";
    assert_int_equal(lapse_table_header(&t, ',', quote, sizeof quote - 1, &detail),
                     LAPSE_ERR_CSV_SYNTAX);
    assert_int_equal(detail.column, 2);
    /* The ceiling is LAPSE_TABLE_MAX_COLUMNS, 256, exactly: a header of
     * 256 fields is counted in (its second 'note' is then the error, given
     * twice), one of 257 is refused as too many, naming the count. */
    assert_int_equal(LAPSE_TABLE_MAX_COLUMNS, 256);
    char many[8 * 258] = "start";
    for (int i = 1; i < LAPSE_TABLE_MAX_COLUMNS; i++)
        strcat(many, ",note");
    assert_int_equal(lapse_table_header(&t, ',', many, strlen(many), &detail),
                     LAPSE_ERR_DUPLICATE_COLUMN);
    assert_int_equal(detail.column, 3);
    assert_string_equal(detail.message, "column 3 'note': given twice");
    strcat(many, ",note");
    assert_int_equal(lapse_table_header(&t, ',', many, strlen(many), &detail),
                     LAPSE_ERR_TOO_MANY_COLUMNS);
    assert_int_equal(detail.column, 257);
    assert_string_equal(detail.message, "header: 257 columns, lapse reads at most 256");
    assert_int_equal(t.count, 0);
    strcat(many, ",note,note,note");
    assert_int_equal(lapse_table_header(&t, '\t', many, strlen(many), &detail),
                     LAPSE_ERR_UNKNOWN_COLUMN); /* one field to a tab */
    for (char *comma = strchr(many, ','); comma; comma = strchr(comma, ','))
        *comma = '\t';
    assert_int_equal(lapse_table_header(&t, '\t', many, strlen(many), &detail),
                     LAPSE_ERR_TOO_MANY_COLUMNS);
    assert_string_equal(detail.message, "header: 260 columns, lapse reads at most 256");
    /* Every known column at once (a vectors file may name them all) fits,
     * each in its place. */
    char every[LAPSE_COLUMN_COUNT * 32] = "";
    for (int c = 1; c < LAPSE_COLUMN_COUNT; c++) {
        strcat(every, c > 1 ? "\t" : "");
        strcat(every, lapse_column_name((lapse_column)c));
    }
    assert_int_equal(lapse_table_header(&t, '\t', every, strlen(every), &detail), LAPSE_OK);
    assert_int_equal(t.count, LAPSE_COLUMN_COUNT - 1);
    for (int c = 1; c < LAPSE_COLUMN_COUNT; c++)
        assert_int_equal(t.columns[c - 1], c);
    assert_int_equal(lapse_table_header(&t, ';', "start", 5, &detail), LAPSE_ERR_OUT_OF_RANGE);
}

static void test_csv_rows(void **state)
{
    (void)state;
    lapse_table t;
    static const char header[] = "start,price,note,roles,on";
    assert_int_equal(lapse_table_header(&t, ',', header, sizeof header - 1, NULL), LAPSE_OK);
    lapse_row row;
    lapse_error_detail detail;

    char quoted[] =
        "2025-01-31,\"20.00\",\"say \"\"hi\"\", ok\",\"billing_admin,product_admin\",2025-03-10\r";
    assert_int_equal(lapse_table_row(&t, quoted, strlen(quoted), &row, &detail), LAPSE_OK);
    assert_int_equal(row.subscription.price, 2000);
    assert_int_equal(row.request.roles, LAPSE_ROLE_BILLING_ADMIN | LAPSE_ROLE_PRODUCT_ADMIN);
    assert_int_equal(row.length[2], 12);
    assert_memory_equal(quoted + row.offset[2], "say \"hi\", ok", 12);
    assert_int_equal(row.request.on, test_date("2025-03-10"));

    char few[] = "2025-01-31,20.00";
    assert_int_equal(lapse_table_row(&t, few, strlen(few), &row, &detail), LAPSE_ERR_COLUMN_COUNT);
    assert_string_equal(detail.message, "row: 2 fields, the header has 5");
    char extra[] = "2025-01-31,20.00,,,2025-03-10,x";
    assert_int_equal(lapse_table_row(&t, extra, strlen(extra), &row, &detail),
                     LAPSE_ERR_COLUMN_COUNT);
    char open[] = "2025-01-31,\"20.00,,,2025-03-10";
    assert_int_equal(lapse_table_row(&t, open, strlen(open), &row, &detail), LAPSE_ERR_CSV_SYNTAX);
    assert_int_equal(detail.column, 2);
    char stray[] = "2025-01-31,20\"00,,,2025-03-10";
    assert_int_equal(lapse_table_row(&t, stray, strlen(stray), &row, &detail),
                     LAPSE_ERR_CSV_SYNTAX);
    char after[] = "2025-01-31,\"20\"x,,,2025-03-10";
    assert_int_equal(lapse_table_row(&t, after, strlen(after), &row, &detail),
                     LAPSE_ERR_CSV_SYNTAX);
    char bad[] = "2025-01-31,20.00,,,2025-02-30";
    assert_int_equal(lapse_table_row(&t, bad, strlen(bad), &row, &detail), LAPSE_ERR_DATE_INVALID);
    assert_int_equal(detail.column, 5);
    assert_string_equal(detail.field, "on");
    assert_string_equal(detail.message, "on '2025-02-30': not a calendar date");
    char nul[] = "2025-01-31,20.00,,,2025-03-1\0";
    assert_int_equal(lapse_table_row(&t, nul, sizeof nul - 1, &row, &detail),
                     LAPSE_ERR_DATE_SYNTAX);
    char empty[] = "";
    assert_int_equal(lapse_table_row(&t, empty, 0, &row, &detail), LAPSE_ERR_COLUMN_COUNT);
}

static void test_vectors_lines_have_no_quoting(void **state)
{
    (void)state;
    lapse_table t;
    static const char header[] = "note\tstart\ton";
    assert_int_equal(lapse_table_header(&t, '\t', header, sizeof header - 1, NULL), LAPSE_OK);
    char line[] = "\"quoted, with comma\"\t2025-01-01\t2025-01-02";
    lapse_row row;
    assert_int_equal(lapse_table_row(&t, line, strlen(line), &row, NULL), LAPSE_OK);
    assert_int_equal(row.length[0], 20);
}

static void test_decision_format(void **state)
{
    (void)state;
    lapse_decision d;
    memset(&d, 0, sizeof d);
    d.allowed = 1;
    d.blocked = LAPSE_REASON_NOT_AUTHORIZED | LAPSE_REASON_CANNOT_SIGN_IN;
    d.route = LAPSE_ROUTE_SUPPORT;
    d.effective_end = test_date("2025-03-31");
    d.notice_deadline = LAPSE_DATE_NONE;
    d.remaining_term_charge = -5;
    memcpy(d.currency, "EUR", 4);
    char buf[128];
    assert_int_equal(lapse_decision_format(&d, LAPSE_COLUMN_ALLOWED, buf, sizeof buf), 4);
    assert_string_equal(buf, "true");
    lapse_decision_format(&d, LAPSE_COLUMN_BLOCKED, buf, sizeof buf);
    assert_string_equal(buf, "not_authorized;cannot_sign_in");
    lapse_decision_format(&d, LAPSE_COLUMN_WARNINGS, buf, sizeof buf);
    assert_string_equal(buf, "");
    lapse_decision_format(&d, LAPSE_COLUMN_ROUTE, buf, sizeof buf);
    assert_string_equal(buf, "support");
    lapse_decision_format(&d, LAPSE_COLUMN_EFFECTIVE_END, buf, sizeof buf);
    assert_string_equal(buf, "2025-03-31");
    assert_int_equal(lapse_decision_format(&d, LAPSE_COLUMN_NOTICE_DEADLINE, buf, sizeof buf), 0);
    lapse_decision_format(&d, LAPSE_COLUMN_REMAINING_TERM_CHARGE, buf, sizeof buf);
    assert_string_equal(buf, "-5");
    lapse_decision_format(&d, LAPSE_COLUMN_CURRENCY, buf, sizeof buf);
    assert_string_equal(buf, "EUR");
    lapse_decision_format(&d, LAPSE_COLUMN_RENEWS_FIRST, buf, sizeof buf);
    assert_string_equal(buf, "false");
    assert_int_equal(lapse_decision_format(&d, LAPSE_COLUMN_START, buf, sizeof buf), 0);
    assert_int_equal(lapse_decision_format(&d, LAPSE_COLUMN_BLOCKED, buf, 4), 29);
    assert_string_equal(buf, "not");
    assert_int_equal(lapse_decision_format(NULL, LAPSE_COLUMN_ALLOWED, buf, sizeof buf), 0);
}

static void test_struct_sizes(void **state)
{
    (void)state;
    assert_int_equal(lapse_sizeof_policy(), sizeof(lapse_policy));
    assert_int_equal(lapse_sizeof_subscription(), sizeof(lapse_subscription));
    assert_int_equal(lapse_sizeof_request(), sizeof(lapse_request));
    assert_int_equal(lapse_sizeof_decision(), sizeof(lapse_decision));
    assert_int_equal(lapse_sizeof_status_info(), sizeof(lapse_status_info));
    assert_int_equal(lapse_sizeof_reactivation_info(), sizeof(lapse_reactivation_info));
    assert_int_equal(lapse_sizeof_error_detail(), sizeof(lapse_error_detail));
    assert_int_equal(lapse_sizeof_table(), sizeof(lapse_table));
    assert_int_equal(lapse_sizeof_row(), sizeof(lapse_row));
    /* The layout bindings mirror: no hidden padding in the model. */
    assert_int_equal(sizeof(lapse_policy), 384);
    assert_int_equal(sizeof(lapse_subscription), 128);
    assert_int_equal(sizeof(lapse_request), 64);
    assert_int_equal(sizeof(lapse_decision), 152);
    assert_int_equal(sizeof(lapse_status_info), 48);
    assert_int_equal(sizeof(lapse_reactivation_info), 64);
}

/* Property: lines without quotes, split a word or a SIMD block at a time
 * (the general split and the one-pass reader), give the fields a
 * byte-by-byte split gives, for both separators, every length (over the
 * one-pass reader's 512 bytes too) and bytes next to the separator's value
 * (',' ^ 1 is '-', '\t' ^ 1 is '\b'). */
static void test_split_matches_a_byte_loop(void **state)
{
    (void)state;
    static const char alphabet[] = "ab-_;.\b\x80\xff"
                                   "09 ";
    uint64_t rng = 21;
    for (int round = 0; round < 20000; round++) {
        char separator = test_range(&rng, 0, 1) ? ',' : '\t';
        /* Half the time columns that are no input (every field is then
         * read in one pass, however it looks), with fields of 0 to 3
         * bytes: many separators in each block of the one-pass reader. */
        bool outputs = test_range(&rng, 0, 1);
        int32_t columns = (int32_t)test_range(&rng, 1, outputs ? 17 : 20);
        int64_t longest = outputs && test_range(&rng, 0, 1) ? 3 : test_range(&rng, 0, 4) ? 19 : 40;
        char header[1024];
        size_t n = 0;
        for (int32_t c = 0; c < columns; c++)
            n += (size_t)snprintf(
                header + n, sizeof header - n, "%s%s", c ? (char[]){ separator, 0 } : "",
                lapse_column_name((lapse_column)(c + (outputs ? LAPSE_COLUMN_ALLOWED : 1))));
        lapse_table table;
        assert_int_equal(lapse_table_header(&table, separator, header, n, NULL), LAPSE_OK);
        /* A line of `fields` fields, sometimes not the header's count. */
        int32_t fields = test_range(&rng, 0, 9) ? columns : (int32_t)test_range(&rng, 1, 24);
        char line[4096];
        size_t length = 0, start[64], size[64];
        for (int32_t f = 0; f < fields; f++) {
            if (f)
                line[length++] = separator;
            start[f] = length;
            size[f] = (size_t)test_range(&rng, 0, longest);
            for (size_t k = 0; k < size[f]; k++)
                line[length++] = alphabet[test_range(&rng, 0, (int64_t)sizeof alphabet - 2)];
        }
        if (length == 0)
            continue; /* an empty line is its own error */
        lapse_row row;
        lapse_error error = lapse_table_row(&table, line, length, &row, NULL);
        if (fields != columns) {
            assert_int_equal(error, LAPSE_ERR_COLUMN_COUNT);
            continue;
        }
        assert_int_not_equal(error, LAPSE_ERR_COLUMN_COUNT);
        for (int32_t f = 0; f < fields; f++) {
            assert_int_equal(row.offset[f], start[f]);
            assert_int_equal(row.length[f], size[f]);
        }
    }
}

/* Property: a row read by lapse_table_row (which reads the common forms
 * itself) gives exactly what lapse_inputs_parse gives for its cells: the
 * same subscription and request, or the same error and message, for cells
 * drawn from valid and invalid forms of every input column. */
static void test_rows_read_as_the_cells_parse(void **state)
{
    (void)state;
    static const lapse_column inputs[] = {
        LAPSE_COLUMN_START,       LAPSE_COLUMN_TERM,       LAPSE_COLUMN_RENEWAL_TERM,
        LAPSE_COLUMN_BILLING,     LAPSE_COLUMN_PRICE,      LAPSE_COLUMN_CURRENCY,
        LAPSE_COLUMN_CONTRACT,    LAPSE_COLUMN_AUTO_RENEW, LAPSE_COLUMN_ONLINE_CANCEL,
        LAPSE_COLUMN_BALANCE,     LAPSE_COLUMN_LICENSES,   LAPSE_COLUMN_CANCELLED_ON,
        LAPSE_COLUMN_ON,          LAPSE_COLUMN_CHANNEL,    LAPSE_COLUMN_ROLES,
        LAPSE_COLUMN_CAN_SIGN_IN, LAPSE_COLUMN_PROVIDED,   LAPSE_COLUMN_RENEWAL_PRICE,
        LAPSE_COLUMN_END_ON,
    };
    static const char *const dates[] = { "2025-01-31",  "0001-01-01",  "9999-12-31", "2024-02-29",
                                         "2025-02-29",  "0000-01-01",  "2025-13-01", "2025-1-01",
                                         "2025-01-31x", " 2025-01-31", "20250131",   "" };
    static const char *const ints[] = { "1",  "12", "0",   "1200", "999999999", "1234567890",
                                        "-1", "+1", "1.0", "x",    "",          "00012" };
    static const char *const amounts[] = { "20",
                                           "20.00",
                                           "20.5",
                                           "0.001",
                                           "-1.00",
                                           "1.",
                                           ".5",
                                           "123456789012345678",
                                           "12345678901234.56",
                                           "99999999999999999999",
                                           "1,00",
                                           "",
                                           "0" };
    static const char *const currencies[] = { "EUR", "JPY", "KWD", "eur", "EU", "XXX", "ABC", "" };
    static const char *const bools[] = { "true", "false", "1",    "0",   "t", "f",
                                         "yes",  "no",    "TRUE", "tru", "2", "" };
    static const char *const channels[] = {
        "online", "support", "Online", "phone", "sup-port", ""
    };
    static const char *const roles[] = { "billing_admin",
                                         "billing-admin",
                                         "product_admin;billing_contact",
                                         "billing_admin,product_admin",
                                         "owner",
                                         "billing_admin;",
                                         "" };
    static const char *const provided[] = { "all",        "account_id;card_last4",
                                            "account-id", "products,admin_email",
                                            "pin",        "" };
    uint64_t rng = 91;
    for (int i = 0; i < 40000; i++) {
        /* A header of a random subset of the inputs, in a random order. */
        lapse_column chosen[sizeof inputs / sizeof inputs[0]];
        size_t count = 0;
        for (size_t c = 0; c < sizeof inputs / sizeof inputs[0]; c++)
            if (test_range(&rng, 0, 2))
                chosen[count++] = inputs[c];
        for (size_t c = count; c > 1; c--) {
            size_t k = (size_t)test_range(&rng, 0, (int64_t)c - 1);
            lapse_column swap = chosen[c - 1];
            chosen[c - 1] = chosen[k];
            chosen[k] = swap;
        }
        if (count == 0)
            continue;
        char header[512], line[1024], copy[1024];
        size_t h = 0, n = 0;
        lapse_cell cells[32];
        size_t at[32], length[32];
        for (size_t c = 0; c < count; c++) {
            const char *value;
#define PICK(list) list[test_range(&rng, 0, (int64_t)(sizeof list / sizeof list[0]) - 1)]
            switch (lapse_column_type_of(chosen[c])) {
            case LAPSE_COLUMN_TYPE_DATE: value = PICK(dates); break;
            case LAPSE_COLUMN_TYPE_INTEGER: value = PICK(ints); break;
            case LAPSE_COLUMN_TYPE_AMOUNT: value = PICK(amounts); break;
            case LAPSE_COLUMN_TYPE_BOOLEAN: value = PICK(bools); break;
            case LAPSE_COLUMN_TYPE_NAME: value = PICK(channels); break;
            case LAPSE_COLUMN_TYPE_LIST:
                value = chosen[c] == LAPSE_COLUMN_ROLES ? PICK(roles) : PICK(provided);
                break;
            default: value = PICK(currencies); break;
            }
#undef PICK
            h += (size_t)snprintf(header + h, sizeof header - h, "%s%s", c ? "," : "",
                                  lapse_column_name(chosen[c]));
            /* Quoted when it holds a ',' (a list), as CSV must. */
            bool quote = strchr(value, ',') != NULL;
            n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", c ? "," : "",
                                  quote ? "\"" : "");
            at[c] = n;
            length[c] = strlen(value);
            n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", value, quote ? "\"" : "");
        }
        lapse_table table;
        assert_int_equal(lapse_table_header(&table, ',', header, h, NULL), LAPSE_OK);
        memcpy(copy, line, n + 1);
        for (size_t c = 0; c < count; c++)
            cells[c] = (lapse_cell){ chosen[c], copy + at[c], length[c] };
        lapse_row row;
        lapse_error_detail by_row, by_cells;
        memset(&by_row, 0, sizeof by_row);
        memset(&by_cells, 0, sizeof by_cells);
        bool quoted = memchr(line, '"', n) != NULL; /* before the row is unquoted in place */
        lapse_error row_error = lapse_table_row(&table, line, n, &row, &by_row);
        lapse_subscription s;
        lapse_request r;
        lapse_error cell_error = lapse_inputs_parse(cells, count, &s, &r, &by_cells);
        if (row_error != cell_error || strcmp(by_row.message, by_cells.message) != 0)
            fail_msg("case %d: %s\n%s\nrow: %s\ncells: %s", i, header, line, by_row.message,
                     by_cells.message);
        if (!row_error) {
            assert_memory_equal(&row.subscription, &s, sizeof s);
            assert_memory_equal(&row.request, &r, sizeof r);
            /* Where each field is (a quoted one is unquoted in place). */
            assert_int_equal(row.count, (int32_t)count);
            for (size_t c = 0; c < count && !quoted; c++) {
                assert_int_equal(row.offset[c], at[c]);
                assert_int_equal(row.length[c], length[c]);
            }
        }
    }
}

/* One table, rows whose currency changes every row or repeats the last
 * one, valid codes of every precision and invalid ones mixed, with
 * amounts in the currency: each row read by lapse_table_row (the one-pass
 * reader's own probe of the currency table) gives what lapse_inputs_parse
 * gives for its cells (the general way): the same inputs, or the same
 * error and message. */
static void test_currency_changes_every_row(void **state)
{
    (void)state;
    static const char *const currencies[] = { "EUR", "JPY", "KWD", "CLF", "UYW", "USD",
                                              "BHD", "eur", "EU",  "XXX", "ABC", "EURO",
                                              "E1R", "JPy", "",    "ZWG", "AED", "\xc3\x89UR" };
    static const char *const amounts[] = { "20",     "20.00",     "20.5", "0.001",
                                           "0.0001", "1234.5678", "",     "7" };
    static const char header[] = "start,currency,price,on,balance,renewal_price";
    lapse_table table;
    assert_int_equal(lapse_table_header(&table, ',', header, strlen(header), NULL), LAPSE_OK);
    static const lapse_column columns[] = { LAPSE_COLUMN_START,   LAPSE_COLUMN_CURRENCY,
                                            LAPSE_COLUMN_PRICE,   LAPSE_COLUMN_ON,
                                            LAPSE_COLUMN_BALANCE, LAPSE_COLUMN_RENEWAL_PRICE };
    uint64_t rng = 4217;
    size_t previous = 0;
    int decided = 0, refused = 0;
    for (int i = 0; i < 30000; i++) {
        size_t k = test_range(&rng, 0, 2) == 0
                       ? previous
                       : (size_t)test_range(
                             &rng, 0, (int64_t)(sizeof currencies / sizeof currencies[0]) - 1);
        previous = k;
        const char *values[6] = { "2025-01-31", currencies[k], NULL, "2025-03-10", NULL, NULL };
        for (int a = 2; a < 6; a += a == 2 ? 2 : 1)
            values[a] =
                amounts[test_range(&rng, 0, (int64_t)(sizeof amounts / sizeof amounts[0]) - 1)];
        char line[256], copy[256];
        size_t n = 0, at[6], length[6];
        for (int c = 0; c < 6; c++) {
            n += (size_t)snprintf(line + n, sizeof line - n, "%s", c ? "," : "");
            at[c] = n;
            length[c] = strlen(values[c]);
            n += (size_t)snprintf(line + n, sizeof line - n, "%s", values[c]);
        }
        memcpy(copy, line, n + 1);
        lapse_cell cells[6];
        for (int c = 0; c < 6; c++)
            cells[c] = (lapse_cell){ columns[c], copy + at[c], length[c] };
        lapse_row row;
        lapse_error_detail by_row, by_cells;
        memset(&by_row, 0, sizeof by_row);
        memset(&by_cells, 0, sizeof by_cells);
        lapse_error row_error = lapse_table_row(&table, line, n, &row, &by_row);
        lapse_subscription s;
        lapse_request r;
        lapse_error cell_error = lapse_inputs_parse(cells, 6, &s, &r, &by_cells);
        if (row_error != cell_error || strcmp(by_row.message, by_cells.message) != 0)
            fail_msg("case %d: %s\nrow: %s\ncells: %s", i, line, by_row.message, by_cells.message);
        if (!row_error) {
            assert_memory_equal(&row.subscription, &s, sizeof s);
            assert_memory_equal(&row.request, &r, sizeof r);
            decided++;
        } else {
            refused++;
        }
    }
    /* Both kinds drawn often (the test can fail either way). */
    assert_true(decided > 3000);
    assert_true(refused > 3000);
    /* Spoilt tables (what lapse_table_header never fills) with rows of as
     * many fields as columns, so that the one-pass reader meets them: a
     * column given twice, a column number out of range whose low bits name
     * a column the table lacks (the reader marks columns by their number
     * modulo 128) or one it has, the field empty or not: refused as the
     * general way refuses them. */
    static const lapse_column spoils[] = { LAPSE_COLUMN_START,
                                           (lapse_column)(128 + LAPSE_COLUMN_TERM),
                                           (lapse_column)(128 + LAPSE_COLUMN_START), 1000 };
    for (size_t k = 0; k < sizeof spoils / sizeof spoils[0]; k++) {
        for (int empty = 0; empty < 2; empty++) {
            lapse_table spoilt = table;
            spoilt.columns[5] = spoils[k];
            char line[] = "2025-01-31,EUR,20.00,2025-03-10,0,5.00";
            size_t n = strlen(line) - (empty ? 4 : 0); /* "...,0," */
            lapse_row row;
            lapse_error_detail detail;
            assert_int_equal(lapse_table_row(&spoilt, line, n, &row, &detail),
                             LAPSE_ERR_TABLE_INVALID);
            char message[128];
            snprintf(message, sizeof message, "table: column %d (fill it with lapse_table_header)",
                     (int)spoils[k]);
            assert_string_equal(detail.message, message);
        }
    }
}

/* Short amounts (one to ten bytes) of random digits, dots and other bytes,
 * in every currency precision and at every place in the line (first,
 * middle, last), read as lapse_inputs_parse() reads them. */
static void test_short_amounts_read_as_the_cells_parse(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789012345678901234567890123456789..-x ";
    static const char *const currencies[] = { "JPY", "EUR", "KWD", "CLF" }; /* 0 to 4 digits */
    static const char *const headers[] = { "price,currency,balance", "currency,price",
                                           "price,currency" };
    uint64_t rng = 17;
    for (int i = 0; i < 200000; i++) {
        char amount[16];
        size_t length = (size_t)test_range(&rng, 1, 10);
        for (size_t k = 0; k < length; k++)
            amount[k] = alphabet[test_range(&rng, 0, (int64_t)sizeof alphabet - 2)];
        amount[length] = '\0';
        const char *currency = currencies[test_range(&rng, 0, 3)];
        size_t shape = (size_t)test_range(&rng, 0, 2);
        char line[64], copy[64];
        int n = shape == 0   ? snprintf(line, sizeof line, "%s,%s,7", amount, currency)
                : shape == 1 ? snprintf(line, sizeof line, "%s,%s", currency, amount)
                             : snprintf(line, sizeof line, "%s,%s", amount, currency);
        memcpy(copy, line, (size_t)n + 1);
        lapse_table table;
        assert_int_equal(
            lapse_table_header(&table, ',', headers[shape], strlen(headers[shape]), NULL),
            LAPSE_OK);
        lapse_row row;
        lapse_error_detail by_row, by_cells;
        memset(&by_row, 0, sizeof by_row);
        memset(&by_cells, 0, sizeof by_cells);
        lapse_error row_error = lapse_table_row(&table, line, (size_t)n, &row, &by_row);
        size_t price_at = shape == 1 ? 4 : 0, currency_at = shape == 1 ? 0 : length + 1;
        lapse_cell cells[3] = {
            { LAPSE_COLUMN_PRICE, copy + price_at, length },
            { LAPSE_COLUMN_CURRENCY, copy + currency_at, 3 },
            { LAPSE_COLUMN_BALANCE, "7", 1 },
        };
        lapse_subscription s;
        lapse_request r;
        lapse_error cell_error = lapse_inputs_parse(cells, shape == 0 ? 3 : 2, &s, &r, &by_cells);
        if (row_error != cell_error || strcmp(by_row.message, by_cells.message) != 0)
            fail_msg("'%s' in %s: row %s, cells %s", amount, currency, by_row.message,
                     by_cells.message);
        if (!row_error)
            assert_memory_equal(&row.subscription, &s, sizeof s);
    }
    /* Some by hand: the value in minor units. */
    static const struct {
        const char *amount, *currency;
        int64_t minor;
    } known[] = {
        { "0", "EUR", 0 },
        { "12.5", "EUR", 1250 },
        { "12.50", "EUR", 1250 },
        { "4969.61", "EUR", 496961 },
        { "12345678", "JPY", 12345678 },
        { "1234567.8", "EUR", 123456780 },
        { "0.001", "KWD", 1 },
        { "99999.99", "EUR", 9999999 },
        { "7.0001", "CLF", 70001 },
        { "00.50", "EUR", 50 },
    };
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) {
        char line[64];
        int n = snprintf(line, sizeof line, "%s,%s,7", known[k].amount, known[k].currency);
        lapse_table table;
        assert_int_equal(lapse_table_header(&table, ',', "price,currency,balance", 22, NULL),
                         LAPSE_OK);
        lapse_row row;
        assert_int_equal(lapse_table_row(&table, line, (size_t)n, &row, NULL), LAPSE_OK);
        assert_int_equal(row.subscription.price, known[k].minor);
    }
}

/* requested_at (#29): the request date is the instant's local date in the
 * offset it is written in (lapse_table_row has no zone; lapse batch and
 * lapse check set it again in the row's zone); with on, an error naming
 * requested_at; a bad instant, an error naming it with its column. */
static void test_requested_at(void **state)
{
    (void)state;
    lapse_table t;
    static const char header[] =
        "start,term,on,requested_at,zone,notice_deadline_at,access_ends_at";
    assert_int_equal(lapse_table_header(&t, ',', header, sizeof header - 1, NULL), LAPSE_OK);
    assert_int_equal(t.columns[3], LAPSE_COLUMN_REQUESTED_AT);
    assert_int_equal(t.columns[4], LAPSE_COLUMN_ZONE);
    assert_int_equal(t.columns[5], LAPSE_COLUMN_NOTICE_DEADLINE_AT);
    assert_int_equal(t.columns[6], LAPSE_COLUMN_ACCESS_ENDS_AT);
    assert_int_equal(lapse_column_is_input(LAPSE_COLUMN_REQUESTED_AT), 0);
    assert_int_equal(lapse_column_type_of(LAPSE_COLUMN_ZONE), LAPSE_COLUMN_TYPE_TEXT);
    lapse_row row;
    lapse_error_detail detail;
    /* 23:30 at -08:00 is 07:30Z the next day: the date is the local one. */
    char west[] = "2025-01-01,12,,2025-12-02T23:30:00-08:00,America/Los_Angeles,,";
    assert_int_equal(lapse_table_row(&t, west, strlen(west), &row, &detail), LAPSE_OK);
    assert_int_equal(row.request.on, test_date("2025-12-02"));
    char utc[] = "2025-01-01,12,,2025-12-03T07:30:00Z,,,";
    assert_int_equal(lapse_table_row(&t, utc, strlen(utc), &row, &detail), LAPSE_OK);
    assert_int_equal(row.request.on, test_date("2025-12-03"));
    /* +14:00 from 10:00Z: the next day. */
    char east[] = "2025-01-01,12,,2025-12-01T10:00:00+14:00,,,";
    assert_int_equal(lapse_table_row(&t, east, strlen(east), &row, &detail), LAPSE_OK);
    assert_int_equal(row.request.on, test_date("2025-12-01"));
    char both[] = "2025-01-01,12,2025-12-02,2025-12-02T00:00:00Z,,,";
    assert_int_equal(lapse_table_row(&t, both, strlen(both), &row, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.field, "requested_at");
    assert_int_equal(detail.column, 4);
    assert_string_equal(
        detail.message,
        "requested_at '2025-12-02T00:00:00Z': on gives the request date too: give one");
    char bad[] = "2025-01-01,12,,2025-12-02,,,";
    assert_int_equal(lapse_table_row(&t, bad, strlen(bad), &row, &detail), LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.field, "requested_at");
    assert_int_equal(detail.column, 4);
    char day[] = "2025-01-01,12,,2025-02-30T00:00:00Z,,,";
    assert_int_equal(lapse_table_row(&t, day, strlen(day), &row, &detail), LAPSE_ERR_DATE_INVALID);
    assert_string_equal(detail.field, "requested_at");
    /* on alone still reads as before. */
    char on[] = "2025-01-01,12,2025-12-02,,,,";
    assert_int_equal(lapse_table_row(&t, on, strlen(on), &row, &detail), LAPSE_OK);
    assert_int_equal(row.request.on, test_date("2025-12-02"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_column_names),
        cmocka_unit_test(test_input_values),
        cmocka_unit_test(test_csv_header),
        cmocka_unit_test(test_csv_rows),
        cmocka_unit_test(test_vectors_lines_have_no_quoting),
        cmocka_unit_test(test_decision_format),
        cmocka_unit_test(test_struct_sizes),
        cmocka_unit_test(test_split_matches_a_byte_loop),
        cmocka_unit_test(test_rows_read_as_the_cells_parse),
        cmocka_unit_test(test_short_amounts_read_as_the_cells_parse),
        cmocka_unit_test(test_requested_at),
        cmocka_unit_test(test_currency_changes_every_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
