package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.organisermetrics.contract.Codes;
import org.organisermetrics.contract.Columns;
import org.organisermetrics.contract.Source;
import org.organisermetrics.warehouse.TableDoc;

/**
 * ward_issue (METRICS.md): what residents raise, ward by ward, in the quarter to date of each month
 * of the run, and the ward's "one big issue" (the rank-1 row).
 *
 * <p>Steps: the contacts that raise an issue in a ward within the run's quarters, counted
 * per ward, month and issue; each count spread over the run's months of the same quarter from its
 * own month on (quarter to date); then each issue's share of the ward's quarter to date and its rank.
 */
public final class WardIssue {
    public static final String NAME = "ward_issue";

    // keys
    public static final String WARD_CODE = Columns.WARD_CODE;
    public static final String MONTH = Months.MONTH;
    public static final String QUARTER = "quarter";
    public static final String ISSUE_CODE = "issue_code";
    // descriptive
    public static final String SEAT_CODE = Columns.SEAT_CODE;
    // measures
    public static final String CONTACTS = "contacts_quarter_to_date";
    public static final String SHARE = "share";
    public static final String RANK = "rank";
    public static final String RUN_ID = "run_id";

    public static final TableDoc TABLE = new TableDoc(NAME,
            "one row per ward, month of a run and issue raised in the ward from the first day of the month's quarter to "
                    + "the end of the month (the quarter to date: rows dated later are not used). Counts do not add up over "
                    + "months: the row of a quarter's last month is the whole quarter",
            List.of(WARD_CODE, MONTH, ISSUE_CODE), TableDoc.Partitioning.MONTH, TableDoc.schema("""
                    ward_code STRING, seat_code STRING, month DATE, quarter DATE, issue_code STRING,
                    contacts_quarter_to_date BIGINT, share DOUBLE, rank INT NOT NULL, run_id STRING NOT NULL
                    """), List.of(
            TableDoc.column(WARD_CODE, "the ward where the contact was made (contacts without a ward are left out)"),
            TableDoc.column(SEAT_CODE, "the seat the ward belongs to, from the wards list"),
            TableDoc.column(MONTH, "the calendar month (first day of the month) the quarter is counted to; the table's partition"),
            TableDoc.column(QUARTER, "the quarter month lies in, as its first day (1 January, 1 April, 1 July or 1 October); "
                    + "months before the run's first month in the same quarter are read from the warehouse"),
            TableDoc.column(ISSUE_CODE, "the issue the resident raised, as recorded on the contact"),
            TableDoc.column(CONTACTS, "contacts in the ward from the quarter's first day to the end of the month that raised "
                    + "this issue. A contact is a contact row whose intention is not NOT_HOME (nobody answered, so nothing "
                    + "was raised); REFUSED counts. Every contact row counts, so an elector who raised the issue twice counts twice"),
            TableDoc.column(SHARE, CONTACTS + " / all issue-raising contacts in the ward in the quarter to date (the shares "
                    + "of a ward's month add up to 1)"),
            TableDoc.column(RANK, "1 for the issue raised most in the ward in the quarter to date, 2 for the next...; "
                    + "issues raised equally often are ranked by issue_code, alphabetically, so ranks never repeat. "
                    + "The rank-1 row is the ward's \"one big issue\""),
            TableDoc.column(RUN_ID, "the run that made this row")));

    private WardIssue() {}

    public static Dataset<Row> compute(SparkSession spark, CuratedTables curated, MetricSettings settings) {
        Dataset<Row> issueContacts = issueContactsInRunQuarters(curated.table(Source.CONTACTS), settings);
        Dataset<Row> counted = quarterToDate(countPerWardMonthIssue(issueContacts), Months.of(spark, settings));
        return shareAndRank(counted, curated.table(Source.WARDS), settings);
    }

    /** Contacts (NOT_HOME left out) with a ward and an issue, from the first run quarter's first day to the run's last day. */
    private static Dataset<Row> issueContactsInRunQuarters(Dataset<Row> contacts, MetricSettings settings) {
        LocalDate firstQuarterStart = quarterStart(settings.fromMonth());
        return contacts
                .where(col(WARD_CODE).isNotNull().and(col(ISSUE_CODE).isNotNull()))
                .where(col("intention").notEqual(lit(Codes.NOT_HOME)))
                .where(col("contact_date").geq(lit(firstQuarterStart)).and(col("contact_date").leq(lit(settings.lastDay()))))
                .select(col(WARD_CODE), trunc(col("contact_date"), "MM").as("fact_month"), col(ISSUE_CODE));
    }

    private static Dataset<Row> countPerWardMonthIssue(Dataset<Row> issueContacts) {
        return issueContacts.groupBy(WARD_CODE, "fact_month", ISSUE_CODE).agg(count(lit(1)).as("in_month"));
    }

    /** Each month's count under every run month of the same quarter from its own month on, summed. */
    private static Dataset<Row> quarterToDate(Dataset<Row> perMonth, Dataset<Row> months) {
        return perMonth.join(broadcast(months), trunc(col("fact_month"), "quarter").equalTo(trunc(col(MONTH), "quarter"))
                        .and(col("fact_month").leq(col(MONTH))))
                .groupBy(col(WARD_CODE), col(MONTH), col(ISSUE_CODE))
                .agg(sum("in_month").as(CONTACTS));
    }

    private static Dataset<Row> shareAndRank(Dataset<Row> counted, Dataset<Row> wards, MetricSettings settings) {
        WindowSpec wardQuarter = Window.partitionBy(WARD_CODE, MONTH);
        WindowSpec byMostRaised = wardQuarter.orderBy(col(CONTACTS).desc(), col(ISSUE_CODE).asc());
        // wards is a reference table keyed on ward_code: at most one seat per ward, so the join keeps the grain.
        Dataset<Row> wardSeat = wards.select(col(WARD_CODE).as("seat_of_ward"), col(SEAT_CODE));
        return counted
                .withColumn(SHARE, col(CONTACTS).cast("double").divide(sum(CONTACTS).over(wardQuarter)))
                .withColumn(RANK, row_number().over(byMostRaised))
                .join(broadcast(wardSeat), col(WARD_CODE).equalTo(col("seat_of_ward")), "left")
                .select(col(WARD_CODE), col(SEAT_CODE), col(MONTH), trunc(col(MONTH), "quarter").as(QUARTER), col(ISSUE_CODE),
                        col(CONTACTS), col(SHARE), col(RANK), lit(settings.runId()).as(RUN_ID));
    }

    /** The first day of the quarter holding a date. */
    static LocalDate quarterStart(LocalDate d) {
        int firstMonth = (d.getMonthValue() - 1) / 3 * 3 + 1;
        return LocalDate.of(d.getYear(), firstMonth, 1);
    }
}
