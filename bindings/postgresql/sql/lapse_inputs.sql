-- Inputs at their edges (issue #25).  Runs after lapse.sql (show_error).
SET datestyle = 'ISO';

-- An unknown name is quoted cut at 40 bytes, between characters: names of
-- 2, 3 and 4-byte characters after 0 to 3 ASCII bytes put the cut at every
-- offset inside a character.  convert_to checks the text is valid UTF-8.
SELECT c.bytes, k, octet_length(t.error) AS octets,
       convert_from(convert_to(t.error, 'UTF8'), 'UTF8') AS error, t.error_field
FROM (VALUES (2, 'é'), (3, '€'), (4, '😀')) AS c(bytes, ch), generate_series(0, 3) AS k,
     LATERAL lapse_try_cancel(start => '2025-01-15', "on" => '2025-03-01',
                              roles => ARRAY[repeat('x', k) || repeat(c.ch, 30)]) AS t
ORDER BY c.bytes, k;
CREATE TABLE bad_names AS
SELECT k, error FROM generate_series(0, 3) AS k,
     LATERAL lapse_try_cancel(start => '2025-01-15', "on" => '2025-03-01',
                              provided => ARRAY[repeat('x', k) || repeat('é', 30)]);
SELECT k, length(convert_to(error, 'UTF8')) FROM bad_names ORDER BY k;
SELECT k, convert_from(convert_to(show_error(format(
    $$SELECT lapse_cancel(start => '2025-01-15', "on" => '2025-03-01', roles => ARRAY[%L])$$,
    repeat('x', k) || repeat('€', 30))), 'UTF8'), 'UTF8') AS raised
FROM generate_series(0, 2) AS k ORDER BY k;

-- A currency error names the currency, as the batch does, whatever the amounts.
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-15', "on" => '2025-03-01', price => 1.5, currency => 'jpy')$$);
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-15', "on" => '2025-03-01', currency => 'jpy')$$);
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-15', "on" => '2025-03-01', balance => 2, currency => 'XYZ')$$);
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-15', "on" => '2025-03-01', price => 1, currency => 'EURO')$$);
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-15', "on" => '2025-03-01', price => 1, currency => '')$$);
SELECT error, error_field, error_code
FROM lapse_try_cancel(start => '2025-01-15', "on" => '2025-03-01', price => 1.5, currency => 'jpy');

-- A NULL name or a list of more than one dimension is an error naming the argument.
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-15', "on" => '2025-03-01', roles => ARRAY['billing_admin', NULL])$$);
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-15', "on" => '2025-03-01', provided => ARRAY[NULL]::text[])$$);
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-15', "on" => '2025-03-01', roles => '{{billing_admin},{owner}}')$$);
SELECT show_error($$SELECT lapse_cancel(start => '2025-01-15', "on" => '2025-03-01', provided => ARRAY[ARRAY['all']])$$);
SELECT error, error_field, error_code
FROM lapse_try_cancel(start => '2025-01-15', "on" => '2025-03-01', roles => ARRAY[NULL, 'billing_admin']);

-- Trailing zeros beyond the currency's digits are the same amount; a real
-- sub-unit amount is still refused.
SELECT v.price, v.currency, c.remaining_term_charge, c.error
FROM (VALUES (1, 20.000, 'EUR'), (2, 30.00 * 1.2, 'EUR'), (3, 20.10000, 'EUR'),
             (4, -0.000, 'EUR'), (5, 2500.000, 'JPY'), (6, 2500.0, 'JPY'),
             (7, 12.3450, 'KWD'), (8, 20.001, 'EUR'), (9, 20.0010, 'EUR'),
             (10, 2500.5, 'JPY'), (11, 12.34501, 'KWD'), (12, 0.0001, 'JPY'))
         AS v(n, price, currency),
     LATERAL lapse_try_cancel(start => '2025-01-31', price => v.price, currency => v.currency,
                              "on" => '2025-03-10') AS c
ORDER BY v.n;
SELECT lapse_refund(start => '2025-01-01', term => 12, billing => 0, price => 1200.0000,
                    contract => true, "on" => '2025-02-01', roles => '{billing_admin}',
                    channel => 'support', policy => 'immediate-prorated'),
       lapse_remaining_term_charge(start => '2025-01-31', price => 20.00, balance => 0.500,
                                   renewal_price => 25.000, "on" => '2025-03-10');
