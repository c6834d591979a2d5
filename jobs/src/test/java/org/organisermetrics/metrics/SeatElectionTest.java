package org.organisermetrics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;
import org.organisermetrics.testing.SharedSpark;
import org.organisermetrics.warehouse.Warehouse;

/**
 * seat_election on the hand-written landing zone {@code landing/elections-promises}: six seats (five in
 * North, one in South), two wards of seat 1, general elections on 2019-12-12 and 2024-07-04, a local
 * election in ward 1 on 2022-05-05, a by-election after the run's months, and ten electors of seat 1
 * with contacts and marked registers chosen to exercise each promise rule. Expected values by hand.
 */
class SeatElectionTest {
    private static final double EPS = 1e-12;
    private static Map<String, Row> rows;
    private static long rowCount;
    private static long distinctKeys;

    @BeforeAll
    static void runAndCompute() throws Exception {
        Path tmp = Files.createTempDirectory("seat-election");
        Path warehouse = tmp.resolve("warehouse");
        Cli.Outcome outcome = Cli.run("run", "--landing", Fixtures.resource("landing/elections-promises").toString(),
                "--warehouse", warehouse.toString(), "--from", "2019-01", "--to", "2024-12",
                "--as-of", "2026-11-01", "--demo");
        assertEquals(0, outcome.exitCode(), outcome.all());
        SparkSession spark = SharedSpark.session();
        CuratedTables curated = CuratedTables.fromWarehouse(spark,
                new Warehouse(warehouse.toString(), spark.sparkContext().hadoopConfiguration()));
        MetricSettings settings = new MetricSettings("test-run", "LAB", LocalDate.of(2019, 1, 1), LocalDate.of(2024, 12, 1),
                MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS, MetricSettings.DEFAULT_ONE_WAY_HOURS);
        Dataset<Row> table = SeatElection.compute(spark, curated, settings);
        assertEquals(SeatElection.TABLE.columnNames(), List.of(table.columns()));
        List<Row> all = table.collectAsList();
        rows = new HashMap<>();
        all.forEach(r -> rows.put(r.getAs("election_id") + "|" + r.getAs("area_code"), r));
        rowCount = all.size();
        distinctKeys = rows.size();
    }

    private static Row row(String election, String area) {
        Row r = rows.get(election + "|" + area);
        assertTrue(r != null, "no row for " + election + " " + area + " in " + rows.keySet());
        return r;
    }

    private static double d(Row r, String column) {
        return ((Number) r.getAs(column)).doubleValue();
    }

    private static long n(Row r, String column) {
        return ((Number) r.getAs(column)).longValue();
    }

    @Test
    void oneRowPerElectionAndAreaPolledByTheEndOfTheRunsLastMonth() {
        // GE2019: 6 seats, LE2022: 1 ward, GE2024: 6 seats = 13; BY2025 (2025-03-06) is after 2024-12-31.
        assertEquals(13, rowCount);
        assertEquals(rowCount, distinctKeys, "the key (election_id, area_code) is unique");
        assertFalse(rows.containsKey("BY2025|E14000001"));
        assertEquals("test-run", row("GE2024", "E14000001").getAs("run_id"));
    }

    @Test
    void theContestOfASeat() {
        Row r = row("GE2024", "E14000001");
        // LAB 450, REF 250, CON 200 of an electorate of 1,100.
        assertEquals("SEAT", r.getAs("area_type"));
        assertEquals("E14000001", r.getAs("seat_code"));
        assertEquals("North", r.getAs("region"));
        assertEquals(LocalDate.of(2024, 7, 4), r.getAs("polling_date"));
        assertEquals("GENERAL", r.getAs("election_type"));
        assertEquals(1100, n(r, "electorate"));
        assertEquals(900, n(r, "total_votes"));
        assertEquals(900.0 / 1100, d(r, "turnout"), EPS);
        assertEquals("LAB", r.getAs("winner_party"));
        assertEquals("REF", r.getAs("runner_up_party"));
        assertEquals(200, n(r, "majority"));
        assertEquals(200.0 / 900, d(r, "majority_share"), EPS);
        assertEquals(450, n(r, "own_votes"));
        assertEquals(0.5, d(r, "own_share"), EPS);
        assertEquals(200, n(r, "own_margin")); // 450 - 250
        // Previous: GE2019, LAB 400 of 800 votes, electorate 1,000, margin 400 - 300 = 100.
        assertEquals("GE2019", r.getAs("prev_election_id"));
        assertEquals(900.0 / 1100 - 800.0 / 1000, d(r, "turnout_change"), EPS);
        assertEquals(0.5 - 0.5, d(r, "own_share_change"), EPS);
        assertEquals(100, n(r, "own_margin_change")); // 200 - 100
    }

    @Test
    void aTieIsBrokenByPartyCodeAlphabeticallyFirst() {
        // GE2019 seat 2: LAB 300, CON 300: CON comes first.
        Row r = row("GE2019", "E14000002");
        assertEquals("CON", r.getAs("winner_party"));
        assertEquals("LAB", r.getAs("runner_up_party"));
        assertEquals(0, n(r, "majority"));
        assertEquals(0, n(r, "own_margin")); // 300 - 300
        assertNull(r.getAs("prev_election_id"));
        assertNull(r.getAs("turnout_change"));
    }

    @Test
    void ownColumnsAreEmptyWhereTheOwnPartyDidNotStand() {
        Row r = row("GE2019", "E14000006"); // CON 500, LD 100
        assertNull(r.getAs("own_votes"));
        assertNull(r.getAs("own_share"));
        assertNull(r.getAs("own_margin"));
        assertEquals("CON", r.getAs("winner_party"));
        assertEquals(400, n(r, "majority"));
        Row next = row("GE2024", "E14000006"); // LAB 100, CON 400
        assertEquals(-300, n(next, "own_margin"));
        assertNull(next.getAs("own_share_change"));
        assertNull(next.getAs("excess_swing"));
        assertEquals(0.0, d(next, "promise_coverage"), EPS); // 0 promises voted / 100 own votes
    }

    @Test
    void excessSwingAgainstTheRegionsMedian() {
        // own_share_change in GE2024, North (seat 6 has none and is left out):
        //   seat 1: 450/900 - 400/800 = 0; seat 2: 420/700 - 300/600 = 0.1;
        //   seat 3: 300/600 - 200/600 = 1/6; seat 5: 150/200 - 100/200 = 0.25.
        // Four values: median = (0.1 + 1/6) / 2 = 2/15.
        double median = (0.1 + 1.0 / 6) / 2;
        assertEquals(0 - median, d(row("GE2024", "E14000001"), "excess_swing"), EPS);
        assertEquals(0.1 - median, d(row("GE2024", "E14000002"), "excess_swing"), 1e-9);
        assertEquals(1.0 / 6 - median, d(row("GE2024", "E14000003"), "excess_swing"), 1e-9);
        assertEquals(0.25 - median, d(row("GE2024", "E14000005"), "excess_swing"), 1e-9);
        // South has one seat: 300/600 - 500/600 = -1/3 is its own median.
        assertEquals(-1.0 / 3, d(row("GE2024", "E14000004"), "own_share_change"), EPS);
        assertEquals(0.0, d(row("GE2024", "E14000004"), "excess_swing"), EPS);
        // No previous election: no change, no excess swing.
        assertNull(row("GE2019", "E14000001").getAs("excess_swing"));
    }

    @Test
    void promisesAndTheirTurnoutInTheGeneralElection() {
        Row r = row("GE2024", "E14000001");
        // On the register on 2024-07-04: E1 E2 E3 E5 E6 E7 E9 E10 = 8 (E4 left 2024-06-30, E8 registered 2024-07-10).
        // Latest stated intention after 2019-12-12 (the previous general election) up to 2024-07-04:
        //   E1 LAB (promise); E2 LAB on 06-01, then NOT_HOME and REFUSED which are not stated (promise);
        //   E3 LAB then CON (no); E4 LAB but left the register (no); E5 CON, its LAB on 07-05 is after polling day (no);
        //   E6 LAB on 2019-12-12, not after the previous election (no); E7 contacts 9 CON and 10 LAB on one day,
        //   10 > 9 as numbers (promise; as text "9" would win); E8 LAB but not yet registered (no);
        //   E9 LAB in 2019, before the previous election (no); E10 none.
        assertEquals(3, n(r, "promises")); // E1 E2 E7
        assertEquals(2, n(r, "promises_voted")); // E1 E7 (E2 did not vote)
        assertEquals(2.0 / 3, d(r, "promise_turnout"), EPS);
        // Marked register: E1 E3 E7 E9 of the 8 on the register.
        assertEquals(4.0 / 8, d(r, "register_turnout"), EPS);
        assertEquals(2.0 / 3 - 0.5, d(r, "promise_turnout_lift"), EPS);
        assertEquals(2.0 / 450, d(r, "promise_coverage"), EPS);
    }

    @Test
    void promisesWithNoPreviousElectionHaveNoLowerBound() {
        Row r = row("GE2019", "E14000001");
        // On the register on 2019-12-12: E1-E7, E9, E10 = 9. Stated by then: E3 CON, E6 LAB (on polling day), E9 LAB.
        assertEquals(2, n(r, "promises"));
        assertEquals(1, n(r, "promises_voted")); // E6
        assertEquals(0.5, d(r, "promise_turnout"), EPS);
        assertEquals(1.0 / 9, d(r, "register_turnout"), EPS);
        assertEquals(0.5 - 1.0 / 9, d(r, "promise_turnout_lift"), EPS);
        assertEquals(1.0 / 400, d(r, "promise_coverage"), EPS);
    }

    @Test
    void yearRoundShareCountsContactsOutsideTheShortCampaign() {
        Row r = row("GE2024", "E14000001");
        // Window 2023-07-05 (365 days before) <= date < 2024-07-04; year-round when more than 28 days before,
        // i.e. on or before 2024-06-05. NOT_HOME (06-20) left out; 07-05 is after; 2023-07-04 is 366 days before.
        //   year-round: 06-01 x4 (E1 E2 E4 E8), 05-01 (E3), 03-01 (E5), 2023-07-05 (street) = 7
        //   short campaign: 06-21 REFUSED (E2), 06-10 (E3), 06-15 x2 (E7), 06-06 exactly 28 days (street) = 5
        assertEquals(7.0 / 12, d(r, "year_round_share"), EPS);
        // GE2019: 2019-11-01 and 2019-06-01 both year-round; 2019-12-12 is polling day itself, not before it.
        assertEquals(1.0, d(row("GE2019", "E14000001"), "year_round_share"), EPS);
        // A seat with no contacts: 0 / 0 is null.
        assertNull(row("GE2024", "E14000002").getAs("year_round_share"));
    }

    @Test
    void aWardIsTheAreaOfALocalElection() {
        Row r = row("LE2022", "E05000001");
        assertEquals("WARD", r.getAs("area_type"));
        assertEquals("E14000001", r.getAs("seat_code"));
        assertEquals("North", r.getAs("region"));
        assertEquals("LOCAL", r.getAs("election_type"));
        assertEquals(0.25, d(r, "turnout"), EPS); // 500 / 2000
        assertEquals("LAB", r.getAs("winner_party"));
        assertEquals(100, n(r, "majority"));
        assertNull(r.getAs("prev_election_id"), "the general elections are of another type");
        // Ward 1 register on 2022-05-05: E1-E7, E9 = 8 (E10 is in ward 2, E8 not yet registered).
        // Latest stated by then, no lower bound: E2 LAB (2022-04-20), E3 CON, E6 LAB, E9 LAB -> 3 promises.
        assertEquals(3, n(r, "promises"));
        assertEquals(2, n(r, "promises_voted")); // E2 E9
        assertEquals(2.0 / 8, d(r, "register_turnout"), EPS);
        assertEquals(2.0 / 3 - 0.25, d(r, "promise_turnout_lift"), EPS);
        assertEquals(2.0 / 300, d(r, "promise_coverage"), EPS);
        // One contact in the ward in the year before, 15 days before polling day: 0 of 1.
        assertEquals(0.0, d(r, "year_round_share"), EPS);
    }

    @Test
    void ratiosWithAZeroDenominatorAreNull() {
        Row r = row("GE2024", "E14000003"); // no electors on the register, no contacts
        assertEquals(0, n(r, "promises"));
        assertNull(r.getAs("promise_turnout"));
        assertNull(r.getAs("register_turnout"));
        assertNull(r.getAs("promise_turnout_lift"));
        assertEquals(0.0, d(r, "promise_coverage"), EPS); // 0 promises voted / 300 own votes
    }
}
