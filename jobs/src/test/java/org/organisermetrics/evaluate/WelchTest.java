package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Welch's comparison against figures worked out by hand.
 *
 * <pre>
 * a = 3, 5, 7, 9   mean 6, squared deviations 9+1+1+9 = 20, s² = 20/3, s²/n = 5/3
 * b = 1, 2, 3      mean 2, squared deviations 1+0+1 = 2,   s² = 1,    s²/n = 1/3
 * difference = 6 - 2 = 4
 * standard error = sqrt(5/3 + 1/3) = sqrt(2) = 1.4142136
 * t = 4 / sqrt(2) = 2.8284271
 * df = (5/3 + 1/3)² / ((5/3)²/3 + (1/3)²/2) = 4 / (25/27 + 1/18) = 4 / (53/54) = 216/53 = 4.0754717
 * t(0.975, 216/53) = 2.7562849, so the 95% interval is 4 ± 2.7562849 × 1.4142136 = 4 ± 3.8979755
 *                  = 0.1020245 to 7.8979755
 * two-sided p = 0.0464072
 * </pre>
 * The quantile and p-value were checked with SciPy 1.17.1
 * ({@code scipy.stats.ttest_ind([3,5,7,9], [1,2,3], equal_var=False)} gives statistic 2.8284271,
 * pvalue 0.0464072, df 4.0754717 and confidence_interval(0.95) (0.1020245, 7.8979755)), and below
 * by integrating the t density numerically, without Commons Math.
 */
class WelchTest {
    static final double[] A = {3, 5, 7, 9};
    static final double[] B = {1, 2, 3};

    @Test
    void the_textbook_example_gives_the_hand_worked_t_df_p_and_interval() {
        Welch.Result r = Welch.compare(A, B);
        assertEquals(6.0, r.meanA(), 1e-12);
        assertEquals(2.0, r.meanB(), 1e-12);
        assertEquals(4.0, r.difference(), 1e-12);
        assertEquals(Math.sqrt(2), r.standardError(), 1e-12);
        assertEquals(2.8284271247, r.t(), 1e-9);
        assertEquals(216.0 / 53.0, r.df(), 1e-12);
        assertEquals(0.0464072, r.p(), 1e-6);
        assertEquals(0.1020245, r.ciLow(), 1e-6);
        assertEquals(7.8979755, r.ciHigh(), 1e-6);
        assertFalse(r.intervalIncludesZero());
    }

    @Test
    void the_p_value_agrees_with_a_numerical_integration_of_the_t_density() {
        Welch.Result r = Welch.compare(A, B);
        assertEquals(twoSidedP(r.t(), r.df()), r.p(), 1e-7);
        // and the interval's half-width uses the quantile whose upper tail is 2.5%
        double quantile = (r.ciHigh() - r.difference()) / r.standardError();
        assertEquals(0.05, twoSidedP(quantile, r.df()), 1e-7);
    }

    @Test
    void swapping_the_samples_mirrors_the_difference_and_the_interval() {
        Welch.Result r = Welch.compare(B, A);
        assertEquals(-4.0, r.difference(), 1e-12);
        assertEquals(-7.8979755, r.ciLow(), 1e-6);
        assertEquals(-0.1020245, r.ciHigh(), 1e-6);
        assertEquals(0.0464072, r.p(), 1e-6);
    }

    @Test
    void a_90_percent_interval_is_narrower() {
        Welch.Result r95 = Welch.compare(A, B);
        Welch.Result r90 = Welch.compare(A, B, 0.90);
        assertTrue(r90.ciLow() > r95.ciLow() && r90.ciHigh() < r95.ciHigh());
    }

    @Test
    void samples_without_spread_leave_everything_but_the_difference_undefined() {
        Welch.Result r = Welch.compare(new double[] {2, 2, 2}, new double[] {1, 1, 1});
        assertEquals(1.0, r.difference(), 0);
        assertFalse(r.defined());
        assertTrue(Double.isNaN(r.p()));
    }

    @Test
    void one_value_in_a_sample_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> Welch.compare(new double[] {1}, B));
    }

    /** 2 P(T > |t|) for Student's t with df degrees of freedom: Simpson's rule after x = tan(θ), normalised numerically. */
    static double twoSidedP(double t, double df) {
        double upper = Math.PI / 2;
        double tail = simpson(Math.atan(Math.abs(t)), upper, df);
        double whole = simpson(-upper, upper, df);
        return 2 * tail / whole;
    }

    private static double simpson(double from, double to, double df) {
        int n = 200_000;
        double h = (to - from) / n;
        double sum = density(from, df) + density(to, df);
        for (int i = 1; i < n; i++) {
            sum += density(from + i * h, df) * (i % 2 == 0 ? 2 : 4);
        }
        return sum * h / 3;
    }

    /** The unnormalised t density at x = tan(θ), times dx/dθ = 1/cos²θ. */
    private static double density(double theta, double df) {
        double c = Math.cos(theta);
        if (c <= 0) {
            return 0;
        }
        double x = Math.tan(theta);
        return Math.pow(1 + x * x / df, -(df + 1) / 2) / (c * c);
    }
}
