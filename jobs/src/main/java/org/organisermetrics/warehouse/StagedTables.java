package org.organisermetrics.warehouse;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a run's computed tables under its staging folder, each the way it replaces the published
 * table (by month, by another partition column, whole, or as the run's own partition), and remembers
 * what it staged for the publisher.
 */
public final class StagedTables {
    private static final Logger LOG = LogManager.getLogger(StagedTables.class);

    private final SparkSession spark;
    private final Warehouse warehouse;
    private final String runId;
    private final java.time.LocalDate fromMonth;
    private final java.time.LocalDate toMonth;
    private final List<StagedTable> written = new ArrayList<>();

    /** A run's writer: its id names the staging folder; its months are the partitions a monthly table replaces. */
    public StagedTables(SparkSession spark, Warehouse warehouse, String runId, java.time.LocalDate fromMonth,
                        java.time.LocalDate toMonth) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.runId = runId;
        this.fromMonth = fromMonth;
        this.toMonth = toMonth;
    }

    /** Every table staged so far, in the order written. */
    public List<StagedTable> written() {
        return List.copyOf(written);
    }

    /** A monthly table: the run's months replace the published ones, other months stay. */
    public void writeMonths(String table, Dataset<Row> rows) {
        long t = System.nanoTime();
        rows.repartition(col(Warehouse.MONTH_PARTITION)).write().mode(SaveMode.Overwrite).partitionBy(Warehouse.MONTH_PARTITION)
                .parquet(warehouse.staged(runId, Warehouse.METRICS, table).toString());
        written.add(StagedTable.months(Warehouse.METRICS, table, fromMonth, toMonth));
        LOG.info("{}: written ({} ms)", table, (System.nanoTime() - t) / 1_000_000);
    }

    /** A table this run has staged, read back (short plans for what follows). */
    public Dataset<Row> staged(String zone, String table, org.apache.spark.sql.types.StructType schema) {
        // With the schema it was written with: an empty table has no Parquet file to infer one from.
        return spark.read().schema(schema).parquet(warehouse.staged(runId, zone, table).toString());
    }

    /** A table partitioned by another column (evaluation_month): the partitions the run touches are replaced. */
    public void writeBy(String table, Dataset<Row> rows, String partitionColumn, List<String> values) {
        long t = System.nanoTime();
        rows.repartition(col(partitionColumn)).write().mode(SaveMode.Overwrite).partitionBy(partitionColumn)
                .parquet(warehouse.staged(runId, Warehouse.METRICS, table).toString());
        List<String> partitions = new ArrayList<>();
        values.forEach(v -> partitions.add(partitionColumn + "=" + v));
        written.add(StagedTable.partitions(Warehouse.METRICS, table, partitions));
        LOG.info("{}: written ({} ms)", table, (System.nanoTime() - t) / 1_000_000);
    }

    /** A table replaced whole by every run. */
    public void writeWhole(String zone, String table, Dataset<Row> rows) {
        long t = System.nanoTime();
        rows.coalesce(1).write().mode(SaveMode.Overwrite).parquet(warehouse.staged(runId, zone, table).toString());
        written.add(StagedTable.whole(zone, table));
        LOG.info("{}: written ({} ms)", table, (System.nanoTime() - t) / 1_000_000);
    }

    /** A per-run table: this run's rows in their own run_id partition. */
    public void writeRunPartition(String table, Dataset<Row> rows) {
        String partition = "run_id=" + runId;
        rows.drop("run_id").coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(warehouse.staged(runId, Warehouse.METRICS, table).toString() + "/" + partition);
        written.add(StagedTable.partitions(Warehouse.METRICS, table, List.of(partition)));
    }
}
