package org.organisermetrics.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moves a run's staged output into place. Nothing under curated/ or metrics/ changes until every
 * table of the run is fully written under _staging/; then each table (or each partition a run
 * replaces) is swapped in by renames, old copy first moved aside, then deleted.
 *
 * <p>A rename of a folder is atomic on a local or HDFS file system; the publish as a whole is a
 * short sequence of renames. (The monthly-run work makes the whole publish one atomic step.)
 */
public final class Publisher {
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
    }

    private final Warehouse warehouse;

    public Publisher(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public void publish(String runId, List<Table> tables) {
        FileSystem fs = warehouse.fs();
        Path trash = new Path(warehouse.staging(runId), "_replaced");
        try {
            for (Table t : tables) {
                Path staged = warehouse.staged(runId, t.zone(), t.name());
                Path published = warehouse.published(t.zone(), t.name());
                if (t.partitionsReplaced() == null) {
                    swap(fs, staged, published, new Path(new Path(trash, t.zone()), t.name()));
                } else {
                    fs.mkdirs(published);
                    for (String partition : t.partitionsReplaced()) {
                        swap(fs, new Path(staged, partition), new Path(published, partition),
                                new Path(new Path(new Path(trash, t.zone()), t.name()), partition));
                    }
                    fs.delete(new Path(published, "_SUCCESS"), false);
                }
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the run's staging folder, and _staging itself when no other run's folder is left in it. */
    private void removeStaging(String runId) throws IOException {
        FileSystem fs = warehouse.fs();
        Path staging = warehouse.staging(runId);
        fs.delete(staging, true);
        Path parent = staging.getParent();
        if (fs.exists(parent) && fs.listStatus(parent).length == 0) {
            fs.delete(parent, false);
        }
    }

    /** The partition folders (name=value) a staged table holds. */
    public List<String> stagedPartitions(String runId, String zone, String table) {
        Path staged = warehouse.staged(runId, zone, table);
        List<String> out = new ArrayList<>();
        try {
            if (warehouse.fs().exists(staged)) {
                for (FileStatus s : warehouse.fs().listStatus(staged)) {
                    if (s.isDirectory() && s.getPath().getName().contains("=")) {
                        out.add(s.getPath().getName());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void swap(FileSystem fs, Path staged, Path published, Path aside) throws IOException {
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

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }
}
