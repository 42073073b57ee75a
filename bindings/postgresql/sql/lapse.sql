-- The lapse extension, as a billing team would call it (pg_regress).
CREATE EXTENSION lapse;
SET datestyle = 'ISO';

-- E1: a self-serve monthly plan, 20.00 EUR, cancelled online on 2025-03-10.
SELECT (lapse_cancel(start => '2025-01-31', price => 20.00, "on" => '2025-03-10',
                     roles => '{billing_admin}')).*;

-- E4: a 15-month contract, notice missed: it renews first.
SELECT effective_end, renews_first, remaining_term_charge, still_to_invoice, invoices_left,
       notice_deadline, warnings
FROM lapse_cancel(start => '2024-10-01', term => 15, price => 100.00, contract => true,
                  "on" => '2025-12-03', channel => 'support', roles => '{billing_admin}',
                  provided => '{all}');

-- E6: refused for three reasons, all listed.
SELECT allowed, blocked, route
FROM lapse_cancel(start => '2025-01-31', price => 20.00, balance => 12.00,
                  "on" => '2025-03-10', roles => '{product_admin}');

-- A table of subscriptions, as the issue's query reads.
CREATE TABLE subscriptions (id int, start date, term int, price numeric, contract boolean);
INSERT INTO subscriptions VALUES (1, '2025-01-31', 1, 20.00, false),
                                 (2, '2024-10-01', 15, 100.00, true),
                                 (3, '2025-01-01', 12, 1200.00, true);
SELECT s.id, (lapse_cancel(start => s.start, term => s.term, price => s.price,
                           contract => s.contract, "on" => '2025-10-05',
                           roles => '{billing_admin}')).effective_end
FROM subscriptions s ORDER BY s.id;

-- The scalar outputs, one function each.
SELECT lapse_effective_end(start => '2025-01-31', "on" => '2025-03-10'),
       lapse_data_deleted_on(start => '2025-01-31', "on" => '2025-03-10'),
       lapse_remaining_term_charge(start => '2025-01-31', price => 20.00, "on" => '2025-03-10'),
       lapse_allowed(start => '2025-01-31', "on" => '2025-03-10'),
       lapse_route(start => '2025-01-31', "on" => '2025-03-10', roles => '{billing_admin}'),
       lapse_next_invoice(start => '2025-01-31', "on" => '2025-03-10');

-- Policies: a preset, settings, the money of the issue's example.
SELECT refund, termination_fee
FROM lapse_cancel(start => '2025-01-01', term => 12, billing => 0, price => 1200.00,
                  contract => true, "on" => '2025-02-01', roles => '{billing_admin}',
                  channel => 'support',
                  policy => 'timing = immediate; refund = prorated; '
                            'commitment = percent_fee; termination_fee_percent = 50');
SELECT refund FROM lapse_cancel(start => '2025-01-31', term => 12, price => 30.00,
                                "on" => '2025-03-10', roles => '{billing_admin}',
                                policy => 'immediate-prorated');
SELECT lapse_policy_check('eu-consumer'), lapse_policy_check('timing = immediate');
-- lapse_policy_lint: what `lapse policy lint` finds (check only validates).
SELECT lapse_policy_check('timing = end_of_term; refund = full'),
       lapse_policy_lint('timing = end_of_term; refund = full');
SELECT lapse_policy_lint(E'timing = end_of_term\nrefund = full\ntermination_fee = 10.00 EUR');
SELECT lapse_policy_lint('eu-consumer'), lapse_policy_lint('timing = immediate');

-- Amounts in other currencies, exactly.
SELECT remaining_term_charge, currency
FROM lapse_cancel(start => '2025-01-31', price => 2500, currency => 'JPY', "on" => '2025-03-10');
SELECT remaining_term_charge
FROM lapse_cancel(start => '2025-01-31', price => 12.345, currency => 'KWD', "on" => '2025-03-10');

-- Status, reactivation and the timeline (E8).
SELECT (lapse_status(start => '2025-01-31', cancelled_on => '2025-03-10', "on" => d)).status
FROM unnest(ARRAY['2025-03-30', '2025-03-31', '2025-06-28', '2025-06-29']::date[]) AS d;
SELECT * FROM lapse_reactivate(start => '2025-01-31', price => 30.00, term => 12,
                               cancelled_on => '2025-03-10', "on" => '2025-03-10',
                               policy => 'immediate-prorated');
SELECT * FROM lapse_timeline(start => '2025-01-31', price => 20.00, "on" => '2025-03-10');

-- Errors: SQLSTATE 22023 (22008 for dates), the lapse message, the field
-- and the stable error name in DETAIL.
CREATE FUNCTION show_error(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || SQLERRM || ' (' || detail || ')';
END $$;
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-01', term => 0, "on" => '2025-02-01')$$);
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-01', "on" => 'infinity')$$);
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-01')$$);
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-01', price => 1.234, "on" => '2025-02-01')$$);
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-01', roles => '{owner}', "on" => '2025-02-01')$$);
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-01', "on" => '2025-02-01', policy => 'timing = soon')$$);
SELECT show_error($$SELECT lapse_policy_check('refund = none; refund = full')$$);
SELECT show_error($$SELECT lapse_policy_lint('refund = none; refund = full')$$);

-- lapse_try_cancel: one bad row never aborts the run.
SELECT id, effective_end, error, error_field, error_code
FROM (VALUES (1, 1), (2, 0), (3, 12)) AS v(id, term),
     LATERAL lapse_try_cancel(start => '2025-01-01', term => v.term, "on" => '2025-02-01')
ORDER BY id;

-- Every function is IMMUTABLE and PARALLEL SAFE (those taking requested_at
-- and zone too: PostgreSQL's own timezone(text, timestamptz) is IMMUTABLE),
-- but the two SQL helpers lapse_request_date and lapse_day_start (#29),
-- declared STABLE.
SELECT count(*) AS functions, bool_and(provolatile = 'i') AS immutable,
       bool_and(proparallel = 's') AS parallel_safe
FROM pg_proc WHERE proname LIKE 'lapse\_%' AND pronamespace = 'public'::regnamespace
  AND proname NOT IN ('lapse_request_date', 'lapse_day_start');
SELECT proname, provolatile, proparallel
FROM pg_proc WHERE proname IN ('lapse_request_date', 'lapse_day_start') ORDER BY proname;
