-- 07 Helpers who are not members, or not on the register
--
-- Question: in the latest month, how many of each seat's helpers are not party members, and how
-- many are not (linked to anyone) on the electoral register? And how sure is the linking?
--
-- Reading the answers (two results):
--   1. One row per seat: helper_pool (volunteers recruited up to the end of the month),
--      non_member_share (not a current member at the month's end), off_register_share (no link
--      to an elector), and became_members over the last twelve months (helpers who joined the
--      party after they started helping). Community organising expects many helpers who are not
--      members: a high non_member_share is not a problem, a rising became_members is a success.
--   2. The identity matching of the latest run, rule by rule (ids, then email, phone, name and
--      postcode): a helper counted "off register" may be on it under a different name or address
--      that no rule could match, so read the shares as upper bounds.

with latest_month as (
    select max(month) as month
    from seat_month
),

last_twelve_months as (
    select
        seat_code,
        sum(became_members) as became_members_last_12_months
    from seat_month
    cross join latest_month
    where seat_month.month > latest_month.month - interval 12 month
      and seat_month.month <= latest_month.month
    group by seat_code
),

helpers as (
    select
        -- ids
        seat_month.month,
        seat_month.seat_code,
        seat_month.seat_name,
        seat_month.region,
        -- the pool
        seat_month.helper_pool,
        seat_month.non_member_share,
        round(seat_month.non_member_share * seat_month.helper_pool) as non_members,
        seat_month.off_register_share,
        round(seat_month.off_register_share * seat_month.helper_pool) as off_register,
        last_twelve_months.became_members_last_12_months
    from seat_month
    join latest_month using (month)
    join last_twelve_months using (seat_code)
)

select *
from helpers
order by non_member_share desc nulls last, seat_code;

with latest_run as (
    select run_id
    from identity_match
    order by run_id desc
    limit 1
)

select
    identity_match.run_id,
    identity_match.rule_order,
    identity_match.rule,
    identity_match.links,
    identity_match.volunteers_linked_to_member,
    identity_match.volunteers_linked_to_elector,
    identity_match.ambiguous_values,
    identity_match.volunteers,
    identity_match.volunteers_not_member,
    identity_match.volunteers_off_register
from identity_match
join latest_run using (run_id)
order by identity_match.rule_order;
