package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.organisermetrics.contract.Source;

/**
 * Pilot windows (METRICS.md shared rules): only selected = true rows make a seat pilot; a month m
 * lies in [start_month, end_month] when m >= start_month and (end_month is null or m <= end_month).
 * A row counts for month m only when it had been applied for by the end of m (applied_on), so a
 * month's figures never depend on pilot_seats rows dated after it.
 */
public final class PilotWindows {
    private PilotWindows() {}

    /** One row per selected pilot_seats row and month of {@code months} inside its window. */
    public static Dataset<Row> seatMonths(CuratedTables curated, Dataset<Row> months) {
        return curated.table(Source.PILOT_SEATS).where(col("selected"))
                .crossJoin(broadcast(months))
                .where(col("applied_on").leq(last_day(col(Months.MONTH))))
                .where(col(Months.MONTH).geq(col("start_month"))
                        .and(col("end_month").isNull().or(col(Months.MONTH).leq(col("end_month")))));
    }
}
