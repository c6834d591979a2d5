package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventStudyTest {
    static final LocalDate START = LocalDate.of(2025, 1, 1);

    /** y = 2 + 0.5 e over the pre-period (e = -12..-1), then 3 more than that line for e = 0..3. */
    static Map<LocalDate, Double> trending() {
        Map<LocalDate, Double> m = new HashMap<>();
        for (int e = -12; e <= 3; e++) {
            m.put(START.plusMonths(e), 2 + 0.5 * e + (e >= 0 ? 3 : 0));
        }
        return m;
    }

    @Test
    void a_seats_pre_period_slope_and_its_change_beyond_its_own_trend() {
        assertEquals(0.5, EventStudy.preSlope(trending(), START), 1e-12);
        // post values lie exactly 3 above the pre-period line carried forward
        assertEquals(3.0, EventStudy.trendAdjustedChange(trending(), START, START.plusMonths(3)), 1e-12);
        // the plain change: post mean 2 + 0.5 × 1.5 + 3 = 5.75, pre mean 2 + 0.5 × (-6.5) = -1.25: 7, of which 4 is the trend
        assertTrue(Double.isNaN(EventStudy.preSlope(Map.of(START.minusMonths(1), 1.0), START)), "one pre month: no slope");
    }

    /**
     * Evaluated 11 months after the start (e = 0..11): mean post event month 5.5, mean pre -6.5, lever 12.
     * An interval 1.2 to 4.0 reaches 0 when shifted down by 1.2 = 12 × 0.1: breakdown 0.1 a month per month.
     */
    @Test
    void the_breakdown_trend_is_the_nearer_end_over_the_lever() {
        assertEquals(12.0, EventStudy.trendLever(START, START.plusMonths(11)), 1e-12);
        assertEquals(0.1, EventStudy.breakdownTrend(1.2, 4.0, 12), 1e-12);
        assertEquals(0.1, EventStudy.breakdownTrend(-4.0, -1.2, 12), 1e-12);
        assertEquals(0.0, EventStudy.breakdownTrend(-1.0, 2.0, 12), 1e-12);
        assertTrue(Double.isNaN(EventStudy.breakdownTrend(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 12)));
    }

    /**
     * Two pilot seats (1 then 3, and 3 then 5) against one control (2 then 2) over e = -12..1: raw
     * difference pre (1+3)/2 - 2 = 0, post 4 - 2 = 2; normalised the same (pre reference 0).
     */
    @Test
    void points_are_pilot_minus_control_means_normalised_to_the_pre_period() {
        Map<LocalDate, Double> a = new HashMap<>();
        Map<LocalDate, Double> b = new HashMap<>();
        Map<LocalDate, Double> c = new HashMap<>();
        for (int e = -12; e <= 1; e++) {
            a.put(START.plusMonths(e), e < 0 ? 1.0 : 3.0);
            b.put(START.plusMonths(e), e < 0 ? 3.0 : 5.0);
            c.put(START.plusMonths(e), 2.0);
        }
        c.remove(START.plusMonths(1)); // the control has no row for e = 1
        List<EventStudy.Point> p = EventStudy.points(List.of(a, b), List.of(c), START, START.plusMonths(1));
        assertEquals(14, p.size());
        assertEquals(0.0, p.get(0).difference(), 1e-12);
        assertEquals(2.0, p.get(12).difference(), 1e-12);
        assertEquals(null, p.get(13).difference(), "no control seat with a row: no difference");
        assertEquals(0, p.get(13).nControl());
        assertEquals(2, p.get(13).nPilot());
    }
}
