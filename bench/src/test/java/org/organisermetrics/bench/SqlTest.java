package org.organisermetrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlTest {

    @Test
    void placeholders_are_filled_and_a_missing_value_is_an_error() {
        assertEquals("SELECT 1 FROM t WHERE m = '2024-01-01'",
                Sql.fill("SELECT 1 FROM ${table} WHERE m = '${month}'", Map.of("table", "t", "month", "2024-01-01")));
        assertThrows(IllegalArgumentException.class, () -> Sql.fill("${nope}", Map.of()));
    }

    @Test
    void a_script_splits_on_semicolons_ending_a_line_and_drops_comment_only_parts() {
        List<String> s = Sql.statements("-- setup\nSET threads = 2;\nCREATE MACRO f(x) AS\n  x + 1;\n-- the end\n");
        assertEquals(List.of("-- setup\nSET threads = 2;", "CREATE MACRO f(x) AS\n  x + 1;"), s);
    }

    @Test
    void every_bench_sql_file_fills_with_the_values_the_peer_gives() {
        Map<String, String> v = Map.of("peer", "/p", "from_month", "2024-01-01", "to_month", "2024-12-01",
                "last_day", "2024-12-31", "party", "LAB", "parliament_barring", DuckDbPeer.franchiseBarring("GENERAL"),
                "local_barring", DuckDbPeer.franchiseBarring("LOCAL"));
        for (String f : List.of("peer-seat-month.sql", "peer-seat-election.sql")) {
            assertEquals(1, Sql.statements(Sql.fill(Sql.resource(f), v)).size(), f);
        }
        assertEquals(5, Sql.statements(Sql.fill(Sql.resource("peer-setup.sql"),
                Map.of("threads", "2", "memory_limit", "1GB", "temp_directory", "/tmp/x"))).size());
    }
}
