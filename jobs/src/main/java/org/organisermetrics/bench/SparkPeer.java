package org.organisermetrics.bench;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.ColumnType;
import org.organisermetrics.contract.Privacy;
import org.organisermetrics.contract.Source;
import org.organisermetrics.spark.Parallel;
import org.organisermetrics.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The Spark peer, run by the bench in its own JVM ({@code bench spark-peer}, hidden): the DuckDB
 * peer's plain ingest done by Spark's own CSV reader and Parquet writer, in the session our run
 * uses ({@link SparkSessions}). Each source's landing files are read with the contract's columns
 * named and typed, codes upper-cased, dates in either contract form, personal columns left out,
 * and written as Parquet; facts partitioned by month and sorted by month, seat and date within each
 * task, as our curated write does. No cell is checked, no id keyed, nothing quarantined: like the
 * DuckDB peer it assumes clean files (a cell Spark cannot read fails the source: FAILFAST).
 *
 * <p>What it measures: the least a CSV-to-Parquet copy costs on the stack this project must use.
 * Ours against it is the price of our checks, keys and quarantine on the same engine; it against
 * DuckDB's plain copy is the engines' difference, which no change to our code can take away.
 */
@Command(name = "spark-peer", hidden = true, mixinStandardHelpOptions = true,
        description = "The bench's Spark peer: Spark's own CSV reader and Parquet writer over the landing files (docs/benchmark.md).")
public final class SparkPeer implements Callable<Integer> {
    /** The steps' kind in {@code timings.json}. */
    public static final String KIND = "ingest_spark";

    @Parameters(index = "0", paramLabel = "LANDING")
    Path landing;

    @Parameters(index = "1", paramLabel = "OUT")
    Path out;

    @Parameters(index = "2", paramLabel = "SOURCES", description = "Landing folders, comma-separated, or all.")
    String sources;

    @Override
    public Integer call() throws Exception {
        Path o = out.toAbsolutePath();
        Files.createDirectories(o);
        SparkSession spark = SparkSessions.getOrCreate("organiser-metrics spark peer");
        Copy copy = run(spark, landing.toAbsolutePath(), o, selected(sources));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("spark_version", spark.version());
        json.put("wall_millis", copy.wallMillis());
        json.put("steps", copy.steps());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(o.resolve("timings.json").toFile(), json);
        spark.stop();
        return 0;
    }

    static List<Source> selected(String list) {
        List<Source> out = new ArrayList<>();
        for (Source s : Source.values()) {
            if (list.equals("all") || List.of(list.split(",")).contains(s.folder())) {
                out.add(s);
            }
        }
        return out;
    }

    /** The copy's steps (one per source, each its own wall time, overlapping) and the wall time of them all. */
    record Copy(List<DuckDbPeer.Step> steps, long wallMillis) {}

    /**
     * Each source with landing files into {@code <out>/<source>/}, the sources at once from a few
     * driver threads in fair-scheduler pools of their own, as our ingest runs them ({@link Parallel},
     * {@code IngestJob}): a large file's long task overlaps other sources' work, so the copy is given
     * the same help ours has.
     */
    static Copy run(SparkSession spark, Path landing, Path out, List<Source> sources) {
        long start = System.nanoTime();
        List<DuckDbPeer.Step> steps = Parallel.map(sources, source -> copy(spark, landing, out, source)).stream()
                .filter(java.util.Objects::nonNull).toList();
        return new Copy(steps, (System.nanoTime() - start) / 1_000_000);
    }

    /** One source's copy, timed; null when it has no landing files. */
    private static DuckDbPeer.Step copy(SparkSession spark, Path landing, Path out, Source source) {
        try {
            List<Path> files = DuckDbPeer.landingFiles(landing.resolve(source.folder()));
            if (files.isEmpty()) {
                return null;
            }
            Path target = out.resolve(source.folder());
            DuckDbPeer.deleteTree(target);
            spark.sparkContext().setLocalProperty("spark.scheduler.pool", source.folder());
            spark.sparkContext().setJobDescription("spark peer: " + source.folder());
            long t = System.nanoTime();
            write(read(spark, source, files), source, target);
            long ms = (System.nanoTime() - t) / 1_000_000;
            long rows = spark.read().parquet(target.toString()).count(); // from the footers, after the copy's time
            System.out.printf("spark %s: %d rows in %d ms%n", source.folder(), rows, ms);
            return new DuckDbPeer.Step(source.folder(), KIND, ms, rows, DuckDbPeer.size(files), DuckDbPeer.treeSize(target));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            spark.sparkContext().setLocalProperty("spark.scheduler.pool", null);
        }
    }

    /**
     * A source's files as one Dataset of the contract's non-personal columns, converted: one CSV read
     * per group of files sharing a header (as the DuckDB peer groups them), the groups unioned.
     */
    static Dataset<Row> read(SparkSession spark, Source source, List<Path> files) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, PeerIngestSql.FileHeader> headers = new LinkedHashMap<>();
        for (Path f : files) {
            PeerIngestSql.FileHeader h = PeerIngestSql.readHeader(f);
            groups.computeIfAbsent(h.groupKey(), k -> new ArrayList<>()).add(f.toString());
            headers.putIfAbsent(h.groupKey(), h);
        }
        Dataset<Row> all = null;
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            PeerIngestSql.FileHeader header = headers.get(g.getKey());
            Dataset<Row> raw = spark.read().format("csv")
                    .option("header", "true") // each file's first line skipped; the schema names the columns by position
                    .option("quote", "\"").option("escape", "\"")
                    // The contract allows a line break inside a quoted value (the sample's electors have
                    // addresses on two lines): without multiLine Spark splits such a row in two. With it,
                    // each file is read whole by one task (a file cannot be split at an arbitrary byte).
                    .option("multiLine", "true")
                    .option("mode", "FAILFAST")
                    .schema(schema(source, header))
                    .load(g.getValue().toArray(String[]::new));
            Dataset<Row> converted = raw.select(select(source, header).toArray(Column[]::new));
            all = all == null ? converted : all.unionByName(converted);
        }
        return all;
    }

    /** The CSV schema of a header: contract columns typed as Spark's reader can type them, the rest text. */
    static StructType schema(Source source, PeerIngestSql.FileHeader header) {
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < header.names().size(); i++) {
            String name = header.names().get(i);
            int c = source.indexOf(name);
            fields.add(c < 0 ? DataTypes.createStructField("_extra_" + i, DataTypes.StringType, true)
                    : DataTypes.createStructField(name, csvType(source.columns().get(c).type()), true));
        }
        return DataTypes.createStructType(fields);
    }

    static DataType csvType(ColumnType type) {
        return switch (type) {
            case TEXT, ID, CODE, UPPER_ID, DATE, MONTH, BOOLEAN -> DataTypes.StringType;
            case COUNT -> DataTypes.LongType;
            case HOURS -> DataTypes.DoubleType;
            case MONEY -> DataTypes.createDecimalType(ColumnType.MONEY_WHOLE_DIGITS + ColumnType.MONEY_DECIMALS, ColumnType.MONEY_DECIMALS);
        };
    }

    /** The contract's columns outside the personal ones, converted as the DuckDB peer converts them; facts add month. */
    static List<Column> select(Source source, PeerIngestSql.FileHeader header) {
        List<Column> out = new ArrayList<>();
        for (org.organisermetrics.contract.Column c : source.columns()) {
            if (c.privacy() == Privacy.PERSONAL) {
                continue;
            }
            out.add((header.names().contains(c.name()) ? expr(convert(c.name(), c.type())) : lit(null)).as(c.name()));
        }
        if (source.kind() == Source.Kind.FACT) {
            out.add(expr("trunc(" + convert(source.dateColumn(), ColumnType.DATE) + ", 'MM')").as("month"));
        }
        return out;
    }

    /** A column converted in Spark SQL, as {@link PeerIngestSql#convert} does in DuckDB's. */
    static String convert(String n, ColumnType type) {
        return switch (type) {
            case TEXT, ID -> "trim(" + n + ")";
            case CODE, UPPER_ID -> "upper(trim(" + n + "))";
            case DATE -> "CASE WHEN " + n + " IS NULL OR trim(" + n + ") = '' THEN NULL WHEN contains(" + n + ", '/') THEN to_date(trim("
                    + n + "), 'd/M/yyyy') ELSE to_date(trim(" + n + "), 'yyyy-M-d') END";
            case MONTH -> "to_date(trim(" + n + "), 'yyyy-MM')";
            case BOOLEAN -> "CASE WHEN " + n + " IS NULL OR trim(" + n + ") = '' THEN NULL ELSE lower(trim(" + n
                    + ")) IN ('true', 'yes', 'y', '1') END";
            case COUNT, HOURS, MONEY -> n;
        };
    }

    /** Parquet as our curated write lays it out: facts by month, sorted by month, seat and date in each task, no shuffle. */
    static void write(Dataset<Row> rows, Source source, Path target) {
        if (source.kind() == Source.Kind.FACT) {
            List<String> order = new ArrayList<>(List.of("month"));
            if (source.indexOf("seat_code") >= 0) {
                order.add("seat_code");
            }
            order.add(source.dateColumn());
            rows.sortWithinPartitions(order.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
                    .write().partitionBy("month").parquet(target.toString());
        } else {
            rows.write().parquet(target.toString());
        }
    }
}
