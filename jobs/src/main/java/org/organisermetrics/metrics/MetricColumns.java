package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/** What every metric computes the same way: a ratio (METRICS.md), and join keys as Spark's Scala API takes them. */
public final class MetricColumns {
    private MetricColumns() {}

    /** numerator / denominator as a double; null when the denominator is 0 or null (METRICS.md: never 0 or NaN). */
    public static Column ratio(Column numerator, Column denominator) {
        return when(denominator.isNull().or(denominator.equalTo(0)), lit(null).cast("double"))
                .otherwise(numerator.cast("double").divide(denominator.cast("double")));
    }

    /** Column names as the sequence {@code Dataset.join(other, usingColumns, joinType)} takes. */
    public static scala.collection.immutable.Seq<String> joinColumns(List<String> names) {
        return scala.jdk.javaapi.CollectionConverters.asScala(names).toSeq();
    }

    public static scala.collection.immutable.Seq<String> joinColumns(String... names) {
        return joinColumns(List.of(names));
    }
}
