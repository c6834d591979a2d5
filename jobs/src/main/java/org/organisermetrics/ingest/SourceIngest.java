package org.organisermetrics.ingest;

import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
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

    /** What a run needs to check one source: keys loaded so far, the period, the secret. */
    public record Context(String landingRoot, LocalDate today, Pseudonymiser pseudonymiser,
                          LocalDate fromMonth, LocalDate toMonth,
                          Map<Source, Dataset<Row>> loadedKeys, Dataset<Row> electionTypes) {}

    private SourceIngest() {}

    /** All rows of the source with their status, persisted; the caller unpersists. */
    public static Dataset<Row> ingest(SparkSession spark, Source source, List<String> fileUris, Context ctx) {
        return ingest(spark, source, fileUris, ctx, null);
    }

    /**
     * As above, with extra parsed rows (in {@link ParsedRows#schema(Source)}) that go through the same
     * cross-row rules: the elections and results rows of official results files (ingest/official).
     */
    public static Dataset<Row> ingest(SparkSession spark, Source source, List<String> fileUris, Context ctx,
                                      Dataset<Row> extraParsedRows) {
        Dataset<Row> parsed = parse(spark, source, fileUris, ctx);
        if (extraParsedRows != null) {
            parsed = parsed.unionByName(extraParsedRows);
        }
        Dataset<Row> bad = parsed.filter(col(ParsedRows.REASON).isNotNull());
        Dataset<Row> good = markConflictsAndDuplicates(source, parsed.filter(col(ParsedRows.REASON).isNull()));
        good = checkReferences(source, good, ctx);
        if (source == Source.RESULTS) {
            good = checkAreas(good, ctx);
            good = checkVotesWithinElectorate(good);
        }
        Dataset<Row> all = good.unionByName(bad.withColumn("_duplicate", lit(false)), true);
        all = withStatus(source, all, ctx);
        return all.persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** The distinct key values of a referenced source's loaded rows (single-column sources only). */
    public static Dataset<Row> loadedKeys(Source source, Dataset<Row> all) {
        String keyColumn = source.column(source.key().get(0)).curatedName();
        return all.filter(col(STATUS).isin(LOADED, OUTSIDE_PERIOD))
                .select(col(keyColumn).as(KEY)).distinct();
    }

    private static Dataset<Row> parse(SparkSession spark, Source source, List<String> fileUris, Context ctx) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var files = jsc.parallelize(fileUris, Math.max(1, fileUris.size()));
        return spark.createDataset(files.rdd(), Encoders.STRING())
                .flatMap(new ParsedRows(source, ctx.landingRoot(), ctx.today(), ctx.pseudonymiser()),
                        Encoders.row(ParsedRows.schema(source)));
    }

    /**
     * Same key with different values: every row carrying the key is quarantined (conflict).
     * Same key, same values: the first row (by file, line) is loaded, the others are duplicates.
     * A source with no key (communications, aid) has only exact duplicates.
     */
    private static Dataset<Row> markConflictsAndDuplicates(Source source, Dataset<Row> good) {
        List<Column> key = new ArrayList<>();
        source.key().forEach(k -> key.add(col(source.column(k).curatedName())));
        if (key.isEmpty()) {
            key.add(col(ParsedRows.ROW_HASH));
        }
        WindowSpec byKey = Window.partitionBy(key.toArray(Column[]::new));
        Column differs = min(ParsedRows.ROW_HASH).over(byKey).notEqual(max(ParsedRows.ROW_HASH).over(byKey));
        Column sequence = row_number().over(byKey.orderBy(col(ParsedRows.FILE), col(ParsedRows.LINE)));
        return good
                .withColumn("_conflict", differs)
                .withColumn("_duplicate", not(col("_conflict")).and(sequence.gt(1)))
                .withColumn(ParsedRows.REASON, when(col("_conflict"), lit(Reason.CONFLICT.code())))
                .withColumn(ParsedRows.DETAIL, when(col("_conflict"),
                        lit("another row has the same " + String.join(", ", source.key()) + " with different values")))
                .drop("_conflict");
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
