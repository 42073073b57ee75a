/*
 * The figures of an explanation, read back: over generated decisions, every
 * line of lapse_explain() in every language is recognised by its wording
 * (the templates of src/core/words.c), its dates, amounts and counts are
 * parsed back from the text the way a reader would (day-first dates,
 * decimal comma and thousands marks in Italian) and compared with the
 * decision exactly; every fact the decision has has its line, and no line
 * states a figure the decision does not have.  The invoices after access,
 * which the decision does not carry, are checked against lapse_timeline().
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "../../src/core/words.h"

/* ------------------------------------------------------------------------
 * Reading figures back
 * ------------------------------------------------------------------------ */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* A date of the language at `text`: ISO, or day first with its separator.
 * Returns the characters read, 0 if it is not one. */
static size_t read_date(const lapse__words *w, const char *text, lapse_date *date)
{
    char iso[11];
    for (int i = 0; i < 10; i++)
        if (text[i] == '\0')
            return 0;
    if (w->day_first) {
        /* DD/MM/YYYY */
        for (int i = 0; i < 10; i++)
            if ((i == 2 || i == 5) ? text[i] != w->date_separator : !is_digit(text[i]))
                return 0;
        char rearranged[] = { text[6], text[7], text[8], text[9], '-', text[3],
                              text[4], '-',     text[0], text[1], '\0' };
        memcpy(iso, rearranged, sizeof iso);
    } else {
        /* YYYY-MM-DD */
        for (int i = 0; i < 10; i++)
            if ((i == 4 || i == 7) ? text[i] != '-' : !is_digit(text[i]))
                return 0;
        memcpy(iso, text, 10);
        iso[10] = '\0';
    }
    if (is_digit(text[10]) || lapse_date_parse(iso, date) != LAPSE_OK)
        return 0;
    return 10;
}

/* A count: decimal digits, no sign, no marks, no leading zero. */
static size_t read_count(const char *text, int64_t *value)
{
    size_t n = 0;
    *value = 0;
    while (is_digit(text[n]) && n < 18)
        *value = *value * 10 + (text[n++] - '0');
    if (n == 0 || is_digit(text[n]) || (text[0] == '0' && n > 1))
        return 0;
    return n;
}

/* An amount of the language in `currency` at `text`: an optional minus, the
 * whole part grouped in threes by the group mark (ungrouped when the
 * language has none), the decimal mark and exactly the currency's
 * decimals, a blank and the currency code.  Returns the characters read, 0
 * if it is not one. */
static size_t read_amount(const lapse__words *w, const char *currency, const char *text,
                          int64_t *value)
{
    int32_t decimals;
    assert_int_equal(lapse_currency_digits(currency, &decimals), LAPSE_OK);
    const char *p = text;
    bool negative = *p == '-';
    p += negative;
    /* The first group: any number of digits without a group mark, else
     * one to three; then the group mark before every three. */
    int64_t whole = 0;
    size_t digits = 0;
    while (is_digit(p[digits]) && digits < 18)
        whole = whole * 10 + (p[digits++] - '0');
    size_t group = strlen(w->group_mark);
    if (digits == 0 || is_digit(p[digits]) || (p[0] == '0' && digits > 1) || (group && digits > 3))
        return 0;
    p += digits;
    while (group && starts_with(p, w->group_mark) && is_digit(p[group]) && is_digit(p[group + 1]) &&
           is_digit(p[group + 2]) && !is_digit(p[group + 3]) && digits < 15) {
        for (size_t i = 0; i < 3; i++)
            whole = whole * 10 + (p[group + i] - '0');
        p += group + 3;
        digits += 3;
    }
    int64_t minor = whole;
    if (decimals > 0) {
        if (!starts_with(p, w->decimal_mark))
            return 0;
        p += strlen(w->decimal_mark);
        for (int32_t i = 0; i < decimals; i++, p++) {
            if (!is_digit(*p))
                return 0;
            minor = minor * 10 + (*p - '0');
        }
        if (is_digit(*p))
            return 0;
    } else if (starts_with(p, w->decimal_mark) && is_digit(p[strlen(w->decimal_mark)])) {
        return 0;
    }
    if (p[0] != ' ' || strncmp(p + 1, currency, 3) != 0 || (p[4] >= 'A' && p[4] <= 'Z'))
        return 0;
    p += 4;
    *value = negative ? -minor : minor;
    return (size_t)(p - text);
}

/* ------------------------------------------------------------------------
 * Templates of lines, matched against the text
 * ------------------------------------------------------------------------ */

/* What a placeholder %N of a line stands for: 'd' a date, 'a' an amount,
 * 'n' a count (each read back), '=' a given text (not a figure: the
 * channel, the roles...), '*' any text of the line (read separately). */
typedef struct line_kind {
    int fact;
    int form; /* singular 0, plural 1; -1 without */
    char pattern[600];
    char slots[10];
    const char *const *exact[9];
} line_kind;

typedef struct reading {
    int64_t value[9];
    const char *text[9];
    size_t length[9];
} reading;

typedef struct matcher {
    const lapse__words *w;
    const char *currency;
} matcher;

/* Whether `pattern` matches `text` from its start; the characters matched
 * in *used.  Free text never crosses a line end; figures are read by the
 * rules of the language; the rest must be the same characters. */
static bool match(const matcher *m, const line_kind *k, const char *pattern, const char *text,
                  const char *begin, reading *out, size_t *used)
{
    for (;;) {
        if (*pattern == '\0') {
            *used = (size_t)(text - begin);
            return true;
        }
        if (pattern[0] == '%' && pattern[1] == '%') {
            if (*text != '%')
                return false;
            pattern += 2;
            text++;
            continue;
        }
        if (pattern[0] == '%' && pattern[1] >= '1' && pattern[1] <= '9') {
            int index = pattern[1] - '1';
            char slot = k->slots[index];
            size_t n = 0;
            out->text[index] = text;
            switch (slot) {
            case 'd': {
                lapse_date date;
                n = read_date(m->w, text, &date);
                out->value[index] = date;
                break;
            }
            case 'a': n = read_amount(m->w, m->currency, text, &out->value[index]); break;
            case 'n': n = read_count(text, &out->value[index]); break;
            case '=': {
                /* Given text, which may be empty. */
                const char *exact = *k->exact[index];
                size_t length = strlen(exact);
                if (strncmp(text, exact, length) != 0)
                    return false;
                out->length[index] = length;
                pattern += 2;
                text += length;
                continue;
            }
            case '*':
                /* Every length, shortest first, up to the line's end. */
                for (size_t length = 0;; length++) {
                    out->length[index] = length;
                    if (match(m, k, pattern + 2, text + length, begin, out, used))
                        return true;
                    if (text[length] == '\0' || text[length] == '\n')
                        return false;
                }
            default: fail_msg("slot '%c' of %s", slot, pattern);
            }
            if (n == 0)
                return false;
            out->length[index] = n;
            pattern += 2;
            text += n;
            continue;
        }
        if (*pattern != *text)
            return false;
        pattern++;
        text++;
    }
}

/* Appends text to a template, its '%' written "%%". */
static void add_literal(char *pattern, size_t size, const char *text)
{
    size_t n = strlen(pattern);
    for (; *text; text++) {
        if (*text == '%')
            pattern[n++] = '%';
        pattern[n++] = *text;
        assert_true(n < size);
    }
    pattern[n] = '\0';
}

static void add_template(char *pattern, size_t size, const char *text)
{
    size_t n = strlen(pattern);
    assert_true(n + strlen(text) < size);
    strcpy(pattern + n, text);
}

/* A label padded to the label width (UTF-8 characters counted). */
static void add_label(char *pattern, size_t size, const lapse__words *w, const char *label)
{
    add_literal(pattern, size, label);
    int characters = 0;
    for (const char *p = label; *p; p++)
        characters += ((unsigned char)*p & 0xC0) != 0x80;
    for (; characters < w->label_width; characters++)
        add_literal(pattern, size, " ");
}

/* ------------------------------------------------------------------------
 * The facts of a decision and their lines
 * ------------------------------------------------------------------------ */

enum fact {
    F_CANCELLING,
    F_REQUESTED,
    F_ALLOWED,
    F_REFUSED,
    F_REASON, /* + bit, 6 of them */
    F_INSTEAD_SUPPORT = F_REASON + 6,
    F_INSTEAD_ADMIN,
    F_ADMIN_CANCELS,
    F_CALL_SUPPORT_BY,
    F_CALL_SUPPORT_NOW,
    F_TERM_MONTHS,
    F_TERM_LEADING,
    F_NOTICE,
    F_LAST_DAY,
    F_LAST_DAY_AFTER_RENEWAL,
    F_CHARGED,
    F_INVOICED,
    F_NOTHING_INVOICED,
    F_NOTHING_INVOICED_IN_ARREARS,
    F_AFTER_ACCESS,
    F_REFUND,
    F_SETTLEMENT,
    F_FEE,
    F_DATA,
    F_CONFIRMATION_EMAIL,
    F_CONFIRMATION_LIST,
    F_BEFORE_YOU_GO,
    F_ALREADY_ENDING,
    F_NOTICE_CAME_LATE,
    F_SETTLE_BALANCE,
    F_UNASSIGN,
    F_CHECKLIST,
    F_COOLING_OFF,
    F_COOLING_OFF_PROPORTIONATE,
    F_ENDS_BEFORE_TERM_END,
    F_COMMITMENT_WAIVED,
    F_TERMINATION_FEE,
    F_REFUND_DUE,
    F_BACK_UP_DATA,
    FACTS
};

/* The facts by name, for messages. */
static const char *const fact_names[FACTS] = {
    [F_CANCELLING] = "cancelling",
    [F_REQUESTED] = "requested",
    [F_ALLOWED] = "allowed",
    [F_REFUSED] = "refused",
    [F_REASON + 0] = "reason 0",
    [F_REASON + 1] = "reason 1",
    [F_REASON + 2] = "reason 2",
    [F_REASON + 3] = "reason 3",
    [F_REASON + 4] = "reason 4",
    [F_REASON + 5] = "reason 5",
    [F_INSTEAD_SUPPORT] = "instead_support",
    [F_INSTEAD_ADMIN] = "instead_admin",
    [F_ADMIN_CANCELS] = "admin_cancels",
    [F_CALL_SUPPORT_BY] = "call_support_by",
    [F_CALL_SUPPORT_NOW] = "call_support_now",
    [F_TERM_MONTHS] = "term_months",
    [F_TERM_LEADING] = "term_leading",
    [F_NOTICE] = "notice",
    [F_LAST_DAY] = "last_day",
    [F_LAST_DAY_AFTER_RENEWAL] = "last_day_after_renewal",
    [F_CHARGED] = "charged",
    [F_INVOICED] = "invoiced",
    [F_NOTHING_INVOICED] = "nothing_invoiced",
    [F_NOTHING_INVOICED_IN_ARREARS] = "nothing_invoiced_in_arrears",
    [F_AFTER_ACCESS] = "after_access",
    [F_REFUND] = "refund",
    [F_SETTLEMENT] = "settlement",
    [F_FEE] = "fee",
    [F_DATA] = "data",
    [F_CONFIRMATION_EMAIL] = "confirmation_email",
    [F_CONFIRMATION_LIST] = "confirmation_list",
    [F_BEFORE_YOU_GO] = "before_you_go",
    [F_ALREADY_ENDING] = "already_ending",
    [F_NOTICE_CAME_LATE] = "notice_came_late",
    [F_SETTLE_BALANCE] = "settle_balance",
    [F_UNASSIGN] = "unassign",
    [F_CHECKLIST] = "checklist",
    [F_COOLING_OFF] = "cooling_off",
    [F_COOLING_OFF_PROPORTIONATE] = "cooling_off_proportionate",
    [F_ENDS_BEFORE_TERM_END] = "ends_before_term_end",
    [F_COMMITMENT_WAIVED] = "commitment_waived",
    [F_TERMINATION_FEE] = "termination_fee",
    [F_REFUND_DUE] = "refund_due",
    [F_BACK_UP_DATA] = "back_up_data",
};

/* The texts of a decision that are not figures, for '=' slots. */
typedef struct given {
    const char *kind;   /* contract or self-serve */
    const char *via;    /* the request's channel */
    const char *how;    /* how an allowed cancellation goes through */
    const char *notice; /* the words after the notice deadline */
    char who[256];
    const char *who_text;
    char checklist[512];
    const char *checklist_text;
} given;

typedef struct language {
    const lapse__words *w;
    line_kind kinds[64];
    int count;
} language;

static line_kind *add_kind(language *l, int fact, int form, const char *slots)
{
    assert_true(l->count < (int)(sizeof l->kinds / sizeof l->kinds[0]));
    line_kind *k = &l->kinds[l->count++];
    memset(k, 0, sizeof *k);
    k->fact = fact;
    k->form = form;
    strcpy(k->slots, slots);
    return k;
}

/* A line that is a template of words.c, after a prefix and before "\n". */
static line_kind *add_line(language *l, int fact, int form, const char *slots, const char *prefix,
                           const char *pattern, const char *suffix)
{
    line_kind *k = add_kind(l, fact, form, slots);
    add_literal(k->pattern, sizeof k->pattern, prefix);
    add_template(k->pattern, sizeof k->pattern, pattern);
    add_literal(k->pattern, sizeof k->pattern, suffix);
    return k;
}

/* A figure: a label, then a template. */
static line_kind *add_figure(language *l, int fact, int form, const char *slots, const char *label,
                             const char *pattern)
{
    line_kind *k = add_kind(l, fact, form, slots);
    add_label(k->pattern, sizeof k->pattern, l->w, label);
    add_template(k->pattern, sizeof k->pattern, pattern);
    add_literal(k->pattern, sizeof k->pattern, "\n");
    return k;
}

/* A figure whose text follows the label as it is, after `pattern`. */
static void add_figure_words(language *l, int fact, const char *slots, const char *label,
                             const char *pattern, const char *words)
{
    line_kind *k = add_kind(l, fact, -1, slots);
    add_label(k->pattern, sizeof k->pattern, l->w, label);
    add_template(k->pattern, sizeof k->pattern, pattern);
    add_literal(k->pattern, sizeof k->pattern, words);
    add_literal(k->pattern, sizeof k->pattern, "\n");
}

static void build_language(language *l, const lapse__words *w, given *g)
{
    memset(l, 0, sizeof *l);
    l->w = w;
    line_kind *k;
    k = add_line(l, F_CANCELLING, -1, "=d*a*", "", w->cancelling, "");
    k->exact[0] = &g->kind;
    k = add_line(l, F_REQUESTED, -1, "d==", "", w->requested, "");
    k->exact[1] = &g->via;
    k->exact[2] = &g->who_text;
    k = add_line(l, F_ALLOWED, -1, "=", "", w->allowed, "");
    k->exact[0] = &g->how;
    k = add_line(l, F_REFUSED, -1, "=", "", w->refused, "");
    k->exact[0] = &g->via;
    for (int bit = 0; bit < 6; bit++) {
        k = add_kind(l, F_REASON + bit, -1, "");
        add_literal(k->pattern, sizeof k->pattern, "  - ");
        add_literal(k->pattern, sizeof k->pattern, w->reason[bit]);
        add_literal(k->pattern, sizeof k->pattern, "\n");
    }
    add_line(l, F_INSTEAD_SUPPORT, -1, "", "", "", w->instead_support);
    add_line(l, F_INSTEAD_ADMIN, -1, "", "", "", w->instead_admin);
    add_line(l, F_ADMIN_CANCELS, -1, "dd", "", w->admin_cancels, "");
    add_line(l, F_CALL_SUPPORT_BY, -1, "dd", "", w->call_support_by, "");
    add_line(l, F_CALL_SUPPORT_NOW, -1, "dd", "", w->call_support_now, "");

    for (int form = 0; form < 2; form++) {
        add_figure(l, F_TERM_MONTHS, form, "ddn", w->label_term, w->term_span[form]);
        add_figure(l, F_TERM_LEADING, form, "ddn", w->label_term, w->leading_span[form]);
    }
    k = add_figure(l, F_NOTICE, -1, "d=", w->label_notice, "%1 (%2)");
    k->exact[1] = &g->notice;
    add_figure(l, F_LAST_DAY, -1, "d", w->label_last_day, "%1");
    add_figure_words(l, F_LAST_DAY_AFTER_RENEWAL, "d", w->label_last_day, "%1", w->after_renewal);
    add_figure(l, F_CHARGED, -1, "a", w->label_charged, w->charged);
    for (int form = 0; form < 2; form++) {
        add_figure(l, F_INVOICED, form, "and", w->label_invoiced, w->invoiced[form]);
        add_figure(l, F_AFTER_ACCESS, form, "an", w->label_after_access, w->after_access[form]);
    }
    add_figure_words(l, F_NOTHING_INVOICED, "", w->label_invoiced, "", w->nothing_invoiced);
    add_figure_words(l, F_NOTHING_INVOICED_IN_ARREARS, "", w->label_invoiced, "",
                     w->nothing_invoiced_in_arrears);
    add_figure(l, F_REFUND, -1, "a", w->label_refund, "%1");
    add_figure(l, F_SETTLEMENT, -1, "aaaa", w->label_settlement, w->settlement);
    add_figure(l, F_FEE, -1, "a", w->label_fee, w->fee);
    add_figure(l, F_DATA, -1, "dd", w->label_data, w->data);
    add_figure_words(l, F_CONFIRMATION_EMAIL, "", w->label_confirmation, "", w->confirmation_email);
    add_figure_words(l, F_CONFIRMATION_LIST, "", w->label_confirmation, "", w->confirmation_list);

    add_line(l, F_BEFORE_YOU_GO, -1, "", "", "", w->before_you_go);
    add_line(l, F_ALREADY_ENDING, -1, "d", "  - ", w->already_ending, "\n");
    add_line(l, F_NOTICE_CAME_LATE, -1, "d", "  - ", w->notice_came_late, "\n");
    add_line(l, F_SETTLE_BALANCE, -1, "a", "  - ", w->settle_balance, "\n");
    for (int form = 0; form < 2; form++)
        add_line(l, F_UNASSIGN, form, "n", "  - ", w->unassign_licences[form], "\n");
    k = add_line(l, F_CHECKLIST, -1, "=", "  - ", w->have_ready, "\n");
    k->exact[0] = &g->checklist_text;
    add_line(l, F_COOLING_OFF, -1, "", "  - ", w->cooling_off, "\n");
    add_line(l, F_COOLING_OFF_PROPORTIONATE, -1, "a", "  - ", w->cooling_off_proportionate, "\n");
    add_line(l, F_ENDS_BEFORE_TERM_END, -1, "dd", "  - ", w->ends_before_term_end, "\n");
    add_line(l, F_COMMITMENT_WAIVED, -1, "", "  - ", w->commitment_waived, "\n");
    add_line(l, F_TERMINATION_FEE, -1, "a", "  - ", w->termination_fee, "\n");
    add_line(l, F_REFUND_DUE, -1, "a", "  - ", w->refund_due, "\n");
    add_line(l, F_BACK_UP_DATA, -1, "d", "  - ", w->back_up_data, "\n");
}

/* The given texts of a decision in a language (the words it picks). */
static void fill_given(given *g, const lapse__words *w, const lapse_subscription *s,
                       const lapse_request *r, const lapse_decision *d)
{
    bool support = r->channel == LAPSE_CHANNEL_SUPPORT;
    g->kind = s->contract ? w->contract : w->self_serve;
    g->via = w->via[support];
    g->how = w->allowed_how[support];
    g->notice = (d->warnings & LAPSE_WARNING_NOTICE_MISSED) ? w->notice_missed
                : d->allowed                                ? w->notice_in_time
                                                            : w->notice_cancel_by;
    if (!r->roles) {
        snprintf(g->who, sizeof g->who, "%s", w->by_nobody);
    } else {
        char roles[200] = "";
        for (int bit = 0; bit < 3; bit++) {
            if (r->roles & (1u << bit)) {
                if (roles[0])
                    strcat(roles, w->role_join);
                strcat(roles, w->role[bit]);
            }
        }
        /* by_roles is "by a %1" */
        const char *at = strstr(w->by_roles, "%1");
        assert_non_null(at);
        snprintf(g->who, sizeof g->who, "%.*s%s%s", (int)(at - w->by_roles), w->by_roles, roles,
                 at + 2);
    }
    g->who_text = g->who;
    uint32_t checklist = (d->warnings & LAPSE_WARNING_SUPPORT_INFO_MISSING)
                             ? d->missing_support_info
                         : !d->allowed && d->route == LAPSE_ROUTE_SUPPORT && !support ? 31u
                                                                                      : 0u;
    g->checklist[0] = '\0';
    for (int bit = 0; bit < 5; bit++) {
        if (checklist & (1u << bit)) {
            if (g->checklist[0])
                strcat(g->checklist, w->list_join);
            strcat(g->checklist, w->support_info[bit]);
        }
    }
    g->checklist_text = g->checklist;
}

/* What a test knows of a case besides the decision: its inputs, and the
 * invoices after access as the timeline lists them. */
typedef struct case_ {
    const lapse_policy *p;
    const lapse_subscription *s;
    const lapse_request *r;
    const lapse_decision *d;
    const lapse__words *w;
    const char *text;
    /* From the timeline: invoices dated after the request (still to be
     * invoiced) and of them those on or after the effective end. */
    bool timeline_known;
    int64_t after_count, after_amount;
    bool leading; /* the term line says a leading partial period */
} case_;

static void fail_case(const case_ *c, const char *what, const char *line, size_t length)
{
    fprintf(stderr,
            "start %d term %d renewal_term %d billing %d price %lld renewal_price %lld "
            "currency %s billing_day %d invoicing %d; on %d end_on %d channel %d; term "
            "[%d, %d) end %d notice %d refund %lld fee %lld charge %lld still %lld in %d "
            "from %d, data %d, warnings %#x blocked %#x; timeline %d: %lld after access "
            "in %lld\n--- %s text ---\n%s---\n",
            c->s->start, c->s->term, c->s->renewal_term, c->s->billing, (long long)c->s->price,
            (long long)c->s->renewal_price, c->s->currency, c->s->billing_day, c->p->invoicing,
            c->r->on, c->r->end_on, c->r->channel, c->d->term_start, c->d->term_end,
            c->d->effective_end, c->d->notice_deadline, (long long)c->d->refund,
            (long long)c->d->termination_fee, (long long)c->d->remaining_term_charge,
            (long long)c->d->still_to_invoice, c->d->invoices_left, c->d->next_invoice,
            c->d->data_deleted_on, c->d->warnings, c->d->blocked, c->timeline_known,
            (long long)c->after_amount, (long long)c->after_count, c->w->code, c->text);
    fail_msg("%s\n  line: \"%.*s\"", what, (int)length, line);
}

#define EXPECT(c, condition, line, length)                                               \
    do {                                                                                 \
        if (!(condition))                                                                \
            fail_case(c, "figure differs from the decision: " #condition, line, length); \
    } while (0)

/* The term phrase and the billing phrase of the first line. */
static void check_request_phrases(case_ *c, const reading *v, const char *line, size_t length)
{
    const lapse__words *w = c->w;
    const lapse_subscription *s = c->s;
    const lapse_decision *d = c->d;
    matcher m = { w, d->currency };
    reading sub = { 0 };
    size_t used;
    char phrase[256];
    /* %3: the current term. */
    snprintf(phrase, sizeof phrase, "%.*s", (int)v->length[2], v->text[2]);
    line_kind term = { .form = -1, .slots = "d" };
    snprintf(term.pattern, sizeof term.pattern, "%s", w->leading_term);
    if (match(&m, &term, term.pattern, phrase, phrase, &sub, &used) && used == strlen(phrase)) {
        EXPECT(c, c->leading, line, length);
        EXPECT(c, sub.value[0] == d->term_end, line, length);
    } else {
        bool renewal = d->term_start != s->start;
        const char *const *forms = renewal ? w->renewal_term : w->initial_term;
        bool found = false;
        for (int form = 0; form < 2 && !found; form++) {
            line_kind months = { .form = form, .slots = "n" };
            snprintf(months.pattern, sizeof months.pattern, "%s", forms[form]);
            if (match(&m, &months, months.pattern, phrase, phrase, &sub, &used) &&
                used == strlen(phrase)) {
                found = true;
                EXPECT(c, !c->leading, line, length);
                EXPECT(c, sub.value[0] == lapse_months_since(d->term_start, d->term_end), line,
                       length);
                EXPECT(c, strcmp(forms[0], forms[1]) == 0 || form == (sub.value[0] != 1), line,
                       length);
            }
        }
        if (!found)
            fail_case(c, "the current term is none of its phrases", line, length);
    }
    /* %4: the price of an invoice of the current term. */
    int64_t renewal_price = s->renewal_price == LAPSE_AMOUNT_NONE ? s->price : s->renewal_price;
    EXPECT(c, v->value[3] == (d->term_start != s->start ? renewal_price : s->price), line, length);
    /* %5: how it is invoiced. */
    snprintf(phrase, sizeof phrase, "%.*s", (int)v->length[4], v->text[4]);
    line_kind billing = { .form = -1, .slots = "n" };
    snprintf(billing.pattern, sizeof billing.pattern, "%s",
             s->billing == 0   ? w->up_front
             : s->billing == 1 ? w->monthly
                               : w->every_months);
    if (c->p->invoicing == LAPSE_INVOICING_IN_ARREARS)
        add_literal(billing.pattern, sizeof billing.pattern, w->in_arrears);
    sub.value[0] = -1;
    if (!match(&m, &billing, billing.pattern, phrase, phrase, &sub, &used) ||
        used != strlen(phrase))
        fail_case(c, "the billing is not the subscription's", line, length);
    if (s->billing > 1)
        EXPECT(c, sub.value[0] == s->billing, line, length);
}

/* One line's figures against the decision. */
static void check_line(case_ *c, const line_kind *k, const reading *v, const char *line,
                       size_t length)
{
    const lapse_decision *d = c->d;
    const lapse_subscription *s = c->s;
    const lapse_request *r = c->r;
    switch (k->fact) {
    case F_CANCELLING:
        EXPECT(c, v->value[1] == s->start, line, length);
        check_request_phrases(c, v, line, length);
        break;
    case F_REQUESTED: EXPECT(c, v->value[0] == r->on, line, length); break;
    case F_ADMIN_CANCELS:
    case F_CALL_SUPPORT_NOW:
        EXPECT(c, v->value[0] == r->on, line, length);
        EXPECT(c, v->value[1] == d->effective_end - 1, line, length);
        break;
    case F_CALL_SUPPORT_BY:
        EXPECT(c, v->value[0] == d->notice_deadline, line, length);
        EXPECT(c, v->value[1] == d->effective_end - 1, line, length);
        break;
    case F_TERM_MONTHS:
        EXPECT(c, v->value[0] == d->term_start, line, length);
        EXPECT(c, v->value[1] == d->term_end - 1, line, length);
        EXPECT(c, v->value[2] == lapse_months_since(d->term_start, d->term_end), line, length);
        break;
    case F_TERM_LEADING:
        /* A leading partial period runs from the start of a subscription
         * billed on a day of the month. */
        EXPECT(c, (s->billing_day > 0 || s->billing_month > 0) && d->term_start == s->start, line,
               length);
        EXPECT(c, v->value[0] == d->term_start, line, length);
        EXPECT(c, v->value[1] == d->term_end - 1, line, length);
        EXPECT(c, v->value[2] == (int64_t)d->term_end - d->term_start, line, length);
        break;
    case F_NOTICE: EXPECT(c, v->value[0] == d->notice_deadline, line, length); break;
    case F_LAST_DAY:
    case F_LAST_DAY_AFTER_RENEWAL:
        EXPECT(c, v->value[0] == d->effective_end - 1, line, length);
        break;
    case F_CHARGED: EXPECT(c, v->value[0] == d->remaining_term_charge, line, length); break;
    case F_INVOICED:
        EXPECT(c, v->value[0] == d->still_to_invoice, line, length);
        EXPECT(c, v->value[1] == d->invoices_left, line, length);
        EXPECT(c, v->value[2] == d->next_invoice, line, length);
        break;
    case F_AFTER_ACCESS:
        /* Some of the invoices still to come, for some of the amount:
         * exactly those the timeline dates on or after the end. */
        EXPECT(c, v->value[1] > 0 && v->value[1] <= d->invoices_left, line, length);
        EXPECT(c, v->value[0] >= 0 && v->value[0] <= d->still_to_invoice, line, length);
        if (d->next_invoice >= d->effective_end) {
            EXPECT(c, v->value[1] == d->invoices_left, line, length);
            EXPECT(c, v->value[0] == d->still_to_invoice, line, length);
        } else {
            EXPECT(c, v->value[1] < d->invoices_left, line, length);
        }
        if (c->timeline_known) {
            EXPECT(c, v->value[1] == c->after_count, line, length);
            EXPECT(c, v->value[0] == c->after_amount, line, length);
        }
        break;
    case F_REFUND: EXPECT(c, v->value[0] == d->refund, line, length); break;
    case F_SETTLEMENT:
        EXPECT(c,
               v->value[0] == d->applied_to_balance && v->value[1] == d->cash_refund &&
                   v->value[2] == d->account_credit && v->value[3] == d->balance_after,
               line, length);
        break;
    case F_FEE: EXPECT(c, v->value[0] == d->termination_fee, line, length); break;
    case F_DATA:
        EXPECT(c, v->value[0] == d->data_deleted_on - 1, line, length);
        EXPECT(c, v->value[1] == d->data_deleted_on, line, length);
        break;
    case F_ALREADY_ENDING:
    case F_BACK_UP_DATA: EXPECT(c, v->value[0] == d->effective_end - 1, line, length); break;
    case F_NOTICE_CAME_LATE: EXPECT(c, v->value[0] == d->notice_deadline, line, length); break;
    case F_SETTLE_BALANCE: EXPECT(c, v->value[0] == s->balance, line, length); break;
    case F_UNASSIGN: EXPECT(c, v->value[0] == s->licenses, line, length); break;
    case F_ENDS_BEFORE_TERM_END:
        EXPECT(c, v->value[0] == d->effective_end - 1, line, length);
        EXPECT(c, v->value[1] == d->term_end - 1, line, length);
        break;
    case F_TERMINATION_FEE: EXPECT(c, v->value[0] == d->termination_fee, line, length); break;
    case F_REFUND_DUE: EXPECT(c, v->value[0] == d->refund, line, length); break;
    case F_COOLING_OFF_PROPORTIONATE:
        EXPECT(c, v->value[0] == d->remaining_term_charge - d->refund, line, length);
        break;
    default: break;
    }
    /* Every amount a line states is one a decision can have. */
    for (int i = 0; k->slots[i]; i++)
        if (k->slots[i] == 'a')
            EXPECT(c, v->value[i] >= 0, line, length);
}

/* Which facts the decision has, each with exactly one line. */
static void expected_facts(const case_ *c, bool has[FACTS])
{
    const lapse_decision *d = c->d;
    uint32_t warnings = d->warnings;
    bool refused = !d->allowed;
    bool via_support = d->route == LAPSE_ROUTE_SUPPORT;
    bool missed = warnings & LAPSE_WARNING_NOTICE_MISSED;
    bool arrears = c->p->invoicing == LAPSE_INVOICING_IN_ARREARS;
    memset(has, 0, FACTS * sizeof has[0]);
    has[F_CANCELLING] = has[F_REQUESTED] = true;
    has[F_ALLOWED] = d->allowed;
    has[F_REFUSED] = refused;
    for (int bit = 0; bit < 6; bit++)
        has[F_REASON + bit] = refused && (d->blocked & (1u << bit));
    has[F_INSTEAD_SUPPORT] = refused && via_support;
    has[F_INSTEAD_ADMIN] = refused && !via_support;
    has[F_ADMIN_CANCELS] = refused && !via_support;
    has[F_CALL_SUPPORT_BY] =
        refused && via_support && d->notice_deadline != LAPSE_DATE_NONE && !missed;
    has[F_CALL_SUPPORT_NOW] = refused && via_support && !has[F_CALL_SUPPORT_BY];
    has[F_TERM_LEADING] = c->leading;
    has[F_TERM_MONTHS] = !c->leading;
    has[F_NOTICE] = d->notice_deadline != LAPSE_DATE_NONE;
    has[F_LAST_DAY] = !d->renews_first;
    has[F_LAST_DAY_AFTER_RENEWAL] = d->renews_first;
    has[F_CHARGED] = true;
    has[F_INVOICED] = d->invoices_left > 0;
    /* "No day of the current period is charged" only when none is: in
     * arrears a charge with nothing left to invoice was invoiced on the
     * request day (a same-day end), and is "already invoiced". */
    has[F_NOTHING_INVOICED_IN_ARREARS] =
        d->invoices_left == 0 && arrears && d->remaining_term_charge == 0;
    has[F_NOTHING_INVOICED] = d->invoices_left == 0 && !has[F_NOTHING_INVOICED_IN_ARREARS];
    /* Known from the timeline when it is; otherwise as the text says,
     * checked by its line when there is one. */
    has[F_AFTER_ACCESS] = c->timeline_known ? c->after_count > 0 : false;
    has[F_REFUND] = true;
    has[F_SETTLEMENT] = d->applied_to_balance > 0 || d->account_credit > 0;
    has[F_FEE] = d->termination_fee > 0;
    has[F_DATA] = true;
    has[F_CONFIRMATION_EMAIL] = d->confirmation == LAPSE_CONFIRMATION_EMAIL;
    has[F_CONFIRMATION_LIST] = d->confirmation == LAPSE_CONFIRMATION_EXPIRED_LIST;
    has[F_ALREADY_ENDING] = warnings & LAPSE_WARNING_ALREADY_ENDING;
    has[F_NOTICE_CAME_LATE] = missed;
    has[F_SETTLE_BALANCE] = warnings & LAPSE_WARNING_OUTSTANDING_BALANCE;
    has[F_UNASSIGN] = warnings & LAPSE_WARNING_LICENSES_ASSIGNED;
    bool support = c->r->channel == LAPSE_CHANNEL_SUPPORT;
    has[F_CHECKLIST] = (warnings & LAPSE_WARNING_SUPPORT_INFO_MISSING)
                           ? d->missing_support_info != 0
                           : refused && via_support && !support;
    bool provided = d->remaining_term_charge > d->refund;
    has[F_COOLING_OFF] = (warnings & LAPSE_WARNING_COOLING_OFF) && !provided;
    has[F_COOLING_OFF_PROPORTIONATE] = (warnings & LAPSE_WARNING_COOLING_OFF) && provided;
    has[F_ENDS_BEFORE_TERM_END] = warnings & LAPSE_WARNING_ENDS_BEFORE_TERM_END;
    has[F_COMMITMENT_WAIVED] = warnings & LAPSE_WARNING_COMMITMENT_WAIVED;
    has[F_TERMINATION_FEE] = warnings & LAPSE_WARNING_TERMINATION_FEE;
    has[F_REFUND_DUE] = warnings & LAPSE_WARNING_REFUND_DUE;
    has[F_BACK_UP_DATA] = warnings & LAPSE_WARNING_BACK_UP_DATA;
    /* The money a decision has is always said: a refund and a fee in the
     * warnings as well as the figures. */
    if (d->refund > 0)
        assert_true(has[F_REFUND_DUE]);
    if (d->termination_fee > 0)
        assert_true(has[F_TERMINATION_FEE]);
}

/* Reads an explanation line by line: every line one of the language's,
 * its figures the decision's, every fact of the decision said once. */
static void check_text(case_ *c, const language *l)
{
    const char *text = c->text;
    matcher m = { l->w, c->d->currency };
    int seen[FACTS] = { 0 };
    const char *p = text;
    /* The term line decides whether the first line may speak of a leading
     * period; read it first. */
    c->leading = false;
    for (int i = 0; i < l->count; i++) {
        if (l->kinds[i].fact != F_TERM_LEADING)
            continue;
        for (const char *at = strstr(text, "\n"); at; at = strstr(at + 1, "\n")) {
            reading v = { 0 };
            size_t used;
            if (match(&m, &l->kinds[i], l->kinds[i].pattern, at + 1, at + 1, &v, &used))
                c->leading = true;
        }
    }
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t length = end ? (size_t)(end - p) : strlen(p);
        int found = -1;
        reading found_reading = { 0 };
        size_t found_used = 0;
        for (int i = 0; i < l->count; i++) {
            reading v = { 0 };
            size_t used;
            if (!match(&m, &l->kinds[i], l->kinds[i].pattern, p, p, &v, &used))
                continue;
            if (found >= 0 && l->kinds[found].fact != l->kinds[i].fact)
                fail_case(c, "a line reads as two facts", p, length);
            if (found < 0) {
                found = i;
                found_reading = v;
                found_used = used;
            }
        }
        if (found < 0) {
            if (*p == '\n') {
                p++; /* a blank line */
                continue;
            }
            fail_case(c, "a line none of the language's", p, length);
        }
        const line_kind *k = &l->kinds[found];
        /* The plural form the count calls for (when the forms differ). */
        if (k->form >= 0) {
            int64_t count = k->fact == F_UNASSIGN ? found_reading.value[0]
                            : k->fact == F_INVOICED || k->fact == F_AFTER_ACCESS
                                ? found_reading.value[1]
                                : found_reading.value[2];
            if (k->form != (count != 1)) {
                /* Accepted only when the other form's words are the same. */
                reading v;
                size_t used;
                bool same = false;
                for (int i = 0; i < l->count; i++)
                    if (l->kinds[i].fact == k->fact && l->kinds[i].form == (count != 1) &&
                        match(&m, &l->kinds[i], l->kinds[i].pattern, p, p, &v, &used))
                        same = true;
                if (!same)
                    fail_case(c, "the plural form does not go with the count", p, length);
            }
        }
        check_line(c, k, &found_reading, p, length);
        seen[k->fact]++;
        p += found_used;
    }
    bool has[FACTS];
    expected_facts(c, has);
    /* Without the timeline's figures, the line after access stands or not
     * as the text has it (its figures were checked). */
    if (!c->timeline_known)
        has[F_AFTER_ACCESS] = seen[F_AFTER_ACCESS] > 0;
    bool warned = false;
    for (int f = F_ALREADY_ENDING; f < FACTS; f++)
        warned = warned || has[f];
    has[F_BEFORE_YOU_GO] = warned;
    for (int f = 0; f < FACTS; f++) {
        if (seen[f] != (has[f] ? 1 : 0)) {
            char what[96];
            snprintf(what, sizeof what, "the line of %s appears %d times, expected %d",
                     fact_names[f], seen[f], has[f] ? 1 : 0);
            fail_case(c, what, "", 0);
        }
    }
}

/* The invoices the timeline dates after the request, and of them those on
 * or after the end of access; false when they are not those the decision
 * counts (then only the bounds are checked). */
static bool timeline_after_access(case_ *c)
{
    static lapse_event events[4096];
    size_t count;
    if (lapse_timeline(c->p, c->s, c->r, events, sizeof events / sizeof events[0], &count, NULL) !=
            LAPSE_OK ||
        count > sizeof events / sizeof events[0])
        return false;
    int64_t left = 0, still = 0;
    c->after_count = c->after_amount = 0;
    for (size_t i = 0; i < count; i++) {
        if (events[i].kind != LAPSE_EVENT_INVOICE || events[i].date <= c->r->on)
            continue;
        left++;
        still += events[i].amount;
        if (events[i].date >= c->d->effective_end) {
            c->after_count++;
            c->after_amount += events[i].amount;
        }
    }
    return left == c->d->invoices_left && still == c->d->still_to_invoice;
}

/* test_generate's cases, now and then in a currency of 0 or 3 decimals and
 * with prices in the billions, so that every mark of an amount is read. */
static void generate(uint64_t *rng, lapse_policy *p, lapse_subscription *s, lapse_request *r)
{
    static const char *const currencies[] = { "EUR", "JPY", "KWD", "USD", "CHF" };
    test_generate(rng, 2, p, s, r);
    if (test_range(rng, 0, 2) == 0) {
        const char *currency = currencies[test_range(rng, 0, 4)];
        memcpy(s->currency, currency, 4);
        if (p->termination_fee > 0)
            memcpy(p->termination_fee_currency, currency, 4);
    }
    /* A request in the leading partial period of calendar billing. */
    if (test_range(rng, 0, 7) == 0) {
        s->billing_day = (int32_t)test_range(rng, 1, 31);
        r->on = s->start + (lapse_date)test_range(rng, 0, 40);
        if (s->cancelled_on != LAPSE_DATE_NONE)
            s->cancelled_on = r->on + (lapse_date)test_range(rng, -3, 3);
        if (s->cancelled_on < s->start)
            s->cancelled_on = s->start;
    }
    if (test_range(rng, 0, 3) == 0) {
        int64_t scale = test_range(rng, 1, 1000000);
        s->price *= scale;
        p->termination_fee *= scale;
        s->balance *= scale;
        if (s->renewal_price != LAPSE_AMOUNT_NONE)
            s->renewal_price *= scale;
    }
}

static void test_figures_read_back(void **state)
{
    (void)state;
    uint64_t rng = 2531;
    long explained = 0, with_timeline = 0, after_access = 0, leading = 0, refused = 0;
    static char text[32768];
    given g;
    language languages[4];
    size_t language_count = 0;
    const char *code;
    for (; (code = lapse_language_code(language_count)) != NULL; language_count++) {
        assert_true(language_count < sizeof languages / sizeof languages[0]);
        build_language(&languages[language_count], lapse__words_of(code), &g);
    }
    assert_true(language_count >= 2);
    for (long i = 0; explained < 25000 && i < 400000; i++) {
        lapse_policy p;
        lapse_subscription s;
        lapse_request r;
        generate(&rng, &p, &s, &r);
        lapse_decision d;
        if (lapse_decide_cancel(&p, &s, &r, &d, NULL) != LAPSE_OK)
            continue;
        case_ c = { &p, &s, &r, &d, NULL, text, false, 0, 0, false };
        c.timeline_known = timeline_after_access(&c);
        with_timeline += c.timeline_known;
        for (size_t k = 0; k < language_count; k++) {
            const language *l = &languages[k];
            size_t length;
            assert_int_equal(
                lapse_explain(&p, &s, &r, &d, l->w->code, text, sizeof text, &length, NULL),
                LAPSE_OK);
            assert_true(length < sizeof text);
            c.w = l->w;
            fill_given(&g, l->w, &s, &r, &d);
            check_text(&c, l);
        }
        explained++;
        after_access += c.timeline_known && c.after_count > 0;
        leading += c.leading;
        refused += !d.allowed;
    }
    print_message("# %ld decisions read back in %zu languages (%ld with the timeline's invoices, "
                  "%ld invoiced after access, %ld leading, %ld refused)\n",
                  explained, language_count, with_timeline, after_access, leading, refused);
    assert_true(explained >= 25000);
    assert_true(with_timeline > explained * 9 / 10);
    assert_true(after_access > 100 && leading > 100 && refused > 1000);
}

/* The invoices after access when a leading partial period is still to be
 * invoiced: a 12-month contract billed up front in arrears on the 15th,
 * started 2025-03-10 and cancelled the next day, after its notice deadline
 * (2025-02-13), so it renews once: access ends on 2026-03-15.  Still to be
 * invoiced: the leading period [03-10, 03-15), 5 of the 365 days of the
 * term it is cut from, 1200.00 * 5 / 365 = 16.438 -> 16.44 EUR dated
 * 2025-03-15, and term 0, 1200.00 EUR dated 2026-03-15: 1216.44 EUR in 2
 * invoices.  After access: only the second, 1200.00 EUR in 1 invoice (the
 * text once said 16.44 EUR: the leading invoice, counted at the whole
 * price 1200.00, was taken off instead of its own 16.44). */
static void test_after_access_after_leading_period(void **state)
{
    (void)state;
    lapse_policy p;
    lapse_policy_default(&p);
    p.invoicing = LAPSE_INVOICING_IN_ARREARS;
    lapse_subscription s = test_subscription("2025-03-10", 12, 0, 120000);
    s.billing_day = 15;
    s.contract = 1;
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date("2025-03-11");
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    lapse_decision d;
    assert_int_equal(lapse_decide_cancel(&p, &s, &r, &d, NULL), LAPSE_OK);
    assert_int_equal(d.effective_end, test_date("2026-03-15"));
    assert_int_equal(d.still_to_invoice, 121644);
    assert_int_equal(d.invoices_left, 2);
    assert_int_equal(d.next_invoice, test_date("2025-03-15"));
    static const char *const lines[][2] = {
        { "en", "  to be invoiced   1216.44 EUR in 2 invoices, the next on 2025-03-15\n"
                "  after access     you keep paying 1200.00 EUR in 1 invoice after access ends\n" },
        { "it", "  da fatturare            1.216,44 EUR in 2 fatture, la prossima il 15/03/2025\n"
                "  dopo l'accesso          continuerai a pagare 1.200,00 EUR in 1 fattura dopo la "
                "fine dell'accesso\n" },
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        char text[4096];
        assert_int_equal(lapse_explain(&p, &s, &r, &d, lines[i][0], text, sizeof text, NULL, NULL),
                         LAPSE_OK);
        if (!strstr(text, lines[i][1]))
            fail_msg("%s: no\n%s", lines[i][0], lines[i][1]);
    }
}

/* The reader itself: the forms of each language, and what it refuses. */
static void test_reader(void **state)
{
    (void)state;
    const lapse__words *en = lapse__words_of("en"), *it = lapse__words_of("it");
    int64_t value;
    lapse_date date;
    assert_int_equal(read_amount(en, "EUR", "1234567.50 EUR", &value), 14);
    assert_int_equal(value, 123456750);
    assert_int_equal(read_amount(it, "EUR", "1.234.567,50 EUR", &value), 16);
    assert_int_equal(value, 123456750);
    assert_int_equal(read_amount(it, "JPY", "1.234 JPY", &value), 9);
    assert_int_equal(value, 1234);
    assert_int_equal(read_amount(it, "KWD", "0,005 KWD", &value), 9);
    assert_int_equal(value, 5);
    assert_int_equal(read_amount(en, "EUR", "-0.05 EUR", &value), 9);
    assert_int_equal(value, -5);
    /* Not amounts of the language. */
    assert_int_equal(read_amount(it, "EUR", "1234,50 EUR", &value), 0);
    assert_int_equal(read_amount(it, "EUR", "12.34,50 EUR", &value), 0);
    assert_int_equal(read_amount(it, "EUR", "1.234.50 EUR", &value), 0);
    assert_int_equal(read_amount(en, "EUR", "1,234.50 EUR", &value), 0);
    assert_int_equal(read_amount(en, "EUR", "12.5 EUR", &value), 0);
    assert_int_equal(read_amount(en, "EUR", "12.500 EUR", &value), 0);
    assert_int_equal(read_amount(en, "EUR", "012.50 EUR", &value), 0);
    assert_int_equal(read_amount(en, "EUR", "12.50 USD", &value), 0);
    assert_int_equal(read_amount(en, "JPY", "12.50 JPY", &value), 0);
    assert_int_equal(read_date(en, "2026-03-14,", &date), 10);
    assert_int_equal(date, test_date("2026-03-14"));
    assert_int_equal(read_date(it, "14/03/2026)", &date), 10);
    assert_int_equal(date, test_date("2026-03-14"));
    assert_int_equal(read_date(it, "2026-03-14", &date), 0);
    assert_int_equal(read_date(en, "14/03/2026", &date), 0);
    assert_int_equal(read_date(it, "31/02/2026", &date), 0);
    /* The conventions the explanations promise. */
    assert_false(en->day_first);
    assert_string_equal(en->decimal_mark, ".");
    assert_true(it->day_first && it->date_separator == '/');
    assert_string_equal(it->decimal_mark, ",");
    assert_string_equal(it->group_mark, ".");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader),
        cmocka_unit_test(test_after_access_after_leading_period),
        cmocka_unit_test(test_figures_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
