-- Every function without a policy argument and with NULL, an empty, a
-- preset and settings as the policy, row after row in one query (issue
-- #25: lapse_timeline kept its policy in fn_extra, funcapi's slot, and
-- crashed the server with any policy).  Runs after lapse.sql (show_error).
SET datestyle = 'ISO';
CREATE TABLE policies (p int, policy text);
INSERT INTO policies VALUES (1, NULL), (2, ''), (3, 'eu-consumer'), (4, 'timing = immediate'),
    (5, 'immediate-prorated'), (6, 'killbill-like'), (7, 'lago-like'),
    (8, 'timing = immediate; refund = prorated');
\set base 'start => ''2025-01-15'', term => 12, price => 30.00, "on" => ''2025-03-01'', roles => ''{billing_admin}'''
\set ended 'start => ''2025-01-15'', term => 12, price => 30.00, cancelled_on => ''2025-03-01'', "on" => ''2025-03-01'''

-- Row 0 has no policy argument.
SELECT 0 AS p, (lapse_cancel(:base)).*
UNION ALL SELECT p, (lapse_cancel(:base, policy => policy)).* FROM policies ORDER BY p;
SELECT 0 AS p, effective_end, refund, error, error_field FROM lapse_try_cancel(:base)
UNION ALL SELECT p, (c).effective_end, (c).refund, (c).error, (c).error_field
FROM (SELECT p, lapse_try_cancel(:base, policy => policy) AS c FROM policies) x ORDER BY p;
SELECT 0 AS p, (lapse_status(:ended)).*
UNION ALL SELECT p, (lapse_status(:ended, policy => policy)).* FROM policies ORDER BY p;
SELECT 0 AS p, (lapse_reactivate(:ended)).*
UNION ALL SELECT p, (lapse_reactivate(:ended, policy => policy)).* FROM policies ORDER BY p;

-- The timeline in FROM, one call a row of policies, and in the select list.
SELECT 0 AS p, string_agg(concat_ws(' ', date, event, term, amount), '; ' ORDER BY n) AS events
FROM lapse_timeline(:base) WITH ORDINALITY AS t(date, event, term, amount, n)
UNION ALL
SELECT p.p, string_agg(concat_ws(' ', date, event, term, amount), '; ' ORDER BY n)
FROM policies p, LATERAL lapse_timeline(:base, policy => p.policy)
                 WITH ORDINALITY AS t(date, event, term, amount, n)
GROUP BY p.p ORDER BY p;
SELECT p, count(*) AS events
FROM (SELECT p, lapse_timeline(:base, policy => policy) FROM policies) t GROUP BY p ORDER BY p;
SELECT show_error($$SELECT * FROM lapse_timeline(start => '2025-01-15', "on" => '2025-03-01', policy => 'timing = soon')$$);
SELECT count(*) FROM lapse_timeline(start => '2025-01-15', "on" => '2025-03-01', policy => 'eu-consumer');

-- The explanations: their first line and length.
SELECT 0 AS p, split_part(lapse_explain(:base), E'\n', 1) AS first_line,
       length(lapse_explain(:base)), length(lapse_explain(:base, language => 'it'))
UNION ALL
SELECT p, split_part(lapse_explain(:base, policy => policy), E'\n', 1),
       length(lapse_explain(:base, policy => policy)),
       length(lapse_explain(:base, policy => policy, language => 'it'))
FROM policies ORDER BY p;
SELECT 0 AS p, split_part(lapse_explain_status(:ended), E'\n', 1) AS first_line,
       length(lapse_explain_status(:ended))
UNION ALL
SELECT p, split_part(lapse_explain_status(:ended, policy => policy), E'\n', 1),
       length(lapse_explain_status(:ended, policy => policy))
FROM policies ORDER BY p;

-- Every scalar function is its column of lapse_cancel, with and without a policy.
\set scalars_agree '(lapse_allowed(:base, policy => policy) IS NOT DISTINCT FROM (c).allowed AND lapse_blocked(:base, policy => policy) IS NOT DISTINCT FROM (c).blocked AND lapse_warnings(:base, policy => policy) IS NOT DISTINCT FROM (c).warnings AND lapse_missing_support_info(:base, policy => policy) IS NOT DISTINCT FROM (c).missing_support_info AND lapse_route(:base, policy => policy) IS NOT DISTINCT FROM (c).route AND lapse_term_start(:base, policy => policy) IS NOT DISTINCT FROM (c).term_start AND lapse_term_end(:base, policy => policy) IS NOT DISTINCT FROM (c).term_end AND lapse_notice_deadline(:base, policy => policy) IS NOT DISTINCT FROM (c).notice_deadline AND lapse_renews_first(:base, policy => policy) IS NOT DISTINCT FROM (c).renews_first AND lapse_effective_end(:base, policy => policy) IS NOT DISTINCT FROM (c).effective_end AND lapse_remaining_term_charge(:base, policy => policy) IS NOT DISTINCT FROM (c).remaining_term_charge AND lapse_still_to_invoice(:base, policy => policy) IS NOT DISTINCT FROM (c).still_to_invoice AND lapse_refund(:base, policy => policy) IS NOT DISTINCT FROM (c).refund AND lapse_termination_fee(:base, policy => policy) IS NOT DISTINCT FROM (c).termination_fee AND lapse_invoices_left(:base, policy => policy) IS NOT DISTINCT FROM (c).invoices_left AND lapse_next_invoice(:base, policy => policy) IS NOT DISTINCT FROM (c).next_invoice AND lapse_data_deleted_on(:base, policy => policy) IS NOT DISTINCT FROM (c).data_deleted_on AND lapse_confirmation(:base, policy => policy) IS NOT DISTINCT FROM (c).confirmation)'
SELECT p, :scalars_agree AS scalars_agree
FROM (SELECT p, policy, lapse_cancel(:base, policy => policy) AS c FROM policies) x ORDER BY p;
SELECT lapse_allowed(:base), lapse_blocked(:base), lapse_warnings(:base),
       lapse_missing_support_info(:base), lapse_route(:base), lapse_term_start(:base),
       lapse_term_end(:base), lapse_notice_deadline(:base), lapse_renews_first(:base),
       lapse_effective_end(:base), lapse_remaining_term_charge(:base),
       lapse_still_to_invoice(:base), lapse_refund(:base), lapse_termination_fee(:base),
       lapse_invoices_left(:base), lapse_next_invoice(:base), lapse_data_deleted_on(:base),
       lapse_confirmation(:base);
SELECT p, lapse_policy_check(policy) FROM policies WHERE policy IS NOT NULL ORDER BY p;

-- Policies cycling through more than a call site keeps (four): every row
-- still decided with its own policy.
WITH expected AS MATERIALIZED (
    SELECT p, lapse_cancel(:base, policy => policy) AS c FROM policies),
cycled AS MATERIALIZED (
    SELECT g % 8 + 1 AS p,
           lapse_cancel(:base, policy => (SELECT policy FROM policies WHERE p = g % 8 + 1)) AS c
    FROM generate_series(0, 79) g)
SELECT count(*) AS rows, bool_and(cycled.c IS NOT DISTINCT FROM expected.c) AS decisions_agree,
       count(DISTINCT (cycled.c).effective_end) AS effective_ends
FROM cycled JOIN expected USING (p);
