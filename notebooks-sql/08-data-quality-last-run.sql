-- 08 Data quality of the last run
--
-- Question: did the latest runs succeed, and in the last published run, how many rows of each
-- landing source were loaded, duplicated, left for another month or quarantined, and why?
--
-- Reading the answers (two results):
--   1. The last ten runs, newest first: outcome (success, bad_input = nothing published because a
--      file broke the contract or too many rows were quarantined, internal_failure), the months
--      they covered and how long they took. If the newest is not a success, the tables still hold
--      the last successful run's output.
--   2. For the last successful run, one row per landing source, every source: whether it was
--      read or reused (no file changed: its published rows stand, rows_kept of them), the rows
--      read and what became of them (rows_read = rows_loaded + duplicates + rows_outside_period
--      + rows_quarantined), the share quarantined, the most common quarantine reason, and the
--      warnings counted on loaded rows (e.g. a contact naming an elector not on the register). The
--      rows themselves are in the restricted zone (they hold personal data): ask a data steward,
--      not this catalogue.
--
-- Tables: data_quality has one row per run and source (sum it freely within a run);
-- data_quality_reason one row per run, source and quarantine reason; data_quality_warning one row
-- per run, source and warning (a row can carry several warnings: those counts do not add up).

select
    run_id,
    outcome,
    from_month,
    to_month,
    started_at,
    duration_seconds
from runs
order by started_at desc
limit 10;

with last_published_run as (
    select run_id
    from runs
    where outcome = 'success'
    order by started_at desc
    limit 1
),

totals as (
    select data_quality.*
    from data_quality
    join last_published_run using (run_id)
),

reasons as (
    select
        source,
        reason,
        rows_quarantined,
        row_number() over (partition by source order by rows_quarantined desc, reason) as reason_rank
    from data_quality_reason
    join last_published_run using (run_id)
),

warnings as (
    select
        source,
        string_agg(warning || ' ' || rows_loaded, ', ' order by rows_loaded desc, warning) as warnings
    from data_quality_warning
    join last_published_run using (run_id)
    group by source
)

select
    totals.run_id,
    totals.source,
    case when totals.reused then 'reused, unchanged' else 'read' end as status,
    totals.files_read,
    totals.rows_read,
    totals.rows_loaded,
    totals.rows_kept,
    totals.duplicates,
    totals.rows_outside_period,
    totals.rows_quarantined,
    totals.rows_quarantined / nullif(totals.rows_read, 0) as quarantine_share,
    reasons.reason as top_quarantine_reason,
    warnings.warnings
from totals
left join reasons on totals.source = reasons.source and reasons.reason_rank = 1
left join warnings on totals.source = warnings.source
order by quarantine_share desc nulls last, totals.source;
