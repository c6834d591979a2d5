package org.organisermetrics.catalogue;

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
 * Runs analysts' SQL against the catalogue, read-only, in-process. Three layers:
 * <ol>
 *   <li>DuckDB's own settings, given when the database opens: the catalogue file opened read-only;
 *       {@code allowed_directories} = the warehouse's curated/, metrics/ and runs/ folders (never
 *       restricted/); {@code enable_external_access = false} (no other file, no network, no
 *       INSTALL/LOAD, no ATTACH); spill files in a private temp folder; then the configuration is
 *       locked, so no SET can undo any of it.</li>
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
        Path root = warehouse.toAbsolutePath().normalize();
        Path catalogue = CatalogueBuilder.file(root);
        if (!Files.isRegularFile(catalogue)) {
            throw new NoCatalogueException("no catalogue at " + catalogue + ": a successful 'run' builds it");
        }
        Path temp;
        try {
            temp = Files.createTempDirectory("organiser-metrics-sql");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        p.setProperty("allowed_directories", allowedDirectories(root));
        p.setProperty("enable_external_access", "false");
        p.setProperty("temp_directory", temp.toString());
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + catalogue, p);
        try (Statement s = c.createStatement()) {
            s.execute("SET file_search_path = " + CatalogueBuilder.literal(root.toString()));
            s.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new SqlRunner(c, temp);
    }

    /**
     * The folders DuckDB may read: the readable zones, by absolute path and as the relative paths
     * the views use (resolved through file_search_path). DuckDB checks the path as written, and
     * refuses any with "..", so neither form reaches restricted/.
     */
    private static String allowedDirectories(Path root) {
        List<String> dirs = new ArrayList<>();
        for (String zone : READABLE_ZONES) {
            dirs.add(CatalogueBuilder.literal(root.resolve(zone) + "/"));
            dirs.add(CatalogueBuilder.literal(zone + "/"));
        }
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
