-- 05 Each ward's "one big issue"
--
-- Question: in the latest quarter, which issue did residents raise most in each ward? (The ward's
-- candidate for a "one big issue" campaign, to take to a community conference.)
--
-- ward_issue has one row per ward, month and issue, counting the quarter to date (from the
-- quarter's first day to the end of the month): the latest month with issues gives the latest
-- quarter so far, and a quarter's last month gives the whole quarter.
--
-- Reading the answer:
--   * One row per ward that had issue-raising contacts in the quarter: the rank-1 issue of
--     ward_issue (ties go to the issue code first in alphabetical order), how many contacts raised
--     it, and its share of the ward's issue-raising contacts.
--   * issue_contacts_in_ward is the ward's total: a share of 1.0 from 2 contacts says little; look
--     at the count before reading the share.
--   * runner_up_issue shows what came second, when something did.

with latest_month as (
    select max(month) as month
    from ward_issue
),

quarter_issues as (
    select ward_issue.*
    from ward_issue
    join latest_month using (month)
),

ward_totals as (
    select ward_code, sum(contacts_quarter_to_date) as issue_contacts_in_ward
    from quarter_issues
    group by ward_code
),

runner_up as (
    select ward_code, issue_code as runner_up_issue
    from quarter_issues
    where rank = 2
),

big_issue as (
    select
        -- ids
        quarter_issues.quarter,
        quarter_issues.month as counted_to_month,
        quarter_issues.seat_code,
        quarter_issues.ward_code,
        wards.ward_name,
        -- the issue
        quarter_issues.issue_code as big_issue,
        quarter_issues.contacts_quarter_to_date as contacts,
        quarter_issues.share,
        ward_totals.issue_contacts_in_ward,
        runner_up.runner_up_issue
    from quarter_issues
    join ward_totals using (ward_code)
    left join runner_up using (ward_code)
    left join wards on quarter_issues.ward_code = wards.ward_code
    where quarter_issues.rank = 1
)

select *
from big_issue
order by seat_code, ward_code;
