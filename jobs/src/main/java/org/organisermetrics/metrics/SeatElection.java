package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.*;
import static org.organisermetrics.metrics.MetricColumns.joinColumns;
import static org.organisermetrics.metrics.MetricColumns.ratio;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.organisermetrics.contract.Codes;
import org.organisermetrics.contract.Columns;
import org.organisermetrics.contract.Franchise;
import org.organisermetrics.contract.Source;
import org.organisermetrics.warehouse.TableDoc;

/**
 * seat_election (METRICS.md): one row per election per area (the seat for general and
 * by-elections, the ward for local elections), for every election polled on or before the end of
 * the run's last month. Results give the contest; the register, contacts and the marked register
 * give promises and their turnout. The steps, in order: {@link #areas}, {@link #contest},
 * {@link #withPreviousElection}, {@link #withExcessSwing}, {@link #promises}, {@link #registerTurnout},
 * {@link #yearRoundShare}; docs/official-results.md explains the choices.
 *
 * <p>Choices the definitions leave open (documented in {@link #TABLE} and the docs):
 * <ul>
 *   <li>Ties for winner and runner-up are broken by party_code, alphabetically first ranks higher.</li>
 *   <li>When P has no results row in the area (did not stand), own_votes, own_share and own_margin are
 *       null, not 0; with no other party, own_margin is null; with a single party, runner_up_party and
 *       majority are null.</li>
 *   <li>An elector belongs to the seat and ward the register (electors) gives; contacts for promises
 *       are the elector's wherever recorded. year_round_share counts contacts by the seat or ward the
 *       contact row names (street and phone contacts without an elector count too).</li>
 *   <li>contact_id order for same-day contacts: two all-digit ids compare as numbers; otherwise as
 *       text; an all-digit id is below any other id.</li>
 *   <li>register_turnout counts marked-register electors among the electors on the register at
 *       polling day in the area, so it is a share of one population and never exceeds 1.</li>
 *   <li>An elector whose franchise markers ({@link Franchise}) bar the election's type (a peer at a
 *       general election, an overseas elector at a local one) is not one of the area's electors for
 *       that election: not in registered, promises or their votes. A marked-register row for such an
 *       elector is not counted as a vote (they cannot have voted in it: the marker or the marking is
 *       wrong).</li>
 *   <li>The median of an even count is the mean of the two middle values.</li>
 * </ul>
 */
public final class SeatElection {
    public static final String NAME = "seat_election";
    public static final String SEAT = "SEAT";
    public static final String WARD = "WARD";

    public static final TableDoc TABLE = new TableDoc(NAME,
            "one row per election per area: the seat for general and by-elections, the ward for local elections;"
                    + " every election polled on or before the end of the run's last month",
            List.of("election_id", "area_code"), TableDoc.Partitioning.WHOLE, TableDoc.schema("""
                    election_id STRING, area_code STRING, area_type STRING, seat_code STRING, region STRING,
                    polling_date DATE, election_type STRING, electorate BIGINT, total_votes BIGINT, turnout DOUBLE,
                    winner_party STRING, runner_up_party STRING, majority BIGINT, majority_share DOUBLE,
                    own_votes BIGINT, own_share DOUBLE, own_margin BIGINT, prev_election_id STRING,
                    turnout_change DOUBLE, own_share_change DOUBLE, own_margin_change BIGINT, excess_swing DOUBLE,
                    promises BIGINT NOT NULL, promises_voted BIGINT NOT NULL, promise_turnout DOUBLE,
                    register_turnout DOUBLE, promise_turnout_lift DOUBLE, promise_coverage DOUBLE,
                    year_round_share DOUBLE, run_id STRING NOT NULL
                    """), List.of(
            TableDoc.column("election_id", "the election, as in the elections source (GE2019-12-12 for a general election added from House of Commons Library results)"),
            TableDoc.column("area_code", "the ONS code of the seat (general and by-elections) or ward (local elections) the result is for"),
            TableDoc.column("area_type", "SEAT or WARD"),
            TableDoc.column(Columns.SEAT_CODE, "the seat: the area itself, or the seat the ward lies in"),
            TableDoc.column("region", "the seat's region (English region, or Scotland, Wales, Northern Ireland)"),
            TableDoc.column("polling_date", "polling day"),
            TableDoc.column("election_type", "GENERAL, BY_ELECTION, LOCAL or MAYORAL"),
            TableDoc.column("electorate", "electors entitled to vote in the area, as the results state it"),
            TableDoc.column("total_votes", "valid votes cast: the sum of every party's votes"),
            TableDoc.column("turnout", "total_votes / electorate"),
            TableDoc.column("winner_party", "the party with the most votes (a tie goes to the party code first in alphabetical order)"),
            TableDoc.column("runner_up_party", "the party with the second-most votes (same tie rule); empty when only one party stood"),
            TableDoc.column("majority", "winner's votes minus runner-up's votes; empty when only one party stood"),
            TableDoc.column("majority_share", "majority / total_votes"),
            TableDoc.column("own_votes", "votes for our party; empty when our party did not stand"),
            TableDoc.column("own_share", "own_votes / total_votes"),
            TableDoc.column("own_margin", "own_votes minus the best other party's votes: negative when we are behind"),
            TableDoc.column("prev_election_id", "the previous election of the same type in the same area, by polling day"),
            TableDoc.column("turnout_change", "turnout minus the previous election's turnout"),
            TableDoc.column("own_share_change", "own_share minus the previous election's own_share"),
            TableDoc.column("own_margin_change", "own_margin minus the previous election's own_margin"),
            TableDoc.column("excess_swing", "own_share_change minus the median own_share_change of all areas of the same region in this election (the mean of the two middle values when their number is even)"),
            TableDoc.column("promises", "electors on the register on polling day who can vote in the election (franchise markers: a peer has no vote at a general election, an overseas elector none at a local one) whose latest stated intention since the previous election of this type in the area (up to polling day) was our party"),
            TableDoc.column("promises_voted", "of the promises, those marked as having voted in this election"),
            TableDoc.column("promise_turnout", "promises_voted / promises: the share of our promises who came out"),
            TableDoc.column("register_turnout", "of the electors on the register on polling day in the area who can vote in the election (franchise markers), the share in the marked register: the baseline for promise_turnout; a marked elector whose markers bar the election counts in neither part"),
            TableDoc.column("promise_turnout_lift", "promise_turnout minus register_turnout"),
            TableDoc.column("promise_coverage", "promises_voted / own_votes: the share of our vote we had identified and saw vote"),
            TableDoc.column("year_round_share", "of the contacts in the area in the 365 days before polling day (not-at-homes left out), the share made before the short campaign (more than 28 days before polling day, a setting)"),
            TableDoc.column("run_id", "the run that made the row")));

    /**
     * The sources besides contacts the table is computed from. Contacts count only up to polling
     * day, so an election's row changes only when one of these changes (or an earlier month's
     * contacts are reloaded): see MetricsJob's kept rows.
     */
    public static final java.util.Set<Source> INPUTS = java.util.EnumSet.of(Source.ELECTIONS, Source.RESULTS,
            Source.ELECTORS, Source.MARKED_REGISTER, Source.SEATS, Source.WARDS);

    private SeatElection() {}

    /** Every election polled on or before the run's last day. */
    public static Dataset<Row> compute(SparkSession spark, CuratedTables curated, MetricSettings settings) {
        return compute(spark, curated, settings, null);
    }

    /**
     * The elections polled from {@code pollingFrom} (null: all) to the run's last day. Earlier
     * elections still give the previous election and its changes; promises, register turnout and
     * year-round share are computed for the chosen elections only.
     */
    public static Dataset<Row> compute(SparkSession spark, CuratedTables curated, MetricSettings settings,
                                       java.time.LocalDate pollingFrom) {
        String party = (settings.ownParty() == null ? "LAB" : settings.ownParty()).trim().toUpperCase(Locale.ROOT);
        Dataset<Row> areas = areas(curated, settings).join(contest(curated, party), joinColumns("election_id", "area_code"));
        areas = withExcessSwing(withPreviousElection(areas));
        if (pollingFrom != null) {
            areas = areas.where(col("polling_date").geq(lit(pollingFrom)));
        }
        Dataset<Row> electionIndex = electionIndex(spark, curated);
        int words = voteWords(electionIndex.count());
        Dataset<Row> windows = windows(spark, areas, electionIndex);
        Dataset<Row> registerWithVotes = registerWithVotes(curated, electionIndex, words);
        Dataset<Row> promises = promises(curated, registerWithVotes, windows, party, words);
        Dataset<Row> register = registerTurnout(registerWithVotes, windows, words);
        Dataset<Row> yearRound = yearRoundShare(curated, windows, settings.shortCampaignDays());
        Dataset<Row> all = areas
                .join(windows.select("election_id", "area_code", WINDOW), joinColumns("election_id", "area_code"))
                .join(promises, joinColumns(WINDOW), "left_outer")
                .join(register, joinColumns(WINDOW), "left_outer")
                .join(yearRound, joinColumns(WINDOW), "left_outer")
                .withColumn("promises", coalesce(col("promises"), lit(0L)))
                .withColumn("promises_voted", coalesce(col("promises_voted"), lit(0L)))
                .withColumn("promise_turnout", ratio(col("promises_voted"), col("promises")))
                .withColumn("register_turnout", ratio(col("register_voted"), col("registered")))
                .withColumn("promise_turnout_lift", col("promise_turnout").minus(col("register_turnout")))
                .withColumn("promise_coverage", ratio(col("promises_voted"), col("own_votes")))
                .withColumn("year_round_share", ratio(col("year_round_contacts"), col("year_contacts")))
                .withColumn("run_id", lit(settings.runId()));
        Column[] columns = TABLE.columnNames().stream().map(functions::col).toArray(Column[]::new);
        return all.select(columns).orderBy("polling_date", "election_id", "area_code");
    }

    /**
     * One row per election and area with results, polled on or before the run's last day: the area's
     * type, seat and region, the electorate (the largest stated on its rows) and the total votes.
     */
    static Dataset<Row> areas(CuratedTables curated, MetricSettings settings) {
        Dataset<Row> elections = curated.table(Source.ELECTIONS)
                .where(col("polling_date").leq(lit(settings.lastDay())))
                .select("election_id", "election_type", "polling_date");
        Dataset<Row> seats = curated.table(Source.SEATS).select(col(Columns.SEAT_CODE).as("_seat"), col("region").as("_seat_region"));
        Dataset<Row> wards = curated.table(Source.WARDS).select(col(Columns.WARD_CODE).as("_ward"), col(Columns.SEAT_CODE).as("_ward_seat"))
                .join(curated.table(Source.SEATS).select(col(Columns.SEAT_CODE).as("_ward_seat"), col("region").as("_ward_region")),
                        joinColumns("_ward_seat"), "left_outer");
        Dataset<Row> totals = curated.table(Source.RESULTS).groupBy("election_id", "area_code")
                .agg(max("electorate").as("electorate"), sum("votes").as("total_votes"));
        Dataset<Row> joined = totals.join(broadcast(elections), joinColumns("election_id"))
                .join(broadcast(seats), col("area_code").equalTo(col("_seat")), "left_outer")
                .join(broadcast(wards), col("area_code").equalTo(col("_ward")), "left_outer");
        Column ward = col("_ward").isNotNull().and(col("election_type").equalTo(Codes.LOCAL).or(col("_seat").isNull()));
        return joined
                .withColumn("area_type", when(ward, lit(WARD)).when(col("_seat").isNotNull(), lit(SEAT)))
                .withColumn(Columns.SEAT_CODE, when(ward, col("_ward_seat")).otherwise(col("_seat")))
                .withColumn("region", when(ward, col("_ward_region")).otherwise(col("_seat_region")))
                .withColumn("turnout", ratio(col("total_votes"), col("electorate")))
                .select("election_id", "area_code", "area_type", Columns.SEAT_CODE, "region", "polling_date", "election_type",
                        "electorate", "total_votes", "turnout");
    }

    /** Winner, runner-up (ties: party_code alphabetically first ranks higher), majority and our party's votes. */
    static Dataset<Row> contest(CuratedTables curated, String party) {
        WindowSpec byVotes = Window.partitionBy("election_id", "area_code").orderBy(col("votes").desc(), col("party_code").asc());
        Dataset<Row> ranked = curated.table(Source.RESULTS).withColumn("_rank", row_number().over(byVotes));
        Column own = col("party_code").equalTo(lit(party));
        return ranked.groupBy("election_id", "area_code").agg(
                        max(when(col("_rank").equalTo(1), col("party_code"))).as("winner_party"),
                        max(when(col("_rank").equalTo(1), col("votes"))).as("_winner_votes"),
                        max(when(col("_rank").equalTo(2), col("party_code"))).as("runner_up_party"),
                        max(when(col("_rank").equalTo(2), col("votes"))).as("_runner_up_votes"),
                        max(when(own, col("votes"))).as("own_votes"),
                        max(when(not(own), col("votes"))).as("_best_other_votes"),
                        sum("votes").as("_total"))
                .withColumn("majority", col("_winner_votes").minus(col("_runner_up_votes")))
                .withColumn("majority_share", ratio(col("majority"), col("_total")))
                .withColumn("own_share", ratio(col("own_votes"), col("_total")))
                .withColumn("own_margin", col("own_votes").minus(col("_best_other_votes")))
                .drop("_winner_votes", "_runner_up_votes", "_best_other_votes", "_total");
    }

    /** The previous election of the same type in the same area (by polling day) and the changes since. */
    static Dataset<Row> withPreviousElection(Dataset<Row> areas) {
        WindowSpec history = Window.partitionBy("area_code", "election_type").orderBy("polling_date", "election_id");
        return areas
                .withColumn("prev_election_id", lag("election_id", 1).over(history))
                .withColumn("prev_polling_date", lag("polling_date", 1).over(history))
                .withColumn("turnout_change", col("turnout").minus(lag("turnout", 1).over(history)))
                .withColumn("own_share_change", col("own_share").minus(lag("own_share", 1).over(history)))
                .withColumn("own_margin_change", col("own_margin").minus(lag("own_margin", 1).over(history)));
    }

    /**
     * own_share_change minus the median own_share_change of the region's areas in the same election
     * that have one (this area included); an even count takes the mean of the two middle values.
     */
    static Dataset<Row> withExcessSwing(Dataset<Row> areas) {
        Dataset<Row> medians = areas.where(col("own_share_change").isNotNull().and(col("region").isNotNull()))
                .groupBy("election_id", "region")
                .agg(sort_array(collect_list("own_share_change")).as("_changes"))
                .withColumn("_n", size(col("_changes")))
                .withColumn("_median", when(col("_n").mod(2).equalTo(1),
                                element_at(col("_changes"), col("_n").divide(2).cast("int").plus(1)))
                        .otherwise(element_at(col("_changes"), col("_n").divide(2).cast("int"))
                                .plus(element_at(col("_changes"), col("_n").divide(2).cast("int").plus(1))).divide(2)))
                .select("election_id", "region", "_median");
        return areas.join(medians, joinColumns("election_id", "region"), "left_outer")
                .withColumn("excess_swing", col("own_share_change").minus(col("_median")))
                .drop("_median");
    }

    /**
     * The windows promises, register_turnout and year_round_share are counted in: one row per election
     * and area with its area_type, polling day, the previous election's polling day, the election's
     * index in {@link #electionIndex}, its type's bit ({@link #ELECTION_TYPE_BIT}), and a number of its own ({@link #WINDOW}, 0, 1, ...) that the
     * counts are grouped by: one int, not two strings, for the hash aggregates that meet every placed
     * register row. One row per results area (national: 77 thousand), so it is collected, numbered on
     * the driver, and broadcast to every join with the register and contacts, which then stream
     * through without a shuffle of their own.
     */
    static Dataset<Row> windows(SparkSession spark, Dataset<Row> areas, Dataset<Row> electionIndex) {
        Dataset<Row> windows = areas.select("election_id", "area_code", "area_type", "polling_date", "prev_polling_date",
                        "election_type")
                .join(broadcast(electionIndex), joinColumns("election_id"))
                .select("election_id", "area_code", "area_type", "polling_date", "prev_polling_date", ELECTION_INDEX,
                        "election_type")
                .orderBy("election_id", "area_code");
        List<Row> rows = windows.collectAsList();
        List<Row> numbered = new java.util.ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            numbered.add(org.apache.spark.sql.RowFactory.create(
                    r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), i, electionTypeBit(r.getString(6))));
        }
        return broadcast(spark.createDataFrame(numbered, windows.drop("election_type").schema()
                .add(WINDOW, org.apache.spark.sql.types.DataTypes.IntegerType, false)
                .add(ELECTION_TYPE_BIT, org.apache.spark.sql.types.DataTypes.IntegerType, false)));
    }

    /** The number of an election's window in an area ({@link #windows}). */
    static final String WINDOW = "_window";

    /** A window's election type as one bit ({@link #electionTypeBit}), tested against a register row's {@link #BARRED}. */
    static final String ELECTION_TYPE_BIT = "_election_type_bit";

    /**
     * The election types a register row's franchise markers bar it from, one bit each
     * ({@link #electionTypeBit}); 0 for an elector with no marker ({@link #barredTypes}).
     */
    static final String BARRED = "_barred";

    /** Bit i for the i-th of {@link Codes#ELECTION_TYPE}. */
    static int electionTypeBit(String electionType) {
        int i = Codes.ELECTION_TYPE.indexOf(electionType);
        if (i < 0) {
            throw new IllegalArgumentException("election_type " + electionType + " is not one of " + Codes.ELECTION_TYPE);
        }
        return 1 << i;
    }

    /**
     * The election types the row's franchise markers bar ({@link Franchise#barringPattern}), as the
     * bits of {@link #electionTypeBit}: one test per type of the marker string (upper-cased; ingest
     * stores it so), on the few rows that have one; 0 for the rest.
     */
    static Column barredTypes() {
        Column markers = upper(col("franchise"));
        Column bits = lit(0);
        for (String type : Codes.ELECTION_TYPE) {
            String pattern = Franchise.barringPattern(type);
            if (pattern != null) {
                bits = bits.bitwiseOR(when(markers.rlike(pattern), lit(electionTypeBit(type))).otherwise(lit(0)));
            }
        }
        return when(markers.isNull().or(markers.equalTo("")), lit(0)).otherwise(bits);
    }

    /** Whether the row's elector can vote in the row's window's election: no bit of {@link #BARRED} is the election type's. */
    static Column canVote() {
        return col(BARRED).bitwiseAND(col(ELECTION_TYPE_BIT)).equalTo(lit(0));
    }

    /**
     * Every election with its index (0, 1, ...) in election_id order: its bit in {@link #registerWithVotes}.
     * Elections are a few hundred rows at most: numbered on the driver.
     */
    static Dataset<Row> electionIndex(SparkSession spark, CuratedTables curated) {
        List<Row> ids = curated.table(Source.ELECTIONS).select("election_id").distinct().orderBy("election_id").collectAsList();
        List<Row> indexed = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            indexed.add(org.apache.spark.sql.RowFactory.create(ids.get(i).getString(0), i));
        }
        return spark.createDataFrame(indexed, new org.apache.spark.sql.types.StructType()
                .add("election_id", org.apache.spark.sql.types.DataTypes.StringType, false)
                .add(ELECTION_INDEX, org.apache.spark.sql.types.DataTypes.IntegerType, false));
    }

    static final String ELECTION_INDEX = "_election_index";

    /** How many 64-bit words hold one bit per election. */
    static int voteWords(long elections) {
        return (int) Math.max(1, (elections + 63) / 64);
    }

    /** The name of the word holding elections 64w to 64w + 63. */
    static String voteWord(int w) {
        return "_votes_" + w;
    }

    /**
     * The register's rows ({@link #register}) with the elections each elector voted in, as bits: bit i
     * % 64 of word i / 64 ({@link #voteWord}) is set when the marked register has the elector for the
     * election of index i. One aggregate of the marked register by elector_key (a bitwise or of longs,
     * which Spark runs as a hash aggregate) joined to the register once: the marked register is read
     * and shuffled once, and promises_voted and register_voted are bit tests on rows that are read
     * anyway, not two joins of their own with a hundred million marked rows (national: two shuffles of
     * 3.9 GB and two sort-merge joins, 660 s of task time). The marked rows are shuffled by elector_key
     * before the aggregate (each marked register file is one election, so an aggregate before the
     * shuffle merged nothing and held 13.6 GB nationally), and the register meets the vote bits in a
     * shuffled hash join (the vote bits are the hash table; neither side is sorted).
     */
    static Dataset<Row> registerWithVotes(CuratedTables curated, Dataset<Row> electionIndex, int words) {
        Column[] bits = new Column[words];
        for (int w = 0; w < words; w++) {
            bits[w] = bit_or(when(electionWord().equalTo(w), electionBit()).otherwise(lit(0L))).as(voteWord(w));
        }
        Dataset<Row> votes = marked(curated).join(broadcast(electionIndex), joinColumns("election_id"))
                .repartition(col("elector_key"))
                .groupBy("elector_key").agg(bits[0], java.util.Arrays.copyOfRange(bits, 1, words));
        return register(curated).join(votes.hint("shuffle_hash"), joinColumns("elector_key"), "left_outer");
    }

    /** Whether the row's elector voted in the row's election: its bit in the row's vote words. */
    static Column voted(int words) {
        Column out = null;
        for (int w = 0; w < words; w++) {
            Column set = coalesce(col(voteWord(w)), lit(0L)).bitwiseAND(electionBit()).notEqual(lit(0L));
            out = out == null ? when(electionWord().equalTo(w), set) : out.when(electionWord().equalTo(w), set);
        }
        return out.otherwise(lit(false));
    }

    /** The word of the row's election ({@link #ELECTION_INDEX} / 64). */
    private static Column electionWord() {
        return col(ELECTION_INDEX).divide(64).cast("int");
    }

    /** The bit of the row's election within its word (1 shifted left by {@link #ELECTION_INDEX} % 64). */
    private static Column electionBit() {
        return call_function("shiftleft", lit(1L), col(ELECTION_INDEX).mod(64).cast("int"));
    }

    /** The vote word columns, to keep them through {@link #placed}. */
    static String[] withVoteWords(int words, String... columns) {
        String[] out = java.util.Arrays.copyOf(columns, columns.length + words);
        for (int w = 0; w < words; w++) {
            out[columns.length + w] = voteWord(w);
        }
        return out;
    }

    /**
     * The register's rows with the columns the counts need. elector_key is unique here: it is the
     * curated name of electors' key (elector_id), and ingest (SourceIngest.markRepeats) loads one
     * row per key: a copy of a row is a duplicate, and of rows that differ only the last is loaded (the
     * others are quarantined as conflicts); a snapshot source is always loaded whole from one parse (or reused whole). So
     * every count below is of distinct electors without a distinct of its own (a distinct over
     * (election, area, elector) would change nothing and cost a shuffle of elections x electors). The filter on elector_key (never null for loaded rows) is written out so that the
     * register's plan is the same in promises, whose inner join would infer it, and in register
     * turnout, whose outer join would not: Spark then shuffles the register once for both.
     */
    static Dataset<Row> register(CuratedTables curated) {
        return curated.table(Source.ELECTORS).where(col("elector_key").isNotNull())
                .select(col("elector_key"), col(Columns.SEAT_CODE), col(Columns.WARD_CODE), col("registered_on"), col("left_on"),
                        barredTypes().as(BARRED));
    }

    /**
     * Each row once in its seat (area_type SEAT) and once more in its ward when it has one (WARD), as
     * area_code and area_type, keeping the {@code keep} columns: one pass, no union of two scans.
     */
    static Dataset<Row> placed(Dataset<Row> rows, String... keep) {
        Column[] out = new Column[keep.length + 2];
        for (int i = 0; i < keep.length; i++) {
            out[i] = col(keep[i]);
        }
        out[keep.length] = col("_place.area_code").as("area_code");
        out[keep.length + 1] = col("_place.area_type").as("area_type");
        return rows.withColumn("_place", explode(array(
                        struct(col(Columns.SEAT_CODE).as("area_code"), lit(SEAT).as("area_type")),
                        struct(col(Columns.WARD_CODE).as("area_code"), lit(WARD).as("area_type")))))
                .where(col("_place.area_code").isNotNull())
                .select(out);
    }

    /** On the register at polling day d: registered_on null or &lt;= d, left_on null or &gt; d. */
    static Column onRegisterAt(Column d) {
        return col("registered_on").isNull().or(col("registered_on").leq(d))
                .and(col("left_on").isNull().or(col("left_on").gt(d)));
    }

    /**
     * (election_id, elector_key) of the marked register. Unique without a distinct: the source's key is
     * (election_id, elector_id), made unique by ingest as for electors ({@link #register}).
     */
    static Dataset<Row> marked(CuratedTables curated) {
        return curated.table(Source.MARKED_REGISTER).select("election_id", "elector_key");
    }

    /**
     * promises and promises_voted: electors on the register at polling day in the area (placed by the
     * register's seat_code and ward_code) who can vote in the election ({@link #canVote}) whose latest stated contact (not NOT_HOME, not REFUSED) with
     * prev polling day &lt; contact_date &lt;= polling day had intention P; voted when the marked
     * register has them for the election ({@link #registerWithVotes}). Same-day contacts: the greatest
     * contact_id is latest ({@link #contactIdKeys()}).
     *
     * <p>The cost follows the stated contacts. Each elector's stated contacts are numbered once in
     * the order of {@link #contactIdKeys()} (a window over the contacts alone, in the shuffle by
     * elector_key the join needs anyway), and a contact carries {@link #LATEST} = its number * 2 + 1
     * when its intention is P, + 0 otherwise. The contacts are then joined with the register rows of
     * their electors (a shuffled hash join: the contacts are the hash table, the register streams
     * past unsorted), placed, matched against the broadcast windows, and reduced per (window,
     * elector) to the greatest {@link #LATEST}: the latest contact in the window, whose last bit says
     * whether it was a promise. A max of a long is a hash aggregate, where the greatest of a struct of
     * strings made Spark sort every placed row (national: 57 M rows, 14 GB of sort memory). The join
     * leaves the rows partitioned by elector_key, so the aggregate needs no shuffle of its own; whether
     * the elector voted is the same on every row of a group, so it is a grouping column.
     */
    static Dataset<Row> promises(CuratedTables curated, Dataset<Row> registerWithVotes, Dataset<Row> windows,
                                 String party, int words) {
        WindowSpec byElector = Window.partitionBy("elector_key").orderBy(contactIdKeys());
        Dataset<Row> stated = curated.table(Source.CONTACTS)
                .where(col("elector_key").isNotNull().and(not(col("intention").isin(Codes.NOT_HOME, Codes.REFUSED))))
                .select("elector_key", "contact_date", "contact_id", "intention")
                .withColumn(LATEST, row_number().over(byElector).cast("long").multiply(2)
                        .plus(when(col("intention").equalTo(lit(party)), lit(1L)).otherwise(lit(0L))))
                .select("elector_key", "contact_date", LATEST);
        Dataset<Row> withRegister = stated.hint("shuffle_hash").join(registerWithVotes, joinColumns("elector_key"));
        Column d = col("polling_date");
        Dataset<Row> inWindow = placed(withRegister, withVoteWords(words,
                        "elector_key", "registered_on", "left_on", BARRED, "contact_date", LATEST))
                .join(windows, joinColumns("area_code", "area_type"))
                .where(col("contact_date").leq(d)
                        .and(col("prev_polling_date").isNull().or(col("contact_date").gt(col("prev_polling_date"))))
                        .and(onRegisterAt(d))
                        .and(canVote()))
                .withColumn("_voted", voted(words));
        return inWindow.groupBy(col(WINDOW), col("elector_key"), col("_voted"))
                .agg(max(LATEST).as(LATEST))
                .where(col(LATEST).mod(2).equalTo(1))
                .groupBy(WINDOW)
                .agg(count(lit(1)).as("promises"), count(when(col("_voted"), lit(1))).as("promises_voted"));
    }

    /**
     * A stated contact's place in its elector's contacts, latest greatest, times 2, plus 1 when its
     * intention is our party ({@link #promises}).
     */
    static final String LATEST = "_latest";

    /**
     * The order of "latest", ascending (the last is the latest): contact_date, then contact_id, where
     * two all-digit ids compare as numbers (leading zeros ignored), any other pair as text, and an
     * all-digit id is below any id with another character.
     */
    static Column[] contactIdKeys() {
        Column id = col("contact_id");
        Column digits = id.rlike("^[0-9]+$");
        Column number = regexp_replace(id, "^0+(?=[0-9])", "");
        return new Column[] {
            col("contact_date").asc_nulls_first(),
            when(digits, lit(0)).otherwise(lit(1)).asc_nulls_first(),
            when(digits, length(number)).otherwise(lit(0)).asc_nulls_first(),
            when(digits, number).otherwise(id).asc_nulls_first(),
            id.asc_nulls_first()};
    }

    /**
     * register_turnout's parts: electors on the register at polling day in the area who can vote in the
     * election ({@link #canVote}; {@code registered}, present only where there is at least one) and those of them in the election's marked register
     * ({@code register_voted}, 0 when none: a bit test, {@link #registerWithVotes}). Both are counts
     * over register rows streamed past the broadcast windows, so no (election, area, elector) product
     * is materialised, shuffled or made distinct: each register row meets its area's few elections
     * inside the scan's pipeline and is counted there (partial aggregation by the window's number,
     * then one shuffle of a row per window). (Grouping the register by (area, registered_on, left_on) first does not
     * pay: on the regional data that leaves 1.1 M seat and 3.9 M ward groups of 4.8 M.)
     */
    static Dataset<Row> registerTurnout(Dataset<Row> registerWithVotes, Dataset<Row> windows, int words) {
        Column d = col("polling_date");
        return placed(registerWithVotes, withVoteWords(words, "registered_on", "left_on", BARRED))
                .join(windows, joinColumns("area_code", "area_type"))
                .where(onRegisterAt(d).and(canVote()))
                .groupBy(WINDOW)
                .agg(count(lit(1)).as("registered"), count(when(voted(words), lit(1))).as("register_voted"));
    }

    /**
     * Contacts (NOT_HOME excluded) in the area with d - 365 &lt;= contact_date &lt; d, and those more
     * than the short campaign's days before d. A contact is in the seat and ward its row names.
     */
    static Dataset<Row> yearRoundShare(CuratedTables curated, Dataset<Row> windows, int shortCampaignDays) {
        Dataset<Row> contacts = curated.table(Source.CONTACTS).where(col("intention").notEqual(Codes.NOT_HOME))
                .select(Columns.SEAT_CODE, Columns.WARD_CODE, "contact_date");
        Column d = col("polling_date");
        return placed(contacts, "contact_date")
                .join(windows, joinColumns("area_code", "area_type"))
                .where(col("contact_date").geq(date_sub(d, 365)).and(col("contact_date").lt(d)))
                .groupBy(WINDOW).agg(
                        count(lit(1)).as("year_contacts"),
                        count(when(datediff(d, col("contact_date")).gt(shortCampaignDays), lit(1))).as("year_round_contacts"));
    }
}
