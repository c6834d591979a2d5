package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.year;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.organisermetrics.contract.Source;

/**
 * mutual_aid (METRICS.md): help that flows from one seat to another in a year, as volunteer
 * hours (volunteers working outside their home seat) and as non-labour aid (cash, printing,
 * materials, transport) in pounds.
 *
 * <p>Steps: volunteer hours per giver, receiver and year; aid value per giver, receiver and
 * year; the two joined so a direction present in either one has a row.
 */
public final class MutualAid {
    public static final String NAME = "mutual_aid";

    // keys
    public static final String GIVER_SEAT = "giver_seat";
    public static final String RECEIVER_SEAT = "receiver_seat";
    public static final String YEAR = "year";
    // measures
    public static final String HOURS = "hours";
    public static final String VOLUNTEERS = "volunteers";
    public static final String VALUE_GBP = "value_gbp";
    public static final String RUN_ID = "run_id";

    /** Money keeps its pence: sums of the curated decimal(16,2) values. */
    public static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);
    /**
     * Hours are summed as decimals, not doubles, so many small entries add up exactly
     * (a thousand 0.1-hour rows make 100 hours, not 99.99999999986, which matters for one_way).
     */
    static final DecimalType HOURS_SUM = DataTypes.createDecimalType(20, 4);

    public static final TableDoc TABLE = new TableDoc(NAME,
            "one row per giving seat, receiving seat and calendar year in which help went from one to the other",
            List.of(GIVER_SEAT, RECEIVER_SEAT, YEAR), List.of(
            TableDoc.column(GIVER_SEAT, "the seat the help came from: the volunteers' home seat, or the seat that gave the aid"),
            TableDoc.column(RECEIVER_SEAT, "the seat that was helped: where the volunteers did the work, or the seat that "
                    + "received the aid; never the same as giver_seat (work in one's own seat, and aid a seat records "
                    + "to itself, are not mutual aid)"),
            TableDoc.column(YEAR, "the calendar year (an integer). Every year that overlaps the run's months, counted "
                    + "from 1 January, using earlier months already in the warehouse, up to the end of the run's last "
                    + "month (a run that ends mid-year shows that year so far; later months wait for their own run)"),
            TableDoc.column(HOURS, "hours of activities done in receiver_seat in the year by volunteers whose home seat "
                    + "is giver_seat; 0 when the help was aid only"),
            TableDoc.column(VOLUNTEERS, "distinct volunteers from giver_seat who did those hours (each counted once "
                    + "however many activities); 0 when the help was aid only"),
            TableDoc.column(VALUE_GBP, "pounds of non-labour aid (cash, printing, materials, transport, other) given by "
                    + "giver_seat to receiver_seat in the year, by the date it was given; 0 when there was none"),
            TableDoc.column(RUN_ID, "the run that made this row")));

    private MutualAid() {}

    public static Dataset<Row> compute(SparkSession spark, CuratedTables curated, MetricSettings settings) {
        Dataset<Row> hours = volunteerHoursGiven(curated.table(Source.ACTIVITIES), curated.table(Source.VOLUNTEERS), settings);
        Dataset<Row> value = aidValueGiven(curated.table(Source.AID), settings);
        return hoursBesideValue(hours, value, settings);
    }

    /** Hours and distinct volunteers per (home seat, seat worked in, year), home seat and seat worked in different. */
    private static Dataset<Row> volunteerHoursGiven(Dataset<Row> activities, Dataset<Row> volunteers, MetricSettings settings) {
        Dataset<Row> homeSeat = volunteers.select(col("volunteer_key"), col("seat_code").as("home_seat"));
        return inRunYears(activities, "activity_date", settings)
                .join(broadcast(homeSeat), "volunteer_key")
                .where(col("home_seat").notEqual(col("seat_code")))
                .groupBy(col("home_seat").as(GIVER_SEAT), col("seat_code").as(RECEIVER_SEAT),
                        year(col("activity_date")).as(YEAR))
                .agg(sum(col("hours").cast(HOURS_SUM)).as(HOURS),
                        count_distinct(col("volunteer_key")).as(VOLUNTEERS));
    }

    /** Aid value per (from seat, to seat, year); aid a seat records to itself is left out. */
    private static Dataset<Row> aidValueGiven(Dataset<Row> aid, MetricSettings settings) {
        return inRunYears(aid, "given_on", settings)
                .where(col("from_seat").notEqual(col("to_seat")))
                .groupBy(col("from_seat").as(GIVER_SEAT), col("to_seat").as(RECEIVER_SEAT), year(col("given_on")).as(YEAR))
                .agg(sum(col("value_gbp")).as(VALUE_GBP));
    }

    private static Dataset<Row> hoursBesideValue(Dataset<Row> hours, Dataset<Row> value, MetricSettings settings) {
        Column sameDirection = hours.col(GIVER_SEAT).equalTo(value.col(GIVER_SEAT))
                .and(hours.col(RECEIVER_SEAT).equalTo(value.col(RECEIVER_SEAT)))
                .and(hours.col(YEAR).equalTo(value.col(YEAR)));
        return hours.join(value, sameDirection, "full_outer").select(
                coalesce(hours.col(GIVER_SEAT), value.col(GIVER_SEAT)).as(GIVER_SEAT),
                coalesce(hours.col(RECEIVER_SEAT), value.col(RECEIVER_SEAT)).as(RECEIVER_SEAT),
                coalesce(hours.col(YEAR), value.col(YEAR)).as(YEAR),
                coalesce(hours.col(HOURS), lit(0).cast(HOURS_SUM)).cast(DataTypes.DoubleType).as(HOURS),
                coalesce(hours.col(VOLUNTEERS), lit(0L)).as(VOLUNTEERS),
                coalesce(value.col(VALUE_GBP), lit(0)).cast(MONEY).as(VALUE_GBP),
                lit(settings.runId()).as(RUN_ID));
    }

    /** Rows dated from 1 January of the run's first year to the last day of the run's last month. */
    static Dataset<Row> inRunYears(Dataset<Row> facts, String dateColumn, MetricSettings settings) {
        LocalDate firstYearStart = LocalDate.of(settings.fromMonth().getYear(), 1, 1);
        return facts.where(col(dateColumn).geq(lit(firstYearStart)).and(col(dateColumn).leq(lit(settings.lastDay()))));
    }
}
