package org.organisermetrics.report;

/**
 * Small-count suppression for cells that could reveal an individual's voting intention or turnout
 * (promises, promises that voted, promise turnout). A count below the threshold, 0 included, shows
 * as "&lt;5"; a share shows only when its numerator, its denominator and their difference (the
 * promises that did not vote) are all at least the threshold, since any of them small could be
 * worked back to a handful of people. Default threshold: {@link
 * org.organisermetrics.metrics.MetricSettings#DEFAULT_SMALL_COUNT_THRESHOLD}.
 */
public final class SmallCounts {
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

    /** What a suppressed cell shows: "&lt;5". */
    public String suppressed() {
        return "<" + threshold;
    }

    /** True when the count must not be shown. Null (no data) is not a count and hides nothing. */
    public boolean hides(Long count) {
        return count != null && count < threshold;
    }

    /** The count with thousands separators, "&lt;5" when under the threshold, "–" when null. */
    public String count(Long count) {
        return hides(count) ? suppressed() : Formats.count(count);
    }

    /** True when part / whole must not be shown (see the class comment). */
    public boolean hidesShare(Long part, Long whole) {
        if (part == null || whole == null) {
            return false;
        }
        return hides(part) || hides(whole) || hides(whole - part);
    }

    /** part / whole as a whole percent, "&lt;5" when hidden, "–" when there is no share. */
    public String share(Long part, Long whole, Double share) {
        return hidesShare(part, whole) ? suppressed() : Formats.percent(share);
    }
}
