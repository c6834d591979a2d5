package org.organisermetrics.evaluate;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Welch's unequal-variance comparison of two means (Welch 1947): the difference of the means, its
 * standard error sqrt(s1²/n1 + s2²/n2), the Welch-Satterthwaite degrees of freedom
 * df = (s1²/n1 + s2²/n2)² / ((s1²/n1)²/(n1-1) + (s2²/n2)²/(n2-1)), the two-sided p-value of
 * t = difference / standard error, and the confidence interval difference ± t(df, 1-α/2) × standard error.
 *
 * <p>The p-value is Commons Math's {@link TTest#tTest(double[], double[])} (the unequal-variance,
 * two-sided test with the same df); the interval's quantile is {@link TDistribution} with the
 * (non-integer) df. Each sample needs at least two values. When both samples have no spread the
 * standard error is 0 and nothing but the difference is defined: t, df, p and the interval are NaN.
 */
public final class Welch {

    /**
     * @param difference mean(a) - mean(b)
     * @param standardError sqrt(var(a)/n_a + var(b)/n_b), sample variances (n-1 denominators)
     * @param df Welch-Satterthwaite degrees of freedom (not a whole number in general)
     * @param t difference / standardError
     * @param p two-sided p-value of t under Student's t with df degrees of freedom
     * @param ciLow lower end of the confidence interval for the difference
     * @param ciHigh upper end
     * @param confidence the interval's level, e.g. 0.95
     */
    public record Result(double meanA, double meanB, double difference, double standardError, double df, double t,
                         double p, double ciLow, double ciHigh, double confidence) {

        /** True when the interval is defined and includes 0 (the difference could be chance at this level). */
        public boolean intervalIncludesZero() {
            return ciLow <= 0 && ciHigh >= 0;
        }

        public boolean defined() {
            return !Double.isNaN(ciLow);
        }
    }

    private Welch() {}

    /** The comparison of a against b (difference = mean(a) - mean(b)) with a 95% interval. */
    public static Result compare(double[] a, double[] b) {
        return compare(a, b, 0.95);
    }

    public static Result compare(double[] a, double[] b, double confidence) {
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException("Welch's test needs at least 2 values in each sample, not "
                    + a.length + " and " + b.length);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, not " + confidence);
        }
        double meanA = StatUtils.mean(a);
        double meanB = StatUtils.mean(b);
        double va = StatUtils.variance(a, meanA) / a.length; // squared standard error of mean(a)
        double vb = StatUtils.variance(b, meanB) / b.length;
        double difference = meanA - meanB;
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return new Result(meanA, meanB, difference, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    confidence);
        }
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double t = difference / se;
        double p = new TTest().tTest(a, b);
        double quantile = new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        return new Result(meanA, meanB, difference, se, df, t, p, difference - quantile * se,
                difference + quantile * se, confidence);
    }
}
