/* Helpers of the boundary tests that a mutation run asked for (issue #34,
 * tests/mutation/): a request, a decision that must succeed, an
 * explanation, a lint count.  Included by tests/core/test_*.c. */
#ifndef LAPSE_TEST_EDGES_H
#define LAPSE_TEST_EDGES_H

#include "testutil.h"

#include <string.h>

#define EDGE_BA LAPSE_ROLE_BILLING_ADMIN

static inline lapse_request edge_request(const char *on, lapse_channel channel, uint32_t roles)
{
    lapse_request r;
    lapse_request_init(&r);
    r.on = test_date(on);
    r.channel = channel;
    r.roles = roles;
    return r;
}

static inline lapse_decision edge_decide(const lapse_policy *policy, const lapse_subscription *s,
                                         const lapse_request *r)
{
    lapse_decision d;
    lapse_error_detail detail = { 0 };
    lapse_error error = lapse_decide_cancel(policy, s, r, &d, &detail);
    if (error)
        fail_msg("unexpected %s: %s", lapse_error_name(error), detail.message);
    return d;
}

static inline size_t edge_lint_count(const lapse_policy *p, lapse_lint_finding *findings,
                                     size_t capacity)
{
    size_t count = 99;
    lapse_error_detail detail = { 0 };
    assert_int_equal(lapse_policy_lint(p, findings, capacity, &count, &detail), LAPSE_OK);
    return count;
}

static inline void edge_explain(const lapse_policy *p, const lapse_subscription *s,
                                const lapse_request *r, const char *language, char *buf,
                                size_t size)
{
    lapse_decision d;
    lapse_error_detail detail = { 0 };
    assert_int_equal(lapse_decide_cancel(p, s, r, &d, &detail), LAPSE_OK);
    size_t length = 0;
    assert_int_equal(lapse_explain(p, s, r, &d, language, buf, size, &length, &detail), LAPSE_OK);
    assert_int_equal(length, strlen(buf));
}

static inline void edge_contains(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("'%s' not in:\n%s", part, text);
}

#endif
