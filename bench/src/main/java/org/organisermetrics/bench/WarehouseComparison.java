package org.organisermetrics.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Two warehouses compared table by table, row for row: every published table (curated/*,
 * metrics/*, restricted/identity/*, restricted/quarantine) read through DuckDB with its hive
 * partitions, {@code EXCEPT ALL} both ways (so duplicates count), leaving out the columns that
 * name the run ({@code run_id}, as a column or a partition). The loopback cluster test uses it to
 * check that a cluster run published exactly what a local run did.
 */
public final class WarehouseComparison {
    /** Columns that differ between two runs of the same data by design. */
    static final List<String> RUN_COLUMNS = List.of("run_id");

    /** One table: rows on each side, and rows only in one of them (as multisets). */
    public record TableDiff(String table, long leftRows, long rightRows, long onlyLeft, long onlyRight) {
        public boolean same() {
            return leftRows == rightRows && onlyLeft == 0 && onlyRight == 0;
        }

        @Override
        public String toString() {
            return (same() ? "ok   " : "DIFF ") + table + ": " + leftRows + " rows left, " + rightRows + " right, "
                    + onlyLeft + " only left, " + onlyRight + " only right";
        }
    }

    private WarehouseComparison() {}

    public static List<TableDiff> compare(Path left, Path right) throws SQLException {
        TreeSet<String> tables = new TreeSet<>(tables(left));
        tables.addAll(tables(right));
        List<TableDiff> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            for (String t : tables) {
                out.add(compare(c, left, right, t));
            }
        }
        return out;
    }

    static TableDiff compare(Connection c, Path left, Path right, String table) throws SQLException {
        boolean l = hasParquet(left.resolve(table));
        boolean r = hasParquet(right.resolve(table));
        if (!l || !r) {
            long lr = l ? Sql.scalar(c, "SELECT count(*) FROM " + scan(left.resolve(table))) : 0;
            long rr = r ? Sql.scalar(c, "SELECT count(*) FROM " + scan(right.resolve(table))) : 0;
            return new TableDiff(table, lr, rr, lr, rr);
        }
        List<String> columns = columns(c, scan(left.resolve(table)));
        columns.removeAll(RUN_COLUMNS);
        String cols = String.join(", ", columns.stream().map(n -> "\"" + n.replace("\"", "\"\"") + "\"").toList());
        String a = "SELECT " + cols + " FROM " + scan(left.resolve(table));
        String b = "SELECT " + cols + " FROM " + scan(right.resolve(table));
        return new TableDiff(table,
                Sql.scalar(c, "SELECT count(*) FROM " + scan(left.resolve(table))),
                Sql.scalar(c, "SELECT count(*) FROM " + scan(right.resolve(table))),
                Sql.scalar(c, "SELECT count(*) FROM (" + a + " EXCEPT ALL " + b + ")"),
                Sql.scalar(c, "SELECT count(*) FROM (" + b + " EXCEPT ALL " + a + ")"));
    }

    /** The tables of a warehouse, as paths relative to it. */
    static List<String> tables(Path warehouse) {
        List<String> out = new ArrayList<>();
        for (String zone : List.of("curated", "metrics", "restricted/identity")) {
            for (Path p : children(warehouse.resolve(zone))) {
                out.add(zone + "/" + p.getFileName());
            }
        }
        if (Files.isDirectory(warehouse.resolve("restricted/quarantine"))) {
            out.add("restricted/quarantine");
        }
        return out;
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("_")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean hasParquet(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String scan(Path dir) {
        return "read_parquet('" + dir.toString().replace("'", "''") + "/**/*.parquet', hive_partitioning = true, union_by_name = true)";
    }

    static List<String> columns(Connection c, String scan) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + scan)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
