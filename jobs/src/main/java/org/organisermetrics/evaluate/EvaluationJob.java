package org.organisermetrics.evaluate;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.metrics.MetricsJob;
import org.organisermetrics.warehouse.StagedTables;
import org.organisermetrics.warehouse.TableDoc;
import org.organisermetrics.warehouse.Warehouse;

/**
 * The evaluation stage of a run: the pilot evaluation and the organiser league, evaluated at every
 * month of the run from seat_month history (each month as a run ending that month would evaluate
 * it), staged beside the metric tables. docs/pilot-evaluation.md says how.
 */
public final class EvaluationJob {
    /** Every table this stage writes. */
    public static final List<TableDoc> TABLES = List.of(PilotEvaluation.TABLE, PilotEvaluation.SEAT_CHANGE_TABLE,
            PilotEvaluation.EVENT_STUDY_TABLE, OrganiserLeague.TABLE);

    private final SparkSession spark;
    private final Warehouse warehouse;
    private final MetricSettings settings;
    private final StagedTables staged;

    public EvaluationJob(SparkSession spark, Warehouse warehouse, MetricSettings settings, StagedTables staged) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.settings = settings;
        this.staged = staged;
    }

    public void run(MetricsJob.Result metrics) {
        Dataset<Row> seatMonthHistory = PilotEvaluation.seatMonthHistory(spark, warehouse, settings, metrics.seatMonth());
        PilotEvaluation.Tables pilot = PilotEvaluation.compute(spark, metrics.curated(), settings, seatMonthHistory);
        staged.write(PilotEvaluation.TABLE, pilot.estimates());
        staged.write(PilotEvaluation.SEAT_CHANGE_TABLE, pilot.seatChanges());
        staged.write(PilotEvaluation.EVENT_STUDY_TABLE, pilot.eventStudy());
        staged.write(OrganiserLeague.TABLE, OrganiserLeague.compute(spark, metrics.curated(), settings, seatMonthHistory));
    }
}
