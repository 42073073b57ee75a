/* The lapse command-line tool: a thin layer over the public API. */
#ifndef LAPSE_CLI_H
#define LAPSE_CLI_H

#include "lapse/tables.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_NO = 1, EXIT_USAGE = 2 };

/* What the command line said. */
typedef struct cli_args {
    const char *command; /* "cancel", "status", ... */
    lapse_cell cells[LAPSE_COLUMN_COUNT];
    size_t cell_count;
    char roles[128]; /* every --role, joined by ';' */
    bool json;
    bool help;
    const char *files[256];
    size_t file_count;
    const char *output; /* -o */
    const char *policy; /* --policy NAME|FILE */
    lapse_policy policy_value;
} cli_args;

/* Prints "lapse COMMAND: message" to stderr. */
void cli_error(const cli_args *args, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Reports a library error, naming the flag behind the field; returns 2. */
int cli_report(const cli_args *args, const lapse_error_detail *detail);

/* Fills args->policy_value from --policy (a preset name or a file), or the
 * default; returns 0 or the exit status of an error it reported. */
int cli_policy(cli_args *args);

/* Builds the subscription and request from the flags (with today as the
 * default --on); returns 0 or the exit status of an error it reported. */
int cli_inputs(cli_args *args, lapse_subscription *subscription, lapse_request *request);

/* The decision's keys in output order (JSON objects, batch CSV columns). */
extern const lapse_column cli_decision_columns[];
extern const size_t cli_decision_column_count;

/* JSON output. */
void json_string(FILE *out, const char *text, size_t length);
void json_decision(FILE *out, const lapse_decision *decision);
/* The decision's keys and values without the braces, for larger objects. */
void json_decision_members(FILE *out, const lapse_decision *decision);
void json_date(FILE *out, lapse_date date);

/* CSV output: one field, quoted when it needs to be. */
void csv_field(FILE *out, const char *text, size_t length);

/* Subcommands. */
int cli_cancel(cli_args *args);
int cli_status(cli_args *args);
int cli_timeline(cli_args *args);
int cli_check(cli_args *args);
int cli_batch(cli_args *args);
int cli_policy_command(cli_args *args);

#endif
