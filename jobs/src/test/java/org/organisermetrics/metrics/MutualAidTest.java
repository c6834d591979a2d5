package org.organisermetrics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.Source;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;
import org.organisermetrics.testing.InMemoryCurated;
import org.organisermetrics.testing.SharedSpark;
import org.organisermetrics.warehouse.Warehouse;

/**
 * mutual_aid and mutual_aid_pair from tiny curated tables written here, the expected values
 * worked out by hand beside each assertion.
 *
 * <p>Seats: A = E14000001, B = E14000002, C = E14000003, D = E14000004, E = E14000005.
 * Volunteers (home seat): VA1, VA2 (A), VB1 (B), VC1 (C), VD1 (D), VE1 (E).
 * The run covers 2023-12 to 2024-11: each month's row counts its year to date, so December 2023's
 * rows are 2023 from 1 January (months before the run included) and November 2024's are 2024 to
 * 30 November; a month's row never counts a later month.
 */
class MutualAidTest {
    static final String A = "E14000001", B = "E14000002", C = "E14000003", D = "E14000004", E = "E14000005";
    static final MetricSettings SETTINGS = new MetricSettings("run-aid", "LAB",
            LocalDate.of(2023, 12, 1), LocalDate.of(2024, 11, 1),
            MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS, MetricSettings.DEFAULT_ONE_WAY_HOURS);

    static SparkSession spark;
    static Dataset<Row> mutualAid;
    static Dataset<Row> pairs;

    @BeforeAll
    static void compute() {
        spark = SharedSpark.session();
        Tables t = new Tables(spark);
        t.volunteer("VA1", A).volunteer("VA2", A).volunteer("VB1", B).volunteer("VC1", C)
                .volunteer("VD1", D).volunteer("VE1", E);

        // A -> B, 2023: 1.0 (Feb, before the run's first month, same year) + 5.0 (31 Dec) by VA1.
        t.activity("VA1", "2023-02-01", 1.0, B).activity("VA1", "2023-12-31", 5.0, B);
        // A -> B, 2024: VA1 3.0 + 2.0, VA2 1.0 -> 6.0 hours, 2 distinct volunteers (VA1 counted once).
        t.activity("VA1", "2024-01-01", 3.0, B).activity("VA1", "2024-06-01", 2.0, B).activity("VA2", "2024-07-01", 1.0, B);
        // Outside the run's years / after its last month: not counted.
        t.activity("VA2", "2022-12-31", 9.0, B).activity("VA2", "2024-12-01", 9.0, B);
        // VA1 working in A, their own seat: not mutual aid.
        t.activity("VA1", "2024-05-01", 4.0, A);
        // B -> A, 2024: 1.5.
        t.activity("VB1", "2024-04-01", 1.5, A);
        // C -> D, 2024: 5 x 20 = 100 hours, exactly the one-way threshold.
        for (int day = 1; day <= 5; day++) {
            t.activity("VC1", "2024-02-0" + day, 20.0, D);
        }
        // E -> A, 2024: 4 x 24 + 3.5 = 99.5 hours, just under the threshold.
        for (int day = 1; day <= 4; day++) {
            t.activity("VE1", "2024-03-0" + day, 24.0, A);
        }
        t.activity("VE1", "2024-03-05", 3.5, A);
        // D -> E, 2024: 10 x 0.1 = 1.0 exactly (summing doubles would give 0.9999999999999999).
        for (int day = 10; day < 20; day++) {
            t.activity("VD1", "2024-08-" + day, 0.1, E);
        }

        // Aid: A -> B 2023 10.00; B -> C 2024 250.00 + 100.50 = 350.50 (no hours: an aid-only direction);
        // D -> C 2024 50.00 (the other way from C's 100 hours); A -> A is a seat to itself: left out.
        t.aid("2023-12-31", A, B, "CASH", "10.00").aid("2024-03-15", B, C, "PRINTING", "250.00")
                .aid("2024-09-01", B, C, "MATERIALS", "100.50").aid("2024-06-01", D, C, "TRANSPORT", "50.00")
                .aid("2024-06-01", A, A, "CASH", "999.00").aid("2024-12-01", B, C, "CASH", "7.00");

        CuratedTables curated = t.curated();
        mutualAid = MutualAid.compute(spark, curated, SETTINGS).cache();
        pairs = MutualAidPair.fromMutualAid(mutualAid, SETTINGS).cache();
    }

    @Test
    void hasTheDocumentedColumnsInOrder() {
        assertEquals(MutualAid.TABLE.columnNames(), List.of(mutualAid.columns()));
        assertEquals(MutualAidPair.TABLE.columnNames(), List.of(pairs.columns()));
    }

    @Test
    void keysAreUnique() {
        assertEquals(mutualAid.count(), mutualAid.select("giver_seat", "receiver_seat", "month").distinct().count());
        assertEquals(pairs.count(), pairs.select("seat_a", "seat_b", "month").distinct().count());
        assertEquals(0, pairs.where("seat_a >= seat_b").count(), "seat_a < seat_b on every row");
        assertEquals(0, mutualAid.where("giver_seat = receiver_seat").count());
    }

    @Test
    void everyDirectionHasARowFromItsFirstMonthOfHelpInTheYearToTheRunsEnd() {
        // December 2023: (A,B) only. November 2024: (A,B) (B,A) (C,D) (D,C) (B,C) (E,A) (D,E) = 7.
        assertEquals(1, mutualAid.where("month = date'2023-12-01'").count());
        assertEquals(7, mutualAid.where("month = date'2024-11-01'").count());
        // Rows from the first month of help in the year to November 2024: (A,B) 2023-12 1, (A,B) Jan 11,
        // (B,A) Apr 8, (C,D) Feb 10, (D,C) Jun 6, (B,C) Mar 9, (E,A) Mar 9, (D,E) Aug 4 = 58.
        assertEquals(58, mutualAid.count(), () -> mutualAid.collectAsList().toString());
        assertEquals(0, mutualAid.where("run_id <> 'run-aid'").count());
        assertEquals(0, mutualAid.where("year <> year(month)").count());
    }

    @Test
    void volunteersAreCountedOnceAndHoursSummedAcrossTheYear() {
        Row ab2024 = direction(A, B, "2024-11");
        assertEquals(6.0, ab2024.<Double>getAs("hours_year_to_date"), 1e-9);      // 3.0 + 2.0 + 1.0
        assertEquals(2L, (long) ab2024.getAs("volunteers_year_to_date"));        // VA1 (twice) + VA2
        assertMoney("0.00", ab2024.getAs("value_gbp_year_to_date"));               // no aid A -> B in 2024
        assertEquals(0.0, ab2024.<Double>getAs("hours_in_month"), 0.0);           // nothing in November itself
        Row june = direction(A, B, "2024-06");
        assertEquals(2.0, june.<Double>getAs("hours_in_month"), 1e-9);            // VA1 on 1 June
        assertEquals(1L, (long) june.getAs("volunteers_in_month"));
        assertEquals(5.0, june.<Double>getAs("hours_year_to_date"), 1e-9);        // 3.0 (Jan) + 2.0; July's 1.0 not yet
        assertEquals(1L, (long) june.getAs("volunteers_year_to_date"));          // VA2 first helped in July
    }

    @Test
    void aYearCountsFromFirstJanuaryToTheEndOfTheRunAndNoFurther() {
        Row ab2023 = direction(A, B, "2023-12");
        assertEquals(6.0, ab2023.<Double>getAs("hours_year_to_date"), 1e-9);      // 1.0 (Feb 2023) + 5.0 (31 Dec 2023); 2022 left out
        assertEquals(5.0, ab2023.<Double>getAs("hours_in_month"), 1e-9);          // 31 Dec 2023
        assertEquals(1L, (long) ab2023.getAs("volunteers_year_to_date"));
        assertMoney("10.00", ab2023.getAs("value_gbp_year_to_date"));              // given 31 Dec 2023
        // 1 January starts the count again: January 2024 is VA1's 3.0 alone.
        assertEquals(3.0, direction(A, B, "2024-01").<Double>getAs("hours_year_to_date"), 1e-9);
        // 2024-12-01 (9 hours by VA2, £7 B -> C) is after the run's last month: in no row.
        assertEquals(0, mutualAid.where("month < date'2023-12-01' or month > date'2024-11-01'").count());
        assertMoney("350.50", direction(B, C, "2024-11").getAs("value_gbp_year_to_date"));
    }

    @Test
    void workInOnesOwnSeatIsNotAid() {
        assertEquals(0, mutualAid.where("giver_seat = '" + A + "' and receiver_seat = '" + A + "'").count());
        // and A's £999 to itself is not aid either (checked by keysAreUnique: no giver = receiver row)
    }

    @Test
    void aDirectionThatExistsOnlyThroughAidHasZeroHoursAndVolunteers() {
        Row bc = direction(B, C, "2024-11");
        assertEquals(0.0, bc.<Double>getAs("hours_year_to_date"), 0.0);
        assertEquals(0L, (long) bc.getAs("volunteers_year_to_date"));
        assertMoney("350.50", bc.getAs("value_gbp_year_to_date"));                 // 250.00 + 100.50
        assertMoney("250.00", direction(B, C, "2024-08").getAs("value_gbp_year_to_date"));  // September's 100.50 not yet
        assertMoney("100.50", direction(B, C, "2024-09").getAs("value_gbp_in_month"));

        Row pair = pair(B, C, "2024-11");
        assertEquals(0.0, pair.<Double>getAs("hours_a_to_b_year_to_date"), 0.0);
        assertEquals(0.0, pair.<Double>getAs("hours_b_to_a_year_to_date"), 0.0);
        assertMoney("350.50", pair.getAs("value_a_to_b_year_to_date"));
        assertMoney("0.00", pair.getAs("value_b_to_a_year_to_date"));
        assertNull(pair.getAs("reciprocity"), "no hours either way: 0/0 is null");
        assertFalse(pair.<Boolean>getAs("one_way"));
    }

    @Test
    void reciprocityIsTheSmallerDirectionOverTheLarger() {
        Row ab = pair(A, B, "2024-11");
        assertEquals(6.0, ab.<Double>getAs("hours_a_to_b_year_to_date"), 1e-9);
        assertEquals(1.5, ab.<Double>getAs("hours_b_to_a_year_to_date"), 1e-9);
        assertEquals(0.25, ab.<Double>getAs("reciprocity"), 1e-9);   // min(6.0, 1.5) / max(6.0, 1.5) = 1.5 / 6.0
        assertFalse(ab.<Boolean>getAs("one_way"));                   // both directions gave hours
        assertEquals(0.0, pair(A, B, "2024-03").<Double>getAs("reciprocity"), 0.0);  // B's 1.5 came in April

        Row b2a = direction(B, A, "2024-11");
        assertEquals(1.5, b2a.<Double>getAs("hours_year_to_date"), 1e-9);
        assertEquals(1L, (long) b2a.getAs("volunteers_year_to_date"));
    }

    @Test
    void aPairIsOneWayFromTheThresholdWhateverMoneyWentBack() {
        Row cd = pair(C, D, "2024-11");
        assertEquals(100.0, cd.<Double>getAs("hours_a_to_b_year_to_date"), 0.0);  // 5 x 20
        assertEquals(0.0, cd.<Double>getAs("hours_b_to_a_year_to_date"), 0.0);
        assertMoney("0.00", cd.getAs("value_a_to_b_year_to_date"));
        assertMoney("50.00", cd.getAs("value_b_to_a_year_to_date"));               // D's £50 to C does not count against one_way
        assertEquals(0.0, cd.<Double>getAs("reciprocity"), 0.0);     // 0 / 100
        assertTrue(cd.<Boolean>getAs("one_way"));                    // 100 >= 100 and 0 the other way

        Row ae = pair(A, E, "2024-11");                              // E gave A 99.5 hours, A gave E nothing
        assertEquals(0.0, ae.<Double>getAs("hours_a_to_b_year_to_date"), 0.0);
        assertEquals(99.5, ae.<Double>getAs("hours_b_to_a_year_to_date"), 0.0);   // 4 x 24 + 3.5
        assertFalse(ae.<Boolean>getAs("one_way"));                   // 99.5 < 100

        Row ab2023 = pair(A, B, "2023-12");                          // one way, but only 6 hours
        assertEquals(0.0, ab2023.<Double>getAs("reciprocity"), 0.0);
        assertFalse(ab2023.<Boolean>getAs("one_way"));
    }

    @Test
    void theOneWayThresholdIsASetting() {
        MetricSettings lower = new MetricSettings("run-aid", "LAB", SETTINGS.fromMonth(), SETTINGS.toMonth(),
                SETTINGS.shortCampaignDays(), 5.0);
        Dataset<Row> p = MutualAidPair.fromMutualAid(mutualAid, lower);
        // With 5 hours, in December 2023 and November 2024: (A,B,2023) 6.0 vs 0 -> one way; (A,E) 99.5 vs 0
        // -> one way; (C,D) 100 vs 0 -> one way; (A,B,2024) 6.0 vs 1.5 no; (B,C) 0 vs 0 no; (D,E) 1.0 vs 0 no.  -> 3
        assertEquals(3, p.where("one_way and month in (date'2023-12-01', date'2024-11-01')").count());
    }

    @Test
    void hoursAddUpExactly() {
        assertEquals(1.0, direction(D, E, "2024-11").<Double>getAs("hours_year_to_date"), 0.0); // 10 x 0.1, no rounding error
        assertEquals(1.0, direction(D, E, "2024-08").<Double>getAs("hours_in_month"), 0.0);
        assertEquals(1, pairs.where("month = date'2023-12-01'").count());  // (A,B)
        assertEquals(5, pairs.where("month = date'2024-11-01'").count());  // (A,B) (C,D) (B,C) (A,E) (D,E)
    }

    @Test
    void readsTheCuratedTablesARunWrites(@TempDir Path tmp) {
        // landing/aid-run: A -> B 2.5 + 1.5 hours by two volunteers, B -> A 2.0, V3 in A (own seat), £120.00 B -> A.
        Path warehouse = tmp.resolve("warehouse");
        Cli.Outcome outcome = Cli.run("run", "--landing", Fixtures.resource("landing/aid-run").toString(),
                "--warehouse", warehouse.toString(), "--from", "2024-01", "--to", "2024-12",
                "--as-of", "2026-11-01", "--demo");
        assertEquals(0, outcome.exitCode(), outcome.all());
        CuratedTables curated = CuratedTables.fromWarehouse(spark,
                new Warehouse(warehouse.toString(), spark.sparkContext().hadoopConfiguration()));
        MetricSettings settings = new MetricSettings("run-e2e", "LAB", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 1),
                MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS, MetricSettings.DEFAULT_ONE_WAY_HOURS);
        List<Row> p = MutualAidPair.compute(spark, curated, settings).where("month = date'2024-12-01'").collectAsList();
        assertEquals(1, p.size(), p::toString);
        Row ab = p.get(0);
        assertEquals(A, ab.getAs("seat_a"));
        assertEquals(4.0, ab.<Double>getAs("hours_a_to_b_year_to_date"), 1e-9);   // 2.5 + 1.5
        assertEquals(2.0, ab.<Double>getAs("hours_b_to_a_year_to_date"), 1e-9);
        assertMoney("120.00", ab.getAs("value_b_to_a_year_to_date"));
        assertEquals(0.5, ab.<Double>getAs("reciprocity"), 1e-9);    // 2.0 / 4.0
        Row a2b = MutualAid.compute(spark, curated, settings)
                .where("giver_seat = '" + A + "' and month = date'2024-12-01'").first();
        assertEquals(2L, (long) a2b.getAs("volunteers_year_to_date"));
    }

    // helpers

    /** The direction's row of a month ("2024-11"). */
    private static Row direction(String giver, String receiver, String month) {
        List<Row> rows = mutualAid.where(String.format("giver_seat = '%s' and receiver_seat = '%s' and month = date'%s-01'",
                giver, receiver, month)).collectAsList();
        assertEquals(1, rows.size(), () -> giver + " -> " + receiver + " " + month + ": " + rows);
        return rows.get(0);
    }

    private static Row pair(String a, String b, String month) {
        List<Row> rows = pairs.where(String.format("seat_a = '%s' and seat_b = '%s' and month = date'%s-01'", a, b, month))
                .collectAsList();
        assertEquals(1, rows.size(), () -> a + " / " + b + " " + month + ": " + rows);
        return rows.get(0);
    }

    private static void assertMoney(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> "expected £" + expected + ", got £" + actual);
    }

    /** Curated tables written row by row in the curated schema (facts get their month from their date). */
    static final class Tables extends InMemoryCurated<Tables> {
        private int activityId;

        Tables(SparkSession spark) {
            super(spark);
        }

        Tables volunteer(String key, String homeSeat) {
            return add(Source.VOLUNTEERS, Map.of("volunteer_key", key, "seat_code", homeSeat,
                    "recruited_on", Date.valueOf("2020-01-01")));
        }

        Tables activity(String volunteerKey, String date, double hours, String seatWorkedIn) {
            return add(Source.ACTIVITIES, Map.of("activity_id", "A" + (++activityId), "volunteer_key", volunteerKey,
                    "activity_date", Date.valueOf(date), "activity_type", "CANVASSING", "hours", hours,
                    "seat_code", seatWorkedIn));
        }

        Tables aid(String givenOn, String from, String to, String type, String gbp) {
            return add(Source.AID, Map.of("given_on", Date.valueOf(givenOn), "from_seat", from, "to_seat", to,
                    "aid_type", type, "value_gbp", new BigDecimal(gbp)));
        }
    }
}
