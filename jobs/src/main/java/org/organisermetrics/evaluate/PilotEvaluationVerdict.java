package org.organisermetrics.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plain-English sentence beside each pilot_evaluation estimate, for a regional organiser:
 * "Pilot seats recruited 3.1 more activists per month than applicant seats that were not selected
 * (95% CI 1.2 to 5.0, p = 0.029, from every way the same number of seats could have been selected;
 * 4 pilot and 4 control seats), ..." with "fewer" for a negative difference, then the conclusion
 * ({@link PilotJudgement.Call}): the design cannot reach 5%, pre-trends differ, could be chance, a
 * difference that a trend difference cannot be ruled out for, or a difference; "too few seats to
 * judge" (no number) when either group has fewer than {@link PilotEvaluationEstimates#MIN_SEATS_PER_GROUP} seats.
 */
public final class PilotEvaluationVerdict {
    private PilotEvaluationVerdict() {}

    /** How a comparison's control seats are named in a sentence. */
    public static String controlsInWords(String comparison) {
        return switch (comparison) {
            case PilotEvaluationGroups.APPLICANTS_NOT_SELECTED -> "applicant seats that were not selected";
            case PilotEvaluationGroups.SAME_REGION_NON_APPLICANTS -> "seats in the same regions that did not apply";
            default -> "control seats";
        };
    }

    /**
     * The sentence. The primary figures are the randomisation interval and p-value (judgement); Welch's
     * interval is given only when the design is too small for randomisation to reach 5%, labelled as
     * leaning on normality. The conclusion, in this order: too few seats; no spread; the design cannot
     * reach 5%; pre-trends differ (never a success then); could be chance; a difference that a trend
     * difference the year before cannot rule out would explain; a difference.
     */
    public static String sentence(PilotEvaluationMetric metric, String comparison, GroupComparison stats,
                                  PilotJudgement judgement, int excludedPilot, int excludedControl) {
        String seats = stats.nA() + " pilot and " + stats.nB() + " control seats";
        StringBuilder s = new StringBuilder();
        if (!stats.judged()) {
            s.append(metric.title()).append(": too few seats to judge (").append(seats).append("; at least ")
                    .append(stats.minimumPerGroup()).append(" of each are needed).");
        } else {
            Welch.Result w = stats.welch();
            RandomisationInference.Result r = judgement == null ? null : judgement.randomisation();
            s.append("Pilot seats ").append(metric.verb()).append(' ').append(amount(w.difference(), metric))
                    .append(' ').append(controlsInWords(comparison));
            if (r != null && r.canReachFivePercent() && r.intervalDefined()) {
                s.append(" (95% CI ").append(oneDecimal(r.ciLow())).append(" to ").append(oneDecimal(r.ciHigh()))
                        .append(", p = ").append(pValue(r.p())).append(", from every way the same number of seats could")
                        .append(" have been selected; ").append(seats).append(")");
            } else if (w.defined()) {
                s.append(" (Welch's 95% CI ").append(oneDecimal(w.ciLow())).append(" to ").append(oneDecimal(w.ciHigh()))
                        .append(", which leans on normality nothing can check with so few seats; ").append(seats).append(")");
            } else {
                s.append(" (").append(seats).append(")");
            }
            s.append(", comparing each seat's monthly average since the pilot began with its own 12 months before.");
            if (r == null || !r.intervalDefined()) {
                s.append(" Every seat in each group changed by exactly the same amount, so there is no spread to judge")
                        .append(" chance by and no interval.");
            } else {
                s.append(conclusion(metric, stats, judgement));
            }
        }
        if (excludedPilot + excludedControl > 0) {
            s.append(' ').append(excludedPilot).append(" pilot and ").append(excludedControl)
                    .append(" control seats were left out (no data before the pilot, or another cohort's pilot seat).");
        }
        return s.toString();
    }

    /**
     * The sentence of the row across cohorts: "Across cohorts 2025A (4 pilot seats) and 2025B (3),
     * pilot seats recruited 1.2 more activists per month than applicant seats not yet in the pilot at the
     * time (95% CI ..., p = ...; 11 applicant seats not in the pilot), each cohort compared month by month
     * from its own start, cohorts weighted by their pilot seats." then the conclusion.
     */
    public static String acrossCohorts(PilotEvaluationMetric metric, StaggeredCohorts.Result r, int controlSeats) {
        RandomisationInference.Result o = r.overall();
        List<String> parts = new ArrayList<>();
        r.weights().forEach((cohort, n) -> parts.add(cohort + " (" + n + " pilot seat" + (n == 1 ? "" : "s") + ")"));
        String cohorts = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        StringBuilder s = new StringBuilder("Across cohorts ").append(cohorts).append(", pilot seats ").append(metric.verb())
                .append(' ').append(amount(o.difference(), metric)).append(" applicant seats not yet in the pilot at the time (");
        if (o.canReachFivePercent() && o.intervalDefined() && Double.isFinite(o.ciLow()) && Double.isFinite(o.ciHigh())) {
            s.append("95% CI ").append(oneDecimal(o.ciLow())).append(" to ").append(oneDecimal(o.ciHigh())).append(", ");
        }
        s.append("p = ").append(pValue(o.p())).append("; ").append(controlSeats).append(" applicant seats not in the pilot)")
                .append(", each cohort compared month by month from its own start with its own 12 months before,")
                .append(" cohorts weighted by their pilot seats.");
        if (!o.canReachFivePercent()) {
            s.append(" No result could be significant at 5% with so few seats: the smallest p-value this design allows is ")
                    .append(pValue(o.smallestP())).append('.');
        } else if (o.p() > RandomisationInference.ALPHA) {
            s.append(" The difference could be chance.");
        } else {
            s.append(" The difference is unlikely to be chance alone; whether the cohorts' trends before differed is")
                    .append(" judged in each cohort's own rows.");
        }
        return s.toString();
    }

    private static String conclusion(PilotEvaluationMetric metric, GroupComparison stats, PilotJudgement j) {
        RandomisationInference.Result r = j.randomisation();
        return switch (j.call()) {
            case DESIGN_TOO_SMALL -> " With " + stats.nA() + " pilot and " + stats.nB() + " control seats no result could"
                    + " be significant at 5%: the smallest p-value this design allows is " + pValue(r.smallestP())
                    + ", so it cannot show whether the pilot made a difference.";
            case PRE_TRENDS_DIFFER -> " But in the 12 months before the pilot the pilot seats' trend already differed from"
                    + " the controls' (" + signed(j.preTrend().difference(), metric) + " a month per month, p = "
                    + pValue(j.preTrend().p()) + "), so this comparison cannot show what the pilot did.";
            case COULD_BE_CHANCE -> " The interval includes 0, so the difference could be chance.";
            case DIFFERENCE_UNLESS_TRENDS_DIFFER -> " The difference is unlikely to be chance alone, but pilot seats pulling"
                    + " ahead of the controls by " + oneDecimal2(j.breakdownTrend()) + " " + metric.noun() + " a month per month,"
                    + " even without the pilot, would explain it, and the 12 months before cannot rule out a trend"
                    + " difference that large" + notRuledOut(j) + ".";
            case DIFFERENCE -> " The difference is unlikely to be chance alone; it would take pilot seats pulling ahead by "
                    + oneDecimal2(j.breakdownTrend()) + " " + metric.noun() + " a month per month, even without the pilot,"
                    + " to explain it, more than the 12 months before allow" + notRuledOut(j) + ".";
        };
    }

    private static String notRuledOut(PilotJudgement j) {
        double bound = j.largestTrendNotRuledOut();
        return Double.isFinite(bound) ? " (up to " + oneDecimal2(bound) + ")" : "";
    }

    /** "+0.12" or "-0.05" with the metric's noun left to the caller. */
    private static String signed(double x, PilotEvaluationMetric metric) {
        return (x >= 0 ? "+" : "") + oneDecimal2(x) + " " + metric.noun();
    }

    /** A p-value to two significant places: "0.03", "0.0014", never "0.00". */
    static String pValue(double p) {
        if (p >= 0.995) {
            return "1.0";
        }
        return new java.math.BigDecimal(p).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /** Two decimal places, for trends per month (often well below 0.1). */
    static String oneDecimal2(double x) {
        String s = String.format(Locale.ROOT, "%.2f", x);
        return s.equals("-0.00") ? "0.00" : s;
    }

    /** "3.1 more activists per month than", "0.4 fewer conversations per month than", or "about the same number of ... as". */
    static String amount(double difference, PilotEvaluationMetric metric) {
        String rounded = oneDecimal(Math.abs(difference));
        if (rounded.equals("0.0")) {
            return "about the same number of " + metric.noun() + " per month as";
        }
        return rounded + (difference > 0 ? " more " : " fewer ") + metric.noun() + " per month than";
    }

    /** One decimal place, never "-0.0". */
    static String oneDecimal(double x) {
        String s = String.format(Locale.ROOT, "%.1f", x);
        return s.equals("-0.0") ? "0.0" : s;
    }
}
