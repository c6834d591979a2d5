package org.organisermetrics.testing;

import org.apache.spark.sql.SparkSession;
import org.organisermetrics.spark.SparkSessions;

/** One SparkSession for the whole test run (like Spark's own SharedSparkSession): start it once, never stop it. */
public final class SharedSpark {
    private SharedSpark() {}

    public static synchronized SparkSession session() {
        System.setProperty("spark.sql.shuffle.partitions", "2");
        return SparkSessions.getOrCreate("organiser-metrics-tests");
    }
}
