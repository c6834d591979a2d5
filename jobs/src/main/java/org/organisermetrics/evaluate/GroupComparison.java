package org.organisermetrics.evaluate;

/**
 * Two groups compared every way the pilot evaluation reports: group means, Welch difference with
 * its interval and p-value, the Mann-Whitney p-value and Hedges' g. When either group has fewer than
 * {@code minimumPerGroup} values nothing is estimated ({@link #judged()} is false) and only the
 * counts and the means of what there is are kept.
 */
public record GroupComparison(int nA, int nB, double meanA, double meanB, Welch.Result welch,
                              MannWhitney.Result mannWhitney, double hedgesG, int minimumPerGroup) {

    public static GroupComparison of(double[] a, double[] b, int minimumPerGroup) {
        if (minimumPerGroup < 2) {
            throw new IllegalArgumentException("at least 2 values per group are needed for a variance");
        }
        double meanA = a.length == 0 ? Double.NaN : org.apache.commons.math3.stat.StatUtils.mean(a);
        double meanB = b.length == 0 ? Double.NaN : org.apache.commons.math3.stat.StatUtils.mean(b);
        if (a.length < minimumPerGroup || b.length < minimumPerGroup) {
            return new GroupComparison(a.length, b.length, meanA, meanB, null, null, Double.NaN, minimumPerGroup);
        }
        return new GroupComparison(a.length, b.length, meanA, meanB, Welch.compare(a, b), MannWhitney.test(a, b),
                HedgesG.of(a, b), minimumPerGroup);
    }

    /** True when both groups are big enough for the statistics to be computed. */
    public boolean judged() {
        return welch != null;
    }
}
