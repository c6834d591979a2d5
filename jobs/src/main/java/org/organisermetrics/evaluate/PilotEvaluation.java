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
import org.organisermetrics.metrics.CuratedTables;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.metrics.Months;
import org.organisermetrics.metrics.SeatMonth;
import org.organisermetrics.warehouse.TableDoc;
import org.organisermetrics.warehouse.Warehouse;

/**
 * pilot_evaluation, pilot_seat_change and pilot_event_study (METRICS.md; docs/pilot-evaluation.md): pilot seats
 * against controls, difference-in-differences per cohort, metric and comparison, evaluated at the
 * end of every month of the run (as a run ending that month would), with the seats behind every estimate.
 *
 * <p>The inputs are small (pilot_seats, seats, and five seat_month columns for the seats compared
 * over the months evaluated: at national scale 650 seats × a few dozen months), so they are
 * collected to the driver and the arithmetic is {@link PilotEvaluationEstimates}, plain Java.
 */
public final class PilotEvaluation {
    public static final String EVALUATION_MONTH = "evaluation_month";
    /** pilot_evaluation.cohort of the row across cohorts. */
    public static final String ALL_COHORTS = "all";
    /** pilot_evaluation.comparison of the row across cohorts: applicants not yet (or never) in the pilot at each month. */
    public static final String NOT_YET_TREATED = "not_yet_treated_applicants";

    // The tables' schemas: the rows are made with them, and the declarations below are them.
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
            .add("p_randomisation", DataTypes.DoubleType, true)
            .add("ci_low_randomisation", DataTypes.DoubleType, true)
            .add("ci_high_randomisation", DataTypes.DoubleType, true)
            .add("smallest_p", DataTypes.DoubleType, true)
            .add("assignments", DataTypes.LongType, true)
            .add("assignments_exact", DataTypes.BooleanType, true)
            .add("pre_trend_difference", DataTypes.DoubleType, true)
            .add("pre_trend_p", DataTypes.DoubleType, true)
            .add("pre_trend_flag", DataTypes.BooleanType, true)
            .add("largest_trend_not_ruled_out", DataTypes.DoubleType, true)
            .add("breakdown_trend", DataTypes.DoubleType, true)
            .add("did_trend_adjusted", DataTypes.DoubleType, true)
            .add("ci_low_trend_adjusted", DataTypes.DoubleType, true)
            .add("ci_high_trend_adjusted", DataTypes.DoubleType, true)
            .add("judgement", DataTypes.StringType, true)
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

    static final StructType EVENT_STUDY_SCHEMA = new StructType()
            .add("cohort", DataTypes.StringType, false)
            .add("metric", DataTypes.StringType, false)
            .add("comparison", DataTypes.StringType, false)
            .add(EVALUATION_MONTH, DataTypes.DateType, false)
            .add("event_month", DataTypes.IntegerType, false)
            .add("month", DataTypes.DateType, false)
            .add("difference", DataTypes.DoubleType, true)
            .add("raw_difference", DataTypes.DoubleType, true)
            .add("mean_pilot", DataTypes.DoubleType, true)
            .add("mean_control", DataTypes.DoubleType, true)
            .add("n_pilot", DataTypes.IntegerType, false)
            .add("n_control", DataTypes.IntegerType, false)
            .add("run_id", DataTypes.StringType, false);

    public static final TableDoc TABLE = new TableDoc("pilot_evaluation",
            "one row per cohort, metric and comparison for each evaluation month (every month of the run that made it; each uses only seat_month rows up to its end)",
            List.of("cohort", "metric", "comparison", EVALUATION_MONTH), TableDoc.Partitioning.EVALUATION_MONTH, ESTIMATE_SCHEMA, List.of(
            column("cohort", "the pilot cohort (pilot_seats.cohort), or all for the row across cohorts (comparison not_yet_treated_applicants)"),
            column("cohort_start_month", "the cohort's start month: the earliest start_month of its selected seats (for cohort all, the earliest cohort's)"),
            column("metric", "the seat_month column judged: recruited, trained, active, conversations or promises_identified"),
            column("comparison", "the controls: applicants_not_selected (the primary, fair comparison: the cohort's applicants that were not selected; only pilot_seats rows applied for by the end of the evaluation month count), same_region_non_applicants (secondary: seats in the pilot seats' regions that had not applied by the end of the evaluation month), or not_yet_treated_applicants (cohort all, when two or more cohorts have started: each cohort against the applicant seats of any cohort not yet or never in the pilot at each month, the cohorts weighted by their pilot seats; did, the randomisation columns and judgement only)"),
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
            column("p_randomisation", "the primary p-value: two-sided randomisation p of did = 0, the share of every way of selecting n_pilot of the n_pilot + n_control seats (or of the Monte Carlo draws) whose |difference of mean changes| is at least the observed |did|; null below 3 seats a group"),
            column("ci_low_randomisation", "lower end of the primary 95% interval: the constant effects d not rejected at 5% by the randomisation test of (pilot changes - d) against the control changes (bisection to 1e-9); null when the design cannot reject any effect (smallest_p above 0.05) or there is no spread"),
            column("ci_high_randomisation", "upper end of that interval"),
            column("smallest_p", "the smallest p_randomisation the design allows: 2/C(n, n_pilot) with equal groups (the mirror assignment ties), 1/C(n, n_pilot) otherwise, 1/assignments for Monte Carlo; above 0.05 no data could be significant at 5%"),
            column("assignments", "the assignments p_randomisation counts over: C(n_pilot + n_control, n_pilot) when exact, else the Monte Carlo draws plus the observed one"),
            column("assignments_exact", "true when every assignment was enumerated (at most 5000), false for a seeded Monte Carlo of 4999 draws"),
            column("pre_trend_difference", "mean pre-period slope of pilot seats minus that of control seats: each seat's least-squares slope of its monthly values over the 12 months before the start, per month"),
            column("pre_trend_p", "two-sided randomisation p-value of pre_trend_difference = 0 (valid under random selection: the year before cannot carry a pilot effect)"),
            column("pre_trend_flag", "true when pre_trend_p <= 0.10: the pilot seats were already on a different trend, so the comparison cannot show the pilot's effect"),
            column("largest_trend_not_ruled_out", "the farther end from 0 of the randomisation 95% interval of pre_trend_difference: the largest trend difference per month the year before cannot rule out; null when unbounded"),
            column("breakdown_trend", "the trend difference per month (pilot minus control, carried on from the pre-period) that would bring the randomisation interval to 0: its nearer end over (post months / 2 + 6.5); 0 when the interval includes 0; null when the interval is unbounded"),
            column("did_trend_adjusted", "difference of mean trend-adjusted changes: each seat's post-period values minus its own pre-period line carried forward (the event-study aggregate allowing seat-specific linear trends)"),
            column("ci_low_trend_adjusted", "lower end of the randomisation 95% interval of did_trend_adjusted"),
            column("ci_high_trend_adjusted", "upper end of that interval"),
            column("judgement", "what the verdict concludes: design_too_small, pre_trends_differ, could_be_chance, difference_unless_trends_differ (significant, but a trend difference the year before cannot rule out would explain it) or difference; null below 3 seats a group"),
            column("verdict", "the estimate in a plain-English sentence for a regional organiser (\"too few seats to judge\" below 3 seats a group)"),
            column("run_id", "the run that made the row")));

    public static final TableDoc SEAT_CHANGE_TABLE = new TableDoc("pilot_seat_change",
            "one row per seat behind each pilot_evaluation row",
            List.of("cohort", "metric", "comparison", EVALUATION_MONTH, "seat_code"), TableDoc.Partitioning.EVALUATION_MONTH, SEAT_CHANGE_SCHEMA, List.of(
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

    public static final TableDoc EVENT_STUDY_TABLE = new TableDoc("pilot_event_study",
            "one row per event month behind each pilot_evaluation row: the pilot-minus-control difference month by month, from 12 months before the start to the evaluation month",
            List.of("cohort", "metric", "comparison", EVALUATION_MONTH, "event_month"), TableDoc.Partitioning.EVALUATION_MONTH,
            EVENT_STUDY_SCHEMA, List.of(
            column("cohort", "the pilot cohort"),
            column("metric", "the seat_month column"),
            column("comparison", "applicants_not_selected or same_region_non_applicants"),
            column(EVALUATION_MONTH, "the month the evaluation runs to (first day)"),
            column("event_month", "months from the cohort's start month: -12 to -1 the year before, 0 the start month"),
            column("month", "the calendar month (first day)"),
            column("difference", "raw_difference minus the mean raw_difference over the pre-period months (-12 to -1): pre months average 0, and the post months average to did when every seat has every month"),
            column("raw_difference", "mean value of the pilot seats that month minus that of the control seats (included seats with a seat_month row that month); null when a group has none"),
            column("mean_pilot", "mean value of the pilot seats that month"),
            column("mean_control", "mean value of the control seats that month"),
            column("n_pilot", "pilot seats with a seat_month row that month"),
            column("n_control", "control seats with a seat_month row that month"),
            column("run_id", "the run that made the row")));

    /** The three tables of one run. */
    public record Tables(Dataset<Row> estimates, Dataset<Row> seatChanges, Dataset<Row> eventStudy) {}

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
                .select("seat_code", "cohort", "selected", "start_month", "end_month", "applied_on")
                .orderBy("seat_code", "cohort", "applied_on").collectAsList()) {
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
        Map<LocalDate, List<PilotEvaluationGroups.PilotSeat>> knownByMonth = new HashMap<>();
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
            knownByMonth.put(evaluationMonth, known);
            every.addAll(comparisons);
        }
        // one read of seat_month for every evaluation month; each evaluation reads only its months
        Map<PilotEvaluationMetric, Map<String, Map<LocalDate, Double>>> series =
                every.isEmpty() ? new EnumMap<>(PilotEvaluationMetric.class) : series(seatMonthHistory, every, pilotSeats, settings.toMonth());

        List<Row> estimates = new ArrayList<>();
        List<Row> seats = new ArrayList<>();
        List<Row> eventStudy = new ArrayList<>();
        byMonth.forEach((evaluationMonth, comparisons) -> {
            for (PilotEvaluationGroups.Comparison c : comparisons) {
                for (PilotEvaluationMetric metric : PilotEvaluationMetric.values()) {
                    PilotEvaluationEstimates.Result r = PilotEvaluationEstimates.evaluate(c, metric,
                            series.getOrDefault(metric, Map.of()), evaluationMonth);
                    estimates.add(estimateRow(r.estimate(), settings.runId()));
                    r.seats().forEach(s -> seats.add(seatRow(s, regionBySeat.get(s.seatCode()), settings.runId())));
                    r.eventStudy().forEach(p -> eventStudy.add(RowFactory.create(c.cohort(), metric.column(),
                            c.comparison(), evaluationMonth, p.eventMonth(), p.month(), p.difference(), p.rawDifference(),
                            p.meanPilot(), p.meanControl(), p.nPilot(), p.nControl(), settings.runId())));
                }
            }
            for (PilotEvaluationMetric metric : PilotEvaluationMetric.values()) {
                Row overall = acrossCohortsRow(knownByMonth.get(evaluationMonth), metric,
                        series.getOrDefault(metric, Map.of()), evaluationMonth, settings.runId());
                if (overall != null) {
                    estimates.add(overall);
                }
            }
        });
        return new Tables(spark.createDataFrame(estimates, ESTIMATE_SCHEMA), spark.createDataFrame(seats, SEAT_CHANGE_SCHEMA),
                spark.createDataFrame(eventStudy, EVENT_STUDY_SCHEMA));
    }

    /** metric -> seat -> month -> value, for the compared seats over the months any comparison reads. */
    private static Map<PilotEvaluationMetric, Map<String, Map<LocalDate, Double>>> series(
            Dataset<Row> history, List<PilotEvaluationGroups.Comparison> comparisons,
            List<PilotEvaluationGroups.PilotSeat> applicants, LocalDate evaluationMonth) {
        TreeSet<String> seats = new TreeSet<>();
        comparisons.forEach(c -> c.seats().forEach(m -> seats.add(m.seatCode())));
        applicants.forEach(a -> seats.add(a.seatCode())); // every applicant: a not-yet-treated control across cohorts
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
                // Sorted by seat and month: sums over them come out the same to the last bit whatever
                // order the rows arrive in.
                out.computeIfAbsent(m, k -> new java.util.TreeMap<>()).computeIfAbsent(seat, k -> new java.util.TreeMap<>())
                        .put(month, v == null ? null : ((Number) v).doubleValue());
            }
        }
        return out;
    }

    private static Row estimateRow(PilotEvaluationEstimates.Estimate e, String runId) {
        GroupComparison s = e.statistics();
        Welch.Result w = s.welch();
        boolean judged = s.judged();
        PilotJudgement j = e.judgement();
        RandomisationInference.Result r = j == null ? null : j.randomisation();
        RandomisationInference.Result pre = j == null ? null : j.preTrend();
        RandomisationInference.Result adjusted = j == null ? null : j.trendAdjusted();
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
                r == null ? null : orNull(r.p()),
                r == null ? null : orNull(r.ciLow()),
                r == null ? null : orNull(r.ciHigh()),
                r == null ? null : orNull(r.smallestP()),
                r == null ? null : r.assignments(),
                r == null ? null : r.exact(),
                pre == null ? null : orNull(pre.difference()),
                pre == null ? null : orNull(pre.p()),
                j == null ? null : j.preTrendFlag(),
                j == null ? null : orNull(j.largestTrendNotRuledOut()),
                j == null ? null : orNull(j.breakdownTrend()),
                adjusted == null ? null : orNull(adjusted.difference()),
                adjusted == null ? null : orNull(adjusted.ciLow()),
                adjusted == null ? null : orNull(adjusted.ciHigh()),
                j == null ? null : j.call().value(),
                e.verdict(), runId);
    }

    /**
     * The row across cohorts ({@link #ALL_COHORTS}, comparison {@link #NOT_YET_TREATED}): when at least
     * two cohorts have started by the evaluation month, each cohort against the applicants not yet (or
     * never) in the pilot, weighted by pilot seats ({@link StaggeredCohorts}). Null otherwise.
     */
    static Row acrossCohortsRow(List<PilotEvaluationGroups.PilotSeat> known, PilotEvaluationMetric metric,
                                Map<String, ? extends Map<LocalDate, ? extends Number>> series, LocalDate evaluationMonth,
                                String runId) {
        Map<String, LocalDate> starts = new java.util.TreeMap<>();
        List<StaggeredCohorts.Applicant> applicants = new ArrayList<>();
        for (PilotEvaluationGroups.PilotSeat p : known) {
            applicants.add(new StaggeredCohorts.Applicant(p.seatCode(), p.cohort(), p.selected()));
            if (p.selected() && p.startMonth() != null) {
                starts.merge(p.cohort(), p.startMonth(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        long started = starts.values().stream().filter(d -> !d.isAfter(evaluationMonth)).count();
        if (started < 2) {
            return null;
        }
        StaggeredCohorts.Result r = StaggeredCohorts.estimate(applicants, starts, series, evaluationMonth);
        if (r == null) {
            return null;
        }
        RandomisationInference.Result o = r.overall();
        int nPilot = r.weights().values().stream().mapToInt(Integer::intValue).sum();
        java.util.Set<String> pilots = new java.util.HashSet<>();
        java.util.Set<String> everyone = new java.util.HashSet<>();
        for (PilotEvaluationGroups.PilotSeat p : known) {
            everyone.add(p.seatCode());
            if (p.selected() && p.startMonth() != null && !p.startMonth().isAfter(evaluationMonth)) {
                pilots.add(p.seatCode());
            }
        }
        int nControl = everyone.size() - pilots.size();
        LocalDate first = starts.values().stream().filter(d -> !d.isAfter(evaluationMonth)).min(Comparator.naturalOrder()).orElseThrow();
        PilotJudgement.Call call = PilotJudgement.call(o, null, false, Double.NaN);
        String verdict = PilotEvaluationVerdict.acrossCohorts(metric, r, nControl);
        return RowFactory.create(ALL_COHORTS, first, metric.column(), NOT_YET_TREATED, evaluationMonth, nPilot, nControl,
                0, 0, null, null, orNull(o.difference()), null, null, null, null, null, null,
                orNull(o.p()), orNull(o.ciLow()), orNull(o.ciHigh()), orNull(o.smallestP()), o.assignments(), o.exact(),
                null, null, null, null, null, null, null, null, call.value(), verdict, runId);
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
