package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.*;
import static org.organisermetrics.warehouse.TableDoc.column;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.contract.Columns;
import org.organisermetrics.contract.Source;
import org.organisermetrics.warehouse.TableDoc;

/**
 * organiser_month (METRICS.md): per organiser and month, the seats they cover (pilot_seats rows
 * naming them whose pilot window contains the month) and those seats' seat_month figures summed.
 * Every organiser has a row for every month of the run, with seats_covered 0 when they cover none.
 */
public final class OrganiserMonth {
    public static final TableDoc TABLE = new TableDoc("organiser_month", "one row per organiser per month",
            List.of("organiser_id", "month"), TableDoc.Partitioning.MONTH, TableDoc.schema("""
                    organiser_id STRING, month DATE, region STRING, seats_covered BIGINT NOT NULL,
                    recruited BIGINT NOT NULL, trained BIGINT NOT NULL, active BIGINT NOT NULL,
                    recruited_per_seat DOUBLE, trained_per_seat DOUBLE, target_recruits BIGINT,
                    target_trained BIGINT, recruits_vs_target DOUBLE, signups BIGINT NOT NULL,
                    signups_attended BIGINT NOT NULL, signups_no_show BIGINT NOT NULL,
                    signups_cancelled BIGINT NOT NULL, flake_rate DOUBLE, first_attendances BIGINT NOT NULL,
                    first_attendances_90_days_ended BIGINT NOT NULL,
                    first_attendances_active_90_days BIGINT NOT NULL, first_attendances_active_rate DOUBLE,
                    run_id STRING NOT NULL
                    """), List.of(
            column("organiser_id", "the community organiser (staff id; names stay in the restricted zone)"),
            column("month", "the calendar month (first day of the month)"),
            column("region", "the organiser's region"),
            column("seats_covered", "distinct seats whose selected pilot_seats row names this organiser and whose pilot window contains the month"),
            column("recruited", "recruited summed over the covered seats (seat_month)"),
            column("trained", "trained summed over the covered seats"),
            column("active", "active summed over the covered seats"),
            column("recruited_per_seat", "recruited / seats_covered (null when no seat is covered)"),
            column("trained_per_seat", "trained / seats_covered (null when no seat is covered)"),
            column("target_recruits", "the covered seats' monthly recruitment targets summed"),
            column("target_trained", "the covered seats' monthly training targets summed"),
            column("recruits_vs_target", "recruited / target_recruits (null when the target is 0 or missing)"),
            column("signups", "signups summed over the covered seats: sign-ups to their events of the month, cancelled ones included"),
            column("signups_attended", "signups_attended summed over the covered seats"),
            column("signups_no_show", "signups_no_show summed over the covered seats"),
            column("signups_cancelled", "signups_cancelled summed over the covered seats"),
            column("flake_rate", "signups_no_show / (signups_attended + signups_no_show) over the covered seats; null when no sign-up has an outcome recorded"),
            column("first_attendances", "first_attendances summed over the covered seats"),
            column("first_attendances_90_days_ended", "first_attendances_90_days_ended summed over the covered seats"),
            column("first_attendances_active_90_days", "first_attendances_active_90_days summed over the covered seats"),
            column("first_attendances_active_rate", "first_attendances_active_90_days / first_attendances_90_days_ended (null when none ended in the month)"),
            column("run_id", "the run that made the row")));

    private static final String M = Months.MONTH;

    private OrganiserMonth() {}

    /** @param seatMonth the run's seat_month rows (the sums come from there, so the two tables agree by construction) */
    public static Dataset<Row> compute(SparkSession spark, CuratedTables curated, MetricSettings settings, Dataset<Row> seatMonth) {
        Dataset<Row> months = Months.of(spark, settings);
        Dataset<Row> covered = PilotWindows.seatMonths(curated, months).where(col("organiser_id").isNotNull())
                .groupBy("organiser_id", Columns.SEAT_CODE, M)
                .agg(min_by(col("target_recruits_per_month"), col("cohort")).as("target_recruits"),
                        min_by(col("target_trained_per_month"), col("cohort")).as("target_trained"));
        Dataset<Row> sums = covered
                .join(seatMonth.select(col(Columns.SEAT_CODE), col(M), col("recruited"), col("trained"), col("active"),
                                col("signups"), col("signups_attended"), col("signups_no_show"), col("signups_cancelled"),
                                col("first_attendances"), col("first_attendances_90_days_ended"), col("first_attendances_active_90_days")),
                        MetricColumns.joinColumns(List.of(Columns.SEAT_CODE, M)), "left")
                .groupBy("organiser_id", M).agg(
                        countDistinct(Columns.SEAT_CODE).as("seats_covered"),
                        sum("recruited").as("recruited"), sum("trained").as("trained"), sum("active").as("active"),
                        sum("target_recruits").as("target_recruits"), sum("target_trained").as("target_trained"),
                        sum("signups").as("signups"), sum("signups_attended").as("signups_attended"),
                        sum("signups_no_show").as("signups_no_show"), sum("signups_cancelled").as("signups_cancelled"),
                        sum("first_attendances").as("first_attendances"),
                        sum("first_attendances_90_days_ended").as("first_attendances_90_days_ended"),
                        sum("first_attendances_active_90_days").as("first_attendances_active_90_days"));
        Dataset<Row> grid = curated.table(Source.ORGANISERS).select("organiser_id", "region").crossJoin(broadcast(months));
        return grid.join(sums, MetricColumns.joinColumns(List.of("organiser_id", M)), "left").select(
                col("organiser_id"), col(M), col("region"),
                coalesce(col("seats_covered"), lit(0L)).as("seats_covered"),
                coalesce(col("recruited"), lit(0L)).as("recruited"),
                coalesce(col("trained"), lit(0L)).as("trained"),
                coalesce(col("active"), lit(0L)).as("active"),
                MetricColumns.ratio(col("recruited"), col("seats_covered")).as("recruited_per_seat"),
                MetricColumns.ratio(col("trained"), col("seats_covered")).as("trained_per_seat"),
                col("target_recruits"), col("target_trained"),
                MetricColumns.ratio(col("recruited"), col("target_recruits")).as("recruits_vs_target"),
                zero("signups"), zero("signups_attended"), zero("signups_no_show"), zero("signups_cancelled"),
                SeatMonth.flakeRate(zero("signups_attended"), zero("signups_no_show")).as("flake_rate"),
                zero("first_attendances"), zero("first_attendances_90_days_ended"), zero("first_attendances_active_90_days"),
                MetricColumns.ratio(zero("first_attendances_active_90_days"), zero("first_attendances_90_days_ended"))
                        .as("first_attendances_active_rate"),
                lit(settings.runId()).as("run_id"));
    }

    private static org.apache.spark.sql.Column zero(String name) {
        return coalesce(col(name), lit(0L)).as(name);
    }
}
