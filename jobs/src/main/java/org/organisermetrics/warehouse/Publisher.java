package org.organisermetrics.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Makes a run's staged output the published state of the warehouse, in one atomic step.
 *
 * <h2>Local (POSIX) warehouse: snapshots and one pointer</h2>
 * <pre>
 *   current -&gt; snapshots/&lt;run_id&gt;        the published state: one symbolic link
 *   curated -&gt; current/curated            fixed links, made once: readers use these paths
 *   metrics, restricted, reports, state, analytics.duckdb   (likewise)
 *   snapshots/&lt;run_id&gt;/...                a complete warehouse state
 * </pre>
 * A publish builds the run's snapshot next to the current one: every file of the current
 * snapshot that the run does not replace is hard-linked into it (no data is copied), the run's
 * staged tables and partitions are moved in, then the catalogue (and report) are built inside it.
 * Only then is {@code current} switched, by renaming a new link over it: rename(2) is atomic, so
 * a reader opening {@code curated/...} or {@code analytics.duckdb} finds the old complete state or
 * the new one. A run killed at any point before the switch leaves {@code current} as it was; its
 * half-built snapshot and staging folder are removed by the next run ({@link #recover()}). The
 * previous snapshot is kept until the next publish, so a query that started on it can finish.
 *
 * <h2>Other file systems (HDFS, object stores)</h2>
 * No links there: each staged table or partition replaces the published one by renames, which is
 * atomic per folder on HDFS but not as a whole, and a copy on object stores. docs/operations.md
 * says what that means for readers.
 */
public final class Publisher {
    private static final Logger LOG = LogManager.getLogger(Publisher.class);
    public static final String SNAPSHOTS = "snapshots";
    public static final String CURRENT = "current";
    /** The partition column of monthly tables, curated facts and metrics alike. */
    public static final String MONTH_PARTITION = "month";
    /** Entries of a snapshot that readers reach through fixed links at the warehouse root. */
    public static final List<String> LINKED = List.of(Warehouse.CURATED, Warehouse.METRICS, Warehouse.RESTRICTED,
            Warehouse.REPORTS, Warehouse.STATE, "analytics.duckdb");

    /** A staged table and how it replaces the published one. */
    public record Table(String zone, String name, List<String> partitionsReplaced) {
        /** The whole table is replaced (reference, snapshot and restricted tables). */
        public static Table whole(String zone, String name) {
            return new Table(zone, name, null);
        }

        /** Only the named partitions (e.g. month=2026-10-01) are replaced; the others stay. */
        public static Table partitions(String zone, String name, List<String> partitionDirs) {
            return new Table(zone, name, List.copyOf(partitionDirs));
        }

        /** A table partitioned by month: the run's months (month=YYYY-MM-01) replace the published ones. */
        public static Table months(String zone, String name, java.time.LocalDate fromMonth, java.time.LocalDate toMonth) {
            List<String> partitions = new ArrayList<>();
            for (java.time.LocalDate m = fromMonth.withDayOfMonth(1); !m.isAfter(toMonth); m = m.plusMonths(1)) {
                partitions.add(MONTH_PARTITION + "=" + m);
            }
            return partitions(zone, name, partitions);
        }

        /** Paths, relative to a snapshot, that this table replaces. */
        List<String> replacedPaths() {
            String table = zone + "/" + name;
            if (partitionsReplaced == null) {
                return List.of(table);
            }
            return partitionsReplaced.stream().map(p -> table + "/" + p).toList();
        }
    }

    /** Work done inside the new snapshot before it is switched in (the catalogue, the report). */
    @FunctionalInterface
    public interface BeforeSwitch {
        void accept(Path snapshot) throws IOException;
    }

    private final Warehouse warehouse;

    public Publisher(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /**
     * Cleans up after runs that died (their staging folders, half-built snapshots, temporary links,
     * snapshots older than the current one) and moves a warehouse written before snapshots existed
     * into one. Call it while holding the {@link RunLock}: any staging folder then is a dead run's.
     */
    public void recover() {
        try {
            warehouse.fs().delete(new org.apache.hadoop.fs.Path(warehouse.root(), Warehouse.STAGING), true);
            if (!warehouse.isLocal()) {
                return;
            }
            Path root = warehouse.localRoot();
            migrateUnsnapshotted(root);
            try (Stream<Path> entries = Files.list(root)) {
                for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(".current-")).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            removeSnapshotsExcept(root, currentSnapshot(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up the warehouse " + warehouse.root() + ": " + e.getMessage(), e);
        }
    }

    /** Publishes the staged tables; {@code beforeSwitch} runs inside the new snapshot (local warehouses). */
    public void publish(String runId, List<Table> tables, BeforeSwitch beforeSwitch) {
        try {
            if (warehouse.isLocal()) {
                publishSnapshot(runId, tables, beforeSwitch);
            } else {
                publishByRenames(runId, tables);
            }
            removeStaging(runId);
        } catch (IOException e) {
            throw new UncheckedIOException("publishing run " + runId + " failed: " + e.getMessage(), e);
        }
    }

    /** Removes a failed run's staging folder: nothing of it was published. */
    public void discard(String runId) {
        try {
            removeStaging(runId);
            if (warehouse.isLocal()) {
                Path snapshot = warehouse.localRoot().resolve(SNAPSHOTS).resolve(runId);
                if (!snapshot.equals(currentSnapshot(warehouse.localRoot()))) {
                    deleteTree(snapshot);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void publishSnapshot(String runId, List<Table> tables, BeforeSwitch beforeSwitch) throws IOException {
        Path root = warehouse.localRoot();
        Path previous = currentSnapshot(root);
        Path next = root.resolve(SNAPSHOTS).resolve(runId);
        if (next.equals(previous)) {
            throw new IllegalStateException("run id " + runId + " is the current snapshot's: run ids must be unique");
        }
        deleteTree(next);
        Files.createDirectories(next);
        List<String> replaced = new ArrayList<>();
        tables.forEach(t -> replaced.addAll(t.replacedPaths()));
        if (previous != null) {
            linkUnreplaced(previous, next, replaced);
        }
        for (Table t : tables) {
            Path staged = Path.of(warehouse.staged(runId, t.zone(), t.name()).toUri());
            Path target = next.resolve(t.zone()).resolve(t.name());
            if (t.partitionsReplaced() == null) {
                moveIfExists(staged, target);
            } else {
                Files.createDirectories(target);
                for (String partition : t.partitionsReplaced()) {
                    moveIfExists(staged.resolve(partition), target.resolve(partition));
                }
            }
        }
        for (String entry : LINKED) {
            if (!entry.contains(".")) {
                Files.createDirectories(next.resolve(entry)); // every fixed link resolves, even to an empty folder
            }
        }
        Path runs = next.resolve(Warehouse.RUNS);
        Files.deleteIfExists(runs);
        Files.createSymbolicLink(runs, Path.of("..", "..", Warehouse.RUNS)); // the catalogue's runs view, from inside
        beforeSwitch.accept(next);
        switchCurrent(root, runId);
        ensureFixedLinks(root);
        removeSnapshotsExcept(root, next, previous);
        LOG.info("published snapshot {} (previous {})", next.getFileName(), previous == null ? "none" : previous.getFileName());
    }

    /** Hard-links every file of the previous snapshot that the run does not replace (no data copied). */
    private static void linkUnreplaced(Path previous, Path next, List<String> replaced) throws IOException {
        try (Stream<Path> files = Files.walk(previous)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String rel = previous.relativize(f).toString().replace('\\', '/');
                if (rel.startsWith("analytics.duckdb") || rel.startsWith(".analytics.duckdb") || isReplaced(rel, replaced)) {
                    continue; // the catalogue is rebuilt for every snapshot
                }
                Path target = next.resolve(rel);
                Files.createDirectories(target.getParent());
                Files.createLink(target, f);
            }
        }
    }

    static boolean isReplaced(String rel, List<String> replaced) {
        for (String r : replaced) {
            if (rel.equals(r) || rel.startsWith(r + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Points {@code current} at the snapshot: a new link renamed over the old one (atomic). */
    private static void switchCurrent(Path root, String runId) throws IOException {
        Path temp = root.resolve(".current-" + runId);
        Files.deleteIfExists(temp);
        Files.createSymbolicLink(temp, Path.of(SNAPSHOTS, runId));
        Files.move(temp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void ensureFixedLinks(Path root) throws IOException {
        for (String entry : LINKED) {
            Path link = root.resolve(entry);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of(CURRENT, entry));
            }
        }
    }

    /** A warehouse written before snapshots: its folders become the first snapshot, unchanged. */
    private static void migrateUnsnapshotted(Path root) throws IOException {
        if (Files.isSymbolicLink(root.resolve(CURRENT)) || !Files.isDirectory(root.resolve(Warehouse.CURATED), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String name = "before-snapshots";
        Path snapshot = root.resolve(SNAPSHOTS).resolve(name);
        Files.createDirectories(snapshot);
        for (String entry : LINKED) {
            Path p = root.resolve(entry);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
                Files.move(p, snapshot.resolve(entry), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        switchCurrent(root, name);
        ensureFixedLinks(root);
        LOG.warn("moved the warehouse's folders into {} (the snapshot layout)", snapshot);
    }

    /** The folder {@code current} points at, or null before the first publish. */
    public static Path currentSnapshot(Path root) {
        Path link = root.resolve(CURRENT);
        if (!Files.isSymbolicLink(link)) {
            return null;
        }
        try {
            return root.resolve(Files.readSymbolicLink(link)).normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void removeSnapshotsExcept(Path root, Path... keep) throws IOException {
        Path snapshots = root.resolve(SNAPSHOTS);
        if (!Files.isDirectory(snapshots)) {
            return;
        }
        List<Path> kept = new ArrayList<>();
        for (Path k : keep) {
            if (k != null) {
                kept.add(k.normalize());
            }
        }
        try (Stream<Path> entries = Files.list(snapshots)) {
            for (Path s : entries.toList()) {
                if (!kept.contains(s.normalize())) {
                    deleteTree(s);
                }
            }
        }
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.createDirectories(to.getParent());
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) { // walk does not follow links: a link is deleted, not its target
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Non-local warehouses: each table, or each partition a run replaces, swapped in by renames. */
    private void publishByRenames(String runId, List<Table> tables) throws IOException {
        FileSystem fs = warehouse.fs();
        org.apache.hadoop.fs.Path trash = new org.apache.hadoop.fs.Path(warehouse.staging(runId), "_replaced");
        for (Table t : tables) {
            org.apache.hadoop.fs.Path staged = warehouse.staged(runId, t.zone(), t.name());
            org.apache.hadoop.fs.Path published = warehouse.published(t.zone(), t.name());
            org.apache.hadoop.fs.Path aside = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(trash, t.zone()), t.name());
            if (t.partitionsReplaced() == null) {
                swap(fs, staged, published, aside);
            } else {
                fs.mkdirs(published);
                for (String partition : t.partitionsReplaced()) {
                    swap(fs, new org.apache.hadoop.fs.Path(staged, partition), new org.apache.hadoop.fs.Path(published, partition),
                            new org.apache.hadoop.fs.Path(aside, partition));
                }
                fs.delete(new org.apache.hadoop.fs.Path(published, "_SUCCESS"), false);
            }
        }
    }

    private static void swap(FileSystem fs, org.apache.hadoop.fs.Path staged, org.apache.hadoop.fs.Path published,
                             org.apache.hadoop.fs.Path aside) throws IOException {
        boolean hasNew = fs.exists(staged);
        if (fs.exists(published)) {
            fs.mkdirs(aside.getParent());
            rename(fs, published, aside);
        }
        if (hasNew) {
            fs.mkdirs(published.getParent());
            rename(fs, staged, published);
        }
        fs.delete(aside, true);
    }

    private static void rename(FileSystem fs, org.apache.hadoop.fs.Path from, org.apache.hadoop.fs.Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    /** Deletes the run's staging folder, and _staging itself when no other run's folder is left in it. */
    private void removeStaging(String runId) throws IOException {
        FileSystem fs = warehouse.fs();
        org.apache.hadoop.fs.Path staging = warehouse.staging(runId);
        fs.delete(staging, true);
        org.apache.hadoop.fs.Path parent = staging.getParent();
        if (fs.exists(parent) && fs.listStatus(parent).length == 0) {
            fs.delete(parent, false);
        }
    }
}
