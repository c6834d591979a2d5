package org.organisermetrics.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.organisermetrics.warehouse.TableDoc.column;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.Source;
import org.organisermetrics.evaluate.GroupComparison;
import org.organisermetrics.evaluate.Welch;
import org.organisermetrics.metrics.CuratedTables;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.metrics.Months;
import org.organisermetrics.metrics.SeatMonth;
import org.organisermetrics.warehouse.TableDoc;
import org.organisermetrics.warehouse.Warehouse;

/**
 * pilot_evaluation and pilot_seat_change (METRICS.md; docs/pilot-evaluation.md): pilot seats
 * against controls, difference-in-differences per cohort, metric and comparison, evaluated at the
 * end of every month of the run (as a run ending that month would), with the seats behind every estimate.
 *
 * <p>The inputs are small (pilot_seats, seats, and five seat_month columns for the seats compared
 * over the months evaluated: at national scale 650 seats × a few dozen months), so they are
 * collected to the driver and the arithmetic is {@link PilotEvaluationEstimates}, plain Java.
 */
public final class PilotEvaluation {
    public static final String EVALUATION_MONTH = "evaluation_month";

    public static final TableDoc TABLE = new TableDoc("pilot_evaluation",
            "one row per cohort, metric and comparison for each evaluation month (every month of the run that made it; each uses only seat_month rows up to its end)",
            List.of("cohort", "metric", "comparison", EVALUATION_MONTH), TableDoc.Partitioning.EVALUATION_MONTH, TableDoc.schema("""
                    cohort STRING NOT NULL, cohort_start_month DATE NOT NULL, metric STRING NOT NULL,
                    comparison STRING NOT NULL, evaluation_month DATE NOT NULL, n_pilot INT NOT NULL,
                    n_control INT NOT NULL, n_excluded_pilot INT NOT NULL, n_excluded_control INT NOT NULL,
                    mean_change_pilot DOUBLE, mean_change_control DOUBLE, did DOUBLE, ci_low DOUBLE, ci_high DOUBLE,
                    welch_df DOUBLE, p_welch DOUBLE, p_mann_whitney DOUBLE, hedges_g DOUBLE,
                    verdict STRING NOT NULL, run_id STRING NOT NULL
                    """), List.of(
            column("cohort", "the pilot cohort (pilot_seats.cohort)"),
            column("cohort_start_month", "the cohort's start month: the earliest start_month of its selected seats"),
            column("metric", "the seat_month column judged: recruited, trained, active, conversations or promises_identified"),
            column("comparison", "the controls: applicants_not_selected (the primary, fair comparison: the cohort's applicants that were not selected; only pilot_seats rows applied for by the end of the evaluation month count) or same_region_non_applicants (secondary: seats in the pilot seats' regions that had not applied by the end of the evaluation month)"),
            column(EVALUATION_MONTH, "the month the evaluation runs to (first day): a month of the run, evaluated as a run ending that month would"),
            column("n_pilot", "pilot seats in the estimate (selected seats of the cohort, exclusions left out)"),
            column("n_control", "control seats in the estimate"),
            column("n_excluded_pilot", "pilot seats left out: no seat_month rows in the 12 months before the start (or none since), or a pilot seat of another cohort in these months; not imputed"),
            column("n_excluded_control", "control seats left out, for the same reasons"),
            column("mean_change_pilot", "mean over pilot seats of change = post - pre, where pre is the seat's mean monthly value over the 12 months before cohort_start_month and post its mean monthly value from cohort_start_month to evaluation_month"),
            column("mean_change_control", "the same mean over control seats"),
            column("did", "difference-in-differences: mean_change_pilot - mean_change_control, in the metric's units per month; null when either group has fewer than 3 seats"),
            column("ci_low", "lower end of the 95% confidence interval of did (Welch: did ± t(0.975, df) × sqrt(s_pilot²/n_pilot + s_control²/n_control)); null when fewer than 3 seats in a group or no spread"),
            column("ci_high", "upper end of that interval"),
            column("welch_df", "the Welch-Satterthwaite degrees of freedom behind the interval and p_welch"),
            column("p_welch", "two-sided p-value of Welch's t-test of did = 0 (Commons Math TTest)"),
            column("p_mann_whitney", "two-sided p-value of the Mann-Whitney U test on the seats' changes: Commons Math 3.6.1's normal approximation, no continuity or tie correction; rough for small groups (docs/pilot-evaluation.md)"),
            column("hedges_g", "Hedges' g: did over the pooled standard deviation of the changes, times the small-sample correction 1 - 3/(4(n_pilot + n_control - 2) - 1)"),
            column("verdict", "the estimate in a plain-English sentence for a regional organiser (\"too few seats to judge\" below 3 seats a group)"),
            column("run_id", "the run that made the row")));

    public static final TableDoc SEAT_CHANGE_TABLE = new TableDoc("pilot_seat_change",
            "one row per seat behind each pilot_evaluation row",
            List.of("cohort", "metric", "comparison", EVALUATION_MONTH, "seat_code"), TableDoc.Partitioning.EVALUATION_MONTH, TableDoc.schema("""
                    cohort STRING NOT NULL, metric STRING NOT NULL, comparison STRING NOT NULL,
                    evaluation_month DATE NOT NULL, seat_code STRING NOT NULL, region STRING,
                    seat_group STRING NOT NULL, pre DOUBLE, post DOUBLE, change DOUBLE, months_pre INT NOT NULL,
                    months_post INT NOT NULL, excluded BOOLEAN NOT NULL, excluded_reason STRING,
                    run_id STRING NOT NULL
                    """), List.of(
            column("cohort", "the pilot cohort"),
            column("metric", "the seat_month column"),
            column("comparison", "applicants_not_selected or same_region_non_applicants (pilot seats appear under both)"),
            column(EVALUATION_MONTH, "the month the evaluation runs to (first day)"),
            column("seat_code", "the seat"),
            column("region", "the seat's region"),
            column("seat_group", "pilot or control"),
            column("pre", "mean monthly value over the months with a seat_month row among the 12 before the cohort's start month; null when none"),
            column("post", "mean monthly value over the months with a seat_month row from the start month to the evaluation month; null when none"),
            column("change", "post - pre; null when either is null"),
            column("months_pre", "seat_month rows behind pre (12 when the warehouse holds the whole year before the start)"),
            column("months_post", "seat_month rows behind post"),
            column("excluded", "true when the seat is left out of the estimate"),
            column("excluded_reason", "why it is left out, in words; null when it is not"),
            column("run_id", "the run that made the row")));

    static final StructType ESTIMATE_SCHEMA = new StructType()
            .add("cohort", DataTypes.StringType, false)
            .add("cohort_start_month", DataTypes.DateType, false)
            .add("metric", DataTypes.StringType, false)
            .add("comparison", DataTypes.StringType, false)
            .add(EVALUATION_MONTH, DataTypes.DateType, false)
            .add("n_pilot", DataTypes.IntegerType, false)
            .add("n_control", DataTypes.IntegerType, false)
            .add("n_excluded_pilot", DataTypes.IntegerType, false)
            .add("n_excluded_control", DataTypes.IntegerType, false)
            .add("mean_change_pilot", DataTypes.DoubleType, true)
            .add("mean_change_control", DataTypes.DoubleType, true)
            .add("did", DataTypes.DoubleType, true)
            .add("ci_low", DataTypes.DoubleType, true)
            .add("ci_high", DataTypes.DoubleType, true)
            .add("welch_df", DataTypes.DoubleType, true)
            .add("p_welch", DataTypes.DoubleType, true)
            .add("p_mann_whitney", DataTypes.DoubleType, true)
            .add("hedges_g", DataTypes.DoubleType, true)
            .add("verdict", DataTypes.StringType, false)
            .add("run_id", DataTypes.StringType, false);

    static final StructType SEAT_CHANGE_SCHEMA = new StructType()
            .add("cohort", DataTypes.StringType, false)
            .add("metric", DataTypes.StringType, false)
            .add("comparison", DataTypes.StringType, false)
            .add(EVALUATION_MONTH, DataTypes.DateType, false)
            .add("seat_code", DataTypes.StringType, false)
            .add("region", DataTypes.StringType, true)
            .add("seat_group", DataTypes.StringType, false)
            .add("pre", DataTypes.DoubleType, true)
            .add("post", DataTypes.DoubleType, true)
            .add("change", DataTypes.DoubleType, true)
            .add("months_pre", DataTypes.IntegerType, false)
            .add("months_post", DataTypes.IntegerType, false)
            .add("excluded", DataTypes.BooleanType, false)
            .add("excluded_reason", DataTypes.StringType, true)
            .add("run_id", DataTypes.StringType, false);

    /** Both tables of one run. */
    public record Tables(Dataset<Row> estimates, Dataset<Row> seatChanges) {}

    private PilotEvaluation() {}

    /**
     * seat_month as far back as the warehouse holds it: the published months outside this run, then
     * this run's own (staged) months. The pre-period of a cohort usually lies before a monthly run's
     * months (METRICS.md: history before --from is used whenever the warehouse holds it).
     */
    public static Dataset<Row> seatMonthHistory(SparkSession spark, Warehouse warehouse, MetricSettings settings,
                                                Dataset<Row> runSeatMonth) {
        Dataset<Row> run = historyColumns(runSeatMonth);
        Path published = warehouse.published(Warehouse.METRICS, SeatMonth.TABLE.name());
        try {
            if (!warehouse.fs().exists(published)) {
                return run;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Dataset<Row> earlier = historyColumns(spark.read().parquet(published.toString()))
                .where(col(Months.MONTH).lt(lit(settings.fromMonth()))
                        .or(col(Months.MONTH).gt(lit(settings.toMonth()))));
        return earlier.unionByName(run);
    }

    private static Dataset<Row> historyColumns(Dataset<Row> seatMonth) {
        List<Column> cols = new ArrayList<>(List.of(col("seat_code"), col(Months.MONTH).cast("date").as(Months.MONTH)));
        for (PilotEvaluationMetric m : PilotEvaluationMetric.values()) {
            cols.add(col(m.column()).cast("double").as(m.column()));
        }
        return seatMonth.select(cols.toArray(Column[]::new));
    }

    /**
     * Both tables evaluated at every month of the run (each month an evaluation month of its own, using
     * only seat_month rows up to it), so a run over many months writes what a run ending at each of
     * them would have written.
     */
    public static Tables compute(SparkSession spark, CuratedTables curated, MetricSettings settings,
                                 Dataset<Row> seatMonthHistory) {
        List<PilotEvaluationGroups.PilotSeat> pilotSeats = new ArrayList<>();
        List<LocalDate> appliedOn = new ArrayList<>();
        for (Row r : curated.table(Source.PILOT_SEATS)
                .select("seat_code", "cohort", "selected", "start_month", "end_month", "applied_on").collectAsList()) {
            pilotSeats.add(new PilotEvaluationGroups.PilotSeat(r.getString(0), r.getString(1),
                    !r.isNullAt(2) && r.getBoolean(2), localDate(r, 3), localDate(r, 4)));
            appliedOn.add(localDate(r, 5));
        }
        Map<String, String> regionBySeat = new HashMap<>();
        for (Row r : curated.table(Source.SEATS).select("seat_code", "region").collectAsList()) {
            regionBySeat.put(r.getString(0), r.getString(1));
        }
        Map<LocalDate, List<PilotEvaluationGroups.Comparison>> byMonth = new java.util.LinkedHashMap<>();
        List<PilotEvaluationGroups.Comparison> every = new ArrayList<>();
        for (LocalDate evaluationMonth : Months.between(settings.fromMonth(), settings.toMonth())) {
            // the pilot_seats rows applied for by the end of the evaluation month: a seat that applies later is
            // still a same-region non-applicant at this month, as a run ending this month saw it
            LocalDate endOfMonth = evaluationMonth.withDayOfMonth(evaluationMonth.lengthOfMonth());
            List<PilotEvaluationGroups.PilotSeat> known = new ArrayList<>();
            for (int i = 0; i < pilotSeats.size(); i++) {
                if (appliedOn.get(i) == null || !appliedOn.get(i).isAfter(endOfMonth)) {
                    known.add(pilotSeats.get(i));
                }
            }
            List<PilotEvaluationGroups.Comparison> comparisons = PilotEvaluationGroups.of(known, regionBySeat, evaluationMonth);
            byMonth.put(evaluationMonth, comparisons);
            every.addAll(comparisons);
        }
        // one read of seat_month for every evaluation month; each evaluation reads only its months
        Map<PilotEvaluationMetric, Map<String, Map<LocalDate, Double>>> series =
                every.isEmpty() ? new EnumMap<>(PilotEvaluationMetric.class) : series(seatMonthHistory, every, settings.toMonth());

        List<Row> estimates = new ArrayList<>();
        List<Row> seats = new ArrayList<>();
        byMonth.forEach((evaluationMonth, comparisons) -> {
            for (PilotEvaluationGroups.Comparison c : comparisons) {
                for (PilotEvaluationMetric metric : PilotEvaluationMetric.values()) {
                    PilotEvaluationEstimates.Result r = PilotEvaluationEstimates.evaluate(c, metric,
                            series.getOrDefault(metric, Map.of()), evaluationMonth);
                    estimates.add(estimateRow(r.estimate(), settings.runId()));
                    r.seats().forEach(s -> seats.add(seatRow(s, regionBySeat.get(s.seatCode()), settings.runId())));
                }
            }
        });
        return new Tables(spark.createDataFrame(estimates, ESTIMATE_SCHEMA), spark.createDataFrame(seats, SEAT_CHANGE_SCHEMA));
    }

    /** metric -> seat -> month -> value, for the compared seats over the months any comparison reads. */
    private static Map<PilotEvaluationMetric, Map<String, Map<LocalDate, Double>>> series(
            Dataset<Row> history, List<PilotEvaluationGroups.Comparison> comparisons, LocalDate evaluationMonth) {
        TreeSet<String> seats = new TreeSet<>();
        comparisons.forEach(c -> c.seats().forEach(m -> seats.add(m.seatCode())));
        LocalDate from = comparisons.stream().map(PilotEvaluationGroups.Comparison::preFrom)
                .min(Comparator.naturalOrder()).orElseThrow();
        List<Row> rows = history
                .where(col(Months.MONTH).geq(lit(from)).and(col(Months.MONTH).leq(lit(evaluationMonth))))
                .where(col("seat_code").isin(seats.toArray()))
                .collectAsList();
        Map<PilotEvaluationMetric, Map<String, Map<LocalDate, Double>>> out = new EnumMap<>(PilotEvaluationMetric.class);
        for (Row r : rows) {
            String seat = r.getAs("seat_code");
            LocalDate month = toLocalDate(r.getAs(Months.MONTH));
            for (PilotEvaluationMetric m : PilotEvaluationMetric.values()) {
                Object v = r.getAs(m.column());
                out.computeIfAbsent(m, k -> new HashMap<>()).computeIfAbsent(seat, k -> new HashMap<>())
                        .put(month, v == null ? null : ((Number) v).doubleValue());
            }
        }
        return out;
    }

    private static Row estimateRow(PilotEvaluationEstimates.Estimate e, String runId) {
        GroupComparison s = e.statistics();
        Welch.Result w = s.welch();
        boolean judged = s.judged();
        return RowFactory.create(e.cohort(), e.startMonth(), e.metric(), e.comparison(),
                e.evaluationMonth(), e.nPilot(), e.nControl(), e.nExcludedPilot(), e.nExcludedControl(),
                orNull(s.meanA()), orNull(s.meanB()),
                judged ? orNull(w.difference()) : null,
                judged ? orNull(w.ciLow()) : null,
                judged ? orNull(w.ciHigh()) : null,
                judged ? orNull(w.df()) : null,
                judged ? orNull(w.p()) : null,
                judged ? orNull(s.mannWhitney().pNormalApproximation()) : null,
                judged ? orNull(s.hedgesG()) : null,
                e.verdict(), runId);
    }

    private static Row seatRow(PilotEvaluationEstimates.SeatChange s, String region, String runId) {
        return RowFactory.create(s.cohort(), s.metric(), s.comparison(), s.evaluationMonth(),
                s.seatCode(), region, s.group(), s.pre(), s.post(), s.change(), s.monthsPre(), s.monthsPost(),
                s.excluded(), s.excludedReason(), runId);
    }

    private static Double orNull(double x) {
        return Double.isNaN(x) || Double.isInfinite(x) ? null : x;
    }

    private static LocalDate localDate(Row r, int i) {
        if (r.isNullAt(i)) {
            return null;
        }
        return toLocalDate(r.get(i));
    }

    /** A DATE value as the session returns it (LocalDate with Spark's Java 8 date API, which SparkSessions turns on; else java.sql.Date). */
    static LocalDate toLocalDate(Object v) {
        return v instanceof LocalDate d ? d : ((Date) v).toLocalDate();
    }
}
