/*
 * policy_keys TEMPLATE OUTPUT: writes lapse-policy(5) from its template,
 * the line "@POLICY_KEYS@" replaced by one mdoc .It entry per policy key,
 * from the one table of the keys (LAPSE__POLICY_TABLE in lapse.h) and the
 * library's names of their values, in canonical order.  Run at build time
 * (examples/meson.build), so that the installed page lists exactly the
 * table's keys: a key added to the table needs no edit of the page.
 */
#include "lapse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct key {
    const char *name;
    lapse_policy_key_type type;
    lapse_kind kind;
    int64_t min, max, def;
    const char *doc;
} key;

#define KEY_ROW(ctype, field, type, kind, min, max, def, order, check, doc) \
    [order] = { #field, LAPSE_POLICY_KEY_##type, kind, min, max, (int64_t)(def), doc },
#define NOT_A_KEY(ctype, field, count, doc)
static const key keys[] = { LAPSE__POLICY_TABLE(KEY_ROW, NOT_A_KEY) };
#define KEY_COUNT (sizeof keys / sizeof keys[0])

/* Text as an mdoc line: no line starts with '.' or '\'', and '\' is
 * escaped; a sentence's first letter upper-case, unless its first word is
 * a name (of a key or value: "fixed_fee: ..."). */
static void text_line(FILE *out, const char *text, int capital)
{
    size_t word = strcspn(text, " :");
    if (memchr(text, '_', word))
        capital = 0;
    if (text[0] == '.' || text[0] == '\'')
        fputs("\\&", out);
    for (const char *c = text; *c; c++) {
        if (*c == '\\')
            fputs("\\e", out);
        else if (c == text && capital && *c >= 'a' && *c <= 'z')
            fputc(*c - 'a' + 'A', out);
        else
            fputc(*c, out);
    }
}

/* ".Ar a ,\n.Ar b\nor\n.Ar c" followed by `end` (" ." or ""). */
static void one_of(FILE *out, const char *const *names, size_t count, const char *end)
{
    for (size_t i = 0; i < count; i++) {
        fprintf(out, ".Ar %s%s\n", names[i], i + 2 < count ? " ," : i + 1 < count ? "" : end);
        if (i + 2 == count)
            fputs("or\n", out);
    }
}

static int write_key(FILE *out, const key *k)
{
    fprintf(out, ".It Cm %s\n", k->name);
    text_line(out, k->doc, 1);
    fputs(".\n", out);
    const char *names[64];
    size_t count = 0;
    switch (k->type) {
    case LAPSE_POLICY_KEY_CHOICE:
        for (int64_t v = 0; v <= k->max && count < 64; v++)
            if ((names[count] = lapse_name(k->kind, (uint32_t)v)) == NULL)
                return -1;
            else
                count++;
        if (count > 2)
            fputs("One of\n", out);
        one_of(out, names, count, " .");
        fprintf(out, "Default\n.Ar %s .\n", lapse_name(k->kind, (uint32_t)k->def));
        return 0;
    case LAPSE_POLICY_KEY_FLAG:
        names[0] = "true";
        names[1] = "false";
        one_of(out, names, 2, " .");
        fprintf(out, "Default\n.Ar %s .\n", k->def ? "true" : "false");
        return 0;
    case LAPSE_POLICY_KEY_ROLES: {
        for (uint32_t bit = 1; bit != 0 && bit <= (uint32_t)k->max; bit <<= 1)
            if ((names[count] = lapse_name(k->kind, bit)) != NULL)
                count++;
        fputs("Comma-separated names of\n", out);
        for (size_t i = 0; i < count; i++)
            fprintf(out, ".Ar %s ,\n", names[i]);
        fputs("or\n.Ar none .\nDefault\n.Ar ", out);
        const char *separator = "";
        for (uint32_t bit = 1; bit != 0 && bit <= (uint32_t)k->max; bit <<= 1)
            if ((uint32_t)k->def & bit) {
                fprintf(out, "%s%s", separator, lapse_name(k->kind, bit));
                separator = ",";
            }
        fputs(k->def ? " .\n" : "none .\n", out);
        return 0;
    }
    case LAPSE_POLICY_KEY_AMOUNT:
        fprintf(out, "At least %lld.\nDefault %lld.\n", (long long)k->min, (long long)k->def);
        return 0;
    case LAPSE_POLICY_KEY_DATES:
        fprintf(out,
                "Dates\n.Ar YYYY-MM-DD\nseparated by commas, at most %lld, or\n.Ar none "
                ".\nDefault\n.Ar none .\n",
                (long long)k->max);
        return 0;
    case LAPSE_POLICY_KEY_DAYS:
    case LAPSE_POLICY_KEY_PERCENT:
        fprintf(out, "%lld to %lld.\nDefault %lld.\n", (long long)k->min, (long long)k->max,
                (long long)k->def);
        return 0;
    }
    return -1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: policy_keys TEMPLATE OUTPUT\n", stderr);
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    FILE *out = in ? fopen(argv[2], "w") : NULL;
    if (!in || !out) {
        perror(in ? argv[2] : argv[1]);
        return 1;
    }
    char line[4096];
    int replaced = 0;
    while (fgets(line, sizeof line, in)) {
        if (strcmp(line, "@POLICY_KEYS@\n") != 0) {
            fputs(line, out);
            continue;
        }
        for (size_t i = 0; i < KEY_COUNT; i++)
            if (!keys[i].name || write_key(out, &keys[i]) != 0) {
                fprintf(stderr, "policy_keys: key %zu has no name or values\n", i);
                return 1;
            }
        replaced++;
    }
    fclose(in);
    if (fclose(out) != 0 || replaced != 1) {
        fprintf(stderr, "policy_keys: %s: expected one @POLICY_KEYS@ line\n", argv[1]);
        remove(argv[2]);
        return 1;
    }
    return 0;
}
