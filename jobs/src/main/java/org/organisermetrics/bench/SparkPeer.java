package org.organisermetrics.bench;

import static org.apache.spark.sql.functions.call_udf;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.ColumnType;
import org.organisermetrics.contract.Privacy;
import org.organisermetrics.contract.Source;
import org.organisermetrics.privacy.Pseudonymiser;
import org.organisermetrics.privacy.Secret;
import org.organisermetrics.spark.Parallel;
import org.organisermetrics.spark.SparkSessions;

/**
 * The Spark peer, run by the bench in its own JVM ({@code bench spark-peer}, hidden: {@link SparkPeerCommand}): the DuckDB
 * peer's plain ingest done by Spark's own CSV reader and Parquet writer, in the session our run
 * uses ({@link SparkSessions}). Each source's landing files are read with the contract's columns
 * named and typed, codes upper-cased, dates in either contract form, personal columns left out,
 * and written as Parquet; facts partitioned by month and sorted by month, seat and date within each
 * task, as our curated write does; then the same again with person ids keyed as ours keys them, as
 * the DuckDB peer's keyed ingest does. No cell is checked, no repeated key sought, nothing
 * quarantined: like the DuckDB peer it assumes clean files (a cell Spark cannot read fails the
 * source: FAILFAST).
 *
 * <p>What it measures: what a straightforward CSV-to-Parquet copy costs on the stack this project
 * must use, without and with the keyed ids the privacy rules require. Ours against the keyed copy is
 * the price of our checks and quarantine on the same engine; the keyed copy against DuckDB's plain
 * copy is what Spark's own CSV path needs for the least of ours' work. Not a hard floor: ours parses
 * with a reader of its own (FastCSV), which may beat Spark's.
 */
public final class SparkPeer {
    /** The steps' kinds in {@code timings.json}: the plain copy, and the copy with person ids keyed (under {@code <out>/keyed/}). */
    public static final String KIND = "ingest_spark";
    public static final String KIND_KEYED = "ingest_spark_keyed";

    private SparkPeer() {}

    /** Both copies of the sources into {@code out} (the keyed one under {@code <out>/keyed/}) and their timings.json. */
    static void runBoth(Path landing, Path out, String sources, boolean singleLine) throws java.io.IOException {
        Path o = out.toAbsolutePath();
        Files.createDirectories(o);
        SparkSession spark = SparkSessions.getOrCreate("organiser-metrics spark peer");
        List<Source> chosen = selected(sources);
        Copy plain = run(spark, landing.toAbsolutePath(), o, chosen, new Mode(!singleLine, null));
        // The secret ours runs with in the bench (--demo, or ORGANISER_METRICS_KEY when set), so the keys agree.
        Pseudonymiser keys = new Pseudonymiser(Secret.resolve(null, System.getenv(Secret.ENV), true));
        Copy keyed = run(spark, landing.toAbsolutePath(), o.resolve(DuckDbPeer.KEYED), chosen, new Mode(!singleLine, keys));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("spark_version", spark.version());
        json.put("multi_line", !singleLine);
        json.put("wall_millis", plain.wallMillis());
        json.put("keyed_wall_millis", keyed.wallMillis());
        List<DuckDbPeer.Step> steps = new ArrayList<>(plain.steps());
        steps.addAll(keyed.steps());
        json.put("steps", steps);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(o.resolve("timings.json").toFile(), json);
        spark.stop();
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
     * How a copy reads and writes: with Spark's multiLine (right for the contract) or not, and person
     * ids plain ({@code keys} null) or keyed as ours keys them, by our {@link Pseudonymiser} in a UDF,
     * written under ours' names (*_key). Every source is copied in a keyed run, those without person
     * ids as in the plain one, so its wall time stands beside ours' whole ingest.
     */
    record Mode(boolean multiLine, Pseudonymiser keys) {
        boolean keyed() {
            return keys != null;
        }
    }

    /**
     * Each source with landing files into {@code <out>/<source>/}, the sources at once from a few
     * driver threads in fair-scheduler pools of their own, as our ingest runs them ({@link Parallel},
     * {@code IngestJob}): a large file's long task overlaps other sources' work, so the copy is given
     * the same help ours has.
     */
    static Copy run(SparkSession spark, Path landing, Path out, List<Source> sources, Mode mode) {
        if (mode.keyed()) {
            Pseudonymiser keys = mode.keys();
            spark.udf().register(PERSON_KEY, (UDF2<String, String, String>) keys::key, DataTypes.StringType);
        }
        long start = System.nanoTime();
        List<DuckDbPeer.Step> steps = Parallel.map(sources, source -> copy(spark, landing, out, source, mode)).stream()
                .filter(java.util.Objects::nonNull).toList();
        return new Copy(steps, (System.nanoTime() - start) / 1_000_000);
    }

    /** One source's copy, timed; null when it has no landing files. */
    private static DuckDbPeer.Step copy(SparkSession spark, Path landing, Path out, Source source, Mode mode) {
        try {
            List<Path> files = DuckDbPeer.landingFiles(landing.resolve(source.folder()));
            if (files.isEmpty()) {
                return null;
            }
            Path target = out.resolve(source.folder());
            DuckDbPeer.deleteTree(target);
            spark.sparkContext().setLocalProperty("spark.scheduler.pool", source.folder());
            spark.sparkContext().setJobDescription("spark peer" + (mode.keyed() ? " keyed: " : ": ") + source.folder());
            long t = System.nanoTime();
            write(read(spark, source, files, mode), source, target);
            long ms = (System.nanoTime() - t) / 1_000_000;
            long rows = spark.read().parquet(target.toString()).count(); // from the footers, after the copy's time
            System.out.printf("spark %s%s: %d rows in %d ms%n", mode.keyed() ? "keyed " : "", source.folder(), rows, ms);
            return new DuckDbPeer.Step(source.folder(), mode.keyed() ? KIND_KEYED : KIND, ms, rows, DuckDbPeer.size(files), DuckDbPeer.treeSize(target));
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
    static Dataset<Row> read(SparkSession spark, Source source, List<Path> files, Mode mode) {
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
                    .option("multiLine", String.valueOf(mode.multiLine()))
                    .option("mode", "FAILFAST")
                    .schema(schema(source, header))
                    .load(g.getValue().toArray(String[]::new));
            Dataset<Row> converted = raw.select(select(source, header, mode.keyed()).toArray(Column[]::new));
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

    /** The UDF a keyed copy registers: {@link Pseudonymiser#key}(entity, id). */
    static final String PERSON_KEY = "person_key";

    /**
     * The contract's columns outside the personal ones, converted as the DuckDB peer converts them;
     * with {@code keyed}, person ids as ours' keyed hashes under ours' names; facts add month.
     */
    static List<Column> select(Source source, PeerIngestSql.FileHeader header, boolean keyed) {
        List<Column> out = new ArrayList<>();
        for (org.organisermetrics.contract.Column c : source.columns()) {
            if (c.privacy() == Privacy.PERSONAL) {
                continue;
            }
            Column value = header.names().contains(c.name()) ? expr(convert(c.name(), c.type())) : lit(null);
            if (keyed && c.privacy() == Privacy.PSEUDONYMISED) {
                out.add(call_udf(PERSON_KEY, lit(Pseudonymiser.entityOf(c.name())), value).as(c.curatedName()));
            } else {
                out.add(value.as(c.name()));
            }
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
