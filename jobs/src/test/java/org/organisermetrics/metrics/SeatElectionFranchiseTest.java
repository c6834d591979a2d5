package org.organisermetrics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;
import org.organisermetrics.testing.SharedSpark;
import org.organisermetrics.warehouse.Warehouse;

/**
 * Franchise markers in seat_election, on the hand-written landing zone {@code landing/franchise-markers}:
 * one seat with one ward, a local and a mayoral election on 2024-05-02, a general election on
 * 2024-07-04 and a by-election on 2025-03-06, and seven electors on the register throughout:
 * <pre>
 *   V1, V2  no marker      every election
 *   V3      L  (peer)      local and mayoral only
 *   V4      F  (overseas)  general and by-election only
 *   V5      G  (EU)        local and mayoral only
 *   V6      "l f"          none: L bars the parliamentary elections, F the local ones (stored "L F")
 *   V7      X  (unknown)   every election, and counted as unknown_franchise_marker
 * </pre>
 * Able to vote: general and by-election V1 V2 V4 V7 (4); local and mayoral V1 V2 V3 V5 V7 (5).
 * V1 V3 V4 V5 V6 said LAB on 2024-04-01. Expected values by hand.
 */
class SeatElectionFranchiseTest {
    private static final double EPS = 1e-12;
    private static final Map<String, Row> rows = new HashMap<>();
    private static Cli.Outcome outcome;
    private static Path warehouse;

    @BeforeAll
    static void runAndCompute() throws Exception {
        warehouse = Files.createTempDirectory("seat-election-franchise").resolve("warehouse");
        outcome = Cli.run("run", "--landing", Fixtures.resource("landing/franchise-markers").toString(),
                "--warehouse", warehouse.toString(), "--from", "2024-01", "--to", "2025-03",
                "--as-of", "2026-11-01", "--demo");
        assertEquals(0, outcome.exitCode(), outcome.all());
        SparkSession spark = SharedSpark.session();
        CuratedTables curated = CuratedTables.fromWarehouse(spark,
                new Warehouse(warehouse.toString(), spark.sparkContext().hadoopConfiguration()));
        MetricSettings settings = new MetricSettings("test-run", "LAB", LocalDate.of(2024, 1, 1), LocalDate.of(2025, 3, 1),
                MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS, MetricSettings.DEFAULT_ONE_WAY_HOURS);
        SeatElection.compute(spark, curated, settings).collectAsList()
                .forEach(r -> rows.put(r.<String>getAs("election_id"), r));
    }

    private static Row row(String election) {
        Row r = rows.get(election);
        assertTrue(r != null, "no row for " + election + " in " + rows.keySet());
        return r;
    }

    private static long n(Row r, String column) {
        return ((Number) r.getAs(column)).longValue();
    }

    private static double d(Row r, String column) {
        return ((Number) r.getAs(column)).doubleValue();
    }

    @Test
    void aGeneralElectionLeavesOutPeersEuCitizensAndElectorsWithNoVote() {
        Row r = row("GE2024");
        // Registered: V1 V2 V4 V7 = 4 (not V3 L, V5 G, V6 L F; all seven before markers counted).
        // Marked: V1 V3 V4 V6 V7; V3 and V6 cannot vote in it, so 3 of the 4.
        assertEquals(3.0 / 4, d(r, "register_turnout"), EPS);
        // Promises: V1 V4 (V3 V5 V6 said LAB but have no vote here); both marked.
        assertEquals(2, n(r, "promises"));
        assertEquals(2, n(r, "promises_voted"));
        assertEquals(1.0, d(r, "promise_turnout"), EPS);
        assertEquals(1.0 - 3.0 / 4, d(r, "promise_turnout_lift"), EPS);
        assertEquals(2.0 / 4, d(r, "promise_coverage"), EPS); // 2 promises voted / 4 LAB votes
    }

    @Test
    void aLocalElectionLeavesOutOverseasElectorsAndElectorsWithNoVote() {
        Row r = row("LE2024");
        assertEquals("WARD", r.getAs("area_type"));
        // Registered: V1 V2 V3 V5 V7 = 5 (not V4 F, V6 L F). Marked: V2 V3 V4 V5; V4 cannot vote in it: 3 of 5.
        assertEquals(3.0 / 5, d(r, "register_turnout"), EPS);
        // Promises: V1 V3 V5 (V4 V6 have no vote here); voted: V3 V5.
        assertEquals(3, n(r, "promises"));
        assertEquals(2, n(r, "promises_voted"));
        assertEquals(2.0 / 3, d(r, "promise_turnout"), EPS);
    }

    @Test
    void aMayoralElectionFollowsTheLocalFranchise() {
        Row r = row("MY2024");
        assertEquals("SEAT", r.getAs("area_type"));
        // Registered as for a local election: 5. Marked: V1 V5 V6; V6 cannot vote in it: 2 of 5.
        assertEquals(2.0 / 5, d(r, "register_turnout"), EPS);
        assertEquals(3, n(r, "promises")); // V1 V3 V5
        assertEquals(2, n(r, "promises_voted")); // V1 V5
    }

    @Test
    void aByElectionFollowsTheParliamentaryFranchise() {
        Row r = row("BY2025");
        // Registered as for a general election: 4. Marked: V4 V5; V5 (G) cannot vote in it: 1 of 4.
        assertEquals(1.0 / 4, d(r, "register_turnout"), EPS);
        assertEquals(2, n(r, "promises")); // V1 V4, no earlier by-election so no lower bound
        assertEquals(1, n(r, "promises_voted")); // V4
        assertEquals(0.5, d(r, "promise_turnout"), EPS);
    }

    @Test
    void anUnknownMarkerLoadsAndIsCounted() {
        Map<String, Long> warnings = new HashMap<>();
        for (Row r : SharedSpark.session().read().parquet(warehouse.resolve("metrics/data_quality_warning").toString())
                .collectAsList()) {
            warnings.put(r.<String>getAs("source") + "/" + r.getAs("warning"), r.<Long>getAs("rows_loaded"));
        }
        assertEquals(Map.of("electors/unknown_franchise_marker", 1L), warnings); // V7's X
        assertTrue(outcome.out().contains("electors: 1 loaded row counted as unknown_franchise_marker (data_quality_warning)"),
                outcome.out());
        // The markers are stored upper-case, as the register writes them.
        Map<String, String> franchise = new HashMap<>();
        SharedSpark.session().read().parquet(warehouse.resolve("curated/electors").toString()).collectAsList()
                .forEach(r -> franchise.put(r.<String>getAs("elector_key"), r.getAs("franchise")));
        assertEquals(7, franchise.size());
        assertTrue(franchise.containsValue("L F"), franchise.toString());
    }
}
