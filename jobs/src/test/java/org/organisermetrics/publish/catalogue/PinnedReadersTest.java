package org.organisermetrics.publish.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.organisermetrics.publish.Publisher;
import org.organisermetrics.warehouse.StagedTable;
import org.organisermetrics.warehouse.Warehouse;

/**
 * A query sees one snapshot from start to end while runs publish: the catalogue's views name their
 * own snapshot's files, and a replaced snapshot is kept for the grace period. Readers as analysts
 * have them: DuckDB opening analytics.duckdb afresh for each query, a DuckDB session held open
 * across publishes, and the sql verb's sandbox.
 */
class PinnedReadersTest {
    private static final String MAY = "month=2024-05-01";

    /**
     * Publishes the same rows again and again under new file names (as a rerun of May does), each
     * with its catalogue, while three readers loop; every query must succeed with the same counts.
     */
    @Test
    void readersLoopingWhileRunsPublishNeverFail() throws Exception {
        Path wh = HandwrittenWarehouse.copy();
        Publisher publisher = new Publisher(new Warehouse(wh.toString(), new Configuration()));
        List<String> expected;
        try (Connection c = CatalogueTest.open(wh)) {
            expected = counts(c);
        }
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger queries = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        readers.add(reader("fresh connection", publishing, queries, failures, expected, () -> {
            try (Connection c = CatalogueTest.open(wh)) {
                return counts(c);
            }
        }));
        Connection session = CatalogueTest.open(wh); // opened before the first publish, used across all of them
        readers.add(reader("open session", publishing, queries, failures, expected, () -> counts(session)));
        readers.add(reader("sql sandbox", publishing, queries, failures, expected, () -> {
            try (SqlRunner sql = SqlRunner.open(wh)) {
                List<String> out = new ArrayList<>();
                for (String q : COUNTS) {
                    out.add(String.valueOf(sql.query(q).rows().get(0).get(0)));
                }
                return out;
            }
        }));
        readers.forEach(Thread::start);
        TableSchemas schemas = TableSchemas.declared();
        int publishes = 8;
        try {
            for (int i = 0; i < publishes; i++) {
                String runId = "20990101T0000000" + String.format("%02d", i) + "Z-test";
                Path current = wh.resolve("current").toRealPath();
                restage(current.resolve("curated/activities").resolve(MAY),
                        wh.resolve("_staging").resolve(runId).resolve("curated/activities").resolve(MAY));
                restage(current.resolve("metrics/seat_month"), wh.resolve("_staging").resolve(runId).resolve("metrics/seat_month"));
                publisher.publish(runId, List.of(
                        StagedTable.partitions(Warehouse.CURATED, "activities", List.of(MAY)),
                        StagedTable.whole(Warehouse.METRICS, "seat_month")),
                        snapshot -> new CatalogueBuilder(snapshot, schemas).build());
                Thread.sleep(150); // let each reader start queries on this snapshot before the next switch
            }
        } finally {
            publishing.set(false);
            for (Thread t : readers) {
                t.join(60_000);
            }
            session.close();
        }
        assertEquals(List.of(), failures, "queries that failed or saw other counts while runs published");
        assertTrue(queries.get() >= 3 * publishes, "the readers ran " + queries.get() + " queries");
        // Every replaced snapshot is still there (within the grace period), each with its marker.
        try (Stream<Path> s = Files.list(wh.resolve("snapshots"))) {
            assertEquals(publishes + 1, s.filter(Files::isDirectory).count());
        }
        HandwrittenWarehouse.delete(wh.getParent());
    }

    /**
     * A DuckDB session opened before a publish keeps reading the snapshot it opened, whole: a run
     * that drops May's activities does not change what the open session counts, while a session
     * opened after it sees the new state.
     */
    @Test
    void aSessionOpenedBeforeAPublishKeepsReadingItsSnapshot() throws Exception {
        Path wh = HandwrittenWarehouse.copy();
        try (Connection before = CatalogueTest.open(wh)) {
            long all = Long.parseLong(CatalogueTest.one(before, "SELECT count(*) FROM activities"));
            long may = Long.parseLong(CatalogueTest.one(before, "SELECT count(*) FROM activities WHERE month = DATE '2024-05-01'"));
            assertTrue(may > 0, "the handwritten landing has May activities");
            // A run of May that found no activity rows: the May partition is replaced by nothing.
            new Publisher(new Warehouse(wh.toString(), new Configuration())).publish("20990101T000000000Z-may",
                    List.of(StagedTable.partitions(Warehouse.CURATED, "activities", List.of(MAY))),
                    snapshot -> new CatalogueBuilder(snapshot, TableSchemas.declared()).build());
            assertEquals(Long.toString(all), CatalogueTest.one(before, "SELECT count(*) FROM activities"),
                    "the open session still reads the snapshot it opened");
        }
        try (Connection after = CatalogueTest.open(wh)) { // (DuckDB shares one open database per file within a process)
            assertEquals("0", CatalogueTest.one(after, "SELECT count(*) FROM activities WHERE month = DATE '2024-05-01'"),
                    "a session opened after the publish reads the new state");
        }
        HandwrittenWarehouse.delete(wh.getParent());
    }

    private static final List<String> COUNTS = List.of("SELECT count(*) FROM activities", "SELECT count(*) FROM seat_month",
            "SELECT count(*) FROM runs");

    private static List<String> counts(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String q : COUNTS) {
            out.add(CatalogueTest.one(c, q));
        }
        return out;
    }

    @FunctionalInterface
    interface Query {
        List<String> run() throws Exception;
    }

    private static Thread reader(String name, AtomicBoolean publishing, AtomicInteger queries, List<String> failures,
                                 List<String> expected, Query query) {
        return new Thread(() -> {
            while (publishing.get()) {
                try {
                    List<String> got = query.run();
                    if (!got.equals(expected)) {
                        failures.add(name + ": " + got + " instead of " + expected);
                    }
                } catch (Exception e) {
                    failures.add(name + ": " + e.getMessage());
                }
                queries.incrementAndGet();
            }
        }, "reader " + name);
    }

    /** The folder's Parquet files copied into the staging folder under new names (a run writes new part files). */
    private static void restage(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                Path target = to.resolve(from.relativize(f).toString()).resolveSibling("part-" + UUID.randomUUID() + ".parquet");
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }

    @Test
    void aReplacedSnapshotIsKeptForTheGracePeriodThenRemovedByALaterRun() throws Exception {
        Path wh = HandwrittenWarehouse.copy();
        Warehouse warehouse = new Warehouse(wh.toString(), new Configuration());
        Path first = wh.resolve("current").toRealPath();
        Publisher hour = new Publisher(warehouse, Duration.ofHours(1));
        hour.publish("20990101T000000001Z-a", List.of(), snapshot -> { });
        Path second = wh.resolve("current").toRealPath();
        assertTrue(Files.isDirectory(first), "replaced a moment ago: kept");
        Path marker = first.resolveSibling(first.getFileName() + Publisher.REPLACED_SUFFIX);
        assertTrue(Files.exists(marker));
        assertTrue(Publisher.isPublished(first), "a replaced snapshot still being read is published state");
        // Two hours pass: the next run removes the first snapshot, keeps the second (replaced now).
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path dead = Files.createDirectories(wh.resolve("snapshots/20990101T000000002Z-dead/curated")); // a dead run's, never published
        hour.publish("20990101T000000003Z-b", List.of(), snapshot -> { });
        assertFalse(Files.exists(first), "replaced two hours ago, grace one hour: removed");
        assertFalse(Files.exists(marker));
        assertTrue(Files.isDirectory(second), "replaced a moment ago: kept");
        assertFalse(Files.exists(dead), "never published: removed at once");
        // Grace zero: the next run's recovery keeps only the current snapshot.
        new Publisher(warehouse, Duration.ZERO).recover();
        try (Stream<Path> s = Files.list(wh.resolve("snapshots"))) {
            assertEquals(List.of("20990101T000000003Z-b"), s.map(p -> p.getFileName().toString()).toList());
        }
        HandwrittenWarehouse.delete(wh.getParent());
    }

    /** Personal data (the quarantine's raw rows, identity keys) is readable by the warehouse's owner only. */
    @Test
    void theRestrictedZoneIsOwnerOnlyInEverySnapshotAndInStaging() throws Exception {
        // As the run left it (Spark wrote these files with the process's umask).
        Path restricted = HandwrittenWarehouse.path().resolve("current").toRealPath().resolve(Warehouse.RESTRICTED);
        assertOwnerOnly(restricted);
        // A warehouse written with a looser umask (a copy: 755 folders, 644 files) is tightened by the next run's recovery.
        Path wh = HandwrittenWarehouse.copy();
        Path copied = wh.resolve("current").toRealPath().resolve(Warehouse.RESTRICTED);
        Files.setPosixFilePermissions(copied, PosixFilePermissions.fromString("rwxr-xr-x"));
        new Publisher(new Warehouse(wh.toString(), new Configuration())).recover();
        assertOwnerOnly(copied);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(wh.resolve(Warehouse.STAGING))),
                "a run's staging folder (restricted rows before publishing)");
        HandwrittenWarehouse.delete(wh.getParent());
    }

    private static void assertOwnerOnly(Path restricted) throws Exception {
        assertTrue(Files.isDirectory(restricted), restricted.toString());
        int files = 0;
        try (Stream<Path> walk = Files.walk(restricted)) {
            for (Path p : walk.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                if (Files.isDirectory(p)) {
                    assertEquals("rwx------", mode, p.toString());
                } else {
                    assertEquals("rw-------", mode, p.toString());
                    files++;
                }
            }
        }
        assertTrue(files > 0, "the restricted zone holds files: " + restricted);
    }
}
