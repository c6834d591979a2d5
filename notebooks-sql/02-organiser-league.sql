-- 02 Organiser league, last 12 months
--
-- Question: over the last twelve months, which community organisers' seats recruited and trained
-- the most activists against their targets?
--
-- Reading the answer:
--   * One row per organiser who covered at least one pilot seat in the window, best first.
--   * Every figure is over the twelve months ending with the latest month (window_first_month to
--     window_last_month), and its name says so (*_last_12_months). This is not the organiser_league
--     table, nor the scorecard's "Organiser league, pilot to date": those add up every month since
--     the organiser's first pilot seat. For that league: select * from organiser_league.
--   * seats_covered_latest is the number of pilot seats the organiser covers in the latest month;
--     seat_months_last_12_months counts (seat, month) pairs covered in the window, so an organiser
--     who picked up a seat halfway through is not compared as if they had it all year.
--   * recruited_per_seat_month_last_12_months and trained_per_seat_month_last_12_months put
--     organisers with more seats on a level with those with fewer; *_vs_target_last_12_months =
--     actual / target over the window.
--   * A league is a conversation starter, not a verdict: seats differ (urban, rural, how keen they
--     were to apply). The pilot evaluation compares pilot with control seats properly.
--
-- Source: organiser_month. To change the window, edit the interval in the window CTE (and the
-- column names, which say the window).

with latest_month as (
    select max(month) as month
    from organiser_month
),

window_months as (
    -- the twelve months ending with the latest month
    select
        latest_month.month - interval 11 month as first_month,
        latest_month.month as last_month
    from latest_month
),

organiser_window as (
    select organiser_month.*
    from organiser_month
    cross join window_months
    where organiser_month.month between window_months.first_month and window_months.last_month
      and organiser_month.seats_covered > 0
),

totals as (
    select
        organiser_id,
        any_value(region) as region,
        sum(seats_covered) as seat_months,
        sum(recruited) as recruited,
        sum(trained) as trained,
        sum(target_recruits) as target_recruits,
        sum(target_trained) as target_trained
    from organiser_window
    group by organiser_id
),

latest_cover as (
    select organiser_id, seats_covered as seats_covered_latest
    from organiser_month
    join latest_month using (month)
),

league as (
    select
        totals.organiser_id,
        totals.region,
        cast(window_months.first_month as date) as window_first_month,
        cast(window_months.last_month as date) as window_last_month,
        coalesce(latest_cover.seats_covered_latest, 0) as seats_covered_latest,
        totals.seat_months as seat_months_last_12_months,
        totals.recruited as recruited_last_12_months,
        totals.target_recruits as target_recruits_last_12_months,
        totals.recruited / nullif(totals.target_recruits, 0) as recruited_vs_target_last_12_months,
        totals.trained as trained_last_12_months,
        totals.target_trained as target_trained_last_12_months,
        totals.trained / nullif(totals.target_trained, 0) as trained_vs_target_last_12_months,
        totals.recruited / nullif(totals.seat_months, 0) as recruited_per_seat_month_last_12_months,
        totals.trained / nullif(totals.seat_months, 0) as trained_per_seat_month_last_12_months
    from totals
    cross join window_months
    left join latest_cover on totals.organiser_id = latest_cover.organiser_id
)

select
    rank() over (order by recruited_vs_target_last_12_months desc nulls last,
                          trained_vs_target_last_12_months desc nulls last) as rank_last_12_months,
    *
from league
order by rank_last_12_months, organiser_id;
