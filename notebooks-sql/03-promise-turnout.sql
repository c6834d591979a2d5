-- 03 Promise-to-vote conversion
--
-- Question: at the latest election with a marked register, what share of the electors we had
-- identified as promises (pledged supporters) turned out, seat by seat, and how does that compare
-- with the turnout of everyone on the register?
--
-- Reading the answer:
--   * One row per area (seat for general and by-elections, ward for local elections) of the chosen
--     election, biggest lift first.
--   * promise_turnout = promises_voted / promises ("87.9% of our promises came out");
--     register_turnout = electors in the marked register / electors on the register on polling day
--     in the same area, both counting only electors who can vote in that election (a peer has no
--     vote at a general election, an overseas elector none at a local one): the baseline. promise_turnout_lift = the difference. A positive lift says
--     our promises turned out better than the area as a whole.
--   * promise_coverage = promises_voted / own_votes: how much of our vote we had identified and saw
--     vote. Small numbers of promises make promise_turnout jumpy: read it with promises beside it.
--   * Promises are the electors whose latest stated intention since the previous election of this
--     type was our party (docs/metrics.md, seat_election).
--
-- To choose another election, replace chosen_election with: select 'GE2024' as election_id

with elections_with_marked_register as (
    select election_id, max(polling_date) as polling_date
    from seat_election
    where register_turnout is not null
    group by election_id
),

chosen_election as (
    -- the latest election whose marked register is loaded
    select election_id
    from elections_with_marked_register
    order by polling_date desc, election_id
    limit 1
),

areas as (
    select seat_election.*
    from seat_election
    join chosen_election using (election_id)
),

conversion as (
    select
        -- ids
        election_id,
        polling_date,
        area_type,
        area_code,
        seat_code,
        region,
        -- promises
        promises,
        promises_voted,
        promise_turnout,
        register_turnout,
        promise_turnout_lift,
        -- the result
        own_votes,
        promise_coverage,
        turnout,
        own_share,
        winner_party
    from areas
)

select *
from conversion
order by promise_turnout_lift desc nulls last, area_code;
