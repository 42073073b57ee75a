/* The columns (columns.c): where a column's value lives in the structs and
 * the kind of names it holds. */
#ifndef LAPSE_TABLES_COLUMNS_H
#define LAPSE_TABLES_COLUMNS_H

#include "lapse/tables.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/*
 * The columns: one row each, in the order of enum lapse_column (whose
 * numbers are public ABI and stay hand-written in lapse/tables.h; the
 * table must list them all, in that order: columns.c asserts it).  It
 * drives lapse_column_name(), lapse_column_type_of(), lapse_column_lookup(),
 * lapse_column_is_input(), lapse_column_is_decision() and the kind of
 * names a column holds; the bindings' and the tool's lists of columns are
 * tested against those functions (tests/cli/test_docs.py Columns).
 *
 * X(id, name, type, kind, role):
 *   id    LAPSE_COLUMN_<id>;
 *   name  its CSV column, vectors-file column and JSON key, and for
 *         inputs and outputs the struct member it is;
 *   type  LAPSE_COLUMN_TYPE_<type>: how its value is written;
 *   kind  LAPSE_KIND_<kind>, the kind of its names (NAME and LIST
 *         columns); COUNT for none;
 *   role  SUBSCRIPTION or REQUEST (an input, a field of that struct),
 *         DECISION (an output, a field of lapse_decision), CURRENCY (the
 *         one column that is both, the member of both) or OTHER.
 */
/* clang-format off */
#define LAPSE__COLUMNS(X)                                                                          \
    X(START, start, DATE, COUNT, SUBSCRIPTION)                                                     \
    X(TERM, term, INTEGER, COUNT, SUBSCRIPTION)                                                    \
    X(RENEWAL_TERM, renewal_term, INTEGER, COUNT, SUBSCRIPTION)                                    \
    X(BILLING, billing, INTEGER, COUNT, SUBSCRIPTION)                                              \
    X(PRICE, price, AMOUNT, COUNT, SUBSCRIPTION)                                                   \
    X(CURRENCY, currency, TEXT, COUNT, CURRENCY)                                                   \
    X(CONTRACT, contract, BOOLEAN, COUNT, SUBSCRIPTION)                                            \
    X(AUTO_RENEW, auto_renew, BOOLEAN, COUNT, SUBSCRIPTION)                                        \
    X(ONLINE_CANCEL, online_cancel, BOOLEAN, COUNT, SUBSCRIPTION)                                  \
    X(BALANCE, balance, AMOUNT, COUNT, SUBSCRIPTION)                                               \
    X(LICENSES, licenses, INTEGER, COUNT, SUBSCRIPTION)                                            \
    X(CANCELLED_ON, cancelled_on, DATE, COUNT, SUBSCRIPTION)                                       \
    X(ON, on, DATE, COUNT, REQUEST)                                                                \
    X(CHANNEL, channel, NAME, CHANNEL, REQUEST)                                                    \
    X(ROLES, roles, LIST, ROLE, REQUEST)                                                           \
    X(CAN_SIGN_IN, can_sign_in, BOOLEAN, COUNT, REQUEST)                                           \
    X(PROVIDED, provided, LIST, SUPPORT_INFO, REQUEST)                                             \
    X(ALLOWED, allowed, BOOLEAN, COUNT, DECISION)                                                  \
    X(BLOCKED, blocked, LIST, REASON, DECISION)                                                    \
    X(WARNINGS, warnings, LIST, WARNING, DECISION)                                                 \
    X(MISSING_SUPPORT_INFO, missing_support_info, LIST, SUPPORT_INFO, DECISION)                    \
    X(ROUTE, route, NAME, ROUTE, DECISION)                                                         \
    X(TERM_START, term_start, DATE, COUNT, DECISION)                                               \
    X(TERM_END, term_end, DATE, COUNT, DECISION)                                                   \
    X(NOTICE_DEADLINE, notice_deadline, DATE, COUNT, DECISION)                                     \
    X(RENEWS_FIRST, renews_first, BOOLEAN, COUNT, DECISION)                                        \
    X(EFFECTIVE_END, effective_end, DATE, COUNT, DECISION)                                         \
    X(REMAINING_TERM_CHARGE, remaining_term_charge, AMOUNT, COUNT, DECISION)                       \
    X(STILL_TO_INVOICE, still_to_invoice, AMOUNT, COUNT, DECISION)                                 \
    X(REFUND, refund, AMOUNT, COUNT, DECISION)                                                     \
    X(INVOICES_LEFT, invoices_left, INTEGER, COUNT, DECISION)                                      \
    X(NEXT_INVOICE, next_invoice, DATE, COUNT, DECISION)                                           \
    X(DATA_DELETED_ON, data_deleted_on, DATE, COUNT, DECISION)                                     \
    X(CONFIRMATION, confirmation, NAME, CONFIRMATION, DECISION)                                    \
    X(STATUS, status, NAME, STATUS, OTHER)                                                         \
    X(LISTED_AS, listed_as, NAME, LISTING, OTHER)                                                  \
    X(LINE, line, INTEGER, COUNT, OTHER)                                                           \
    X(ERROR, error, TEXT, COUNT, OTHER)                                                            \
    X(NOTE, note, TEXT, COUNT, OTHER)                                                              \
    X(POLICY, policy, TEXT, COUNT, OTHER)                                                          \
    X(TERMINATION_FEE, termination_fee, AMOUNT, COUNT, DECISION)                                   \
    X(RENEWAL_PRICE, renewal_price, AMOUNT, COUNT, SUBSCRIPTION)                                   \
    X(END_ON, end_on, DATE, COUNT, REQUEST)                                                        \
    X(BILLING_DAY, billing_day, INTEGER, COUNT, SUBSCRIPTION)                                      \
    X(ITEMS, items, TEXT, COUNT, SUBSCRIPTION)                                                     \
    X(REDUCE, reduce, TEXT, COUNT, REQUEST)                                                        \
    X(CHANGE_EFFECTIVE_ON, change_effective_on, DATE, COUNT, DECISION)                             \
    X(RECURRING_AFTER, recurring_after, AMOUNT, COUNT, DECISION)                                   \
    X(SAVING, saving, AMOUNT, COUNT, DECISION)                                                     \
    X(ITEM_RESULTS, item_results, TEXT, COUNT, OTHER)                                              \
    X(REQUESTED_AT, requested_at, TEXT, COUNT, OTHER)                                              \
    X(ZONE, zone, TEXT, COUNT, OTHER)                                                              \
    X(NOTICE_DEADLINE_AT, notice_deadline_at, TEXT, COUNT, OTHER)                                  \
    X(ACCESS_ENDS_AT, access_ends_at, TEXT, COUNT, OTHER)                                          \
    X(BILLING_MONTH, billing_month, INTEGER, COUNT, SUBSCRIPTION)                                  \
    X(TRIAL_END, trial_end, DATE, COUNT, SUBSCRIPTION) \
    X(APPLIED_TO_BALANCE, applied_to_balance, AMOUNT, COUNT, DECISION)                             \
    X(CASH_REFUND, cash_refund, AMOUNT, COUNT, DECISION)                                           \
    X(ACCOUNT_CREDIT, account_credit, AMOUNT, COUNT, DECISION)                                     \
    X(BALANCE_AFTER, balance_after, AMOUNT, COUNT, DECISION)                                       \
    X(CONCLUDED_ON, concluded_on, DATE, COUNT, SUBSCRIPTION)                                       \
    X(WITHDRAWAL_INFORMED, withdrawal_informed, BOOLEAN, COUNT, SUBSCRIPTION)                      \
    X(EXPRESS_REQUEST, express_request, BOOLEAN, COUNT, SUBSCRIPTION)                              \
    X(INTRO_MONTHS, intro_months, INTEGER, COUNT, SUBSCRIPTION)                                    \
    X(INTRO_PRICE, intro_price, AMOUNT, COUNT, SUBSCRIPTION)                                       \
    X(PAUSED_FROM, paused_from, DATE, COUNT, SUBSCRIPTION)                                         \
    X(RESUMES_ON, resumes_on, DATE, COUNT, SUBSCRIPTION)
/* clang-format on */

/* Where an input column's value lives in the subscription or the request:
 * one pointer set by the column's type (booleans and whole numbers both in
 * int32), none for the channel (an enum), the currency, items and reduce
 * (text) and columns that are not inputs.  CSV cells and arrays write
 * through it. */
typedef struct lapse__input_field {
    lapse_date *date;
    int32_t *int32;
    int64_t *amount;
    uint32_t *bits;
} lapse__input_field;
lapse__input_field lapse__input_field_of(lapse_column column, lapse_subscription *s,
                                         lapse_request *r);

/* One CSV cell of an input column (`length` > 0) into its field of the
 * subscription or the request (an amount read in s->currency); a bad value
 * fails naming the column and quoting the value.  Other columns: ignored. */
lapse_error lapse__parse_input(lapse_column column, const char *text, size_t length,
                               lapse_subscription *s, lapse_request *r, lapse_error_detail *detail);

/* Where a decision column's value lives in lapse_decision: its offset, its
 * width in bytes (4 or 8) and whether it is unsigned (the bit sets); width
 * 0 for the currency and columns that are no decision field. */
typedef struct lapse__decision_field {
    uint16_t offset;
    uint8_t width;
    bool is_unsigned;
} lapse__decision_field;
lapse__decision_field lapse__decision_field_of(lapse_column column);

/* The value of a field of `width` bytes at `base` + offset, widened. */
static inline int64_t lapse__field_value(const void *base, lapse__decision_field field)
{
    const char *p = (const char *)base + field.offset;
    if (field.width == 8) {
        int64_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    if (field.width == 4 && field.is_unsigned) {
        uint32_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    if (field.width == 4) {
        int32_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    return 0;
}

/* A decision column's value as an integer (a date's day number, a name's
 * code, a list's bits); 0 for the currency and other columns. */
int64_t lapse__decision_value(const lapse_decision *d, lapse_column column);

/* lapse_inputs_parse() with room for the items and the reduction
 * (LAPSE_ITEMS_MAX each): lapse_inputs_read() and a table's rows. */
lapse_error lapse__inputs_with_items(const lapse_cell *cells, size_t count,
                                     lapse_subscription *subscription, lapse_request *request,
                                     lapse_item *items, lapse_reduction *reduce,
                                     lapse_error_detail *detail);

/* The kind of names in a name or list column; LAPSE_KIND_COUNT if none. */
lapse_kind lapse__column_kind(lapse_column column);

/* A set of columns, one bit each, as wide as the table of columns: every
 * column id below LAPSE_COLUMN_COUNT has its bit, however many columns the
 * table grows to (a single 64-bit word held columns 1..63 only). */
enum { LAPSE__COLUMN_WORDS = (LAPSE_COLUMN_COUNT + 63) / 64 };
typedef struct lapse__column_set {
    uint64_t word[LAPSE__COLUMN_WORDS];
} lapse__column_set;

/* `column` is below LAPSE_COLUMN_COUNT (the caller checked it). */
static inline bool lapse__column_set_has(const lapse__column_set *set, unsigned column)
{
    return set->word[column / 64] >> (column % 64) & 1;
}

static inline void lapse__column_set_add(lapse__column_set *set, unsigned column)
{
    set->word[column / 64] |= (uint64_t)1 << (column % 64);
}

#endif
