/*
 * Instants and time zones: a TZif reader (RFC 8536, versions 1-4) into a
 * caller's lapse_zone, the POSIX TZ rule of the footer, the local date of
 * an instant and the first instant of a local date, RFC 3339 text.
 *
 * No I/O here: the reader takes its bytes from a source (memory for
 * lapse_zone_parse, a file for the tables layer's lapse_zone_load), a
 * block at a time, and keeps only what the answers need: the transition
 * instants, each one's type, the types' UTC offsets and the footer rule.
 * An instant's offset is a binary search over the transitions (at most
 * LAPSE_ZONE_MAX_TRANSITIONS, so at most 11 steps), or after the last one
 * the rule's transitions of the years around it, each computed in O(1).
 */
#include "zone.h"

#include "calendar.h"
#include "fail.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

int64_t lapse_instant_none(void) { return LAPSE_INSTANT_NONE; }

size_t lapse_sizeof_zone(void) { return sizeof(lapse_zone); }

#define DAY 86400
/* RFC 8536 section 3.2: a UTC offset is within -89999..93599 seconds, so
 * a local time is within 26 hours of UTC. */
#define OFFSET_MIN (-89999)
#define OFFSET_MAX 93599
/* The instants whose local date can be a lapse date, with a margin. */
#define INSTANT_MIN ((int64_t)LAPSE_DATE_MIN * DAY - 2 * DAY)
#define INSTANT_MAX (((int64_t)LAPSE_DATE_MAX + 2) * DAY + 2 * DAY)
#define FOOTER_MAX 255

/* ------------------------------------------------------------------------
 * Civil arithmetic for the rule years.  They reach from -2 to 10004
 * (two years around an instant's), below year 0 where calendar.h's
 * unsigned kernels do not go: shift in and out by one 400-year era
 * (146097 days), which leaves the calendar unchanged.
 * ------------------------------------------------------------------------ */

#define ERA_YEARS 400
#define ERA_DAYS 146097

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static int64_t days_from_civil(int64_t year, int64_t month, int64_t day)
{
    return (int64_t)lapse__days_from_civil((int32_t)(year + ERA_YEARS), (int32_t)month,
                                           (int32_t)day) -
           ERA_DAYS;
}

static int64_t year_of_days(int64_t days)
{
    int32_t year, month, day;
    lapse__civil_from_days((int32_t)(days + ERA_DAYS), &year, &month, &day);
    return (int64_t)year - ERA_YEARS;
}

static bool leap(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

/* The local instant (seconds since 1970-01-01 local time) of a rule's
 * transition in a year. */
static int64_t rule_local(const lapse_zone_rule_date *rule, int64_t year)
{
    int64_t days = days_from_civil(year, 1, 1);
    if (rule->kind == 'J')
        days += rule->day - 1 + (leap(year) && rule->day >= 60);
    else if (rule->kind == 'M') {
        int64_t first = days_from_civil(year, rule->month, 1);
        int64_t weekday = ((first + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
        int64_t day = first + (rule->day - weekday + 7) % 7 + 7 * (rule->week - 1);
        int64_t month_days =
            rule->month == 2 ? 28 + leap(year) : 30 + ((rule->month + (rule->month >> 3)) & 1);
        if (day >= first + month_days)
            day -= 7;
        days = day;
    } else
        days += rule->day;
    return days * DAY + rule->time;
}

/*
 * The rule's offset at t and its next transition after t.  The state at t
 * is the one the latest transition at or before t set, among the years
 * around t's (a transition may stray up to a week from its year, with
 * times of -167..167 hours); at one instant a later year's transition
 * wins, so that "J365/25" ending a year and "0/0" starting the next keep
 * daylight time all year.
 */
static void rule_at(const lapse_zone *zone, int64_t t, int32_t *offset, int64_t *next)
{
    int64_t year = year_of_days(floor_div(t + zone->std_offset, DAY));
    int64_t best = INT64_MIN, after = INT64_MAX;
    int32_t best_offset = zone->std_offset;
    for (int64_t y = year - 2; y <= year + 2; y++) {
        int64_t start = rule_local(&zone->start, y) - zone->std_offset;
        int64_t end = rule_local(&zone->end, y) - zone->dst_offset;
        int64_t first = start <= end ? start : end, second = start <= end ? end : start;
        int32_t first_offset = start <= end ? zone->dst_offset : zone->std_offset;
        int32_t second_offset = start <= end ? zone->std_offset : zone->dst_offset;
        if (first <= t && first >= best)
            best = first, best_offset = first_offset;
        if (second <= t && second >= best)
            best = second, best_offset = second_offset;
        if (first > t && first < after)
            after = first;
        if (second > t && second < after)
            after = second;
    }
    *offset = best_offset;
    *next = after;
}

static bool zone_usable(const lapse_zone *zone)
{
    return zone->transitions >= 0 && zone->transitions <= LAPSE_ZONE_MAX_TRANSITIONS &&
           zone->types >= 1 && zone->types <= LAPSE_ZONE_MAX_TYPES && zone->has_rule >= 0 &&
           zone->has_rule <= 2;
}

/* The offset of type_of[i], or false for a type out of range. */
static bool type_offset(const lapse_zone *zone, int32_t i, int32_t *offset)
{
    if (zone->type_of[i] >= zone->types)
        return false;
    *offset = zone->offset[zone->type_of[i]];
    return true;
}

/*
 * The offset at t and the next instant it may change (INT64_MAX when it
 * never does).  Before the first transition, type 0; from the last one
 * on, its type at that instant and the footer rule after it (the last
 * type when there is no rule); in between, the type of the latest
 * transition at or before t.
 */
static bool zone_at(const lapse_zone *zone, int64_t t, int32_t *offset, int64_t *next)
{
    int32_t n = zone->transitions;
    *next = INT64_MAX;
    if (n > 0 && t < zone->at[0]) {
        *offset = zone->offset[0];
        *next = zone->at[0];
        return true;
    }
    if (n == 0 || t >= zone->at[n - 1]) {
        if (zone->has_rule == 2 && (n == 0 || t > zone->at[n - 1])) {
            rule_at(zone, t, offset, next);
            return true;
        }
        if (n > 0 && (zone->has_rule == 0 || t == zone->at[n - 1])) {
            /* The last transition's own instant keeps its type; a footer
             * rules from the next second, and its offset may differ (a
             * file need not agree with itself): the offset may change
             * then, which day_start must not step over. */
            if (zone->has_rule != 0 && t < INT64_MAX)
                *next = t + 1;
            return type_offset(zone, n - 1, offset);
        }
        *offset = zone->has_rule == 1 ? zone->std_offset : zone->offset[0];
        return true;
    }
    int32_t low = 0, high = n - 1; /* at[low] <= t < at[high] */
    while (high - low > 1) {
        int32_t middle = low + (high - low) / 2;
        if (zone->at[middle] <= t)
            low = middle;
        else
            high = middle;
    }
    *next = zone->at[high];
    return type_offset(zone, low, offset);
}

static lapse_error bad_zone(void) { return LAPSE_ERR_VALUE_SYNTAX; }

lapse_error lapse_zone_offset(const lapse_zone *zone, int64_t unix_seconds, int32_t *offset)
{
    if (!zone || !offset)
        return LAPSE_ERR_NULL_ARGUMENT;
    if (!zone_usable(zone))
        return bad_zone();
    if (unix_seconds < INSTANT_MIN || unix_seconds > INSTANT_MAX)
        return LAPSE_ERR_DATE_RANGE;
    int64_t next;
    return zone_at(zone, unix_seconds, offset, &next) ? LAPSE_OK : bad_zone();
}

lapse_error lapse_zone_date(const lapse_zone *zone, int64_t unix_seconds, lapse_date *date)
{
    if (!date)
        return LAPSE_ERR_NULL_ARGUMENT;
    int32_t offset;
    lapse_error error = lapse_zone_offset(zone, unix_seconds, &offset);
    if (error)
        return error;
    int64_t day = floor_div(unix_seconds + offset, DAY);
    if (day < LAPSE_DATE_MIN || day > LAPSE_DATE_MAX)
        return LAPSE_ERR_DATE_RANGE;
    *date = (lapse_date)day;
    return LAPSE_OK;
}

/* day_start for day numbers up to LAPSE_DATE_MAX + 1 (the end of the last
 * day), the zone already checked. */
static lapse_error day_start(const lapse_zone *zone, int64_t date, int64_t *out)
{
    int64_t midnight = date * DAY;
    /* 27 hours before local midnight every offset gives an earlier date,
     * 27 hours after it a later one: walk the spans of one offset in
     * between, in order, to the first one that reaches midnight. */
    int64_t t = midnight - 27 * 3600;
    for (int32_t span = 0; span <= LAPSE_ZONE_MAX_TRANSITIONS + 16; span++) {
        int32_t offset;
        int64_t next;
        if (!zone_at(zone, t, &offset, &next))
            return bad_zone();
        if (t + offset >= midnight) { /* a transition jumped over midnight */
            *out = t;
            return LAPSE_OK;
        }
        if (midnight - offset < next) {
            *out = midnight - offset;
            return LAPSE_OK;
        }
        t = next;
    }
    return bad_zone();
}

lapse_error lapse_zone_day_start(const lapse_zone *zone, lapse_date date, int64_t *unix_seconds)
{
    if (!zone || !unix_seconds)
        return LAPSE_ERR_NULL_ARGUMENT;
    if (!zone_usable(zone))
        return bad_zone();
    if (!lapse__date_valid(date))
        return LAPSE_ERR_DATE_RANGE;
    return day_start(zone, date, unix_seconds);
}

lapse_error lapse_decision_instants(const lapse_zone *zone, const lapse_decision *decision,
                                    int64_t *notice_deadline_at, int64_t *access_ends_at,
                                    lapse_error_detail *detail)
{
    if (!zone)
        return lapse__fail_missing(detail, "zone");
    if (!decision)
        return lapse__fail_missing(detail, "decision");
    if (!zone_usable(zone))
        return lapse__fail(detail, bad_zone(), "zone", "zone: not a zone lapse filled");
    int64_t deadline = LAPSE_INSTANT_NONE, ends = LAPSE_INSTANT_NONE;
    if (decision->notice_deadline != LAPSE_DATE_NONE) {
        if (!lapse__date_valid(decision->notice_deadline))
            return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, "notice_deadline",
                                    "notice deadline", decision->notice_deadline);
        if (day_start(zone, (int64_t)decision->notice_deadline + 1, &deadline))
            return lapse__fail(detail, bad_zone(), "zone", "zone: not a zone lapse filled");
    }
    if (decision->effective_end != LAPSE_DATE_NONE) {
        if (!lapse__date_valid(decision->effective_end))
            return lapse__fail_date(detail, LAPSE_ERR_DATE_RANGE, "effective_end", "effective end",
                                    decision->effective_end);
        if (day_start(zone, decision->effective_end, &ends))
            return lapse__fail(detail, bad_zone(), "zone", "zone: not a zone lapse filled");
    }
    if (notice_deadline_at)
        *notice_deadline_at = deadline;
    if (access_ends_at)
        *access_ends_at = ends;
    return LAPSE_OK;
}

/* ------------------------------------------------------------------------
 * The TZif reader
 * ------------------------------------------------------------------------ */

typedef struct reader {
    lapse__zone_source source;
    lapse_zone *zone;
    lapse_error_detail *detail;
    lapse_error error;
} reader;

static lapse_error fail_zone(reader *r, lapse_error code, const char *what)
{
    if (r->error)
        return r->error;
    char quoted[LAPSE_ZONE_NAME_SIZE + 8];
    lapse__quote(r->zone->name, strlen(r->zone->name), LAPSE_ZONE_NAME_SIZE, quoted, sizeof quoted);
    r->error = lapse__fail(r->detail, code, "zone", "zone %s: %s", quoted, what);
    return r->error;
}

static bool take(reader *r, unsigned char *out, size_t n, const char *what)
{
    if (r->error)
        return false;
    if (r->source.read(r->source.context, out, n) != n) {
        char message[96];
        snprintf(message, sizeof message, "truncated TZif file (%s)", what);
        fail_zone(r, LAPSE_ERR_VALUE_SYNTAX, message);
        return false;
    }
    return true;
}

/* Skips a count of bytes that may pass size_t on a 32-bit machine. */
static bool skip(reader *r, uint64_t n, const char *what)
{
    while (n > 0) {
        size_t part = n > ((uint64_t)1 << 30) ? (size_t)1 << 30 : (size_t)n;
        if (!take(r, NULL, part, what))
            return false;
        n -= part;
    }
    return true;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be_signed(const unsigned char *p, size_t size)
{
    if (size == 4)
        return (int64_t)(int32_t)be32(p);
    uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);
    return (int64_t)v;
}

typedef struct header {
    int version; /* 1, 2, 3, 4 (and later versions, read as 4) */
    uint32_t isut, isstd, leap, time, type, chars;
} header;

static bool read_header(reader *r, header *h)
{
    unsigned char b[44];
    if (!take(r, b, sizeof b, "header"))
        return false;
    if (memcmp(b, "TZif", 4) != 0) {
        fail_zone(r, LAPSE_ERR_VALUE_SYNTAX, "not a TZif file (no \"TZif\" magic)");
        return false;
    }
    if (b[4] == 0)
        h->version = 1;
    else if (b[4] >= '2' && b[4] <= '9')
        h->version = b[4] - '0';
    else {
        fail_zone(r, LAPSE_ERR_VALUE_SYNTAX, "unknown TZif version");
        return false;
    }
    h->isut = be32(b + 20);
    h->isstd = be32(b + 24);
    h->leap = be32(b + 28);
    h->time = be32(b + 32);
    h->type = be32(b + 36);
    h->chars = be32(b + 40);
    return true;
}

static uint64_t block_size(const header *h, uint64_t time_size)
{
    return h->time * (time_size + 1) + h->type * (uint64_t)6 + h->chars +
           h->leap * (time_size + 4) + h->isstd + h->isut;
}

static bool read_block(reader *r, const header *h, size_t time_size)
{
    lapse_zone *zone = r->zone;
    char message[128];
    if (h->time > LAPSE_ZONE_MAX_TRANSITIONS) {
        snprintf(message, sizeof message, "%lu transitions, more than the %d lapse holds",
                 (unsigned long)h->time, LAPSE_ZONE_MAX_TRANSITIONS);
        fail_zone(r, LAPSE_ERR_OUT_OF_RANGE, message);
        return false;
    }
    if (h->type > LAPSE_ZONE_MAX_TYPES) {
        snprintf(message, sizeof message, "%lu local time types, more than the %d lapse holds",
                 (unsigned long)h->type, LAPSE_ZONE_MAX_TYPES);
        fail_zone(r, LAPSE_ERR_OUT_OF_RANGE, message);
        return false;
    }
    if (h->type == 0 || h->chars == 0 || (h->isstd != 0 && h->isstd != h->type) ||
        (h->isut != 0 && h->isut != h->type)) {
        fail_zone(r, LAPSE_ERR_VALUE_SYNTAX, "corrupt TZif header (counts)");
        return false;
    }
    unsigned char b[8];
    for (uint32_t i = 0; i < h->time; i++) {
        if (!take(r, b, time_size, "transition times"))
            return false;
        zone->at[i] = be_signed(b, time_size);
        if (i > 0 && zone->at[i] <= zone->at[i - 1]) {
            fail_zone(r, LAPSE_ERR_VALUE_SYNTAX, "corrupt TZif file (transitions not ascending)");
            return false;
        }
    }
    for (uint32_t i = 0; i < h->time; i++) {
        if (!take(r, b, 1, "transition types"))
            return false;
        if (b[0] >= h->type) {
            fail_zone(r, LAPSE_ERR_VALUE_SYNTAX, "corrupt TZif file (transition type)");
            return false;
        }
        zone->type_of[i] = b[0];
    }
    for (uint32_t i = 0; i < h->type; i++) {
        if (!take(r, b, 6, "local time types"))
            return false;
        int64_t offset = (int64_t)(int32_t)be32(b);
        if (offset < OFFSET_MIN || offset > OFFSET_MAX || b[4] > 1 || b[5] >= h->chars) {
            fail_zone(r, LAPSE_ERR_VALUE_SYNTAX, "corrupt TZif file (local time type)");
            return false;
        }
        zone->offset[i] = (int32_t)offset;
    }
    zone->transitions = (int32_t)h->time;
    zone->types = (int32_t)h->type;
    return skip(r, h->chars + h->leap * (uint64_t)(time_size + 4) + h->isstd + h->isut,
                "designations, leap seconds and indicators");
}

/* ------------------------------------------------------------------------
 * The footer: a POSIX TZ string, std offset [dst [offset] ,start[/time],end[/time]]
 * ------------------------------------------------------------------------ */

typedef struct cursor {
    const char *s;
    size_t i, n;
} cursor;

static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool at(const cursor *c, char ch) { return c->i < c->n && c->s[c->i] == ch; }

/* A designation: three or more letters, or <...> of letters, digits, + and -. */
static bool tz_designation(cursor *c)
{
    size_t first = c->i;
    if (at(c, '<')) {
        c->i++;
        while (c->i < c->n && (is_alpha(c->s[c->i]) || is_digit(c->s[c->i]) || c->s[c->i] == '+' ||
                               c->s[c->i] == '-'))
            c->i++;
        if (c->i - first < 4 || !at(c, '>'))
            return false;
        c->i++;
        return true;
    }
    while (c->i < c->n && is_alpha(c->s[c->i]))
        c->i++;
    return c->i - first >= 3;
}

/* At most `digits` digits (at least one), as a number. */
static bool tz_number(cursor *c, int digits, int64_t *out)
{
    int64_t v = 0;
    int count = 0;
    while (count < digits && c->i < c->n && is_digit(c->s[c->i]))
        v = v * 10 + (c->s[c->i++] - '0'), count++;
    *out = v;
    return count > 0 && !(c->i < c->n && is_digit(c->s[c->i]));
}

/* [+-]hh[:mm[:ss]]: seconds, the sign applied.  signed_ allows a sign. */
static bool tz_time(cursor *c, bool signed_, int hour_digits, int64_t max_hours, int64_t *out)
{
    int64_t sign = 1;
    if (signed_ && (at(c, '+') || at(c, '-')))
        sign = c->s[c->i++] == '-' ? -1 : 1;
    int64_t h, m = 0, s = 0;
    if (!tz_number(c, hour_digits, &h) || h > max_hours)
        return false;
    if (at(c, ':')) {
        c->i++;
        if (c->n - c->i < 2 || !is_digit(c->s[c->i]) || !is_digit(c->s[c->i + 1]) ||
            !tz_number(c, 2, &m) || m > 59)
            return false;
        if (at(c, ':')) {
            c->i++;
            if (c->n - c->i < 2 || !is_digit(c->s[c->i]) || !is_digit(c->s[c->i + 1]) ||
                !tz_number(c, 2, &s) || s > 59)
                return false;
        }
    }
    *out = sign * (h * 3600 + m * 60 + s);
    return true;
}

/* A UTC offset in POSIX's sign (west positive), as seconds east. */
static bool tz_offset(cursor *c, int32_t *out)
{
    int64_t west;
    if (!tz_time(c, true, 2, 24, &west))
        return false;
    *out = (int32_t)-west;
    return true;
}

static bool tz_rule(cursor *c, int version, lapse_zone_rule_date *rule)
{
    int64_t a, b, d;
    memset(rule, 0, sizeof *rule);
    if (at(c, 'M')) {
        c->i++;
        if (!tz_number(c, 2, &a) || a < 1 || a > 12 || !at(c, '.'))
            return false;
        c->i++;
        if (!tz_number(c, 1, &b) || b < 1 || b > 5 || !at(c, '.'))
            return false;
        c->i++;
        if (!tz_number(c, 1, &d) || d > 6)
            return false;
        rule->kind = 'M', rule->month = (int32_t)a, rule->week = (int32_t)b, rule->day = (int32_t)d;
    } else if (at(c, 'J')) {
        c->i++;
        if (!tz_number(c, 3, &a) || a < 1 || a > 365)
            return false;
        rule->kind = 'J', rule->day = (int32_t)a;
    } else {
        if (!tz_number(c, 3, &a) || a > 365)
            return false;
        rule->kind = 'n', rule->day = (int32_t)a;
    }
    int64_t time = 2 * 3600;
    if (at(c, '/')) {
        c->i++;
        /* Version 3 allows -167..167 hours (RFC 8536 section 3.3.1). */
        if (!(version >= 3 ? tz_time(c, true, 3, 167, &time) : tz_time(c, false, 2, 24, &time)))
            return false;
    }
    rule->time = (int32_t)time;
    return true;
}

static bool parse_footer(lapse_zone *zone, const char *s, size_t n, int version)
{
    if (n == 0)
        return true; /* no rule: the last type lasts */
    cursor c = { s, 0, n };
    if (!tz_designation(&c) || !tz_offset(&c, &zone->std_offset))
        return false;
    if (c.i == n) {
        zone->has_rule = 1;
        return true;
    }
    if (!tz_designation(&c))
        return false;
    zone->dst_offset = zone->std_offset + 3600;
    if (!at(&c, ',') && !tz_offset(&c, &zone->dst_offset))
        return false;
    /* Daylight time without a rule has no transitions to follow. */
    if (!at(&c, ','))
        return false;
    c.i++;
    if (!tz_rule(&c, version, &zone->start) || !at(&c, ','))
        return false;
    c.i++;
    if (!tz_rule(&c, version, &zone->end) || c.i != n)
        return false;
    zone->has_rule = 2;
    return true;
}

static bool read_footer(reader *r, int version)
{
    unsigned char b[FOOTER_MAX + 1];
    if (!take(r, b, 1, "footer"))
        return false;
    if (b[0] != '\n') {
        fail_zone(r, LAPSE_ERR_VALUE_SYNTAX, "corrupt TZif file (footer)");
        return false;
    }
    size_t n = 0;
    for (;;) {
        if (!take(r, b + n, 1, "footer"))
            return false;
        if (b[n] == '\n')
            break;
        if (++n > FOOTER_MAX) {
            fail_zone(r, LAPSE_ERR_VALUE_SYNTAX, "corrupt TZif file (footer too long)");
            return false;
        }
    }
    if (!parse_footer(r->zone, (const char *)b, n, version)) {
        char message[96 + FOOTER_MAX];
        char quoted[80];
        lapse__quote((const char *)b, n, 64, quoted, sizeof quoted);
        snprintf(message, sizeof message, "corrupt TZif file (footer TZ string '%s')", quoted);
        fail_zone(r, LAPSE_ERR_VALUE_SYNTAX, message);
        return false;
    }
    if (r->zone->has_rule &&
        (r->zone->std_offset < OFFSET_MIN || r->zone->std_offset > OFFSET_MAX ||
         r->zone->dst_offset < OFFSET_MIN || r->zone->dst_offset > OFFSET_MAX)) {
        fail_zone(r, LAPSE_ERR_VALUE_SYNTAX, "corrupt TZif file (footer offset)");
        return false;
    }
    return true;
}

lapse_error lapse__zone_read(const char *name, lapse__zone_source source, lapse_zone *zone,
                             lapse_error_detail *detail)
{
    if (!zone)
        return lapse__fail_missing(detail, "zone");
    memset(zone, 0, sizeof *zone);
    if (!name)
        return lapse__fail_missing(detail, "name");
    size_t length = strlen(name);
    if (length == 0 || length >= LAPSE_ZONE_NAME_SIZE) {
        char quoted[80];
        lapse__quote(name, length, 64, quoted, sizeof quoted);
        return lapse__fail(detail, LAPSE_ERR_VALUE_SYNTAX, "zone",
                           "zone '%s': a name of 1 to %d bytes", quoted, LAPSE_ZONE_NAME_SIZE - 1);
    }
    memcpy(zone->name, name, length);
    reader r = { source, zone, detail, LAPSE_OK };
    header h;
    bool ok = read_header(&r, &h);
    int version = ok ? h.version : 1;
    if (ok && version >= 2)
        ok = skip(&r, block_size(&h, 4), "version 1 data") && read_header(&r, &h);
    ok = ok && read_block(&r, &h, version >= 2 ? 8 : 4);
    if (ok && version >= 2)
        ok = read_footer(&r, version);
    if (!ok) {
        lapse_error error = r.error ? r.error : LAPSE_ERR_VALUE_SYNTAX;
        memset(zone, 0, sizeof *zone);
        return error;
    }
    return LAPSE_OK;
}

typedef struct memory {
    const unsigned char *data;
    size_t size, at;
} memory;

static size_t memory_read(void *context, unsigned char *out, size_t n)
{
    memory *m = context;
    size_t left = m->size - m->at;
    size_t got = n < left ? n : left;
    if (out && got)
        memcpy(out, m->data + m->at, got);
    m->at += got;
    return got;
}

lapse_error lapse_zone_parse(const char *name, const void *data, size_t size, lapse_zone *zone,
                             lapse_error_detail *detail)
{
    if (!data && size > 0)
        return lapse__fail_missing(detail, "data");
    memory m = { data, size, 0 };
    lapse__zone_source source = { memory_read, &m };
    return lapse__zone_read(name, source, zone, detail);
}

/* ------------------------------------------------------------------------
 * RFC 3339 text
 * ------------------------------------------------------------------------ */

static bool two_digits(const char *p, int64_t *out)
{
    if (!is_digit(p[0]) || !is_digit(p[1]))
        return false;
    *out = (p[0] - '0') * 10 + (p[1] - '0');
    return true;
}

static lapse_error bad_instant(lapse_error_detail *detail, lapse_error code, const char *text,
                               size_t length, const char *why)
{
    char quoted[80];
    lapse__quote(text, length, 40, quoted, sizeof quoted);
    return lapse__fail(detail, code, "requested_at", "requested_at '%s': %s", quoted, why);
}

lapse_error lapse_instant_parse(const char *text, size_t length, int64_t *unix_seconds,
                                int32_t *offset, lapse_error_detail *detail)
{
    if (!text)
        return lapse__fail_missing(detail, "text");
    if (!unix_seconds)
        return lapse__fail_missing(detail, "unix_seconds");
    static const char shape[] = "not an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SS and Z or +HH:MM)";
    lapse_date date;
    if (length < 20)
        return bad_instant(detail, LAPSE_ERR_VALUE_SYNTAX, text, length, shape);
    lapse_error error = lapse_date_parse_n(text, 10, &date);
    if (error)
        return bad_instant(detail, error, text, length, lapse_strerror(error));
    int64_t h, m, s;
    char t = text[10];
    if ((t != 'T' && t != 't' && t != ' ') || !two_digits(text + 11, &h) || text[13] != ':' ||
        !two_digits(text + 14, &m) || text[16] != ':' || !two_digits(text + 17, &s))
        return bad_instant(detail, LAPSE_ERR_VALUE_SYNTAX, text, length, shape);
    if (h > 23 || m > 59 || s > 60)
        return bad_instant(detail, LAPSE_ERR_VALUE_SYNTAX, text, length,
                           "not a time of day (00:00:00 to 23:59:60)");
    if (s == 60)
        s = 59;
    size_t i = 19;
    if (i < length && text[i] == '.') {
        size_t first = ++i;
        while (i < length && is_digit(text[i]))
            i++;
        if (i == first)
            return bad_instant(detail, LAPSE_ERR_VALUE_SYNTAX, text, length, shape);
    }
    int64_t east = 0;
    if (i + 1 == length && (text[i] == 'Z' || text[i] == 'z'))
        east = 0;
    else if (i + 6 == length && (text[i] == '+' || text[i] == '-') && text[i + 3] == ':') {
        int64_t oh, om;
        if (!two_digits(text + i + 1, &oh) || !two_digits(text + i + 4, &om))
            return bad_instant(detail, LAPSE_ERR_VALUE_SYNTAX, text, length, shape);
        if (oh > 23 || om > 59)
            return bad_instant(detail, LAPSE_ERR_VALUE_SYNTAX, text, length,
                               "an offset beyond -23:59 to +23:59");
        east = (text[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else
        return bad_instant(detail, LAPSE_ERR_VALUE_SYNTAX, text, length, shape);
    *unix_seconds = (int64_t)date * DAY + h * 3600 + m * 60 + s - east;
    if (offset)
        *offset = (int32_t)east;
    return LAPSE_OK;
}

size_t lapse_instant_format(int64_t unix_seconds, char *buf, size_t size)
{
    char text[LAPSE_INSTANT_TEXT_SIZE];
    size_t n = 0;
    int64_t day = floor_div(unix_seconds, DAY);
    if (unix_seconds != LAPSE_INSTANT_NONE && day >= LAPSE_DATE_MIN && day <= LAPSE_DATE_MAX) {
        int64_t s = unix_seconds - day * DAY;
        n = lapse__put_date((lapse_date)day, text);
        text[n++] = 'T';
        int64_t parts[3] = { s / 3600, s / 60 % 60, s % 60 };
        for (int k = 0; k < 3; k++) {
            text[n++] = (char)('0' + parts[k] / 10);
            text[n++] = (char)('0' + parts[k] % 10);
            text[n++] = k < 2 ? ':' : 'Z';
        }
    }
    text[n] = '\0';
    if (size > 0) {
        size_t copy = n < size - 1 ? n : size - 1;
        memcpy(buf, text, copy);
        buf[copy] = '\0';
    }
    return n;
}
