package org.organisermetrics.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.Privacy;
import org.organisermetrics.contract.Source;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.SharedSpark;

/**
 * The generator and the ingest checked against each other on a small generated landing zone:
 * clean data loads with no quarantine; injected bad rows are all quarantined with the reasons and
 * counts the generator recorded; no personal value reaches a file outside the restricted zone;
 * DuckDB reads every curated table; totals agree across tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedLandingTest {
    private static final String[] PERIOD = {"--from", "2024-01", "--to", "2025-06"};
    private static final String TODAY = "2026-11-22";
    private Path clean;
    private Path warehouse;
    private Path dirty;
    private Path dirtyWarehouse;
    private final SparkSession spark = SharedSpark.session();

    @BeforeAll
    void generateAndRun() throws IOException {
        Path tmp = Files.createTempDirectory("generated");
        clean = tmp.resolve("clean");
        warehouse = tmp.resolve("warehouse");
        dirty = tmp.resolve("dirty");
        dirtyWarehouse = tmp.resolve("dirty-warehouse");
        ok(Cli.run("generate", "--out", clean.toString(), "--seats", "4", "--seed", "21", PERIOD[0], PERIOD[1], PERIOD[2], PERIOD[3], "--today", TODAY));
        ok(Cli.run("run", "--landing", clean.toString(), "--warehouse", warehouse.toString(), PERIOD[0], PERIOD[1], PERIOD[2], PERIOD[3], "--as-of", TODAY, "--demo"));
        ok(Cli.run("generate", "--out", dirty.toString(), "--seats", "3", "--seed", "22", PERIOD[0], PERIOD[1], PERIOD[2], PERIOD[3], "--today", TODAY, "--bad-rows", "2"));
        ok(Cli.run("run", "--landing", dirty.toString(), "--warehouse", dirtyWarehouse.toString(), PERIOD[0], PERIOD[1], PERIOD[2], PERIOD[3], "--as-of", TODAY, "--demo", "--accept-quarantine"));
    }

    private static void ok(Cli.Outcome o) {
        assertEquals(0, o.exitCode(), o.all());
    }

    private Dataset<Row> dataQuality(Path wh) {
        return spark.read().parquet(wh.resolve("metrics/data_quality").toString());
    }

    private Dataset<Row> dataQualityReasons(Path wh) {
        return spark.read().parquet(wh.resolve("metrics/data_quality_reason").toString());
    }

    private Dataset<Row> dataQualityWarnings(Path wh) {
        return spark.read().parquet(wh.resolve("metrics/data_quality_warning").toString());
    }

    @Test
    void generatedDataLoadsWithNoQuarantine() {
        Dataset<Row> totals = dataQuality(warehouse);
        assertEquals(Source.values().length, totals.count(), "a totals row for every source");
        assertEquals(0L, totals.agg(sum("rows_quarantined")).first().getLong(0), () -> totals.collectAsList().toString());
        assertEquals(0L, totals.where("rows_loaded = 0").count(), "every source has rows: " + totals.collectAsList());
    }

    @Test
    void everyInjectedBadRowIsQuarantinedWithTheRecordedReason() throws IOException {
        Map<String, Long> injected = new HashMap<>();
        List<String> lines = Files.readAllLines(dirty.resolve("_injected-bad-rows.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            injected.merge(f[0] + "/" + f[1], Long.parseLong(f[2]), Long::sum);
        }
        Map<String, Long> found = new HashMap<>();
        for (Row r : dataQuality(dirtyWarehouse).collectAsList()) {
            long dups = r.<Long>getAs("duplicates");
            if (dups > 0) {
                found.put(r.getAs("source") + "/duplicate", dups);
            }
        }
        for (Row r : dataQualityReasons(dirtyWarehouse).collectAsList()) {
            found.put(r.getAs("source") + "/" + r.getAs("reason"), r.<Long>getAs("rows_quarantined"));
        }
        for (Row r : dataQualityWarnings(dirtyWarehouse).collectAsList()) { // a warning: the loaded rows counted under it
            found.put(r.getAs("source") + "/" + r.getAs("warning"), r.<Long>getAs("rows_loaded"));
        }
        assertTrue(injected.size() > 20, "the generator injected many kinds: " + injected);
        assertEquals(new java.util.TreeMap<>(injected), new java.util.TreeMap<>(found));
    }

    @Test
    void noPersonalValueFromTheLandingZoneAppearsOutsideTheRestrictedZone() throws IOException {
        Set<String> personal = personalValues(clean);
        assertTrue(personal.size() > 1000, "the landing zone has names, emails, phones: " + personal.size());
        Set<String> published = new HashSet<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
             Stream<Path> files = Files.walk(warehouse)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String rel = warehouse.relativize(p).toString();
                if (rel.startsWith("restricted/") || rel.contains("/restricted/")) {
                    continue; // the restricted zone, in the published snapshot (snapshots/<run_id>/restricted/)
                }
                if (rel.endsWith(".parquet")) {
                    // Every string column of every published Parquet file, read by DuckDB.
                    List<String> strings = new java.util.ArrayList<>();
                    try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + p + "')")) {
                        while (rs.next()) {
                            if (rs.getString("column_type").equals("VARCHAR")) {
                                strings.add(rs.getString("column_name"));
                            }
                        }
                    }
                    for (String c : strings) {
                        try (ResultSet rs = st.executeQuery("SELECT DISTINCT \"" + c + "\" FROM read_parquet('" + p + "')")) {
                            while (rs.next()) {
                                published.add(rs.getString(1));
                            }
                        }
                    }
                } else if (rel.endsWith(".json")) {
                    String text = Files.readString(p);
                    for (String v : personal) {
                        assertTrue(!text.contains(v), rel + " contains the personal value " + v);
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        published.retainAll(personal);
        assertEquals(Set.of(), published, "personal values found in published Parquet");
    }

    /** Every value of a PERSONAL column in the landing zone (names, emails, phones, addresses, postcodes). */
    private static Set<String> personalValues(Path landing) throws IOException {
        Set<String> values = new HashSet<>();
        for (Source s : Source.values()) {
            Path dir = landing.resolve(s.folder());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    try (InputStream in = Files.newInputStream(f); LandingFile file = new LandingFile(s, f.toString(), in)) {
                        while (file.hasNext()) {
                            String[] v = file.next().values();
                            for (int i = 0; i < v.length; i++) {
                                Column c = s.columns().get(i);
                                if (c.privacy() == Privacy.PERSONAL && v[i] != null && v[i].trim().length() >= 4) {
                                    values.add(v[i].trim());
                                }
                            }
                        }
                    }
                }
            }
        }
        return values;
    }

    @Test
    void duckdbReadsEveryCuratedTableWithTheRowsLoaded() throws Exception {
        Map<String, Long> loaded = new HashMap<>();
        dataQuality(warehouse).collectAsList()
                .forEach(r -> loaded.put(r.getAs("source"), r.<Long>getAs("rows_loaded")));
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            for (Source s : Source.values()) {
                String glob = warehouse.resolve("curated").resolve(s.folder()) + "/**/*.parquet";
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + glob + "', hive_partitioning = true)")) {
                    rs.next();
                    assertEquals((long) loaded.get(s.folder()), rs.getLong(1), s.folder());
                }
            }
        }
    }

    @Test
    void totalsAgreeAcrossTables() {
        Dataset<Row> seatMonth = spark.read().parquet(warehouse.resolve("metrics/seat_month").toString());
        Dataset<Row> volunteers = spark.read().parquet(warehouse.resolve("curated/volunteers").toString());
        Dataset<Row> contacts = spark.read().parquet(warehouse.resolve("curated/contacts").toString());
        Dataset<Row> activities = spark.read().parquet(warehouse.resolve("curated/activities").toString());
        LocalDate from = LocalDate.of(2024, 1, 1);
        LocalDate to = LocalDate.of(2025, 6, 30);
        long recruitedInPeriod = volunteers.where(col("recruited_on").between(from, to)).count();
        Row sums = seatMonth.agg(sum("recruited"), sum("attempts"), sum("volunteer_hours"), sum("aid_hours_given"),
                sum("aid_hours_received")).first();
        assertEquals(recruitedInPeriod, sums.getLong(0), "recruited summed over seats and months");
        assertEquals(contacts.count(), sums.getLong(1), "attempts = every contact row of the period");
        double hours = activities.agg(sum("hours")).first().getDouble(0);
        assertEquals(hours, sums.getDouble(2), 1e-6, "volunteer hours = every activity's hours");
        assertEquals(sums.getDouble(3), sums.getDouble(4), 1e-6, "aid given = aid received, summed over seats");
        Dataset<Row> mutualAid = spark.read().parquet(warehouse.resolve("metrics/mutual_aid").toString());
        assertEquals(sums.getDouble(3), mutualAid.agg(sum("hours_in_month")).first().getDouble(0), 1e-6,
                "mutual_aid hours in each month of the run = seat_month aid hours given");
        Dataset<Row> organiserMonth = spark.read().parquet(warehouse.resolve("metrics/organiser_month").toString());
        // Every selected pilot seat of the generator has an organiser, so the organisers' sums are the pilot months' sums.
        long pilotRecruited = seatMonth.where("pilot").agg(sum("recruited")).first().getLong(0);
        long organiserRecruited = organiserMonth.agg(sum("recruited")).first().getLong(0);
        assertEquals(pilotRecruited, organiserRecruited, "organisers' recruited = pilot seats' recruited in pilot months");
    }
}
