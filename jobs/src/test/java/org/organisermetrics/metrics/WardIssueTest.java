package org.organisermetrics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.organisermetrics.contract.Source;
import org.organisermetrics.testing.InMemoryCurated;
import org.organisermetrics.testing.SharedSpark;

/**
 * ward_issue from a tiny contacts table written here, the expected values worked out by hand.
 *
 * <p>Wards W1 = E05000001 and W2 = E05000002, both in seat S = E14000001. The run covers
 * 2024-02 to 2024-04, so its months count Q1 2024 to date (from 1 January: January is history
 * before the run, and counts) and Q2 2024 to date (to 30 April: May waits for its own run).
 * March's rows are the whole of Q1; February's only January and February.
 */
class WardIssueTest {
    static final String S = "E14000001", W1 = "E05000001", W2 = "E05000002";
    static final Date FEB = Date.valueOf("2024-02-01"), MAR = Date.valueOf("2024-03-01"), APR = Date.valueOf("2024-04-01");
    static final MetricSettings SETTINGS = new MetricSettings("run-issues", "LAB",
            LocalDate.of(2024, 2, 1), LocalDate.of(2024, 4, 1),
            MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS, MetricSettings.DEFAULT_ONE_WAY_HOURS);

    static Dataset<Row> wardIssue;

    @BeforeAll
    static void compute() {
        SparkSession spark = SharedSpark.session();
        Tables t = new Tables(spark);
        t.ward(W1, S).ward(W2, S);
        // W1, Q1: HOUSING 2, POTHOLES 2, CRIME 1 -> 5 issue-raising contacts.
        t.contact(W1, "2024-01-10", "LAB", "HOUSING")          // January, before the run's first month: same quarter
                .contact(W1, "2024-02-10", "CON", "HOUSING")
                .contact(W1, "2024-03-31", "UNDECIDED", "POTHOLES") // last day of Q1
                .contact(W1, "2024-03-01", "REFUSED", "POTHOLES")   // refused to say a voting intention, still a contact
                .contact(W1, "2024-03-02", "LAB", "CRIME");
        // Not counted: NOT_HOME (an attempt), no issue, no ward, Q4 2023 (not a run quarter), May (after the run).
        t.contact(W1, "2024-03-03", "NOT_HOME", "HOUSING")
                .contact(W1, "2024-03-04", "LAB", null)
                .contact(null, "2024-03-05", "LAB", "HOUSING")
                .contact(W1, "2023-12-31", "LAB", "CRIME")
                .contact(W1, "2024-05-01", "LAB", "TRANSPORT");
        // W1, Q2: CRIME 2, TRANSPORT 1 -> 3.
        t.contact(W1, "2024-04-01", "LAB", "CRIME")             // first day of Q2
                .contact(W1, "2024-04-30", "GRN", "CRIME")
                .contact(W1, "2024-04-15", "LAB", "TRANSPORT");
        // W2, Q1: TRANSPORT 1.
        t.contact(W2, "2024-02-20", "LAB", "TRANSPORT");
        wardIssue = WardIssue.compute(spark, t.curated(), SETTINGS).cache();
    }

    @Test
    void hasTheDocumentedColumnsInOrder() {
        assertEquals(WardIssue.TABLE.columnNames(), List.of(wardIssue.columns()));
    }

    @Test
    void keyIsUnique() {
        assertEquals(wardIssue.count(), wardIssue.select("ward_code", "month", "issue_code").distinct().count());
        // February: W1 1 issue (HOUSING), W2 1; March: W1 3, W2 1; April: W1 2, W2 none (Q2 so far) -> 8 rows
        assertEquals(8, wardIssue.count(), () -> wardIssue.collectAsList().toString());
    }

    @Test
    void aTieIsBrokenByIssueCode() {
        // HOUSING and POTHOLES both 2 in W1 Q1: HOUSING sorts first, so it is the ward's one big issue.
        assertRow(W1, MAR, "HOUSING", 2, 0.4, 1);   // 2 / (2 + 2 + 1) = 0.4
        assertRow(W1, MAR, "POTHOLES", 2, 0.4, 2);  // 2 / 5
        assertRow(W1, MAR, "CRIME", 1, 0.2, 3);     // 1 / 5
    }

    @Test
    void notHomeAndContactsWithoutWardOrIssueAreNotCounted() {
        // HOUSING in W1 Q1 would be 3 with the NOT_HOME row; the ward-less HOUSING contact belongs to no ward.
        assertEquals(0, wardIssue.where("ward_code is null or issue_code is null").count());
        assertRow(W1, MAR, "HOUSING", 2, 0.4, 1);
    }

    @Test
    void aMonthCountsItsQuarterOnlyToItsOwnEnd() {
        // February: Q1 so far is HOUSING on 10 January and 10 February; March's POTHOLES and CRIME not yet.
        assertRow(W1, FEB, "HOUSING", 2, 1.0, 1);
        assertEquals(1, wardIssue.where("ward_code = '" + W1 + "' and month = date'2024-02-01'").count());
        assertEquals(0, wardIssue.where("quarter <> date'2024-01-01' and month < date'2024-04-01'").count());
    }

    @Test
    void quartersSplitOnTheirFirstDayAndStopAtTheRunsLastMonth() {
        assertRow(W1, APR, "CRIME", 2, 2.0 / 3.0, 1);      // 1 and 30 April; 2 / (2 + 1): Q1's rows not carried over
        assertRow(W1, APR, "TRANSPORT", 1, 1.0 / 3.0, 2);  // 15 April only; 1 May is after the run -> 1 / 3
        assertEquals(0, wardIssue.where("month < date'2024-02-01' or month > date'2024-04-01'").count());
        assertEquals(0, wardIssue.where("month = date'2024-04-01' and quarter <> date'2024-04-01'").count());
    }

    @Test
    void sharesOfAWardsQuarterAddUpToOne() {
        assertRow(W2, MAR, "TRANSPORT", 1, 1.0, 1);         // W2's only issue-raising contact
        for (Row r : wardIssue.groupBy("ward_code", "month").sum("share").collectAsList()) {
            assertEquals(1.0, r.getDouble(2), 1e-9, r::toString);
        }
    }

    @Test
    void carriesTheWardsSeatAndTheRun() {
        assertEquals(8, wardIssue.where("seat_code = '" + S + "' and run_id = 'run-issues'").count());
    }

    private static void assertRow(String ward, Date month, String issue, long contacts, double share, int rank) {
        List<Row> rows = wardIssue.where(String.format("ward_code = '%s' and month = date'%s' and issue_code = '%s'",
                ward, month, issue)).collectAsList();
        assertEquals(1, rows.size(), () -> ward + " " + month + " " + issue + ": " + rows);
        Row r = rows.get(0);
        String where = ward + " " + month + " " + issue;
        assertEquals(contacts, (long) r.getAs("contacts_quarter_to_date"), where);
        assertEquals(share, r.<Double>getAs("share"), 1e-9, where);
        assertEquals(rank, (int) r.getAs("rank"), where);
    }

    /** Curated tables written row by row in the curated schema (facts get their month from their date). */
    static final class Tables extends InMemoryCurated<Tables> {
        private int contactId;

        Tables(SparkSession spark) {
            super(spark);
        }

        Tables ward(String wardCode, String seatCode) {
            return add(Source.WARDS, Map.of("ward_code", wardCode, "ward_name", "Ward " + wardCode, "seat_code", seatCode));
        }

        Tables contact(String wardCode, String date, String intention, String issueCode) {
            Map<String, Object> v = new HashMap<>();
            v.put("contact_id", "C" + (++contactId));
            v.put("elector_key", "E" + contactId);
            v.put("seat_code", S);
            v.put("ward_code", wardCode);
            v.put("contact_date", Date.valueOf(date));
            v.put("channel", "DOOR");
            v.put("intention", intention);
            v.put("issue_code", issueCode);
            return add(Source.CONTACTS, v);
        }
    }
}
