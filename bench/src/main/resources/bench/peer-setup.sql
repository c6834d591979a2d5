-- The DuckDB peer's session: the same cores and a memory bound like the Spark run's, spilling to disk.
SET threads = ${threads};
SET memory_limit = '${memory_limit}';
SET temp_directory = '${temp_directory}';
SET preserve_insertion_order = false;

-- A landing DATE cell in either form the contract allows (yyyy-MM-dd or dd/MM/yyyy, one-digit day
-- or month accepted), empty = NULL. A cell in neither form fails the statement: the peer has no quarantine.
CREATE OR REPLACE MACRO landing_date(x) AS
    CASE
        WHEN x IS NULL OR trim(x) = '' THEN NULL
        WHEN contains(x, '/') THEN CAST(strptime(trim(x), '%d/%m/%Y') AS DATE)
        ELSE CAST(strptime(trim(x), '%Y-%m-%d') AS DATE)
    END;
