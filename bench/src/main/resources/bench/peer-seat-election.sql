-- seat_election, promise turnout (METRICS.md): promises, promises_voted and promise_turnout, one row
-- per election per area (the seat, or the ward for local elections) for every election polled on or
-- before ${last_day}, from the peer's Parquet under ${peer}. Contacts count only for the run's months
-- [${from_month}, ${to_month}], as a backfill into an empty warehouse. Own party: ${party}.
-- An elector whose franchise markers bar the election (contract/Franchise.java: a marker matching
-- ${parliament_barring} for general and by-elections, ${local_barring} for local and mayoral) is not
-- among its electors.
CREATE OR REPLACE TABLE peer_seat_election AS
WITH
elections AS (
    SELECT election_id, election_type, polling_date
    FROM read_parquet('${peer}/elections/*.parquet')
    WHERE polling_date <= DATE '${last_day}'
),
seats AS (SELECT seat_code FROM read_parquet('${peer}/seats/*.parquet')),
wards AS (SELECT ward_code FROM read_parquet('${peer}/wards/*.parquet')),
electors AS (
    SELECT elector_id, seat_code, ward_code, registered_on, left_on, coalesce(franchise, '') AS franchise
    FROM read_parquet('${peer}/electors/*.parquet')
),
marked AS (
    SELECT DISTINCT election_id, elector_id FROM read_parquet('${peer}/marked_register/*.parquet')
),
-- an area is a ward for a local election (or when it is no seat), else a seat
areas AS (
    SELECT r.election_id, r.area_code, e.election_type, e.polling_date,
           CASE WHEN w.ward_code IS NOT NULL AND (e.election_type = 'LOCAL' OR s.seat_code IS NULL) THEN 'WARD'
                WHEN s.seat_code IS NOT NULL THEN 'SEAT' END AS area_type
    FROM (SELECT DISTINCT election_id, area_code FROM read_parquet('${peer}/results/*.parquet')) AS r
    JOIN elections AS e USING (election_id)
    LEFT JOIN seats AS s ON s.seat_code = r.area_code
    LEFT JOIN wards AS w ON w.ward_code = r.area_code
),
-- the previous election of the same type in the same area, by polling day
with_previous AS (
    SELECT *, lag(polling_date) OVER (PARTITION BY area_code, election_type ORDER BY polling_date, election_id) AS prev_polling_date
    FROM areas
),
placed AS (
    SELECT elector_id, seat_code AS area_code, 'SEAT' AS area_type, registered_on, left_on, franchise FROM electors
    UNION ALL
    SELECT elector_id, ward_code AS area_code, 'WARD' AS area_type, registered_on, left_on, franchise FROM electors WHERE ward_code IS NOT NULL
),
-- electors on the register at polling day d (registered_on null or <= d, left_on null or > d) who can vote in it
on_register AS (
    SELECT DISTINCT a.election_id, a.area_code, p.elector_id, a.polling_date, a.prev_polling_date
    FROM with_previous AS a
    JOIN placed AS p ON p.area_code = a.area_code AND p.area_type = a.area_type
    WHERE (p.registered_on IS NULL OR p.registered_on <= a.polling_date)
      AND (p.left_on IS NULL OR p.left_on > a.polling_date)
      AND NOT CASE WHEN a.election_type IN ('GENERAL', 'BY_ELECTION') THEN regexp_matches(p.franchise, '${parliament_barring}')
                   ELSE regexp_matches(p.franchise, '${local_barring}') END
),
-- stated intentions: not NOT_HOME, not REFUSED
stated AS (
    SELECT elector_id, contact_date, contact_id, intention
    FROM read_parquet('${peer}/contacts/**/*.parquet', hive_partitioning = true, hive_types = {'month': DATE})
    WHERE month BETWEEN DATE '${from_month}' AND DATE '${to_month}'
      AND elector_id IS NOT NULL AND intention NOT IN ('NOT_HOME', 'REFUSED')
),
-- each elector's latest stated contact after the previous election, up to polling day; same day:
-- the greatest contact_id (two all-digit ids as numbers, else as text; all-digit ids lowest)
latest AS (
    SELECT o.election_id, o.area_code, o.elector_id, c.intention
    FROM on_register AS o
    JOIN stated AS c USING (elector_id)
    WHERE c.contact_date <= o.polling_date
      AND (o.prev_polling_date IS NULL OR c.contact_date > o.prev_polling_date)
    QUALIFY row_number() OVER (
        PARTITION BY o.election_id, o.area_code, o.elector_id
        ORDER BY c.contact_date DESC,
                 CASE WHEN regexp_full_match(c.contact_id, '[0-9]+') THEN 0 ELSE 1 END DESC,
                 CASE WHEN regexp_full_match(c.contact_id, '[0-9]+') THEN length(regexp_replace(c.contact_id, '^0+([0-9])', '\1')) ELSE 0 END DESC,
                 CASE WHEN regexp_full_match(c.contact_id, '[0-9]+') THEN regexp_replace(c.contact_id, '^0+([0-9])', '\1') ELSE c.contact_id END DESC,
                 c.contact_id DESC) = 1
),
promises AS (
    SELECT l.election_id, l.area_code,
           count(DISTINCT l.elector_id) AS promises,
           count(DISTINCT l.elector_id) FILTER (WHERE m.elector_id IS NOT NULL) AS promises_voted
    FROM latest AS l
    LEFT JOIN marked AS m ON m.election_id = l.election_id AND m.elector_id = l.elector_id
    WHERE l.intention = '${party}'
    GROUP BY ALL
)
SELECT a.election_id,
       a.area_code,
       coalesce(p.promises, 0) AS promises,
       coalesce(p.promises_voted, 0) AS promises_voted,
       CASE WHEN coalesce(p.promises, 0) = 0 THEN NULL
            ELSE CAST(p.promises_voted AS DOUBLE) / CAST(p.promises AS DOUBLE) END AS promise_turnout
FROM areas AS a
LEFT JOIN promises AS p USING (election_id, area_code);
