/*
 * bench_columns: the C pass under Python's decide_columns and decide_frame
 * (lapse_decide_columns_details), on rows of the shape bench_frame.py's
 * numpy columns have, against lapse_decide_cancel on the same rows as
 * structs (the floor of the pass: the decision alone).
 *
 * The rows: 16 input columns (start, cancelled_on and on as int64 day
 * numbers with NaT = INT64_MIN, numpy's datetime64[D], or int32 with
 * --dates32; term, billing, licenses and renewal_term int32; price and
 * balance int64 minor units; the currency as 4-byte codes; contract,
 * auto_renew, online_cancel and channel uint8; roles and provided int64
 * bit sets), drawn as bench_frame.py draws its file (a few currencies,
 * empty cells as the column's default, a cancellation on the request day
 * in one row of five) and every one of them decided.  The outputs: the 26
 * decision columns and the error column as the Python side asks for them
 * (dates int64 with NaT for none, amounts int64, booleans and names uint8,
 * lists and integers int32, the currency 4-byte codes, errors int32),
 * written into memory touched beforehand, so that the kernel's page
 * faults are not timed.
 *
 * With --texts, ten of the inputs are text cells as decide_frame passes a
 * frame from pd.read_csv (start, cancelled_on, on, currency, contract,
 * auto_renew, online_cancel, channel, roles and provided: dictionaries of
 * their distinct texts with int64 codes, -1 for an empty cell, and a
 * cache of the caller's for those of more than 64 texts).
 *
 * usage: bench_columns [--dates32 | --texts] [ROWS]
 *            times the pass (the fast path and its plain twin) and the
 *            structs, in ns a row, after checking that all three agree
 *        bench_columns [--dates32 | --texts] --count columns|plain|structs ROWS
 *            one run of one side for callgrind (bench_columns.py:
 *            --toggle-collect=count_columns, ... gives the instructions)
 */
#include "bench.h"

#include <string.h>

#include "lapse.h"
#include "lapse/tables.h"
#include "tables/arrays.h"  /* lapse__decide_columns_plain: the plain twin */
#include "tables/columns.h" /* lapse__decision_value */

enum { INPUTS = 16, MAX_OUTPUTS = 32 };

typedef struct frame {
    size_t rows;
    bool dates32;
    /* Inputs. */
    int64_t *start, *cancelled_on, *on;
    int32_t *start32, *cancelled_on32, *on32;
    int32_t *term, *billing, *licenses, *renewal_term;
    int64_t *price, *balance;
    char *currency; /* 4 bytes a row */
    uint8_t *contract, *auto_renew, *online_cancel, *channel;
    int64_t *roles, *provided;
    lapse_array inputs[INPUTS];
    /* Outputs: one block per column, pre-touched. */
    lapse_array outputs[MAX_OUTPUTS];
    size_t output_count;
    int32_t *errors;
    /* The same rows as structs, and one decision a row. */
    lapse_subscription *subs;
    lapse_request *reqs;
    lapse_decision *decisions;
} frame;

static void *must(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p) {
        fprintf(stderr, "bench_columns: out of memory\n");
        exit(1);
    }
    return p;
}

static uint64_t next(uint64_t *state) /* splitmix64 */
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static int64_t pick(uint64_t *state, int64_t n) { return (int64_t)(next(state) % (uint64_t)n); }

static lapse_array array(lapse_column column, lapse_array_type type, void *data, ptrdiff_t stride)
{
    return (lapse_array){ column, type, data, stride, { 0, 0 } };
}

/* bench_frame.py's rows, after its numpy_columns(): what an empty cell
 * becomes there (the column's default) drawn in the same proportions. */
static void draw(frame *f)
{
    size_t n = f->rows;
    uint64_t rng = 10;
    const lapse_date epoch2019 = 17897; /* 2019-01-01 */
    for (size_t i = 0; i < n; i++) {
        int64_t start = epoch2019 + pick(&rng, 2500);
        static const int32_t terms[] = { 1, 12, 15, 24, 1 };
        int32_t term = terms[pick(&rng, 5)];
        int32_t renewal = pick(&rng, 10) < 7 ? 0 : term;
        int32_t billing = (int32_t)pick(&rng, 2);
        static const char *const currencies[] = { "EUR", "EUR", "EUR", "USD", "JPY", "EUR" };
        const char *currency = currencies[pick(&rng, 6)];
        bool yen = currency[0] == 'J';
        int64_t cents = pick(&rng, 999999);
        int64_t on = start + pick(&rng, 900);
        f->start[i] = start;
        f->term[i] = term;
        f->renewal_term[i] = renewal;
        f->billing[i] = billing;
        memcpy(f->currency + 4 * i, currency, 4);
        f->price[i] = yen ? cents / 100 : cents;
        static const uint8_t contract[] = { 1, 0, 0 }, auto_renew[] = { 1, 0, 1 };
        f->contract[i] = contract[pick(&rng, 3)];
        f->auto_renew[i] = auto_renew[pick(&rng, 3)];
        f->online_cancel[i] = 1;
        f->balance[i] = !yen && pick(&rng, 4) == 3 ? 1250 : 0;
        f->licenses[i] = (int32_t)pick(&rng, 3) + 1;
        f->on[i] = on;
        f->cancelled_on[i] = pick(&rng, 5) == 0 ? on : INT64_MIN;
        f->channel[i] = pick(&rng, 3) == 1 ? LAPSE_CHANNEL_SUPPORT : LAPSE_CHANNEL_ONLINE;
        static const int64_t roles[] = { LAPSE_ROLE_BILLING_ADMIN,
                                         LAPSE_ROLE_PRODUCT_ADMIN | LAPSE_ROLE_BILLING_CONTACT, 0 };
        f->roles[i] = roles[pick(&rng, 3)];
        static const int64_t provided[] = { 0, LAPSE_SUPPORT_INFO_ALL,
                                            LAPSE_SUPPORT_INFO_ACCOUNT_ID |
                                                LAPSE_SUPPORT_INFO_CARD_LAST4 |
                                                LAPSE_SUPPORT_INFO_PRODUCTS };
        f->provided[i] = provided[pick(&rng, 3)];
        f->start32[i] = (int32_t)start;
        f->on32[i] = (int32_t)on;
        f->cancelled_on32[i] =
            f->cancelled_on[i] == INT64_MIN ? LAPSE_DATE_NONE : (int32_t)f->cancelled_on[i];
        /* The same row as structs. */
        lapse_subscription *s = &f->subs[i];
        lapse_subscription_init(s);
        s->start = (lapse_date)start;
        s->term = term;
        s->renewal_term = renewal;
        s->billing = billing;
        s->price = f->price[i];
        s->balance = f->balance[i];
        memcpy(s->currency, currency, 4);
        s->contract = f->contract[i];
        s->auto_renew = f->auto_renew[i];
        s->online_cancel = f->online_cancel[i];
        s->licenses = f->licenses[i];
        s->cancelled_on = f->cancelled_on32[i];
        lapse_request *r = &f->reqs[i];
        lapse_request_init(r);
        r->on = (lapse_date)on;
        r->channel = (lapse_channel)f->channel[i];
        r->roles = (uint32_t)f->roles[i];
        r->provided = (uint32_t)f->provided[i];
    }
}

/* The texts of a dictionary column (each distinct value once) and the
 * rows' codes into them. */
typedef struct text_column {
    lapse_dictionary dictionary;
    lapse_text values[4096];
    char room[4096][LAPSE_DATE_TEXT_SIZE];
    int64_t *codes;
    int64_t cache[4096];
} text_column;

static text_column texts[10];

/* A date column as text: a text for each day from 2019-01-01 on. */
static void date_texts(text_column *t, const int64_t *days, size_t rows)
{
    t->codes = must(rows * sizeof *t->codes);
    size_t count = 3500;
    for (size_t k = 0; k < count; k++) {
        lapse_date_format((lapse_date)(17897 + (int64_t)k), t->room[k], sizeof t->room[k]);
        t->values[k] = (lapse_text){ t->room[k], strlen(t->room[k]) };
    }
    for (size_t i = 0; i < rows; i++)
        t->codes[i] = days[i] == INT64_MIN ? -1 : days[i] - 17897;
    t->dictionary =
        (lapse_dictionary){ t->codes, LAPSE_ARRAY_TYPE_INT64, 0, t->values, count, t->cache };
}

/* A column of a few texts: `names` for the values 0, 1, ...; a value
 * not among them (the bit set 0: an empty cell) is -1. */
static void few_texts(text_column *t, const int64_t *values, size_t rows, const char *const *names,
                      const int64_t *meaning, size_t count)
{
    t->codes = must(rows * sizeof *t->codes);
    for (size_t k = 0; k < count; k++)
        t->values[k] = (lapse_text){ names[k], strlen(names[k]) };
    for (size_t i = 0; i < rows; i++) {
        t->codes[i] = -1;
        for (size_t k = 0; k < count; k++)
            if (values[i] == meaning[k])
                t->codes[i] = (int64_t)k;
    }
    t->dictionary =
        (lapse_dictionary){ t->codes, LAPSE_ARRAY_TYPE_INT64, 0, t->values, count, NULL };
}

static lapse_array text_array(lapse_column column, text_column *t)
{
    return array(column, LAPSE_ARRAY_TYPE_DICTIONARY, &t->dictionary, sizeof(int64_t));
}

/* The ten text inputs replace their numeric arrays. */
static void use_texts(frame *f)
{
    size_t n = f->rows;
    int64_t *wide = must(n * sizeof *wide);
    date_texts(&texts[0], f->start, n);
    date_texts(&texts[1], f->cancelled_on, n);
    date_texts(&texts[2], f->on, n);
    static const char *const currencies[] = { "EUR", "USD", "JPY" };
    static const int64_t codes[] = { 0x525545, 0x445355, 0x59504A }; /* little-endian bytes */
    for (size_t i = 0; i < n; i++) {
        uint32_t code;
        memcpy(&code, f->currency + 4 * i, 4);
        wide[i] = code;
    }
    few_texts(&texts[3], wide, n, currencies, codes, 3);
    static const char *const flags[] = { "false", "true" };
    static const int64_t flag[] = { 0, 1 };
    const uint8_t *bools[] = { f->contract, f->auto_renew, f->online_cancel, f->channel };
    for (size_t c = 0; c < 3; c++) {
        for (size_t i = 0; i < n; i++)
            wide[i] = bools[c][i];
        few_texts(&texts[4 + c], wide, n, flags, flag, 2);
    }
    static const char *const channels[] = { "online", "support" };
    for (size_t i = 0; i < n; i++)
        wide[i] = f->channel[i];
    few_texts(&texts[7], wide, n, channels, flag, 2);
    static const char *const roles[] = { "billing_admin", "product_admin;billing_contact" };
    static const int64_t role[] = { LAPSE_ROLE_BILLING_ADMIN,
                                    LAPSE_ROLE_PRODUCT_ADMIN | LAPSE_ROLE_BILLING_CONTACT };
    few_texts(&texts[8], f->roles, n, roles, role, 2);
    static const char *const provided[] = { "all", "account_id;card_last4;products" };
    static const int64_t given[] = { LAPSE_SUPPORT_INFO_ALL, LAPSE_SUPPORT_INFO_ACCOUNT_ID |
                                                                 LAPSE_SUPPORT_INFO_CARD_LAST4 |
                                                                 LAPSE_SUPPORT_INFO_PRODUCTS };
    few_texts(&texts[9], f->provided, n, provided, given, 2);
    free(wide);
    static const lapse_column columns[] = {
        LAPSE_COLUMN_START,         LAPSE_COLUMN_CANCELLED_ON, LAPSE_COLUMN_ON,
        LAPSE_COLUMN_CURRENCY,      LAPSE_COLUMN_CONTRACT,     LAPSE_COLUMN_AUTO_RENEW,
        LAPSE_COLUMN_ONLINE_CANCEL, LAPSE_COLUMN_CHANNEL,      LAPSE_COLUMN_ROLES,
        LAPSE_COLUMN_PROVIDED,
    };
    for (size_t c = 0; c < 10; c++)
        for (size_t i = 0; i < INPUTS; i++)
            if (f->inputs[i].column == columns[c])
                f->inputs[i] = text_array(columns[c], &texts[c]);
}

static void make(frame *f, size_t rows, bool dates32)
{
    memset(f, 0, sizeof *f);
    f->rows = rows;
    f->dates32 = dates32;
#define ALLOC(field) f->field = must(rows * sizeof *f->field)
    ALLOC(start);
    ALLOC(cancelled_on);
    ALLOC(on);
    ALLOC(start32);
    ALLOC(cancelled_on32);
    ALLOC(on32);
    ALLOC(term);
    ALLOC(billing);
    ALLOC(licenses);
    ALLOC(renewal_term);
    ALLOC(price);
    ALLOC(balance);
    ALLOC(contract);
    ALLOC(auto_renew);
    ALLOC(online_cancel);
    ALLOC(channel);
    ALLOC(roles);
    ALLOC(provided);
    ALLOC(subs);
    ALLOC(reqs);
    ALLOC(decisions);
    ALLOC(errors);
#undef ALLOC
    f->currency = must(4 * rows);
    draw(f);
    lapse_array_type dt = dates32 ? LAPSE_ARRAY_TYPE_INT32 : LAPSE_ARRAY_TYPE_INT64;
    ptrdiff_t ds = dates32 ? 4 : 8;
    size_t k = 0;
    f->inputs[k++] = array(LAPSE_COLUMN_START, dt, dates32 ? (void *)f->start32 : f->start, ds);
    f->inputs[k++] = array(LAPSE_COLUMN_TERM, LAPSE_ARRAY_TYPE_INT32, f->term, 4);
    f->inputs[k++] = array(LAPSE_COLUMN_RENEWAL_TERM, LAPSE_ARRAY_TYPE_INT32, f->renewal_term, 4);
    f->inputs[k++] = array(LAPSE_COLUMN_BILLING, LAPSE_ARRAY_TYPE_INT32, f->billing, 4);
    f->inputs[k++] = array(LAPSE_COLUMN_PRICE, LAPSE_ARRAY_TYPE_INT64, f->price, 8);
    f->inputs[k++] = array(LAPSE_COLUMN_CURRENCY, LAPSE_ARRAY_TYPE_CODE, f->currency, 4);
    f->inputs[k++] = array(LAPSE_COLUMN_CONTRACT, LAPSE_ARRAY_TYPE_UINT8, f->contract, 1);
    f->inputs[k++] = array(LAPSE_COLUMN_AUTO_RENEW, LAPSE_ARRAY_TYPE_UINT8, f->auto_renew, 1);
    f->inputs[k++] = array(LAPSE_COLUMN_ONLINE_CANCEL, LAPSE_ARRAY_TYPE_UINT8, f->online_cancel, 1);
    f->inputs[k++] = array(LAPSE_COLUMN_BALANCE, LAPSE_ARRAY_TYPE_INT64, f->balance, 8);
    f->inputs[k++] = array(LAPSE_COLUMN_LICENSES, LAPSE_ARRAY_TYPE_INT32, f->licenses, 4);
    f->inputs[k++] = array(LAPSE_COLUMN_CANCELLED_ON, dt,
                           dates32 ? (void *)f->cancelled_on32 : f->cancelled_on, ds);
    f->inputs[k++] = array(LAPSE_COLUMN_ON, dt, dates32 ? (void *)f->on32 : f->on, ds);
    f->inputs[k++] = array(LAPSE_COLUMN_CHANNEL, LAPSE_ARRAY_TYPE_UINT8, f->channel, 1);
    f->inputs[k++] = array(LAPSE_COLUMN_ROLES, LAPSE_ARRAY_TYPE_INT64, f->roles, 8);
    f->inputs[k++] = array(LAPSE_COLUMN_PROVIDED, LAPSE_ARRAY_TYPE_INT64, f->provided, 8);
    /* The outputs, typed as the Python side asks for them. */
    for (size_t i = 0; lapse_decision_column(i) != LAPSE_COLUMN_NONE; i++) {
        lapse_column c = lapse_decision_column(i);
        lapse_array_type type = LAPSE_ARRAY_TYPE_INT32;
        size_t size = 4;
        switch (lapse_column_type_of(c)) {
        case LAPSE_COLUMN_TYPE_DATE:
        case LAPSE_COLUMN_TYPE_AMOUNT: type = LAPSE_ARRAY_TYPE_INT64, size = 8; break;
        case LAPSE_COLUMN_TYPE_BOOLEAN:
        case LAPSE_COLUMN_TYPE_NAME: type = LAPSE_ARRAY_TYPE_UINT8, size = 1; break;
        case LAPSE_COLUMN_TYPE_TEXT: type = LAPSE_ARRAY_TYPE_CODE; break; /* the currency */
        default: break;
        }
        f->outputs[f->output_count++] = array(c, type, must(rows * size), (ptrdiff_t)size);
    }
    f->outputs[f->output_count++] = array(LAPSE_COLUMN_ERROR, LAPSE_ARRAY_TYPE_INT32, f->errors, 4);
    /* Touch every output page now: the kernel's faults are not the pass. */
    for (size_t i = 0; i < f->output_count; i++)
        memset(f->outputs[i].data, 0xA5, rows * (size_t)f->outputs[i].stride);
}

typedef lapse_error (*columns_fn)(const lapse_policy *, const lapse_array *, size_t,
                                  const lapse_array *, size_t, size_t, size_t, lapse_error_detail *,
                                  size_t, size_t *, lapse_error_detail *);

static frame bench;
static lapse_error_detail details[16];

static void run_with(columns_fn fn)
{
    size_t failed = 0;
    lapse_error_detail detail;
    lapse_error error = fn(NULL, bench.inputs, INPUTS, bench.outputs, bench.output_count, 0,
                           bench.rows, details, 16, &failed, &detail);
    if (error || failed) {
        fprintf(stderr, "bench_columns: the call failed (%s) or %zu rows did: %s\n",
                lapse_error_name(error), failed, error ? detail.message : details[0].message);
        exit(1);
    }
}

static void run_structs(void)
{
    for (size_t i = 0; i < bench.rows; i++)
        if (lapse_decide_cancel(NULL, &bench.subs[i], &bench.reqs[i], &bench.decisions[i], NULL)) {
            fprintf(stderr, "bench_columns: row %zu failed as a struct\n", i);
            exit(1);
        }
}

__attribute__((noinline)) void count_columns(void);
__attribute__((noinline)) void count_plain(void);
__attribute__((noinline)) void count_structs(void);
void count_columns(void) { run_with(lapse_decide_columns_details); }
void count_plain(void) { run_with(lapse__decide_columns_plain); }
void count_structs(void) { run_structs(); }

/* Every output of every row equal to the struct path's decision. */
static void check(const char *side)
{
    for (size_t i = 0; i < bench.rows; i++) {
        const lapse_decision *d = &bench.decisions[i];
        for (size_t k = 0; k < bench.output_count; k++) {
            const lapse_array *a = &bench.outputs[k];
            const char *cell = (const char *)a->data + (ptrdiff_t)i * a->stride;
            int64_t got = 0, want;
            if (a->column == LAPSE_COLUMN_ERROR) {
                want = 0;
            } else if (a->type == LAPSE_ARRAY_TYPE_CODE) {
                if (memcmp(cell, d->currency, 4) == 0)
                    continue;
                want = 1;
            } else {
                want = lapse__decision_value(d, a->column);
                if (lapse_column_type_of(a->column) == LAPSE_COLUMN_TYPE_DATE &&
                    want == LAPSE_DATE_NONE)
                    want = INT64_MIN;
            }
            switch (a->type) {
            case LAPSE_ARRAY_TYPE_INT32: {
                int32_t v;
                memcpy(&v, cell, 4);
                got = v;
                break;
            }
            case LAPSE_ARRAY_TYPE_INT64: memcpy(&got, cell, 8); break;
            case LAPSE_ARRAY_TYPE_UINT8: got = *(const uint8_t *)cell; break;
            default: break;
            }
            if (got != want) {
                fprintf(stderr, "bench_columns: %s row %zu column %s: %lld, the struct %lld\n",
                        side, i, lapse_column_name(a->column), (long long)got, (long long)want);
                exit(1);
            }
        }
    }
}

static double cpu_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The median of BENCH_RUNS runs in ns a row, by wall time and by CPU time
 * (what other processes on a shared machine do not add). */
typedef struct timing {
    double wall, cpu;
} timing;

static timing ns_per_row(void (*fn)(void))
{
    double wall[BENCH_RUNS], cpu[BENCH_RUNS];
    fn(); /* warm */
    for (int i = 0; i < BENCH_RUNS; i++) {
        double began = bench_now_ns(), used = cpu_now_ns();
        fn();
        wall[i] = (bench_now_ns() - began) / (double)bench.rows;
        cpu[i] = (cpu_now_ns() - used) / (double)bench.rows;
    }
    qsort(wall, BENCH_RUNS, sizeof wall[0], bench_compare);
    qsort(cpu, BENCH_RUNS, sizeof cpu[0], bench_compare);
    return (timing){ wall[BENCH_RUNS / 2], cpu[BENCH_RUNS / 2] };
}

int main(int argc, char **argv)
{
    bool dates32 = false, text = false;
    const char *count = NULL;
    size_t rows = 1000000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dates32") == 0)
            dates32 = true;
        else if (strcmp(argv[i], "--texts") == 0)
            text = true;
        else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
            count = argv[++i];
        else
            rows = (size_t)strtoull(argv[i], NULL, 10);
    }
    make(&bench, rows, dates32);
    if (text)
        use_texts(&bench);
    run_structs();
    if (count) {
        if (strcmp(count, "columns") == 0)
            count_columns();
        else if (strcmp(count, "plain") == 0)
            count_plain();
        else if (strcmp(count, "structs") == 0)
            count_structs();
        else
            return 2;
        return 0;
    }
    count_plain();
    check("plain twin");
    count_columns();
    check("columns");
    timing structs = ns_per_row(count_structs);
    timing columns = ns_per_row(count_columns);
    timing plain = ns_per_row(count_plain);
    printf("%zu rows, %d inputs (dates %s), %zu outputs; median of %d runs, outputs pre-touched\n",
           rows, INPUTS,
           text      ? "as text, ten columns dictionaries"
           : dates32 ? "int32"
                     : "int64, NaT for none",
           bench.output_count, BENCH_RUNS);
    printf("  %-32s %7s %7s  (ns a row)\n", "", "wall", "CPU");
    printf("  %-32s %7.1f %7.1f  %5.2fx the structs (CPU)\n", "lapse_decide_columns_details",
           columns.wall, columns.cpu, columns.cpu / structs.cpu);
    printf("  %-32s %7.1f %7.1f  %5.2fx the structs (CPU)\n", "the plain twin (row at a time)",
           plain.wall, plain.cpu, plain.cpu / structs.cpu);
    printf("  %-32s %7.1f %7.1f  (the floor)\n", "lapse_decide_cancel on structs", structs.wall,
           structs.cpu);
    return 0;
}
