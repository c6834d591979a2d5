package org.organisermetrics.generate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a generated landing zone says about the pilot, straight from the generator without writing
 * files (generate.Generator#pilotPanel): every seat's recruits per month (what seat_month.recruited
 * counts: volunteers by recruited_on), the same without the pilot's extra recruits (exactly the
 * landing zone with no effect: they come from a stream of their own), the pilot_seats rows, and the
 * true expected extra recruits per pilot seat and month, so a coverage study knows the truth.
 *
 * @param months the generated months (first days), each seat has a value for every one (0 when nobody was recruited)
 */
public record PilotPanel(List<LocalDate> months, Map<String, String> regionBySeat, List<Applicant> applicants,
                         Map<String, Map<LocalDate, Integer>> recruits, Map<String, Map<LocalDate, Integer>> recruitsWithoutPilot,
                         Map<String, Map<LocalDate, Double>> trueEffect) {

    /** A pilot_seats row as the generator writes it. */
    public record Applicant(String seatCode, String cohort, boolean selected, LocalDate startMonth, LocalDate endMonth) {}

    /**
     * The true average effect over a cohort's pilot seats from their start to the evaluation month: the
     * mean over those seats of their mean expected extra recruits per month (what the difference in
     * differences estimates when trends are parallel).
     */
    public double trueAverageEffect(String cohort, LocalDate evaluationMonth) {
        double sum = 0;
        int seats = 0;
        for (Applicant a : applicants) {
            if (!a.selected() || !a.cohort().equals(cohort)) {
                continue;
            }
            double seatSum = 0;
            int n = 0;
            for (LocalDate m : months) {
                if (!m.isBefore(a.startMonth()) && !m.isAfter(evaluationMonth)) {
                    seatSum += trueEffect.getOrDefault(a.seatCode(), Map.of()).getOrDefault(m, 0.0);
                    n++;
                }
            }
            if (n > 0) {
                sum += seatSum / n;
                seats++;
            }
        }
        return seats == 0 ? Double.NaN : sum / seats;
    }
}
