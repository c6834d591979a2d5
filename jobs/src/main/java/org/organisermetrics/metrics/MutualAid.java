package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.organisermetrics.contract.Columns;
import org.organisermetrics.contract.Source;
import org.organisermetrics.warehouse.TableDoc;

/**
 * mutual_aid (METRICS.md): help that flows from one seat to another, as volunteer hours (volunteers
 * working outside their home seat) and as non-labour aid (cash, printing, materials, transport) in
 * pounds: per month of the run, that month's help and the help of the year so far (1 January to the
 * end of the month), so the row of a month uses only rows dated up to its end.
 *
 * <p>Steps: volunteer hours per giver, receiver, volunteer and month; aid value per giver, receiver
 * and month; each spread over the run's months of the same year from its own month on (year to
 * date); the two joined so a direction present in either one has a row.
 */
public final class MutualAid {
    public static final String NAME = "mutual_aid";

    // keys
    public static final String GIVER_SEAT = "giver_seat";
    public static final String RECEIVER_SEAT = "receiver_seat";
    public static final String MONTH = Months.MONTH;
    public static final String YEAR = "year";
    // measures: the month alone (they add up over months) and the year to date (they do not)
    public static final String HOURS_IN_MONTH = "hours_in_month";
    public static final String VOLUNTEERS_IN_MONTH = "volunteers_in_month";
    public static final String VALUE_GBP_IN_MONTH = "value_gbp_in_month";
    public static final String HOURS_YEAR_TO_DATE = "hours_year_to_date";
    public static final String VOLUNTEERS_YEAR_TO_DATE = "volunteers_year_to_date";
    public static final String VALUE_GBP_YEAR_TO_DATE = "value_gbp_year_to_date";
    public static final String RUN_ID = "run_id";

    /** Money keeps its pence: sums of the curated decimal(16,2) values. */
    public static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);
    /**
     * Hours are summed as decimals, not doubles, so many small entries add up exactly
     * (a thousand 0.1-hour rows make 100 hours, not 99.99999999986, which matters for one_way).
     */
    static final DecimalType HOURS_SUM = DataTypes.createDecimalType(20, 4);

    public static final TableDoc TABLE = new TableDoc(NAME,
            "one row per giving seat, receiving seat and month of a run, for every month in which help had gone from "
                    + "one to the other since 1 January of that month's year. Each row uses only rows dated up to the end "
                    + "of its month. The *_in_month columns add up over months; the *_year_to_date columns do not (read "
                    + "the row of the month wanted: December's row is the whole calendar year)",
            List.of(GIVER_SEAT, RECEIVER_SEAT, MONTH), TableDoc.Partitioning.MONTH, TableDoc.schema("""
                    giver_seat STRING, receiver_seat STRING, month DATE, year INT, hours_in_month DOUBLE NOT NULL,
                    volunteers_in_month BIGINT NOT NULL, value_gbp_in_month DECIMAL(18,2),
                    hours_year_to_date DOUBLE NOT NULL, volunteers_year_to_date BIGINT NOT NULL,
                    value_gbp_year_to_date DECIMAL(18,2), run_id STRING NOT NULL
                    """), List.of(
            TableDoc.column(GIVER_SEAT, "the seat the help came from: the volunteers' home seat, or the seat that gave the aid"),
            TableDoc.column(RECEIVER_SEAT, "the seat that was helped: where the volunteers did the work, or the seat that "
                    + "received the aid; never the same as giver_seat (work in one's own seat, and aid a seat records "
                    + "to itself, are not mutual aid)"),
            TableDoc.column(MONTH, "the calendar month (first day of the month); the table's partition"),
            TableDoc.column(YEAR, "the calendar year of month (an integer): the year the *_year_to_date columns count from 1 January of"),
            TableDoc.column(HOURS_IN_MONTH, "hours of activities done in receiver_seat in the month by volunteers whose home seat "
                    + "is giver_seat; 0 when there were none"),
            TableDoc.column(VOLUNTEERS_IN_MONTH, "distinct volunteers from giver_seat who did those hours (each counted once "
                    + "however many activities); 0 when none"),
            TableDoc.column(VALUE_GBP_IN_MONTH, "pounds of non-labour aid (cash, printing, materials, transport, other) given by "
                    + "giver_seat to receiver_seat in the month, by the date it was given; 0 when there was none"),
            TableDoc.column(HOURS_YEAR_TO_DATE, "hours_in_month summed from January of the year to this month (months before "
                    + "the run's first month read from the warehouse); 0 when the help so far was aid only"),
            TableDoc.column(VOLUNTEERS_YEAR_TO_DATE, "distinct volunteers from giver_seat who worked in receiver_seat from "
                    + "1 January to the end of the month (each counted once, not summed over months); 0 when none"),
            TableDoc.column(VALUE_GBP_YEAR_TO_DATE, "value_gbp_in_month summed from January of the year to this month; 0 when none"),
            TableDoc.column(RUN_ID, "the run that made this row")));

    private MutualAid() {}

    public static Dataset<Row> compute(SparkSession spark, CuratedTables curated, MetricSettings settings) {
        Dataset<Row> months = Months.of(spark, settings);
        Dataset<Row> hours = volunteerHoursGiven(curated.table(Source.ACTIVITIES), curated.table(Source.VOLUNTEERS), months, settings);
        Dataset<Row> value = aidValueGiven(curated.table(Source.AID), months, settings);
        return hoursBesideValue(hours, value, settings);
    }

    /**
     * Per (home seat, seat worked in, run month), home seat and seat worked in different: hours and
     * distinct volunteers in the month, and from 1 January to the end of the month.
     */
    private static Dataset<Row> volunteerHoursGiven(Dataset<Row> activities, Dataset<Row> volunteers, Dataset<Row> months,
                                                    MetricSettings settings) {
        Dataset<Row> homeSeat = volunteers.select(col("volunteer_key"), col(Columns.SEAT_CODE).as("home_seat"));
        Dataset<Row> perVolunteerMonth = inRunYears(activities, "activity_date", settings)
                .join(broadcast(homeSeat), "volunteer_key")
                .where(col("home_seat").notEqual(col(Columns.SEAT_CODE)))
                .groupBy(col("home_seat").as(GIVER_SEAT), col(Columns.SEAT_CODE).as(RECEIVER_SEAT), col("volunteer_key"),
                        trunc(col("activity_date"), "MM").as("fact_month"))
                .agg(sum(col("hours").cast(HOURS_SUM)).as("hours"));
        Column inMonth = col("fact_month").equalTo(col(MONTH));
        return yearToDate(perVolunteerMonth, months)
                .groupBy(col(GIVER_SEAT), col(RECEIVER_SEAT), col(MONTH))
                .agg(sum(when(inMonth, col("hours"))).as(HOURS_IN_MONTH),
                        count_distinct(when(inMonth, col("volunteer_key"))).as(VOLUNTEERS_IN_MONTH),
                        sum(col("hours")).as(HOURS_YEAR_TO_DATE),
                        count_distinct(col("volunteer_key")).as(VOLUNTEERS_YEAR_TO_DATE));
    }

    /** Aid value per (from seat, to seat, run month), in the month and year to date; aid a seat records to itself is left out. */
    private static Dataset<Row> aidValueGiven(Dataset<Row> aid, Dataset<Row> months, MetricSettings settings) {
        Dataset<Row> perMonth = inRunYears(aid, "given_on", settings)
                .where(col("from_seat").notEqual(col("to_seat")))
                .groupBy(col("from_seat").as(GIVER_SEAT), col("to_seat").as(RECEIVER_SEAT),
                        trunc(col("given_on"), "MM").as("fact_month"))
                .agg(sum(col("value_gbp")).as("value_gbp"));
        return yearToDate(perMonth, months)
                .groupBy(col(GIVER_SEAT), col(RECEIVER_SEAT), col(MONTH))
                .agg(sum(when(col("fact_month").equalTo(col(MONTH)), col("value_gbp"))).as(VALUE_GBP_IN_MONTH),
                        sum(col("value_gbp")).as(VALUE_GBP_YEAR_TO_DATE));
    }

    /** Each row (dated by fact_month) under every run month of the same year from its own month on. */
    private static Dataset<Row> yearToDate(Dataset<Row> perFactMonth, Dataset<Row> months) {
        return perFactMonth.join(broadcast(months), year(col("fact_month")).equalTo(year(col(MONTH)))
                .and(col("fact_month").leq(col(MONTH))));
    }

    private static Dataset<Row> hoursBesideValue(Dataset<Row> hours, Dataset<Row> value, MetricSettings settings) {
        // a join on the key columns by name: a direction in either side has a row, its keys from whichever has it
        return hours.join(value, MetricColumns.joinColumns(List.of(GIVER_SEAT, RECEIVER_SEAT, MONTH)), "full_outer").select(
                col(GIVER_SEAT), col(RECEIVER_SEAT), col(MONTH),
                year(col(MONTH)).as(YEAR),
                hoursOrZero(col(HOURS_IN_MONTH)).as(HOURS_IN_MONTH),
                coalesce(col(VOLUNTEERS_IN_MONTH), lit(0L)).as(VOLUNTEERS_IN_MONTH),
                coalesce(col(VALUE_GBP_IN_MONTH), lit(0)).cast(MONEY).as(VALUE_GBP_IN_MONTH),
                hoursOrZero(col(HOURS_YEAR_TO_DATE)).as(HOURS_YEAR_TO_DATE),
                coalesce(col(VOLUNTEERS_YEAR_TO_DATE), lit(0L)).as(VOLUNTEERS_YEAR_TO_DATE),
                coalesce(col(VALUE_GBP_YEAR_TO_DATE), lit(0)).cast(MONEY).as(VALUE_GBP_YEAR_TO_DATE),
                lit(settings.runId()).as(RUN_ID));
    }

    private static Column hoursOrZero(Column decimalHours) {
        return coalesce(decimalHours, lit(0).cast(HOURS_SUM)).cast(DataTypes.DoubleType);
    }

    /** Rows dated from 1 January of the run's first year to the last day of the run's last month. */
    static Dataset<Row> inRunYears(Dataset<Row> facts, String dateColumn, MetricSettings settings) {
        LocalDate firstYearStart = LocalDate.of(settings.fromMonth().getYear(), 1, 1);
        return facts.where(col(dateColumn).geq(lit(firstYearStart)).and(col(dateColumn).leq(lit(settings.lastDay()))));
    }
}
