package org.organisermetrics.publish.catalogue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One view of the analysts' catalogue: a curated or metric table of the warehouse, where its
 * Parquet lives (relative to the warehouse folder), how it is partitioned, and what it and each of
 * its columns mean (the DuckDB comments).
 *
 * @param name             the view's name, the same as the table's folder
 * @param zone             {@code curated} or {@code metrics}
 * @param partitionColumn  the hive partition folder's column (month, quarter, year, run_id), or null
 * @param comment          the table's comment: its grain, key and where it comes from
 * @param columnComments   column name to meaning, in the documented order
 */
public record CatalogueTable(String name, String zone, String partitionColumn, String comment,
                             Map<String, String> columnComments) {

    /** The DuckDB type of each partition column: hive folders are text unless typed. */
    static final Map<String, String> PARTITION_TYPES = Map.of(
            "month", "DATE", "quarter", "DATE", "year", "INTEGER", "run_id", "VARCHAR", "evaluation_month", "DATE");

    public CatalogueTable {
        columnComments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columnComments));
    }

    /** The folder of the table's Parquet, relative to the warehouse folder. */
    public String folder() {
        return zone + "/" + name;
    }

    /** The glob the view reads: Parquet files only (Spark also writes _SUCCESS and hidden .crc files). */
    public String glob() {
        return folder() + "/**/*.parquet";
    }
}
