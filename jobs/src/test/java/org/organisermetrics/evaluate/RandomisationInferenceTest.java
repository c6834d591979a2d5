package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomisationInferenceTest {

    /**
     * 2 of 4 selected: pilot {5, 7}, control {1, 3}; observed difference 6 - 2 = 4.
     * The C(4,2) = 6 assignments and their differences (chosen pair's mean - the other pair's mean):
     * {5,7} 4; {5,1} -2; {5,3} 0; {7,1} 0; {7,3} 2; {1,3} -4.
     * |difference| >= 4: {5,7} and {1,3}, so p = 2/6 = 1/3, the smallest this design can give
     * (every assignment and its mirror tie), far above 0.05: no data could reach 5%. The mirror ties
     * the observed assignment at every shift d, so p(d) >= 1/3 for every d: no effect is rejected and
     * the interval is unbounded.
     */
    @Test
    void two_of_four_cannot_reach_five_percent() {
        RandomisationInference.Result r = RandomisationInference.test(new double[] {5, 7}, new double[] {1, 3});
        assertEquals(4.0, r.difference(), 1e-12);
        assertEquals(6, r.assignments());
        assertTrue(r.exact());
        assertEquals(1.0 / 3, r.p(), 1e-12);
        assertEquals(1.0 / 3, r.smallestP(), 1e-12);
        assertFalse(r.canReachFivePercent());
        assertEquals(Double.NEGATIVE_INFINITY, r.ciLow());
        assertEquals(Double.POSITIVE_INFINITY, r.ciHigh());
        assertTrue(r.intervalIncludesZero());
    }

    /**
     * 3 of 6: pilot {4, 6, 8}, control {1, 2, 3}; observed 6 - 2 = 4. The values sum to 24, so a
     * triple with sum S gives S/3 - (24 - S)/3 = (2S - 24)/3, and |difference| >= 4 when S >= 18 or
     * S <= 6: only {4,6,8} (18) and {1,2,3} (6) of the C(6,3) = 20 triples. p = 2/20 = 0.1, which
     * is also the smallest p the design allows: 3 seats against 3 can never be significant at 5%.
     */
    @Test
    void three_of_six_smallest_p_is_one_tenth() {
        RandomisationInference.Result r = RandomisationInference.test(new double[] {4, 6, 8}, new double[] {1, 2, 3});
        assertEquals(20, r.assignments());
        assertEquals(0.1, r.p(), 1e-12);
        assertEquals(0.1, r.smallestP(), 1e-12);
        assertFalse(r.canReachFivePercent());
    }

    /**
     * 3 of 7: pilot {10, 11, 12}, control {1, 2, 3, 4}: observed 11 - 2.5 = 8.5. Only the observed
     * triple reaches |difference| 8.5 (the next most extreme, {1,2,3}, gives 2 - 37/4 = -7.25), so
     * p = 1/35, the smallest the design allows (1/C(7,3), groups unequal so no mirror), below 0.05.
     *
     * <p>Interval, lower end: shifting the pilot values down by d, the observed difference becomes
     * 8.5 - d and {1,2,3} (no pilot seat inside: c = 0/3 - 3/4) gives -7.25 + 0.75 d; they tie in
     * absolute value at 8.5 - d = 7.25 - 0.75 d, d = 5, where p(d) = 2/35 = 0.057 > 0.05; any d a
     * little below 5 leaves the observed assignment alone at the top (checked below by re-enumerating
     * the shifted data), so the interval starts at 5.
     */
    @Test
    void three_of_seven_is_significant_and_the_interval_inverts_the_test() {
        double[] pilot = {10, 11, 12};
        double[] control = {1, 2, 3, 4};
        RandomisationInference.Result r = RandomisationInference.test(pilot, control);
        assertEquals(8.5, r.difference(), 1e-12);
        assertEquals(35, r.assignments());
        assertEquals(1.0 / 35, r.p(), 1e-12);
        assertEquals(1.0 / 35, r.smallestP(), 1e-12);
        assertTrue(r.canReachFivePercent());
        assertEquals(5.0, r.ciLow(), 1e-6);
        assertFalse(r.intervalIncludesZero());
        // the ends agree with re-enumerating the shifted data (pilot - d), without the linear shortcut
        assertTrue(bruteP(pilot, control, r.ciLow() + 1e-4) > 0.05);
        assertTrue(bruteP(pilot, control, r.ciLow() - 1e-4) <= 0.05);
        assertTrue(bruteP(pilot, control, r.ciHigh() - 1e-4) > 0.05);
        assertTrue(bruteP(pilot, control, r.ciHigh() + 1e-4) <= 0.05);
    }

    @Test
    void more_assignments_than_the_exact_limit_are_drawn_with_a_fixed_seed() {
        double[] pilot = {3.1, 2.4, 5.0, 4.2, 3.3};
        double[] control = new double[20];
        for (int i = 0; i < control.length; i++) {
            control[i] = (i * 7 % 11) / 3.0;
        }
        // C(25, 5) = 53130 > 5000
        RandomisationInference.Result r = RandomisationInference.test(pilot, control);
        assertFalse(r.exact());
        assertEquals(RandomisationInference.DRAWS + 1, r.assignments());
        assertEquals(1.0 / (RandomisationInference.DRAWS + 1), r.smallestP(), 1e-15);
        assertEquals(r, RandomisationInference.test(pilot, control), "same seed, same answer");
        double exactP = bruteP(pilot, control, 0);
        assertEquals(exactP, r.p(), 0.02, "Monte Carlo p close to the exact one");
    }

    @Test
    void binomial_coefficients() {
        assertEquals(70, RandomisationInference.binomial(8, 4));
        assertEquals(924, RandomisationInference.binomial(12, 6));
        assertEquals(53130, RandomisationInference.binomial(25, 5));
    }

    /** The exact two-sided p of (pilot - d) against control, enumerating every subset by bit mask. */
    static double bruteP(double[] pilot, double[] control, double d) {
        List<Double> y = new ArrayList<>();
        for (double v : pilot) {
            y.add(v - d);
        }
        for (double v : control) {
            y.add(v);
        }
        int n = y.size();
        int k = pilot.length;
        double observed = Math.abs(RandomisationInference.mean(shift(pilot, d)) - RandomisationInference.mean(control));
        int total = 0;
        int atLeast = 0;
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) != k) {
                continue;
            }
            double in = 0;
            double out = 0;
            for (int i = 0; i < n; i++) {
                if ((mask >> i & 1) == 1) {
                    in += y.get(i);
                } else {
                    out += y.get(i);
                }
            }
            total++;
            atLeast += Math.abs(in / k - out / (n - k)) >= observed - 1e-9 ? 1 : 0;
        }
        return (double) atLeast / total;
    }

    static double[] shift(double[] v, double d) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] -= d;
        }
        return out;
    }
}
