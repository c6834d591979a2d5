package org.organisermetrics.publish.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.organisermetrics.contract.Source;
import org.organisermetrics.metrics.SeatMonth;
import org.organisermetrics.warehouse.TableDoc;

/**
 * Every declared key holds in a real warehouse, as dbt's unique and not_null tests: for each curated
 * table its key from the landing contract ({@link Source#key()}), for each published table its key
 * from its declaration ({@link PublishedTables}), one DuckDB query per table over the handwritten
 * warehouse's catalogue, which must find no row with a null key column and no key on two rows.
 */
class TableKeysTest {

    record Key(String table, List<String> columns) {}

    /** Every table with a declared key: the curated tables, then the published ones. */
    static List<Key> declaredKeys() {
        List<Key> keys = new ArrayList<>();
        for (Source s : Source.values()) {
            if (!s.key().isEmpty()) {
                keys.add(new Key(s.folder(), s.key().stream().map(k -> s.column(k).curatedName()).toList()));
            }
        }
        for (TableDoc t : PublishedTables.ALL) {
            keys.add(new Key(t.name(), t.key()));
        }
        return keys;
    }

    /** What breaks the key in the table: rows with a null key column, and rows beyond the first of a repeated key, with an example. */
    static List<String> violations(Connection c, Key key) throws SQLException {
        String columns = key.columns().stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", "));
        String anyNull = key.columns().stream().map(k -> "\"" + k + "\" IS NULL").collect(Collectors.joining(" OR "));
        String table = "\"" + key.table() + "\"";
        List<String> r = CatalogueTest.rows(c, "SELECT (SELECT count(*) FROM " + table + " WHERE " + anyNull + "),"
                + " coalesce(sum(n - 1), 0), any_value(example) FILTER (WHERE n > 1)"
                + " FROM (SELECT count(*) AS n, CAST(row(" + columns + ") AS VARCHAR) AS example FROM " + table
                + " GROUP BY " + columns + ")").get(0);
        List<String> out = new ArrayList<>();
        if (!r.get(0).equals("0")) {
            out.add(key.table() + ": " + r.get(0) + " rows with a null in the key (" + String.join(", ", key.columns()) + ")");
        }
        if (!r.get(1).equals("0")) {
            out.add(key.table() + ": " + r.get(1) + " rows repeat a key (" + String.join(", ", key.columns()) + "), e.g. " + r.get(2));
        }
        return out;
    }

    @Test
    void everyDeclaredKeyIsUniqueAndNotNullInTheHandwrittenWarehouse() throws Exception {
        List<Key> keys = declaredKeys();
        List<String> broken = new ArrayList<>();
        try (Connection c = CatalogueTest.open(HandwrittenWarehouse.path())) {
            for (Key key : keys) {
                broken.addAll(violations(c, key));
            }
        }
        assertEquals(List.of(), broken);
        // every published table has a key, and is checked
        assertTrue(keys.stream().map(Key::table).toList().containsAll(PublishedTables.ALL.stream().map(TableDoc::name).toList()));
    }

    @Test
    void aKeyWithANullOrARepeatIsFound() throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('a', 1), ('a', 2), ('b', 3), (NULL, 4)) v(k, n)");
            // key k: one row has a null k; 'a' is on two rows, so one row repeats a key
            List<String> found = violations(c, new Key("t", List.of("k")));
            assertEquals(2, found.size(), found.toString());
            assertEquals("t: 1 rows with a null in the key (k)", found.get(0));
            assertTrue(found.get(1).startsWith("t: 1 rows repeat a key (k), e.g. ") && found.get(1).contains("a"), found.get(1));
            assertEquals(List.of(), violations(c, new Key("t", List.of("k", "n"))).stream()
                    .filter(v -> v.contains("repeat")).toList(), "(k, n) does not repeat");
        }
    }

    @Test
    void aKeyThatDoesNotHoldInTheWarehouseIsFound() throws Exception {
        // seat_month has one row per seat per month: 3 seats x 4 months, so seat_code alone repeats on 12 - 3 = 9 rows.
        try (Connection c = CatalogueTest.open(HandwrittenWarehouse.path())) {
            List<String> found = violations(c, new Key(SeatMonth.TABLE.name(), List.of("seat_code")));
            assertEquals(1, found.size(), found.toString());
            assertTrue(found.get(0).startsWith("seat_month: 9 rows repeat a key (seat_code), e.g. "), found.get(0));
        }
    }
}
