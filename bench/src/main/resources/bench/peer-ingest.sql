-- The DuckDB peer's ingest of one landing source, ${source}: CSV -> Parquet (zstd).
-- Filled in by PeerIngestSql from the landing contract (contract/Source.java, as our ingest):
-- every column named and typed in read_csv, codes upper-cased, dates in either contract form,
-- personal columns left out; facts partitioned by month and sorted by seat and date within it.
-- Unlike ours it does not validate rows, pseudonymise ids, check references or quarantine.
COPY (
    SELECT ${select}
    FROM (
        ${read}
    )
    ${order}
) TO ${target} (FORMAT parquet, COMPRESSION zstd${partition});
