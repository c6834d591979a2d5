package org.organisermetrics.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The warehouse layout (ARCHITECTURE.md), in one place:
 * <pre>
 *   current -&gt; snapshots/&lt;run_id&gt;  the published state (local warehouses; see Publisher)
 *   snapshots/&lt;run_id&gt;.replaced     when a snapshot stopped being current (kept for the grace period)
 *   curated/&lt;table&gt;/            conformed Parquet, no personal data; facts partitioned month=YYYY-MM-01
 *   metrics/&lt;table&gt;/            metric tables (data_quality partitioned by run_id)
 *   restricted/quarantine/       raw rejected rows with file, line and reason (personal data; restricted/ is 700, its files 600)
 *   restricted/identity/&lt;src&gt;/   hashed identity match keys (no plain personal values)
 *   reports/&lt;YYYY-MM&gt;/index.html  the monthly scorecard, all regions; &lt;region&gt;.html one region's
 *   state/landing_files.json     the landing files ingested, with size and checksum
 *   runs/&lt;run_id&gt;.json           one manifest per run
 *   _lock                        the run holding the warehouse (RunLock)
 *   _staging/&lt;run_id&gt;/           a run's output before it is published (removed after; _staging is 700)
 * </pre>
 * Paths are URIs (file:, hdfs:, s3a:...) or local folders.
 */
public final class Warehouse {
    public static final String CURATED = "curated";
    public static final String METRICS = "metrics";
    public static final String RESTRICTED = "restricted";
    public static final String RUNS = "runs";
    public static final String STAGING = "_staging";
    public static final String REPORTS = "reports";
    public static final String STATE = "state";

    private final Path root;
    private final FileSystem fs;

    public Warehouse(String dir, Configuration conf) {
        try {
            Path p = new Path(dir);
            this.fs = p.getFileSystem(conf);
            this.root = fs.makeQualified(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the warehouse " + dir + ": " + e.getMessage(), e);
        }
    }

    public FileSystem fs() {
        return fs;
    }

    public Path root() {
        return root;
    }

    /** Whether the warehouse is a local folder (snapshots, links and the run lock need one). */
    public boolean isLocal() {
        return "file".equals(root.toUri().getScheme());
    }

    /** The folder of published snapshots, and the link naming the current one. */
    public static final String SNAPSHOTS = "snapshots";
    public static final String CURRENT = "current";
    /** The partition column of monthly tables, curated facts and metrics alike. */
    public static final String MONTH_PARTITION = "month";

    /** The folder {@code current} points at, or null before the first publish. */
    public static java.nio.file.Path currentSnapshot(java.nio.file.Path root) {
        java.nio.file.Path link = root.resolve(CURRENT);
        if (!Files.isSymbolicLink(link)) {
            return null;
        }
        try {
            return root.resolve(Files.readSymbolicLink(link)).normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The warehouse folder, for a local warehouse. */
    public java.nio.file.Path localRoot() {
        return java.nio.file.Path.of(root.toUri());
    }

    /**
     * A published table: inside the current snapshot (resolved now, so a reader is not switched
     * to another snapshot half-way) for a local warehouse, else {@code <root>/<zone>/<table>}.
     */
    public Path published(String zone, String table) {
        Path base = root;
        if (isLocal()) {
            java.nio.file.Path current = currentSnapshot(localRoot());
            if (current != null) {
                base = new Path(current.toUri());
            }
        }
        return new Path(new Path(base, zone), table);
    }

    public Path staged(String runId, String zone, String table) {
        return new Path(new Path(new Path(new Path(root, STAGING), runId), zone), table);
    }

    /** Whether a table (or any file) exists at the path. */
    public boolean exists(Path path) {
        try {
            return fs().exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The table at {@code path} read with {@code schema}, its columns in the schema's order; a typed
     * empty table when it was never written (an empty table has no Parquet file to read).
     */
    public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> read(org.apache.spark.sql.SparkSession spark, Path path,
                                                                     org.apache.spark.sql.types.StructType schema) {
        if (!exists(path)) {
            return spark.createDataFrame(java.util.List.of(), schema);
        }
        return spark.read().schema(schema).parquet(path.toString())
                .select(java.util.Arrays.stream(schema.fieldNames()).map(org.apache.spark.sql.functions::col)
                        .toArray(org.apache.spark.sql.Column[]::new));
    }

    public Path staging(String runId) {
        return new Path(new Path(root, STAGING), runId);
    }

    public Path manifest(String runId) {
        return new Path(new Path(root, RUNS), runId + ".json");
    }
}
