package org.organisermetrics.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.organisermetrics.contract.Source;
import org.organisermetrics.metrics.CuratedTables;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.metrics.SeatElection;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;
import org.organisermetrics.testing.SharedSpark;
import org.organisermetrics.warehouse.Warehouse;

/**
 * The real House of Commons Library files through {@code run}: a landing zone with only a seats file built
 * from the same publication and {@code official_results/} holding the 2010 and 2015 results-site files, the
 * older 2015 candidate file (its candidates are already in the 2015 results-site file) and the 2017 older
 * candidate file with the 2017 constituency file (which gives its electorates).
 */
class OfficialResultsImportTest {
    private static final double EPS = 1e-12;
    private static CuratedTables curated;
    private static Cli.Outcome outcome;

    @BeforeAll
    static void run() throws IOException {
        Path landing = Files.createTempDirectory("official-landing");
        Files.createDirectories(landing.resolve("seats"));
        Files.copy(Fixtures.resource("official/seats-2010-boundaries.csv"), landing.resolve("seats/seats.csv"));
        Path official = Files.createDirectories(landing.resolve(OfficialResults.FOLDER));
        for (String f : List.of(OfficialFileTest.GE2010, OfficialFileTest.GE2015, OfficialFileTest.GE2015_LIBRARY,
                OfficialFileTest.GE2017_LIBRARY, OfficialFileTest.GE2017_CONSTITUENCIES)) {
            Files.copy(Fixtures.resource("official/" + f), official.resolve(f));
        }
        Path warehouse = landing.resolveSibling(landing.getFileName() + "-warehouse");
        outcome = Cli.run("run", "--landing", landing.toString(), "--warehouse", warehouse.toString(),
                "--from", "2024-01", "--to", "2024-12", "--as-of", "2026-11-01", "--demo");
        SparkSession spark = SharedSpark.session();
        curated = CuratedTables.fromWarehouse(spark, new Warehouse(warehouse.toString(), spark.sparkContext().hadoopConfiguration()));
    }

    private static Dataset<Row> results(String election) {
        return curated.table(Source.RESULTS).where(col("election_id").equalTo(election));
    }

    private static long votes(String election, String area, String party) {
        return results(election).where(col("area_code").equalTo(area).and(col("party_code").equalTo(party)))
                .first().getAs("votes");
    }

    @Test
    void theRunLoadsEveryCandidateWithNothingQuarantined() {
        assertEquals(0, outcome.exitCode(), outcome.all());
        // 4,150 (2010) + 3,971 (2015, from the results-site file only) + 3,304 (2017).
        assertEquals(4150 + 3971 + 3304, curated.table(Source.RESULTS).count());
        List<String> elections = curated.table(Source.ELECTIONS).orderBy("polling_date")
                .select("election_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(List.of("GE2010-05-06", "GE2015-05-07", "GE2017-06-08"), elections);
    }

    @Test
    void dagenhamAndRainhamAsPublished() {
        assertEquals(17813, votes("GE2010-05-06", "E14000657", "LAB"));
        assertEquals(15183, votes("GE2010-05-06", "E14000657", "CON"));
        assertEquals(17830, votes("GE2015-05-07", "E14000657", "LAB"));
        assertEquals(12850, votes("GE2015-05-07", "E14000657", "UKIP"));
        assertEquals(22958, votes("GE2017-06-08", "E14000657", "LAB"));
        assertEquals(34617, votes("GE2015-05-07", "E14000608", "SPK")); // Buckingham: the Speaker
    }

    @Test
    void nationalTotalsEqualThePublishedValidVotes() {
        // "Total valid votes in general election" in the results-site files; 2017 from the README of the copies.
        assertEquals(29_687_604L, (long) results("GE2010-05-06").agg(sum("votes")).first().getLong(0));
        assertEquals(30_697_525L, (long) results("GE2015-05-07").agg(sum("votes")).first().getLong(0));
        assertEquals(32_204_184L, (long) results("GE2017-06-08").agg(sum("votes")).first().getLong(0));
        assertEquals(650, results("GE2010-05-06").select("area_code").distinct().count());
    }

    @Test
    void seatElectionOfDagenhamAndRainham() {
        MetricSettings settings = new MetricSettings("official-run", "LAB", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 1),
                MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS, MetricSettings.DEFAULT_ONE_WAY_HOURS);
        Dataset<Row> table = SeatElection.compute(SharedSpark.session(), curated, settings).cache();
        try {
            assertEquals(3 * 650, table.count());
            Row r2015 = table.where(col("area_code").equalTo("E14000657").and(col("election_id").equalTo("GE2015-05-07"))).first();
            assertEquals("London", r2015.getAs("region"));
            assertEquals("LAB", r2015.getAs("winner_party"));
            assertEquals("UKIP", r2015.getAs("runner_up_party"));
            assertEquals(4980L, (long) r2015.getAs("majority")); // 17,830 - 12,850
            assertEquals("GE2010-05-06", r2015.getAs("prev_election_id"));
            assertEquals(69128L, (long) r2015.getAs("electorate"));
            assertEquals(43050L, (long) r2015.getAs("total_votes"));
            // turnout 2015 = 43,050 / 69,128 = 0.622758; 2010 = 44,232 / 69,764 = 0.634023; change = -0.011265
            assertEquals(43050.0 / 69128 - 44232.0 / 69764, (double) r2015.getAs("turnout_change"), EPS);
            // own share 2015 = 17,830 / 43,050 = 0.414170; 2010 = 17,813 / 44,232 = 0.402717; change = +0.011452
            assertEquals(17830.0 / 43050 - 17813.0 / 44232, (double) r2015.getAs("own_share_change"), EPS);
            // own margin 2015 = 17,830 - 12,850 = 4,980; 2010 = 17,813 - 15,183 = 2,630; change = 2,350
            assertEquals(2350L, (long) r2015.getAs("own_margin_change"));
            Row r2010 = table.where(col("area_code").equalTo("E14000657").and(col("election_id").equalTo("GE2010-05-06"))).first();
            assertEquals(2630L, (long) r2010.getAs("majority"));
            Row r2017 = table.where(col("area_code").equalTo("E14000657").and(col("election_id").equalTo("GE2017-06-08"))).first();
            assertEquals(4652L, (long) r2017.getAs("majority")); // 22,958 - 18,306
            assertEquals(70616L, (long) r2017.getAs("electorate")); // from the 2017 constituency file
            assertEquals("GE2015-05-07", r2017.getAs("prev_election_id"));
            // The Library's own Majority column agrees with ours in every seat (README: checked for all 650).
            assertEquals(0, table.where(col("majority").isNull()).count());
        } finally {
            table.unpersist();
        }
    }

    @Test
    void aFileInAnUnknownLayoutStopsTheRunNamingIt() throws IOException {
        Path landing = Files.createTempDirectory("official-bad");
        Files.createDirectories(landing.resolve("seats"));
        Files.copy(Fixtures.resource("official/seats-2010-boundaries.csv"), landing.resolve("seats/seats.csv"));
        Path official = Files.createDirectories(landing.resolve(OfficialResults.FOLDER));
        Files.writeString(official.resolve("1918-2017election_results.csv"),
                "constituency_id,seats,constituency,country/region,electorate,con_votes\nE14000530,1,ALDERSHOT,South East,71469,21203\n",
                StandardCharsets.UTF_8);
        Path warehouse = landing.resolveSibling(landing.getFileName() + "-warehouse");
        Cli.Outcome bad = Cli.run("run", "--landing", landing.toString(), "--warehouse", warehouse.toString(),
                "--from", "2024-01", "--to", "2024-12", "--as-of", "2026-11-01", "--demo");
        assertEquals(3, bad.exitCode(), bad.all());
        assertTrue(bad.all().contains("official_results/1918-2017election_results.csv:1: not an official results layout"), bad.all());
        assertFalse(Files.exists(warehouse.resolve("curated")), "nothing is written");
    }
}
