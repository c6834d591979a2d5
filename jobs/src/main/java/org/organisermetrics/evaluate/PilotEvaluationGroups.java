package org.organisermetrics.evaluate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is compared with whom (METRICS.md pilot_evaluation, DOMAIN.md "The pilot scheme"), in plain
 * Java from the curated pilot_seats and seats rows.
 *
 * <ul>
 *   <li>A cohort's start month is the earliest start_month of its selected rows (one date for pilot
 *       and control seats alike, as controls have none of their own).</li>
 *   <li>pilot: the cohort's selected seats.</li>
 *   <li>{@link #APPLICANTS_NOT_SELECTED} (the primary comparison): the cohort's applicants that were
 *       not selected. They wanted the pilot as much, so they are the fair controls.</li>
 *   <li>{@link #SAME_REGION_NON_APPLICANTS} (secondary): seats of the regions of the cohort's pilot
 *       seats that have no pilot_seats row in any cohort (never applied).</li>
 *   <li>A seat that was a selected pilot seat of another cohort at any time in this evaluation's
 *       months (the 12 before the start to the evaluation month) is excluded from this cohort's
 *       groups, with the reason: its figures carry another cohort's pilot.</li>
 * </ul>
 * Cohorts without a selected seat with a start month, or whose start month is after the evaluation
 * month, are not evaluated.
 */
public final class PilotEvaluationGroups {
    public static final String APPLICANTS_NOT_SELECTED = "applicants_not_selected";
    public static final String SAME_REGION_NON_APPLICANTS = "same_region_non_applicants";
    public static final String PILOT = "pilot";
    public static final String CONTROL = "control";
    public static final int PRE_MONTHS = 12;

    /** One curated pilot_seats row (the columns the evaluation needs). */
    public record PilotSeat(String seatCode, String cohort, boolean selected, LocalDate startMonth, LocalDate endMonth) {}

    /** A seat in a group, and why it is left out before any data is read (null when it is not). */
    public record Member(String seatCode, String group, String excludedReason) {}

    /** One comparison of one cohort: its pilot seats against one set of controls. */
    public record Comparison(String cohort, LocalDate startMonth, String comparison, List<Member> seats) {
        public LocalDate preFrom() {
            return startMonth.minusMonths(PRE_MONTHS);
        }
    }

    private PilotEvaluationGroups() {}

    /**
     * @param regionBySeat every seat's region (seats without a region are never a same-region control)
     * @return per cohort (by name) its primary comparison, then its secondary one
     */
    public static List<Comparison> of(List<PilotSeat> rows, Map<String, String> regionBySeat, LocalDate evaluationMonth) {
        Map<String, List<PilotSeat>> byCohort = new TreeMap<>();
        for (PilotSeat r : rows) {
            byCohort.computeIfAbsent(r.cohort(), k -> new ArrayList<>()).add(r);
        }
        Set<String> everApplied = new TreeSet<>();
        rows.forEach(r -> everApplied.add(r.seatCode()));
        List<Comparison> out = new ArrayList<>();
        for (Map.Entry<String, List<PilotSeat>> e : byCohort.entrySet()) {
            String cohort = e.getKey();
            LocalDate start = e.getValue().stream().filter(PilotSeat::selected).map(PilotSeat::startMonth)
                    .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
            if (start == null || start.isAfter(evaluationMonth)) {
                continue;
            }
            LocalDate from = start.minusMonths(PRE_MONTHS);
            Set<String> pilotSeats = new TreeSet<>();
            Set<String> applicants = new TreeSet<>();
            for (PilotSeat r : e.getValue()) {
                (r.selected() ? pilotSeats : applicants).add(r.seatCode());
            }
            applicants.removeAll(pilotSeats); // a duplicate not-selected row of a selected seat
            Set<String> regions = new TreeSet<>();
            pilotSeats.forEach(s -> {
                if (regionBySeat.get(s) != null) {
                    regions.add(regionBySeat.get(s));
                }
            });
            Set<String> sameRegion = new TreeSet<>();
            regionBySeat.forEach((seat, region) -> {
                if (region != null && regions.contains(region) && !everApplied.contains(seat)) {
                    sameRegion.add(seat);
                }
            });
            List<Member> pilot = members(pilotSeats, PILOT, cohort, from, evaluationMonth, rows);
            out.add(new Comparison(cohort, start, APPLICANTS_NOT_SELECTED,
                    concat(pilot, members(applicants, CONTROL, cohort, from, evaluationMonth, rows))));
            out.add(new Comparison(cohort, start, SAME_REGION_NON_APPLICANTS,
                    concat(pilot, members(sameRegion, CONTROL, cohort, from, evaluationMonth, rows))));
        }
        return out;
    }

    private static List<Member> members(Set<String> seats, String group, String cohort, LocalDate from, LocalDate to,
                                        List<PilotSeat> rows) {
        List<Member> out = new ArrayList<>();
        for (String seat : seats) {
            out.add(new Member(seat, group, otherPilot(seat, cohort, from, to, rows)));
        }
        return out;
    }

    /** The reason a seat is left out when it was a pilot seat of another cohort in [from, to]; else null. */
    private static String otherPilot(String seat, String cohort, LocalDate from, LocalDate to, List<PilotSeat> rows) {
        Map<String, PilotSeat> overlapping = new LinkedHashMap<>();
        for (PilotSeat r : rows) {
            if (r.seatCode().equals(seat) && !r.cohort().equals(cohort) && r.selected() && r.startMonth() != null
                    && !r.startMonth().isAfter(to) && (r.endMonth() == null || !r.endMonth().isBefore(from))) {
                overlapping.putIfAbsent(r.cohort(), r);
            }
        }
        if (overlapping.isEmpty()) {
            return null;
        }
        PilotSeat first = overlapping.values().iterator().next();
        return "a pilot seat of cohort " + first.cohort() + " from " + first.startMonth().toString().substring(0, 7)
                + ", inside this evaluation's months";
    }

    private static List<Member> concat(List<Member> a, List<Member> b) {
        List<Member> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
