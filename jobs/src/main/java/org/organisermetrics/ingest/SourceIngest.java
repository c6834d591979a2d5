package org.organisermetrics.ingest;

import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.organisermetrics.contract.Codes;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;
import org.organisermetrics.contract.Warning;
import org.organisermetrics.ingest.execution.Execution;
import org.organisermetrics.privacy.Pseudonymiser;

/**
 * One source through the contract's cross-row rules, after {@link ParsedRows} has applied the
 * row rules: conflicts, exact duplicates, references to loaded keys, results' areas and votes,
 * and the run's period. Every row leaves with one status (column {@link #STATUS}):
 * loaded, duplicate, quarantined (with a reason) or outside_period (a fact dated outside the
 * months this run covers: it waits for its own month's run); a loaded row may also carry
 * warnings (column {@link #WARNING}), counted but never a reason not to load.
 *
 * <p>The rules are written against an {@link Execution}, which decides how they run over many rows
 * (where rows are kept between steps, what is broadcast); they do not depend on it.
 */
public final class SourceIngest {
    public static final String STATUS = "_status";
    public static final String LOADED = "loaded";
    public static final String DUPLICATE = "duplicate";
    public static final String QUARANTINED = "quarantined";
    public static final String OUTSIDE_PERIOD = "outside_period";
    /** The month a fact row belongs to (first day of the month), its partition in curated/. */
    public static final String MONTH = "month";
    /**
     * The {@link Warning} codes of a row (comma-separated; null for none): counted in data_quality
     * for the loaded rows, never a reason not to load.
     */
    public static final String WARNING = "_warning";
    /** Whether a row the parse accepted is a copy of another: column of the checked rows until {@link #withStatus}. */
    static final String DUPLICATE_FLAG = "_duplicate";

    /** What a run needs to check one source: keys loaded so far, the period, the secret, and the execution. */
    public record Context(String landingRoot, LocalDate today, Pseudonymiser pseudonymiser,
                          LocalDate fromMonth, LocalDate toMonth,
                          Map<Source, Dataset<Row>> loadedKeys, Dataset<Row> electionTypes,
                          ExportReading exports, Execution execution) {}

    /** A source's rows with their status, and how many rows the parse produced. */
    public record Checked(Dataset<Row> rows, long rowsParsed) {}

    private SourceIngest() {}

    /**
     * All rows of the source with their status: the landing files parsed (row rules), then each
     * cross-row rule in turn, then the period.
     *
     * @param extraParsedRows rows in {@link ParsedRows#schema(Source)} that go through the same
     *     cross-row rules: the elections and results rows of official results files (OfficialResults)
     */
    public static Checked ingest(Source source, List<String> fileUris, Context ctx, Dataset<Row> extraParsedRows) {
        Execution execution = ctx.execution();
        String table = source.folder();
        Execution.Parsed parse = execution.parse(table + "/parsed", fileUris,
                new ParsedRows(source, ctx.landingRoot(), ctx.today(), ctx.pseudonymiser(), ctx.exports()),
                ParsedRows.schema(source), extraParsedRows);
        Dataset<Row> parsed = parse.rows();
        long rowsParsed = parse.count();
        Dataset<Row> checked = markRepeats(source, parsed, execution);
        checked = checkReferences(source, checked, ctx);
        if (source == Source.ELECTORS) {
            checked = countUnknownFranchiseMarkers(checked);
        }
        if (source == Source.RESULTS) {
            checked = checkAreas(checked, ctx);
            checked = checkVotesWithinElectorate(checked);
        }
        // A row the rules left alone keeps the parse's reason and detail, is no duplicate and has no warning.
        Column changed = col(ParsedRows.REASON).isNotNull().or(col(DUPLICATE_FLAG)).or(col(WARNING).isNotNull());
        Map<String, Column> unchanged = new LinkedHashMap<>();
        unchanged.put(ParsedRows.REASON, col(ParsedRows.REASON));
        unchanged.put(ParsedRows.DETAIL, col(ParsedRows.DETAIL));
        unchanged.put(DUPLICATE_FLAG, lit(false));
        unchanged.put(WARNING, lit(null).cast("string"));
        Dataset<Row> rows = execution.checked(table, parsed, checked, List.of(ParsedRows.FILE, ParsedRows.LINE), changed,
                unchanged, all -> withStatus(source, all, ctx));
        return new Checked(rows, rowsParsed);
    }

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

    /** The key values of a referenced source's loaded rows (single-column sources only), as {@link Execution#KEY}. */
    public static Dataset<Row> loadedKeys(Source source, Dataset<Row> all, Execution execution) {
        String keyColumn = source.column(source.key().get(0)).curatedName();
        Dataset<Row> keys = all.filter(col(STATUS).isin(LOADED, OUTSIDE_PERIOD)).select(col(keyColumn).as(Execution.KEY));
        return execution.lookupKeys(source.folder() + "/loaded_keys", source, keys);
    }

    /** Rows that repeat: by their key ({@link #markConflictsAndDuplicates}), or by their values for a source with no key ({@link #markRepeatedRows}). */
    static Dataset<Row> markRepeats(Source source, Dataset<Row> parsed, Execution execution) {
        return source.key().isEmpty() ? markRepeatedRows(source, parsed, execution)
                : markConflictsAndDuplicates(source, parsed, execution);
    }

    /**
     * A source with a key: among the rows the parse accepted (no reason yet), rows that share a key.
     * Same key, same values: one row is loaded and the others are duplicates (a drop exported twice).
     * Same key, different values: the row of the last file (files in name order), and within it the
     * last line, is kept, as exports are cumulative and the latest carries the correction; the rows
     * whose values differ from it are quarantined (conflict, naming the row kept) and those equal to it
     * are duplicates. The kept row is loaded with warning {@code conflict_kept}, so the key still
     * resolves for the rows that refer to it (a volunteer's activities and contacts). Adds columns
     * {@link #DUPLICATE_FLAG} and {@link #WARNING}; sets the reason of conflicting rows.
     *
     * <p>A row's values are its digest where the parse made one ({@link ParsedRows#digestsInParse}),
     * else the values themselves, compared null-safely (a null and a value are different values).
     */
    private static Dataset<Row> markConflictsAndDuplicates(Source source, Dataset<Row> parsed, Execution execution) {
        List<String> keyNames = source.key().stream().map(k -> source.column(k).curatedName()).toList();
        Column[] keys = keyNames.stream().map(functions::col).toArray(Column[]::new);
        List<String> valueColumns = ParsedRows.digestsInParse(source) ? ParsedRows.ROW_HASH
                : source.columns().stream().map(org.organisermetrics.contract.Column::curatedName).toList();
        Column values = struct(valueColumns.stream().map(functions::col).toArray(Column[]::new));
        String table = source.folder() + "/repeated_keys";

        // Find repeated keys: per key, how many rows, the last row (file, line) with its values, and
        // whether all its rows have the same values (their least and greatest are equal).
        Dataset<Row> accepted = parsed.filter(col(ParsedRows.REASON).isNull());
        Dataset<Row> mayRepeat = execution.rowsThatMayRepeat(table, accepted, keyNames);
        List<Column> perKey = new ArrayList<>();
        for (String k : keyNames) {
            perKey.add(col(k).as("_repeated_" + k));
        }
        perKey.add(not(col("_min_values").eqNullSafe(col("_max_values"))).as("_conflict"));
        perKey.add(col("_last").getField(ParsedRows.FILE).as("_kept_file"));
        perKey.add(col("_last").getField(ParsedRows.LINE).as("_kept_line"));
        perKey.add(col("_last").getField("_values").as("_kept_values"));
        Dataset<Row> repeatedKeys = execution.few(table + "/kept_rows", mayRepeat.groupBy(keys)
                .agg(count(lit(1)).as("_rows"),
                        max(struct(col(ParsedRows.FILE), col(ParsedRows.LINE), values.as("_values"))).as("_last"),
                        min(values).as("_min_values"),
                        max(values).as("_max_values"))
                .filter(col("_rows").gt(1))
                .select(perKey.toArray(Column[]::new)));

        Column sameKey = null;
        for (String k : keyNames) {
            Column eq = col(k).equalTo(col("_repeated_" + k));
            sameKey = sameKey == null ? eq : sameKey.and(eq);
        }
        Column repeatedKey = col(ParsedRows.REASON).isNull().and(col("_kept_line").isNotNull());
        Column isKept = col(ParsedRows.FILE).equalTo(col("_kept_file")).and(col(ParsedRows.LINE).equalTo(col("_kept_line")));
        Column sameAsKept = values.eqNullSafe(col("_kept_values"));
        // Same key, same values as the kept row -> duplicate; the kept row is loaded.
        Column duplicate = coalesce(repeatedKey.and(sameAsKept).and(not(isKept)), lit(false));
        // Same key, different values -> conflict: quarantined, naming the row kept.
        Column conflict = coalesce(repeatedKey.and(not(sameAsKept)), lit(false));
        // The kept row of a key whose rows differ is loaded, with a warning.
        Column keptOverConflict = coalesce(repeatedKey.and(isKept).and(col("_conflict")), lit(false));
        Dataset<Row> marked = parsed.join(repeatedKeys, sameKey, "left_outer")
                .withColumn(DUPLICATE_FLAG, duplicate)
                .withColumn(WARNING, when(keptOverConflict, lit(Warning.CONFLICT_KEPT.code())).otherwise(lit(null).cast("string")))
                .withColumn(ParsedRows.DETAIL, when(conflict,
                        concat(lit("another row has the same " + String.join(", ", source.key())
                                + " with different values; the row kept is the last, "), col("_kept_file"), lit(":"),
                                col("_kept_line").cast("string")))
                        .otherwise(col(ParsedRows.DETAIL)))
                .withColumn(ParsedRows.REASON, when(conflict, lit(Reason.CONFLICT.code())).otherwise(col(ParsedRows.REASON)));
        return marked.drop(repeatedKeys.columns());
    }

    /**
     * A source with no key (communications, aid): an exact copy of a row cannot be told from a second
     * real event (two equal gifts the same day) by the row alone, so the file decides. Rows identical
     * (same digest) within one file are separate events: each is loaded, and every one after the first
     * is counted as {@code repeated_row}. The same row in another file is a copy (the drop exported
     * twice, or a cumulative export): the n-th occurrence in a file is loaded only in the first file
     * (in name order) that has an n-th occurrence, and is a duplicate in every other. So a file holding
     * a gift twice loads two gifts, and that file landed twice still loads two.
     */
    private static Dataset<Row> markRepeatedRows(Source source, Dataset<Row> parsed, Execution execution) {
        Column[] digest = ParsedRows.ROW_HASH.stream().map(functions::col).toArray(Column[]::new);
        Column[] digestAndFile = java.util.stream.Stream.concat(java.util.Arrays.stream(digest),
                java.util.stream.Stream.of(col(ParsedRows.FILE))).toArray(Column[]::new);
        Column[] digestAndOrdinal = java.util.stream.Stream.concat(java.util.Arrays.stream(digest),
                java.util.stream.Stream.of(col("_ordinal"))).toArray(Column[]::new);
        String table = source.folder() + "/repeated_keys";
        Dataset<Row> accepted = parsed.filter(col(ParsedRows.REASON).isNull());
        Dataset<Row> mayRepeat = execution.rowsThatMayRepeat(table, accepted, ParsedRows.ROW_HASH);
        Column here = struct(col(ParsedRows.FILE), col(ParsedRows.LINE));
        Dataset<Row> repeats = execution.few(table + "/repeated_rows", mayRepeat
                .withColumn("_ordinal", row_number().over(Window.partitionBy(digestAndFile).orderBy(col(ParsedRows.LINE))))
                .withColumn("_loaded_at", min(here).over(Window.partitionBy(digestAndOrdinal)))
                .select(col(ParsedRows.FILE).as("_repeat_file"), col(ParsedRows.LINE).as("_repeat_line"),
                        not(here.equalTo(col("_loaded_at"))).as("_repeat_duplicate"),
                        here.equalTo(col("_loaded_at")).and(col("_ordinal").gt(1)).as("_repeat_counted"))
                .filter(col("_repeat_duplicate").or(col("_repeat_counted"))));
        Dataset<Row> marked = parsed.join(repeats, col(ParsedRows.FILE).equalTo(col("_repeat_file"))
                        .and(col(ParsedRows.LINE).equalTo(col("_repeat_line"))), "left_outer")
                .withColumn(DUPLICATE_FLAG, coalesce(col("_repeat_duplicate"), lit(false)))
                .withColumn(WARNING, when(coalesce(col("_repeat_counted"), lit(false)), lit(Warning.REPEATED_ROW.code()))
                        .otherwise(lit(null).cast("string")));
        return marked.drop(repeats.columns());
    }

    /**
     * Each value of a referring column must be a loaded key of the source it names. A value that is
     * not: the row is quarantined with the reference's reason, or, for a column the contract marks
     * {@link org.organisermetrics.contract.Column#referencesCounted} (people absent from the register
     * or the members list), loaded with the reference's {@link Warning}.
     */
    private static Dataset<Row> checkReferences(Source source, Dataset<Row> good, Context ctx) {
        for (org.organisermetrics.contract.Column c : source.columns()) {
            if (c.references() == null) {
                continue;
            }
            Source target = Source.byFolder(c.references()).orElseThrow();
            String name = c.curatedName();
            good = ctx.execution().flagUnknown(source.folder() + "/unknown_" + name, good, col(ParsedRows.REASON).isNull(),
                    name, target, ctx.loadedKeys().get(target), "_unknown");
            Column unknown = col("_unknown");
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
            good = good.drop("_unknown");
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
        Dataset<Row> seats = ctx.loadedKeys().get(Source.SEATS).withColumnRenamed(Execution.KEY, "_seat");
        Dataset<Row> wards = ctx.loadedKeys().get(Source.WARDS).withColumnRenamed(Execution.KEY, "_ward");
        Dataset<Row> types = ctx.electionTypes().withColumnRenamed("election_id", "_election");
        Dataset<Row> joined = good
                .join(types, col("election_id").equalTo(col("_election")), "left_outer")
                .join(seats, col("area_code").equalTo(col("_seat")), "left_outer")
                .join(wards, col("area_code").equalTo(col("_ward")), "left_outer");
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
        Column ok = col(ParsedRows.REASON).isNull().and(not(col(DUPLICATE_FLAG)));
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
                        .when(col(DUPLICATE_FLAG), lit(DUPLICATE))
                        .when(outside, lit(OUTSIDE_PERIOD))
                        .otherwise(lit(LOADED)))
                .drop(DUPLICATE_FLAG);
    }
}
