package org.organisermetrics.metrics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Calendar months as the metric tables key them: a DATE, the first day of the month. */
public final class Months {
    public static final String MONTH = "month";

    private Months() {}

    /** The months from {@code from} to {@code to} inclusive (first days). */
    public static List<LocalDate> between(LocalDate from, LocalDate to) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate m = from.withDayOfMonth(1); !m.isAfter(to); m = m.plusMonths(1)) {
            out.add(m);
        }
        return out;
    }

    /** A one-column Dataset {@code month} of the run's months. */
    public static Dataset<Row> of(SparkSession spark, MetricSettings settings) {
        return spark.createDataset(between(settings.fromMonth(), settings.toMonth()), Encoders.LOCALDATE()).toDF(MONTH);
    }
}
