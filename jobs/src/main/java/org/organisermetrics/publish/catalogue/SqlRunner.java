package org.organisermetrics.publish.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.StatementReturnType;
import org.organisermetrics.warehouse.Warehouse;

/**
 * Runs analysts' SQL against the catalogue, read-only, in-process.
 *
 * <p>The catalogue's views are copied into an in-memory database with their paths made absolute
 * (the warehouse folder's absolute path before each relative path), so the working directory plays
 * no part: DuckDB resolves a relative path against the working directory first, and expands a
 * relative allowed directory against it too. The catalogue read is the current snapshot's
 * ({@code snapshots/<run_id>/analytics.duckdb}, whose views name that snapshot's files), so every
 * query of a session reads one snapshot, even while a run publishes the next.
 *
 * <p>Three layers:
 * <ol>
 *   <li>DuckDB's own settings: {@code allowed_directories} = absolute paths only: the snapshot's
 *       curated/ and metrics/, the warehouse's curated/, metrics/ and runs/ (never restricted/);
 *       {@code enable_external_access = false} (no other file, no network, no INSTALL/LOAD, no
 *       ATTACH); spill files in a private temp folder (absolute); then the configuration is locked,
 *       so no SET can undo any of it.</li>
 *   <li>Because an allowed directory is also writable (COPY TO, EXPORT DATABASE would succeed
 *       there), every statement is checked before it runs: DuckDB's parser must see exactly one
 *       SELECT statement ({@code json_serialize_sql} refuses anything else: COPY, EXPORT, INSERT,
 *       CREATE, ATTACH, INSTALL, SET, PRAGMA, CALL, EXPLAIN...).</li>
 *   <li>The prepared statement's return type must be a query result.</li>
 * </ol>
 * Use a fresh Statement per query (DuckDB JDBC closes one after a failed execute).
 */
public final class SqlRunner implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> READABLE_ZONES = List.of(Warehouse.CURATED, Warehouse.METRICS, Warehouse.RUNS);

    /** A result: column names and DuckDB types, and the rows (numbers and booleans as such, the rest as text). */
    public record Result(List<String> columns, List<String> types, List<List<Object>> rows) {}

    /** A statement that is not a query: it is refused before it runs. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** No catalogue in the warehouse folder. */
    public static final class NoCatalogueException extends RuntimeException {
        public NoCatalogueException(String message) {
            super(message);
        }
    }

    private final Connection connection;
    private final Path tempDir;

    private SqlRunner(Connection connection, Path tempDir) {
        this.connection = connection;
        this.tempDir = tempDir;
    }

    /** Opens the warehouse's catalogue for reading only. */
    public static SqlRunner open(Path warehouse) throws SQLException {
        Path folder = warehouse.toAbsolutePath().normalize();
        Path root;
        Path data;
        Path parent = folder.getParent();
        if (parent != null && parent.getParent() != null && parent.getFileName().toString().equals(Warehouse.SNAPSHOTS)) {
            root = parent.getParent(); // a snapshot (the run writing its report before publishing it)
            data = folder;
        } else {
            root = folder;
            Path snapshot = Warehouse.currentSnapshot(root);
            data = snapshot != null ? snapshot : root; // a plain folder: the catalogue and tables are in it
        }
        Path catalogue = CatalogueBuilder.file(data);
        if (!Files.isRegularFile(catalogue)) {
            throw new NoCatalogueException("no catalogue at " + CatalogueBuilder.file(root) + ": a successful 'run' builds it");
        }
        Path temp;
        try {
            temp = Files.createTempDirectory("organiser-metrics-sql").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
        try (Statement s = c.createStatement()) {
            copyViews(s, catalogue, root);
            s.execute("SET temp_directory = " + CatalogueBuilder.literal(temp.toString()));
            s.execute("SET allowed_directories = " + allowedDirectories(root, data));
            s.execute("SET enable_external_access = false");
            s.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new SqlRunner(c, temp);
    }

    /** A path literal the catalogue's views use, relative to the warehouse folder. */
    private static final java.util.regex.Pattern RELATIVE_PATH = java.util.regex.Pattern.compile(
            "'(" + Warehouse.SNAPSHOTS + "|" + Warehouse.CURATED + "|" + Warehouse.METRICS + "|" + Warehouse.RUNS + ")/");

    /**
     * Creates each view of the catalogue (attached read-only, then detached) in the in-memory
     * database, with its relative paths made absolute under {@code root}, and its comments.
     */
    private static void copyViews(Statement s, Path catalogue, Path root) throws SQLException {
        s.execute("ATTACH " + CatalogueBuilder.literal(catalogue.toString()) + " AS catalogue (READ_ONLY)");
        List<String[]> views = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SELECT view_name, sql, comment FROM duckdb_views()"
                + " WHERE database_name = 'catalogue' AND NOT internal ORDER BY view_name")) {
            while (r.next()) {
                views.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
            }
        }
        List<String[]> columns = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SELECT table_name, column_name, comment FROM duckdb_columns()"
                + " WHERE database_name = 'catalogue' AND comment IS NOT NULL ORDER BY table_name, column_index")) {
            while (r.next()) {
                columns.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
            }
        }
        s.execute("DETACH catalogue");
        String absolute = java.util.regex.Matcher.quoteReplacement(
                "'" + root.toString().replace("'", "''") + "/") + "$1/";
        for (String[] v : views) {
            s.execute(RELATIVE_PATH.matcher(v[1]).replaceAll(absolute));
            if (v[2] != null) {
                s.execute("COMMENT ON VIEW " + CatalogueBuilder.ident(v[0]) + " IS " + CatalogueBuilder.literal(v[2]));
            }
        }
        for (String[] col : columns) {
            s.execute("COMMENT ON COLUMN " + CatalogueBuilder.ident(col[0]) + "." + CatalogueBuilder.ident(col[1])
                    + " IS " + CatalogueBuilder.literal(col[2]));
        }
    }

    /**
     * The folders DuckDB may read, absolute only (a relative one would be taken from the working
     * directory): the catalogue's snapshot's curated/ and metrics/, and the warehouse's curated/,
     * metrics/ (links to the current snapshot's) and runs/. DuckDB refuses any path with "..", so
     * none reaches restricted/.
     */
    private static String allowedDirectories(Path root, Path data) {
        java.util.LinkedHashSet<String> dirs = new java.util.LinkedHashSet<>();
        for (String zone : READABLE_ZONES) {
            dirs.add(CatalogueBuilder.literal(data.resolve(zone) + "/"));
            dirs.add(CatalogueBuilder.literal(root.resolve(zone) + "/"));
        }
        dirs.remove(CatalogueBuilder.literal(data.resolve(Warehouse.RUNS) + "/")); // a snapshot's runs is a link to the warehouse's
        dirs.add(CatalogueBuilder.literal(root.resolve(Warehouse.RUNS) + "/"));
        return "[" + String.join(", ", dirs) + "]";
    }

    /** Runs one statement if it is a query; throws RefusedException before running anything else. */
    public Result query(String sql) throws SQLException, RefusedException {
        checkIsOneSelect(sql);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ResultSetMetaData meta = ps.getMetaData();
            if (!(meta instanceof DuckDBResultSetMetaData duck) || duck.getReturnType() != StatementReturnType.QUERY_RESULT) {
                throw new RefusedException(refusal(sql));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return read(rs);
            }
        }
    }

    /** DuckDB's parser says whether the text is exactly one SELECT (json_serialize_sql serialises only those). */
    private void checkIsOneSelect(String sql) throws SQLException, RefusedException {
        String verdict;
        try (PreparedStatement ps = connection.prepareStatement("SELECT CAST(json_serialize_sql(?) AS VARCHAR)")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                verdict = rs.getString(1);
            }
        }
        JsonNode json;
        try {
            json = JSON.readTree(verdict);
        } catch (IOException e) {
            throw new RefusedException(refusal(sql));
        }
        if (json.path("error").asBoolean(false)) {
            if ("parser".equalsIgnoreCase(json.path("error_type").asText())) {
                // A syntax error: let DuckDB report it with its line and caret.
                connection.prepareStatement(sql).close();
            }
            throw new RefusedException(refusal(sql));
        }
        if (json.path("statements").size() != 1) {
            throw new RefusedException("refused: give one statement at a time (separate statements with ';')");
        }
    }

    private static String refusal(String sql) {
        String first = firstWord(sql);
        return "refused: the catalogue is read-only, so only queries run here (SELECT, WITH, FROM, VALUES, "
                + "DESCRIBE, SHOW, SUMMARIZE); " + (first.isEmpty() ? "this statement" : first) + " is not a query";
    }

    /** The statement's first keyword, skipping comments, for the refusal message. */
    static String firstWord(String sql) {
        for (SqlScript.Statement s : SqlScript.split(sql)) {
            String text = s.sql().replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ").trim();
            String[] words = text.split("[\\s(]+", 2);
            return words.length == 0 ? "" : words[0].toUpperCase(Locale.ROOT);
        }
        return "";
    }

    private static Result read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            columns.add(meta.getColumnLabel(i));
            types.add(meta.getColumnTypeName(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                Object v = rs.getObject(i);
                if (v == null || rs.wasNull()) {
                    row.add(null);
                } else if (v instanceof Number || v instanceof Boolean) {
                    row.add(v);
                } else {
                    row.add(rs.getString(i));
                }
            }
            rows.add(row);
        }
        return new Result(columns, types, rows);
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.close();
        } finally {
            try (Stream<Path> files = Files.walk(tempDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
