package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Hedges' g by hand.
 * <pre>
 * a = 3, 5, 7, 9   mean 6, s² = 20/3        b = 1, 2, 3   mean 2, s² = 1
 * pooled variance = (3 × 20/3 + 2 × 1) / (4 + 3 - 2) = 22/5 = 4.4, s_pooled = 2.0976177
 * d = (6 - 2) / 2.0976177 = 1.9069252
 * J = 1 - 3 / (4 × 5 - 1) = 16/19 = 0.8421053
 * g = 0.8421053 × 1.9069252 = 1.6058317
 * </pre>
 */
class HedgesGTest {

    @Test
    void g_is_the_pooled_standardised_difference_times_the_small_sample_correction() {
        assertEquals(16.0 / 19.0, HedgesG.correction(5), 1e-12);
        assertEquals(1.6058317, HedgesG.of(new double[] {3, 5, 7, 9}, new double[] {1, 2, 3}), 1e-6);
        assertEquals(-1.6058317, HedgesG.of(new double[] {1, 2, 3}, new double[] {3, 5, 7, 9}), 1e-6);
    }

    @Test
    void no_spread_in_either_group_leaves_g_undefined() {
        assertTrue(Double.isNaN(HedgesG.of(new double[] {1, 1}, new double[] {2, 2})));
    }
}
