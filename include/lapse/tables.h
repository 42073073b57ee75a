/*
 * lapse/tables.h - the tables layer of lapse: the data vocabulary of CSV,
 * vectors files, JSON and the command line, over the core of <lapse.h>.
 *
 * The core decides on structs; this layer reads and writes them as text:
 * column names and types, input cells, decision outputs as text, header
 * and row parsing (CSV and tab-separated vectors files), checking a row's
 * expectations, and deciding a whole CSV text in one call.  It is part of
 * liblapse unless the library was built with -Dtables=false.  The core
 * never includes this header.
 *
 * The conventions of <lapse.h> hold here too (caller-owned memory, no
 * allocation, snprintf rules for text, thread safety).
 */
#ifndef LAPSE_TABLES_H
#define LAPSE_TABLES_H

#include "lapse.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Errors of the tables layer
 *
 * lapse_error values from LAPSE_ERR_LAYER_FIRST, named by lapse_error_name()
 * and lapse_strerror() like the core's.  New ones are only ever appended.
 * The core's enum does not list them (<lapse.h> knows nothing of this
 * layer): they are the enum lapse_table_error, which the table below
 * generates, and each is also a LAPSE_ERR_ macro of type lapse_error.
 * ------------------------------------------------------------------------ */

#define LAPSE_TABLES_ERROR_TABLE(X)                                        \
    X(UNKNOWN_COLUMN, unknown_column, "not a known column")                \
    X(DUPLICATE_COLUMN, duplicate_column, "column given twice")            \
    X(COLUMN_COUNT, column_count, "wrong number of fields")                \
    X(CSV_SYNTAX, csv_syntax, "malformed quoting")                         \
    X(TOO_MANY_COLUMNS, too_many_columns, "more columns than lapse reads") \
    X(TABLE_INVALID, table_invalid, "not a table or row filled by lapse")  \
    X(ARRAY_TYPE, array_type, "array type does not fit the column")

/* A row's place in the table (not part of the API). */
#define LAPSE__TABLE_ERROR_INDEX(id, name, text) LAPSE__TABLE_ERROR_INDEX_##id,
enum lapse__table_error_index { LAPSE_TABLES_ERROR_TABLE(LAPSE__TABLE_ERROR_INDEX) };
#undef LAPSE__TABLE_ERROR_INDEX

/*
 * The codes as an enum of their own, numbered from LAPSE_ERR_LAYER_FIRST in
 * the table's order, above every core code: a switch over it is checked by
 * the compiler (-Wswitch names a code it leaves out), which a switch over
 * lapse_error cannot do for codes the core's enum does not list:
 *
 *     switch ((lapse_table_error)error) {
 *     case LAPSE_TABLE_ERR_UNKNOWN_COLUMN: ...
 *     }
 */
#define LAPSE__TABLE_ERROR_ENUM(id, name, text) \
    LAPSE_TABLE_ERR_##id = (int)LAPSE_ERR_LAYER_FIRST + (int)LAPSE__TABLE_ERROR_INDEX_##id,
typedef enum lapse_table_error {
    LAPSE_TABLES_ERROR_TABLE(LAPSE__TABLE_ERROR_ENUM)
} lapse_table_error;
#undef LAPSE__TABLE_ERROR_ENUM

/* The same codes as lapse_error, which the functions return and
 * lapse_error_detail holds: compare a lapse_error with these (a compiler
 * warns of a comparison between two enums), assign and return them, in C
 * and C++.  src/tables/errors.c asserts one per row. */
#define LAPSE_ERR_UNKNOWN_COLUMN ((lapse_error)LAPSE_TABLE_ERR_UNKNOWN_COLUMN)
#define LAPSE_ERR_DUPLICATE_COLUMN ((lapse_error)LAPSE_TABLE_ERR_DUPLICATE_COLUMN)
#define LAPSE_ERR_COLUMN_COUNT ((lapse_error)LAPSE_TABLE_ERR_COLUMN_COUNT)
#define LAPSE_ERR_CSV_SYNTAX ((lapse_error)LAPSE_TABLE_ERR_CSV_SYNTAX)
#define LAPSE_ERR_TOO_MANY_COLUMNS ((lapse_error)LAPSE_TABLE_ERR_TOO_MANY_COLUMNS)
#define LAPSE_ERR_TABLE_INVALID ((lapse_error)LAPSE_TABLE_ERR_TABLE_INVALID)
#define LAPSE_ERR_ARRAY_TYPE ((lapse_error)LAPSE_TABLE_ERR_ARRAY_TYPE)

/* ------------------------------------------------------------------------
 * Columns: the data vocabulary of CSV, vectors files, JSON and the CLI
 *
 * Every input field and every output of a decision has one name, used as a
 * CSV column, a vectors-file column, a JSON key and (with '-' for '_') a
 * command-line flag.  Values in text:
 *   dates     YYYY-MM-DD; "" for none
 *   amounts   inputs (price, balance) as decimal text in the currency
 *             ("20.00"); outputs as integers in minor units ("2000")
 *   booleans  "true"/"false" (inputs also take 1/0, yes/no)
 *   names     the stable names of lapse_name()
 *   lists     names separated by ';' (inputs also take ','); "" if empty;
 *             for `provided`, "all" is every detail
 *   numbers   decimal integers
 * An empty input cell takes the default of lapse_subscription_init() /
 * lapse_request_init().
 * ------------------------------------------------------------------------ */

typedef enum lapse_column {
    LAPSE_COLUMN_NONE = 0,
    /* Subscription inputs. */
    LAPSE_COLUMN_START = 1,
    LAPSE_COLUMN_TERM = 2,
    LAPSE_COLUMN_RENEWAL_TERM = 3,
    LAPSE_COLUMN_BILLING = 4,
    LAPSE_COLUMN_PRICE = 5,
    LAPSE_COLUMN_CURRENCY = 6, /* an input, and repeated in the decision */
    LAPSE_COLUMN_CONTRACT = 7,
    LAPSE_COLUMN_AUTO_RENEW = 8,
    LAPSE_COLUMN_ONLINE_CANCEL = 9,
    LAPSE_COLUMN_BALANCE = 10,
    LAPSE_COLUMN_LICENSES = 11,
    LAPSE_COLUMN_CANCELLED_ON = 12,
    /* Request inputs. */
    LAPSE_COLUMN_ON = 13,
    LAPSE_COLUMN_CHANNEL = 14,
    LAPSE_COLUMN_ROLES = 15,
    LAPSE_COLUMN_CAN_SIGN_IN = 16,
    LAPSE_COLUMN_PROVIDED = 17,
    /* Decision outputs, in the order of the JSON object. */
    LAPSE_COLUMN_ALLOWED = 18,
    LAPSE_COLUMN_BLOCKED = 19,
    LAPSE_COLUMN_WARNINGS = 20,
    LAPSE_COLUMN_MISSING_SUPPORT_INFO = 21,
    LAPSE_COLUMN_ROUTE = 22,
    LAPSE_COLUMN_TERM_START = 23,
    LAPSE_COLUMN_TERM_END = 24,
    LAPSE_COLUMN_NOTICE_DEADLINE = 25,
    LAPSE_COLUMN_RENEWS_FIRST = 26,
    LAPSE_COLUMN_EFFECTIVE_END = 27,
    LAPSE_COLUMN_REMAINING_TERM_CHARGE = 28,
    LAPSE_COLUMN_STILL_TO_INVOICE = 29,
    LAPSE_COLUMN_REFUND = 30,
    LAPSE_COLUMN_INVOICES_LEFT = 31,
    LAPSE_COLUMN_NEXT_INVOICE = 32,
    /* (currency, column 6, comes here in the JSON object) */
    LAPSE_COLUMN_DATA_DELETED_ON = 33,
    LAPSE_COLUMN_CONFIRMATION = 34,
    /* Status on the request date (vectors files). */
    LAPSE_COLUMN_STATUS = 35,
    LAPSE_COLUMN_LISTED_AS = 36,
    /* Bookkeeping: the input line number (batch output), the error of a
     * row (its stable name in vectors files, the message in batch output)
     * and a free-text note that lapse ignores. */
    LAPSE_COLUMN_LINE = 37,
    LAPSE_COLUMN_ERROR = 38,
    LAPSE_COLUMN_NOTE = 39,
    /* Added with policies: the policy of a row (a preset name, or settings
     * "key = value" separated by ';') and the decision's termination fee. */
    LAPSE_COLUMN_POLICY = 40,
    LAPSE_COLUMN_TERMINATION_FEE = 41,
    /* Added with exact money: the renewal price (a subscription input) and
     * a chosen end (a request input). */
    LAPSE_COLUMN_RENEWAL_PRICE = 42,
    LAPSE_COLUMN_END_ON = 43,
    /* Calendar billing: the subscription's billing day (1..31). */
    LAPSE_COLUMN_BILLING_DAY = 44,
    /* Items (seats and add-ons): the subscription's items and the
     * request's reduction, each in the text form of <lapse.h> ("Items"):
     * items "seats:10:5.00;mobile:2:3.50:0:1", reduce "seats=6;mobile=0". */
    LAPSE_COLUMN_ITEMS = 45,
    LAPSE_COLUMN_REDUCE = 46,
    /* A reduction's decision outputs (none and 0 for a cancellation). */
    LAPSE_COLUMN_CHANGE_EFFECTIVE_ON = 47,
    LAPSE_COLUMN_RECURRING_AFTER = 48,
    LAPSE_COLUMN_SAVING = 49,
    /* The per-item results of lapse_decide_items() as
     * lapse_item_results_format() writes them ("seats:10:6:2025-04-10:0"):
     * not a field of lapse_decision, written beside it by
     * lapse_decision_json_items() and `lapse batch`, checked in vectors
     * files; "" for a subscription without items. */
    LAPSE_COLUMN_ITEM_RESULTS = 50,
    /* Requests at an instant (docs/rules.md, "Instants and zones"): the
     * instant (RFC 3339), whose local date is the request date (instead of
     * `on`), in the account's zone (an IANA name) when `zone` is given,
     * else in the offset it was written in.  lapse_table_row() reads
     * requested_at in its own offset; a zone is loaded by the caller
     * (lapse_zone_load), which then sets request.on with lapse_zone_date()
     * (lapse batch and lapse check do, loading each zone once a run).  The
     * deadlines as instants in that zone (lapse_decision_instants), output
     * columns of lapse batch and checked by lapse check. */
    LAPSE_COLUMN_REQUESTED_AT = 51,
    LAPSE_COLUMN_ZONE = 52,
    LAPSE_COLUMN_NOTICE_DEADLINE_AT = 53,
    LAPSE_COLUMN_ACCESS_ENDS_AT = 54,
    /* Calendar billing by quarter and year: its billing month (1..12). */
    LAPSE_COLUMN_BILLING_MONTH = 55,
    /* A free trial: the subscription's trial_end (the first day billed). */
    LAPSE_COLUMN_TRIAL_END = 56,
    /* Money back (docs/rules.md, "Settlement" and "EU withdrawal"): where
     * the refund goes (decision outputs), and the subscription's EU
     * withdrawal inputs. */
    LAPSE_COLUMN_APPLIED_TO_BALANCE = 57,
    LAPSE_COLUMN_CASH_REFUND = 58,
    LAPSE_COLUMN_ACCOUNT_CREDIT = 59,
    LAPSE_COLUMN_BALANCE_AFTER = 60,
    LAPSE_COLUMN_CONCLUDED_ON = 61,
    LAPSE_COLUMN_WITHDRAWAL_INFORMED = 62,
    LAPSE_COLUMN_EXPRESS_REQUEST = 63,
    /* An introductory price: the subscription's intro_months and
     * intro_price. */
    LAPSE_COLUMN_INTRO_MONTHS = 64,
    LAPSE_COLUMN_INTRO_PRICE = 65,
    /* A pause (docs/rules.md, "Pauses"): the subscription's paused_from and
     * resumes_on. */
    LAPSE_COLUMN_PAUSED_FROM = 66,
    LAPSE_COLUMN_RESUMES_ON = 67
} lapse_column;
#define LAPSE_COLUMN_COUNT 68

/* How a column's value is written. */
typedef enum lapse_column_type {
    LAPSE_COLUMN_TYPE_NONE = 0,
    LAPSE_COLUMN_TYPE_DATE = 1,   /* YYYY-MM-DD, or none */
    LAPSE_COLUMN_TYPE_AMOUNT = 2, /* input: decimal; output: integer minor units */
    LAPSE_COLUMN_TYPE_INTEGER = 3,
    LAPSE_COLUMN_TYPE_BOOLEAN = 4,
    LAPSE_COLUMN_TYPE_NAME = 5, /* one stable name */
    LAPSE_COLUMN_TYPE_LIST = 6, /* a set of stable names */
    LAPSE_COLUMN_TYPE_TEXT = 7  /* currency code, line, error, note */
} lapse_column_type;

/* The column's name ("remaining_term_charge"); NULL if unknown. */
LAPSE_EXPORT const char *lapse_column_name(lapse_column column);
/* The column of a name ('-' matches '_'); LAPSE_ERR_UNKNOWN_COLUMN. */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_column_lookup(const char *text, size_t length,
                                                               lapse_column *column);
/* The column's type; LAPSE_COLUMN_TYPE_NONE if unknown. */
LAPSE_EXPORT lapse_column_type lapse_column_type_of(lapse_column column);
/* 1 for the inputs START..PROVIDED, RENEWAL_PRICE, END_ON, BILLING_DAY,
 * ITEMS, REDUCE, BILLING_MONTH, TRIAL_END, CONCLUDED_ON,
 * WITHDRAWAL_INFORMED, EXPRESS_REQUEST, INTRO_MONTHS, INTRO_PRICE,
 * PAUSED_FROM and RESUMES_ON, else 0. */
LAPSE_EXPORT int32_t lapse_column_is_input(lapse_column column);
/* 1 for the decision outputs ALLOWED..CONFIRMATION, CURRENCY,
 * TERMINATION_FEE, CHANGE_EFFECTIVE_ON, RECURRING_AFTER and SAVING, else
 * 0. */
LAPSE_EXPORT int32_t lapse_column_is_decision(lapse_column column);

/*
 * Writes one decision output as text in the data vocabulary (snprintf
 * rules): "true", "2000", "2025-03-31", "" for none, "a;b" for a list.
 * Writes "" and returns 0 for a column that is not a decision output.
 */
LAPSE_EXPORT size_t lapse_decision_format(const lapse_decision *decision, lapse_column column,
                                          char *buf, size_t size);

/*
 * The decision's outputs in the order of its JSON object (and of `lapse
 * batch` columns): index 0.. gives allowed, blocked, warnings,
 * missing_support_info, route, term_start, term_end, notice_deadline,
 * renews_first, effective_end, remaining_term_charge, still_to_invoice,
 * refund, termination_fee, invoices_left, next_invoice, currency,
 * data_deleted_on, confirmation, change_effective_on, recurring_after,
 * saving, applied_to_balance, cash_refund, account_credit,
 * balance_after; LAPSE_COLUMN_NONE after the last.
 */
LAPSE_EXPORT lapse_column lapse_decision_column(size_t index);

/*
 * Writes the decision as one JSON object (snprintf rules), the keys in the
 * order above, as `lapse cancel --json` prints it (without the newline):
 * booleans and integers (amounts in minor units) bare, dates as strings or
 * null, lists as arrays of names.  Every binding that prints JSON uses it,
 * so all print the same bytes.  LAPSE_DECISION_JSON_SIZE always suffices.
 */
#define LAPSE_DECISION_JSON_SIZE 2048
LAPSE_EXPORT size_t lapse_decision_json(const lapse_decision *decision, char *buf, size_t size);

/*
 * The same object with one more key, as `lapse cancel --json`, SQLite's
 * lapse_cancel and Python's Decision.to_dict() write it: "item_results",
 * an array of one object per item, {"name", "quantity", "quantity_after",
 * "released_on" (a date or null), "unassign"}, from results[0..count) as
 * lapse_decide_items() gives them for the same inputs ([] when count is
 * 0: a subscription without items).  LAPSE_DECISION_JSON_ITEMS_SIZE
 * always suffices.
 */
#define LAPSE_DECISION_JSON_ITEMS_SIZE 4096
LAPSE_EXPORT size_t lapse_decision_json_items(const lapse_decision *decision,
                                              const lapse_item_result *results, size_t count,
                                              char *buf, size_t size);

/*
 * Writes the decision as one CSV row without its newline (snprintf rules):
 * the columns in the order above, each as lapse_decision_format() writes
 * it, ','-separated (no field needs quoting), as `lapse batch` writes its
 * rows; a NULL decision writes every field empty.  One call for the whole
 * row: a billing run writes millions.  LAPSE_DECISION_CSV_SIZE always
 * suffices.
 */
#define LAPSE_DECISION_CSV_SIZE 2048
LAPSE_EXPORT size_t lapse_decision_csv(const lapse_decision *decision, char *buf, size_t size);

/* One input value as text: a column and `length` bytes.  Booleans are
 * true/false, 1/0, yes/no or t/f (PostgreSQL's COPY ... CSV). */
typedef struct lapse_cell {
    lapse_column column;
    const char *text;
    size_t length;
} lapse_cell;

/*
 * Builds a subscription and a request from input cells: both are first
 * filled with their defaults, then every input cell that is not empty is
 * parsed into its field (the currency first, since amounts depend on it).
 * Cells of other columns are ignored.  On failure the error names the
 * column and quotes the value, e.g. "term 'x': not a whole number"; the
 * structs are then partly filled and must not be used.  The structs have
 * no room for items: a cell of `items` or `reduce` that is not empty is
 * LAPSE_ERR_OUT_OF_RANGE naming it (read such cells with
 * lapse_inputs_read()).
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_inputs_parse(const lapse_cell *cells, size_t count,
                                                              lapse_subscription *subscription,
                                                              lapse_request *request,
                                                              lapse_error_detail *detail);

/*
 * A subscription and a request with room for their items and reduction:
 * after lapse_inputs_read(), subscription.items points at items and
 * request.reduce at reduce when they are given (NULL otherwise), so the
 * struct must not be copied while they are in use (a copy still points at
 * the original's arrays).
 */
typedef struct lapse_inputs {
    lapse_subscription subscription;
    lapse_request request;
    lapse_item items[LAPSE_ITEMS_MAX];
    lapse_reduction reduce[LAPSE_ITEMS_MAX];
    uint32_t reserved[4]; /* written as zero */
} lapse_inputs;

/*
 * lapse_inputs_parse() into *inputs, the `items` cell read by
 * lapse_items_parse() in the row's currency and the `reduce` cell by
 * lapse_reductions_parse() (errors named "items" and "reduce", saying
 * which item and what is wrong with it; more than LAPSE_ITEMS_MAX items
 * is LAPSE_ERR_OUT_OF_RANGE naming "items").
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_inputs_read(const lapse_cell *cells, size_t count,
                                                             lapse_inputs *inputs,
                                                             lapse_error_detail *detail);
LAPSE_EXPORT size_t lapse_sizeof_inputs(void);

/* ------------------------------------------------------------------------
 * Tables: lines of CSV (the batch format) or of a vectors file
 *
 * A table is a header line naming columns, then one record per case.  With
 * separator ',' (CSV) a field may be quoted with '"' and a quote inside it
 * doubled, as in RFC 4180, and a quoted field may hold line ends (as
 * PostgreSQL's COPY ... CSV writes a multi-line cell): a record goes on over
 * the next line while a field that opened with a quote is still open; a
 * quote left open at the end of the input closes nothing, the record is
 * then its first line alone.  With separator '\t' (vectors files) there is
 * no quoting.  The caller reads records (without their last '\n'; a
 * trailing '\r' is dropped here) and skips blank lines and, in vectors
 * files, lines starting with '#'.  A header may start with a UTF-8
 * byte-order mark (skipped); a carriage return inside a header (lines that
 * end in a lone CR) is LAPSE_ERR_CSV_SYNTAX.
 * ------------------------------------------------------------------------ */

/*
 * The most columns a header may have (a header of more is
 * LAPSE_ERR_TOO_MANY_COLUMNS).  It must hold every known column at once
 * (a vectors file may name them all; the library asserts
 * LAPSE_COLUMN_COUNT - 1 <= LAPSE_TABLE_MAX_COLUMNS at build time), and
 * `lapse batch --keep` reads a header of the known columns plus the
 * caller's own columns it copies to the output with these arrays too.
 * 256, not 128: the known columns were 63 in 0.3's first cut and every
 * issue adds some (introductory prices, pauses ...), so 128 would leave a
 * billing export only some 50 columns of its own and be raised again,
 * another ABI break; 256 leaves about 180.  The cost is the room below:
 * lapse_table's columns (1 KiB) and lapse_row's offset and length (2 KiB),
 * only the first `count` of which are ever written or read.
 */
#define LAPSE_TABLE_MAX_COLUMNS 256

/* Filled by lapse_table_header(); the other functions check it (a count
 * outside 0..LAPSE_TABLE_MAX_COLUMNS, an unknown column, a column given
 * twice or non-zero reserved space is LAPSE_ERR_TABLE_INVALID). */
typedef struct lapse_table {
    char separator;
    int32_t count; /* columns in the header */
    lapse_column columns[LAPSE_TABLE_MAX_COLUMNS];
    uint32_t reserved[4];
} lapse_table;

/*
 * Reads a header line.  Errors: LAPSE_ERR_UNKNOWN_COLUMN,
 * LAPSE_ERR_DUPLICATE_COLUMN, LAPSE_ERR_TOO_MANY_COLUMNS, LAPSE_ERR_CSV_SYNTAX,
 * with the 1-based column in detail->column.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_table_header(lapse_table *table, char separator,
                                                              const char *line, size_t length,
                                                              lapse_error_detail *detail);

/* A row: its inputs parsed, and where each field's text lies in the line. */
typedef struct lapse_row {
    lapse_subscription subscription;
    lapse_request request;
    /* The row's `policy` column, when it has one and it is not empty
     * (has_policy); otherwise not written. */
    lapse_policy policy;
    int32_t has_policy;
    int32_t count;
    uint32_t offset[LAPSE_TABLE_MAX_COLUMNS];
    uint32_t length[LAPSE_TABLE_MAX_COLUMNS];
    /* The room of the row's `items` and `reduce` cells: subscription.items
     * and request.reduce point here when the row gives them (so a copy of
     * the row points at the original's). */
    lapse_item items[LAPSE_ITEMS_MAX];
    lapse_reduction reduce[LAPSE_ITEMS_MAX];
    uint32_t reserved[4];
} lapse_row;

/*
 * Splits a row (unquoting CSV fields in place, so `line` is modified) and
 * parses its inputs and its `policy` column (a preset name or settings).
 * The table must be one lapse_table_header() filled:
 * LAPSE_ERR_TABLE_INVALID (field "table") for a count outside
 * 0..LAPSE_TABLE_MAX_COLUMNS, an unknown or repeated column, another
 * separator or non-zero reserved space.  Errors: LAPSE_ERR_COLUMN_COUNT
 * when the row has more or fewer fields than the header,
 * LAPSE_ERR_CSV_SYNTAX for a stray or unclosed quote, and any error of
 * lapse_inputs_parse(); detail->column is the 1-based column.  Lines
 * longer than 4 GiB are refused.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_table_row(const lapse_table *table, char *line,
                                                           size_t length, lapse_row *row,
                                                           lapse_error_detail *detail);

/*
 * Checks a vectors row: decides it with the row's own policy if it has one,
 * else `policy` (NULL = default), takes its status on the request date, and
 * compares every expected column of the row with what lapse computed.
 * `line` and `length` are the line lapse_table_row() split into `row`.  A
 * cell "*" is not checked; an empty cell expects none / an empty list; the
 * `error` column holds the expected error name (empty = success).  Lists
 * compare as sets.  Returns the number of mismatches and describes them in
 * `report` (snprintf rules) as "column: expected X, got Y" joined by "; ".
 * A table or row that lapse did not fill (a count or column out of range,
 * a field past `length`, non-zero reserved space) is one mismatch that says
 * so; nothing is read out of bounds.
 */
LAPSE_EXPORT int32_t lapse_row_check(const lapse_policy *policy, const lapse_table *table,
                                     const char *line, size_t length, const lapse_row *row,
                                     char *report, size_t size);

LAPSE_EXPORT size_t lapse_sizeof_table(void);
LAPSE_EXPORT size_t lapse_sizeof_row(void);

/* Whether a line of CSV (`length` bytes, no '\n' in it) ends inside a
 * quoted field, given whether it starts inside one (`open`, 0 or 1): the
 * rule by which a record goes on over the next line, as lapse_decide_csv()
 * and lapse_table_row() read it (a quote opens a field only at the field's
 * start; "" inside one is a quote).  For callers that find records
 * themselves, such as a reader that splits its input into chunks.
 * Returns 1 or 0. */
LAPSE_EXPORT int lapse_csv_line_open(const char *line, size_t length, int open);

/* ------------------------------------------------------------------------
 * A CSV text in one call
 * ------------------------------------------------------------------------ */

/*
 * Decides every row of a CSV text in memory (the `lapse batch` format: a
 * header line, then one row a record, a quoted field possibly spanning lines
 * as above; '\n' or "\r\n" line ends; a blank line is a row with an
 * error).  Row i (0-based, header excluded) goes to decisions[i], errors[i]
 * and lines[i] (the 1-based number of its first line) while
 * i < capacity; *rows receives the number of rows, so a caller can size the
 * arrays by counting lines first.  `text` is modified (CSV fields are
 * unquoted in place).  A header with a `zone` column is
 * LAPSE_ERR_VALUE_SYNTAX (field "zone"): zones are the caller's to load.
 * A row's `policy` column overrides `policy`.  Returns
 * the header's error (detail names the column) or LAPSE_OK; to get a
 * failed row's message, read that line again with lapse_table_row() and
 * lapse_decide_cancel().
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_decide_csv(
    const lapse_policy *policy, char *text, size_t length, lapse_decision *decisions,
    lapse_error *errors, int32_t *lines, size_t capacity, size_t *rows, lapse_error_detail *detail);

/* ------------------------------------------------------------------------
 * Columns of many rows (a structure of arrays)
 *
 * Data teams hold subscriptions as columns (numpy, pandas, Arrow).  An
 * array is one column of many rows, read or written in place: row i at
 * data + i * stride.  Arrays in, arrays out, one call for every row.
 * ------------------------------------------------------------------------ */

/* How an array stores its values. */
typedef enum lapse_array_type {
    LAPSE_ARRAY_TYPE_NONE = 0,
    LAPSE_ARRAY_TYPE_INT32 = 1,      /* int32_t */
    LAPSE_ARRAY_TYPE_INT64 = 2,      /* int64_t */
    LAPSE_ARRAY_TYPE_UINT8 = 3,      /* uint8_t (numpy's bool) */
    LAPSE_ARRAY_TYPE_CODE = 4,       /* char[4]: a currency code, NUL-padded */
    LAPSE_ARRAY_TYPE_DICTIONARY = 5, /* inputs: text cells as codes (lapse_dictionary) */
    LAPSE_ARRAY_TYPE_TEXT = 6        /* const char *: NUL-terminated text, NULL for none */
} lapse_array_type;

/*
 * One column of many rows.  What each type means, by the column's type
 * (lapse_column_type_of):
 *   date     INT32 day numbers, LAPSE_DATE_NONE for none; or INT64 day
 *            numbers (numpy's datetime64[D]), INT64_MIN (NaT) or
 *            LAPSE_DATE_NONE for none.
 *   amount   INT64 minor units (renewal_price: LAPSE_AMOUNT_NONE for none);
 *            inputs may also be INT32.
 *   integer  INT32, INT64 or UINT8.
 *   boolean  UINT8, INT32 or INT64, each 0 or 1.
 *   name     INT32, INT64 or UINT8 codes (lapse_channel, lapse_route, ...).
 *   list     INT32 or INT64 bit sets (lapse_role, lapse_warning, ...).
 *   currency CODE.
 * Any input column may also be DICTIONARY: its rows are text cells, as a
 * CSV file holds them (see lapse_dictionary below).
 *   text     TEXT: the inputs items and reduce, each row's text form as a
 *            CSV cell holds it ("seats:10:5.00"), NULL or "" for none (a
 *            const char * a row); the output item_results, the row's text
 *            written into its |stride| bytes (NUL-terminated, cut to fit,
 *            "" without items).
 * `stride` is the bytes from one row to the next; an input's stride may be
 * 0, one value for every row (a currency, a billing run's date).  `data` is
 * only read for inputs (it is not const so that one struct serves both).
 */
typedef struct lapse_array {
    lapse_column column;
    lapse_array_type type;
    void *data;
    ptrdiff_t stride;
    uint32_t reserved[2]; /* zero */
} lapse_array;

/* A text of `length` bytes at `data` (no NUL needed; data may be NULL when
 * length is 0). */
typedef struct lapse_text {
    const char *data;
    size_t length;
} lapse_text;

/*
 * A column of text cells as codes into a table of its distinct texts
 * (dictionary encoding: what pd.factorize and pandas' categories give, and
 * Arrow's dictionary arrays hold), so that a caller converts nothing row by
 * row.  An input array of type LAPSE_ARRAY_TYPE_DICTIONARY points (`data`)
 * to one, and row i's code is the INT32 or INT64 (`code_type`) at
 * codes + i * stride, the array's stride.  A code k, 0 <= k < count, is the
 * text values[k], read as the column's CSV cell is, in the same pass as the
 * decision: the same values, the same defaults ("" is the column's
 * default, or its `missing` error), the same messages, an amount in the
 * row's currency.  A negative code is a missing cell, as "".  A code past
 * the table fails its row with LAPSE_ERR_OUT_OF_RANGE.
 *
 * `cache`, when not NULL, is `count` int64 of the caller's that the call
 * first fills with each text's value, so that a row costs a lookup (a call
 * writes it: threads deciding at once each need their own).  Without one,
 * a dictionary of at most 64 texts is read once a call all the same, a
 * larger one row by row; amounts are always read row by row (in the row's
 * currency).  The answers are the same.
 */
typedef struct lapse_dictionary {
    const void *codes;
    lapse_array_type code_type; /* LAPSE_ARRAY_TYPE_INT32 or LAPSE_ARRAY_TYPE_INT64 */
    uint32_t reserved;          /* zero */
    const lapse_text *values;
    size_t count;
    int64_t *cache; /* NULL, or count values the call may write */
} lapse_dictionary;

/*
 * Decides rows first .. first + count - 1 of `inputs` (input columns: those
 * of lapse_column_is_input(); a missing one takes its default, as in CSV)
 * and writes each row's decision to the same row of `outputs` (decision
 * columns, lapse_column_is_decision(), STATUS and LISTED_AS on the
 * request date, and ITEM_RESULTS, lapse_decide_items() as text).  The output column LAPSE_COLUMN_ERROR, INT32 or INT64,
 * receives each row's lapse_error (0 for a decided row).  As an input,
 * LAPSE_COLUMN_ERROR marks rows the caller already refused (a value its
 * own conversion could not read): a row whose value is not 0 is not
 * decided and fails with that code, its outputs blank as below.
 *
 * A bad row is never dropped: its error goes to the error column and
 * *failed (when not NULL) counts it; its outputs are blank (dates none,
 * everything else 0) and `detail` receives the first failed row's error,
 * its line set to the row number + 1.  Every failed row's detail comes
 * from lapse_decide_columns_details() below, in the same pass.  The call itself fails, writing nothing, when
 * a pointer is NULL, the policy is invalid, or an array does not fit:
 * LAPSE_ERR_UNKNOWN_COLUMN (not an input, or not an output), 
 * LAPSE_ERR_DUPLICATE_COLUMN, LAPSE_ERR_ARRAY_TYPE (a type the column
 * cannot take, an output of stride 0, NULL data; a dictionary with a code
 * type other than INT32 or INT64, NULL codes, NULL values while count > 0,
 * or a value of NULL data and a length), LAPSE_ERR_RESERVED.  The currency
 * is read before the other inputs of a row (amounts as text are read in
 * it); then the inputs in their order, the first bad one failing the row.
 * Pure: no allocation, no global state; threads may decide disjoint row
 * ranges of the same arrays at once.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error
lapse_decide_columns(const lapse_policy *policy, const lapse_array *inputs, size_t input_count,
                     const lapse_array *outputs, size_t output_count, size_t first, size_t count,
                     size_t *failed, lapse_error_detail *detail);
/*
 * lapse_decide_columns() with the detail of every failed row, not only the
 * first's: the k-th failed row of the call (k = 0, 1, ...) writes its error
 * (code, field, message; line = row number + 1) to details[k] while
 * k < capacity, so a caller maps details to rows by their line, or by the
 * rows whose error column is not 0, in order.  *failed counts every failed
 * row, those past `capacity` too: their detail is not written (nor their
 * message formatted); ask again from row details[capacity - 1].line to
 * get the rest.  A row the caller refused (an error input) has the detail
 * "row refused before the call: NAME".  `detail` receives the call's own
 * error only (as lapse_decide_columns(); details NULL while capacity > 0
 * is LAPSE_ERR_NULL_ARGUMENT), never a row's.  The caller owns `details`;
 * nothing is allocated, and the call is pure as above.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_decide_columns_details(
    const lapse_policy *policy, const lapse_array *inputs, size_t input_count,
    const lapse_array *outputs, size_t output_count, size_t first, size_t count,
    lapse_error_detail *details, size_t capacity, size_t *failed, lapse_error_detail *detail);
LAPSE_EXPORT size_t lapse_sizeof_array(void);
LAPSE_EXPORT size_t lapse_sizeof_text(void);
LAPSE_EXPORT size_t lapse_sizeof_dictionary(void);

/* ------------------------------------------------------------------------
 * Time zones by name
 * ------------------------------------------------------------------------ */

/*
 * Loads the IANA time zone `name` ("Europe/Rome") from the TZif file
 * `directory`/`name` (a zoneinfo directory such as /usr/share/zoneinfo,
 * the caller's choice; the tool and the bindings default to it) into
 * *zone, as lapse_zone_parse() reads it.  The name is refused before any
 * file is opened, LAPSE_ERR_VALUE_SYNTAX (field "zone"), when it is empty,
 * longer than LAPSE_ZONE_NAME_SIZE - 1 bytes, absolute, holds "..", an
 * empty component or a byte outside [A-Za-z0-9_+-/]: no file outside the
 * directory is ever opened.  A name with no regular file is
 * LAPSE_ERR_UNKNOWN_NAME ("zone Europe/Nowhere: no such zone in
 * /usr/share/zoneinfo"); a truncated or corrupt file the errors of
 * lapse_zone_parse(), naming the zone.  The file is read with open() and
 * read() into a small buffer on the stack: nothing is allocated.  *zone is
 * all zero on failure.
 */
LAPSE_EXPORT LAPSE_WARN_UNUSED lapse_error lapse_zone_load(const char *directory, const char *name,
                                                           lapse_zone *zone,
                                                           lapse_error_detail *detail);

#ifdef __cplusplus
}
#endif

#endif /* LAPSE_TABLES_H */
