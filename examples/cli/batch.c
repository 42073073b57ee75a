/* lapse batch: a billing run, one decision per CSV row. */
#define _GNU_SOURCE /* F_SETPIPE_SZ, where there is one */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help[] =
    "usage: lapse batch [FILE|-] [-o OUT] [--jobs N] [--keep COLUMNS] [--json]\n"
    "\n"
    "A billing run: reads CSV with a header row naming input columns (start, term,\n"
    "renewal_term, billing, price, renewal_price, currency, contract, auto_renew,\n"
    "online_cancel, balance, licenses, cancelled_on, on, channel, roles, can_sign_in,\n"
    "provided, end_on, billing_day, items, reduce, billing_month, requested_at, zone,\n"
    "trial_end, concluded_on, withdrawal_informed, express_request, intro_months,\n"
    "intro_price, paused_from, resumes_on;\n"
    "any order, absent ones take the defaults, lists ';'-separated) and writes one\n"
    "CSV row per input row, in order: line, the decision columns of 'cancel --json'\n"
    "(item_results: NAME:QUANTITY:QUANTITY_AFTER:RELEASED_ON:UNASSIGN per item)\n"
    "and error, error_code, error_field.  A bad row gets its message in error, the\n"
    "error's stable name in error_code and the column at fault in error_field; it\n"
    "never stops the run.\n"
    "Exit 1 if any row was bad.  Reads standard input when FILE is - or absent.\n"
    "A policy column (a preset name or 'key = value' settings separated by ';')\n"
    "sets a row's policy; --policy NAME|FILE sets it for the other rows.\n"
    "A column lapse does not know is an error (lapse-vectors(5) lists the columns)\n"
    "unless --keep names it.\n"
    "\n"
    "  -o, --output OUT        write to OUT instead of standard output\n"
    "  --keep COLUMNS          copy these input columns (comma-separated, e.g. an id to\n"
    "                          join on) unchanged, first and in this order, into each\n"
    "                          output row, error rows too; lapse does not read them\n"
    "                          unless they are its own columns\n"
    "  -j, --jobs N            decide on N threads, rows still written in input order\n"
    "                          (default 1, always: two jobs are faster only on an idle\n"
    "                          second core, for more CPU time; docs/cli.md)\n"
    "  --json                  one JSON object {\"rows\": [...]} instead of CSV, each row an\n"
    "                          object with line, the decision keys, error, error_code and\n"
    "                          error_field (null for a good row)\n";

/* One output row as a JSON object member of "rows", after its opening
 * brace and its kept members (decide_line writes them). */
static void write_json_row(FILE *out, long line, const lapse_decision *decision,
                           const lapse_item_result *results, size_t count,
                           const lapse_error_detail *error, bool zoned, const lapse_zone *zone)
{
    fprintf(out, "\"line\": %ld, ", line);
    if (decision) {
        json_decision_members(out, decision, results, count);
        if (zoned) { /* "notice_deadline_at", "access_ends_at": text or null */
            char text[2 * LAPSE_INSTANT_TEXT_SIZE];
            zone_instants_csv(zone, decision, text);
            char *comma = strchr(text, ',');
            *comma = '\0';
            const char *value[2] = { text, comma + 1 };
            static const char *const keys[] = { "notice_deadline_at", "access_ends_at" };
            for (int i = 0; i < 2; i++) {
                fprintf(out, ", \"%s\": ", keys[i]);
                if (*value[i])
                    fprintf(out, "\"%s\"", value[i]);
                else
                    fputs("null", out);
            }
        }
        fputs(", \"error\": null, \"error_code\": null, \"error_field\": null}", out);
        return;
    }
    fputs("\"error\": ", out);
    json_string(out, error->message, strlen(error->message));
    fprintf(out, ", \"error_code\": \"%s\", \"error_field\": ", lapse_error_name(error->code));
    json_string(out, error->field, strlen(error->field));
    fputc('}', out);
}

/*
 * CSV rows gathered in one block: a billing run writes millions of small
 * rows, and one fwrite per block costs far less than one per row.  With a
 * file, a full block is written to it (the file's own buffer is bypassed
 * for blocks this large); without one (a chunk of --jobs), the block grows.
 */
typedef struct out_block {
    FILE *file;
    char *data;
    size_t used, size;
    bool lost;      /* could not grow: the rows are not all there */
    size_t flushes; /* block_flush() calls: a CSV run writes to its file only there */
    /* The last line number written, and its digits: the next is counted
     * up in text (rows come in order), not divided out again. */
    long line;
    size_t line_length;
    char line_digits[24];
} out_block;

enum { BLOCK_SIZE = 1 << 20 };

/* Writes what the block holds to its file; false when the write failed. */
static bool block_flush(out_block *b)
{
    bool ok = b->used == 0 || fwrite(b->data, 1, b->used, b->file) == b->used;
    b->used = 0;
    b->flushes++;
    return ok && !ferror(b->file);
}

/* Room for `need` more bytes, or NULL (a failed write or no memory; the
 * caller sees it in ferror() or b->lost). */
static char *block_room(out_block *b, size_t need)
{
    if (b->size - b->used >= need)
        return b->data + b->used;
    if (b->file) {
        if (!block_flush(b) || b->size < need)
            return NULL;
        return b->data;
    }
    size_t size = b->size ? b->size : BLOCK_SIZE;
    while (size - b->used < need)
        size *= 2;
    char *grown = realloc(b->data, size);
    if (!grown) {
        b->lost = true;
        return NULL;
    }
    b->data = grown, b->size = size;
    return b->data + b->used;
}

/* Writes the digits of `line` (>= 0) to `out`; returns their number. */
static size_t line_number(out_block *b, long line, char *out)
{
    char *digits = b->line_digits;
    size_t length = b->line_length;
    if (length > 0 && line == b->line + 1) {
        /* One more: the trailing 9s become 0s and the digit before them
         * goes up, or a 1 goes in front of them all. */
        size_t i = length;
        while (i > 0 && digits[i - 1] == '9')
            digits[--i] = '0';
        if (i > 0) {
            digits[i - 1]++;
        } else {
            memmove(digits + 1, digits, length++);
            digits[0] = '1';
        }
    } else {
        /* Counted, then written from the last. */
        length = 1;
        for (unsigned long power = 10; length < 19 && (unsigned long)line >= power; power *= 10)
            length++;
        for (unsigned long rest = (unsigned long)line, k = length; k > 0; rest /= 10)
            digits[--k] = (char)('0' + rest % 10);
    }
    b->line = line;
    b->line_length = length;
    /* All the digits' room, a fixed copy (the row has room for it); what
     * is past the number is written over next. */
    memcpy(out, digits, sizeof b->line_digits);
    return length;
}

/* One output row, written straight into the block. */
static void write_row(out_block *b, long line, const lapse_decision *decision,
                      const lapse_item_result *results, size_t count,
                      const lapse_error_detail *error, const char *kept, size_t kept_length,
                      const char *instants, size_t instants_length)
{
    enum { ERROR_ROOM = 2 * sizeof error->message + 2 * sizeof error->field + 64 };
    enum { ITEM_RESULTS_ROOM = 2048 }; /* 16 items of a reduction at their longest */
    size_t need = kept_length + 32 + LAPSE_DECISION_CSV_SIZE + ITEM_RESULTS_ROOM + instants_length +
                  1 + (error ? ERROR_ROOM : 4);
    char *row = block_room(b, need);
    if (!row)
        return;
    if (kept_length) /* --keep's columns */
        memcpy(row, kept, kept_length);
    size_t n = kept_length;
    n += line_number(b, line, row + n);
    row[n++] = ',';
    /* Decision values hold no ',', '"' or newline: no quoting needed. */
    n += lapse_decision_csv(decision, row + n, LAPSE_DECISION_CSV_SIZE);
    row[n++] = ',';
    /* The per-item results ("seats:10:6:2025-04-10:0"): no ',', '"' or
     * newline either; "" without items and for a bad row. */
    if (decision && count > 0)
        n += lapse_item_results_format(results, count, row + n, ITEM_RESULTS_ROOM);
    row[n++] = ',';
    if (instants) { /* notice_deadline_at,access_ends_at */
        memcpy(row + n, instants, instants_length);
        n += instants_length;
        row[n++] = ',';
    }
    if (error) {
        n += csv_field(row + n, error->message);
        row[n++] = ',';
        const char *code = lapse_error_name(error->code);
        size_t code_length = strlen(code);
        memcpy(row + n, code, code_length);
        n += code_length;
        row[n++] = ',';
        n += csv_field(row + n, error->field);
    } else { /* no error, code or field */
        row[n++] = ',';
        row[n++] = ',';
    }
    row[n++] = '\n';
    b->used += n;
}

/* One billing run: its input, its output and how it went. */
typedef struct run {
    cli_args *args;
    const char *path, *out_name;
    line_reader reader;
    FILE *out;
    lapse_table table;
    /* The policy of rows without their own: NULL for the default, which
     * the library then accepts without comparing it row by row. */
    const lapse_policy *policy;
    lapse_error_detail header_error; /* code 0 when the header is good */
    /* --keep: each kept column's field in the input; the input's fields
     * left out of the row the library reads (kept columns it does not
     * know), and how many fields the input's header has. */
    size_t keep_count;
    long keep_at[LAPSE_TABLE_MAX_COLUMNS];
    char *keep_name[LAPSE_TABLE_MAX_COLUMNS];
    bool drop[LAPSE_TABLE_MAX_COLUMNS];
    bool dropping;
    long input_count;
    bool first;
    int status;
    int write_errno;   /* the cause of the first failed write, or 0 */
    long failed_after; /* the input line being written when it failed */
    /* A `zone` column: each distinct zone loaded once a run, and the
     * output's notice_deadline_at and access_ends_at. */
    bool zoned;
    zone_cache *zones;
} run;

/* A billing run's input and output are often pipes (from an export, to a
 * loader or gzip).  A pipe holds 64 KiB by default, so every 64 KiB one
 * side would wait for the other and be woken again; where the system
 * allows (Linux, up to /proc/sys/fs/pipe-max-size), the pipe is widened
 * to one block.  Best effort: anything else is left as it is. */
static void widen_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) && fcntl(fd, F_GETPIPE_SZ) < BLOCK_SIZE)
        (void)fcntl(fd, F_SETPIPE_SZ, BLOCK_SIZE);
#else
    (void)fd;
#endif
}

/* Never write over the input: `-o` naming the file being read (the same
 * device and inode) would truncate it before the first row is read. */
static bool same_file(FILE *input, const char *output)
{
    struct stat in, out;
    return fstat(fileno(input), &in) == 0 && stat(output, &out) == 0 && in.st_dev == out.st_dev &&
           in.st_ino == out.st_ino;
}

static int open_files(run *r)
{
    bool from_stdin = strcmp(r->path, "-") == 0;
    r->reader.file = from_stdin ? stdin : fopen(r->path, "rb");
    if (!r->reader.file) {
        cli_error(r->args, "cannot open %s: %s", r->path, strerror(errno));
        return EXIT_USAGE;
    }
    if (r->args->output && same_file(r->reader.file, r->args->output)) {
        cli_error(r->args, "-o %s: is the input file; write the decisions elsewhere",
                  r->args->output);
        return EXIT_USAGE;
    }
    r->out = r->args->output ? fopen(r->args->output, "wb") : stdout;
    if (!r->out) {
        cli_error(r->args, "cannot write %s: %s", r->args->output, strerror(errno));
        return EXIT_USAGE;
    }
    static char out_buffer[1 << 16];
    setvbuf(r->out, out_buffer, _IOFBF, sizeof out_buffer);
    widen_pipe(fileno(r->out));
    widen_pipe(fileno(r->reader.file));
    return 0;
}

/* A field of a CSV record as it is written (quotes included). */
typedef struct span {
    size_t start, end;
} span;

/* Splits a CSV record into its fields as written; returns their number
 * (fields past `max` are counted, not stored) or -1 for a quote that does
 * not close or is followed by more than a ','. */
static long raw_fields(const char *text, size_t length, span *fields, long max)
{
    long count = 0;
    for (size_t i = 0;;) {
        size_t start = i;
        if (i < length && text[i] == '"') {
            for (i++;;) {
                const char *quote = memchr(text + i, '"', length - i);
                if (!quote)
                    return -1;
                i = (size_t)(quote - text) + 1;
                if (i < length && text[i] == '"') {
                    i++;
                    continue;
                }
                break;
            }
            if (i < length && text[i] != ',')
                return -1;
        } else {
            const char *comma = memchr(text + i, ',', length - i);
            i = comma ? (size_t)(comma - text) : length;
        }
        if (count < max)
            fields[count] = (span){ start, i };
        count++;
        if (i >= length)
            return count;
        i++;
    }
}

/* A field's text without its quotes into `out` (room for its length);
 * returns the text's length. */
static size_t unquote(const char *text, span field, char *out)
{
    const char *p = text + field.start;
    size_t length = field.end - field.start, n = 0;
    if (length < 2 || p[0] != '"') {
        memcpy(out, p, length);
        return length;
    }
    for (size_t i = 1; i + 1 < length; i++) {
        out[n++] = p[i];
        i += p[i] == '"'; /* "" is one quote */
    }
    return n;
}

static size_t without_cr(const char *line, size_t length)
{
    return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
}

/* --keep: finds each kept column in the header and marks the fields the
 * library does not read; *header becomes the header the library reads
 * (`filtered`, room for the header's length).  0 or an exit status. */
static int keep_columns(run *r, char **header, long *length, char *filtered)
{
    const char *text = *header;
    size_t size = without_cr(text, (size_t)*length), skip = 0;
    if (size >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        skip = 3; /* a byte-order mark: no part of the first name */
    span fields[LAPSE_TABLE_MAX_COLUMNS];
    long count = raw_fields(text + skip, size - skip, fields, LAPSE_TABLE_MAX_COLUMNS);
    if (count < 0 || count > LAPSE_TABLE_MAX_COLUMNS)
        return 0; /* the library reports the header */
    r->input_count = count;
    char name[256];
    for (const char *at = r->args->keep; *at;) {
        const char *comma = strchr(at, ',');
        size_t name_length = comma ? (size_t)(comma - at) : strlen(at);
        long found = -1;
        for (long c = 0; c < count && found < 0; c++) {
            span field = fields[c];
            if (field.end - field.start > sizeof name)
                continue;
            size_t n = unquote(text + skip, field, name);
            if (n == name_length && memcmp(name, at, n) == 0)
                found = c;
        }
        for (size_t k = 0; k < r->keep_count && found >= 0; k++)
            if (r->keep_at[k] == found) {
                cli_error(r->args, "--keep %.*s: given twice", (int)name_length, at);
                return EXIT_USAGE;
            }
        if (found < 0 || r->keep_count == LAPSE_TABLE_MAX_COLUMNS) {
            cli_error(r->args, "--keep %.*s: not a column of the header of %s", (int)name_length,
                      at, r->path);
            return EXIT_USAGE;
        }
        if (!(r->keep_name[r->keep_count] = strndup(at, name_length))) {
            fprintf(stderr, "lapse batch: out of memory\n");
            return EXIT_USAGE;
        }
        r->keep_at[r->keep_count++] = found;
        lapse_column column;
        size_t n = unquote(text + skip, fields[found], name);
        r->drop[found] = lapse_column_lookup(name, n, &column) != LAPSE_OK;
        r->dropping |= r->drop[found];
        at += name_length + (comma != NULL);
    }
    size_t n = 0;
    for (long c = 0; c < count; c++) {
        if (r->drop[c])
            continue;
        if (n > 0)
            filtered[n++] = ',';
        memcpy(filtered + n, text + skip + fields[c].start, fields[c].end - fields[c].start);
        n += fields[c].end - fields[c].start;
    }
    filtered[n] = '\0';
    *header = filtered;
    *length = (long)n;
    return 0;
}

/* The header row, read and checked; then the output's own header. */
static int start(run *r)
{
    long length = next_record(&r->reader);
    if (length < 0) {
        if (r->reader.error)
            cli_error(r->args, "reading %s: %s", strcmp(r->path, "-") ? r->path : "standard input",
                      strerror(r->reader.error));
        else
            cli_error(r->args, "%s is empty: expected a header row naming the columns", r->path);
        return EXIT_USAGE;
    }
    char *header = r->reader.line;
    char *filtered = NULL;
    if (r->args->keep) {
        if (!(filtered = malloc((size_t)length + 1))) {
            fprintf(stderr, "lapse batch: out of memory\n");
            return EXIT_USAGE;
        }
        char *input = r->reader.line;
        int status = keep_columns(r, &header, &length, filtered);
        if (status) {
            free(filtered);
            return status;
        }
        /* The kept names, as the header wrote them, start the output's. */
        span fields[LAPSE_TABLE_MAX_COLUMNS];
        size_t skip = memcmp(input, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
        raw_fields(input + skip, without_cr(input, strlen(input)) - skip, fields,
                   LAPSE_TABLE_MAX_COLUMNS);
        for (size_t k = 0; k < r->keep_count; k++) {
            span field = fields[r->keep_at[k]];
            if (r->args->json)
                continue;
            fwrite(input + skip + field.start, 1, field.end - field.start, r->out);
            fputc(',', r->out);
        }
    }
    lapse_error_detail detail;
    if (lapse_table_header(&r->table, ',', header, (size_t)length, &detail) != LAPSE_OK) {
        /* Every row is still reported, each with the header's error. */
        r->header_error = detail;
        if (r->dropping && detail.column > 0) {
            /* The column as the input counts it, not the library's header
             * without the kept ones. */
            long column = 0, seen = 0;
            while (column < r->input_count && seen < detail.column)
                seen += !r->drop[column++];
            char prefix[32];
            int n = snprintf(prefix, sizeof prefix, "column %ld ", (long)detail.column);
            if (strncmp(detail.message, prefix, (size_t)n) == 0)
                cli_format(detail.message, sizeof detail.message, "column %ld %s", column,
                           r->header_error.message + n);
        }
        const char *hint = "";
        char name[128] = "";
        span fields[LAPSE_TABLE_MAX_COLUMNS];
        if (detail.code == LAPSE_ERR_UNKNOWN_COLUMN &&
            raw_fields(header, without_cr(header, (size_t)length), fields,
                       LAPSE_TABLE_MAX_COLUMNS) >= detail.column &&
            fields[detail.column - 1].end - fields[detail.column - 1].start < sizeof name) {
            name[unquote(header, fields[detail.column - 1], name)] = '\0';
            hint = "; --keep ";
        }
        /* Cut to fit, if it must be, between characters. */
        cli_format(r->header_error.message, sizeof r->header_error.message, "header: %s%s%s%s",
                   detail.message, hint, name, *hint ? " copies it to the output" : "");
        cli_error(r->args, "%s:1: %s", r->path, r->header_error.message);
    }
    free(filtered);
    if (!r->header_error.code && (r->zoned = table_has_zone(&r->table)) &&
        !(r->zones = zone_cache_new())) {
        fprintf(stderr, "lapse batch: out of memory\n");
        return EXIT_USAGE;
    }
    if (r->args->json) {
        fputs("{\"rows\": [\n", r->out);
        return 0;
    }
    fputs("line", r->out);
    lapse_column column;
    for (size_t c = 0; (column = lapse_decision_column(c)) != LAPSE_COLUMN_NONE; c++)
        fprintf(r->out, ",%s", lapse_column_name(column));
    fputs(",item_results", r->out);
    if (r->zoned)
        fputs(",notice_deadline_at,access_ends_at", r->out);
    fputs(",error,error_code,error_field\n", r->out);
    return 0;
}

/* One input row, decided and written (JSON to `out`, CSV into `block`); a
 * bad row is written with its error and returns true.  Reads only what
 * every thread shares. */
static bool decide_line(const run *r, FILE *out, out_block *block, char *line, long length,
                        long number, bool first)
{
    lapse_row row;
    lapse_decision decision;
    lapse_error_detail detail;
    const lapse_error_detail *error = r->header_error.code ? &r->header_error : NULL;
    /* --keep: the kept fields (CSV as written, or JSON members), and the row
     * without the fields the library does not read. */
    char small[2048], *scratch = small, *kept = small, *filtered = line;
    size_t kept_length = 0;
    if (r->args->json)
        fprintf(out, "%s{", first ? "" : ",\n");
    if (r->keep_count) {
        size_t size = without_cr(line, (size_t)length);
        size_t room = 2 * (size_t)length + 64 * r->keep_count + 16;
        if (room > sizeof small && !(scratch = malloc(room))) {
            fprintf(stderr, "lapse batch: out of memory\n");
            exit(EXIT_USAGE);
        }
        kept = scratch;
        span fields[LAPSE_TABLE_MAX_COLUMNS];
        long count = raw_fields(line, size, fields, LAPSE_TABLE_MAX_COLUMNS);
        for (size_t k = 0; k < r->keep_count; k++) {
            long at = r->keep_at[k];
            span field = at < count && at < LAPSE_TABLE_MAX_COLUMNS ? fields[at] : (span){ 0, 0 };
            if (r->args->json) { /* "name": "value", as text */
                json_string(out, r->keep_name[k], strlen(r->keep_name[k]));
                fputs(": ", out);
                char *value = scratch + room - (size_t)length - 1;
                json_string(out, value, unquote(line, field, value));
                fputs(", ", out);
                continue;
            }
            memcpy(kept + kept_length, line + field.start, field.end - field.start);
            kept_length += field.end - field.start;
            kept[kept_length++] = ',';
        }
        if (!error && r->dropping && count >= 0 && count != r->input_count) {
            memset(&detail, 0, sizeof detail);
            detail.code = LAPSE_ERR_COLUMN_COUNT;
            snprintf(detail.message, sizeof detail.message, "row: %ld fields, the header has %ld",
                     count, r->input_count);
            error = &detail;
        } else if (r->dropping && count >= 0) {
            filtered = kept + kept_length;
            size_t n = 0;
            for (long c = 0; c < count; c++) {
                if (r->drop[c])
                    continue;
                if (n > 0)
                    filtered[n++] = ',';
                memcpy(filtered + n, line + fields[c].start, fields[c].end - fields[c].start);
                n += fields[c].end - fields[c].start;
            }
            filtered[n] = '\0';
            length = (long)n;
        }
    }
    lapse_item_result results[LAPSE_ITEMS_MAX];
    size_t count = 0;
    const lapse_zone *zone = NULL;
    void *owned = NULL;
    if (!error &&
        (lapse_table_row(&r->table, filtered, (size_t)length, &row, &detail) != LAPSE_OK ||
         (r->zoned &&
          zone_row(r->zones, &r->table, filtered, &row, &zone, &owned, &detail) != LAPSE_OK) ||
         lapse_decide_cancel(row.has_policy ? &row.policy : r->policy, &row.subscription,
                             &row.request, &decision, &detail) != LAPSE_OK ||
         /* A row with items: their part of the same decision. */
         (row.subscription.item_count > 0 &&
          lapse_decide_items(row.has_policy ? &row.policy : r->policy, &row.subscription,
                             &row.request, results, LAPSE_ITEMS_MAX, &count, &detail) != LAPSE_OK)))
        error = &detail;
    if (r->args->json) {
        write_json_row(out, number, error ? NULL : &decision, results, count, error, r->zoned,
                       zone);
    } else {
        char instants[2 * LAPSE_INSTANT_TEXT_SIZE];
        size_t instants_length = 0;
        if (r->zoned) { /* two empty fields for a bad row */
            instants[0] = ',';
            instants_length = error ? 1 : zone_instants_csv(zone, &decision, instants);
        }
        write_row(block, number, error ? NULL : &decision, results, count, error, kept, kept_length,
                  r->zoned ? instants : NULL, instants_length);
    }
    if (owned)
        free(owned);
    if (scratch != small)
        free(scratch);
    return error != NULL;
}

/* Every row in order on this thread (--jobs 1). */
static void decide_rows(run *r)
{
    out_block block = { .file = r->out, .size = BLOCK_SIZE };
    if (!r->args->json && !(block.data = malloc(block.size))) {
        fprintf(stderr, "lapse batch: out of memory\n");
        exit(EXIT_USAGE);
    }
    long length, written = r->reader.lines_read; /* the last line wholly written */
    size_t flushes = 0;
    while ((length = next_record(&r->reader)) >= 0) {
        if (!r->args->json && block.size - block.used < BLOCK_SIZE / 4) {
            if (!block_flush(&block))
                break;
            written = r->reader.number - 1;
        }
        if (decide_line(r, r->out, &block, r->reader.line, length, r->reader.number, r->first))
            r->status = EXIT_NO;
        r->first = false;
        /* A failed write loses rows: stop at the first, with its cause.
         * JSON is written row by row; CSV only when the block is flushed
         * (here or, for a row larger than what is left, in block_room), so
         * only a row that flushed asks. */
        if ((r->args->json || block.flushes != flushes) && ferror(r->out))
            break;
        flushes = block.flushes;
        if (r->args->json)
            written = r->reader.lines_read;
    }
    if (!ferror(r->out) && block_flush(&block))
        written = r->reader.lines_read;
    if (ferror(r->out)) {
        r->write_errno = errno;
        r->failed_after = written;
    }
    free(block.data);
}

/* ------------------------------------------------------------------------
 * --jobs N: chunks of lines decided on N threads, written in input order
 *
 * The reading thread fills a ring of 2N chunks; workers decide any chunk
 * that is ready into its own memory stream; the reading thread writes
 * finished chunks in order and reuses their slots, so at most 2N chunks
 * are in memory whatever the input's size.  The library is thread-free;
 * the threads are the tool's.
 * ------------------------------------------------------------------------ */

enum { CHUNK_ROWS = 4096 };
typedef enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE } slot_state;

typedef struct chunk {
    slot_state state;
    char *text; /* the rows, each NUL-terminated */
    size_t used, size;
    size_t start[CHUNK_ROWS];
    long length[CHUNK_ROWS];
    long number[CHUNK_ROWS]; /* each row's first line (a record may span lines) */
    size_t rows;
    long first_number;
    bool first_chunk;
    char *out; /* the rows' JSON output (open_memstream) */
    size_t out_size;
    out_block block; /* the rows' CSV output */
    bool bad, lost;  /* a bad row; the output could not be built */
} chunk;

typedef struct pool {
    pthread_mutex_t lock;
    pthread_cond_t ready, done;
    chunk *chunks;
    size_t count;
    bool closing;
    run *r;
} pool;

static void decide_chunk(const run *r, chunk *c)
{
    c->block.used = 0;
    FILE *out = NULL;
    if (r->args->json && !(out = open_memstream(&c->out, &c->out_size))) {
        c->lost = true;
        return;
    }
    for (size_t i = 0; i < c->rows; i++)
        c->bad |= decide_line(r, out, &c->block, c->text + c->start[i], c->length[i], c->number[i],
                              c->first_chunk && i == 0);
    c->lost = c->block.lost;
    if (out) {
        c->lost |= ferror(out) != 0;
        if (fclose(out) != 0)
            c->lost = true;
    }
}

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        chunk *c = NULL;
        for (size_t i = 0; i < p->count && !c; i++)
            if (p->chunks[i].state == SLOT_READY)
                c = &p->chunks[i];
        if (!c && p->closing)
            break;
        if (!c) {
            pthread_cond_wait(&p->ready, &p->lock);
            continue;
        }
        c->state = SLOT_BUSY;
        pthread_mutex_unlock(&p->lock);
        decide_chunk(p->r, c);
        pthread_mutex_lock(&p->lock);
        c->state = SLOT_DONE;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Up to CHUNK_ROWS lines of input into a free chunk; false at the end. */
static bool fill_chunk(run *r, chunk *c, bool first_chunk)
{
    c->rows = c->used = 0;
    c->bad = c->lost = false;
    c->first_chunk = first_chunk;
    long length;
    while (c->rows < CHUNK_ROWS && (length = next_record(&r->reader)) >= 0) {
        if (c->rows == 0)
            c->first_number = r->reader.number;
        size_t need = c->used + (size_t)length + 1;
        if (need > c->size) {
            size_t size = need * 2;
            char *text = realloc(c->text, size);
            if (!text) {
                fprintf(stderr, "lapse batch: out of memory\n");
                exit(EXIT_USAGE);
            }
            c->text = text, c->size = size;
        }
        memcpy(c->text + c->used, r->reader.line, (size_t)length + 1);
        c->start[c->rows] = c->used;
        c->number[c->rows] = r->reader.number;
        c->length[c->rows++] = length;
        c->used = need;
    }
    return c->rows > 0;
}

/* The oldest chunk, once decided, written out and freed; false when the
 * write failed (the cause in r->write_errno). */
static bool write_chunk(pool *p, chunk *c)
{
    pthread_mutex_lock(&p->lock);
    while (c->state != SLOT_DONE)
        pthread_cond_wait(&p->done, &p->lock);
    pthread_mutex_unlock(&p->lock);
    run *r = p->r;
    if (c->lost)
        errno = ENOMEM;
    else if (r->args->json)
        fwrite(c->out, 1, c->out_size, r->out);
    else
        fwrite(c->block.data, 1, c->block.used, r->out);
    if (c->bad)
        r->status = EXIT_NO;
    free(c->out);
    c->out = NULL;
    pthread_mutex_lock(&p->lock); /* workers read every state while they look */
    c->state = SLOT_FREE;
    pthread_mutex_unlock(&p->lock);
    if (c->lost || ferror(r->out)) {
        r->write_errno = errno;
        r->failed_after = c->first_number;
        return false;
    }
    return true;
}

static void batch_parallel(run *r, int jobs)
{
    pool p = { .count = (size_t)jobs * 2, .r = r };
    p.chunks = calloc(p.count, sizeof *p.chunks);
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    if (!p.chunks || !threads) {
        fprintf(stderr, "lapse batch: out of memory\n");
        exit(EXIT_USAGE);
    }
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.ready, NULL);
    pthread_cond_init(&p.done, NULL);
    int started = 0;
    while (started < jobs && pthread_create(&threads[started], NULL, worker, &p) == 0)
        started++;
    if (started == 0) { /* no thread to be had: decide here */
        decide_rows(r);
    } else {
        size_t filled = 0, written = 0;
        bool ok = true;
        for (;;) {
            chunk *c = &p.chunks[filled % p.count];
            if (filled - written == p.count) { /* every slot in flight: write the oldest */
                if (!(ok = write_chunk(&p, c)))
                    break;
                written++;
            }
            if (!fill_chunk(r, c, filled == 0))
                break;
            pthread_mutex_lock(&p.lock);
            c->state = SLOT_READY;
            pthread_cond_signal(&p.ready);
            pthread_mutex_unlock(&p.lock);
            filled++;
        }
        while (ok && written < filled)
            ok = write_chunk(&p, &p.chunks[written++ % p.count]);
        pthread_mutex_lock(&p.lock);
        for (size_t i = 0; i < p.count; i++) /* after a failed write: nothing more to do */
            if (p.chunks[i].state == SLOT_READY)
                p.chunks[i].state = SLOT_FREE;
        p.closing = true;
        pthread_cond_broadcast(&p.ready);
        pthread_mutex_unlock(&p.lock);
    }
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    for (size_t i = 0; i < p.count; i++) {
        free(p.chunks[i].text);
        free(p.chunks[i].out);
        free(p.chunks[i].block.data);
    }
    pthread_cond_destroy(&p.done);
    pthread_cond_destroy(&p.ready);
    pthread_mutex_destroy(&p.lock);
    free(threads);
    free(p.chunks);
}

static int batch(cli_args *args)
{
    if (args->file_count > 1) {
        cli_error(args, "reads one file (or - for standard input), got %zu", args->file_count);
        return EXIT_USAGE;
    }
    run r = { .args = args, .first = true, .status = EXIT_OK };
    lapse_policy default_policy;
    lapse_policy_default(&default_policy);
    if (memcmp(&default_policy, &args->policy_value, sizeof default_policy) != 0)
        r.policy = &args->policy_value;
    r.path = args->file_count ? args->files[0] : "-";
    r.out_name = args->output ? args->output : "standard output";
    int status = open_files(&r);
    if (!status)
        status = start(&r);
    if (!status) {
        /* The default is one job, whatever the machine (nothing is
         * measured here): two jobs on two cores were 1.31x faster by wall
         * time on an idle machine, for 1.42x the CPU time, and no faster
         * on a busy one (bench/bench_csv_floor.py; docs/cli.md says why
         * one job stays the default). */
        int jobs = args->jobs ? args->jobs : 1;
        if (jobs > 1)
            batch_parallel(&r, jobs);
        else
            decide_rows(&r);
        if (args->json && !r.write_errno)
            fputs("\n]}\n", r.out);
        status = r.status;
        /* A bad header fails the run even with no row to report it in (a
         * file whose lines end in a lone CR is one header line). */
        if (r.header_error.code && status == EXIT_OK)
            status = EXIT_NO;
        if (r.reader.error) {
            cli_error(args, "reading %s: %s", strcmp(r.path, "-") ? r.path : "standard input",
                      strerror(r.reader.error));
            status = EXIT_USAGE;
        }
    }
    if (r.write_errno) {
        cli_error(args, "writing %s: %s (output incomplete after line %ld)", r.out_name,
                  strerror(r.write_errno), r.failed_after);
        status = EXIT_OUTPUT;
    }
    /* Standard output is checked by main, once. */
    if (r.out && r.out != stdout)
        status = cli_finish_output(args, r.out, r.out_name, status);
    for (size_t k = 0; k < r.keep_count; k++)
        free(r.keep_name[k]);
    zone_cache_free(r.zones);
    reader_free(&r.reader);
    if (r.reader.file && r.reader.file != stdin)
        fclose(r.reader.file);
    return status;
}

const cli_command cli_batch_command = { "batch", batch, help, NULL };
