/*
 * How a billing service embeds lapse: its own customer records become
 * lapse's structs, each cancellation request is decided, and the answer
 * goes out twice, as the explanation a support agent pastes to the
 * customer (in the customer's language) and as the JSON the service logs.
 *
 *     cc billing_service.c $(pkg-config --cflags --libs lapse) -o billing_service
 */
#include <lapse.h>
#include <lapse/tables.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The service's own record of a customer, as its database holds it. */
typedef struct customer {
    const char *id;
    const char *language; /* the customer's language, "en" or "it" */
    const char *since;    /* YYYY-MM-DD */
    int months;           /* the plan's term */
    int billed_every;     /* months between invoices, 0 = up front */
    long long price_cents;
    int has_contract;
    const char *asked_on; /* the date of the request */
    int by_support;
} customer;

static const customer customers[] = {
    { "C-1001", "en", "2025-03-15", 12, 1, 3000, 0, "2025-09-15", 0 },
    { "C-1002", "it", "2024-10-01", 15, 3, 90000, 1, "2025-06-03", 0 },
};

/* The record as lapse's inputs; false (with a message) for bad data. */
static int to_lapse(const customer *c, lapse_subscription *s, lapse_request *r,
                    lapse_error_detail *detail)
{
    lapse_subscription_init(s);
    lapse_request_init(r);
    lapse_error error = lapse_date_parse(c->since, &s->start);
    if (!error)
        error = lapse_date_parse(c->asked_on, &r->on);
    if (error) {
        snprintf(detail->message, sizeof detail->message, "%s: %s", c->id, lapse_strerror(error));
        return 0;
    }
    s->term = c->months;
    s->billing = c->billed_every;
    s->price = c->price_cents;
    s->contract = c->has_contract;
    r->channel = c->by_support ? LAPSE_CHANNEL_SUPPORT : LAPSE_CHANNEL_ONLINE;
    r->roles = LAPSE_ROLE_BILLING_ADMIN;
    return 1;
}

int main(void)
{
    int refused = 0;
    for (size_t i = 0; i < sizeof customers / sizeof customers[0]; i++) {
        const customer *c = &customers[i];
        lapse_subscription s;
        lapse_request r;
        lapse_decision d;
        lapse_error_detail detail;
        if (!to_lapse(c, &s, &r, &detail) ||
            lapse_decide_cancel(NULL, &s, &r, &d, &detail) != LAPSE_OK) {
            fprintf(stderr, "%s: %s\n", c->id, detail.message);
            return 2;
        }
        /* The explanation: ask for its length, then write it. */
        size_t length;
        if (lapse_explain(NULL, &s, &r, &d, c->language, NULL, 0, &length, &detail) != LAPSE_OK) {
            fprintf(stderr, "%s: %s\n", c->id, detail.message);
            return 2;
        }
        char *text = malloc(length + 1);
        if (!text || lapse_explain(NULL, &s, &r, &d, c->language, text, length + 1, &length,
                                   &detail) != LAPSE_OK) {
            free(text);
            return 2;
        }
        char json[LAPSE_DECISION_JSON_SIZE];
        lapse_decision_json(&d, json, sizeof json);
        printf("== %s (%s)\n%s\nlog: %s\n\n", c->id, c->language, text, json);
        free(text);
        refused += !d.allowed;
    }
    printf("%d refused\n", refused);
    return 0;
}
