package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Mann-Whitney U statistic and Commons Math's normal-approximation p-value, worked by hand. */
class MannWhitneyTest {

    /**
     * <pre>
     * a = 1.2, 3.4, 5.1       b = 2.0, 6.3, 7.7, 8.1
     * pooled order: 1.2(a) 2.0(b) 3.4(a) 5.1(a) 6.3(b) 7.7(b) 8.1(b), ranks 1..7
     * rank sum of a = 1 + 3 + 4 = 8, U_a = 8 - 3×4/2 = 2 (pairs with a > b: 3.4>2.0, 5.1>2.0)
     * U_b = 3×4 - 2 = 10; Commons Math reports U = max = 10
     * normal approximation: mean 3×4/2 = 6, variance 3×4×(3+4+1)/12 = 8, sd 2.8284271
     * z = (2 - 6) / 2.8284271 = -1.4142136, Φ(z) = 0.0786496 (tables: Φ(-1.41) = 0.0793, Φ(-1.42) = 0.0778)
     * p = 2 × 0.0786496 = 0.1572992
     * </pre>
     */
    @Test
    void u_and_p_without_ties_match_the_hand_working() {
        MannWhitney.Result r = MannWhitney.test(new double[] {1.2, 3.4, 5.1}, new double[] {2.0, 6.3, 7.7, 8.1});
        assertEquals(2.0, r.uA(), 0);
        assertEquals(10.0, r.u(), 0);
        assertEquals(0.1572992, r.pNormalApproximation(), 1e-6);
    }

    /**
     * <pre>
     * a = 1, 2, 2, 5          b = 2, 3, 4
     * ranks: 1→1; the three 2s share ranks 2,3,4 → 3 each; 3→5; 4→6; 5→7
     * rank sum of a = 1 + 3 + 3 + 7 = 14, U_a = 14 - 4×5/2 = 4
     * by counting: 1 beats none; each 2 ties the b 2 (½ each); 5 beats all three → 0 + ½ + ½ + 3 = 4
     * U_b = 12 - 4 = 8; mean 6, variance 4×3×8/12 = 8 (Commons Math does not correct it for ties)
     * z = (4 - 6) / 2.8284271 = -0.7071068, p = 2 Φ(-0.7071068) = 2 × 0.2397501 = 0.4795001
     * </pre>
     */
    @Test
    void ties_take_the_average_rank_and_the_variance_is_not_corrected_for_them() {
        MannWhitney.Result r = MannWhitney.test(new double[] {1, 2, 2, 5}, new double[] {2, 3, 4});
        assertEquals(4.0, r.uA(), 0);
        assertEquals(8.0, r.u(), 0);
        assertEquals(0.4795001, r.pNormalApproximation(), 1e-6);
    }

    /**
     * Three against three, completely separated: U = 0 and 9; z = (0 - 4.5) / sqrt(9×7/12) = -1.9639610,
     * p = 0.0495346. The exact test's smallest two-sided p-value for 3 and 3 is 2 / C(6,3) = 0.1:
     * the approximation is rough for groups this small (docs/pilot-evaluation.md).
     */
    @Test
    void three_against_three_shows_how_rough_the_approximation_is_for_small_groups() {
        MannWhitney.Result r = MannWhitney.test(new double[] {4, 5, 6}, new double[] {1, 2, 3});
        assertEquals(9.0, r.uA(), 0);
        assertEquals(0.0495346, r.pNormalApproximation(), 1e-6);
    }
}
