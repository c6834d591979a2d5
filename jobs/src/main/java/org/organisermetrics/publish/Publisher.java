package org.organisermetrics.publish;

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
import org.organisermetrics.warehouse.StagedTable;
import org.organisermetrics.warehouse.Warehouse;

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
 * half-built snapshot and staging folder are removed by the next run ({@link #recover()}).
 *
 * <p>A published snapshot never changes: nothing is written into it after the switch (the
 * catalogue and the report are built before it; {@link #isPublished} lets writers refuse). Its
 * files are hard links shared with the next snapshot, so an in-place write would change both.
 *
 * <p>The catalogue in a snapshot names that snapshot's files ({@code snapshots/<run_id>/curated/...}),
 * so a reader stays on the snapshot it opened. A snapshot that stops being current is kept for a
 * grace period ({@link #DEFAULT_GRACE}, {@code run --snapshot-grace}) so queries that started on it
 * can finish: {@code snapshots/<run_id>.replaced} records when it was replaced, and the first run
 * after the grace period removes both.
 *
 * <p>The restricted zone (personal data: the quarantine's raw rows, identity keys) is readable by
 * the warehouse's owner only: {@code restricted/} folders 700 and their files 600, in every
 * snapshot, and {@code _staging/} (where a run writes before publishing) 700.
 *
 * <h2>Other file systems (HDFS, object stores)</h2>
 * No links there: each staged table or partition replaces the published one by renames, which is
 * atomic per folder on HDFS but not as a whole, and a copy on object stores. docs/operations.md
 * says what that means for readers.
 */
public final class Publisher {
    /** Asked for when publishing, not when the class loads: report's isPublished check logs nothing and starts no log4j. */
    private static Logger log() {
        return LogManager.getLogger(Publisher.class);
    }
    /** Suffix of the file beside a snapshot that says when it stopped being current (its modification time). */
    public static final String REPLACED_SUFFIX = ".replaced";
    /** How long a replaced snapshot is kept for queries that started on it, unless the run says otherwise. */
    public static final java.time.Duration DEFAULT_GRACE = java.time.Duration.ofHours(24);
    /** Permissions of the restricted zone's folders and files, and of the staging folder. */
    public static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_FOLDER =
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
    public static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_FILE =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
    /** Entries of a snapshot that readers reach through fixed links at the warehouse root. */
    public static final List<String> LINKED = List.of(Warehouse.CURATED, Warehouse.METRICS, Warehouse.RESTRICTED,
            Warehouse.REPORTS, Warehouse.STATE, "analytics.duckdb");

    /** Work done inside the new snapshot before it is switched in (the catalogue, the report). */
    @FunctionalInterface
    public interface BeforeSwitch {
        void accept(Path snapshot) throws IOException;
    }

    private final Warehouse warehouse;
    private final java.time.Duration grace;

    public Publisher(Warehouse warehouse) {
        this(warehouse, DEFAULT_GRACE);
    }

    /** A publisher that keeps a replaced snapshot for {@code grace} (zero: removed by the next run). */
    public Publisher(Warehouse warehouse, java.time.Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the snapshot grace period cannot be negative: " + grace);
        }
        this.warehouse = warehouse;
        this.grace = grace;
    }

    /**
     * Cleans up after runs that died (their staging folders, half-built snapshots, temporary links,
     * snapshots replaced more than the grace period ago) and moves a warehouse written before snapshots existed
     * into one. Call it while holding the {@link RunLock}: any staging folder then is a dead run's.
     */
    public void recover() {
        try {
            org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(warehouse.root(), Warehouse.STAGING);
            warehouse.fs().delete(staging, true);
            // what a run writes before publishing includes the restricted zone: owner only, whatever the umask
            warehouse.fs().mkdirs(staging);
            warehouse.fs().setPermission(staging, new org.apache.hadoop.fs.permission.FsPermission((short) 0700));
            if (!warehouse.isLocal()) {
                restrictByHadoop(new org.apache.hadoop.fs.Path(warehouse.root(), Warehouse.RESTRICTED));
                return;
            }
            Path root = warehouse.localRoot();
            migrateUnsnapshotted(root);
            try (Stream<Path> entries = Files.list(root)) {
                for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(".current-")).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            removeSnapshotsExcept(root, Warehouse.currentSnapshot(root));
            try (Stream<Path> snapshots = Files.isDirectory(root.resolve(Warehouse.SNAPSHOTS)) ? Files.list(root.resolve(Warehouse.SNAPSHOTS)) : Stream.empty()) {
                for (Path s : snapshots.filter(Files::isDirectory).toList()) {
                    restrict(s.resolve(Warehouse.RESTRICTED)); // snapshots written with a looser umask
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up the warehouse " + warehouse.root() + ": " + e.getMessage(), e);
        }
    }

    /** Publishes the staged tables; {@code beforeSwitch} runs inside the new snapshot (local warehouses). */
    public void publish(String runId, List<StagedTable> tables, BeforeSwitch beforeSwitch) {
        try {
            if (warehouse.isLocal()) {
                publishSnapshot(runId, tables, beforeSwitch);
            } else {
                publishByRenames(runId, tables);
                restrictByHadoop(new org.apache.hadoop.fs.Path(warehouse.root(), Warehouse.RESTRICTED));
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
                Path snapshot = warehouse.localRoot().resolve(Warehouse.SNAPSHOTS).resolve(runId);
                if (!snapshot.equals(Warehouse.currentSnapshot(warehouse.localRoot())) && !Files.exists(replacedMarker(snapshot))) {
                    deleteTree(snapshot);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void publishSnapshot(String runId, List<StagedTable> tables, BeforeSwitch beforeSwitch) throws IOException {
        Path root = warehouse.localRoot();
        Path previous = Warehouse.currentSnapshot(root);
        Path next = root.resolve(Warehouse.SNAPSHOTS).resolve(runId);
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
        for (StagedTable t : tables) {
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
        restrict(next.resolve(Warehouse.RESTRICTED));
        Path catalogue = next.resolve("analytics.duckdb");
        if (Files.isRegularFile(catalogue, LinkOption.NOFOLLOW_LINKS) && catalogue.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // read-only for everyone: a DuckDB opening it for writing gets "Permission denied", not a published file changed
            Files.setPosixFilePermissions(catalogue, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        }
        if (previous != null) {
            // written before the switch: a run killed in between leaves previous current, which is always kept
            Path marker = replacedMarker(previous);
            Files.write(marker, new byte[0]);
            Files.setLastModifiedTime(marker, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        }
        switchCurrent(root, runId);
        ensureFixedLinks(root);
        removeSnapshotsExcept(root, next);
        log().info("published snapshot {} (previous {})", next.getFileName(), previous == null ? "none" : previous.getFileName());
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
        Files.createSymbolicLink(temp, Path.of(Warehouse.SNAPSHOTS, runId));
        Files.move(temp, root.resolve(Warehouse.CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void ensureFixedLinks(Path root) throws IOException {
        for (String entry : LINKED) {
            Path link = root.resolve(entry);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of(Warehouse.CURRENT, entry));
            }
        }
    }

    /** A warehouse written before snapshots: its folders become the first snapshot, unchanged. */
    private static void migrateUnsnapshotted(Path root) throws IOException {
        if (Files.isSymbolicLink(root.resolve(Warehouse.CURRENT)) || !Files.isDirectory(root.resolve(Warehouse.CURATED), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String name = "before-snapshots";
        Path snapshot = root.resolve(Warehouse.SNAPSHOTS).resolve(name);
        Files.createDirectories(snapshot);
        for (String entry : LINKED) {
            Path p = root.resolve(entry);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
                Files.move(p, snapshot.resolve(entry), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        switchCurrent(root, name);
        ensureFixedLinks(root);
        log().warn("moved the warehouse's folders into {} (the snapshot layout)", snapshot);
    }


    /**
     * Removes every snapshot but {@code keep} (the current one) and those replaced less than the
     * grace period ago; a snapshot with no replaced marker was never published (a dead run's) and goes.
     */
    private void removeSnapshotsExcept(Path root, Path keep) throws IOException {
        Path snapshots = root.resolve(Warehouse.SNAPSHOTS);
        if (!Files.isDirectory(snapshots)) {
            return;
        }
        java.time.Instant expired = java.time.Instant.now().minus(grace);
        try (Stream<Path> entries = Files.list(snapshots)) {
            for (Path s : entries.toList()) {
                String name = s.getFileName().toString();
                if (name.endsWith(REPLACED_SUFFIX)) {
                    Path snapshot = s.resolveSibling(name.substring(0, name.length() - REPLACED_SUFFIX.length()));
                    if (!Files.exists(snapshot, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(s); // its snapshot is gone
                    }
                    continue;
                }
                if (keep != null && s.normalize().equals(keep.normalize())) {
                    continue;
                }
                Path marker = replacedMarker(s);
                if (Files.exists(marker) && Files.getLastModifiedTime(marker).toInstant().isAfter(expired)) {
                    continue; // replaced within the grace period: a query may still be reading it
                }
                deleteTree(s);
                Files.deleteIfExists(marker);
            }
        }
    }

    /** The file beside a snapshot whose modification time says when it stopped being current. */
    static Path replacedMarker(Path snapshot) {
        return snapshot.resolveSibling(snapshot.getFileName() + REPLACED_SUFFIX);
    }

    /**
     * Whether {@code path} is in a published snapshot (the current one, or one replaced and kept for
     * its grace period), through any link: such a snapshot never changes, so writers refuse it.
     */
    public static boolean isPublished(Path path) {
        try {
            Path p = path.toAbsolutePath().normalize();
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            if (p == null) {
                return false;
            }
            for (Path s = p.toRealPath(); s != null && s.getParent() != null; s = s.getParent()) {
                Path parent = s.getParent();
                if (parent.getFileName() != null && parent.getFileName().toString().equals(Warehouse.SNAPSHOTS) && parent.getParent() != null) {
                    Path current = Warehouse.currentSnapshot(parent.getParent());
                    boolean isCurrent = current != null && Files.exists(current) && current.toRealPath().equals(s);
                    return isCurrent || Files.exists(replacedMarker(s));
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The restricted zone: folders 700, files 600, so only the warehouse's owner reads personal data. */
    static void restrict(Path restricted) throws IOException {
        if (!Files.isDirectory(restricted, LinkOption.NOFOLLOW_LINKS)
                || !restricted.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (Stream<Path> walk = Files.walk(restricted)) {
            for (Path p : walk.toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                Files.setPosixFilePermissions(p, Files.isDirectory(p) ? OWNER_ONLY_FOLDER : OWNER_ONLY_FILE);
            }
        }
    }

    /** As {@link #restrict}, on a Hadoop file system (HDFS...). */
    private void restrictByHadoop(org.apache.hadoop.fs.Path restricted) throws IOException {
        FileSystem fs = warehouse.fs();
        if (!fs.exists(restricted)) {
            return;
        }
        org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> files = fs.listFiles(restricted, true);
        while (files.hasNext()) {
            fs.setPermission(files.next().getPath(), new org.apache.hadoop.fs.permission.FsPermission((short) 0600));
        }
        java.util.ArrayDeque<org.apache.hadoop.fs.Path> folders = new java.util.ArrayDeque<>(List.of(restricted));
        while (!folders.isEmpty()) {
            org.apache.hadoop.fs.Path folder = folders.pop();
            fs.setPermission(folder, new org.apache.hadoop.fs.permission.FsPermission((short) 0700));
            for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(folder)) {
                if (st.isDirectory()) {
                    folders.push(st.getPath());
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
    private void publishByRenames(String runId, List<StagedTable> tables) throws IOException {
        FileSystem fs = warehouse.fs();
        org.apache.hadoop.fs.Path trash = new org.apache.hadoop.fs.Path(warehouse.staging(runId), "_replaced");
        for (StagedTable t : tables) {
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
