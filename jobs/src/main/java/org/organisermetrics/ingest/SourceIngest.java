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
import org.organisermetrics.contract.Warning;
import org.organisermetrics.privacy.Pseudonymiser;

/**
 * One source through the contract's cross-row rules, after {@link ParsedRows} has applied the
 * row rules: conflicts, exact duplicates, references to loaded keys, results' areas and votes,
 * and the run's period. Every row leaves with one status (column {@link #STATUS}):
 * loaded, duplicate, quarantined (with a reason) or outside_period (a fact dated outside the
 * months this run covers: it waits for its own month's run); a loaded row may also carry
 * warnings (column {@link #WARNING}), counted but never a reason not to load.
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
     * The {@link Warning} codes of a row (comma-separated; null for none): counted in data_quality
     * for the loaded rows, never a reason not to load.
     */
    public static final String WARNING = "_warning";
    /**
     * Sources whose loaded keys are too many to collect and broadcast (the register: 48 million
     * electors nationally): their keys are written to the scratch, and a reference to them is checked
     * by a join of the distinct values named against those keys ({@link #checkReferences}).
     */
    static final java.util.Set<Source> LARGE_REFERENCES = java.util.EnumSet.of(Source.ELECTORS);

    /**
     * What a run needs to check one source: keys loaded so far, the period, the secret, and a
     * scratch folder (restricted: parsed rows keep identity keys and bad rows' raw records) where
     * each source's parsed and checked rows are written once and read back by every later step.
     */
    public record Context(String landingRoot, LocalDate today, Pseudonymiser pseudonymiser,
                          LocalDate fromMonth, LocalDate toMonth,
                          Map<Source, Dataset<Row>> loadedKeys, Dataset<Row> electionTypes, String scratch,
                          long broadcastExceptions, ExportReading exports) {}

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
     * they do not load as they are (quarantined, duplicate, or loaded with a {@link #WARNING}: few) to
     * {@code <scratch>/<source>/exceptions}. What the caller gets is the parsed rows with those
     * joined back (broadcast) and the period applied: every later step (counts, curated, quarantine,
     * keys) reads the parsed Parquet once more, and nothing is cached or written twice. With no
     * exception at all there is nothing to join back and the parsed rows are used as they are. When the
     * exceptions are too many to broadcast (a file loaded twice, a referenced source missing), the
     * rows with their status are written out whole instead ({@code <scratch>/<source>/rows}).
     *
     * @param extraParsedRows rows in {@link ParsedRows#schema(Source)} that go through the same
     *     cross-row rules: the elections and results rows of official results files (OfficialResults)
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
        checked = checkReferences(spark, source, checked, ctx, folder);
        if (source == Source.ELECTORS) {
            checked = countUnknownFranchiseMarkers(checked);
        }
        if (source == Source.RESULTS) {
            checked = checkAreas(checked, ctx);
            checked = checkVotesWithinElectorate(checked);
        }
        Dataset<Row> exceptions = writeAndRead(spark, checked
                .filter(col(ParsedRows.REASON).isNotNull().or(col("_duplicate")).or(col(WARNING).isNotNull()))
                .select(col(ParsedRows.FILE).as("_exception_file"), col(ParsedRows.LINE).as("_exception_line"),
                        col(ParsedRows.REASON).as("_exception_reason"), col(ParsedRows.DETAIL).as("_exception_detail"),
                        col("_duplicate").as("_exception_duplicate"), col(WARNING).as("_exception_warning")),
                folder + "/exceptions");
        long exceptionCount = exceptions.count();
        if (exceptionCount == 0) {
            // Every row passed every rule (a clean export, the usual month): nothing to join back, so no
            // later read probes the join, and the curated write no longer reads _file and _line.
            return new Checked(withStatus(source, parsed.withColumn("_duplicate", lit(false))
                    .withColumn(WARNING, lit(null).cast("string")), ctx), rowsParsed);
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
                .withColumn(WARNING, when(excepted, col("_exception_warning")).otherwise(lit(null).cast("string")))
                .drop(exceptions.columns());
        return new Checked(withStatus(source, rows, ctx), rowsParsed);
    }

    /**
     * Scratch tables: written once, fast to write, read back with the schema they were written with.
     * They are read back once or twice by this program and never queried, so they carry none of what
     * serves a query engine: snappy, no dictionaries, no min/max or size statistics and no page
     * checksums (building and comparing them is work nothing here reads).
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

    /**
     * The distinct key values of a referenced source's loaded rows (single-column sources only): a
     * {@link #local} table, or for {@link #LARGE_REFERENCES} a table written once to
     * {@code <scratch>/<source>/loaded_keys} and read by each source that refers to it.
     */
    public static Dataset<Row> loadedKeys(SparkSession spark, Source source, Dataset<Row> all, String scratch) {
        String keyColumn = source.column(source.key().get(0)).curatedName();
        Dataset<Row> keys = all.filter(col(STATUS).isin(LOADED, OUTSIDE_PERIOD)).select(col(keyColumn).as(KEY));
        if (LARGE_REFERENCES.contains(source)) {
            return writeAndRead(spark, keys, scratch + "/" + source.folder() + "/loaded_keys");
        }
        return local(spark, keys.distinct());
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
                .flatMap(new ParsedRows(source, ctx.landingRoot(), ctx.today(), ctx.pseudonymiser(), ctx.exports()));
        return ((org.apache.spark.sql.classic.SparkSession) spark)
                .internalCreateDataFrame(rows.rdd(), ParsedRows.schema(source), false);
    }

    /**
     * Among the rows the parse accepted (no reason yet), rows that share a key. Same key, same
     * values: one row is loaded and the others are duplicates (a drop exported twice). Same key,
     * different values: the row of the last file (files in name order), and within it the last line,
     * is kept, as exports are cumulative and the latest carries the correction; the rows whose values
     * differ from it are quarantined (conflict, naming the row kept) and those equal to it are
     * duplicates. The kept row is loaded with warning {@code conflict_kept}, so the key still
     * resolves for the rows that refer to it (a volunteer's activities and contacts). A source with
     * no key (communications, aid) cannot tell a copy from a second real event: see {@link #markRepeats}.
     *
     * <p>Keys are almost always unique, so the rows that may carry a repeated key
     * are found first among the values of one long, a 64-bit hash of the key ({@link #KEY_HASH}),
     * shuffled and sorted as primitives ({@link RepeatedHashes}), where a group-by over the key
     * strings themselves hashes and compares every key string twice. Keys whose hash
     * is repeated are the candidates; the rows carrying them (few) are then grouped by the key
     * itself, so two different keys that share a hash are told apart there and the outcome is
     * exact whatever the hash does. That
     * second group-by keeps the count, the range of the rows' values (their digest's, or the values
     * themselves where the parse made no digest: {@link ParsedRows#digestsInParse}) and the last
     * (file, line) with its values, and its few rows are joined back, broadcast. Adds columns
     * {@code _duplicate} and {@link #WARNING}; sets the reason of conflicting rows.
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
        if (source.key().isEmpty()) {
            return markRepeats(spark, parsed, carrying.drop("_key_hash"), repeatedPath, broadcastRepeated);
        }
        // A key's rows differ in value when the least and greatest of their values differ: the
        // digest's two longs, or where the parse made none (ParsedRows.digestsInParse) the values
        // themselves, as one struct compared null-safely (a null and a value are different values).
        List<String> valueColumns = ParsedRows.digestsInParse(source) ? ParsedRows.ROW_HASH
                : source.columns().stream().map(org.organisermetrics.contract.Column::curatedName).toList();
        Column values = struct(valueColumns.stream().map(functions::col).toArray(Column[]::new));
        List<Column> perKey = new ArrayList<>(List.of(
                max(struct(col(ParsedRows.FILE), col(ParsedRows.LINE), values.as("_values"))).as("_last"),
                min(values).as("_min_values"),
                max(values).as("_max_values")));
        Column differentValues = not(col("_min_values").eqNullSafe(col("_max_values")));
        List<Column> repeatedColumns = new ArrayList<>();
        Column sameKey = null;
        for (String k : keyNames) {
            repeatedColumns.add(col(k).as("_repeated_" + k));
            Column eq = col(k).equalTo(col("_repeated_" + k));
            sameKey = sameKey == null ? eq : sameKey.and(eq);
        }
        repeatedColumns.add(differentValues.as("_conflict"));
        repeatedColumns.add(col("_last").getField(ParsedRows.FILE).as("_kept_file"));
        repeatedColumns.add(col("_last").getField(ParsedRows.LINE).as("_kept_line"));
        repeatedColumns.add(col("_last").getField("_values").as("_kept_values"));
        Dataset<Row> repeated = maybeBroadcast(writeAndRead(spark, carrying.groupBy(keys)
                .agg(count(lit(1)).as("_rows"), perKey.toArray(Column[]::new))
                .filter(col("_rows").gt(1))
                .select(repeatedColumns.toArray(Column[]::new)), repeatedPath + "/kept_rows"), broadcastRepeated);
        // Rows of a repeated key (the join found one: _kept_line is set) that the parse accepted.
        Column repeatedKey = col(ParsedRows.REASON).isNull().and(col("_kept_line").isNotNull());
        Column isKept = col(ParsedRows.FILE).equalTo(col("_kept_file")).and(col(ParsedRows.LINE).equalTo(col("_kept_line")));
        Column sameAsKept = values.eqNullSafe(col("_kept_values"));
        Column conflict = repeatedKey.and(not(sameAsKept));
        Column duplicate = repeatedKey.and(sameAsKept).and(not(isKept));
        Column keptOverConflict = repeatedKey.and(isKept).and(col("_conflict"));
        Dataset<Row> marked = parsed.join(repeated, sameKey, "left_outer")
                .withColumn("_duplicate", coalesce(duplicate, lit(false)))
                .withColumn(WARNING, when(coalesce(keptOverConflict, lit(false)), lit(Warning.CONFLICT_KEPT.code()))
                        .otherwise(lit(null).cast("string")))
                .withColumn(ParsedRows.DETAIL, when(coalesce(conflict, lit(false)),
                        concat(lit("another row has the same " + String.join(", ", source.key())
                                + " with different values; the row kept is the last, "), col("_kept_file"), lit(":"),
                                col("_kept_line").cast("string")))
                        .otherwise(col(ParsedRows.DETAIL)))
                .withColumn(ParsedRows.REASON, when(coalesce(conflict, lit(false)), lit(Reason.CONFLICT.code()))
                        .otherwise(col(ParsedRows.REASON)));
        return marked.drop(repeated.columns());
    }

    /**
     * A source with no key (communications, aid): an exact copy of a row cannot be told from a second
     * real event (two equal gifts the same day) by the row alone, so the file decides. Rows identical
     * within one file are separate events: each is loaded, and every one after the first is counted
     * as {@code repeated_row}. The same row in another file is a copy (the drop exported twice, or a
     * cumulative export): the n-th occurrence in a file is loaded only in the first file (in name
     * order) that has an n-th occurrence, and is a duplicate in every other. So a file holding a gift
     * twice loads two gifts, and that file landed twice still loads two.
     *
     * @param carrying the accepted rows whose digest may repeat (few), each with its digest
     */
    private static Dataset<Row> markRepeats(SparkSession spark, Dataset<Row> parsed, Dataset<Row> carrying,
                                            String repeatedPath, boolean broadcastRepeated) {
        Column[] digest = ParsedRows.ROW_HASH.stream().map(functions::col).toArray(Column[]::new);
        Column[] digestAndFile = java.util.stream.Stream.concat(java.util.Arrays.stream(digest),
                java.util.stream.Stream.of(col(ParsedRows.FILE))).toArray(Column[]::new);
        Column[] digestAndOrdinal = java.util.stream.Stream.concat(java.util.Arrays.stream(digest),
                java.util.stream.Stream.of(col("_ordinal"))).toArray(Column[]::new);
        Column here = struct(col(ParsedRows.FILE), col(ParsedRows.LINE));
        Dataset<Row> flags = carrying
                .withColumn("_ordinal", row_number().over(Window.partitionBy(digestAndFile).orderBy(col(ParsedRows.LINE))))
                .withColumn("_loaded_at", min(here).over(Window.partitionBy(digestAndOrdinal)))
                .select(col(ParsedRows.FILE).as("_repeat_file"), col(ParsedRows.LINE).as("_repeat_line"),
                        not(here.equalTo(col("_loaded_at"))).as("_repeat_duplicate"),
                        here.equalTo(col("_loaded_at")).and(col("_ordinal").gt(1)).as("_repeat_counted"))
                .filter(col("_repeat_duplicate").or(col("_repeat_counted")));
        Dataset<Row> repeated = maybeBroadcast(writeAndRead(spark, flags, repeatedPath + "/repeated_rows"), broadcastRepeated);
        Dataset<Row> marked = parsed.join(repeated, col(ParsedRows.FILE).equalTo(col("_repeat_file"))
                        .and(col(ParsedRows.LINE).equalTo(col("_repeat_line"))), "left_outer")
                .withColumn("_duplicate", coalesce(col("_repeat_duplicate"), lit(false)))
                .withColumn(WARNING, when(coalesce(col("_repeat_counted"), lit(false)), lit(Warning.REPEATED_ROW.code()))
                        .otherwise(lit(null).cast("string")));
        return marked.drop(repeated.columns());
    }

    /** The first pass's key hash: Spark's 64-bit xxHash of the key columns, a long that {@link RepeatedHashes} sorts as a primitive. */
    static final java.util.function.Function<Column[], Column> KEY_HASH = functions::xxhash64;

    private static Dataset<Row> maybeBroadcast(Dataset<Row> rows, boolean small) {
        return small ? broadcast(rows) : rows;
    }

    /**
     * Each value of a referring column must be a loaded key of the source it names. A value that is
     * not: the row is quarantined with the reference's reason, or, for a column the contract marks
     * {@link org.organisermetrics.contract.Column#referencesCounted} (people absent from the register
     * or the members list), loaded with the reference's {@link Warning}. Keys of small sources are
     * broadcast; for {@link #LARGE_REFERENCES} the distinct values the rows name are joined against
     * the keys (a shuffle of keys alone, never of the rows), and only the values found missing
     * (written to {@code <folder>/unknown_<column>}, few) are joined back.
     */
    private static Dataset<Row> checkReferences(SparkSession spark, Source source, Dataset<Row> good, Context ctx,
                                                String folder) {
        for (org.organisermetrics.contract.Column c : source.columns()) {
            if (c.references() == null) {
                continue;
            }
            Source target = Source.byFolder(c.references()).orElseThrow();
            String name = c.curatedName();
            String ref = "_ref_" + name;
            Dataset<Row> keys = ctx.loadedKeys().get(target);
            Column unknown;
            if (LARGE_REFERENCES.contains(target)) {
                Dataset<Row> named = good.filter(col(ParsedRows.REASON).isNull().and(col(name).isNotNull()))
                        .select(col(name).as(ref)).distinct();
                Dataset<Row> missing = writeAndRead(spark, named.join(keys, col(ref).equalTo(col(KEY)), "left_anti"),
                        folder + "/unknown_" + name);
                good = good.join(maybeBroadcast(missing, missing.count() <= BROADCAST_REPEATED_KEYS),
                        col(name).equalTo(col(ref)), "left_outer");
                unknown = col(ParsedRows.REASON).isNull().and(col(ref).isNotNull());
            } else {
                good = good.join(broadcast(keys.withColumnRenamed(KEY, ref)), col(name).equalTo(col(ref)), "left_outer");
                unknown = col(ParsedRows.REASON).isNull().and(col(name).isNotNull()).and(col(ref).isNull());
            }
            if (c.unknownReferenceLoads()) {
                Column code = lit(Warning.unknownReference(target).code());
                good = good.withColumn(WARNING, when(unknown, when(col(WARNING).isNull(), code)
                                .otherwise(concat(col(WARNING), lit(","), code)))
                        .otherwise(col(WARNING)));
            } else {
                good = good
                        .withColumn(ParsedRows.DETAIL, when(unknown,
                                concat(lit(c.name() + " = "), col(name), lit(" is not in " + target.folder())))
                                .otherwise(col(ParsedRows.DETAIL)))
                        .withColumn(ParsedRows.REASON, when(unknown, lit(unknownReason(target).code()))
                                .otherwise(col(ParsedRows.REASON)));
            }
            good = good.drop(ref);
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
            case ELECTORS -> Reason.UNKNOWN_ELECTOR;
            default -> throw new IllegalArgumentException("no reference rule for " + target);
        };
    }

    /**
     * electors: a franchise holding a marker {@link org.organisermetrics.contract.Franchise} does not
     * know loads (the elector is on the register) and is counted as unknown_franchise_marker.
     */
    private static Dataset<Row> countUnknownFranchiseMarkers(Dataset<Row> good) {
        Column unknown = col(ParsedRows.REASON).isNull()
                .and(coalesce(upper(col("franchise")).rlike(org.organisermetrics.contract.Franchise.unknownPattern()), lit(false)));
        Column code = lit(Warning.UNKNOWN_FRANCHISE_MARKER.code());
        return good.withColumn(WARNING, when(unknown, when(col(WARNING).isNull(), code)
                        .otherwise(concat(col(WARNING), lit(","), code)))
                .otherwise(col(WARNING)));
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
