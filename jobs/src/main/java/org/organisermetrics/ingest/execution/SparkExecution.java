package org.organisermetrics.ingest.execution;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
 */
public final class SparkExecution implements Execution {
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

    /** Written once and read back with the schema it was written with. */
    private Dataset<Row> keep(String table, Dataset<Row> rows) {
        String path = scratch + "/" + table;
        rows.write().mode(SaveMode.Overwrite).options(SCRATCH_OPTIONS).parquet(path);
        return spark.read().schema(rows.schema()).parquet(path);
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
    public Dataset<Row> parse(String table, List<String> fileUris, RowReader reader, StructType schema, Dataset<Row> extraRows) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var rows = jsc.parallelize(fileUris, Math.max(1, fileUris.size())).flatMap(uri -> internal(reader.rows(uri)));
        Dataset<Row> parsed = ((org.apache.spark.sql.classic.SparkSession) spark)
                .internalCreateDataFrame(rows.rdd(), schema, false);
        if (extraRows != null) {
            parsed = parsed.unionByName(extraRows);
        }
        return keep(table, parsed);
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
        Dataset<Row> repeated = keep(table + "/key_hashes", RepeatedHashes.of(hashed, KEY_HASH_COLUMN));
        long count = repeated.count();
        Dataset<Row> carrying = count == 0 ? hashed.limit(0)
                : hashed.join(broadcastIf(repeated, count <= BROADCAST_FEW_ROWS), KEY_HASH_COLUMN, "left_semi");
        return carrying.drop(KEY_HASH_COLUMN);
    }

    @Override
    public Dataset<Row> few(String table, Dataset<Row> rows) {
        Dataset<Row> kept = keep(table, rows);
        return broadcastIf(kept, kept.count() <= BROADCAST_FEW_ROWS);
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
        return MANY_KEYS.contains(source) ? keep(table, keys) : small(keys.distinct());
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
            Dataset<Row> missing = keep(table, named.join(keys, col(ref).equalTo(col(KEY)), "left_anti"));
            return rows.join(broadcastIf(missing, missing.count() <= BROADCAST_FEW_ROWS), col(column).equalTo(col(ref)), "left_outer")
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
        Dataset<Row> exceptions = keep(table + "/exceptions", checked.filter(changed).select(exceptionColumns.toArray(Column[]::new)));
        long count = exceptions.count();
        if (count == 0) {
            Dataset<Row> rows = parsed;
            for (var v : verdict.entrySet()) {
                rows = rows.withColumn(v.getKey(), v.getValue());
            }
            return finish.apply(rows);
        }
        if (count > broadcastChangedRows) {
            return keep(table + "/rows", finish.apply(checked).repartition(col(rowId.get(0))));
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
