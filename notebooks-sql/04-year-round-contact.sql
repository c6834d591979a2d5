-- 04 Year-round organising versus the short campaign
--
-- Question: do the seats that talk to residents all year (not only in the last four weeks before
-- polling day) do better at elections? And what did the year before the latest election look
-- like, month by month?
--
-- Reading the answers (two results):
--   1. One row per seat and general or by-election: year_round_share is, of the contacts in the
--      365 days before polling day (not-at-homes left out), the share made before the short
--      campaign (more than 28 days before polling day). Near 0 = "we only see you at election
--      time"; near 1 = organising all year. Beside it: own_share_change (our vote share minus last
--      time), excess_swing (that change minus the region's median) and promise_turnout. A pattern
--      across many seats is a hint, not proof: keen seats do both.
--   2. Contacts per month in each seat of the latest election, for the twelve whole months before
--      the month of polling day (seat_month.contacts: NOT_HOME excluded), with the share of
--      those contacts that were real conversations.

with seat_elections as (
    select *
    from seat_election
    where area_type = 'SEAT'
),

year_round as (
    select
        -- ids
        election_id,
        polling_date,
        seat_code,
        region,
        -- organising
        year_round_share,
        -- results
        own_share,
        own_share_change,
        excess_swing,
        promise_turnout
    from seat_elections
)

select *
from year_round
order by polling_date desc, year_round_share desc nulls last, seat_code;

with latest_election as (
    select election_id, polling_date
    from seat_election
    where area_type = 'SEAT'
    order by polling_date desc, election_id
    limit 1
),

election_seats as (
    select seat_election.seat_code, latest_election.election_id, latest_election.polling_date
    from seat_election
    join latest_election using (election_id)
),

months_before as (
    -- the twelve whole months before the month of polling day
    select
        election_seats.election_id,
        seat_month.seat_code,
        seat_month.month,
        date_diff('month', seat_month.month, date_trunc('month', election_seats.polling_date)) as months_before_polling,
        seat_month.contacts,
        seat_month.conversations
    from seat_month
    join election_seats on seat_month.seat_code = election_seats.seat_code
    where seat_month.month >= date_trunc('month', election_seats.polling_date) - interval 12 month
      and seat_month.month < date_trunc('month', election_seats.polling_date)
)

select
    election_id,
    seat_code,
    month,
    months_before_polling,
    contacts,
    conversations,
    conversations / nullif(contacts, 0) as conversation_rate
from months_before
order by seat_code, month;
