package org.organisermetrics.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Randomisation (permutation) inference for the difference of two group means, as the pilot's
 * primary p-value and interval (docs/pilot-evaluation.md).
 *
 * <p>The design: the cohort's applicants were the pool, and {@code k} of its {@code n} seats were
 * selected. Under the sharp null hypothesis "the pilot changed no seat's figure", every seat's value
 * is what it would have been anyway, so every other choice of {@code k} of the {@code n} seats was
 * as likely as the one made, and each gives a difference of means. The two-sided p-value is the
 * share of assignments whose |difference| is at least the observed |difference| (the observed
 * assignment counts itself).
 *
 * <ul>
 *   <li>Exact: when C(n, k) is at most {@link #MAX_EXACT} every assignment is enumerated.</li>
 *   <li>Monte Carlo otherwise: {@link #DRAWS} assignments drawn uniformly with a fixed seed;
 *       p = (1 + draws at least as extreme) / (1 + draws), so it is never 0.</li>
 *   <li>Interval: test inversion under a constant additive effect d (every pilot seat's value
 *       raised by d): the values d not rejected at 5% (p(d) > 0.05, where p(d) is the test of the
 *       pilot values minus d against the controls). The ends are found by bisection, stepping out
 *       from the estimate (where p = 1) until p(d) <= 0.05, then halving to 1e-9 of the data's
 *       range. Each assignment's difference is linear in d, T_a(d) = T_a(0) - d c_a with c_a = (pilot
 *       seats inside a)/k - (pilot seats outside a)/(n - k), so p(d) costs one pass over the assignments.</li>
 *   <li>The smallest p-value the design allows: every assignment counts itself, and with equal
 *       groups (2k = n) the mirror assignment (the groups swapped) has the same |difference|; so it is
 *       2 / C(n, k) when 2k = n and 1 / C(n, k) otherwise (two-sided; e.g. 4 of 8: 2/70 = 1/35,
 *       3 of 6: 2/20 = 0.1, 3 of 7: 1/35), and 1 / (1 + draws) for Monte Carlo. When it is above
 *       0.05 the design cannot reach significance at 5% whatever the data.</li>
 * </ul>
 */
public final class RandomisationInference {
    /** Enumerate every assignment when there are at most this many. */
    public static final long MAX_EXACT = 5000;
    /** Monte Carlo assignments drawn when there are more. */
    public static final int DRAWS = 4999;
    public static final long SEED = 20_240_101L;
    public static final double ALPHA = 0.05;

    /**
     * @param difference mean(pilot) - mean(control) as observed
     * @param p two-sided randomisation p-value
     * @param ciLow lower end of the 95% interval by test inversion (constant additive effect); NaN when every assignment gives the same difference
     * @param assignments assignments the p-value counts over (C(n, k) when exact; draws + 1 otherwise)
     * @param exact true when every assignment was enumerated
     * @param smallestP the smallest p-value this design can give
     */
    public record Result(double difference, double p, double ciLow, double ciHigh, long assignments, boolean exact,
                         double smallestP) {
        /** False when even the most extreme data could not give p <= 0.05. */
        public boolean canReachFivePercent() {
            return smallestP <= ALPHA + 1e-12;
        }

        public boolean intervalDefined() {
            return !Double.isNaN(ciLow);
        }

        public boolean intervalIncludesZero() {
            return !intervalDefined() || (ciLow <= 0 && ciHigh >= 0);
        }
    }

    private RandomisationInference() {}

    public static Result test(double[] pilot, double[] control) {
        return test(pilot, control, MAX_EXACT, DRAWS, SEED);
    }

    public static Result test(double[] pilot, double[] control, long maxExact, int draws, long seed) {
        int k = pilot.length;
        int n = k + control.length;
        if (k < 1 || control.length < 1) {
            throw new IllegalArgumentException("randomisation inference needs at least 1 value in each group");
        }
        double[] y = new double[n];
        System.arraycopy(pilot, 0, y, 0, k);
        System.arraycopy(control, 0, y, k, control.length);
        long total = binomial(n, k);
        List<boolean[]> assignments = new ArrayList<>();
        boolean exact = total <= maxExact;
        if (exact) {
            enumerate(n, k, 0, new boolean[n], 0, assignments);
        } else {
            boolean[] observed = new boolean[n];
            for (int i = 0; i < k; i++) {
                observed[i] = true;
            }
            assignments.add(observed);
            SplittableRandom r = new SplittableRandom(seed);
            for (int d = 0; d < draws; d++) {
                assignments.add(draw(r, n, k));
            }
        }
        int m = assignments.size();
        double[] t0 = new double[m];
        double[] c = new double[m];
        for (int a = 0; a < m; a++) {
            boolean[] in = assignments.get(a);
            double sumIn = 0;
            double sumOut = 0;
            int pilotIn = 0;
            for (int i = 0; i < n; i++) {
                if (in[i]) {
                    sumIn += y[i];
                    pilotIn += i < k ? 1 : 0;
                } else {
                    sumOut += y[i];
                }
            }
            t0[a] = sumIn / k - sumOut / (n - k);
            c[a] = (double) pilotIn / k - (double) (k - pilotIn) / (n - k);
        }
        double observed = mean(pilot) - mean(control);
        double range = 0;
        for (double v : y) {
            range = Math.max(range, Math.abs(v));
        }
        double smallest = exact ? (2 * k == n ? 2.0 : 1.0) / total : 1.0 / m;
        return invert(observed, 1, t0, c, range, exact ? total : m, exact, smallest);
    }

    /**
     * The p-value and interval from any statistic linear in a constant effect d: assignment a's
     * statistic is t0[a] - d c[a], the observed one observed - d cObserved (the observed assignment
     * must be among the a's, so p is never 0).
     *
     * @param scale the data's size (largest |value|), for the tolerance of ties and the first step out
     */
    public static Result invert(double observed, double cObserved, double[] t0, double[] c, double scale,
                                long assignments, boolean exact, double smallestP) {
        double tolerance = 1e-9 * Math.max(1, scale);
        double p = pValue(t0, c, observed, cObserved, 0, tolerance);
        double low = Double.NaN;
        double high = Double.NaN;
        if (spread(t0, c, tolerance) && cObserved > 0) {
            double step = Math.max(scale, 1e-6);
            double estimate = observed / cObserved;
            low = end(t0, c, observed, cObserved, estimate, -step, tolerance);
            high = end(t0, c, observed, cObserved, estimate, step, tolerance);
        }
        return new Result(observed, p, low, high, assignments, exact, smallestP);
    }

    /** p(d): the share of assignments with |T_a(0) - d c_a| >= |T_obs - d c_obs|. */
    static double pValue(double[] t0, double[] c, double observed, double cObserved, double d, double tolerance) {
        double obs = Math.abs(observed - d * cObserved);
        int atLeast = 0;
        for (int a = 0; a < t0.length; a++) {
            if (Math.abs(t0[a] - d * c[a]) >= obs - tolerance) {
                atLeast++;
            }
        }
        return (double) atLeast / t0.length;
    }

    /** True unless every assignment gives the same difference (every seat's value alike: no spread to judge chance by). */
    private static boolean spread(double[] t0, double[] c, double tolerance) {
        for (int a = 1; a < t0.length; a++) {
            if (Math.abs(t0[a] - t0[0]) > tolerance) {
                return true;
            }
        }
        return false;
    }

    /** The end of the acceptance set in the direction of {@code step}: the d where p(d) first falls to 0.05 or below. */
    private static double end(double[] t0, double[] c, double observed, double cObserved, double estimate, double step,
                              double tolerance) {
        double inside = estimate;
        double outside = estimate + step;
        int doublings = 0;
        while (pValue(t0, c, observed, cObserved, outside, tolerance) > ALPHA) {
            inside = outside;
            step *= 2;
            outside = estimate + step;
            if (++doublings > 60) {
                return step > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            }
        }
        double precision = 1e-9 * Math.max(1, Math.abs(step));
        while (Math.abs(outside - inside) > precision) {
            double mid = (inside + outside) / 2;
            if (pValue(t0, c, observed, cObserved, mid, tolerance) > ALPHA) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        return (inside + outside) / 2;
    }

    private static void enumerate(int n, int k, int from, boolean[] in, int chosen, List<boolean[]> out) {
        if (chosen == k) {
            out.add(in.clone());
            return;
        }
        for (int i = from; i <= n - (k - chosen); i++) {
            in[i] = true;
            enumerate(n, k, i + 1, in, chosen + 1, out);
            in[i] = false;
        }
    }

    private static boolean[] draw(SplittableRandom r, int n, int k) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        boolean[] in = new boolean[n];
        for (int i = 0; i < k; i++) { // partial Fisher-Yates
            int j = i + r.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            in[idx[i]] = true;
        }
        return in;
    }

    /** C(n, k), saturating at Long.MAX_VALUE. */
    public static long binomial(int n, int k) {
        if (k < 0 || k > n) {
            return 0;
        }
        k = Math.min(k, n - k);
        long result = 1;
        for (int i = 1; i <= k; i++) {
            if (result > Long.MAX_VALUE / (n - k + i)) {
                return Long.MAX_VALUE;
            }
            result = result * (n - k + i) / i;
        }
        return result;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
