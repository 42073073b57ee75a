/*
 * The words of explanations, one table per language (words.c).  Texts are
 * templates: %1 to %9 stand for the arguments the explanation passes (already
 * formatted for the language), %% for a percent sign, so a language may put
 * them in any order.  Pairs indexed [2] are the singular and the plural.
 * A new language is one new table in words.c.
 */
#ifndef LAPSE_CORE_WORDS_H
#define LAPSE_CORE_WORDS_H

#include "lapse.h"

#include <stdbool.h>

typedef struct lapse__words {
    const char *code; /* "en": what callers name the language by */
    /* Dates: ISO (2025-03-31) or day first with `date_separator` (31/03/2025). */
    bool day_first;
    char date_separator;
    /* Amounts: the decimal mark and the thousands separator ("" for none). */
    const char *decimal_mark;
    const char *group_mark;
    /* Labels of the figures are padded to this many characters. */
    int label_width;

    /* The request: %1 contract or self-serve, %2 start, %3 the current
     * term, %4 the price of an invoice, %5 how it is invoiced. */
    const char *cancelling;
    const char *contract;
    const char *self_serve;
    const char *initial_term[2]; /* %1 months */
    const char *renewal_term[2]; /* %1 months */
    const char *leading_term;    /* %1 the first billing day */
    const char *trial_term;      /* %1 the trial's last day */
    const char *up_front;
    const char *monthly;
    const char *every_months;   /* %1 months */
    const char *in_arrears;     /* after how it is invoiced, when at each period's end */
    const char *intro_price[2]; /* after how it is invoiced, in the first term with an
                                 * introductory price: %1 the intro price, %2 its months */
    const char *requested;      /* %1 date, %2 channel, %3 who */
    const char *via[2];         /* online, support */
    const char *by_roles;       /* %1 the roles */
    const char *role[3];        /* billing admin, product admin, billing contact */
    const char *role_join;
    const char *by_nobody;

    /* The verdict. */
    const char *allowed; /* %1 how */
    const char *allowed_how[2];
    const char *refused;   /* %1 channel */
    const char *reason[7]; /* lapse_reason bits in order */
    const char *instead_support;
    const char *instead_admin;
    /* A refused request: what happens when it is cancelled by the route.
     * %1 notice deadline or date, %2 last day of access. */
    const char *call_support_by;
    const char *call_support_now;
    const char *admin_cancels;
    const char *have_ready; /* %1 the list */
    const char *support_info[5];
    const char *list_join;

    /* The figures. */
    const char *label_term;
    const char *label_notice;
    const char *label_last_day;
    const char *label_charged;
    const char *label_invoiced;
    const char *label_after_access;
    const char *label_refund;
    const char *label_fee;
    const char *label_data;
    const char *label_confirmation;
    const char *term_span[2];    /* %1 first day, %2 last day, %3 months */
    const char *leading_span[2]; /* %1 first day, %2 last day, %3 days */
    const char *trial_span[2];   /* %1 first day, %2 last day, %3 days */
    const char *notice_in_time;
    const char *notice_missed;
    const char *notice_cancel_by;  /* a refused request */
    const char *notice_by_in_zone; /* %1 the deadline, %2 the zone: its last minute there */
    const char *after_renewal;
    const char *charged;             /* %1 amount */
    const char *charged_from_resume; /* %1 amount: asked during a pause */
    const char *invoiced[2];         /* %1 amount, %2 invoices, %3 next invoice */
    const char *nothing_invoiced;
    const char *nothing_invoiced_in_arrears;
    const char *after_access[2]; /* %1 amount, %2 invoices */
    const char *fee;             /* %1 amount */
    /* Where a refund goes when not all of it is paid back (Settlement): %1
     * applied to the balance, %2 paid back, %3 account credit, %4 the
     * balance after. */
    const char *label_settlement;
    const char *settlement;
    const char *data; /* %1 last day kept, %2 deletion */
    const char *confirmation_email;
    const char *confirmation_list;

    /* "Before you go" and its warnings. */
    const char *before_you_go;
    const char *already_ending;       /* %1 last day of access */
    const char *notice_came_late;     /* %1 deadline */
    const char *settle_balance;       /* %1 amount */
    const char *unassign_licences[2]; /* %1 count */
    const char *cooling_off;
    const char *in_trial;                  /* %1 last day of access, %2 the trial's last day */
    const char *in_pause;                  /* %1 first day paused, %2 last day paused */
    const char *pause_moves_term;          /* %1 first day paused, %2 last day paused */
    const char *pause_keeps_term;          /* %1 first day paused, %2 last day paused */
    const char *ends_before_term_end;      /* %1 last day of access, %2 last day of the term */
    const char *cooling_off_proportionate; /* %1 the amount owed for what was provided */
    const char *commitment_waived;
    const char *termination_fee; /* %1 amount */
    const char *refund_due;      /* %1 amount */
    const char *back_up_data;    /* %1 last day of access */

    /* Status. */
    const char *status_on; /* %1 date, %2 status, %3 meaning */
    const char *status_name[6];
    const char *status_meaning[6];
    const char *status_renews_once; /* ending: %1 renewal date, %2 last day of access */
    const char *label_holds;
    const char *holds;       /* %1 since, %2 last day */
    const char *holds_open;  /* %1 since */
    const char *holds_until; /* %1 last day: since when is not recorded */
    const char *label_listed;
    const char *listed[2]; /* active, expired */
    const char *label_settled;
    const char *settled; /* %1 refund, %2 termination fee */

    /* A reduction of items: %1..%5 as `cancelling`. */
    const char *reducing;
    const char *change_allowed; /* %1 how */
    const char *instead_change_support;
    const char *label_items;
    const char *item_change;    /* %1 name, %2 today, %3 after, %4 unit price */
    const char *item_released;  /* %1 first day no longer charged */
    const char *item_unchanged; /* %1 name, %2 quantity, %3 unit price */
    const char *label_change;
    const char *change_on; /* %1 date */
    const char *charged_with_change;
    const char *charged_with_change_from_resume; /* asked during a pause */
    const char *label_recurring;
    const char *recurring; /* %1 amount */
    const char *label_saving;
    const char *saving;           /* %1 amount, %2 the term's last day */
    const char *unassign_item[2]; /* %1 count, %2 item */
    const char *units_waived;
    const char *units_fee;  /* %1 amount */
    const char *units_owed; /* %1 the term's last day */
    const char *before_change;

    /* Events of a timeline, and a line of one: %1 date, %2 event, %3 amount
     * (or nothing), %4 "term N" (or nothing). */
    const char *event[15];
    int event_width;
    const char *term_number; /* %1 index */
} lapse__words;

/* The table of a language code, or NULL. */
const lapse__words *lapse__words_of(const char *code);

/* The index-th table (for lists of languages), or NULL after the last. */
const lapse__words *lapse__words_at(size_t index);

#endif
