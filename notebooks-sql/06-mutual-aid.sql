-- 06 Mutual aid between local parties
--
-- Question: this year so far, which seats helped which, with volunteer hours and money, and
-- which relationships run only one way?
--
-- mutual_aid and mutual_aid_pair have one row per month: the *_year_to_date figures run from
-- 1 January to the end of that month (December's row is the whole year), so this notebook reads
-- the latest month's rows and never sums them over months.
--
-- Reading the answers (two results):
--   1. Flows: one row per (giver seat, receiver seat) in the latest year to date, largest first: hours
--      volunteers from the giver's seat worked in the receiver's seat, how many volunteers, and
--      the pounds of aid (cash, printing, material) given.
--   2. Relationships: one row per pair of seats that helped each other at all in that year to date, the
--      least reciprocal first. reciprocity = smaller direction's hours / larger's (1 = even,
--      0 = one way); one_way is true when one side gave at least the threshold of hours (100, a
--      setting) and the other none. net_hours_to_b > 0 means seat_a gave more than it got.
--      Money is shown beside hours but does not count towards one_way.

with latest_month as (
    select max(month) as month
    from mutual_aid
),

flows as (
    select
        mutual_aid.month as year_to_month,
        mutual_aid.giver_seat,
        giver.seat_name as giver_seat_name,
        mutual_aid.receiver_seat,
        receiver.seat_name as receiver_seat_name,
        mutual_aid.hours_year_to_date,
        mutual_aid.volunteers_year_to_date,
        mutual_aid.value_gbp_year_to_date
    from mutual_aid
    join latest_month using (month)
    left join seats as giver on mutual_aid.giver_seat = giver.seat_code
    left join seats as receiver on mutual_aid.receiver_seat = receiver.seat_code
)

select *
from flows
order by hours_year_to_date desc, value_gbp_year_to_date desc, giver_seat, receiver_seat;

with latest_month as (
    select max(month) as month
    from mutual_aid_pair
),

pairs as (
    select
        mutual_aid_pair.month as year_to_month,
        mutual_aid_pair.seat_a,
        mutual_aid_pair.seat_b,
        mutual_aid_pair.hours_a_to_b_year_to_date,
        mutual_aid_pair.hours_b_to_a_year_to_date,
        mutual_aid_pair.hours_a_to_b_year_to_date - mutual_aid_pair.hours_b_to_a_year_to_date as net_hours_to_b,
        mutual_aid_pair.value_a_to_b_year_to_date,
        mutual_aid_pair.value_b_to_a_year_to_date,
        mutual_aid_pair.reciprocity,
        mutual_aid_pair.one_way
    from mutual_aid_pair
    join latest_month using (month)
)

select *
from pairs
order by one_way desc, reciprocity asc nulls last, seat_a, seat_b;
