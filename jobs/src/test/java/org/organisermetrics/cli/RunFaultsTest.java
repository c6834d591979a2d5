package org.organisermetrics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.Source;
import org.organisermetrics.run.RunCheckpoints.Point;
import org.organisermetrics.run.RunCheckpoints;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Faults;
import org.organisermetrics.testing.Fixtures;

/**
 * Faults of the scheduled run, with real processes: a run in a separate JVM is stopped
 * at a known point (a checkpoint the test installs: testing/Faults) and killed with SIGKILL; meanwhile a second run is refused;
 * afterwards the published state is byte for byte the previous one, and the next run recovers the
 * stale lock and the dead run's leftovers by itself and publishes.
 */
class RunFaultsTest {
    @TempDir
    static Path dir;
    static Path warehouse;

    @BeforeAll
    static void firstRun() {
        warehouse = dir.resolve("warehouse");
        Cli.Outcome o = run();
        assertEquals(ExitCode.SUCCESS, o.exitCode(), o.all());
    }

    static Cli.Outcome run() {
        return run(RunCheckpoints.NONE);
    }

    static Cli.Outcome run(RunCheckpoints checkpoints) {
        return Cli.run(checkpoints, "run", "--landing", Fixtures.handwrittenLanding().toString(), "--warehouse", warehouse.toString(),
                "--from", "2024-01", "--to", "2024-12", "--as-of", "2026-11-01", "--demo");
    }

    @Test
    void killed_in_the_middle_of_writing_its_tables() throws Exception {
        killAt(Point.WRITING);
    }

    @Test
    void killed_in_the_middle_of_publishing_its_snapshot() throws Exception {
        killAt(Point.PUBLISHING);
    }

    private void killAt(Point point) throws Exception {
        Map<String, String> before = publishedState();
        Path paused = dir.resolve("paused-" + point);
        Process child = startPausedRun(point, paused);
        try {
            waitFor(paused, child);
            // A second run while the first is alive: refused, naming the holder.
            Cli.Outcome busy = run();
            assertEquals(ExitCode.WAREHOUSE_BUSY, busy.exitCode(), busy.all());
            assertTrue(busy.err().contains("pid " + child.pid()), busy.err());
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs in the child
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertFalse(child.isAlive());
        assertTrue(Files.exists(warehouse.resolve("_lock")), "the dead run's lock is left behind");
        assertEquals(before, publishedState(), "the published state is the previous one, byte for byte");
        String killedRun = runningManifest();

        Cli.Outcome next = run();
        assertEquals(ExitCode.SUCCESS, next.exitCode(), next.all());
        assertFalse(Files.exists(warehouse.resolve("_lock")));
        assertFalse(Files.exists(warehouse.resolve("_staging")), "the dead run's staging folder is gone");
        try (Stream<Path> snapshots = Files.list(warehouse.resolve("snapshots"))) {
            List<String> names = snapshots.map(p -> p.getFileName().toString()).toList();
            assertFalse(names.contains(killedRun), "the dead run's half-built snapshot is gone: " + names);
            // the current snapshot, and each one it replaced within the grace period (24 hours) with its marker
            String current = warehouse.resolve("current").toRealPath().getFileName().toString();
            assertTrue(names.contains(current), names.toString());
            assertTrue(names.contains(Path.of(before.get("current")).getFileName() + ".replaced"), names.toString());
            for (String n : names) {
                assertTrue(n.equals(current) || n.endsWith(".replaced") || names.contains(n + ".replaced"),
                        "only published snapshots are kept: " + names);
            }
        }
        assertNotEquals(before.get("current"), publishedState().get("current"));
        Map<?, ?> manifest = new ObjectMapper().readValue(warehouse.resolve("runs/" + killedRun + ".json").toFile(), Map.class);
        assertEquals("interrupted", manifest.get("outcome"));
        assertEquals(false, manifest.get("published"));
        // the analysts' view of the new state, through the links and the DuckDB sandbox
        long seats = Files.readAllLines(Fixtures.handwrittenLanding().resolve("seats/seats.csv")).stream()
                .filter(l -> !l.isBlank()).count() - 1;
        Cli.Outcome sql = Cli.run("sql", "--warehouse", warehouse.toString(), "--format", "csv",
                "SELECT count(*) AS seats FROM seats");
        assertEquals(0, sql.exitCode(), sql.all());
        assertEquals(List.of("seats", Long.toString(seats)), sql.out().lines().toList(), sql.out());
    }

    @Test
    void a_full_disk_while_writing_is_one_line_exit_5_and_the_manifest_is_not_left_running() throws Exception {
        Map<String, String> before = publishedState();
        Set<String> manifestsBefore = manifests();
        Cli.Outcome o;
        // The system's ENOSPC as Hadoop raises it: an Error (FSError) around the IOException.
        o = run(Faults.noSpaceAt(Point.WRITING));
        assertEquals(ExitCode.ENVIRONMENT, o.exitCode(), o.all());
        List<String> err = o.err().lines().toList();
        assertEquals(1, err.size(), "one line, no stack trace: " + o.err());
        assertTrue(err.get(0).startsWith("environment: no space left on device under " + warehouse), err.get(0));
        assertTrue(err.get(0).contains("the published state is unchanged"), err.get(0));
        assertTrue(err.get(0).contains("free space"), "says what to do: " + err.get(0));
        assertEquals(before, publishedState(), "the published state is the previous one, byte for byte");
        assertFalse(Files.exists(warehouse.resolve("_lock")));
        Set<String> added = manifests();
        added.removeAll(manifestsBefore);
        assertEquals(1, added.size(), added.toString());
        Map<?, ?> manifest = new ObjectMapper().readValue(warehouse.resolve("runs/" + added.iterator().next()).toFile(), Map.class);
        assertEquals("environment", manifest.get("outcome"));
        assertEquals(false, manifest.get("published"));
        assertTrue(String.valueOf(manifest.get("error")).startsWith("no space left on device"), manifest.toString());
    }

    @Test
    void a_read_only_warehouse_is_one_line_exit_5_naming_it() throws Exception {
        Map<String, String> before = publishedState();
        Set<String> manifestsBefore = manifests();
        Set<PosixFilePermission> modes = Files.getPosixFilePermissions(warehouse);
        Cli.Outcome o;
        Files.setPosixFilePermissions(warehouse, PosixFilePermissions.fromString("r-xr-xr-x"));
        // root writes into a folder whatever its mode: then the system's EROFS is injected where the
        // run first writes (taking the lock), so the case is tested either way.
        boolean modesStopWrites = !Files.isWritable(warehouse);
        try {
            o = run(modesStopWrites ? RunCheckpoints.NONE : Faults.readOnlyAt(Point.LOCKING, warehouse));
        } finally {
            Files.setPosixFilePermissions(warehouse, modes);
        }
        assertEquals(ExitCode.ENVIRONMENT, o.exitCode(), o.all());
        List<String> err = o.err().lines().toList();
        assertEquals(1, err.size(), "one line, no stack trace: " + o.err());
        assertTrue(err.get(0).startsWith("environment: " + (modesStopWrites ? "permission denied" : "read-only file system")
                + " under " + warehouse), err.get(0));
        assertTrue(err.get(0).contains("the published state is unchanged"), err.get(0));
        assertEquals(before, publishedState());
        assertEquals(manifestsBefore, manifests(), "nothing written: the lock is the run's first write");
    }

    @Test
    void a_rerun_on_unchanged_inputs_says_which_sources_it_reused_and_their_published_rows() throws Exception {
        Cli.Outcome o = run();
        assertEquals(ExitCode.SUCCESS, o.exitCode(), o.all());
        long seats = Files.readAllLines(Fixtures.handwrittenLanding().resolve("seats/seats.csv")).stream()
                .filter(l -> !l.isBlank()).count() - 1;
        List<String> lines = o.out().lines().toList();
        assertTrue(lines.contains(String.format("%-16s reused, unchanged (%d rows)", "seats", seats)), o.out());
        assertTrue(lines.stream().noneMatch(l -> l.matches("seats\\s+0\\s+0\\s.*")), "no '0 files, 0 rows' for a reused source: " + o.out());
        assertTrue(o.out().contains("unchanged file(s) left as published"), o.out());
        // A line per source as the ingest finishes it, each source once; one [plan] stage.
        List<String> progress = lines.stream().filter(l -> l.matches("\\[ingest\\] \\d+/" + Source.values().length + " .*")).toList();
        assertEquals(Source.values().length, progress.size(), o.out());
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("[ingest] ") && l.contains(" seats: reused, unchanged (" + seats + " rows)")),
                progress.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("[plan] done")).count(), o.out());
        assertEquals("", o.err(), "a clean run writes nothing to stderr");
        Map<?, ?> manifest = new ObjectMapper().readValue(warehouse.resolve("runs/" + lines.get(0).split("[ :]")[1] + ".json").toFile(), Map.class);
        Map<?, ?> seatCounts = (Map<?, ?>) ((Map<?, ?>) manifest.get("sources")).get("seats");
        assertEquals(true, seatCounts.get("reused_unchanged"), seatCounts.toString());
        assertEquals((int) seats, seatCounts.get("rows_published"), seatCounts.toString());
    }

    static Set<String> manifests() throws IOException {
        try (Stream<Path> files = Files.list(warehouse.resolve("runs"))) {
            return new java.util.TreeSet<>(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).toList());
        }
    }

    /** The current link's target, and every published file's content hash. */
    static Map<String, String> publishedState() throws IOException {
        Map<String, String> out = new TreeMap<>();
        out.put("current", Files.readSymbolicLink(warehouse.resolve("current")).toString());
        Path current = warehouse.resolve("current").toRealPath();
        try (Stream<Path> files = Files.walk(current)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(current.relativize(f).toString(), MonthlyRunTest.sha256(f));
            }
        }
        return out;
    }

    /** The run id of the one manifest still saying "running" (the killed run's). */
    static String runningManifest() throws IOException {
        List<String> running = new ArrayList<>();
        try (Stream<Path> files = Files.list(warehouse.resolve("runs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Map<?, ?> m = new ObjectMapper().readValue(f.toFile(), Map.class);
                if ("running".equals(m.get("outcome"))) {
                    running.add((String) m.get("run_id"));
                }
            }
        }
        assertEquals(1, running.size(), running.toString());
        return running.get(0);
    }

    /** The program in a new JVM (this test's class path and module options), told to stop at a point. */
    static Process startPausedRun(Point point, Path paused) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx1g");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Faults.class.getName());
        command.add(point.name());
        command.add(paused.toString());
        command.addAll(List.of("run", "--landing", Fixtures.handwrittenLanding().toString(), "--warehouse", warehouse.toString(),
                "--from", "2024-01", "--to", "2024-12", "--as-of", "2026-11-01", "--demo"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child-" + point + ".log").toFile()).start();
    }

    static void waitFor(Path paused, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (!Files.exists(paused)) {
            if (!child.isAlive()) {
                throw new AssertionError("the child run ended (exit " + child.exitValue() + ") before pausing: "
                        + Files.readString(dir.resolve(paused.getFileName().toString().replace("paused-", "child-") + ".log")));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the child run did not reach its pause point in 8 minutes");
            }
            Thread.sleep(200);
        }
    }
}
