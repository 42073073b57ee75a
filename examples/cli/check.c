/* lapse check: scenario files in the vectors format, row by row. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: lapse check FILE... (- for standard input)\n"
    "\n"
    "Runs scenario files in the vectors format (tab-separated, header row, '#'\n"
    "comments; lapse-vectors(5) documents every column) and prints each failing\n"
    "row with the expected and actual values, then 'N passed, N failed'.  Exit 1 if\n"
    "any failed.\n"
    "A row's policy column wins over --policy NAME|FILE (default: default).\n"
    "  --json                  {\"passed\", \"failed\", \"failures\": [{\"file\", \"line\",\n"
    "                          \"note\", \"message\"}, ...]}\n";

/* One failing row: printed at once, or (with --json) as an array member. */
static void report_failure(cli_args *args, const char *path, long line, const char *note,
                           size_t note_length, const char *message, long failures)
{
    if (!args->json) {
        printf("%s:%ld: FAIL", path, line);
        if (note_length > 0)
            printf(" (%.*s)", (int)note_length, note);
        printf(": %s\n", message);
        return;
    }
    printf("%s{\"file\": ", failures > 1 ? ", " : "");
    json_string(stdout, path, strlen(path));
    printf(", \"line\": %ld, \"note\": ", line);
    json_string(stdout, note, note_length);
    printf(", \"message\": ");
    json_string(stdout, message, strlen(message));
    printf("}");
}

/* A row's expected cell of `column` (false when the table has none, or
 * it is "*"). */
static bool expected_cell(const lapse_table *table, const lapse_row *row, const char *line,
                          lapse_column column, const char **text, size_t *length)
{
    for (int c = 0; c < table->count; c++)
        if (table->columns[c] == column) {
            *text = line + row->offset[c];
            *length = row->length[c];
            return !(*length == 1 && **text == '*');
        }
    return false;
}

/* The row's zone and requested_at (zones.c), and its notice_deadline_at and
 * access_ends_at compared: mismatches written to report (after `used`
 * bytes) and counted.  A zone that cannot be read is the row's error: a
 * mismatch unless its error column names it. */
static int check_zone(zone_cache *zones, const lapse_table *table, const char *line, lapse_row *row,
                      const lapse_policy *policy, char *report, size_t size, bool *skip)
{
    const lapse_zone *zone;
    void *owned;
    lapse_error_detail detail;
    const char *text = "";
    size_t length = 0;
    *skip = false;
    lapse_error error = zone_row(zones, table, line, row, &zone, &owned, &detail);
    if (error) {
        free(owned);
        *skip = true;
        const char *name = lapse_error_name(error);
        if (expected_cell(table, row, line, LAPSE_COLUMN_ERROR, &text, &length) &&
            length == strlen(name) && memcmp(text, name, length) == 0)
            return 0;
        snprintf(
            report, size, "error: expected %.*s, got %s: %s",
            (int)(expected_cell(table, row, line, LAPSE_COLUMN_ERROR, &text, &length) ? length : 0),
            text, name, detail.message);
        return 1;
    }
    lapse_decision decision;
    int mismatches = 0;
    size_t used = 0;
    if (lapse_decide_cancel(row->has_policy ? &row->policy : policy, &row->subscription,
                            &row->request, &decision, NULL) != LAPSE_OK)
        memset(&decision, 0, sizeof decision), zone = NULL;
    char instants[2 * LAPSE_INSTANT_TEXT_SIZE];
    zone_instants_csv(zone, &decision, instants);
    char *comma = strchr(instants, ',');
    *comma = '\0';
    const char *got[2] = { instants, comma + 1 };
    static const lapse_column columns[2] = { LAPSE_COLUMN_NOTICE_DEADLINE_AT,
                                             LAPSE_COLUMN_ACCESS_ENDS_AT };
    for (int i = 0; i < 2; i++) {
        if (!expected_cell(table, row, line, columns[i], &text, &length))
            continue;
        if (length == strlen(got[i]) && memcmp(text, got[i], length) == 0)
            continue;
        int n = snprintf(report + used, size - used, "%s%s: expected %.*s, got %s",
                         mismatches ? "; " : "", lapse_column_name(columns[i]), (int)length, text,
                         got[i]);
        used += n > 0 && (size_t)n < size - used ? (size_t)n : 0;
        mismatches++;
    }
    free(owned);
    return mismatches;
}

static int check_file(cli_args *args, const char *path, long *passed, long *failed)
{
    bool from_stdin = strcmp(path, "-") == 0; /* - is standard input */
    line_reader reader = { .file = from_stdin ? stdin : fopen(path, "rb") };
    if (!reader.file) {
        cli_error(args, "cannot open %s: %s", path, strerror(errno));
        return EXIT_USAGE;
    }
    lapse_table table;
    bool have_header = false;
    int status = EXIT_OK;
    int note = -1;
    long length;
    zone_cache *zones = NULL;
    while ((length = next_line(&reader)) >= 0) {
        char *line = reader.line;
        /* A UTF-8 byte-order mark (an editor's "UTF-8 with BOM") starts the
         * file, not its first line's text. */
        if (reader.number == 1 && length >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
            line += 3, length -= 3;
        if (blank_line(line, length) || line[0] == '#')
            continue;
        lapse_error_detail detail;
        if (!have_header) {
            if (lapse_table_header(&table, '\t', line, (size_t)length, &detail) != LAPSE_OK) {
                fprintf(stderr, "%s:%ld: header: %s\n", path, reader.number, detail.message);
                status = EXIT_USAGE;
                break;
            }
            for (int c = 0; c < table.count; c++)
                if (table.columns[c] == LAPSE_COLUMN_NOTE)
                    note = c;
            have_header = true;
            if (table_has_zone(&table) && !zones && !(zones = zone_cache_new())) {
                fprintf(stderr, "lapse check: out of memory\n");
                status = EXIT_USAGE;
                break;
            }
            continue;
        }
        lapse_row row;
        char report[4096];
        lapse_error error = lapse_table_row(&table, line, (size_t)length, &row, &detail);
        /* Split but not parsed, the row still has its note. */
        bool has_note = note >= 0 && row.count == table.count;
        const char *note_text = has_note ? line + row.offset[note] : "";
        size_t note_length = has_note ? row.length[note] : 0;
        if (error != LAPSE_OK) {
            char message[sizeof detail.message + 32];
            snprintf(message, sizeof message, "cannot read the row: %s", detail.message);
            report_failure(args, path, reader.number, note_text, note_length, message, ++*failed);
            continue;
        }
        char zone_report[1024] = "";
        bool skip = false;
        int zone_mismatches = 0;
        if (zones && table_has_zone(&table))
            zone_mismatches = check_zone(zones, &table, line, &row, &args->policy_value,
                                         zone_report, sizeof zone_report, &skip);
        int mismatches = skip ? 0
                              : lapse_row_check(&args->policy_value, &table, line, (size_t)length,
                                                &row, report, sizeof report);
        if (mismatches + zone_mismatches == 0) {
            ++*passed;
            continue;
        }
        if (mismatches == 0)
            snprintf(report, sizeof report, "%s", zone_report);
        else if (zone_mismatches)
            snprintf(report + strlen(report), sizeof report - strlen(report), "; %s", zone_report);
        ++*failed;
        report_failure(args, path, reader.number, note_text, note_length, report, *failed);
    }
    if (reader.error) {
        cli_error(args, "reading %s: %s", path, strerror(reader.error));
        status = EXIT_USAGE;
    } else if (!have_header && status == EXIT_OK) {
        cli_error(args, "%s: no header row", path);
        status = EXIT_USAGE;
    }
    reader_free(&reader);
    zone_cache_free(zones);
    if (!from_stdin)
        fclose(reader.file);
    return status;
}

static int check(cli_args *args)
{
    if (args->file_count == 0) {
        cli_error(args, "give at least one scenario file (see 'lapse check --help')");
        return EXIT_USAGE;
    }
    long passed = 0, failed = 0;
    int status = EXIT_OK;
    if (args->json)
        printf("{\"failures\": [");
    for (size_t i = 0; i < args->file_count; i++) {
        int file_status = check_file(args, args->files[i], &passed, &failed);
        if (file_status)
            status = file_status;
    }
    if (args->json)
        printf("], \"passed\": %ld, \"failed\": %ld}\n", passed, failed);
    else if (status != EXIT_USAGE) /* a file not read: no count to give */
        printf("%ld passed, %ld failed\n", passed, failed);
    if (status)
        return status;
    return failed ? EXIT_NO : EXIT_OK;
}

const cli_command cli_check_command = { "check", check, help, NULL };
