package org.organisermetrics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.organisermetrics.metrics.MetricSettings;

/** Promise and turnout counts under the threshold (default 5) never show. */
class SmallCountsTest {
    private final SmallCounts five = new SmallCounts(MetricSettings.DEFAULT_SMALL_COUNT_THRESHOLD);

    @Test
    void counts_under_five_zero_included_show_as_under_five() {
        assertEquals("<5", five.count(0L));
        assertEquals("<5", five.count(1L));
        assertEquals("<5", five.count(4L));
        assertEquals("5", five.count(5L));
        assertEquals("1,234", five.count(1_234L));
        assertEquals("–", five.count(null));
    }

    @Test
    void the_threshold_is_a_setting() {
        SmallCounts ten = new SmallCounts(10);
        assertEquals("<10", ten.count(9L));
        assertEquals("10", ten.count(10L));
        assertThrows(IllegalArgumentException.class, () -> new SmallCounts(0));
    }

    @Test
    void a_turnout_shows_only_when_the_promises_those_who_voted_and_those_who_did_not_are_all_five_or_more() {
        assertEquals("50%", five.share(10L, 20L, 0.5));          // 10 voted, 10 did not
        assertEquals("<5", five.share(4L, 20L, 0.2));            // 4 voted
        assertEquals("<5", five.share(17L, 20L, 0.85));          // 3 did not vote
        assertEquals("<5", five.share(4L, 4L, 1.0));             // 4 promises
        assertEquals("<5", five.share(20L, 20L, 1.0));           // none did not vote: everyone's turnout known
        assertEquals("75%", five.share(15L, 20L, 0.75));         // 15 and 5: both at the threshold
        assertTrue(five.hidesShare(16L, 20L));
        assertFalse(five.hidesShare(15L, 20L));
        assertEquals("–", five.share(null, null, null));
    }
}
