package org.organisermetrics.evaluate;

import static org.apache.spark.sql.functions.*;
import static org.organisermetrics.warehouse.TableDoc.column;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.organisermetrics.contract.Columns;
import org.organisermetrics.contract.Source;
import org.organisermetrics.metrics.MetricColumns;
import org.organisermetrics.metrics.CuratedTables;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.metrics.Months;
import org.organisermetrics.metrics.PilotWindows;
import org.organisermetrics.metrics.SeatMonth;
import org.organisermetrics.warehouse.TableDoc;

/**
 * organiser_league: per organiser, the pilot so far (every covered seat-month up to the evaluation
 * month; every month of the run is an evaluation month): recruited and trained against target, per covered seat and month,
 * ranked by recruits against target. A covered seat-month is a month inside the pilot window of a
 * selected pilot_seats row naming the organiser (as organiser_month) for which the warehouse holds a
 * seat_month row; a seat-month without one counts neither its recruits nor its target.
 */
public final class OrganiserLeague {
    public static final TableDoc TABLE = new TableDoc("organiser_league",
            "one row per organiser for each evaluation month (every month of the run that made it; each counts only seat-months up to its end); every figure is pilot to date: over every month the organiser covered a pilot seat, up to the evaluation month (notebook 02's league is the last 12 months instead, with its own column names)",
            List.of("organiser_id", PilotEvaluation.EVALUATION_MONTH), TableDoc.Partitioning.EVALUATION_MONTH, TableDoc.schema("""
                    organiser_id STRING, evaluation_month DATE, region STRING, rank INT, seats BIGINT NOT NULL,
                    seat_months BIGINT NOT NULL, first_month DATE, recruited BIGINT NOT NULL,
                    target_recruits BIGINT, recruits_vs_target DOUBLE, recruited_per_seat_month DOUBLE,
                    target_recruits_per_seat_month DOUBLE, trained BIGINT NOT NULL, target_trained BIGINT,
                    trained_vs_target DOUBLE, trained_per_seat_month DOUBLE, target_trained_per_seat_month DOUBLE,
                    run_id STRING NOT NULL
                    """), List.of(
            column("organiser_id", "the community organiser (staff id)"),
            column(PilotEvaluation.EVALUATION_MONTH, "the month the league runs to (first day): a month of the run, counted as a run ending that month would"),
            column("region", "the organiser's region"),
            column("rank", "1 = most recruits against target (recruits_vs_target, highest first; ties broken by organiser_id); null when the organiser has no target, pilot to date"),
            column("seats", "distinct seats the organiser has covered, pilot to date"),
            column("seat_months", "covered seat-months with a seat_month row, pilot to date: the months behind every figure below"),
            column("first_month", "the first covered month"),
            column("recruited", "recruited summed over the covered seat-months"),
            column("target_recruits", "the monthly recruitment targets summed over the same seat-months"),
            column("recruits_vs_target", "recruited / target_recruits (null when the target is 0 or missing)"),
            column("recruited_per_seat_month", "recruited / seat_months: recruits per covered seat per month"),
            column("target_recruits_per_seat_month", "target_recruits / seat_months"),
            column("trained", "trained summed over the covered seat-months"),
            column("target_trained", "the monthly training targets summed over the same seat-months"),
            column("trained_vs_target", "trained / target_trained (null when the target is 0 or missing)"),
            column("trained_per_seat_month", "trained / seat_months"),
            column("target_trained_per_seat_month", "target_trained / seat_months"),
            column("run_id", "the run that made the row")));

    private static final String M = Months.MONTH;
    private static final String E = PilotEvaluation.EVALUATION_MONTH;

    private OrganiserLeague() {}

    /**
     * The league at every month of the run (each month an evaluation month of its own, counting only
     * covered seat-months up to it).
     *
     * @param seatMonthHistory seat_month as far back as the warehouse holds it ({@link PilotEvaluation#seatMonthHistory})
     */
    public static Dataset<Row> compute(SparkSession spark, CuratedTables curated, MetricSettings settings,
                                       Dataset<Row> seatMonthHistory) {
        LocalDate lastEvaluationMonth = settings.toMonth();
        Row first = curated.table(Source.PILOT_SEATS).where(col("selected")).agg(min("start_month")).first();
        LocalDate from = first.isNullAt(0) ? lastEvaluationMonth : PilotEvaluation.toLocalDate(first.get(0));
        if (from.isAfter(lastEvaluationMonth)) {
            from = lastEvaluationMonth;
        }
        Dataset<Row> months = spark.createDataset(Months.between(from, lastEvaluationMonth), Encoders.LOCALDATE()).toDF(M);
        Dataset<Row> evaluationMonths = Months.of(spark, settings).withColumnRenamed(M, E);
        Dataset<Row> covered = PilotWindows.seatMonths(curated, months).where(col("organiser_id").isNotNull())
                .groupBy("organiser_id", Columns.SEAT_CODE, M)
                .agg(min_by(col("target_recruits_per_month"), col("cohort")).as("target_recruits"),
                        min_by(col("target_trained_per_month"), col("cohort")).as("target_trained"));
        Dataset<Row> sums = covered
                .join(seatMonthHistory.select(Columns.SEAT_CODE, M, "recruited", "trained"), MetricColumns.joinColumns(List.of(Columns.SEAT_CODE, M)))
                .join(broadcast(evaluationMonths), col(M).leq(col(E)))
                .groupBy("organiser_id", E).agg(
                        countDistinct(Columns.SEAT_CODE).as("seats"),
                        count(lit(1)).as("seat_months"),
                        min(M).as("first_month"),
                        sum("recruited").cast("long").as("recruited"),
                        sum("target_recruits").as("target_recruits"),
                        sum("trained").cast("long").as("trained"),
                        sum("target_trained").as("target_trained"));
        Column ratio = MetricColumns.ratio(col("recruited"), col("target_recruits"));
        Dataset<Row> league = curated.table(Source.ORGANISERS).select("organiser_id", "region")
                .crossJoin(broadcast(evaluationMonths))
                .join(sums, MetricColumns.joinColumns(List.of("organiser_id", E)), "left")
                .withColumn("recruits_vs_target", ratio);
        Column order = row_number().over(Window.partitionBy(E).orderBy(col("recruits_vs_target").desc_nulls_last(), col("organiser_id").asc()));
        return league.select(
                col("organiser_id"),
                col(E),
                col("region"),
                when(col("recruits_vs_target").isNotNull(), order).as("rank"),
                coalesce(col("seats"), lit(0L)).as("seats"),
                coalesce(col("seat_months"), lit(0L)).as("seat_months"),
                col("first_month"),
                coalesce(col("recruited"), lit(0L)).as("recruited"),
                col("target_recruits"),
                col("recruits_vs_target"),
                MetricColumns.ratio(col("recruited"), col("seat_months")).as("recruited_per_seat_month"),
                MetricColumns.ratio(col("target_recruits"), col("seat_months")).as("target_recruits_per_seat_month"),
                coalesce(col("trained"), lit(0L)).as("trained"),
                col("target_trained"),
                MetricColumns.ratio(col("trained"), col("target_trained")).as("trained_vs_target"),
                MetricColumns.ratio(col("trained"), col("seat_months")).as("trained_per_seat_month"),
                MetricColumns.ratio(col("target_trained"), col("seat_months")).as("target_trained_per_seat_month"),
                lit(settings.runId()).as("run_id"));
    }
}
