package org.organisermetrics.testing;

import org.apache.spark.sql.SparkSession;
import org.organisermetrics.spark.SparkSessions;

/** One SparkSession for the whole test run (like Spark's own SharedSparkSession): start it once, never stop it. */
public final class SharedSpark {
    private SharedSpark() {}

    public static synchronized SparkSession session() {
        // Test data are tiny: the settings a run gives a small input (SparkSessions.sizeFor), from the start.
        SparkSession spark = SparkSessions.getOrCreate("organiser-metrics-tests");
        SparkSessions.sizeFor(spark, 0);
        return spark;
    }
}
