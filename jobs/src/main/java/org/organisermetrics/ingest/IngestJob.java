package org.organisermetrics.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.execution.Execution;
import org.organisermetrics.ingest.execution.SparkExecution;
import org.organisermetrics.privacy.Pseudonymiser;
import org.organisermetrics.spark.Parallel;

/**
 * Ingest: the whole landing zone through the contract, each source as soon as the sources it
 * references are loaded. Writes only its scratch folder (the parsed and checked rows of sources
 * too large to keep on the driver, see {@link SparkExecution}): the caller writes the results (run) or only reports them (validate).
 */
public final class IngestJob {
    private static final Logger LOG = LogManager.getLogger(IngestJob.class);

    /** The run's inputs: the landing zone, the run date (no later date is accepted), the months covered. */
    public record Settings(LocalDate today, LocalDate fromMonth, LocalDate toMonth, Pseudonymiser pseudonymiser) {}

    /**
     * Every source's rows with their status, and the counts; for each fact file parsed, the months
     * its rows fall in (the landing registry keeps them); for each source reused unchanged, the rows of
     * its published table that the run keeps.
     */
    public record Result(Map<Source, Dataset<Row>> rows, Map<Source, SourceCounts> counts, List<String> notes,
                         Map<String, java.util.Set<String>> monthsByFile, java.util.Set<Source> reused,
                         Map<Source, List<String>> files, String landingRoot, Map<Source, Long> reusedRows,
                         ExportReading exports) {}

    private IngestJob() {}

    /** Told of each source as it is done, in the order they finish (the run prints a line for each). */
    public interface Progress {
        Progress NONE = (counts, reusedRows) -> {};

        /** {@code reusedRows}: the published rows of a source reused unchanged, else -1 (its counts say what was read). */
        void sourceDone(SourceCounts counts, long reusedRows);
    }

    /**
     * Parses every source of the landing zone (validate). {@code scratch}: a folder for the parsed
     * and checked rows of the larger sources (see {@link SparkExecution}); the caller removes it when done.
     */
    public static Result run(SparkSession spark, Landing landing, Settings settings, String scratch) {
        return run(spark, landing, settings, java.util.Set.of(), null, scratch, Progress.NONE);
    }

    /**
     * Parses the landing zone, except the {@code reused} reference and snapshot sources, whose rows
     * come from the warehouse's published state (LandingRegistry decides which), telling
     * {@code progress} of each source as it is done.
     */
    public static Result run(SparkSession spark, Landing landing, Settings settings, java.util.Set<Source> reused,
                             org.organisermetrics.warehouse.Warehouse warehouse, String scratch, Progress progress) {
        Execution onScratch = new SparkExecution(spark, scratch);
        Execution onDriver = SparkExecution.onDriver(spark);
        return run(spark, landing, settings, reused, warehouse,
                source -> bytes(landing, source) <= SparkExecution.ON_DRIVER_BYTES ? onDriver : onScratch, progress);
    }

    /** The bytes of a source's landing files (exports included). */
    static long bytes(Landing landing, Source source) {
        return landing.files(source).stream().mapToLong(Landing.LandingFileInfo::size).sum();
    }

    /** As above, each source's rules run by {@code executions.apply(source)}. */
    static Result run(SparkSession spark, Landing landing, Settings settings, java.util.Set<Source> reused,
                      org.organisermetrics.warehouse.Warehouse warehouse, java.util.function.Function<Source, Execution> executions,
                      Progress progress) {
        Map<Source, Dataset<Row>> rows = new EnumMap<>(Source.class);
        Map<Source, SourceCounts> counts = new EnumMap<>(Source.class);
        Map<Source, Dataset<Row>> keys = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, java.util.Set<String>> monthsByFile = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Source, List<String>> files = new EnumMap<>(Source.class);
        Map<Source, Long> reusedRows = new java.util.concurrent.ConcurrentHashMap<>();
        ExportReading exports = landing.exportReading(settings.today());
        // Official results (OfficialResults): House of Commons Library files add elections and results rows.
        OfficialResults official = OfficialResults.read(landing, settings.today(), spark.sparkContext().hadoopConfiguration());
        java.util.concurrent.atomic.AtomicReference<Dataset<Row>> electionTypes = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.Set<Source> referenced = java.util.EnumSet.noneOf(Source.class);
        for (Source s : Source.values()) {
            referenced.addAll(SourceIngest.dependencies(s));
        }
        // Each source starts as soon as the sources its rules need are loaded (not level by level).
        List<Source> order = List.of(Source.values()); // declaration order: a source after its dependencies
        List<Dataset<Row>> done = Parallel.inDependencyOrder(order, SourceIngest::dependencies, source -> {
            Execution execution = executions.apply(source);
            // A fair-scheduler pool per source (spark.scheduler.mode=FAIR, SparkSessions): each source's
            // jobs get an equal share of the cores, whatever the size of the others.
            spark.sparkContext().setLocalProperty("spark.scheduler.pool", source.folder());
            try {
                Dataset<Row> all;
                if (reused.contains(source)) {
                    SourceCounts none = new SourceCounts(source, 0, 0, 0, 0, 0, 0, Map.of());
                    synchronized (counts) {
                        counts.put(source, none);
                    }
                    LOG.info("{}: no file changed; the published rows are used", source.folder());
                    all = PublishedSource.rows(spark, warehouse, source);
                    long published = all.count();
                    reusedRows.put(source, published);
                    progress.sourceDone(none, published);
                } else {
                    SourceIngest.Context ctx = new SourceIngest.Context(landing.root(), settings.today(),
                            settings.pseudonymiser(), settings.fromMonth(), settings.toMonth(), keys, electionTypes.get(),
                            exports, execution);
                    List<String> uris = landing.files(source).stream().map(Landing.LandingFileInfo::uri).toList();
                    long started = System.nanoTime();
                    Dataset<Row> extra = official.rows(spark, source);
                    SourceIngest.Checked checked = SourceIngest.ingest(source, uris, ctx, extra);
                    int fileCount = uris.size() + (extra == null ? 0 : landing.officialFiles().size());
                    SourceCounts c = count(source, fileCount, checked, monthsByFile);
                    synchronized (counts) {
                        counts.put(source, c);
                        files.put(source, uris);
                    }
                    LOG.info("{}: {} file(s), {} rows read, {} loaded, {} duplicates, {} outside the period, {} quarantined ({} ms)",
                            source.folder(), c.filesRead(), c.rowsRead(), c.rowsLoaded(), c.duplicates(),
                            c.rowsOutsidePeriod(), c.rowsQuarantined(), (System.nanoTime() - started) / 1_000_000);
                    all = checked.rows();
                    progress.sourceDone(c, -1);
                }
                // What the sources depending on this one need, before they start.
                if (referenced.contains(source)) {
                    keys.put(source, SourceIngest.loadedKeys(source, all, execution));
                }
                if (source == Source.ELECTIONS) {
                    electionTypes.set(execution.small(all.filter(col(SourceIngest.STATUS).equalTo(SourceIngest.LOADED))
                            .select("election_id", "election_type")));
                }
                return all;
            } finally {
                spark.sparkContext().setLocalProperty("spark.scheduler.pool", null);
            }
        });
        for (int i = 0; i < order.size(); i++) {
            rows.put(order.get(i), done.get(i));
        }
        return new Result(rows, new EnumMap<>(counts), landing.notes(), Map.copyOf(monthsByFile), java.util.Set.copyOf(reused),
                new EnumMap<>(files), landing.root(), Map.copyOf(reusedRows), exports);
    }

    /**
     * Counts per status and reason, checked against the rows the parse produced: a join fanning out
     * would repeat a row and a lost one would be missing, and either changes the total. For facts,
     * grouped by file and month too: the months each file's rows fall in (other sources have no month).
     */
    static SourceCounts count(Source source, int files, SourceIngest.Checked checked, Map<String, java.util.Set<String>> monthsByFile) {
        if (files == 0) {
            return new SourceCounts(source, 0, 0, 0, 0, 0, 0, Map.of()); // a missing optional source: an empty table
        }
        Map<String, Long> byStatus = new HashMap<>();
        Map<String, Long> byReason = new HashMap<>();
        java.util.SortedMap<String, Long> outsideByMonth = new java.util.TreeMap<>();
        Map<String, Long> byWarning = new HashMap<>();
        long rows = 0;
        boolean fact = source.kind() == Source.Kind.FACT;
        // The month as the date itself (its first day), written as yyyy-MM here on the driver: date_format
        // on every row would format a timestamp per row.
        org.apache.spark.sql.Column month = fact ? col(SourceIngest.MONTH) : lit(null).cast("date");
        // The file only where its months are wanted: hashing each row's grouping key, whose longest part is
        // the file, is most of this group-by's cost.
        org.apache.spark.sql.Column file = fact ? col(ParsedRows.FILE) : lit(null).cast("string");
        // Warnings count for loaded rows only (a duplicate or a quarantined row is not in curated).
        org.apache.spark.sql.Column warning = org.apache.spark.sql.functions.when(
                col(SourceIngest.STATUS).equalTo(SourceIngest.LOADED), col(SourceIngest.WARNING));
        for (Row r : checked.rows().groupBy(col(SourceIngest.STATUS), col(ParsedRows.REASON), file.as("_file_of_rows"), month.as("_month"),
                        warning.as("_warning_of_rows"))
                .agg(org.apache.spark.sql.functions.count(lit(1))).collectAsList()) {
            long n = r.getLong(5);
            if (fact && !r.isNullAt(3)) {
                String yearMonth = r.<java.time.LocalDate>getAs(3).toString().substring(0, 7);
                monthsByFile.computeIfAbsent(r.getString(2), f -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(yearMonth);
                if (SourceIngest.OUTSIDE_PERIOD.equals(r.getString(0))) {
                    outsideByMonth.merge(yearMonth, n, Long::sum);
                }
            }
            if (!r.isNullAt(4)) {
                for (String w : r.getString(4).split(",")) {
                    byWarning.merge(w, n, Long::sum);
                }
            }
            rows += n;
            byStatus.merge(r.getString(0), n, Long::sum);
            if (SourceIngest.QUARANTINED.equals(r.getString(0))) {
                byReason.merge(r.getString(1), n, Long::sum);
            }
        }
        if (rows != checked.rowsParsed()) {
            throw new IllegalStateException(source.folder() + ": " + checked.rowsParsed() + " parsed rows became " + rows
                    + " rows: a row was repeated or lost on the way through ingest");
        }
        return new SourceCounts(source, files, rows,
                byStatus.getOrDefault(SourceIngest.LOADED, 0L),
                byStatus.getOrDefault(SourceIngest.DUPLICATE, 0L),
                byStatus.getOrDefault(SourceIngest.OUTSIDE_PERIOD, 0L),
                byStatus.getOrDefault(SourceIngest.QUARANTINED, 0L),
                byReason, byWarning, outsideByMonth);
    }
}
