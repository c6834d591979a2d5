package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.warehouse.TableDoc;

/**
 * mutual_aid_pair (METRICS.md): the two directions of mutual_aid side by side for each pair
 * of seats, to see whether help is returned (reciprocity) or flows one way, in the year to date of
 * each month of the run.
 *
 * <p>Steps: each mutual_aid row placed in its pair (seat_a = the smaller seat_code) as
 * a-to-b or b-to-a; the two directions' year-to-date figures summed per pair and month; then
 * reciprocity and one_way.
 */
public final class MutualAidPair {
    public static final String NAME = "mutual_aid_pair";

    // keys
    public static final String SEAT_A = "seat_a";
    public static final String SEAT_B = "seat_b";
    public static final String MONTH = MutualAid.MONTH;
    public static final String YEAR = MutualAid.YEAR;
    // measures, all from 1 January of the year to the end of the month
    public static final String HOURS_A_TO_B = "hours_a_to_b_year_to_date";
    public static final String HOURS_B_TO_A = "hours_b_to_a_year_to_date";
    public static final String VALUE_A_TO_B = "value_a_to_b_year_to_date";
    public static final String VALUE_B_TO_A = "value_b_to_a_year_to_date";
    public static final String RECIPROCITY = "reciprocity";
    public static final String ONE_WAY = "one_way";
    public static final String RUN_ID = MutualAid.RUN_ID;

    public static final TableDoc TABLE = new TableDoc(NAME,
            "one row per pair of seats and month of a run, for every month in which help had gone either way between "
                    + "them since 1 January of that month's year; every figure is the year to date (1 January to the end "
                    + "of the month, rows dated later not used), so figures do not add up over months: December's row is "
                    + "the whole calendar year",
            List.of(SEAT_A, SEAT_B, MONTH), TableDoc.Partitioning.MONTH, TableDoc.schema("""
                    seat_a STRING, seat_b STRING, month DATE, year INT, hours_a_to_b_year_to_date DOUBLE NOT NULL,
                    hours_b_to_a_year_to_date DOUBLE NOT NULL, value_a_to_b_year_to_date DECIMAL(18,2),
                    value_b_to_a_year_to_date DECIMAL(18,2), reciprocity DOUBLE, one_way BOOLEAN NOT NULL,
                    run_id STRING NOT NULL
                    """), List.of(
            TableDoc.column(SEAT_A, "the pair's seat whose seat_code sorts first"),
            TableDoc.column(SEAT_B, "the pair's other seat (seat_a < seat_b, so each pair appears once)"),
            TableDoc.column(MONTH, "the calendar month (first day of the month), the same months as mutual_aid; the table's partition"),
            TableDoc.column(YEAR, "the calendar year of month (an integer)"),
            TableDoc.column(HOURS_A_TO_B, "volunteer hours from seat_a's volunteers done in seat_b from 1 January to the "
                    + "end of the month (mutual_aid.hours_year_to_date with giver seat_a); 0, not empty, when there were none"),
            TableDoc.column(HOURS_B_TO_A, "volunteer hours from seat_b's volunteers done in seat_a, the same way; 0 when none"),
            TableDoc.column(VALUE_A_TO_B, "pounds of aid given by seat_a to seat_b from 1 January to the end of the month; 0 when none"),
            TableDoc.column(VALUE_B_TO_A, "pounds of aid given by seat_b to seat_a, the same way; 0 when none"),
            TableDoc.column(RECIPROCITY, "the smaller of the two directions' hours (year to date) divided by the larger: 1 "
                    + "when help was returned hour for hour, near 0 when it flowed one way; empty when neither seat gave "
                    + "hours (a pair linked by aid in pounds only). Pounds are not counted"),
            TableDoc.column(ONE_WAY, "true when, year to date, one seat gave at least the one-way threshold of hours (a "
                    + "setting, 100 by default) and the other gave 0 hours; aid in pounds is not considered"),
            TableDoc.column(RUN_ID, "the run that made this row")));

    private MutualAidPair() {}

    public static Dataset<Row> compute(SparkSession spark, CuratedTables curated, MetricSettings settings) {
        return fromMutualAid(MutualAid.compute(spark, curated, settings), settings);
    }

    /** The pairs made from an already computed mutual_aid table (so a run computes it once). */
    public static Dataset<Row> fromMutualAid(Dataset<Row> mutualAid, MetricSettings settings) {
        Dataset<Row> directions = placeInPair(mutualAid);
        Dataset<Row> pairs = sumBothDirections(directions);
        return reciprocityAndOneWay(pairs, settings);
    }

    private static Dataset<Row> placeInPair(Dataset<Row> mutualAid) {
        Column aToB = col(MutualAid.GIVER_SEAT).lt(col(MutualAid.RECEIVER_SEAT));
        return mutualAid.select(
                least(col(MutualAid.GIVER_SEAT), col(MutualAid.RECEIVER_SEAT)).as(SEAT_A),
                greatest(col(MutualAid.GIVER_SEAT), col(MutualAid.RECEIVER_SEAT)).as(SEAT_B),
                col(MONTH), col(YEAR),
                when(aToB, col(MutualAid.HOURS_YEAR_TO_DATE)).as(HOURS_A_TO_B),
                when(not(aToB), col(MutualAid.HOURS_YEAR_TO_DATE)).as(HOURS_B_TO_A),
                when(aToB, col(MutualAid.VALUE_GBP_YEAR_TO_DATE)).as(VALUE_A_TO_B),
                when(not(aToB), col(MutualAid.VALUE_GBP_YEAR_TO_DATE)).as(VALUE_B_TO_A));
    }

    /** Each direction has at most one mutual_aid row per month; a missing direction becomes 0. */
    private static Dataset<Row> sumBothDirections(Dataset<Row> directions) {
        return directions.groupBy(SEAT_A, SEAT_B, MONTH, YEAR).agg(
                coalesce(sum(HOURS_A_TO_B), lit(0.0)).as(HOURS_A_TO_B),
                coalesce(sum(HOURS_B_TO_A), lit(0.0)).as(HOURS_B_TO_A),
                coalesce(sum(VALUE_A_TO_B), lit(0)).cast(MutualAid.MONEY).as(VALUE_A_TO_B),
                coalesce(sum(VALUE_B_TO_A), lit(0)).cast(MutualAid.MONEY).as(VALUE_B_TO_A));
    }

    private static Dataset<Row> reciprocityAndOneWay(Dataset<Row> pairs, MetricSettings settings) {
        Column ab = col(HOURS_A_TO_B);
        Column ba = col(HOURS_B_TO_A);
        Column more = greatest(ab, ba);
        double threshold = settings.oneWayHours();
        Column oneWay = ab.geq(threshold).and(ba.equalTo(0.0)).or(ba.geq(threshold).and(ab.equalTo(0.0)));
        return pairs.select(col(SEAT_A), col(SEAT_B), col(MONTH), col(YEAR), ab, ba, col(VALUE_A_TO_B), col(VALUE_B_TO_A),
                when(more.gt(0.0), least(ab, ba).divide(more)).as(RECIPROCITY),
                oneWay.as(ONE_WAY),
                lit(settings.runId()).as(RUN_ID));
    }
}
