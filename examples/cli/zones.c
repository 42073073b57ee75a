/* The zone and requested_at columns of a row (lapse batch, lapse check):
 * each distinct zone loaded once a run, into a cache the run owns. */
#include "cli.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { ZONE_SLOTS = 64 };

typedef struct zone_slot {
    char name[LAPSE_ZONE_NAME_SIZE];
    lapse_zone zone;
    lapse_error error; /* a failed load is remembered too */
    lapse_error_detail detail;
} zone_slot;

struct zone_cache {
    pthread_mutex_t lock;
    const char *directory;
    int count;
    zone_slot *slot[ZONE_SLOTS]; /* filled once, then only read */
};

zone_cache *zone_cache_new(void)
{
    zone_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    pthread_mutex_init(&c->lock, NULL);
    c->directory = getenv("TZDIR");
    if (!c->directory || !c->directory[0])
        c->directory = "/usr/share/zoneinfo";
    return c;
}

void zone_cache_free(zone_cache *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->count; i++)
        free(c->slot[i]);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

int zone_cache_loads(const zone_cache *c) { return c ? c->count : 0; }

/* The column's place in the table, or -1. */
static int32_t place_of(const lapse_table *table, lapse_column column)
{
    for (int32_t c = 0; c < table->count; c++)
        if (table->columns[c] == column)
            return c;
    return -1;
}

bool table_has_zone(const lapse_table *table) { return place_of(table, LAPSE_COLUMN_ZONE) >= 0; }

/* The slot of a zone, loaded on first use; a slot not kept (the cache
 * full) is *spare, which the caller frees. */
static const zone_slot *zone_find(zone_cache *c, const char *name, size_t length, zone_slot **spare)
{
    *spare = NULL;
    pthread_mutex_lock(&c->lock);
    for (int i = 0; i < c->count; i++)
        if (strlen(c->slot[i]->name) == length && memcmp(c->slot[i]->name, name, length) == 0) {
            pthread_mutex_unlock(&c->lock);
            return c->slot[i];
        }
    zone_slot *s = malloc(sizeof *s);
    if (!s) {
        pthread_mutex_unlock(&c->lock);
        fprintf(stderr, "lapse: out of memory\n");
        exit(EXIT_USAGE);
    }
    char text[LAPSE_ZONE_NAME_SIZE * 2];
    size_t n = length < sizeof text - 1 ? length : sizeof text - 1;
    memcpy(text, name, n);
    text[n] = '\0';
    s->error = lapse_zone_load(c->directory, text, &s->zone, &s->detail);
    memset(s->name, 0, sizeof s->name);
    if (length < sizeof s->name)
        memcpy(s->name, text, length);
    if (length < sizeof s->name && c->count < ZONE_SLOTS)
        c->slot[c->count++] = s;
    else
        *spare = s;
    pthread_mutex_unlock(&c->lock);
    return s;
}

lapse_error zone_row(zone_cache *c, const lapse_table *table, const char *line, lapse_row *row,
                     const lapse_zone **zone, void **owned, lapse_error_detail *detail)
{
    *zone = NULL;
    *owned = NULL;
    int32_t z = place_of(table, LAPSE_COLUMN_ZONE);
    if (z < 0 || row->length[z] == 0)
        return LAPSE_OK;
    zone_slot *spare;
    const zone_slot *s = zone_find(c, line + row->offset[z], row->length[z], &spare);
    *owned = spare;
    if (s->error) {
        *detail = s->detail;
        detail->column = z + 1;
        return s->error;
    }
    *zone = &s->zone;
    int32_t a = place_of(table, LAPSE_COLUMN_REQUESTED_AT);
    if (a < 0 || row->length[a] == 0)
        return LAPSE_OK; /* lapse_table_row read `on`, or no date at all */
    int64_t at;
    lapse_date day;
    /* lapse_table_row() read it already: no error here. */
    if (lapse_instant_parse(line + row->offset[a], row->length[a], &at, NULL, detail) != LAPSE_OK)
        return detail->code;
    if (lapse_zone_date(&s->zone, at, &day) != LAPSE_OK) {
        memset(detail, 0, sizeof *detail);
        detail->code = LAPSE_ERR_DATE_RANGE;
        detail->column = a + 1;
        snprintf(detail->field, sizeof detail->field, "requested_at");
        snprintf(detail->message, sizeof detail->message,
                 "requested_at '%.*s': outside 0001-01-01 to 9999-12-31 in %s",
                 (int)(row->length[a] < 40 ? row->length[a] : 40), line + row->offset[a],
                 s->zone.name);
        return LAPSE_ERR_DATE_RANGE;
    }
    row->request.on = day;
    return LAPSE_OK;
}

size_t zone_instants_csv(const lapse_zone *zone, const lapse_decision *decision, char *buf)
{
    int64_t at[2] = { LAPSE_INSTANT_NONE, LAPSE_INSTANT_NONE };
    if (zone && lapse_decision_instants(zone, decision, &at[0], &at[1], NULL) != LAPSE_OK)
        at[0] = at[1] = LAPSE_INSTANT_NONE;
    size_t n = lapse_instant_format(at[0], buf, LAPSE_INSTANT_TEXT_SIZE);
    buf[n++] = ',';
    n += lapse_instant_format(at[1], buf + n, LAPSE_INSTANT_TEXT_SIZE);
    return n;
}
