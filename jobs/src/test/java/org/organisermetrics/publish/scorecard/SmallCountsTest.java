package org.organisermetrics.publish.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.publish.scorecard.Scorecard.ElectionSeat;

/** A seat's election figures: which are hidden at the default threshold (5) and at another. */
class SmallCountsTest {
    private final SmallCounts five = new SmallCounts(MetricSettings.DEFAULT_SMALL_COUNT_THRESHOLD);

    private static ElectionSeat seat(Long promises, Long voted) {
        Double turnout = promises == null || voted == null || promises == 0 ? null : voted / (double) promises;
        return new ElectionSeat("S", "Seat", "Region", promises, voted, turnout, 0.6, 0.6);
    }

    private static Set<String> hidden(Disclosure.Result r) {
        return new java.util.TreeSet<>(java.util.stream.Stream.concat(r.primary().stream(), r.secondary().stream()).toList());
    }

    @Test
    void counts_of_one_to_four_are_hidden_zero_is_shown_and_nothing_recorded_is_no_data() {
        assertEquals(Set.of(), hidden(five.election(seat(0L, 0L))));
        assertEquals(Set.of("promise_turnout", "promise_turnout_lift"), five.election(seat(0L, 0L)).noData());
        assertEquals(Set.of("promises", "promises_voted", "promise_turnout", "promise_turnout_lift"),
                hidden(five.election(seat(4L, 3L))));
        // 4 promises and 3 voted are small counts, the turnout stands on them, the difference gives the turnout back
        assertEquals(Set.of("promises", "promises_voted", "promise_turnout"), five.election(seat(4L, 3L)).primary());
        assertEquals(Set.of(), hidden(five.election(seat(1_200L, 1_000L))));
        assertEquals(Set.of(), hidden(five.election(seat(20L, 20L))), "0 did not vote is not a small count");
        assertEquals(Set.of("promises", "promises_voted", "promise_turnout", "promise_turnout_lift"),
                five.election(seat(null, null)).noData());
    }

    @Test
    void the_promises_who_did_not_vote_are_protected_by_hiding_those_who_voted_the_turnout_and_the_difference() {
        // 53 promises, 49 voted: 4 did not. Hiding only the turnout left 53 - 49 on the page.
        Disclosure.Result r = five.election(seat(53L, 49L));
        assertEquals(Set.of("promise_turnout"), r.primary());
        assertEquals(Set.of("promise_turnout_lift", "promises_voted"), Set.copyOf(r.secondary()));
        // 5 did not vote: nothing hidden
        assertEquals(Set.of(), hidden(five.election(seat(53L, 48L))));
        // 3 voted of 40: the 37 who did not are no secret, the 3 are
        assertEquals(Set.of("promises_voted", "promise_turnout", "promise_turnout_lift"), hidden(five.election(seat(40L, 3L))));
    }

    @Test
    void the_threshold_is_a_setting() {
        SmallCounts ten = new SmallCounts(10);
        assertEquals(Set.of("promises_voted", "promise_turnout", "promise_turnout_lift"), hidden(ten.election(seat(53L, 44L))));
        assertEquals(Set.of(), hidden(ten.election(seat(53L, 43L))));
        assertThrows(IllegalArgumentException.class, () -> new SmallCounts(0));
    }
}
