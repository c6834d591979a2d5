package org.organisermetrics.publish.scorecard;

/**
 * The scorecard's status of a pilot seat, from its recruited and trained against target
 * (docs/scorecard.md, and the report itself, state the same rule):
 * <ol>
 *   <li>Take each measure with a target above 0 over the pilot to date (recruited pilot to date against
 *       the summed monthly targets, trained pilot to date likewise). The weakest share decides:
 *       at least {@value #ON_TRACK_PERCENT}% is on track, at least {@value #WATCH_PERCENT}% is watch,
 *       below that off track.</li>
 *   <li>A seat on track over the pilot to date whose month fell below {@value #MONTH_SLIP_PERCENT}% of the month's
 *       target on either measure is watch: it slipped this month.</li>
 *   <li>No measure with a target: no target (no status).</li>
 * </ol>
 * Shares are compared in whole numbers (actual × 100 against percent × target), so a seat exactly
 * on a boundary gets the better status.
 */
public enum SeatStatus {
    ON_TRACK("on track", "on-track"),
    WATCH("watch", "watch"),
    OFF_TRACK("off track", "off-track"),
    NO_TARGET("no target", "no-target");

    /** Share of the target to date, in percent, from which a seat is on track. */
    public static final int ON_TRACK_PERCENT = 90;
    /** Share of the target to date, in percent, from which a seat is watch rather than off track. */
    public static final int WATCH_PERCENT = 70;
    /** A seat on track to date is watch when a measure of its month is below this share of the month's target. */
    public static final int MONTH_SLIP_PERCENT = 50;

    private final String words;
    private final String cssClass;

    SeatStatus(String words, String cssClass) {
        this.words = words;
        this.cssClass = cssClass;
    }

    /** The status in the users' words ("off track"). */
    public String words() {
        return words;
    }

    /** The class and data-status value the report gives it ("off-track"). */
    public String cssClass() {
        return cssClass;
    }

    /** One measure: what was done against its target (null or 0 target: not judged). */
    public record Measure(String name, long actual, Long target) {
        boolean judged() {
            return target != null && target > 0;
        }

        /** actual / target >= percent / 100, in whole numbers. */
        boolean reaches(int percent) {
            return actual * 100 >= (long) percent * target;
        }

        /** The share of the target in whole percent, rounded down (never shows 90% for 89.9%). */
        long percentOfTarget() {
            return actual * 100 / target;
        }
    }

    /** A status with the measure that decided it, in words ("trained 3 of 24 pilot to date (12%)"). */
    public record Assessment(SeatStatus status, String reason) {}

    /**
     * Assesses a seat.
     *
     * @param toDate    recruited and trained over the pilot to date, with the summed targets
     * @param thisMonth recruited and trained in the month, with the month's targets
     */
    public static Assessment assess(Measure[] toDate, Measure[] thisMonth) {
        Measure weakest = weakest(toDate);
        if (weakest == null) {
            return new Assessment(NO_TARGET, "no target set for the pilot to date");
        }
        String why = describe(weakest, "pilot to date");
        if (!weakest.reaches(WATCH_PERCENT)) {
            return new Assessment(OFF_TRACK, why);
        }
        if (!weakest.reaches(ON_TRACK_PERCENT)) {
            return new Assessment(WATCH, why);
        }
        Measure month = weakest(thisMonth);
        if (month != null && !month.reaches(MONTH_SLIP_PERCENT)) {
            return new Assessment(WATCH, describe(month, "this month") + "; on track pilot to date");
        }
        return new Assessment(ON_TRACK, why);
    }

    /** The judged measure with the smallest share of its target (the first one on a tie), or null. */
    static Measure weakest(Measure[] measures) {
        Measure weakest = null;
        for (Measure m : measures) {
            if (m.judged() && (weakest == null || m.actual * weakest.target < weakest.actual * m.target)) {
                weakest = m;
            }
        }
        return weakest;
    }

    private static String describe(Measure m, String when) {
        return m.name() + " " + Formats.count(m.actual()) + " of " + Formats.count(m.target()) + " " + when
                + " (" + m.percentOfTarget() + "%)";
    }
}
