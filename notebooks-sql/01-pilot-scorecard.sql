-- 01 Pilot scorecard
--
-- Question: in the latest month, how is each pilot seat doing against its targets for
-- recruiting and training activists, that month and over the pilot so far?
--
-- Reading the answer:
--   * One row per seat that is a selected pilot seat in the chosen month.
--   * recruited / trained are volunteers whose recruitment / first organiser training fell in the
--     month; target_* are the pilot's monthly targets (pilot_seats); *_vs_target = actual / target
--     (1.0 = on target; empty when the target is 0 or not set).
--   * The *_pilot_to_date columns add up the pilot months the warehouse holds, up to the chosen
--     month (a run that started after the pilot began holds fewer months: see pilot_months_in_data).
--   * helper_pool and activation_rate show whether recruits stay active (active over 90 days / pool).
--   * The pilot is judged on recruiting and training, not on contact rates or election results.
--
-- To choose another month, replace the latest_month CTE with: select date '2025-06-01' as month

with latest_month as (
    -- the month to report: the latest month the warehouse holds a pilot seat for
    select max(month) as month
    from seat_month
    where pilot
),

pilot_months as (
    -- every pilot month of every pilot seat, up to the chosen month
    select
        seat_month.seat_code,
        seat_month.month,
        seat_month.recruited,
        seat_month.trained,
        seat_month.target_recruits,
        seat_month.target_trained
    from seat_month
    cross join latest_month
    where seat_month.pilot
      and seat_month.month <= latest_month.month
),

pilot_to_date as (
    select
        seat_code,
        count(*) as pilot_months_in_data,
        sum(recruited) as recruited_pilot_to_date,
        sum(target_recruits) as target_recruits_pilot_to_date,
        sum(trained) as trained_pilot_to_date,
        sum(target_trained) as target_trained_pilot_to_date
    from pilot_months
    group by seat_code
),

chosen_month as (
    -- the chosen month's row of each pilot seat
    select seat_month.*
    from seat_month
    join latest_month on seat_month.month = latest_month.month
    where seat_month.pilot
),

scorecard as (
    select
        -- ids
        chosen_month.month,
        chosen_month.seat_code,
        chosen_month.seat_name,
        chosen_month.region,
        -- the month
        chosen_month.recruited,
        chosen_month.target_recruits,
        chosen_month.recruited / nullif(chosen_month.target_recruits, 0) as recruited_vs_target,
        chosen_month.trained,
        chosen_month.target_trained,
        chosen_month.trained / nullif(chosen_month.target_trained, 0) as trained_vs_target,
        -- the pilot so far
        pilot_to_date.pilot_months_in_data,
        pilot_to_date.recruited_pilot_to_date,
        pilot_to_date.target_recruits_pilot_to_date,
        pilot_to_date.recruited_pilot_to_date / nullif(pilot_to_date.target_recruits_pilot_to_date, 0) as recruited_vs_target_pilot_to_date,
        pilot_to_date.trained_pilot_to_date,
        pilot_to_date.target_trained_pilot_to_date,
        pilot_to_date.trained_pilot_to_date / nullif(pilot_to_date.target_trained_pilot_to_date, 0) as trained_vs_target_pilot_to_date,
        -- the helper pool
        chosen_month.helper_pool,
        chosen_month.trained_to_date,
        chosen_month.active_90d,
        chosen_month.activation_rate
    from chosen_month
    join pilot_to_date on chosen_month.seat_code = pilot_to_date.seat_code
)

select *
from scorecard
order by recruited_vs_target_pilot_to_date desc nulls last, seat_code;
