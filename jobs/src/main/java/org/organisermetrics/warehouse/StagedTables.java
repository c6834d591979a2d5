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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a run's computed tables under its staging folder, each the way its declaration
 * ({@link TableDoc#partitioning()}) says it replaces the published table (by month, by evaluation
 * month, whole, or as the run's own partition), and remembers what it staged for the publisher.
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

    /**
     * A published table, written the way its declaration says it is partitioned: by month or by
     * evaluation month (the run's months replace the published ones, other months stay), as the run's
     * own run_id partition, or whole. The rows must have the declared columns and types.
     */
    public void write(TableDoc table, Dataset<Row> rows) {
        checkSchema(table, rows.schema());
        switch (table.partitioning()) {
            case MONTH, EVALUATION_MONTH -> writeRunMonths(table.name(), rows, table.partitioning().column());
            case RUN_ID -> writeRunPartition(table.name(), rows);
            case WHOLE -> writeWhole(Warehouse.METRICS, table.name(), rows);
        }
    }

    /** Columns (other than the partition column, which a reused run partition read back lacks) and types as declared. */
    private static void checkSchema(TableDoc table, StructType computed) {
        String partition = table.partitioning() == TableDoc.Partitioning.RUN_ID ? table.partitioning().column() : null;
        List<String> declared = columnsAndTypes(table.schema(), partition);
        List<String> actual = columnsAndTypes(computed, partition);
        if (!declared.equals(actual)) {
            throw new IllegalStateException(table.name() + ": the computed columns " + actual
                    + " are not the declared ones " + declared + "; declare the table's schema as its compute makes it");
        }
    }

    private static List<String> columnsAndTypes(StructType schema, String except) {
        List<String> out = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (!f.name().equals(except)) {
                out.add(f.name() + " " + f.dataType().sql());
            }
        }
        return out;
    }

    /** A table partitioned by a month column: the partitions of the run's months are replaced. */
    private void writeRunMonths(String table, Dataset<Row> rows, String partitionColumn) {
        long t = System.nanoTime();
        rows.repartition(col(partitionColumn)).write().mode(SaveMode.Overwrite).partitionBy(partitionColumn)
                .parquet(warehouse.staged(runId, Warehouse.METRICS, table).toString());
        written.add(StagedTable.months(Warehouse.METRICS, table, partitionColumn, fromMonth, toMonth));
        LOG.info("{}: written ({} ms)", table, (System.nanoTime() - t) / 1_000_000);
    }

    /** A table this run has staged, read back (short plans for what follows). */
    public Dataset<Row> staged(String zone, String table, org.apache.spark.sql.types.StructType schema) {
        // With the schema it was written with: an empty table has no Parquet file to infer one from.
        return spark.read().schema(schema).parquet(warehouse.staged(runId, zone, table).toString());
    }

    /** A table replaced whole by every run (published tables: {@link #write}; the restricted links). */
    public void writeWhole(String zone, String table, Dataset<Row> rows) {
        long t = System.nanoTime();
        rows.coalesce(1).write().mode(SaveMode.Overwrite).parquet(warehouse.staged(runId, zone, table).toString());
        written.add(StagedTable.whole(zone, table));
        LOG.info("{}: written ({} ms)", table, (System.nanoTime() - t) / 1_000_000);
    }

    /** A per-run table: this run's rows in their own run_id partition. */
    private void writeRunPartition(String table, Dataset<Row> rows) {
        String partition = "run_id=" + runId;
        rows.drop("run_id").coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(warehouse.staged(runId, Warehouse.METRICS, table).toString() + "/" + partition);
        written.add(StagedTable.partitions(Warehouse.METRICS, table, List.of(partition)));
    }
}
