package org.organisermetrics.evaluate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of pilot_evaluation in plain Java (no Spark), so it can be checked by hand and run
 * thousands of times in a test: per seat, pre = mean monthly value over the 12 months before the
 * cohort's start month, post = mean monthly value from the start month to the evaluation month,
 * change = post - pre; then the pilot seats' changes against the control seats' changes
 * ({@link GroupComparison}: did = mean change pilot - mean change control, Welch interval and p,
 * Mann-Whitney p, Hedges' g).
 *
 * <p>A month counts when the seat has a seat_month row for it (seat_month has a row for every seat
 * and month a run covered, zero when nothing happened), so a mean is over the months with data.
 * A seat with no row in the 12 months before the start is excluded and counted, never imputed;
 * so is one with no row from the start to the evaluation month.
 *
 * <p>Beyond Welch: the randomisation p-value and interval (the primary figures), the pre-trend
 * test, the breakdown trend and the trend-adjusted estimate ({@link PilotJudgement}), and the
 * month-by-month event study of the included seats ({@link EventStudy}).
 */
public final class PilotEvaluationEstimates {
    /** Fewer seats than this in either group: "too few seats to judge", no statistics. */
    public static final int MIN_SEATS_PER_GROUP = 3;

    public static final String NO_PRE_DATA = "no seat_month rows in the 12 months before the cohort's start month";
    public static final String NO_POST_DATA = "no seat_month rows from the cohort's start month to the evaluation month";

    /** One seat behind one estimate (a row of pilot_seat_change). Null pre/post/change when there are no months. */
    public record SeatChange(String cohort, String metric, String comparison, LocalDate evaluationMonth,
                             String seatCode, String group, Double pre, Double post, Double change,
                             int monthsPre, int monthsPost, String excludedReason) {
        public boolean excluded() {
            return excludedReason != null;
        }
    }

    /** One estimate (a row of pilot_evaluation). */
    public record Estimate(String cohort, LocalDate startMonth, String metric, String comparison,
                           LocalDate evaluationMonth, int nExcludedPilot, int nExcludedControl,
                           GroupComparison statistics, PilotJudgement judgement, String verdict) {
        public int nPilot() {
            return statistics.nA();
        }

        public int nControl() {
            return statistics.nB();
        }
    }

    /** @param eventStudy the month-by-month differences of the included seats, event months -12 to the evaluation month */
    public record Result(Estimate estimate, List<SeatChange> seats, List<EventStudy.Point> eventStudy) {}

    private PilotEvaluationEstimates() {}

    /**
     * @param series the metric's monthly values by seat and month (first day); a month absent from a
     *               seat's map has no seat_month row
     */
    public static Result evaluate(PilotEvaluationGroups.Comparison c, PilotEvaluationMetric metric,
                                  Map<String, ? extends Map<LocalDate, ? extends Number>> series,
                                  LocalDate evaluationMonth) {
        List<SeatChange> seats = new ArrayList<>();
        List<Double> pilot = new ArrayList<>();
        List<Double> control = new ArrayList<>();
        int excludedPilot = 0;
        int excludedControl = 0;
        List<Map<LocalDate, ? extends Number>> pilotSeries = new ArrayList<>();
        List<Map<LocalDate, ? extends Number>> controlSeries = new ArrayList<>();
        for (PilotEvaluationGroups.Member m : c.seats()) {
            Map<LocalDate, ? extends Number> months = series.get(m.seatCode());
            SeatChange s = seatChange(c, metric, m, months == null ? Map.of() : months, evaluationMonth);
            seats.add(s);
            boolean isPilot = PilotEvaluationGroups.PILOT.equals(m.group());
            if (s.excluded()) {
                if (isPilot) {
                    excludedPilot++;
                } else {
                    excludedControl++;
                }
            } else {
                (isPilot ? pilot : control).add(s.change());
                (isPilot ? pilotSeries : controlSeries).add(months == null ? Map.of() : months);
            }
        }
        GroupComparison stats = GroupComparison.of(toArray(pilot), toArray(control), MIN_SEATS_PER_GROUP);
        PilotJudgement judgement = stats.judged()
                ? PilotJudgement.of(pilotSeries, toArray(pilot), controlSeries, toArray(control), c.startMonth(),
                        evaluationMonth, MIN_SEATS_PER_GROUP)
                : null;
        String verdict = PilotEvaluationVerdict.sentence(metric, c.comparison(), stats, judgement, excludedPilot,
                excludedControl);
        return new Result(new Estimate(c.cohort(), c.startMonth(), metric.column(), c.comparison(), evaluationMonth,
                excludedPilot, excludedControl, stats, judgement, verdict), List.copyOf(seats),
                EventStudy.points(pilotSeries, controlSeries, c.startMonth(), evaluationMonth));
    }

    static SeatChange seatChange(PilotEvaluationGroups.Comparison c, PilotEvaluationMetric metric,
                                 PilotEvaluationGroups.Member m, Map<LocalDate, ? extends Number> months,
                                 LocalDate evaluationMonth) {
        double preSum = 0;
        int preMonths = 0;
        double postSum = 0;
        int postMonths = 0;
        for (Map.Entry<LocalDate, ? extends Number> e : months.entrySet()) {
            LocalDate month = e.getKey();
            if (e.getValue() == null) {
                continue;
            }
            double v = e.getValue().doubleValue();
            if (!month.isBefore(c.preFrom()) && month.isBefore(c.startMonth())) {
                preSum += v;
                preMonths++;
            } else if (!month.isBefore(c.startMonth()) && !month.isAfter(evaluationMonth)) {
                postSum += v;
                postMonths++;
            }
        }
        Double pre = preMonths == 0 ? null : preSum / preMonths;
        Double post = postMonths == 0 ? null : postSum / postMonths;
        Double change = pre == null || post == null ? null : post - pre;
        String reason = m.excludedReason() != null ? m.excludedReason()
                : preMonths == 0 ? NO_PRE_DATA
                : postMonths == 0 ? NO_POST_DATA
                : null;
        return new SeatChange(c.cohort(), metric.column(), c.comparison(), evaluationMonth, m.seatCode(), m.group(),
                pre, post, change, preMonths, postMonths, reason);
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
