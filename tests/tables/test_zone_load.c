/*
 * lapse_zone_load() (#29): zones by name from a zoneinfo directory built
 * here (a good zone, a truncated one, a directory, a valid TZif file
 * outside the directory that no name may reach), and the system's own
 * America/Los_Angeles when it is installed.
 */
#define _DEFAULT_SOURCE
#include "testutil.h"
#include "lapse/tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64], directory[128];
static lapse_zone zone;

/* A version 2 file: UTC+01:00, no transitions, footer "<+01>-1". */
static const unsigned char plus_one[] = {
    'T', 'Z', 'i', 'f', '2', 0,   0,    0,   0,   0,   0,   0,   0,    0,    0,   0,    0,
    0,   0,   0,   0,   0,   0,   0,    0,   0,   0,   0,   0,   0,    0,    0,   0,    0,
    0,   0,   0,   0,   0,   1,   0,    0,   0,   4,   0,   0,   0x0e, 0x10, 0,   0,    'A',
    'B', 'C', 0,   'T', 'Z', 'i', 'f',  '2', 0,   0,   0,   0,   0,    0,    0,   0,    0,
    0,   0,   0,   0,   0,   0,   0,    0,   0,   0,   0,   0,   0,    0,    0,   0,    0,
    0,   0,   0,   0,   0,   0,   0,    0,   1,   0,   0,   0,   4,    0,    0,   0x0e, 0x10,
    0,   0,   'A', 'B', 'C', 0,   '\n', '<', '+', '0', '1', '>', '-',  '1',  '\n'
};

static void write_file(const char *path, const unsigned char *bytes, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

static int set_up(void **state)
{
    (void)state;
    strcpy(root, "/tmp/lapse-zones-XXXXXX");
    if (!mkdtemp(root))
        return -1;
    char path[256];
    snprintf(directory, sizeof directory, "%s/zoneinfo", root);
    mkdir(directory, 0700);
    snprintf(path, sizeof path, "%s/Test", directory);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/Test/Plus_One", directory);
    write_file(path, plus_one, sizeof plus_one);
    snprintf(path, sizeof path, "%s/Test/Cut", directory);
    write_file(path, plus_one, 60);
    /* A zone file outside the directory: reachable only by '..' or an
     * absolute path, both refused. */
    snprintf(path, sizeof path, "%s/Outside", root);
    write_file(path, plus_one, sizeof plus_one);
    return 0;
}

static int tear_down(void **state)
{
    (void)state;
    const char *files[] = { "zoneinfo/Test/Plus_One", "zoneinfo/Test/Cut", "Outside",
                            "zoneinfo/Test",          "zoneinfo",          "" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", root, files[i]);
        remove(path);
    }
    return 0;
}

static void test_load_by_name(void **state)
{
    (void)state;
    lapse_error_detail detail;
    assert_int_equal(lapse_zone_load(directory, "Test/Plus_One", &zone, &detail), LAPSE_OK);
    assert_string_equal(zone.name, "Test/Plus_One");
    lapse_date date;
    /* 1970-01-01T23:00Z is midnight of day 1 at +01:00. */
    assert_int_equal(lapse_zone_date(&zone, 82799, &date), LAPSE_OK);
    assert_int_equal(date, 0);
    assert_int_equal(lapse_zone_date(&zone, 82800, &date), LAPSE_OK);
    assert_int_equal(date, 1);
    /* A directory written with its slash. */
    char slashed[160];
    snprintf(slashed, sizeof slashed, "%s/", directory);
    assert_int_equal(lapse_zone_load(slashed, "Test/Plus_One", &zone, &detail), LAPSE_OK);
}

/* Names that could reach outside the directory, or are no zone name, are
 * refused by their bytes (a zone file stands at each place they point). */
static void test_names_refused(void **state)
{
    (void)state;
    char outside[160];
    snprintf(outside, sizeof outside, "%s/Outside", root);
    struct {
        const char *name;
        const char *message;
    } refused[] = {
        { "../Outside", "'..' would leave the zoneinfo directory" },
        { "Test/../../Outside", "'..' would leave the zoneinfo directory" },
        { "..", "'..' would leave the zoneinfo directory" },
        { outside, "an absolute path, not a zone name" },
        { "Test/./Plus_One", "only letters, digits" },
        { "Test/Plus_One\n", "only letters, digits" },
        { "Test\\Plus_One", "only letters, digits" },
        { "Test/Plus One", "only letters, digits" },
        { "Test/Plus_One%00", "only letters, digits" },
        { "Test//Plus_One", "an empty component" },
        { "Test/", "an empty component" },
        { "", "empty" },
        { "Europe/Rome_is_a_city_and_this_name_is_far_too_long_for_any_zone", "longer than" },
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        lapse_error_detail detail;
        memset(&zone, 0xAB, sizeof zone);
        lapse_error error = lapse_zone_load(directory, refused[i].name, &zone, &detail);
        if (error != LAPSE_ERR_VALUE_SYNTAX || strcmp(detail.field, "zone") != 0 ||
            !strstr(detail.message, refused[i].message) || strncmp(detail.message, "zone '", 6))
            fail_msg("%s: %d %s", refused[i].name, error, detail.message);
        assert_int_equal(zone.types, 0); /* all zero */
    }
    /* The bytes of a name are quoted in the message, never printed raw. */
    lapse_error_detail detail;
    assert_int_equal(lapse_zone_load(directory, "Test/\x1b[31m", &zone, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    assert_non_null(strstr(detail.message, "zone 'Test/\\x1b[31m': only letters"));
}

static void test_missing_and_corrupt(void **state)
{
    (void)state;
    lapse_error_detail detail;
    assert_int_equal(lapse_zone_load(directory, "Test/Nowhere", &zone, &detail),
                     LAPSE_ERR_UNKNOWN_NAME);
    char expected[256];
    snprintf(expected, sizeof expected, "zone Test/Nowhere: no such zone in %s", directory);
    assert_string_equal(detail.message, expected);
    assert_string_equal(detail.field, "zone");
    /* A directory is no zone. */
    assert_int_equal(lapse_zone_load(directory, "Test", &zone, &detail), LAPSE_ERR_UNKNOWN_NAME);
    /* A truncated file names the zone. */
    assert_int_equal(lapse_zone_load(directory, "Test/Cut", &zone, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.message, "zone Test/Cut: truncated TZif file (header)");
    /* Arguments. */
    assert_int_equal(lapse_zone_load(NULL, "Test/Plus_One", &zone, &detail),
                     LAPSE_ERR_NULL_ARGUMENT);
    assert_string_equal(detail.field, "directory");
    assert_int_equal(lapse_zone_load(directory, NULL, &zone, &detail), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_zone_load(directory, "Test/Plus_One", NULL, &detail),
                     LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_zone_load("", "Test/Plus_One", &zone, &detail), LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.field, "directory");
}

/* The example with the system's zone (skipped without tzdata):
 * 2025-12-02 23:30 in Los Angeles is 2025-12-03T07:30Z, the local date
 * the 2nd, the UTC date the 3rd; the 3rd starts at 08:00Z (PST). */
static void test_system_los_angeles(void **state)
{
    (void)state;
    if (access("/usr/share/zoneinfo/America/Los_Angeles", R_OK) != 0)
        skip();
    lapse_error_detail detail;
    assert_int_equal(lapse_zone_load("/usr/share/zoneinfo", "America/Los_Angeles", &zone, &detail),
                     LAPSE_OK);
    int64_t at;
    assert_int_equal(lapse_instant_parse("2025-12-02T23:30:00-08:00", 25, &at, NULL, NULL),
                     LAPSE_OK);
    lapse_date date;
    assert_int_equal(lapse_zone_date(&zone, at, &date), LAPSE_OK);
    assert_int_equal(date, test_date("2025-12-02"));
    int64_t start;
    assert_int_equal(lapse_zone_day_start(&zone, test_date("2025-12-03"), &start), LAPSE_OK);
    assert_int_equal(start, at + 1800);
    /* 2025-03-09 02:00 PST jumps to 03:00 PDT: the day starts at 08:00Z,
     * the next at 07:00Z (23 hours). */
    int64_t march9, march10;
    assert_int_equal(lapse_zone_day_start(&zone, test_date("2025-03-09"), &march9), LAPSE_OK);
    assert_int_equal(lapse_zone_day_start(&zone, test_date("2025-03-10"), &march10), LAPSE_OK);
    assert_int_equal(march10 - march9, 23 * 3600);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_by_name),
        cmocka_unit_test(test_names_refused),
        cmocka_unit_test(test_missing_and_corrupt),
        cmocka_unit_test(test_system_los_angeles),
    };
    return cmocka_run_group_tests(tests, set_up, tear_down);
}
