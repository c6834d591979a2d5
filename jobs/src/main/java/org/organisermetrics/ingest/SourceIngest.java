package org.organisermetrics.ingest;

import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.organisermetrics.contract.Codes;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;
import org.organisermetrics.privacy.Pseudonymiser;

/**
 * One source through the contract's cross-row rules, after {@link ParsedRows} has applied the
 * row rules: conflicts, exact duplicates, references to loaded keys, results' areas and votes,
 * and the run's period. Every row leaves with one status (column {@link #STATUS}):
 * loaded, duplicate, quarantined (with a reason) or outside_period (a fact dated outside the
 * months this run covers: it waits for its own month's run).
 */
public final class SourceIngest {
    public static final String STATUS = "_status";
    public static final String LOADED = "loaded";
    public static final String DUPLICATE = "duplicate";
    public static final String QUARANTINED = "quarantined";
    public static final String OUTSIDE_PERIOD = "outside_period";
    /** The month a fact row belongs to (first day of the month), its partition in curated/. */
    public static final String MONTH = "month";
    /** The single column of a loaded-keys dataset. */
    static final String KEY = "_k";

    /**
     * What a run needs to check one source: keys loaded so far, the period, the secret, and a
     * scratch folder (restricted: parsed rows keep identity keys and bad rows' raw records) where
     * each source's parsed and checked rows are written once and read back by every later step.
     */
    public record Context(String landingRoot, LocalDate today, Pseudonymiser pseudonymiser,
                          LocalDate fromMonth, LocalDate toMonth,
                          Map<Source, Dataset<Row>> loadedKeys, Dataset<Row> electionTypes, String scratch,
                          long broadcastExceptions) {}

    /** A source's rows with their status (read from the scratch Parquet), and how many rows the parse produced. */
    public record Checked(Dataset<Row> rows, long rowsParsed) {}

    /** Quarantined and duplicate rows up to this many are broadcast back to the parsed rows; more are written out with every row. */
    public static final long BROADCAST_EXCEPTIONS = 500_000L;

    /** Repeated keys up to this many are broadcast to the rows; more (a file loaded twice) are joined by shuffle. */
    private static final long BROADCAST_REPEATED_KEYS = 1_000_000L;

    private SourceIngest() {}

    /**
     * All rows of the source with their status. The landing files are read once: the parse is
     * written to {@code <scratch>/<source>/parsed}; the cross-row rules read it back (a column-pruned
     * aggregation for repeated keys, then one pass with broadcast joins) and write only the rows
     * they do not load for a reason of their own (quarantined or duplicate: few) to
     * {@code <scratch>/<source>/exceptions}. What the caller gets is the parsed rows with those
     * joined back (broadcast) and the period applied: every later step (counts, curated, quarantine,
     * keys) reads the parsed Parquet once more, and nothing is cached or written twice. With no
     * exception at all there is nothing to join back and the parsed rows are used as they are. When the
     * exceptions are too many to broadcast (a file loaded twice, a referenced source missing), the
     * rows with their status are written out whole instead ({@code <scratch>/<source>/rows}).
     *
     * @param extraParsedRows rows in {@link ParsedRows#schema(Source)} that go through the same
     *     cross-row rules: the elections and results rows of official results files (ingest/official)
     */
    public static Checked ingest(SparkSession spark, Source source, List<String> fileUris, Context ctx,
                                 Dataset<Row> extraParsedRows) {
        String folder = ctx.scratch() + "/" + source.folder();
        Dataset<Row> parsing = parse(spark, source, fileUris, ctx);
        if (extraParsedRows != null) {
            parsing = parsing.unionByName(extraParsedRows);
        }
        Dataset<Row> parsed = writeAndRead(spark, parsing, folder + "/parsed");
        long rowsParsed = parsed.count(); // from the Parquet footers
        Dataset<Row> checked = markConflictsAndDuplicates(spark, source, parsed, folder + "/repeated_keys", KEY_HASH);
        checked = checkReferences(source, checked, ctx);
        if (source == Source.RESULTS) {
            checked = checkAreas(checked, ctx);
            checked = checkVotesWithinElectorate(checked);
        }
        Dataset<Row> exceptions = writeAndRead(spark, checked
                .filter(col(ParsedRows.REASON).isNotNull().or(col("_duplicate")))
                .select(col(ParsedRows.FILE).as("_exception_file"), col(ParsedRows.LINE).as("_exception_line"),
                        col(ParsedRows.REASON).as("_exception_reason"), col(ParsedRows.DETAIL).as("_exception_detail"),
                        col("_duplicate").as("_exception_duplicate")), folder + "/exceptions");
        long exceptionCount = exceptions.count();
        if (exceptionCount == 0) {
            // Every row passed every rule (a clean export, the usual month): nothing to join back, so no
            // later read probes the join, and the curated write no longer reads _file and _line.
            return new Checked(withStatus(source, parsed.withColumn("_duplicate", lit(false)), ctx), rowsParsed);
        }
        if (exceptionCount > ctx.broadcastExceptions()) {
            // Grouped by landing file, as the parse wrote them: the curated write sorts each task's
            // rows without a shuffle, which keeps a month in one task only if its file is in one.
            return new Checked(writeAndRead(spark, withStatus(source, checked, ctx).repartition(col(ParsedRows.FILE)),
                    folder + "/rows"), rowsParsed);
        }
        Column excepted = col("_exception_line").isNotNull();
        Dataset<Row> rows = parsed
                .join(broadcast(exceptions), col(ParsedRows.FILE).equalTo(col("_exception_file"))
                        .and(col(ParsedRows.LINE).equalTo(col("_exception_line"))), "left_outer")
                .withColumn(ParsedRows.REASON, when(excepted, col("_exception_reason")).otherwise(col(ParsedRows.REASON)))
                .withColumn(ParsedRows.DETAIL, when(excepted, col("_exception_detail")).otherwise(col(ParsedRows.DETAIL)))
                .withColumn("_duplicate", excepted.and(col("_exception_duplicate")))
                .drop(exceptions.columns());
        return new Checked(withStatus(source, rows, ctx), rowsParsed);
    }

    /**
     * Scratch tables: written once, fast to write, read back with the schema they were written with.
     * They are read back once or twice by this program and never queried, so they carry none of what
     * serves a query engine (tuning notes 21 and 26, docs/benchmark.md): snappy, no dictionaries
     * (building them was 6.6% of the regional ingest's samples), no min/max or size statistics and no
     * page checksums (the statistics' comparisons were 12% of the scratch write's samples).
     */
    private static Dataset<Row> writeAndRead(SparkSession spark, Dataset<Row> rows, String path) {
        rows.write().mode(SaveMode.Overwrite).options(SCRATCH_OPTIONS).parquet(path);
        return spark.read().schema(rows.schema()).parquet(path);
    }

    /** The Parquet writer's settings for scratch tables ({@link #writeAndRead}). */
    static final Map<String, String> SCRATCH_OPTIONS = Map.of(
            "compression", "snappy",
            "parquet.enable.dictionary", "false",
            "parquet.column.statistics.enabled", "false",
            "parquet.size.statistics.enabled", "false",
            "parquet.page.write-checksum.enabled", "false");

    /**
     * The sources whose loaded keys this source's rules need: every source a column references,
     * and for results also seats and wards (its area check). Declaration order of {@link Source}
     * puts each source after these.
     */
    public static java.util.Set<Source> dependencies(Source source) {
        java.util.Set<Source> out = java.util.EnumSet.noneOf(Source.class);
        for (org.organisermetrics.contract.Column c : source.columns()) {
            if (c.references() != null) {
                out.add(Source.byFolder(c.references()).orElseThrow());
            }
        }
        if (source == Source.RESULTS) {
            out.add(Source.SEATS);
            out.add(Source.WARDS);
        }
        return out;
    }

    /** The distinct key values of a referenced source's loaded rows (single-column sources only), as a {@link #local} table. */
    public static Dataset<Row> loadedKeys(SparkSession spark, Source source, Dataset<Row> all) {
        String keyColumn = source.column(source.key().get(0)).curatedName();
        return local(spark, all.filter(col(STATUS).isin(LOADED, OUTSIDE_PERIOD))
                .select(col(keyColumn).as(KEY)).distinct());
    }

    /**
     * Rows that later sources broadcast in their checks (loaded keys, election types), collected
     * once and held as a local table. A broadcast brings them to the driver anyway; a local table is
     * broadcast without a job, where a cached one took a job to read for every broadcast (and,
     * cached with its 64 shuffle partitions, 65 tasks each time).
     */
    public static Dataset<Row> local(SparkSession spark, Dataset<Row> small) {
        return spark.createDataFrame(small.collectAsList(), small.schema());
    }

    /**
     * The landing files parsed, one task per file, as a DataFrame over {@link ParsedRows}' internal
     * rows. {@code internalCreateDataFrame} is Spark's own (package-private in Scala, so public in
     * the bytecode) way to a DataFrame without an encoder; it needs the classic (not Connect)
     * session, which is the only kind this program makes.
     */
    private static Dataset<Row> parse(SparkSession spark, Source source, List<String> fileUris, Context ctx) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var rows = jsc.parallelize(fileUris, Math.max(1, fileUris.size()))
                .flatMap(new ParsedRows(source, ctx.landingRoot(), ctx.today(), ctx.pseudonymiser()));
        return ((org.apache.spark.sql.classic.SparkSession) spark)
                .internalCreateDataFrame(rows.rdd(), ParsedRows.schema(source), false);
    }

    /**
     * Among the rows the parse accepted (no reason yet): same key with different values, every row
     * carrying the key is quarantined (conflict); same key, same values, the first row (by file,
     * line) is loaded and the others are duplicates. A source with no key (communications, aid) has
     * only exact duplicates. Keys are almost always unique, so the rows that may carry a repeated key
     * are found first among the values of one long, a 64-bit hash of the key ({@link #KEY_HASH}),
     * shuffled and sorted as primitives ({@link RepeatedHashes}), where a group-by over the key
     * strings themselves was about a quarter of the parse's time (JFR, session 5). Keys whose hash
     * is repeated are the candidates; the rows carrying them (few) are then grouped by the key
     * itself, so two different keys that share a hash are told apart there and the outcome is
     * exact whatever the hash does. That
     * second group-by keeps the count, the range of the rows' values (their digest's, or the values
     * themselves where the parse made no digest: {@link ParsedRows#digestsInParse}) and the first
     * (file, line), and its few rows are joined back, broadcast. Adds column {@code _duplicate}; sets the reason of conflicting rows.
     *
     * @param keyHash the first pass's hash of the key columns: {@link #KEY_HASH}; tests give a
     *     coarser one to show the outcome does not depend on it
     */
    static Dataset<Row> markConflictsAndDuplicates(SparkSession spark, Source source, Dataset<Row> parsed,
                                                   String repeatedPath, java.util.function.Function<Column[], Column> keyHash) {
        List<String> keyNames = new ArrayList<>();
        source.key().forEach(k -> keyNames.add(source.column(k).curatedName()));
        if (keyNames.isEmpty()) {
            keyNames.addAll(ParsedRows.ROW_HASH);
        }
        Column[] keys = keyNames.stream().map(functions::col).toArray(Column[]::new);
        Dataset<Row> accepted = parsed.filter(col(ParsedRows.REASON).isNull())
                .withColumn("_key_hash", keyHash.apply(keys));
        Dataset<Row> candidates = writeAndRead(spark, RepeatedHashes.of(accepted, "_key_hash"), repeatedPath + "/key_hashes");
        long candidateCount = candidates.count();
        boolean broadcastRepeated = candidateCount <= BROADCAST_REPEATED_KEYS;
        Dataset<Row> carrying = candidateCount == 0 ? accepted.limit(0)
                : accepted.join(maybeBroadcast(candidates, broadcastRepeated), "_key_hash", "left_semi");
        List<Column> perKey = new ArrayList<>(List.of(
                min(struct(col(ParsedRows.FILE), col(ParsedRows.LINE))).as("_first")));
        // A key's rows differ in value when the least and greatest of their values differ: the
        // digest's two longs, or where the parse made none (ParsedRows.digestsInParse) the values
        // themselves, as one struct compared null-safely (a null and a value are different values).
        List<String> valueColumns = ParsedRows.digestsInParse(source) ? ParsedRows.ROW_HASH
                : source.columns().stream().map(org.organisermetrics.contract.Column::curatedName).toList();
        Column values = struct(valueColumns.stream().map(functions::col).toArray(Column[]::new));
        perKey.add(min(values).as("_min_values"));
        perKey.add(max(values).as("_max_values"));
        Column differentValues = not(col("_min_values").eqNullSafe(col("_max_values")));
        List<Column> repeatedColumns = new ArrayList<>();
        Column sameKey = null;
        for (String k : keyNames) {
            repeatedColumns.add(col(k).as("_repeated_" + k));
            Column eq = col(k).equalTo(col("_repeated_" + k));
            sameKey = sameKey == null ? eq : sameKey.and(eq);
        }
        repeatedColumns.add(differentValues.as("_conflict"));
        repeatedColumns.add(col("_first").getField(ParsedRows.FILE).as("_first_file"));
        repeatedColumns.add(col("_first").getField(ParsedRows.LINE).as("_first_line"));
        Dataset<Row> repeated = maybeBroadcast(writeAndRead(spark, carrying.groupBy(keys)
                .agg(count(lit(1)).as("_rows"), perKey.toArray(Column[]::new))
                .filter(col("_rows").gt(1))
                .select(repeatedColumns.toArray(Column[]::new)), repeatedPath + "/first_rows"), broadcastRepeated);
        Column isAccepted = col(ParsedRows.REASON).isNull();
        Column conflict = isAccepted.and(coalesce(col("_conflict"), lit(false)));
        Column duplicate = isAccepted.and(not(coalesce(col("_conflict"), lit(true))))
                .and(not(col(ParsedRows.FILE).equalTo(col("_first_file")).and(col(ParsedRows.LINE).equalTo(col("_first_line")))));
        Dataset<Row> marked = parsed.join(repeated, sameKey, "left_outer")
                .withColumn("_duplicate", duplicate)
                .withColumn(ParsedRows.DETAIL, when(conflict,
                        lit("another row has the same " + String.join(", ", source.key()) + " with different values"))
                        .otherwise(col(ParsedRows.DETAIL)))
                .withColumn(ParsedRows.REASON, when(conflict, lit(Reason.CONFLICT.code())).otherwise(col(ParsedRows.REASON)));
        return marked.drop(repeated.columns());
    }

    /** The first pass's key hash: Spark's 64-bit xxHash of the key columns, a long that {@link RepeatedHashes} sorts as a primitive. */
    static final java.util.function.Function<Column[], Column> KEY_HASH = functions::xxhash64;

    private static Dataset<Row> maybeBroadcast(Dataset<Row> rows, boolean small) {
        return small ? broadcast(rows) : rows;
    }

    private static Dataset<Row> checkReferences(Source source, Dataset<Row> good, Context ctx) {
        for (org.organisermetrics.contract.Column c : source.columns()) {
            if (c.references() == null) {
                continue;
            }
            Source target = Source.byFolder(c.references()).orElseThrow();
            Reason reason = unknownReason(target);
            String name = c.curatedName();
            String ref = "_ref_" + name;
            Dataset<Row> keys = ctx.loadedKeys().get(target);
            good = good.join(broadcast(keys.withColumnRenamed(KEY, ref)), col(name).equalTo(col(ref)), "left_outer");
            Column unknown = col(ParsedRows.REASON).isNull().and(col(name).isNotNull()).and(col(ref).isNull());
            good = good
                    .withColumn(ParsedRows.DETAIL, when(unknown,
                            concat(lit(c.name() + " = "), col(name), lit(" is not in " + target.folder())))
                            .otherwise(col(ParsedRows.DETAIL)))
                    .withColumn(ParsedRows.REASON, when(unknown, lit(reason.code())).otherwise(col(ParsedRows.REASON)))
                    .drop(ref);
        }
        return good;
    }

    static Reason unknownReason(Source target) {
        return switch (target) {
            case SEATS -> Reason.UNKNOWN_SEAT;
            case WARDS -> Reason.UNKNOWN_WARD;
            case COURSES -> Reason.UNKNOWN_COURSE;
            case ELECTIONS -> Reason.UNKNOWN_ELECTION;
            case ORGANISERS -> Reason.UNKNOWN_ORGANISER;
            case VOLUNTEERS -> Reason.UNKNOWN_VOLUNTEER;
            default -> throw new IllegalArgumentException("no reference rule for " + target);
        };
    }

    /** area_code is a seat for general and by-elections, a ward for local elections, either for mayoral. */
    private static Dataset<Row> checkAreas(Dataset<Row> good, Context ctx) {
        Dataset<Row> seats = ctx.loadedKeys().get(Source.SEATS).withColumnRenamed(KEY, "_seat");
        Dataset<Row> wards = ctx.loadedKeys().get(Source.WARDS).withColumnRenamed(KEY, "_ward");
        Dataset<Row> types = ctx.electionTypes().withColumnRenamed("election_id", "_election");
        Dataset<Row> joined = good
                .join(broadcast(types), col("election_id").equalTo(col("_election")), "left_outer")
                .join(broadcast(seats), col("area_code").equalTo(col("_seat")), "left_outer")
                .join(broadcast(wards), col("area_code").equalTo(col("_ward")), "left_outer");
        Column isSeat = col("_seat").isNotNull();
        Column isWard = col("_ward").isNotNull();
        Column type = col("election_type");
        Column known = when(type.isin(Codes.GENERAL, Codes.BY_ELECTION), isSeat)
                .when(type.equalTo(Codes.LOCAL), isWard)
                .otherwise(isSeat.or(isWard));
        Column unknown = col(ParsedRows.REASON).isNull().and(not(known));
        return joined
                .withColumn(ParsedRows.DETAIL, when(unknown, concat(lit("area_code = "), col("area_code"),
                        lit(" is not a "), when(type.equalTo(Codes.LOCAL), lit("ward")).otherwise(lit("seat")),
                        lit(" for a "), coalesce(type, lit("?")), lit(" election"))).otherwise(col(ParsedRows.DETAIL)))
                .withColumn(ParsedRows.REASON, when(unknown, lit(Reason.UNKNOWN_AREA.code())).otherwise(col(ParsedRows.REASON)))
                .drop("_election", "election_type", "_seat", "_ward");
    }

    /** The votes of an area, summed over parties, never exceed its electorate: else the whole area is quarantined. */
    private static Dataset<Row> checkVotesWithinElectorate(Dataset<Row> good) {
        WindowSpec area = Window.partitionBy(col("election_id"), col("area_code"));
        Column ok = col(ParsedRows.REASON).isNull().and(not(col("_duplicate")));
        Column total = sum(when(ok, col("votes"))).over(area);
        Column electorate = max(when(ok, col("electorate"))).over(area);
        Column exceeds = col(ParsedRows.REASON).isNull().and(total.gt(electorate));
        return good
                .withColumn("_exceeds", exceeds)
                .withColumn(ParsedRows.DETAIL, when(col("_exceeds"), concat(lit("votes in the area sum to "),
                        total.cast("string"), lit(", more than the electorate "), electorate.cast("string"))).otherwise(col(ParsedRows.DETAIL)))
                .withColumn(ParsedRows.REASON, when(col("_exceeds"), lit(Reason.VOTES_EXCEED_ELECTORATE.code()))
                        .otherwise(col(ParsedRows.REASON)))
                .drop("_exceeds");
    }

    private static Dataset<Row> withStatus(Source source, Dataset<Row> all, Context ctx) {
        Column outside = lit(false);
        if (source.kind() == Source.Kind.FACT) {
            all = all.withColumn(MONTH, trunc(col(source.dateColumn()), "MM"));
            outside = col(MONTH).lt(lit(ctx.fromMonth())).or(col(MONTH).gt(lit(ctx.toMonth())));
        }
        return all.withColumn(STATUS,
                when(col(ParsedRows.REASON).isNotNull(), lit(QUARANTINED))
                        .when(col("_duplicate"), lit(DUPLICATE))
                        .when(outside, lit(OUTSIDE_PERIOD))
                        .otherwise(lit(LOADED)))
                .drop("_duplicate");
    }
}
