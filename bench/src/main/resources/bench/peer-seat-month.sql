-- seat_month, core columns (METRICS.md): recruited, trained and active, one row per seat per month
-- of the run [${from_month}, ${to_month}], from the peer's Parquet under ${peer}.
-- Facts (training, activities) count only for the run's months, as a backfill into an empty warehouse.
CREATE OR REPLACE TABLE peer_seat_month AS
WITH
months AS (
    SELECT CAST(m AS DATE) AS month
    FROM generate_series(DATE '${from_month}', DATE '${to_month}', INTERVAL 1 MONTH) AS t(m)
),
seats AS (
    SELECT seat_code FROM read_parquet('${peer}/seats/*.parquet')
),
volunteers AS (
    SELECT volunteer_id, seat_code, recruited_on FROM read_parquet('${peer}/volunteers/*.parquet')
),
courses AS (
    SELECT course_code, counts_as_trained FROM read_parquet('${peer}/courses/*.parquet')
),
training AS (
    SELECT volunteer_id, course_code, session_date, completed
    FROM read_parquet('${peer}/training/**/*.parquet', hive_partitioning = true, hive_types = {'month': DATE})
    WHERE month BETWEEN DATE '${from_month}' AND DATE '${to_month}'
),
activities AS (
    SELECT volunteer_id, month
    FROM read_parquet('${peer}/activities/**/*.parquet', hive_partitioning = true, hive_types = {'month': DATE})
    WHERE month BETWEEN DATE '${from_month}' AND DATE '${to_month}'
),
-- a volunteer is trained in the month of their FIRST completed session of a course that counts
first_trained AS (
    SELECT t.volunteer_id, min(t.session_date) AS trained_on
    FROM training AS t
    JOIN courses AS c USING (course_code)
    WHERE t.completed AND c.counts_as_trained
    GROUP BY t.volunteer_id
),
recruited AS (
    SELECT seat_code, CAST(date_trunc('month', recruited_on) AS DATE) AS month, count(*) AS recruited
    FROM volunteers
    GROUP BY ALL
),
trained AS (
    SELECT v.seat_code, CAST(date_trunc('month', f.trained_on) AS DATE) AS month, count(*) AS trained
    FROM first_trained AS f
    JOIN volunteers AS v USING (volunteer_id)
    GROUP BY ALL
),
-- distinct home-seat volunteers with at least one activity (anywhere) in the month
active AS (
    SELECT v.seat_code, a.month, count(DISTINCT a.volunteer_id) AS active
    FROM activities AS a
    JOIN volunteers AS v USING (volunteer_id)
    GROUP BY ALL
)
SELECT s.seat_code,
       m.month,
       coalesce(r.recruited, 0) AS recruited,
       coalesce(t.trained, 0) AS trained,
       coalesce(a.active, 0) AS active
FROM seats AS s
CROSS JOIN months AS m
LEFT JOIN recruited AS r ON r.seat_code = s.seat_code AND r.month = m.month
LEFT JOIN trained AS t ON t.seat_code = s.seat_code AND t.month = m.month
LEFT JOIN active AS a ON a.seat_code = s.seat_code AND a.month = m.month;
