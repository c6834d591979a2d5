package org.organisermetrics.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.Columns;
import org.organisermetrics.contract.Source;
import org.organisermetrics.spark.Parallel;
import org.organisermetrics.warehouse.StagedTable;
import org.organisermetrics.warehouse.TableDoc;
import org.organisermetrics.warehouse.Warehouse;

/**
 * Writes an ingest result under the run's staging folder: curated tables (no personal values),
 * the quarantine and the identity match keys (restricted zone), and the data_quality table.
 * Returns what the publisher must swap in.
 */
public final class IngestWriter {
    public static final String QUARANTINE = "quarantine";
    /** What became of each source's rows in a run: one row per run and source. */
    public static final String DATA_QUALITY = "data_quality";
    /** The quarantined rows of each source by reason: one row per run, source and reason. */
    public static final String DATA_QUALITY_REASON = "data_quality_reason";
    /** The loaded rows of each source counted under a warning: one row per run, source and warning. */
    public static final String DATA_QUALITY_WARNING = "data_quality_warning";
    public static final String IDENTITY = "identity";
    public static final TableDoc DATA_QUALITY_TABLE = new TableDoc(DATA_QUALITY,
            "one row per run per landing source (every source, read or reused): what became of its rows. Sum a "
                    + "column over the sources of one run_id for the run's totals; the reasons are in data_quality_reason",
            List.of("run_id", "source"), TableDoc.Partitioning.RUN_ID, dataQualitySchema(), List.of(
            TableDoc.column("source", "the landing source (folder name)"),
            TableDoc.column("reused", "true when no file of the source changed since the published run: its files were "
                    + "not read again and its published rows (rows_kept) stand; the counts of this run are then 0"),
            TableDoc.column("files_read", "landing files read for the source in this run"),
            TableDoc.column("rows_read", "data rows read in this run; = rows_loaded + duplicates + rows_outside_period + rows_quarantined"),
            TableDoc.column("rows_loaded", "rows loaded into curated in this run"),
            TableDoc.column("duplicates", "exact duplicate rows, loaded once"),
            TableDoc.column("rows_outside_period", "fact rows dated outside the run's months: they wait for their own month's run"),
            TableDoc.column("rows_quarantined", "rows quarantined, all reasons (data_quality_reason splits them)"),
            TableDoc.column("rows_kept", "for a reused source, the rows of its published table the run keeps unchanged; 0 when the source was read"),
            TableDoc.column("run_id", "the run")));

    public static final TableDoc DATA_QUALITY_REASON_TABLE = new TableDoc(DATA_QUALITY_REASON,
            "one row per run per landing source per quarantine reason that quarantined at least one row; the "
                    + "rows_quarantined of a run and source add up to data_quality.rows_quarantined",
            List.of("run_id", "source", "reason"), TableDoc.Partitioning.RUN_ID, dataQualityReasonSchema(), List.of(
            TableDoc.column("source", "the landing source (folder name)"),
            TableDoc.column("reason", "the quarantine reason code (docs/landing-contract.md)"),
            TableDoc.column("rows_quarantined", "rows of the source quarantined for this reason in the run"),
            TableDoc.column("run_id", "the run")));

    public static final TableDoc DATA_QUALITY_WARNING_TABLE = new TableDoc(DATA_QUALITY_WARNING,
            "one row per run per landing source per warning that counted at least one loaded row; a row can carry "
                    + "several warnings, so these counts do not add up to data_quality.rows_loaded",
            List.of("run_id", "source", "warning"), TableDoc.Partitioning.RUN_ID, dataQualityWarningSchema(), List.of(
            TableDoc.column("source", "the landing source (folder name)"),
            TableDoc.column("warning", "the warning code (docs/landing-contract.md): the row loaded, and is counted here"),
            TableDoc.column("rows_loaded", "rows of the source loaded in the run under this warning"),
            TableDoc.column("run_id", "the run")));

    /** The data quality tables, in the order docs/metrics.md lists them. */
    public static final List<TableDoc> DATA_QUALITY_TABLES = List.of(DATA_QUALITY_TABLE, DATA_QUALITY_REASON_TABLE,
            DATA_QUALITY_WARNING_TABLE);

    /** Rows per file for tables written whole: few, large files (DuckDB and Spark both like them). */
    private static final long ROWS_PER_FILE = 4_000_000L;

    private final SparkSession spark;
    private final Warehouse warehouse;
    private final String runId;

    public IngestWriter(SparkSession spark, Warehouse warehouse, String runId) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.runId = runId;
    }

    /** Curated tables and identity keys, replacing facts only for the months the run covers. */
    public List<StagedTable> writeCurated(IngestJob.Result result, LocalDate fromMonth, LocalDate toMonth) {
        List<Source> written = java.util.Arrays.stream(Source.values()).filter(s -> !result.reused().contains(s)).toList();
        List<List<StagedTable>> perSource = Parallel.map(written, source -> {
            List<StagedTable> tables = new ArrayList<>();
            Dataset<Row> loaded = result.rows().get(source).filter(col(SourceIngest.STATUS).equalTo(SourceIngest.LOADED));
            List<Column> columns = new ArrayList<>();
            ParsedRows.curatedColumns(source).forEach(c -> columns.add(col(c.curatedName())));
            String path = warehouse.staged(runId, Warehouse.CURATED, source.folder()).toString();
            if (source.kind() == Source.Kind.FACT) {
                columns.add(col(SourceIngest.MONTH));
                Dataset<Row> facts = loaded.select(columns.toArray(Column[]::new));
                if (spansMonths(source, result.monthsByFile())) {
                    // A file with rows of several months (a historical export): every task could hold
                    // every month, so the rows are shuffled by month first, one task per month.
                    facts = facts.repartition(col(SourceIngest.MONTH));
                }
                // Otherwise no shuffle: each task reads the checked scratch of whole landing files (or a
                // split of a large one), and sorts its rows by month, seat and date; a month's folder
                // gets one file per split of its file (national contacts: 70 files for 60 months,
                // 12-42 MB each).
                facts.sortWithinPartitions(monthThenSortOrder(source))
                        .write().mode(SaveMode.Overwrite).partitionBy(SourceIngest.MONTH).parquet(path);
                tables.add(StagedTable.months(Warehouse.CURATED, source.folder(), fromMonth, toMonth));
            } else {
                loaded.select(columns.toArray(Column[]::new))
                        .coalesce(filesFor(result.counts().get(source).rowsLoaded()))
                        .write().mode(SaveMode.Overwrite).parquet(path);
                tables.add(StagedTable.whole(Warehouse.CURATED, source.folder()));
            }
            if (ParsedRows.hasIdentityKeys(source)) {
                String keyColumn = source.column(source.key().get(0)).curatedName();
                List<Column> identity = new ArrayList<>(List.of(col(keyColumn)));
                ParsedRows.IDENTITY_KEYS.forEach(k -> identity.add(col(k)));
                loaded.select(identity.toArray(Column[]::new)).coalesce(filesFor(result.counts().get(source).rowsLoaded()))
                        .write().mode(SaveMode.Overwrite)
                        .parquet(warehouse.staged(runId, Warehouse.RESTRICTED, IDENTITY + "/" + source.folder()).toString());
                tables.add(StagedTable.whole(Warehouse.RESTRICTED, IDENTITY + "/" + source.folder()));
            }
            return tables;
        });
        List<StagedTable> tables = new ArrayList<>();
        perSource.forEach(tables::addAll);
        return tables;
    }

    /** The quarantined rows of every source, raw record included (restricted zone). */
    public StagedTable writeQuarantine(IngestJob.Result result) {
        Dataset<Row> all = null;
        for (Source source : Source.values()) {
            if (result.reused().contains(source)) {
                continue; // not parsed: no quarantined row
            }
            Dataset<Row> q = result.rows().get(source)
                    .filter(col(SourceIngest.STATUS).equalTo(SourceIngest.QUARANTINED))
                    .select(lit(source.folder()).as("source"), col(ParsedRows.FILE).as("file"),
                            col(ParsedRows.LINE).as("line"), col(ParsedRows.REASON).as("reason"),
                            col(ParsedRows.DETAIL).as("detail"), col(ParsedRows.RECORD).as("record"));
            if (result.counts().get(source).rowsQuarantined() > 0) {
                // Looking for rows without their record is a job of its own; the counts already say there are none.
                q = QuarantineRecords.fill(spark, source, result.landingRoot(), result.files().getOrDefault(source, List.of()), q,
                        result.exports());
            }
            all = all == null ? q : all.unionByName(q);
        }
        String partition = "run_id=" + runId;
        all.coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(warehouse.staged(runId, Warehouse.RESTRICTED, QUARANTINE).toString() + "/" + partition);
        return StagedTable.partitions(Warehouse.RESTRICTED, QUARANTINE, List.of(partition));
    }

    /**
     * data_quality, one row per source (every source, a reused one too, with the rows of its published
     * table that the run keeps); data_quality_reason, one row per source and quarantine reason; and
     * data_quality_warning, one row per source and warning (loaded rows counted under it): three tables,
     * so summing a column of any one counts each row once.
     */
    public List<StagedTable> writeDataQuality(IngestJob.Result result) {
        List<Row> rows = new ArrayList<>();
        List<Row> reasons = new ArrayList<>();
        List<Row> warnings = new ArrayList<>();
        for (SourceCounts c : result.counts().values()) {
            boolean reused = result.reused().contains(c.source());
            long rowsKept = result.reusedRows().getOrDefault(c.source(), 0L);
            rows.add(RowFactory.create(runId, c.source().folder(), reused, (long) c.filesRead(), c.rowsRead(),
                    c.rowsLoaded(), c.duplicates(), c.rowsOutsidePeriod(), c.rowsQuarantined(), rowsKept));
            c.quarantinedByReason().forEach((reason, n) -> reasons.add(RowFactory.create(runId, c.source().folder(),
                    reason, n)));
            c.loadedByWarning().forEach((warning, n) -> warnings.add(RowFactory.create(runId, c.source().folder(),
                    warning, n)));
        }
        return List.of(writeRunPartition(DATA_QUALITY_TABLE, rows), writeRunPartition(DATA_QUALITY_REASON_TABLE, reasons),
                writeRunPartition(DATA_QUALITY_WARNING_TABLE, warnings));
    }


    private StagedTable writeRunPartition(TableDoc table, List<Row> rows) {
        String partition = "run_id=" + runId;
        spark.createDataFrame(rows, table.schema()).drop("run_id").coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(warehouse.staged(runId, Warehouse.METRICS, table.name()).toString() + "/" + partition);
        return StagedTable.partitions(Warehouse.METRICS, table.name(), List.of(partition));
    }

    private static StructType dataQualitySchema() {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField("run_id", DataTypes.StringType, false),
                DataTypes.createStructField("source", DataTypes.StringType, false),
                DataTypes.createStructField("reused", DataTypes.BooleanType, false),
                DataTypes.createStructField("files_read", DataTypes.LongType, false),
                DataTypes.createStructField("rows_read", DataTypes.LongType, false),
                DataTypes.createStructField("rows_loaded", DataTypes.LongType, false),
                DataTypes.createStructField("duplicates", DataTypes.LongType, false),
                DataTypes.createStructField("rows_outside_period", DataTypes.LongType, false),
                DataTypes.createStructField("rows_quarantined", DataTypes.LongType, false),
                DataTypes.createStructField("rows_kept", DataTypes.LongType, false)));
    }

    private static StructType dataQualityReasonSchema() {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField("run_id", DataTypes.StringType, false),
                DataTypes.createStructField("source", DataTypes.StringType, false),
                DataTypes.createStructField("reason", DataTypes.StringType, false),
                DataTypes.createStructField("rows_quarantined", DataTypes.LongType, false)));
    }

    private static StructType dataQualityWarningSchema() {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField("run_id", DataTypes.StringType, false),
                DataTypes.createStructField("source", DataTypes.StringType, false),
                DataTypes.createStructField("warning", DataTypes.StringType, false),
                DataTypes.createStructField("rows_loaded", DataTypes.LongType, false)));
    }

    /** Whether any landing file of the source has rows in more than one month (files are named {@code <source>/...}). */
    static boolean spansMonths(Source source, Map<String, Set<String>> monthsByFile) {
        String prefix = source.folder() + "/";
        return monthsByFile.entrySet().stream().anyMatch(e -> e.getKey().startsWith(prefix) && e.getValue().size() > 1);
    }

    /** Files for a table written whole: one per {@link #ROWS_PER_FILE} rows, at most 64. */
    private static int filesFor(long rows) {
        return (int) Math.max(1, Math.min(64, rows / ROWS_PER_FILE + 1));
    }

    /**
     * A task's rows by month (the partition folder: the writer then has one file open at a time),
     * then within a month file by seat and date, so DuckDB's row-group statistics can skip seats.
     */
    private static Column[] monthThenSortOrder(Source source) {
        List<Column> order = new ArrayList<>(List.of(col(SourceIngest.MONTH)));
        if (source.indexOf(Columns.SEAT_CODE) >= 0) {
            order.add(col(Columns.SEAT_CODE));
        }
        order.add(col(source.dateColumn()));
        return order.toArray(Column[]::new);
    }
}
