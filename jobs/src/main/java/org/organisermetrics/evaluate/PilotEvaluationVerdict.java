package org.organisermetrics.evaluate;

import java.util.Locale;
import org.organisermetrics.evaluate.GroupComparison;
import org.organisermetrics.evaluate.Welch;

/**
 * The plain-English sentence beside each pilot_evaluation estimate, for a regional organiser:
 * "Pilot seats recruited 3.1 more activists per month than applicant seats that were not selected
 * (95% CI 1.2 to 5.0; 14 pilot and 11 control seats), ..." with "fewer" for a negative difference,
 * a warning when the interval includes 0, and "too few seats to judge" (no number) when either group
 * has fewer than {@link PilotEvaluationEstimates#MIN_SEATS_PER_GROUP} seats.
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

    public static String sentence(PilotEvaluationMetric metric, String comparison, GroupComparison stats,
                                  int excludedPilot, int excludedControl) {
        String seats = stats.nA() + " pilot and " + stats.nB() + " control seats";
        StringBuilder s = new StringBuilder();
        if (!stats.judged()) {
            s.append(metric.title()).append(": too few seats to judge (").append(seats).append("; at least ")
                    .append(stats.minimumPerGroup()).append(" of each are needed).");
        } else {
            Welch.Result w = stats.welch();
            s.append("Pilot seats ").append(metric.verb()).append(' ').append(amount(w.difference(), metric))
                    .append(' ').append(controlsInWords(comparison));
            if (w.defined()) {
                s.append(" (").append(Math.round(w.confidence() * 100)).append("% CI ").append(oneDecimal(w.ciLow()))
                        .append(" to ").append(oneDecimal(w.ciHigh())).append("; ").append(seats).append(")");
                s.append(", comparing each seat's monthly average since the pilot began with its own 12 months before.");
                s.append(w.intervalIncludesZero()
                        ? " The interval includes 0, so the difference could be chance."
                        : " The interval does not include 0, so the difference is unlikely to be chance alone.");
            } else {
                s.append(" (").append(seats).append("), comparing each seat's monthly average since the pilot began")
                        .append(" with its own 12 months before. Every seat in each group changed by exactly the same")
                        .append(" amount, so there is no spread to judge chance by and no interval.");
            }
        }
        if (excludedPilot + excludedControl > 0) {
            s.append(' ').append(excludedPilot).append(" pilot and ").append(excludedControl)
                    .append(" control seats were left out (no data before the pilot, or another cohort's pilot seat).");
        }
        return s.toString();
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
