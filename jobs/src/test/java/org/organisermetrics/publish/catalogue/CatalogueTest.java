package org.organisermetrics.publish.catalogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.organisermetrics.contract.Source;
import org.organisermetrics.testing.Cli;

/** analytics.duckdb as the run leaves it: its views, types, comments, and that it survives a move. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogueTest {
    private Path warehouse;

    @BeforeAll
    void buildTheHandwrittenWarehouse() {
        warehouse = HandwrittenWarehouse.path();
    }

    /** Opens a catalogue read-only the way an analyst's DuckDB does: file_search_path = the warehouse folder. */
    static Connection open(Path warehouse) throws SQLException {
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + CatalogueBuilder.file(warehouse), p);
        try (Statement s = c.createStatement()) {
            s.execute("SET file_search_path = '" + warehouse.toAbsolutePath() + "'");
        }
        return c;
    }

    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(r.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    static String one(Connection c, String sql) throws SQLException {
        return rows(c, sql).get(0).get(0);
    }

    private static List<String> expectedViews() {
        List<String> names = new ArrayList<>();
        for (Source s : Source.values()) {
            names.add(s.folder());
        }
        PublishedTables.ALL.forEach(t -> names.add(t.name()));
        names.add("runs");
        return names;
    }

    @Test
    void theRunBuildsOneViewPerCuratedAndMetricTableAndRunsAndNothingElse() throws Exception {
        assertTrue(Files.isRegularFile(warehouse.resolve("analytics.duckdb")));
        assertFalse(Files.exists(warehouse.resolve(".analytics.duckdb.building")), "the temp file is renamed away");
        try (Connection c = open(warehouse)) {
            TreeSet<String> views = new TreeSet<>();
            rows(c, "SELECT view_name FROM duckdb_views() WHERE NOT internal").forEach(r -> views.add(r.get(0)));
            assertEquals(new TreeSet<>(expectedViews()), views);
            assertEquals("0", one(c, "SELECT count(*) FROM duckdb_tables()"), "views only, no copied data");
            // Restricted data never appears: no view over it, and no view's SQL reads from it.
            for (List<String> r : rows(c, "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal")) {
                assertFalse(r.get(1).contains("restricted"), r.get(0) + " reads the restricted zone");
                assertFalse(r.get(1).contains(warehouse.toString()), r.get(0) + " has an absolute path baked in");
            }
            // Each table view reads its own snapshot's files, not the links that move at the next publish.
            String snapshot = "'snapshots/" + warehouse.resolve("current").toRealPath().getFileName() + "/";
            assertTrue(one(c, "SELECT sql FROM duckdb_views() WHERE view_name = 'seat_month'").contains(snapshot + "metrics/seat_month/"));
            assertTrue(one(c, "SELECT sql FROM duckdb_views() WHERE view_name = 'contacts'").contains(snapshot + "curated/contacts/"));
        }
    }

    @Test
    void viewsReadTheParquetWithTypedPartitions() throws Exception {
        try (Connection c = open(warehouse)) {
            // 3 seats x 4 months (2024-04 .. 2024-07).
            assertEquals("12", one(c, "SELECT count(*) FROM seat_month"));
            assertEquals("2024-04-01", one(c, "SELECT min(month) FROM seat_month"));
            assertEquals("DATE", one(c, "SELECT data_type FROM duckdb_columns() WHERE table_name = 'seat_month' AND column_name = 'month'"));
            assertEquals("DATE", one(c, "SELECT data_type FROM duckdb_columns() WHERE table_name = 'ward_issue' AND column_name = 'quarter'"));
            assertEquals("INTEGER", one(c, "SELECT data_type FROM duckdb_columns() WHERE table_name = 'mutual_aid' AND column_name = 'year'"));
            assertEquals("DATE", one(c, "SELECT data_type FROM duckdb_columns() WHERE table_name = 'contacts' AND column_name = 'month'"));
            // contacts: C1, C2 and C3 (C3's exact duplicate is loaded once), all in May 2024.
            assertEquals("[[2024-05-01, 3]]", rows(c, "SELECT month, count(*) FROM contacts GROUP BY month").toString());
            // Date arithmetic on the typed partition works without a cast.
            assertEquals("3", one(c, "SELECT count(*) FROM seat_month WHERE month = DATE '2024-05-01'"));
        }
    }

    @Test
    void everyViewAndEveryColumnIsExplained() throws Exception {
        try (Connection c = open(warehouse)) {
            for (String view : expectedViews()) {
                String comment = one(c, "SELECT comment FROM duckdb_views() WHERE view_name = '" + view + "'");
                assertTrue(comment != null && !comment.isBlank(), view + " has no comment");
            }
            List<List<String>> bare = rows(c, "SELECT table_name, column_name FROM duckdb_columns() "
                    + "WHERE NOT internal AND (comment IS NULL OR comment = '')");
            assertEquals(List.of(), bare, "columns without a description");
            assertTrue(one(c, "SELECT comment FROM duckdb_views() WHERE view_name = 'seat_month'").contains("one row per seat per month"));
            assertEquals("the pilot's monthly recruitment target, for pilot months; else null",
                    one(c, "SELECT comment FROM duckdb_columns() WHERE table_name = 'seat_month' AND column_name = 'target_recruits'"));
            assertTrue(one(c, "SELECT comment FROM duckdb_columns() WHERE table_name = 'contacts' AND column_name = 'elector_key'")
                    .contains("keyed hash"));
            // A meaning of a table's own column stays with that table: events.event_id says nothing of sign-ups.
            assertTrue(one(c, "SELECT comment FROM duckdb_columns() WHERE table_name = 'event_signups' AND column_name = 'person_key'")
                    .contains("equals volunteers.volunteer_key"));
            assertTrue(one(c, "SELECT comment FROM duckdb_columns() WHERE table_name = 'event_signups' AND column_name = 'event_id'")
                    .contains("counts in no metric"));
            assertFalse(one(c, "SELECT comment FROM duckdb_columns() WHERE table_name = 'events' AND column_name = 'event_id'")
                    .contains("sign-up"));
        }
    }

    @Test
    void theRunsViewReadsTheManifests() throws Exception {
        try (Connection c = open(warehouse)) {
            List<List<String>> runs = rows(c, "SELECT outcome, from_month, to_month, run_id FROM runs");
            assertEquals(1, runs.size());
            assertEquals(List.of("success", "2024-04-01", "2024-07-01"), runs.get(0).subList(0, 3));
            // The manifest records the publish stage (the catalogue is built inside it), and the run id is the one the metric rows carry.
            assertTrue(one(c, "SELECT json_extract(stage_millis, '$.publish') FROM runs") != null);
            assertEquals(runs.get(0).get(3), one(c, "SELECT DISTINCT run_id FROM seat_month"));
        }
    }

    @Test
    void aTableWithNoParquetYetHasATypedEmptyViewMatchingTheRealOne() throws Exception {
        // A bare warehouse folder: every view is empty but typed, from the contract and the tables' declared schemas.
        Path bare = Files.createTempDirectory("bare-wh");
        new CatalogueBuilder(bare, TableSchemas.declared()).build();
        try (Connection empty = open(bare); Connection real = open(warehouse)) {
            for (String view : expectedViews()) {
                assertEquals("0", one(empty, "SELECT count(*) FROM " + view), view);
                assertEquals(describe(real, view), describe(empty, view), view + ": the empty view's columns and types differ from the real one's");
            }
        }
        HandwrittenWarehouse.delete(bare);
    }

    private static Map<String, String> describe(Connection c, String view) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        rows(c, "DESCRIBE " + view).forEach(r -> out.put(r.get(0), r.get(1)));
        return out;
    }

    @Test
    void theCatalogueOpensAfterTheWarehouseFolderIsMoved() throws Exception {
        Path copy = HandwrittenWarehouse.copy();
        Path moved = Files.createTempDirectory("moved").resolve("elsewhere");
        Files.move(copy, moved);
        assertFalse(Files.exists(copy));
        try (Connection c = open(moved)) {
            assertEquals("12", one(c, "SELECT count(*) FROM seat_month"));
            assertEquals("1", one(c, "SELECT count(*) FROM runs"));
        }
        // And through the sql verb, from this working directory (jobs/), not the warehouse's.
        Cli.Outcome o = Cli.run("sql", "--warehouse", moved.toString(), "--format", "csv", "SELECT count(*) AS n FROM seat_month");
        assertEquals(0, o.exitCode(), o.all());
        assertEquals("n\n12\n", o.out());
        HandwrittenWarehouse.delete(moved.getParent());
    }

    @Test
    void theCatalogueIsNeverRebuiltInsideThePublishedState() throws Exception {
        Path copy = HandwrittenWarehouse.copy();
        Path current = copy.resolve("current").toRealPath();
        byte[] catalogue = Files.readAllBytes(current.resolve("analytics.duckdb"));
        for (Path folder : new Path[] {copy, current, copy.resolve("current")}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new CatalogueBuilder(folder, TableSchemas.declared()).build(), folder.toString());
            assertTrue(refused.getMessage().contains("published state"), refused.getMessage());
        }
        assertTrue(Files.isSymbolicLink(copy.resolve("analytics.duckdb")), "the fixed link is still a link");
        assertArrayEquals(catalogue, Files.readAllBytes(current.resolve("analytics.duckdb")), "the published catalogue is unchanged");
        try (Connection after = open(copy)) {
            assertEquals("12", one(after, "SELECT count(*) FROM seat_month"));
        }
        try (var files = Files.list(current)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().contains("analytics.duckdb")
                    && !p.getFileName().toString().equals("analytics.duckdb")).toList(), "no temp or WAL file left");
        }
        HandwrittenWarehouse.delete(copy.getParent());
    }
}
