/*
 * The CSV path of a billing run, stage by stage: what `lapse batch` does for
 * each row of a 16-column CSV with role and support lists, timed apart so
 * that the next bottleneck is visible.  Stages: read (find the line, copy
 * it out of the input), parse (lapse_table_row: split and read every
 * field), decide (lapse_decide_cancel), format (every decision column
 * written as text, as the batch output row).  Prints ns per row and the
 * share of each, and the whole path in rows per second on one core.
 */
#include "bench.h"

#include "lapse/tables.h"

#include <string.h>

enum { ROWS = 100000 };

static const char header[] = "start,term,renewal_term,billing,price,currency,contract,auto_renew,"
                             "online_cancel,balance,licenses,cancelled_on,on,channel,roles,"
                             "provided";
static char *text;    /* the rows, '\n'-terminated */
static size_t length; /* of text */
static lapse_table table;
static char line[512];
static lapse_subscription subscriptions[ROWS];
static lapse_request requests[ROWS];
static lapse_decision decisions[ROWS];
static lapse_error errors[ROWS];
static volatile size_t sink;

static uint64_t next(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return *state >> 33;
}

/* Rows like the billing run of the README: dates from 2019 on, plans of 1
 * to 24 months, lists of roles and support details, now and then a
 * recorded cancellation. */
static void generate(void)
{
    static const char *const roles[] = { "billing_admin", "product_admin;billing_contact",
                                         "billing_admin;product_admin", "" };
    static const char *const provided[] = { "", "all", "account_id;card_last4;products" };
    static const int terms[] = { 1, 12, 15, 24 };
    text = malloc((size_t)ROWS * 200);
    if (!text)
        exit(1);
    uint64_t rng = 11;
    for (size_t i = 0; i < ROWS; i++) {
        char start[11], on[11], cancelled[11] = "";
        lapse_date day = 17897 + (lapse_date)(next(&rng) % 2500); /* 2019-01-01 on */
        (void)lapse_date_format(day, start, sizeof start);
        (void)lapse_date_format(day + (lapse_date)(next(&rng) % 1200), on, sizeof on);
        if (next(&rng) % 5 == 0)
            (void)lapse_date_format(day + (lapse_date)(next(&rng) % 1200), cancelled,
                                    sizeof cancelled);
        int term = terms[next(&rng) % 4];
        length += (size_t)sprintf(
            text + length, "%s,%d,%s,%d,%d.%02d,EUR,%s,%s,true,%s,%d,%s,%s,%s,%s,%s\n", start, term,
            next(&rng) % 2 ? "" : (term == 1 ? "1" : "12"), (int)(next(&rng) % 2),
            (int)(next(&rng) % 10000), (int)(next(&rng) % 100), next(&rng) % 2 ? "true" : "false",
            next(&rng) % 2 ? "true" : "false", next(&rng) % 3 ? "0" : "12.50",
            (int)(next(&rng) % 4), cancelled, on, next(&rng) % 2 ? "online" : "support",
            roles[next(&rng) % 4], provided[next(&rng) % 3]);
    }
}

/* read: each line found and copied out, as getline does. */
static void run_read(void *arg, long ops)
{
    (void)arg;
    for (long done = 0; done < ops;) {
        for (const char *p = text; p < text + length && done < ops; done++) {
            const char *end = memchr(p, '\n', (size_t)(text + length - p));
            memcpy(line, p, (size_t)(end - p));
            line[end - p] = '\0';
            sink += (size_t)(end - p);
            p = end + 1;
        }
    }
}

/* parse: lapse_table_row on each line (copied first: it unquotes in place). */
static void run_parse(void *arg, long ops)
{
    (void)arg;
    lapse_row row;
    for (long done = 0; done < ops;) {
        size_t i = 0;
        for (const char *p = text; p < text + length && done < ops; done++, i++) {
            const char *end = memchr(p, '\n', (size_t)(text + length - p));
            memcpy(line, p, (size_t)(end - p));
            line[end - p] = '\0';
            if (lapse_table_row(&table, line, (size_t)(end - p), &row, NULL) == LAPSE_OK) {
                subscriptions[i] = row.subscription;
                requests[i] = row.request;
            }
            p = end + 1;
        }
    }
}

static void run_decide(void *arg, long ops)
{
    (void)arg;
    for (long i = 0; i < ops; i++) {
        size_t k = (size_t)i % ROWS;
        errors[k] = lapse_decide_cancel(NULL, &subscriptions[k], &requests[k], &decisions[k], NULL);
    }
}

/* format: the output row of `lapse batch`, every decision column as text. */
static void run_format(void *arg, long ops)
{
    (void)arg;
    char row[LAPSE_DECISION_CSV_SIZE];
    for (long i = 0; i < ops; i++) {
        size_t k = (size_t)i % ROWS;
        sink += lapse_decision_csv(errors[k] ? NULL : &decisions[k], row, sizeof row);
    }
}

int main(void)
{
    generate();
    if (lapse_table_header(&table, ',', header, strlen(header), NULL) != LAPSE_OK)
        return 1;
    run_parse(NULL, ROWS);
    run_decide(NULL, ROWS);
    size_t decided = 0;
    for (size_t i = 0; i < ROWS; i++)
        decided += errors[i] == LAPSE_OK;
    const long ops = ROWS;
    double read = bench_median(run_read, NULL, ops);
    double parse = bench_median(run_parse, NULL, ops) - read; /* parse includes the read */
    double decide = bench_median(run_decide, NULL, ops);
    double format = bench_median(run_format, NULL, ops);
    double total = read + parse + decide + format;
    printf("csv path: %d runs each, median ns per row, %d rows of 16 columns (%zu decided)\n",
           BENCH_RUNS, ROWS, decided);
    const char *names[] = { "read", "parse", "decide", "format" };
    double stages[] = { read, parse, decide, format };
    for (int s = 0; s < 4; s++)
        printf("  %-8s %7.1f ns/row  %5.1f %%\n", names[s], stages[s], 100 * stages[s] / total);
    /* No verdict here: the target is the tool's, end to end, with the file
     * read and the output written (the batch-cli benchmark). */
    printf("  %-8s %7.1f ns/row  %.2f M rows/s for the stages alone, on one core (the tool "
           "end to end, with its reading and writing: the batch-cli benchmark)\n",
           "total", total, 1e3 / total);
    free(text);
    return 0;
}
