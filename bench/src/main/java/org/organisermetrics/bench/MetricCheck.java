package org.organisermetrics.bench;

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
import org.organisermetrics.contract.Columns;

/**
 * Checks that the DuckDB peer's metric values equal ours, key by key: our published Parquet
 * (metrics/&lt;table&gt;/) against the peer's (metrics/&lt;table&gt;.parquet), a full outer join on
 * the table's key; a key on one side only, or any value that differs (IS DISTINCT FROM: nulls
 * compare equal to nulls), is a mismatch. Person ids differ (ours are keyed hashes) but the
 * counts of distinct persons must not.
 */
public final class MetricCheck {

    /** A table to compare: its key columns, the value columns, and an optional SQL filter on ours. */
    public record Spec(String table, List<String> key, List<String> values, String oursFilter) {}

    /** The comparison of one table: rows on each side, mismatches (with up to 20 examples), totals per value. */
    public record Result(String table, long oursRows, long peerRows, long mismatches, List<String> examples,
                         Map<String, String[]> totals) {
        public boolean identical() {
            return mismatches == 0 && oursRows == peerRows;
        }
    }

    private MetricCheck() {}

    /** seat_month (recruited, trained, active) for the months [from, to] and seat_election (promise turnout). */
    public static List<Spec> coreSpecs(String fromMonth, String toMonth) {
        return List.of(
                new Spec("seat_month", List.of(Columns.SEAT_CODE, "month"), List.of("recruited", "trained", "active"),
                        "month BETWEEN DATE '" + fromMonth + "' AND DATE '" + toMonth + "'"),
                new Spec("seat_election", List.of("election_id", "area_code"),
                        List.of("promises", "promises_voted", "promise_turnout"), "true"));
    }

    public static List<Result> check(Path warehouse, Path peer, List<Spec> specs) throws SQLException {
        List<Result> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            for (Spec spec : specs) {
                out.add(check(c, warehouse, peer, spec));
            }
        }
        return out;
    }

    static Result check(Connection c, Path warehouse, Path peer, Spec spec) throws SQLException {
        String cols = String.join(", ", concat(spec.key(), spec.values()));
        String ours = "SELECT " + cols + " FROM read_parquet('" + warehouse.resolve("metrics").resolve(spec.table())
                + "/**/*.parquet', hive_partitioning = true, hive_types_autocast = true) WHERE " + spec.oursFilter();
        String theirs = "SELECT " + cols + " FROM read_parquet('" + peer.resolve("metrics").resolve(spec.table() + ".parquet") + "')";
        Sql.execute(c, "CREATE OR REPLACE TEMP TABLE ours AS " + ours);
        Sql.execute(c, "CREATE OR REPLACE TEMP TABLE peer AS " + theirs);
        long oursRows = Sql.scalar(c, "SELECT count(*) FROM ours");
        long peerRows = Sql.scalar(c, "SELECT count(*) FROM peer");
        List<String> on = spec.key().stream().map(k -> "o." + k + " = p." + k).toList();
        List<String> differs = new ArrayList<>();
        differs.add("o." + spec.key().get(0) + " IS NULL");
        differs.add("p." + spec.key().get(0) + " IS NULL");
        spec.values().forEach(v -> differs.add("o." + v + " IS DISTINCT FROM p." + v));
        List<String> select = new ArrayList<>();
        spec.key().forEach(k -> select.add("coalesce(o." + k + ", p." + k + ") AS " + k));
        spec.values().forEach(v -> {
            select.add("o." + v + " AS ours_" + v);
            select.add("p." + v + " AS peer_" + v);
        });
        String mismatches = "SELECT " + String.join(", ", select) + " FROM ours AS o FULL OUTER JOIN peer AS p ON "
                + String.join(" AND ", on) + " WHERE " + String.join(" OR ", differs);
        long count = Sql.scalar(c, "SELECT count(*) FROM (" + mismatches + ")");
        List<String> examples = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(mismatches + " ORDER BY ALL LIMIT 20")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? ", " : "").append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i));
                }
                examples.add(b.toString());
            }
        }
        Map<String, String[]> totals = new LinkedHashMap<>();
        for (String v : spec.values()) {
            totals.put(v, new String[] {Sql.string(c, "SELECT sum(" + v + ") FROM ours"), Sql.string(c, "SELECT sum(" + v + ") FROM peer")});
        }
        return new Result(spec.table(), oursRows, peerRows, count, examples, totals);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
