/*
 * Time zones (#29): TZif files built byte by byte here (versions 1 to 3,
 * footer rules Mm.w.d, Jn and n with /time, negative and over-24-hour
 * times), the local date and the first instant of a date across DST gaps,
 * overlaps at midnight and a skipped day, truncated and corrupt files,
 * RFC 3339 instants, deadlines as instants and their explanation.  Every
 * instant below is worked out in its comment.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

/* A TZif file under construction. */
typedef struct tzif {
    unsigned char b[65536];
    size_t n;
} tzif;

static void put8(tzif *f, unsigned v) { f->b[f->n++] = (unsigned char)v; }
static void put32(tzif *f, uint32_t v)
{
    for (int s = 24; s >= 0; s -= 8)
        put8(f, (v >> s) & 0xff);
}
static void put64(tzif *f, int64_t v)
{
    put32(f, (uint32_t)((uint64_t)v >> 32));
    put32(f, (uint32_t)(uint64_t)v);
}

typedef struct zone_spec {
    int version; /* 1, 2, 3 */
    size_t transitions;
    const int64_t *at;
    const unsigned char *type_of;
    size_t types;
    const int32_t *offset;
    const unsigned char *isdst;
    const char *footer; /* v2+ */
} zone_spec;

static void header(tzif *f, int version, uint32_t time, uint32_t type, uint32_t chars)
{
    memcpy(f->b + f->n, "TZif", 4);
    f->n += 4;
    put8(f, version == 1 ? 0 : (unsigned)('0' + version));
    for (int i = 0; i < 15; i++)
        put8(f, 0);
    put32(f, 0);    /* isut */
    put32(f, 0);    /* isstd */
    put32(f, 0);    /* leap */
    put32(f, time); /* time */
    put32(f, type);
    put32(f, chars);
}

static void block(tzif *f, const zone_spec *z, int time_size)
{
    header(f, z->version, (uint32_t)z->transitions, (uint32_t)z->types, 4);
    for (size_t i = 0; i < z->transitions; i++) {
        if (time_size == 4)
            put32(f, (uint32_t)(int32_t)z->at[i]);
        else
            put64(f, z->at[i]);
    }
    for (size_t i = 0; i < z->transitions; i++)
        put8(f, z->type_of[i]);
    for (size_t i = 0; i < z->types; i++) {
        put32(f, (uint32_t)z->offset[i]);
        put8(f, z->isdst ? z->isdst[i] : 0);
        put8(f, 0);
    }
    memcpy(f->b + f->n, "ZZZ", 4);
    f->n += 4;
}

static void build(tzif *f, const zone_spec *z)
{
    f->n = 0;
    block(f, z, 4);
    if (z->version >= 2) {
        block(f, z, 8);
        put8(f, '\n');
        size_t length = strlen(z->footer);
        memcpy(f->b + f->n, z->footer, length);
        f->n += length;
        put8(f, '\n');
    }
}

/* A zone of no transitions and one type, all from its footer. */
static void footer_zone(lapse_zone *zone, int version, int32_t offset, const char *footer)
{
    static tzif f;
    zone_spec z = { version, 0, NULL, NULL, 1, &offset, NULL, footer };
    build(&f, &z);
    lapse_error_detail detail;
    lapse_error error = lapse_zone_parse("Test/Zone", f.b, f.n, zone, &detail);
    if (error)
        fail_msg("%s: %s", footer, detail.message);
}

static int64_t instant(const char *text)
{
    int64_t t;
    lapse_error_detail detail;
    if (lapse_instant_parse(text, strlen(text), &t, NULL, &detail))
        fail_msg("%s", detail.message);
    return t;
}

static int32_t offset_at(const lapse_zone *zone, const char *text)
{
    int32_t offset;
    assert_int_equal(lapse_zone_offset(zone, instant(text), &offset), LAPSE_OK);
    return offset;
}

static lapse_date date_at(const lapse_zone *zone, int64_t t)
{
    lapse_date date;
    assert_int_equal(lapse_zone_date(zone, t, &date), LAPSE_OK);
    return date;
}

static int64_t day_start(const lapse_zone *zone, const char *date)
{
    int64_t t;
    assert_int_equal(lapse_zone_day_start(zone, test_date(date), &t), LAPSE_OK);
    return t;
}

static lapse_zone zone; /* 19 KB: not on the stack */

/* Version 1: 32-bit times, no footer; the last type lasts. */
static void test_version_1(void **state)
{
    (void)state;
    static tzif f;
    /* 0 at 1970-01-02T00:00Z (86400) to +02:00, back to +01:00 at
     * 1970-01-03T00:00Z (172800). */
    const int64_t at[] = { 86400, 172800 };
    const unsigned char type_of[] = { 1, 0 };
    const int32_t offset[] = { 3600, 7200 };
    zone_spec z = { 1, 2, at, type_of, 2, offset, NULL, NULL };
    build(&f, &z);
    assert_int_equal(lapse_zone_parse("Test/V1", f.b, f.n, &zone, NULL), LAPSE_OK);
    assert_string_equal(zone.name, "Test/V1");
    int32_t o;
    assert_int_equal(lapse_zone_offset(&zone, 86399, &o), LAPSE_OK);
    assert_int_equal(o, 3600); /* type 0 before the first transition */
    assert_int_equal(lapse_zone_offset(&zone, 86400, &o), LAPSE_OK);
    assert_int_equal(o, 7200);
    assert_int_equal(lapse_zone_offset(&zone, 172800, &o), LAPSE_OK);
    assert_int_equal(o, 3600);
    assert_int_equal(lapse_zone_offset(&zone, 4000000000, &o), LAPSE_OK);
    assert_int_equal(o, 3600); /* no footer: the last type lasts */
    /* 1970-01-01T22:00Z is 23:00 at +01:00: day 0; 23:00Z is 00:00 of day 1. */
    assert_int_equal(date_at(&zone, 79200), 0);
    assert_int_equal(date_at(&zone, 82800), 1);
    /* Day 2 (1970-01-03) starts at 1970-01-02T22:00Z (+02:00): 165600. */
    assert_int_equal(day_start(&zone, "1970-01-03"), 165600);
}

/* Version 2 with Europe/Rome's footer and no transitions. */
static void test_footer_month_week_day(void **state)
{
    (void)state;
    footer_zone(&zone, 2, 3600, "CET-1CEST,M3.5.0,M10.5.0/3");
    /* 2025: the last Sunday of March is the 30th, at 02:00 CET =
     * 01:00Z; the last Sunday of October the 26th, at 03:00 CEST = 01:00Z. */
    assert_int_equal(offset_at(&zone, "2025-03-30T00:59:59Z"), 3600);
    assert_int_equal(offset_at(&zone, "2025-03-30T01:00:00Z"), 7200);
    assert_int_equal(offset_at(&zone, "2025-10-26T00:59:59Z"), 7200);
    assert_int_equal(offset_at(&zone, "2025-10-26T01:00:00Z"), 3600);
    /* 2024: March 31 and October 27. */
    assert_int_equal(offset_at(&zone, "2024-03-31T01:00:00Z"), 7200);
    assert_int_equal(offset_at(&zone, "2024-10-27T00:59:59Z"), 7200);
    assert_int_equal(offset_at(&zone, "2024-10-27T01:00:00Z"), 3600);
    /* 2025-12-02 starts at 2025-12-01T23:00Z; 2025-07-01 at 2025-06-30T22:00Z. */
    assert_int_equal(day_start(&zone, "2025-12-02"), instant("2025-12-01T23:00:00Z"));
    assert_int_equal(day_start(&zone, "2025-07-01"), instant("2025-06-30T22:00:00Z"));
    /* 2025-12-02T23:30Z is 00:30 on the 3rd in Rome. */
    assert_int_equal(date_at(&zone, instant("2025-12-02T23:30:00Z")), test_date("2025-12-03"));
    assert_int_equal(date_at(&zone, instant("2025-12-02T22:59:59Z")), test_date("2025-12-02"));
    /* The rule years reach the ends of the calendar. */
    assert_int_equal(day_start(&zone, "0001-01-01"), instant("0001-01-01T00:00:00Z") - 3600);
    assert_int_equal(day_start(&zone, "9999-12-31"), instant("9999-12-30T23:00:00Z"));
}

/* Version 3: America/Nuuk's footer, a negative time (-1 = 23:00 the day
 * before) and 0; refused in a version 2 file. */
static void test_footer_negative_time(void **state)
{
    (void)state;
    footer_zone(&zone, 3, -7200, "<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
    /* 2025: the last Sunday of March is the 30th; -1 h is Saturday 29th
     * 23:00 at -02 = 2025-03-30T01:00Z.  October's is the 26th, 00:00 at
     * -01 = 2025-10-26T01:00Z. */
    assert_int_equal(offset_at(&zone, "2025-03-30T00:59:59Z"), -7200);
    assert_int_equal(offset_at(&zone, "2025-03-30T01:00:00Z"), -3600);
    assert_int_equal(offset_at(&zone, "2025-10-26T00:59:59Z"), -3600);
    assert_int_equal(offset_at(&zone, "2025-10-26T01:00:00Z"), -7200);
    /* The clocks go from 2025-03-29 23:00 to 2025-03-30 00:00: March 30
     * starts at the transition, 01:00Z, and so does the 29th's end. */
    assert_int_equal(day_start(&zone, "2025-03-30"), instant("2025-03-30T01:00:00Z"));
    /* October 26 00:00 -01 is the instant the clocks go back to October
     * 25 23:00 -02, 01:00Z: the 26th begins at 00:00 -02, 02:00Z, and
     * 01:30Z is the 25th again. */
    assert_int_equal(day_start(&zone, "2025-10-26"), instant("2025-10-26T02:00:00Z"));
    assert_int_equal(date_at(&zone, instant("2025-10-26T01:30:00Z")), test_date("2025-10-25"));
    assert_int_equal(date_at(&zone, instant("2025-10-26T02:00:00Z")), test_date("2025-10-26"));

    static tzif f;
    int32_t offset = -7200;
    zone_spec z = { 2, 0, NULL, NULL, 1, &offset, NULL, "<-02>2<-01>,M3.5.0/-1,M10.5.0/0" };
    build(&f, &z);
    lapse_error_detail detail;
    assert_int_equal(lapse_zone_parse("Test/V2", f.b, f.n, &zone, &detail), LAPSE_ERR_VALUE_SYNTAX);
    assert_string_equal(detail.field, "zone");
    assert_non_null(strstr(detail.message, "zone Test/V2: corrupt TZif file (footer TZ string"));
}

/* Over 24 hours (version 3): daylight time all year, "J365/25" ending a
 * year at the instant "0/0" starts the next. */
static void test_footer_all_year_daylight(void **state)
{
    (void)state;
    footer_zone(&zone, 3, -18000, "EST5EDT4,0/0,J365/25");
    const char *instants[] = { "2025-01-01T04:00:00Z", "2025-01-01T05:00:00Z",
                               "2025-07-01T00:00:00Z", "2025-12-31T23:59:59Z",
                               "2026-01-01T04:59:59Z", "2024-02-29T12:00:00Z" };
    for (size_t i = 0; i < sizeof instants / sizeof instants[0]; i++)
        if (offset_at(&zone, instants[i]) != -14400)
            fail_msg("%s: not daylight time", instants[i]);
    /* 2026-01-01 starts at 04:00Z (-04). */
    assert_int_equal(day_start(&zone, "2026-01-01"), instant("2026-01-01T04:00:00Z"));
}

/* Jn counts no February 29 (J60 is March 1 every year); n counts from 0
 * with it (59 is March 1 in 2025, February 29 in 2024). */
/* Mm.w.d at the ends of the months' range: daylight time from the first
 * Sunday of January to the last Saturday of December; months 0 and 13 are
 * no months. */
static void test_footer_first_and_last_month(void **state)
{
    (void)state;
    footer_zone(&zone, 2, 0, "AAA0BBB,M1.1.0/0,M12.5.6/0");
    /* 2025-01-01 was a Wednesday: the first Sunday is the 5th, at 00:00
     * AAA = 00:00Z; 2025-12-31 a Wednesday: the last Saturday is the 27th,
     * at 00:00 BBB = 2025-12-26T23:00Z. */
    assert_int_equal(offset_at(&zone, "2025-01-04T23:59:59Z"), 0);
    assert_int_equal(offset_at(&zone, "2025-01-05T00:00:00Z"), 3600);
    assert_int_equal(offset_at(&zone, "2025-12-26T22:59:59Z"), 3600);
    assert_int_equal(offset_at(&zone, "2025-12-26T23:00:00Z"), 0);
    static const char *const no_month[] = { "AAA0BBB,M0.1.0/0,M12.5.6/0",
                                            "AAA0BBB,M1.1.0/0,M13.5.6/0" };
    for (size_t i = 0; i < sizeof no_month / sizeof no_month[0]; i++) {
        static tzif f;
        int32_t offset = 0;
        zone_spec z = { 2, 0, NULL, NULL, 1, &offset, NULL, no_month[i] };
        build(&f, &z);
        lapse_error_detail detail;
        assert_int_equal(lapse_zone_parse("Test/V2", f.b, f.n, &zone, &detail),
                         LAPSE_ERR_VALUE_SYNTAX);
        assert_non_null(strstr(detail.message, "corrupt TZif file (footer TZ string"));
    }
}

static void test_footer_julian_days(void **state)
{
    (void)state;
    footer_zone(&zone, 2, 0, "AAA0BBB,J60/0,J300/0");
    assert_int_equal(offset_at(&zone, "2024-02-29T23:59:59Z"), 0);
    assert_int_equal(offset_at(&zone, "2024-03-01T00:00:00Z"), 3600);
    assert_int_equal(offset_at(&zone, "2025-02-28T23:59:59Z"), 0);
    assert_int_equal(offset_at(&zone, "2025-03-01T00:00:00Z"), 3600);
    footer_zone(&zone, 2, 0, "AAA0BBB,59/0,299/0");
    assert_int_equal(offset_at(&zone, "2024-02-28T23:59:59Z"), 0);
    assert_int_equal(offset_at(&zone, "2024-02-29T00:00:00Z"), 3600);
    assert_int_equal(offset_at(&zone, "2025-02-28T23:59:59Z"), 0);
    assert_int_equal(offset_at(&zone, "2025-03-01T00:00:00Z"), 3600);
    /* A fixed offset: "<+0530>-5:30". */
    footer_zone(&zone, 2, 19800, "<+0530>-5:30");
    assert_int_equal(offset_at(&zone, "2025-06-01T00:00:00Z"), 19800);
}

/* A DST gap at midnight (Sao Paulo before 2019: -03 to -02 at 00:00 on the
 * third Sunday of October) and its overlap at midnight in February. */
static void test_gap_and_overlap_at_midnight(void **state)
{
    (void)state;
    footer_zone(&zone, 2, -10800, "<-03>3<-02>,M10.3.0/0,M2.3.0/0");
    /* 2025-10-19 00:00 -03 does not exist: the day starts at the jump,
     * 03:00Z (01:00 -02); the 18th's last second is 02:59:59Z. */
    int64_t start = day_start(&zone, "2025-10-19");
    assert_int_equal(start, instant("2025-10-19T03:00:00Z"));
    assert_int_equal(date_at(&zone, start - 1), test_date("2025-10-18"));
    assert_int_equal(date_at(&zone, start), test_date("2025-10-19"));
    /* 2025-02-16 00:00 -02 (02:00Z) is the instant the clocks go back to
     * the 15th 23:00 -03: the 16th begins at 00:00 -03, 03:00Z, and 02:30Z
     * is the 15th again. */
    assert_int_equal(day_start(&zone, "2025-02-16"), instant("2025-02-16T03:00:00Z"));
    assert_int_equal(date_at(&zone, instant("2025-02-16T02:30:00Z")), test_date("2025-02-15"));
    assert_int_equal(day_start(&zone, "2025-02-15"), instant("2025-02-15T02:00:00Z"));
    /* Midnight twice: back from 01:00 -02 (03:00Z) to 00:00 -03 on
     * 2025-02-16; the day starts at the first midnight, 02:00Z, and 03:30Z
     * is 00:30 of the same day. */
    footer_zone(&zone, 2, -10800, "<-03>3<-02>,M10.3.0/0,M2.3.0/1");
    assert_int_equal(day_start(&zone, "2025-02-16"), instant("2025-02-16T02:00:00Z"));
    assert_int_equal(date_at(&zone, instant("2025-02-16T02:59:59Z")), test_date("2025-02-16"));
    assert_int_equal(date_at(&zone, instant("2025-02-16T03:30:00Z")), test_date("2025-02-16"));
    assert_int_equal(date_at(&zone, instant("2025-02-16T01:59:59Z")), test_date("2025-02-15"));
}

/* A skipped day (Pacific/Apia, 2011): -10 to +14 at 2011-12-30 00:00
 * local, so December 30 never happens there. */
static void test_skipped_day(void **state)
{
    (void)state;
    static tzif f;
    /* 2011-12-30T10:00Z = 1325239200. */
    const int64_t at[] = { 1325239200 };
    const unsigned char type_of[] = { 1 };
    const int32_t offset[] = { -36000, 50400 };
    const unsigned char isdst[] = { 1, 1 };
    zone_spec z = { 2, 1, at, type_of, 2, offset, isdst, "" };
    build(&f, &z);
    assert_int_equal(lapse_zone_parse("Test/Apia", f.b, f.n, &zone, NULL), LAPSE_OK);
    assert_int_equal(date_at(&zone, 1325239199), test_date("2011-12-29"));
    assert_int_equal(date_at(&zone, 1325239200), test_date("2011-12-31"));
    assert_int_equal(day_start(&zone, "2011-12-30"), 1325239200);
    assert_int_equal(day_start(&zone, "2011-12-31"), 1325239200);
    /* An empty footer: the last type lasts. */
    assert_int_equal(offset_at(&zone, "2099-01-01T00:00:00Z"), 50400);
}

/* Every cut of a valid file, and corrupted bytes, are errors naming the
 * zone; nothing is read past the bytes given. */
static void test_truncated_and_corrupt(void **state)
{
    (void)state;
    static tzif f, g;
    const int64_t at[] = { -100000, 86400, 172800 };
    const unsigned char type_of[] = { 1, 2, 1 };
    const int32_t offset[] = { 1000, 3600, 7200 };
    zone_spec z = { 3, 3, at, type_of, 3, offset, NULL, "CET-1CEST,M3.5.0,M10.5.0/3" };
    build(&f, &z);
    lapse_error_detail detail;
    assert_int_equal(lapse_zone_parse("Test/Cut", f.b, f.n, &zone, &detail), LAPSE_OK);
    for (size_t n = 0; n < f.n; n++) {
        lapse_error error = lapse_zone_parse("Test/Cut", f.b, n, &zone, &detail);
        if (error != LAPSE_ERR_VALUE_SYNTAX ||
            strncmp(detail.message, "zone Test/Cut: ", 15) != 0 ||
            strcmp(detail.field, "zone") != 0)
            fail_msg("cut at %zu: %d %s", n, error, detail.message);
        assert_int_equal(zone.transitions, 0); /* all zero on failure */
    }
    enum {
        V2_HEADER = 44 + 3 * 4 + 3 + 3 * 6 + 4,
        V2 = V2_HEADER + 44,
        TYPES = V2 + 3 * 9,
        FOOTER = TYPES + 3 * 6 + 4
    };
    struct {
        size_t at;
        unsigned char byte;
        const char *message;
    } corrupt[] = {
        { 0, 'X', "not a TZif file" },
        { 4, '1', "unknown TZif version" },
        { V2_HEADER + 4, 'x', "unknown TZif version" },
        { V2 + 3 * 8 + 1, 7, "transition type" },      /* the 2nd transition's type */
        { V2 + 8, 0xff, "transitions not ascending" }, /* the 2nd transition negative */
        { TYPES + 4, 2, "local time type" },           /* isdst 2 */
        { TYPES, 0x7f, "local time type" },            /* an offset of years */
        { TYPES + 5, 4, "local time type" },           /* a designation past the 4 bytes */
        { FOOTER, 'x', "footer" },
        { FOOTER + 1, '7', "footer TZ string '7ET-1CEST" },
        { V2_HEADER + 39, 0, "counts" }, /* typecnt 0 */
        { V2_HEADER + 23, 1, "counts" }, /* isutcnt 1 of 3 types */
    };
    for (size_t i = 0; i < sizeof corrupt / sizeof corrupt[0]; i++) {
        memcpy(&g, &f, sizeof f);
        g.b[corrupt[i].at] = corrupt[i].byte;
        lapse_error error = lapse_zone_parse("Test/Bad", g.b, g.n, &zone, &detail);
        if (error != LAPSE_ERR_VALUE_SYNTAX || !strstr(detail.message, corrupt[i].message) ||
            strncmp(detail.message, "zone Test/Bad: ", 15) != 0)
            fail_msg("case %zu: %d '%s'", i, error, detail.message);
    }
    /* Unknown bytes of a name are quoted, never printed raw. */
    assert_int_equal(lapse_zone_parse("Bad\x01Name", f.b, 10, &zone, &detail),
                     LAPSE_ERR_VALUE_SYNTAX);
    assert_non_null(strstr(detail.message, "zone Bad\\x01Name: truncated TZif file (header)"));
    /* No name, an empty one, one too long. */
    assert_int_equal(lapse_zone_parse(NULL, f.b, f.n, &zone, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_zone_parse("", f.b, f.n, &zone, NULL), LAPSE_ERR_VALUE_SYNTAX);
    char long_name[LAPSE_ZONE_NAME_SIZE + 1];
    memset(long_name, 'A', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_int_equal(lapse_zone_parse(long_name, f.b, f.n, &zone, NULL), LAPSE_ERR_VALUE_SYNTAX);
    long_name[LAPSE_ZONE_NAME_SIZE - 1] = '\0';
    assert_int_equal(lapse_zone_parse(long_name, f.b, f.n, &zone, NULL), LAPSE_OK);
    assert_int_equal(lapse_zone_parse("Test/Zone", NULL, 1, &zone, NULL), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_zone_parse("Test/Zone", f.b, f.n, NULL, NULL), LAPSE_ERR_NULL_ARGUMENT);
}

/* More transitions than LAPSE_ZONE_MAX_TRANSITIONS: an error naming the
 * zone and the limit; exactly the limit is read. */
static void test_too_many_transitions(void **state)
{
    (void)state;
    static tzif f;
    static int64_t at[LAPSE_ZONE_MAX_TRANSITIONS + 1];
    static unsigned char type_of[LAPSE_ZONE_MAX_TRANSITIONS + 1];
    const int32_t offset[] = { 0, 3600 };
    for (size_t i = 0; i <= LAPSE_ZONE_MAX_TRANSITIONS; i++) {
        at[i] = (int64_t)i * 1000;
        type_of[i] = (unsigned char)(i & 1);
    }
    zone_spec z = { 2, LAPSE_ZONE_MAX_TRANSITIONS + 1, at, type_of, 2, offset, NULL, "" };
    build(&f, &z);
    lapse_error_detail detail;
    assert_int_equal(lapse_zone_parse("Test/Many", f.b, f.n, &zone, &detail),
                     LAPSE_ERR_OUT_OF_RANGE);
    char expected[128];
    snprintf(expected, sizeof expected,
             "zone Test/Many: %d transitions, more than the %d lapse holds",
             LAPSE_ZONE_MAX_TRANSITIONS + 1, LAPSE_ZONE_MAX_TRANSITIONS);
    assert_string_equal(detail.message, expected);
    assert_string_equal(detail.field, "zone");
    z.transitions = LAPSE_ZONE_MAX_TRANSITIONS;
    build(&f, &z);
    assert_int_equal(lapse_zone_parse("Test/Many", f.b, f.n, &zone, &detail), LAPSE_OK);
    int32_t o;
    assert_int_equal(lapse_zone_offset(&zone, 1999 * 1000 + 999, &o), LAPSE_OK);
    assert_int_equal(o, 3600);
    assert_int_equal(lapse_zone_offset(&zone, 1998 * 1000 + 999, &o), LAPSE_OK);
    assert_int_equal(o, 0);
}

/* A struct lapse did not fill is refused, never read out of bounds. */
static void test_zone_not_filled(void **state)
{
    (void)state;
    lapse_date date;
    int64_t t;
    memset(&zone, 0, sizeof zone); /* types 0 */
    assert_int_equal(lapse_zone_date(&zone, 0, &date), LAPSE_ERR_VALUE_SYNTAX);
    footer_zone(&zone, 2, 0, "UTC0");
    zone.transitions = LAPSE_ZONE_MAX_TRANSITIONS + 1;
    assert_int_equal(lapse_zone_day_start(&zone, 0, &t), LAPSE_ERR_VALUE_SYNTAX);
    footer_zone(&zone, 2, 0, "UTC0");
    zone.transitions = 1;
    zone.at[0] = 0;
    zone.type_of[0] = 5; /* a type beyond `types`, read at the transition */
    assert_int_equal(lapse_zone_date(&zone, 0, &date), LAPSE_ERR_VALUE_SYNTAX);
    assert_int_equal(lapse_zone_date(NULL, 10, &date), LAPSE_ERR_NULL_ARGUMENT);
    assert_int_equal(lapse_zone_date(&zone, 10, NULL), LAPSE_ERR_NULL_ARGUMENT);
    footer_zone(&zone, 2, 0, "UTC0");
    /* Outside the years 1-9999. */
    assert_int_equal(lapse_zone_date(&zone, INT64_MAX, &date), LAPSE_ERR_DATE_RANGE);
    assert_int_equal(lapse_zone_date(&zone, instant("0001-01-01T00:00:00Z") - 1, &date),
                     LAPSE_ERR_DATE_RANGE);
    assert_int_equal(lapse_zone_day_start(&zone, LAPSE_DATE_NONE, &t), LAPSE_ERR_DATE_RANGE);
}

static void test_instant_text(void **state)
{
    (void)state;
    int64_t t;
    int32_t offset;
    /* 2025-12-02T23:30-08:00 = 2025-12-03T07:30Z: day 20425 * 86400 + 27000. */
    assert_int_equal(lapse_instant_parse("2025-12-02T23:30:00-08:00", 25, &t, &offset, NULL),
                     LAPSE_OK);
    assert_int_equal(t, (int64_t)20425 * 86400 + 27000);
    assert_int_equal(offset, -28800);
    char text[LAPSE_INSTANT_TEXT_SIZE];
    assert_int_equal(lapse_instant_format(t, text, sizeof text), 20);
    assert_string_equal(text, "2025-12-03T07:30:00Z");
    assert_int_equal(lapse_instant_parse("2025-12-03t07:30:00.999z", 24, &t, &offset, NULL),
                     LAPSE_OK);
    assert_int_equal(t, (int64_t)20425 * 86400 + 27000);
    assert_int_equal(offset, 0);
    assert_int_equal(lapse_instant_parse("2016-12-31T23:59:60Z", 20, &t, NULL, NULL), LAPSE_OK);
    assert_int_equal(t, instant("2016-12-31T23:59:59Z"));
    assert_int_equal(lapse_instant_parse("1969-12-31T23:59:59+05:30", 25, &t, NULL, NULL),
                     LAPSE_OK);
    assert_int_equal(t, -1 - 19800);
    const char *bad[] = {
        "2025-12-02",           "2025-12-02T23:30:00",       "2025-12-02T24:00:00Z",
        "2025-12-02T23:60:00Z", "2025-12-02T23:30:00+24:00", "2025-12-02T23:30:00+0800",
        "2025-12-02X23:30:00Z", "2025-12-02T23:30:00.Z",     "2025-12-02T23:30:00Zx"
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lapse_error_detail detail;
        if (lapse_instant_parse(bad[i], strlen(bad[i]), &t, NULL, &detail) !=
                LAPSE_ERR_VALUE_SYNTAX ||
            strcmp(detail.field, "requested_at") != 0)
            fail_msg("%s: %s", bad[i], detail.message);
    }
    lapse_error_detail detail;
    assert_int_equal(lapse_instant_parse("2025-02-30T00:00:00Z", 20, &t, NULL, &detail),
                     LAPSE_ERR_DATE_INVALID);
    assert_string_equal(detail.message, "requested_at '2025-02-30T00:00:00Z': not a calendar date");
    /* The header's promise, case by case: a date part that is no day is a
     * date error, an out-of-range time or offset is the text's shape
     * (LAPSE_ERR_VALUE_SYNTAX), each message naming the problem. */
    static const struct {
        const char *text;
        lapse_error code;
        const char *message;
    } named[] = {
        { "2025-12-02T24:00:00Z", LAPSE_ERR_VALUE_SYNTAX,
          "requested_at '2025-12-02T24:00:00Z': not a time of day (00:00:00 to 23:59:60)" },
        { "2025-12-02T23:60:00Z", LAPSE_ERR_VALUE_SYNTAX,
          "requested_at '2025-12-02T23:60:00Z': not a time of day (00:00:00 to 23:59:60)" },
        { "2025-12-02T23:59:61Z", LAPSE_ERR_VALUE_SYNTAX,
          "requested_at '2025-12-02T23:59:61Z': not a time of day (00:00:00 to 23:59:60)" },
        { "2025-12-02T23:30:00+24:00", LAPSE_ERR_VALUE_SYNTAX,
          "requested_at '2025-12-02T23:30:00+24:00': an offset beyond -23:59 to +23:59" },
        { "2025-12-02T23:30:00-05:60", LAPSE_ERR_VALUE_SYNTAX,
          "requested_at '2025-12-02T23:30:00-05:60': an offset beyond -23:59 to +23:59" },
        { "0000-12-02T23:30:00Z", LAPSE_ERR_DATE_RANGE, NULL },
        { "2025-1x-02T23:30:00Z", LAPSE_ERR_DATE_SYNTAX, NULL },
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        memset(&detail, 0, sizeof detail);
        lapse_error code =
            lapse_instant_parse(named[i].text, strlen(named[i].text), &t, NULL, &detail);
        if (code != named[i].code || strcmp(detail.field, "requested_at") != 0)
            fail_msg("%s: %s (%s)", named[i].text, lapse_error_name(code), detail.message);
        char expected[160];
        if (!named[i].message)
            snprintf(expected, sizeof expected, "requested_at '%s': %s", named[i].text,
                     lapse_strerror(code));
        assert_string_equal(detail.message, named[i].message ? named[i].message : expected);
    }
    assert_int_equal(lapse_instant_format(LAPSE_INSTANT_NONE, text, sizeof text), 0);
    assert_string_equal(text, "");
    /* snprintf rules: cut, and the length still whole. */
    assert_int_equal(lapse_instant_format(0, text, 5), 20);
    assert_string_equal(text, "1970");
    assert_int_equal(lapse_instant_format(-1, NULL, 0), 20);
    assert_int_equal(lapse_instant_none(), INT64_MIN);
}

/* The example: a contract started 2025-01-01 (12 months, 30 days'
 * notice: the deadline is 2025-12-02).  At 23:30 in Los Angeles on the
 * deadline the request is in time; the same instant read as a UTC date
 * (2025-12-03) is late and renews the contract. */
static void test_los_angeles_deadline(void **state)
{
    (void)state;
    footer_zone(&zone, 2, -28800, "PST8PDT,M3.2.0,M11.1.0");
    int64_t at = instant("2025-12-02T23:30:00-08:00");
    lapse_subscription s = test_subscription("2025-01-01", 12, 1, 1000);
    s.contract = 1;
    lapse_request r;
    lapse_request_init(&r);
    r.channel = LAPSE_CHANNEL_SUPPORT;
    r.roles = LAPSE_ROLE_BILLING_ADMIN;
    r.provided = 31;
    lapse_decision local, utc;
    r.on = date_at(&zone, at);
    assert_int_equal(r.on, test_date("2025-12-02"));
    assert_int_equal(lapse_decide_cancel(NULL, &s, &r, &local, NULL), LAPSE_OK);
    assert_int_equal(local.notice_deadline, test_date("2025-12-02"));
    assert_false(local.warnings & LAPSE_WARNING_NOTICE_MISSED);
    assert_int_equal(local.renews_first, 0);
    assert_int_equal(local.effective_end, test_date("2026-01-01"));
    lapse_request late = r;
    late.on = (lapse_date)(at / 86400); /* the UTC date */
    assert_int_equal(late.on, test_date("2025-12-03"));
    assert_int_equal(lapse_decide_cancel(NULL, &s, &late, &utc, NULL), LAPSE_OK);
    assert_true(utc.warnings & LAPSE_WARNING_NOTICE_MISSED);
    assert_int_equal(utc.renews_first, 1);
    assert_int_equal(utc.effective_end, test_date("2027-01-01"));

    /* The deadlines as instants: 2025-12-03 00:00 PST = 08:00Z; access
     * ends 2026-01-01 00:00 PST = 08:00Z. */
    int64_t deadline, ends;
    assert_int_equal(lapse_decision_instants(&zone, &local, &deadline, &ends, NULL), LAPSE_OK);
    assert_int_equal(deadline, instant("2025-12-03T08:00:00Z"));
    assert_int_equal(ends, instant("2026-01-01T08:00:00Z"));
    assert_true(at < deadline);
    lapse_decision none = local;
    none.notice_deadline = LAPSE_DATE_NONE;
    assert_int_equal(lapse_decision_instants(&zone, &none, &deadline, NULL, NULL), LAPSE_OK);
    assert_int_equal(deadline, LAPSE_INSTANT_NONE);
    lapse_error_detail detail;
    assert_int_equal(lapse_decision_instants(NULL, &local, &deadline, &ends, &detail),
                     LAPSE_ERR_NULL_ARGUMENT);
    assert_string_equal(detail.field, "zone");

    /* The explanation in the zone, in English and Italian. */
    static char text[8192];
    size_t length;
    strcpy(zone.name, "America/Los_Angeles");
    assert_int_equal(
        lapse_explain_in_zone(NULL, &s, &r, &local, &zone, "en", text, sizeof text, &length, NULL),
        LAPSE_OK);
    assert_non_null(strstr(text, "Notice deadline    by 2025-12-02 23:59 America/Los_Angeles (in "
                                 "time)\n"));
    assert_int_equal(
        lapse_explain_in_zone(NULL, &s, &r, &local, &zone, "it", text, sizeof text, &length, NULL),
        LAPSE_OK);
    assert_non_null(strstr(text, "entro il 02/12/2025 alle 23:59 America/Los_Angeles (in tempo)"));
    /* Without a zone it is lapse_explain's text. */
    static char plain[8192];
    assert_int_equal(lapse_explain(NULL, &s, &r, &local, "en", plain, sizeof plain, NULL, NULL),
                     LAPSE_OK);
    assert_non_null(strstr(plain, "Notice deadline    2025-12-02 (in time)\n"));
    assert_int_equal(lapse_explain_in_zone(NULL, &s, &r, &local, NULL, "en", text, sizeof text,
                                           &length, &detail),
                     LAPSE_ERR_NULL_ARGUMENT);
    assert_string_equal(text, "");
    assert_int_equal(length, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_1),
        cmocka_unit_test(test_footer_month_week_day),
        cmocka_unit_test(test_footer_negative_time),
        cmocka_unit_test(test_footer_all_year_daylight),
        cmocka_unit_test(test_footer_first_and_last_month),
        cmocka_unit_test(test_footer_julian_days),
        cmocka_unit_test(test_gap_and_overlap_at_midnight),
        cmocka_unit_test(test_skipped_day),
        cmocka_unit_test(test_truncated_and_corrupt),
        cmocka_unit_test(test_too_many_transitions),
        cmocka_unit_test(test_zone_not_filled),
        cmocka_unit_test(test_instant_text),
        cmocka_unit_test(test_los_angeles_deadline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
