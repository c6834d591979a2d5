package org.organisermetrics.evaluate;

import org.apache.commons.math3.stat.StatUtils;

/**
 * Hedges' g: the standardised difference of two means with the small-sample correction.
 * d = (mean(a) - mean(b)) / s_pooled, s_pooled = sqrt(((n_a-1) s_a² + (n_b-1) s_b²) / (n_a + n_b - 2));
 * g = J × d with J = 1 - 3 / (4 (n_a + n_b - 2) - 1), the usual approximation of Hedges' exact
 * factor (Hedges 1981; Borenstein, Hedges, Higgins and Rothstein, Introduction to Meta-Analysis,
 * 2009, equations 4.18-4.23). NaN when the pooled standard deviation is 0.
 */
public final class HedgesG {
    private HedgesG() {}

    public static double of(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException("Hedges' g needs at least 2 values in each sample");
        }
        double meanA = StatUtils.mean(a);
        double meanB = StatUtils.mean(b);
        int df = a.length + b.length - 2;
        double pooled = Math.sqrt(((a.length - 1) * StatUtils.variance(a, meanA)
                + (b.length - 1) * StatUtils.variance(b, meanB)) / df);
        if (pooled == 0) {
            return Double.NaN;
        }
        return correction(df) * (meanA - meanB) / pooled;
    }

    /** J = 1 - 3 / (4 df - 1), df = n_a + n_b - 2. */
    static double correction(int df) {
        return 1 - 3.0 / (4.0 * df - 1);
    }
}
