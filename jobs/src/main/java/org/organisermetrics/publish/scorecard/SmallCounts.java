package org.organisermetrics.publish.scorecard;

import org.organisermetrics.publish.scorecard.Scorecard.ElectionSeat;

/**
 * The scorecard's disclosure control for cells that could reveal an individual's voting intention
 * or turnout (the election table and its chart), or who came to a party's events (the events table): the threshold, what a suppressed cell and a cell
 * with no data show, and the relations between a seat's cells that {@link Disclosure} protects.
 *
 * <p>A seat's row: promises, promises who voted, promise turnout (= who voted / promises, so the
 * promises who did not vote are a count of people too, on no page but derivable), register turnout
 * (public: anyone can work it out from the marked register) and the difference (promise turnout
 * minus register turnout, so it gives the promise turnout back). A count of 1 to threshold - 1
 * people, and a turnout such a count stands behind, is suppressed; then whatever would give a
 * suppressed figure back (the difference, the promises who voted, the turnout; the promises last)
 * is suppressed too. 0 is shown; a figure with nothing behind it shows as "no data". Each seat's
 * decision depends on that seat's figures only, so every page (all regions, one region, another
 * month showing the same election) hides the same cells.
 *
 * <p>Default threshold: {@link org.organisermetrics.metrics.MetricSettings#DEFAULT_SMALL_COUNT_THRESHOLD}.
 */
public final class SmallCounts {
    /** What a suppressed cell shows: a word, so it never reads as a number or a percentage. */
    public static final String HIDDEN = "hidden";
    /** What a cell with no data shows (nothing recorded, or nothing to divide by). */
    public static final String NO_DATA = Formats.NONE;

    /** data-field names of the election table's cells, also the cells' ids for {@link Disclosure}. */
    public static final String PROMISES = "promises";
    public static final String PROMISES_VOTED = "promises_voted";
    public static final String PROMISE_TURNOUT = "promise_turnout";
    public static final String REGISTER_TURNOUT = "register_turnout";
    public static final String PROMISE_TURNOUT_LIFT = "promise_turnout_lift";
    /** data-field names of the events table's cells (people at a party's events: as personal as a vote). */
    public static final String EVENT_ATTENDANCE = "event_attendance";
    public static final String SIGNUPS = "signups";
    public static final String SIGNUPS_ATTENDED = "signups_attended";
    public static final String SIGNUPS_NO_SHOW = "signups_no_show";
    public static final String FLAKE_RATE = "flake_rate";
    /** Hidden cells: sign-ups with an outcome (attended + no-show), and the others (cancelled, or no outcome). */
    static final String SIGNUPS_DUE = "signups_due";
    static final String SIGNUPS_NOT_DUE = "signups_not_due";

    private final int threshold;

    public SmallCounts(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("the small-count threshold must be at least 1, not " + threshold);
        }
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    /** The counts that are hidden, in words: "1 to 4" (threshold 5), "1" (threshold 2), null when none is (threshold 1). */
    public String smallRange() {
        return threshold == 1 ? null : threshold == 2 ? "1" : "1 to " + (threshold - 1);
    }

    /** The promise turnout minus the register turnout, null when either is missing. */
    public static Double lift(ElectionSeat seat) {
        return seat.promiseTurnout() == null || seat.registerTurnout() == null ? null
                : seat.promiseTurnout() - seat.registerTurnout();
    }

    /**
     * Which of a seat's event cells are suppressed and which have no data. The head count of the events
     * (events.attendees) stands alone; the sign-ups add up to attended + no-shows + the rest (cancelled or
     * no outcome, on no page), and the flake rate is no-shows / (attended + no-shows), so a small count of
     * people among any of them, and whatever gives it back, is hidden. 0 is shown; a flake rate with no
     * sign-up with an outcome behind it has no data.
     */
    public Disclosure.Result events(Scorecard.SeatEvents seat) {
        long due = seat.attended() + seat.noShow();
        return new Disclosure()
                .count(EVENT_ATTENDANCE, seat.eventAttendance(), 4)
                .count(SIGNUPS, seat.signups(), 3)
                .count(SIGNUPS_ATTENDED, seat.attended(), 2)
                .count(SIGNUPS_NO_SHOW, seat.noShow(), 2)
                .rate(FLAKE_RATE, seat.flakeRate(), 1)
                .hiddenCount(SIGNUPS_DUE, due)
                .hiddenCount(SIGNUPS_NOT_DUE, seat.signups() - due)
                .total(SIGNUPS, SIGNUPS_ATTENDED, SIGNUPS_NO_SHOW, SIGNUPS_NOT_DUE)
                .total(SIGNUPS_DUE, SIGNUPS_ATTENDED, SIGNUPS_NO_SHOW)
                .share(FLAKE_RATE, SIGNUPS_NO_SHOW, SIGNUPS_DUE)
                .protect(threshold);
    }

    /** Which of the seat's election cells are suppressed and which have no data. */
    public Disclosure.Result election(ElectionSeat seat) {
        // costs: what the reader loses first. The turnout and its difference go before the counts,
        // and of the counts the promises who voted before the promises.
        return new Disclosure()
                .count(PROMISES, seat.promises(), 3)
                .count(PROMISES_VOTED, seat.promisesVoted(), 2)
                .rate(PROMISE_TURNOUT, seat.promiseTurnout(), 1)
                .publicRate(REGISTER_TURNOUT, seat.registerTurnout())
                .rate(PROMISE_TURNOUT_LIFT, lift(seat), 1)
                .share(PROMISE_TURNOUT, PROMISES_VOTED, PROMISES)
                .difference(PROMISE_TURNOUT_LIFT, PROMISE_TURNOUT, REGISTER_TURNOUT)
                .protect(threshold);
    }
}
