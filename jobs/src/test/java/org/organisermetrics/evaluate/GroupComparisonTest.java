package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GroupComparisonTest {

    @Test
    void groups_below_the_minimum_are_counted_but_not_judged() {
        GroupComparison c = GroupComparison.of(new double[] {1, 2}, new double[] {3, 4, 5}, 3);
        assertFalse(c.judged());
        assertNull(c.welch());
        assertEquals(1.5, c.meanA(), 1e-12);
        assertEquals(4.0, c.meanB(), 1e-12);
        assertTrue(Double.isNaN(c.hedgesG()));
    }

    @Test
    void groups_at_the_minimum_get_every_statistic() {
        GroupComparison c = GroupComparison.of(new double[] {3, 5, 7, 9}, new double[] {1, 2, 3}, 3);
        assertTrue(c.judged());
        assertEquals(4.0, c.welch().difference(), 1e-12);
        assertEquals(1.6058317, c.hedgesG(), 1e-6);
        // pairs with a > b: 3 beats 1 and 2 and ties 3 (2.5); 5, 7 and 9 beat all three (9): U_a = 11.5
        assertEquals(11.5, c.mannWhitney().uA(), 0);
    }
}
