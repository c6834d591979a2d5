package org.organisermetrics.publish.catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.organisermetrics.publish.Publisher;
import org.organisermetrics.warehouse.Warehouse;

/**
 * Builds {@code <warehouse>/analytics.duckdb}: one view per curated and metric table over its
 * Parquet, a {@code runs} view over the run manifests, and a comment on every view and column.
 *
 * <ul>
 *   <li>Paths in the views are relative to the warehouse folder, so the file keeps working when the
 *       folder is moved. A reader resolves them either by running from the warehouse folder or with
 *       {@code SET file_search_path = '<warehouse>'} (the {@code sql} verb makes them absolute itself).</li>
 *   <li>A catalogue built inside a snapshot ({@code <warehouse>/snapshots/<run_id>/}) reads that
 *       snapshot's files ({@code snapshots/<run_id>/metrics/seat_month/**}/*.parquet), not the
 *       {@code metrics} link, which moves to the next snapshot when a run publishes: a query sees
 *       one snapshot from start to end. The runs view reads {@code runs/*.json}, which is not snapshotted.</li>
 *   <li>A published snapshot never changes: building a catalogue inside one (or over the
 *       warehouse's {@code analytics.duckdb} link) is refused.</li>
 *   <li>Hive partition folders are read as typed columns (month and quarter DATE, year INTEGER).</li>
 *   <li>A table with no Parquet file yet gets a typed, empty view, so queries over it still bind.</li>
 *   <li>The file is written in DuckDB's v1.0.0 storage format, which DuckDB 1.x and 2.x open.</li>
 *   <li>It is written to a hidden file beside the catalogue and renamed over it: a reader sees the
 *       old catalogue or the new one, never half of one.</li>
 * </ul>
 */
public final class CatalogueBuilder {
    /** Asked for when a catalogue is built, not when the class loads: sql reads file() and literal() and logs nothing. */
    private static Logger log() {
        return LogManager.getLogger(CatalogueBuilder.class);
    }

    public static final String FILE_NAME = "analytics.duckdb";
    /** The oldest storage format that keeps what the catalogue needs (views, comments): DuckDB 1.x opens it. */
    public static final String STORAGE_VERSION = "v1.0.0";
    public static final String RUNS_VIEW = "runs";

    /** The manifest fields the runs view reads, with their types (missing fields read as NULL). */
    private static final Map<String, String> RUN_FIELDS = new LinkedHashMap<>();

    static {
        RUN_FIELDS.put("run_id", "VARCHAR");
        RUN_FIELDS.put("outcome", "VARCHAR");
        RUN_FIELDS.put("published", "BOOLEAN");
        RUN_FIELDS.put("run_date", "VARCHAR");
        RUN_FIELDS.put("from_month", "VARCHAR");
        RUN_FIELDS.put("to_month", "VARCHAR");
        RUN_FIELDS.put("own_party", "VARCHAR");
        RUN_FIELDS.put("program_version", "VARCHAR");
        RUN_FIELDS.put("started_at", "VARCHAR");
        RUN_FIELDS.put("finished_at", "VARCHAR");
        RUN_FIELDS.put("landing", "VARCHAR");
        RUN_FIELDS.put("settings", "JSON");
        RUN_FIELDS.put("sources", "JSON");
        RUN_FIELDS.put("stage_millis", "JSON");
        RUN_FIELDS.put("inputs", "JSON");
        RUN_FIELDS.put("reused_sources", "JSON");
        RUN_FIELDS.put("outputs", "JSON");
        RUN_FIELDS.put("notes", "JSON");
        RUN_FIELDS.put("problems", "JSON");
        RUN_FIELDS.put("error", "VARCHAR");
    }

    private static final Map<String, String> RUN_COMMENTS = new LinkedHashMap<>();

    static {
        RUN_COMMENTS.put("run_id", "the run (its start, UTC, to the millisecond, and the process id); metric rows carry it as run_id");
        RUN_COMMENTS.put("outcome", "success, bad_input (a data-quality gate or contract failure: nothing published), internal_failure, "
                + "running (in progress) or interrupted (the process died; the next run marked it)");
        RUN_COMMENTS.put("published", "whether the run's snapshot became the published state");
        RUN_COMMENTS.put("run_date", "the run date (--as-of): later dates were quarantined as future_date");
        RUN_COMMENTS.put("from_month", "first month the run processed");
        RUN_COMMENTS.put("to_month", "last month the run processed");
        RUN_COMMENTS.put("own_party", "the party whose organising is measured");
        RUN_COMMENTS.put("program_version", "the organiser-metrics version that ran");
        RUN_COMMENTS.put("started_at", "when the run started (UTC)");
        RUN_COMMENTS.put("finished_at", "when the run finished (UTC)");
        RUN_COMMENTS.put("duration_seconds", "finished_at - started_at, in seconds");
        RUN_COMMENTS.put("landing", "the landing zone the run read");
        RUN_COMMENTS.put("settings", "the run's settings (JSON)");
        RUN_COMMENTS.put("sources", "per landing source: files_read, rows_read, rows_loaded, duplicates, rows_outside_period, rows_quarantined, quarantined_by_reason, loaded_by_warning (JSON)");
        RUN_COMMENTS.put("stage_millis", "milliseconds per stage: plan, ingest, write, link, metrics, evaluate, publish (JSON)");
        RUN_COMMENTS.put("inputs", "every landing file: source, file, bytes, sha256, action (parsed_new, parsed_changed, parsed_again,"
                + " parsed_snapshot, skipped_unchanged, changed_not_parsed, missing) and the months of its rows (JSON list)");
        RUN_COMMENTS.put("outputs", "the tables the run published, each with the partitions it replaced ('all': the whole table) (JSON list)");
        RUN_COMMENTS.put("reused_sources", "reference and snapshot sources not parsed because none of their files changed (JSON list)");
        RUN_COMMENTS.put("notes", "notes the ingest made (JSON list)");
        RUN_COMMENTS.put("problems", "for a bad_input run, what was wrong (JSON list)");
        RUN_COMMENTS.put("error", "for an internal_failure, the error");
    }

    /** The folder the catalogue and its tables are in: a snapshot being built, or a plain warehouse folder. */
    private final Path warehouse;
    /** The folder the views' paths are relative to: the warehouse folder (the snapshot's grandparent). */
    private final Path root;
    /** The views' path prefix from {@link #root} to {@link #warehouse}: {@code snapshots/<run_id>/}, or empty. */
    private final String prefix;
    private final TableSchemas schemas;

    /**
     * A builder for the catalogue of {@code folder}: a snapshot being built ({@code <warehouse>/snapshots/<run_id>},
     * whose views then name that snapshot) or a plain folder holding curated/ and metrics/.
     */
    public CatalogueBuilder(Path folder, TableSchemas schemas) {
        this.warehouse = folder.toAbsolutePath().normalize();
        Path parent = warehouse.getParent();
        if (parent != null && parent.getParent() != null && parent.getFileName().toString().equals(Warehouse.SNAPSHOTS)) {
            this.root = parent.getParent();
            this.prefix = Warehouse.SNAPSHOTS + "/" + warehouse.getFileName() + "/";
        } else {
            this.root = warehouse;
            this.prefix = "";
        }
        this.schemas = schemas;
    }

    /** The catalogue's path in a warehouse folder. */
    public static Path file(Path warehouse) {
        return warehouse.resolve(FILE_NAME);
    }

    /** (Re)builds the catalogue and returns its path. */
    public Path build() {
        Path target = file(warehouse);
        if (Files.isSymbolicLink(target) || Publisher.isPublished(warehouse)) {
            throw new IllegalStateException("not rebuilding the catalogue " + target + ": it is part of the published state,"
                    + " which never changes; a 'run' builds the catalogue inside its new snapshot");
        }
        Path building = warehouse.resolve("." + FILE_NAME + ".building");
        try {
            deleteWithWal(building);
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
                exec(c, "SET file_search_path = " + literal(root.toString()));
                exec(c, "ATTACH " + literal(building.toString()) + " AS catalogue (STORAGE_VERSION '" + STORAGE_VERSION + "')");
                exec(c, "USE catalogue");
                for (CatalogueTable t : CatalogueTables.all()) {
                    createView(c, t);
                }
                createRunsView(c);
                exec(c, "USE memory");
                exec(c, "DETACH catalogue");
            }
            Files.deleteIfExists(wal(building));
            Files.move(building, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (SQLException e) {
            deleteQuietly(building);
            throw new IllegalStateException("building the DuckDB catalogue " + target + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            deleteQuietly(building);
            throw new UncheckedIOException("building the DuckDB catalogue " + target + " failed: " + e.getMessage(), e);
        }
    }

    private void createView(Connection c, CatalogueTable t) throws SQLException, IOException {
        String select;
        if (hasParquet(warehouse.resolve(t.folder()))) {
            select = "SELECT * FROM read_parquet(" + literal(prefix + t.glob()) + ", hive_partitioning = "
                    + (t.partitionColumn() != null) + hiveTypes(t) + ", union_by_name = true)";
        } else {
            select = emptySelect(t);
            log().info("catalogue: {} has no Parquet yet; its view is empty", t.name());
        }
        exec(c, "CREATE VIEW " + ident(t.name()) + " AS " + select);
        exec(c, "COMMENT ON VIEW " + ident(t.name()) + " IS " + literal(t.comment()));
        for (String column : viewColumns(c, t.name())) {
            String comment = t.columnComments().get(column);
            if (comment == null) {
                log().warn("catalogue: {}.{} has no description", t.name(), column);
                continue;
            }
            exec(c, "COMMENT ON COLUMN " + ident(t.name()) + "." + ident(column) + " IS " + literal(comment));
        }
    }

    private static String hiveTypes(CatalogueTable t) {
        if (t.partitionColumn() == null) {
            return "";
        }
        return ", hive_types = {" + literal(t.partitionColumn()) + ": "
                + CatalogueTable.PARTITION_TYPES.get(t.partitionColumn()) + "}";
    }

    /** A typed view with no rows: the partition column last, as DuckDB puts it when files exist. */
    private String emptySelect(CatalogueTable t) {
        List<TableSchemas.ColumnSpec> columns = schemas.columns(t.name()).orElseThrow(() ->
                new IllegalStateException("no Parquet and no known schema for " + t.name()));
        List<TableSchemas.ColumnSpec> ordered = new ArrayList<>();
        TableSchemas.ColumnSpec partition = null;
        for (TableSchemas.ColumnSpec col : columns) {
            if (col.name().equals(t.partitionColumn())) {
                partition = new TableSchemas.ColumnSpec(col.name(), CatalogueTable.PARTITION_TYPES.get(col.name()));
            } else {
                ordered.add(col);
            }
        }
        if (partition != null) {
            ordered.add(partition);
        }
        List<String> casts = new ArrayList<>();
        ordered.forEach(col -> casts.add("CAST(NULL AS " + col.duckdbType() + ") AS " + ident(col.name())));
        return "SELECT " + String.join(", ", casts) + " WHERE false";
    }

    private void createRunsView(Connection c) throws SQLException, IOException {
        boolean any;
        Path runs = root.resolve(Warehouse.RUNS);
        try (Stream<Path> files = Files.isDirectory(runs) ? Files.list(runs) : Stream.empty()) {
            any = files.anyMatch(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith("."));
        }
        String source;
        if (any) {
            List<String> fields = new ArrayList<>();
            RUN_FIELDS.forEach((k, v) -> fields.add(k + ": '" + v + "'"));
            source = "read_json('" + Warehouse.RUNS + "/*.json', columns = {" + String.join(", ", fields) + "})";
        } else {
            List<String> casts = new ArrayList<>();
            RUN_FIELDS.forEach((k, v) -> casts.add("CAST(NULL AS " + v + ") AS " + k));
            source = "(SELECT " + String.join(", ", casts) + " WHERE false)";
        }
        exec(c, "CREATE VIEW " + RUNS_VIEW + " AS SELECT run_id, outcome, published,"
                + " TRY_CAST(run_date AS DATE) AS run_date, TRY_CAST(from_month AS DATE) AS from_month,"
                + " TRY_CAST(to_month AS DATE) AS to_month, own_party, program_version,"
                + " TRY_CAST(started_at AS TIMESTAMP) AS started_at, TRY_CAST(finished_at AS TIMESTAMP) AS finished_at,"
                + " date_diff('millisecond', TRY_CAST(started_at AS TIMESTAMP), TRY_CAST(finished_at AS TIMESTAMP)) / 1000.0 AS duration_seconds,"
                + " landing, settings, sources, stage_millis, inputs, reused_sources, outputs, notes, problems, error"
                + " FROM " + source + " AS manifests");
        exec(c, "COMMENT ON VIEW " + RUNS_VIEW + " IS " + literal(
                "One row per run of the monthly job, from the manifests runs/<run_id>.json; the latest run has the greatest started_at."));
        for (Map.Entry<String, String> e : RUN_COMMENTS.entrySet()) {
            exec(c, "COMMENT ON COLUMN " + RUNS_VIEW + "." + ident(e.getKey()) + " IS " + literal(e.getValue()));
        }
    }

    private static List<String> viewColumns(Connection c, String view) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("DESCRIBE " + ident(view))) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    /** True when the folder holds at least one Parquet data file (Spark's hidden .crc files and _SUCCESS do not count). */
    static boolean hasParquet(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.anyMatch(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".parquet")
                    && !p.getFileName().toString().startsWith("."));
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static Path wal(Path db) {
        return db.resolveSibling(db.getFileName() + ".wal");
    }

    private static void deleteWithWal(Path db) throws IOException {
        Files.deleteIfExists(db);
        Files.deleteIfExists(wal(db));
    }

    private static void deleteQuietly(Path db) {
        try {
            deleteWithWal(db);
        } catch (IOException ignored) {
            // the next build removes it
        }
    }
}
