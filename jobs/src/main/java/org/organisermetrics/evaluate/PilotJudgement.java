package org.organisermetrics.evaluate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything beyond Welch that decides a pilot verdict (docs/pilot-evaluation.md): the randomisation
 * p-value and interval of the difference in differences (the primary figures), the pre-trend test,
 * the breakdown trend, the trend-adjusted estimate, and the call the sentence makes.
 *
 * @param randomisation randomisation inference on the seats' changes (post mean - pre mean)
 * @param preTrend randomisation test of the difference in mean pre-period slopes (pilot - control);
 *                 null when fewer than {@code minimumPerGroup} seats a group have 2 or more pre months
 * @param preTrendFlag true when preTrend's p is at most {@link #PRE_TREND_FLAG_P}
 * @param breakdownTrend the trend difference per month that would bring the randomisation interval to 0 (NaN when unbounded)
 * @param trendAdjusted randomisation inference on the trend-adjusted changes (null when too few seats have them)
 * @param call what the sentence concludes
 */
public record PilotJudgement(RandomisationInference.Result randomisation, RandomisationInference.Result preTrend,
                             boolean preTrendFlag, double breakdownTrend, RandomisationInference.Result trendAdjusted,
                             Call call) {

    /**
     * A pre-period trend difference with p at most this raises the flag. 0.10 rather than 0.05:
     * with a handful of seats the test has little power (Roth 2022), so it errs towards warning.
     */
    public static final double PRE_TREND_FLAG_P = 0.10;

    /** What the verdict concludes, in the order it is decided. */
    public enum Call {
        /** The design's smallest p is above 0.05: no data could show a difference at 5%. */
        DESIGN_TOO_SMALL("design_too_small"),
        /** The pilot seats' trend before the start already differed: the comparison cannot show the pilot's effect. */
        PRE_TRENDS_DIFFER("pre_trends_differ"),
        /** The randomisation p is above 0.05. */
        COULD_BE_CHANCE("could_be_chance"),
        /** p <= 0.05, but a trend difference the pre-period cannot rule out would explain it. */
        DIFFERENCE_UNLESS_TRENDS_DIFFER("difference_unless_trends_differ"),
        /** p <= 0.05, no pre-trend flag, and the pre-period rules out trend differences large enough to explain it. */
        DIFFERENCE("difference");

        private final String value;

        Call(String value) {
            this.value = value;
        }

        /** The value of pilot_evaluation.judgement. */
        public String value() {
            return value;
        }
    }

    /**
     * @param pilot the included pilot seats' monthly series
     * @param pilotChanges their changes (post - pre), in the same order
     */
    public static PilotJudgement of(List<Map<LocalDate, ? extends Number>> pilot, double[] pilotChanges,
                                    List<Map<LocalDate, ? extends Number>> control, double[] controlChanges,
                                    LocalDate start, LocalDate evaluationMonth, int minimumPerGroup) {
        RandomisationInference.Result r = RandomisationInference.test(pilotChanges, controlChanges);
        double[] pilotSlopes = finite(pilot.stream().mapToDouble(s -> EventStudy.preSlope(s, start)).toArray());
        double[] controlSlopes = finite(control.stream().mapToDouble(s -> EventStudy.preSlope(s, start)).toArray());
        RandomisationInference.Result pre = pilotSlopes.length >= minimumPerGroup && controlSlopes.length >= minimumPerGroup
                ? RandomisationInference.test(pilotSlopes, controlSlopes) : null;
        boolean flag = pre != null && pre.p() <= PRE_TREND_FLAG_P;
        double lever = EventStudy.trendLever(start, evaluationMonth);
        double breakdown = EventStudy.breakdownTrend(r.ciLow(), r.ciHigh(), lever);
        double[] pilotAdjusted = finite(pilot.stream()
                .mapToDouble(s -> EventStudy.trendAdjustedChange(s, start, evaluationMonth)).toArray());
        double[] controlAdjusted = finite(control.stream()
                .mapToDouble(s -> EventStudy.trendAdjustedChange(s, start, evaluationMonth)).toArray());
        RandomisationInference.Result adjusted = pilotAdjusted.length >= minimumPerGroup && controlAdjusted.length >= minimumPerGroup
                ? RandomisationInference.test(pilotAdjusted, controlAdjusted) : null;
        return new PilotJudgement(r, pre, flag, breakdown, adjusted, call(r, pre, flag, breakdown));
    }

    public static Call call(RandomisationInference.Result r, RandomisationInference.Result pre, boolean flag, double breakdown) {
        if (!r.canReachFivePercent()) {
            return Call.DESIGN_TOO_SMALL;
        }
        if (flag) {
            return Call.PRE_TRENDS_DIFFER;
        }
        if (r.p() > RandomisationInference.ALPHA) {
            return Call.COULD_BE_CHANCE;
        }
        return breakdown > largestTrendNotRuledOut(pre) ? Call.DIFFERENCE : Call.DIFFERENCE_UNLESS_TRENDS_DIFFER;
    }

    /**
     * The largest trend difference per month the pre-period cannot rule out: the farther end, from 0,
     * of the pre-trend test's 95% interval (infinite when there is no test or its interval is unbounded).
     */
    public static double largestTrendNotRuledOut(RandomisationInference.Result pre) {
        if (pre == null || !pre.intervalDefined()) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(Math.abs(pre.ciLow()), Math.abs(pre.ciHigh()));
    }

    public double largestTrendNotRuledOut() {
        return largestTrendNotRuledOut(preTrend);
    }

    private static double[] finite(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
    }
}
