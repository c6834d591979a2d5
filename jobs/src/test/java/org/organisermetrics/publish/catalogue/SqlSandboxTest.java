package org.organisermetrics.publish.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.organisermetrics.cli.Main;
import org.organisermetrics.testing.Cli;

/**
 * The sql verb is read-only: whatever an analyst types, nothing in the warehouse changes and
 * nothing outside curated/, metrics/ and runs/ is read. Every refusal exits 3 with one clear
 * message and no stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlSandboxTest {
    private Path warehouse;
    private Map<String, String> before;

    @BeforeAll
    void snapshotTheWarehouse() throws Exception {
        warehouse = HandwrittenWarehouse.path();
        before = snapshot(warehouse);
    }

    @AfterAll
    void nothingInTheWarehouseChanged() throws Exception {
        assertEquals(before, snapshot(warehouse), "the warehouse changed under the sql verb");
    }

    /** Every file under the warehouse with its SHA-256: a new, removed or rewritten file shows. */
    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    out.put(root.relativize(p).toString(), sha256(p));
                }
            }
        }
        return out;
    }

    private static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private Cli.Outcome sql(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "sql";
        all[1] = "--warehouse";
        all[2] = warehouse.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(all);
    }

    private void assertRefused(String statement, String expected) throws Exception {
        Cli.Outcome o = sql(statement);
        assertEquals(3, o.exitCode(), statement + "\n" + o.all());
        assertTrue(o.err().contains(expected), "for " + statement + " expected '" + expected + "' in:\n" + o.err());
        assertFalse(o.all().contains("\tat "), "a stack trace was printed:\n" + o.all());
        assertEquals(before, snapshot(warehouse), "the warehouse changed after: " + statement);
    }

    @Test
    void copyToAFileInTheWarehouseIsRefused() throws Exception {
        assertRefused("COPY (SELECT * FROM seat_month) TO '" + warehouse.resolve("metrics/leak.csv") + "'", "COPY is not a query");
        assertRefused("COPY seat_month TO 'metrics/seat_month/leak.parquet' (FORMAT parquet)", "COPY is not a query");
        assertFalse(Files.exists(warehouse.resolve("metrics/leak.csv")));
    }

    @Test
    void exportDatabaseIsRefused() throws Exception {
        assertRefused("EXPORT DATABASE '" + warehouse.resolve("metrics/export") + "'", "EXPORT is not a query");
    }

    @Test
    void attachAndInstallAreRefused() throws Exception {
        assertRefused("ATTACH '" + warehouse.resolve("other.duckdb") + "' AS other", "ATTACH is not a query");
        assertRefused("INSTALL httpfs", "INSTALL is not a query");
        assertRefused("LOAD httpfs", "LOAD is not a query");
        assertFalse(Files.exists(warehouse.resolve("other.duckdb")));
    }

    @Test
    void writesToTheCatalogueAreRefused() throws Exception {
        assertRefused("CREATE OR REPLACE VIEW seat_month AS SELECT 1 AS x", "CREATE is not a query");
        assertRefused("INSERT INTO seat_month SELECT * FROM seat_month", "INSERT is not a query");
        assertRefused("DROP VIEW seat_month", "DROP is not a query");
        assertRefused("SET enable_external_access = true", "SET is not a query");
        assertRefused("/* a comment first */\nCHECKPOINT", "CHECKPOINT is not a query");
    }

    @Test
    void aWriteHiddenInAQueryIsRefused() throws Exception {
        // A data-modifying statement with RETURNING yields rows, but is not a SELECT.
        assertRefused("DELETE FROM seat_month RETURNING *", "DELETE is not a query");
        assertRefused("EXPLAIN ANALYZE COPY (SELECT 1) TO 'metrics/x.csv'", "EXPLAIN is not a query");
    }

    @Test
    void filesOutsideTheReadableZonesCannotBeRead() throws Exception {
        for (String q : new String[] {
                "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM read_text('/etc/passwd')",
                "SELECT * FROM read_parquet('" + warehouse.resolve("restricted") + "/**/*.parquet')",
                "SELECT * FROM read_parquet('restricted/quarantine/**/*.parquet')",
                "SELECT * FROM read_parquet('metrics/../restricted/quarantine/**/*.parquet')",
                "SELECT * FROM glob('" + warehouse.resolve("restricted") + "/**')",
                "SELECT * FROM glob('" + warehouse.resolve("snapshots") + "/*/restricted/**')",
                "SELECT * FROM read_parquet('" + warehouse.resolve("snapshots") + "/*/restricted/**/*.parquet')"}) {
            Cli.Outcome o = sql(q);
            assertEquals(3, o.exitCode(), q + "\n" + o.all());
            assertTrue(o.err().contains("Permission Error"), q + "\n" + o.err());
        }
        assertEquals(before, snapshot(warehouse));
    }

    @Test
    void queriesStillReadTheZonesDirectlyByAbsolutePath() {
        Cli.Outcome o = sql("--format", "csv", "SELECT count(*) AS n FROM read_parquet('" + warehouse.toAbsolutePath()
                + "/metrics/seat_month/**/*.parquet')");
        assertEquals(0, o.exitCode(), o.all());
        assertEquals("n\n12\n", o.out());
        // A relative path would be resolved against the working directory, not the warehouse: refused.
        Cli.Outcome relative = sql("SELECT count(*) AS n FROM read_parquet('metrics/seat_month/**/*.parquet')");
        assertEquals(3, relative.exitCode(), relative.all());
        assertTrue(relative.err().contains("Permission Error"), relative.err());
    }

    /**
     * The sandbox does not depend on the working directory: the program started (as a new process)
     * from a folder holding runs/, metrics/ and snapshots/ decoys reads the warehouse's data, not the
     * decoys, and reads nothing under that folder, by absolute or relative path.
     */
    @Test
    void fromAnotherWorkingDirectoryOnlyTheWarehouseIsRead() throws Exception {
        Path cwd = Files.createTempDirectory("sql-cwd");
        Files.createDirectories(cwd.resolve("runs"));
        Files.writeString(cwd.resolve("runs/x.txt"), "outside the warehouse");
        Files.writeString(cwd.resolve("runs/x.json"), "{\"run_id\": \"decoy\"}");
        // Decoys of seat_month at the paths the views and analysts name relatively: April only, 3 rows of the 12.
        Path snapshot = warehouse.resolve("current").toRealPath();
        Path april = snapshot.resolve("metrics/seat_month/month=2024-04-01");
        for (String relative : new String[] {warehouse.relativize(snapshot) + "/metrics/seat_month/month=2024-04-01",
                "metrics/seat_month/month=2024-04-01"}) {
            Path decoy = Files.createDirectories(cwd.resolve(relative));
            try (Stream<Path> files = Files.list(april)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
                    Files.copy(f, decoy.resolve(f.getFileName()));
                }
            }
        }
        Child seats = sqlFrom(cwd, "SELECT count(*) AS n FROM seat_month");
        assertEquals(0, seats.exitCode(), seats.output());
        assertTrue(seats.output().contains("n\n12\n"), "the warehouse's 12 seat-months, not the decoy's 3:\n" + seats.output());
        Child runs = sqlFrom(cwd, "SELECT count(*) AS n FROM runs WHERE run_id = 'decoy'");
        assertEquals(0, runs.exitCode(), runs.output());
        assertTrue(runs.output().contains("n\n0\n"), runs.output());
        for (String q : new String[] {
                "SELECT content FROM read_text('" + cwd.toRealPath() + "/runs/x.txt')",
                "SELECT content FROM read_text('" + cwd + "/runs/x.txt')",
                "SELECT content FROM read_text('runs/x.txt')",
                "SELECT count(*) FROM read_parquet('metrics/seat_month/**/*.parquet')",
                "SELECT count(*) FROM read_parquet('" + cwd + "/metrics/seat_month/**/*.parquet')"}) {
            Child o = sqlFrom(cwd, q);
            assertEquals(3, o.exitCode(), q + "\n" + o.output());
            assertTrue(o.output().contains("Permission Error"), q + "\n" + o.output());
            assertFalse(o.output().contains("outside the warehouse"), o.output());
        }
        HandwrittenWarehouse.delete(cwd);
        assertEquals(before, snapshot(warehouse));
    }

    record Child(int exitCode, String output) {}

    /** The program in a new JVM whose working directory is {@code cwd}: sql --warehouse <absolute> --format csv QUERY. */
    private Child sqlFrom(Path cwd, String query) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Main.class.getName());
        command.addAll(List.of("sql", "--warehouse", warehouse.toAbsolutePath().toString(), "--format", "csv", query));
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child did not finish");
        return new Child(p.exitValue(), output);
    }

    @Test
    void aSqlErrorPrintsDuckDbsMessageAndTheFileLineAndExits3() throws IOException {
        Path notebook = Files.createTempFile("broken", ".sql");
        // Statement 2 starts on line 3; its bad column is on its second line, file line 4.
        Files.writeString(notebook, "SELECT 1 AS one;\n\nSELECT seat_code,\n       no_such_column\nFROM seat_month;\n");
        Cli.Outcome o = sql("--file", notebook.toString());
        assertEquals(3, o.exitCode(), o.all());
        assertTrue(o.err().startsWith(notebook + ":4 (statement 2 of 2): SQL error"), o.err());
        assertTrue(o.err().contains("Binder Error"), o.err());
        assertTrue(o.err().contains("no_such_column"), o.err());
        assertFalse(o.all().contains("\tat "), o.all());
        assertTrue(o.out().contains("one"), "the first statement's result was printed:\n" + o.out());
        Files.delete(notebook);
    }

    @Test
    void aSyntaxErrorIsAnErrorNotARefusal() {
        Cli.Outcome o = sql("SELEC 1");
        assertEquals(3, o.exitCode(), o.all());
        assertTrue(o.err().contains("Parser Error"), o.err());
    }

    @Test
    void outputFormats() {
        String q = "SELECT seat_code, recruited, activation_rate FROM seat_month WHERE month = DATE '2024-04-01' ORDER BY seat_code";
        Cli.Outcome csv = sql("--format", "csv", q);
        assertEquals(0, csv.exitCode(), csv.all());
        assertTrue(csv.out().startsWith("seat_code,recruited,activation_rate\nE14000657,1,"), csv.out());
        Cli.Outcome json = sql("--format", "json", q);
        assertTrue(json.out().startsWith("[{\"seat_code\":\"E14000657\",\"recruited\":1,"), json.out());
        Cli.Outcome table = sql(q);
        assertTrue(table.out().contains("seat_code  recruited  activation_rate\n---------  ---------  ---------------\n"), table.out());
        assertTrue(table.out().contains("(3 rows)"), table.out());
    }

    @Test
    void noCatalogueIsAUsageError() throws IOException {
        Path empty = Files.createTempDirectory("no-catalogue");
        Cli.Outcome o = Cli.run("sql", "--warehouse", empty.toString(), "SELECT 1");
        assertEquals(2, o.exitCode(), o.all());
        assertTrue(o.err().contains("no catalogue"), o.err());
    }
}
