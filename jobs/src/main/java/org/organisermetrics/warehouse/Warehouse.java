package org.organisermetrics.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The warehouse layout (ARCHITECTURE.md), in one place:
 * <pre>
 *   curated/&lt;table&gt;/            conformed Parquet, no personal data; facts partitioned month=YYYY-MM-01
 *   metrics/&lt;table&gt;/            metric tables (data_quality partitioned by run_id)
 *   restricted/quarantine/       raw rejected rows with file, line and reason (personal data)
 *   restricted/identity/&lt;src&gt;/   hashed identity match keys (no plain personal values)
 *   runs/&lt;run_id&gt;.json           one manifest per run
 *   _staging/&lt;run_id&gt;/           a run's output before it is published (removed after)
 * </pre>
 * Paths are URIs (file:, hdfs:, s3a:...) or local folders.
 */
public final class Warehouse {
    public static final String CURATED = "curated";
    public static final String METRICS = "metrics";
    public static final String RESTRICTED = "restricted";
    public static final String RUNS = "runs";
    public static final String STAGING = "_staging";

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

    public Path published(String zone, String table) {
        return new Path(new Path(root, zone), table);
    }

    public Path staged(String runId, String zone, String table) {
        return new Path(new Path(new Path(new Path(root, STAGING), runId), zone), table);
    }

    public Path staging(String runId) {
        return new Path(new Path(root, STAGING), runId);
    }

    public Path manifest(String runId) {
        return new Path(new Path(root, RUNS), runId + ".json");
    }
}
