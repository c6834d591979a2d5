-- 06 Mutual aid between local parties
--
-- Question: in the latest year, which seats helped which, with volunteer hours and money, and
-- which relationships run only one way?
--
-- Reading the answers (two results):
--   1. Flows: one row per (giver seat, receiver seat) in the latest year, largest first: hours
--      volunteers from the giver's seat worked in the receiver's seat, how many volunteers, and
--      the pounds of aid (cash, printing, material) given.
--   2. Relationships: one row per pair of seats that helped each other at all in that year, the
--      least reciprocal first. reciprocity = smaller direction's hours / larger's (1 = even,
--      0 = one way); one_way is true when one side gave at least the threshold of hours (100, a
--      setting) and the other none. net_hours_to_b > 0 means seat_a gave more than it got.
--      Money is shown beside hours but does not count towards one_way.

with latest_year as (
    select max(year) as year
    from mutual_aid
),

flows as (
    select
        mutual_aid.year,
        mutual_aid.giver_seat,
        giver.seat_name as giver_seat_name,
        mutual_aid.receiver_seat,
        receiver.seat_name as receiver_seat_name,
        mutual_aid.hours,
        mutual_aid.volunteers,
        mutual_aid.value_gbp
    from mutual_aid
    join latest_year using (year)
    left join seats as giver on mutual_aid.giver_seat = giver.seat_code
    left join seats as receiver on mutual_aid.receiver_seat = receiver.seat_code
)

select *
from flows
order by hours desc, value_gbp desc, giver_seat, receiver_seat;

with latest_year as (
    select max(year) as year
    from mutual_aid_pair
),

pairs as (
    select
        mutual_aid_pair.year,
        mutual_aid_pair.seat_a,
        mutual_aid_pair.seat_b,
        mutual_aid_pair.hours_a_to_b,
        mutual_aid_pair.hours_b_to_a,
        mutual_aid_pair.hours_a_to_b - mutual_aid_pair.hours_b_to_a as net_hours_to_b,
        mutual_aid_pair.value_a_to_b,
        mutual_aid_pair.value_b_to_a,
        mutual_aid_pair.reciprocity,
        mutual_aid_pair.one_way
    from mutual_aid_pair
    join latest_year using (year)
)

select *
from pairs
order by one_way desc, reciprocity asc nulls last, seat_a, seat_b;
