package org.organisermetrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two comparisons on tiny Parquet files written by DuckDB (no Spark). */
class ComparisonTest {

    private static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    private static void seatMonth(Path warehouse, String runId, String rows) throws Exception {
        Path dir = Files.createDirectories(warehouse.resolve("metrics/seat_month"));
        sql("COPY (SELECT seat_code, CAST(month AS DATE) AS month, recruited, trained, active, '" + runId + "' AS run_id FROM (VALUES "
                + rows + ") AS t(seat_code, month, recruited, trained, active)) TO '" + dir
                + "' (FORMAT parquet, PARTITION_BY (month))");
    }

    @Test
    void warehouses_differing_only_in_run_id_are_the_same(@TempDir Path dir) throws Exception {
        seatMonth(dir.resolve("a"), "run-a", "('S1', '2024-01-01', 2, 1, 5), ('S1', '2024-02-01', 0, 0, 3)");
        seatMonth(dir.resolve("b"), "run-b", "('S1', '2024-02-01', 0, 0, 3), ('S1', '2024-01-01', 2, 1, 5)");
        List<WarehouseComparison.TableDiff> d = WarehouseComparison.compare(dir.resolve("a"), dir.resolve("b"));
        assertEquals(1, d.size());
        assertTrue(d.get(0).same(), d.toString());
    }

    @Test
    void a_changed_value_shows_as_one_row_only_on_each_side(@TempDir Path dir) throws Exception {
        seatMonth(dir.resolve("a"), "r", "('S1', '2024-01-01', 2, 1, 5), ('S1', '2024-02-01', 0, 0, 3)");
        seatMonth(dir.resolve("b"), "r", "('S1', '2024-01-01', 2, 1, 5), ('S1', '2024-02-01', 0, 0, 4)");
        WarehouseComparison.TableDiff d = WarehouseComparison.compare(dir.resolve("a"), dir.resolve("b")).get(0);
        assertFalse(d.same());
        assertEquals(1, d.onlyLeft());
        assertEquals(1, d.onlyRight());
    }

    @Test
    void the_metric_check_reports_each_differing_key_with_both_values(@TempDir Path dir) throws Exception {
        Path wh = dir.resolve("wh");
        Path peer = dir.resolve("peer");
        seatMonth(wh, "r", "('S1', '2024-01-01', 2, 1, 5), ('S2', '2024-01-01', 1, 0, 0), ('S1', '2023-12-01', 9, 9, 9)");
        Files.createDirectories(peer.resolve("metrics"));
        sql("COPY (SELECT seat_code, CAST(month AS DATE) AS month, recruited, trained, active FROM (VALUES "
                + "('S1', '2024-01-01', 2, 1, 5), ('S2', '2024-01-01', 1, 1, 0)) AS t(seat_code, month, recruited, trained, active)) TO '"
                + peer.resolve("metrics/seat_month.parquet") + "' (FORMAT parquet)");
        MetricCheck.Spec spec = MetricCheck.coreSpecs("2024-01-01", "2024-01-01").get(0); // 2023-12 is outside: not compared
        MetricCheck.Result r = MetricCheck.check(wh, peer, List.of(spec)).get(0);
        assertEquals(2, r.oursRows());
        assertEquals(1, r.mismatches());
        assertTrue(r.examples().get(0).contains("seat_code=S2") && r.examples().get(0).contains("ours_trained=0, peer_trained=1"),
                r.examples().toString());
        assertEquals("1", r.totals().get("trained")[0]);
        assertEquals("2", r.totals().get("trained")[1]);
        assertFalse(r.identical());
    }
}
