package org.organisermetrics.evaluate;

import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum) through Commons Math 3.6.1's {@link MannWhitneyUTest}.
 *
 * <p>What that class returns, read from its source: ranks over the pooled sample with ties given
 * their average rank; U = max(U_a, U_b) where U_a = R_a - n_a(n_a+1)/2 (R_a the rank sum of a) and
 * U_a + U_b = n_a n_b; the p-value is the two-sided normal approximation
 * 2 Φ((min(U_a,U_b) - n_a n_b / 2) / sqrt(n_a n_b (n_a + n_b + 1) / 12)), with no continuity
 * correction and no correction of the variance for ties. It is never exact: for small groups it is
 * rough, and for 3 against 3 it can report 0.0495 where the exact test's smallest two-sided p-value
 * is 2/20 = 0.1. Ties (many seats with the same change) make it conservative.
 */
public final class MannWhitney {

    /** @param u Commons Math's U = max(U_a, U_b); {@code uA} is a's own U (count of pairs a > b, ties half) */
    public record Result(double uA, double u, double pNormalApproximation) {}

    private MannWhitney() {}

    public static Result test(double[] a, double[] b) {
        if (a.length < 1 || b.length < 1) {
            throw new IllegalArgumentException("the Mann-Whitney test needs at least 1 value in each sample");
        }
        MannWhitneyUTest test = new MannWhitneyUTest();
        double u = test.mannWhitneyU(a, b);
        double p = test.mannWhitneyUTest(a, b);
        return new Result(uOf(a, b), u, p);
    }

    /** a's U by counting: pairs (x in a, y in b) with x > y, a tie counting one half. */
    static double uOf(double[] a, double[] b) {
        double u = 0;
        for (double x : a) {
            for (double y : b) {
                u += x > y ? 1 : x == y ? 0.5 : 0;
            }
        }
        return u;
    }
}
