package org.organisermetrics.testing;

import org.apache.spark.sql.SparkSession;
import org.organisermetrics.spark.SparkSessions;

/** One SparkSession for the whole test run (like Spark's own SharedSparkSession): start it once, never stop it. */
public final class SharedSpark {
    private SharedSpark() {}

    public static synchronized SparkSession session() {
        // Test data are tiny: one shuffle partition, no adaptive re-planning and no whole-stage
        // code generation (compiling generated code costs more than running it on a few rows).
        // None of these changes a result.
        System.setProperty("spark.sql.shuffle.partitions", "1");
        System.setProperty("spark.sql.adaptive.enabled", "false");
        System.setProperty("spark.sql.codegen.wholeStage", "false");
        return SparkSessions.getOrCreate("organiser-metrics-tests");
    }
}
