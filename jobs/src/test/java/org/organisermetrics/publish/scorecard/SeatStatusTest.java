package org.organisermetrics.publish.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.organisermetrics.publish.scorecard.SeatStatus.Assessment;
import org.organisermetrics.publish.scorecard.SeatStatus.Measure;

/** The status rule at its boundaries: 90% and 70% of target to date, 50% of the month's target. */
class SeatStatusTest {

    private static Assessment assess(long recruitedToDate, Long targetRecruitsToDate, long trainedToDate, Long targetTrainedToDate,
                                     long recruited, Long targetRecruits, long trained, Long targetTrained) {
        return SeatStatus.assess(
                new Measure[] {new Measure("recruited", recruitedToDate, targetRecruitsToDate),
                        new Measure("trained", trainedToDate, targetTrainedToDate)},
                new Measure[] {new Measure("recruited", recruited, targetRecruits), new Measure("trained", trained, targetTrained)});
    }

    /** To date only; the month exactly on target. */
    private static SeatStatus toDate(long recruited, long target) {
        return assess(recruited, target, 100, 100L, 4, 4L, 1, 1L).status();
    }

    @Test
    void ninety_percent_to_date_is_on_track_and_just_under_is_watch() {
        assertEquals(SeatStatus.ON_TRACK, toDate(90, 100));   // 90/100 = 90%
        assertEquals(SeatStatus.WATCH, toDate(89, 100));      // 89%
        assertEquals(SeatStatus.ON_TRACK, toDate(27, 30));    // 27/30 = 90% exactly, no rounding error
        assertEquals(SeatStatus.WATCH, toDate(26, 29));       // 89.66%: rounds to 90% but is below it
    }

    @Test
    void seventy_percent_to_date_is_watch_and_just_under_is_off_track() {
        assertEquals(SeatStatus.WATCH, toDate(70, 100));
        assertEquals(SeatStatus.OFF_TRACK, toDate(69, 100));
        assertEquals(SeatStatus.WATCH, toDate(7, 10));        // 7/10 = 70% exactly
        assertEquals(SeatStatus.OFF_TRACK, toDate(0, 10));
    }

    @Test
    void above_target_is_on_track() {
        assertEquals(SeatStatus.ON_TRACK, toDate(150, 100));
    }

    @Test
    void the_weaker_measure_decides_and_is_named() {
        // recruited 100 of 100 (100%), trained 6 of 10 (60%): off track because of training
        Assessment a = assess(100, 100L, 6, 10L, 4, 4L, 1, 1L);
        assertEquals(SeatStatus.OFF_TRACK, a.status());
        assertEquals("trained 6 of 10 pilot to date (60%)", a.reason());
        Assessment b = assess(1_234, 2_000L, 9, 10L, 4, 4L, 1, 1L);
        assertEquals(SeatStatus.OFF_TRACK, b.status());
        assertEquals("recruited 1,234 of 2,000 pilot to date (61%)", b.reason());
    }

    @Test
    void a_seat_on_track_to_date_that_got_under_half_its_month_target_is_watch() {
        // to date 100%; this month recruited 1 of 4 (25%)
        Assessment slipped = assess(100, 100L, 100, 100L, 1, 4L, 1, 1L);
        assertEquals(SeatStatus.WATCH, slipped.status());
        assertEquals("recruited 1 of 4 this month (25%); on track pilot to date", slipped.reason());
        // exactly half the month's target is not a slip: 2 of 4 = 50%
        assertEquals(SeatStatus.ON_TRACK, assess(100, 100L, 100, 100L, 2, 4L, 1, 1L).status());
        // a weak month does not make a seat behind to date any worse than its to-date status
        assertEquals(SeatStatus.WATCH, assess(80, 100L, 100, 100L, 0, 4L, 0, 1L).status());
    }

    @Test
    void a_measure_without_a_target_is_not_judged() {
        // trained has no target (null) or a target of 0: recruited alone decides
        assertEquals(SeatStatus.ON_TRACK, assess(95, 100L, 0, null, 4, 4L, 0, null).status());
        assertEquals(SeatStatus.OFF_TRACK, assess(10, 100L, 0, 0L, 4, 4L, 0, 0L).status());
        Assessment none = assess(10, null, 3, 0L, 1, null, 1, null);
        assertEquals(SeatStatus.NO_TARGET, none.status());
    }
}
