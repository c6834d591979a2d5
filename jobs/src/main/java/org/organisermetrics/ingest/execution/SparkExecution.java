package org.organisermetrics.ingest.execution;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.Source;

/**
 * The ingest's rules run on the embedded Spark session, sized for a national backfill (hundreds of
 * millions of rows, most of them clean, with unique keys):
 * <ul>
 * <li>Each step's rows are written to the scratch ({@link #keep}) and read back, so a later step
 *     reads stored rows instead of running every earlier step again; nothing is cached.
 * <li>The parse makes Spark's internal rows ({@link InternalValues}) straight from the typed values,
 *     so no row goes through the row encoder's per-field conversion.
 * <li>Repeated keys are found on a 64-bit hash of the key ({@link RepeatedHashes}): comparing longs
 *     is far cheaper than grouping by key strings, and keys are almost always unique.
 * <li>The few rows the rules change are joined back to the parsed rows by broadcast, so the many
 *     unchanged rows are never shuffled; past a limit every row is written out with its verdict.
 * </ul>
 *
 * <p>A small source ({@link #onDriver}) runs the same steps with its rows kept in the driver's memory:
 * the files are parsed on the driver and each step's rows are held as a local table, so the source
 * costs only the Spark jobs its rules' joins and aggregations need, with no scratch files. A Spark job
 * has a fixed cost (planning, scheduling, a Parquet writer per task) far above the work of a few
 * thousand rows, and a small run is nearly all fixed cost.
 */
public final class SparkExecution implements Execution {
    /**
     * A source whose landing files hold at most this many bytes is run {@link #onDriver}: a few
     * megabytes of CSV are a few times that as rows in memory, while the run's larger sources keep
     * the scratch.
     */
    public static final long ON_DRIVER_BYTES = 16L << 20;

    /** Changed rows up to this many are broadcast back to the parsed rows; more are written out with every row. */
    public static final long BROADCAST_CHANGED_ROWS = 500_000L;

    /** Few rows ({@link #few}, unknown references) up to this many are broadcast; more (a file loaded twice) are joined by shuffle. */
    private static final long BROADCAST_FEW_ROWS = 1_000_000L;

    /**
     * Sources whose loaded keys are too many to collect and broadcast (the register has an elector for
     * every voter): their keys are written to the scratch, and the distinct values the rows name are
     * joined against them (a shuffle of keys alone, never of the rows).
     */
    private static final Set<Source> MANY_KEYS = java.util.EnumSet.of(Source.ELECTORS);

    /** The first pass of {@link #rowsThatMayRepeat}: Spark's 64-bit xxHash of the columns. */
    public static final Function<Column[], Column> KEY_HASH = functions::xxhash64;

    /**
     * The scratch's Parquet settings. Its tables are read back once or twice by this program and never
     * queried, so they carry nothing a query engine uses: no dictionaries, statistics or page checksums,
     * which would cost work on every write and be read by nothing.
     */
    static final Map<String, String> SCRATCH_OPTIONS = Map.of(
            "compression", "snappy",
            "parquet.enable.dictionary", "false",
            "parquet.column.statistics.enabled", "false",
            "parquet.size.statistics.enabled", "false",
            "parquet.page.write-checksum.enabled", "false");

    private static final String KEY_HASH_COLUMN = "_key_hash";

    private final SparkSession spark;
    /** The scratch folder; null when rows are kept on the driver. */
    private final String scratch;
    private final long broadcastChangedRows;
    private final Function<Column[], Column> keyHash;

    /**
     * @param scratch a restricted folder (parsed rows keep identity keys and rejected rows' raw records)
     *     that the caller removes when done
     */
    public SparkExecution(SparkSession spark, String scratch) {
        this(spark, scratch, BROADCAST_CHANGED_ROWS, KEY_HASH);
    }

    /**
     * @param broadcastChangedRows the most changed rows joined back by broadcast ({@link #checked})
     * @param keyHash the first pass's hash of the columns that may repeat; any hash gives the same outcome
     */
    public SparkExecution(SparkSession spark, String scratch, long broadcastChangedRows, Function<Column[], Column> keyHash) {
        this.spark = spark;
        this.scratch = scratch;
        this.broadcastChangedRows = broadcastChangedRows;
        this.keyHash = keyHash;
    }

    /** For a small source: files parsed on the driver, every step's rows kept in its memory, no scratch. */
    public static SparkExecution onDriver(SparkSession spark) {
        return onDriver(spark, BROADCAST_CHANGED_ROWS, KEY_HASH);
    }

    /** As {@link #onDriver(SparkSession)}, with the limits of {@link #SparkExecution(SparkSession, String, long, Function)}. */
    public static SparkExecution onDriver(SparkSession spark, long broadcastChangedRows, Function<Column[], Column> keyHash) {
        return new SparkExecution(spark, null, broadcastChangedRows, keyHash);
    }

    /** Rows kept for later steps, and how many there are (counted only when asked, on the scratch). */
    private record Kept(Dataset<Row> rows, LongSupplier count) {
        long rowCount() {
            return count.getAsLong();
        }
    }

    /**
     * Written once to the scratch and read back with the schema it was written with; or, on the
     * driver, collected and held as a local table, which later steps read without a job.
     */
    private Kept keep(String table, Dataset<Row> rows) {
        if (scratch == null) {
            List<Row> collected = rows.collectAsList();
            return new Kept(spark.createDataFrame(collected, rows.schema()), collected::size);
        }
        String path = scratch + "/" + table;
        rows.write().mode(SaveMode.Overwrite).options(SCRATCH_OPTIONS).parquet(path);
        Dataset<Row> read = spark.read().schema(rows.schema()).parquet(path);
        return new Kept(read, read::count);
    }

    private static Dataset<Row> broadcastIf(Dataset<Row> rows, boolean small) {
        return small ? broadcast(rows) : rows;
    }

    /**
     * One task per file, over internal rows. {@code internalCreateDataFrame} is Spark's own
     * (package-private in Scala, so public in the bytecode) way to a DataFrame without an encoder; it
     * needs the classic (not Connect) session, the only kind this program makes.
     */
    @Override
    public Parsed parse(String table, List<String> fileUris, RowReader reader, StructType schema, Dataset<Row> extraRows) {
        if (scratch == null) {
            return parseOnDriver(fileUris, reader, schema, extraRows);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var rows = jsc.parallelize(fileUris, Math.max(1, fileUris.size())).flatMap(uri -> internal(reader.rows(uri)));
        Dataset<Row> parsed = ((org.apache.spark.sql.classic.SparkSession) spark)
                .internalCreateDataFrame(rows.rdd(), schema, false);
        if (extraRows != null) {
            parsed = parsed.unionByName(extraRows);
        }
        Kept kept = keep(table, parsed);
        return new Parsed(kept.rows(), kept.rowCount());
    }

    /** Each file read in turn on the driver, in the same typed values a task reads. */
    private Parsed parseOnDriver(List<String> fileUris, RowReader reader, StructType schema, Dataset<Row> extraRows) {
        List<Row> rows = new ArrayList<>();
        for (String uri : fileUris) {
            try {
                reader.rows(uri).forEachRemaining(values -> rows.add(RowFactory.create(values)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (extraRows != null) {
            rows.addAll(extraRows.select(Arrays.stream(schema.fieldNames()).map(functions::col).toArray(Column[]::new))
                    .collectAsList());
        }
        return new Parsed(spark.createDataFrame(rows, schema), rows.size());
    }

    private static Iterator<InternalRow> internal(Iterator<Object[]> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public InternalRow next() {
                Object[] values = rows.next();
                for (int i = 0; i < values.length; i++) {
                    values[i] = InternalValues.of(values[i]);
                }
                return new GenericInternalRow(values);
            }
        };
    }

    /**
     * The hashes that occur more than once ({@link RepeatedHashes}), then the rows carrying them. Two
     * different values that share a hash both come out; the caller's count by the values themselves
     * tells them apart, so the outcome is exact whatever the hash does.
     */
    @Override
    public Dataset<Row> rowsThatMayRepeat(String table, Dataset<Row> rows, List<String> columns) {
        Column[] values = columns.stream().map(functions::col).toArray(Column[]::new);
        Dataset<Row> hashed = rows.withColumn(KEY_HASH_COLUMN, keyHash.apply(values));
        // On the driver the rows are few: a plain count per hash finds the repeated ones.
        Dataset<Row> hashes = scratch == null
                ? hashed.groupBy(col(KEY_HASH_COLUMN)).count().filter(col("count").gt(1)).select(col(KEY_HASH_COLUMN))
                : RepeatedHashes.of(hashed, KEY_HASH_COLUMN);
        Kept repeated = keep(table + "/key_hashes", hashes);
        long count = repeated.rowCount();
        Dataset<Row> carrying = count == 0 ? hashed.limit(0)
                : hashed.join(broadcastIf(repeated.rows(), count <= BROADCAST_FEW_ROWS), KEY_HASH_COLUMN, "left_semi");
        return carrying.drop(KEY_HASH_COLUMN);
    }

    @Override
    public Dataset<Row> few(String table, Dataset<Row> rows) {
        Kept kept = keep(table, rows);
        return broadcastIf(kept.rows(), kept.rowCount() <= BROADCAST_FEW_ROWS);
    }

    /**
     * Collected once and held as a local table with a broadcast hint: a local table is broadcast without
     * running a job, where a cached one is read by a job for every broadcast.
     */
    @Override
    public Dataset<Row> small(Dataset<Row> rows) {
        return broadcast(spark.createDataFrame(rows.collectAsList(), rows.schema()));
    }

    @Override
    public Dataset<Row> lookupKeys(String table, Source source, Dataset<Row> keys) {
        return MANY_KEYS.contains(source) && scratch != null ? keep(table, keys).rows() : small(keys.distinct());
    }

    /**
     * Small key tables are broadcast to the rows. For a source with many keys the distinct values the
     * rows name are joined against the keys, and only the values found missing (few) are joined back.
     */
    @Override
    public Dataset<Row> flagUnknown(String table, Dataset<Row> rows, Column asked, String column, Source target,
                                    Dataset<Row> keys, String flag) {
        String ref = "_ref_" + column;
        if (MANY_KEYS.contains(target)) {
            Dataset<Row> named = rows.filter(asked.and(col(column).isNotNull())).select(col(column).as(ref)).distinct();
            Kept missing = keep(table, named.join(keys, col(ref).equalTo(col(KEY)), "left_anti"));
            return rows.join(broadcastIf(missing.rows(), missing.rowCount() <= BROADCAST_FEW_ROWS), col(column).equalTo(col(ref)), "left_outer")
                    .withColumn(flag, asked.and(col(ref).isNotNull()))
                    .drop(ref);
        }
        return rows.join(broadcast(keys.withColumnRenamed(KEY, ref)), col(column).equalTo(col(ref)), "left_outer")
                .withColumn(flag, asked.and(col(column).isNotNull()).and(col(ref).isNull()))
                .drop(ref);
    }

    /**
     * The changed rows' verdicts are written to {@code <table>/exceptions}, and joined back (broadcast)
     * to the parsed rows, so every later step reads the parsed Parquet once more and nothing is written
     * twice. With no changed row the parsed rows are used as they are. With more changed rows than can
     * be broadcast (a file loaded twice, a referenced source missing), every row is written out with its
     * verdict ({@code <table>/rows}), grouped by landing file as the parse wrote them: the curated write
     * then sorts each task's rows without a shuffle.
     */
    @Override
    public Dataset<Row> checked(String table, Dataset<Row> parsed, Dataset<Row> checked, List<String> rowId, Column changed,
                                Map<String, Column> verdict, UnaryOperator<Dataset<Row>> finish) {
        List<Column> exceptionColumns = new ArrayList<>();
        rowId.forEach(c -> exceptionColumns.add(col(c).as("_exception" + c)));
        verdict.keySet().forEach(c -> exceptionColumns.add(col(c).as("_exception" + c)));
        Kept kept = keep(table + "/exceptions", checked.filter(changed).select(exceptionColumns.toArray(Column[]::new)));
        Dataset<Row> exceptions = kept.rows();
        long count = kept.rowCount();
        if (count == 0) {
            Dataset<Row> rows = parsed;
            for (var v : verdict.entrySet()) {
                rows = rows.withColumn(v.getKey(), v.getValue());
            }
            return finish.apply(rows);
        }
        if (count > broadcastChangedRows) {
            return keep(table + "/rows", finish.apply(checked).repartition(col(rowId.get(0)))).rows();
        }
        Column sameRow = null;
        for (String c : rowId) {
            Column eq = col(c).equalTo(col("_exception" + c));
            sameRow = sameRow == null ? eq : sameRow.and(eq);
        }
        Column excepted = col("_exception" + rowId.get(rowId.size() - 1)).isNotNull();
        Dataset<Row> rows = parsed.join(broadcast(exceptions), sameRow, "left_outer");
        for (var v : verdict.entrySet()) {
            rows = rows.withColumn(v.getKey(), when(excepted, col("_exception" + v.getKey())).otherwise(v.getValue()));
        }
        return finish.apply(rows.drop(exceptions.columns()));
    }
}
