package org.organisermetrics.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place the SparkSession is configured. Embedded ({@code local[*]}) unless a master is
 * already set, as spark-submit does, so the same jar runs on a laptop and on a cluster.
 */
public final class SparkSessions {
    private SparkSessions() {}

    /** Shuffle partitions of an embedded session: few cores, so few partitions. */
    private static final String DEFAULT_SHUFFLE_PARTITIONS = "8";

    public static SparkSession getOrCreate(String appName) {
        SparkConf conf = new SparkConf(true);
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
            // Embedded: few cores, so few shuffle partitions; a cluster keeps its own setting.
            conf.setIfMissing("spark.sql.shuffle.partitions", DEFAULT_SHUFFLE_PARTITIONS);
            // ... except where a shuffle is large: adaptive execution starts those at 64 partitions and
            // coalesces them back to ~64 MB each, so a national source's key group-by or month
            // repartition is not squeezed into 8 partitions of gigabytes that sort and spill.
            conf.setIfMissing("spark.sql.adaptive.coalescePartitions.initialPartitionNum", "64");
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.setAppName(appName);
        // Spark's own progress bar (its stages and tasks) only when asked (--verbose on a terminal sets
        // the system property); the run prints a plain line per source and stage itself.
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // LocalDate / Instant in Rows rather than java.sql.Date: the contract's dates are calendar days.
        conf.set("spark.sql.datetime.java8API.enabled", "true");
        conf.set("spark.sql.session.timeZone", "UTC");
        conf.setIfMissing("spark.sql.sources.partitionOverwriteMode", "dynamic");
        conf.setIfMissing("spark.sql.parquet.compression.codec", "zstd");
        conf.setIfMissing("spark.sql.adaptive.enabled", "true");
        // Sources are ingested by concurrent jobs, each in a scheduler pool of its own (IngestJob):
        // fair sharing between pools, so the small sources are not queued behind the tasks of the
        // register's hundred-million-row stages as they are under FIFO.
        conf.setIfMissing("spark.scheduler.mode", "FAIR");
        // Plan strings for the listener are built on every (adaptive) plan change; the formatted
        // mode is expensive there and small runs are bound by the driver's planning.
        conf.setIfMissing("spark.sql.ui.explainMode", "simple");
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * A run whose landing zone holds at most this many bytes is small: its every shuffle fits one
     * task, and its time is nearly all the fixed cost of each Spark job and plan.
     */
    public static final long SMALL_INPUT_BYTES = 64L << 20;

    /**
     * The settings that depend on the input's size, for an embedded session (a cluster keeps its own,
     * and a setting given as a system property is kept). A small input gets one shuffle partition, no
     * adaptive re-planning (which runs each shuffle as a job of its own and plans the query again after
     * it) and no generated code (compiling it costs more than running a few thousand rows through the
     * interpreted expressions). A larger input gets the session's defaults back. None changes a result.
     */
    public static void sizeFor(SparkSession spark, long inputBytes) {
        if (!spark.sparkContext().isLocal()) {
            return;
        }
        boolean small = inputBytes <= SMALL_INPUT_BYTES;
        setUnlessGiven(spark, "spark.sql.shuffle.partitions", small ? "1" : DEFAULT_SHUFFLE_PARTITIONS);
        setUnlessGiven(spark, "spark.sql.adaptive.enabled", small ? "false" : "true");
        setUnlessGiven(spark, "spark.sql.codegen.wholeStage", small ? "false" : "true");
        setUnlessGiven(spark, "spark.sql.codegen.factoryMode", small ? "NO_CODEGEN" : "FALLBACK");
    }

    private static void setUnlessGiven(SparkSession spark, String key, String value) {
        if (System.getProperty(key) == null) {
            spark.conf().set(key, value);
        }
    }
}
