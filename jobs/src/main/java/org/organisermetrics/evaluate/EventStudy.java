package org.organisermetrics.evaluate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The month-by-month view of a pilot evaluation (docs/pilot-evaluation.md, table pilot_event_study),
 * and the per-seat trend arithmetic behind the pre-trend test, the trend-adjusted estimate and the
 * sensitivity to trends.
 *
 * <ul>
 *   <li>Event month e: the calendar month minus the cohort's start month (e = 0 is the start month;
 *       -12 .. -1 the year before, which is the pre-period of the difference in differences).</li>
 *   <li>Raw difference at e: mean over pilot seats with a value that month minus the same mean over
 *       control seats.</li>
 *   <li>Difference at e: the raw difference minus the mean of the raw differences over the pre
 *       months that have one (the reference is the whole pre-period, as the difference in differences
 *       uses it, not the single month before the start): the pre-period differences then average 0,
 *       and with every seat present every month the post-period differences average to the
 *       difference in differences.</li>
 *   <li>A seat's pre-trend slope: the ordinary least-squares slope of its monthly values on e over
 *       the pre months it has (at least 2).</li>
 *   <li>A seat's trend-adjusted change: the mean over its post months of (value - the seat's pre-period
 *       line at that month): what it did beyond its own pre-period trend carried forward.</li>
 * </ul>
 */
public final class EventStudy {
    public static final int PRE_MONTHS = 12;

    /** One event month of one comparison; Double values null when either group has no seat with a value. */
    public record Point(int eventMonth, LocalDate month, Double difference, Double rawDifference, Double meanPilot,
                        Double meanControl, int nPilot, int nControl) {}

    private EventStudy() {}

    /** Months from {@code start} to {@code month} (negative before). */
    public static int eventMonth(LocalDate start, LocalDate month) {
        return (int) ChronoUnit.MONTHS.between(start.withDayOfMonth(1), month.withDayOfMonth(1));
    }

    /** The points from e = -12 to the evaluation month, for the seats given (excluded seats left out by the caller). */
    public static List<Point> points(List<Map<LocalDate, ? extends Number>> pilot, List<Map<LocalDate, ? extends Number>> control,
                                     LocalDate start, LocalDate evaluationMonth) {
        int last = eventMonth(start, evaluationMonth);
        List<Point> raw = new ArrayList<>();
        double preSum = 0;
        int preCount = 0;
        for (int e = -PRE_MONTHS; e <= last; e++) {
            LocalDate month = start.plusMonths(e);
            double[] p = meanAt(pilot, month);
            double[] c = meanAt(control, month);
            Double mp = p[1] == 0 ? null : p[0];
            Double mc = c[1] == 0 ? null : c[0];
            Double d = mp == null || mc == null ? null : mp - mc;
            if (e < 0 && d != null) {
                preSum += d;
                preCount++;
            }
            raw.add(new Point(e, month, null, d, mp, mc, (int) p[1], (int) c[1]));
        }
        double reference = preCount == 0 ? Double.NaN : preSum / preCount;
        List<Point> out = new ArrayList<>();
        for (Point r : raw) {
            Double normalised = r.rawDifference() == null || preCount == 0 ? null : r.rawDifference() - reference;
            out.add(new Point(r.eventMonth(), r.month(), normalised, r.rawDifference(), r.meanPilot(), r.meanControl(),
                    r.nPilot(), r.nControl()));
        }
        return out;
    }

    private static double[] meanAt(List<Map<LocalDate, ? extends Number>> seats, LocalDate month) {
        double sum = 0;
        int n = 0;
        for (Map<LocalDate, ? extends Number> s : seats) {
            Number v = s.get(month);
            if (v != null) {
                sum += v.doubleValue();
                n++;
            }
        }
        return new double[] {n == 0 ? Double.NaN : sum / n, n};
    }

    /** The seat's pre-period line {intercept, slope} on e (-12..-1); null with fewer than 2 pre months. */
    static double[] preLine(Map<LocalDate, ? extends Number> months, LocalDate start) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (Map.Entry<LocalDate, ? extends Number> m : months.entrySet()) {
            if (m.getValue() == null) {
                continue;
            }
            int e = eventMonth(start, m.getKey());
            if (e < -PRE_MONTHS || e >= 0) {
                continue;
            }
            double y = m.getValue().doubleValue();
            sx += e;
            sy += y;
            sxx += (double) e * e;
            sxy += e * y;
            n++;
        }
        double denominator = n * sxx - sx * sx;
        if (n < 2 || denominator == 0) {
            return null;
        }
        double slope = (n * sxy - sx * sy) / denominator;
        return new double[] {(sy - slope * sx) / n, slope};
    }

    /** The seat's pre-period slope per month; NaN with fewer than 2 pre months. */
    public static double preSlope(Map<LocalDate, ? extends Number> months, LocalDate start) {
        double[] line = preLine(months, start);
        return line == null ? Double.NaN : line[1];
    }

    /** Mean over the post months (start..evaluation) of value minus the pre-period line; NaN without a line or post months. */
    public static double trendAdjustedChange(Map<LocalDate, ? extends Number> months, LocalDate start,
                                             LocalDate evaluationMonth) {
        double[] line = preLine(months, start);
        if (line == null) {
            return Double.NaN;
        }
        int last = eventMonth(start, evaluationMonth);
        double sum = 0;
        int n = 0;
        for (Map.Entry<LocalDate, ? extends Number> m : months.entrySet()) {
            int e = eventMonth(start, m.getKey());
            if (m.getValue() == null || e < 0 || e > last) {
                continue;
            }
            sum += m.getValue().doubleValue() - (line[0] + line[1] * e);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * How far, in event months, the post-period lies from the pre-period: the mean post event month
     * (0..last, so last/2) minus the mean pre event month (-6.5). A trend difference of s per month
     * that carried on would move the difference in differences by s times this.
     */
    public static double trendLever(LocalDate start, LocalDate evaluationMonth) {
        return eventMonth(start, evaluationMonth) / 2.0 + (PRE_MONTHS + 1) / 2.0;
    }

    /**
     * The breakdown trend (in the spirit of Rambachan and Roth 2023, with linear violations): the
     * smallest difference in monthly trend between pilot and control seats, carried on from the
     * pre-period, that would move the interval [low, high] to include 0. 0 when it includes 0 already;
     * NaN when the interval is not finite.
     */
    public static double breakdownTrend(double low, double high, double lever) {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            return Double.NaN;
        }
        if (low <= 0 && high >= 0) {
            return 0;
        }
        return (low > 0 ? low : -high) / lever;
    }
}
