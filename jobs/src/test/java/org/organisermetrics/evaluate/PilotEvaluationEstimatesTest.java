package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.organisermetrics.evaluate.PilotEvaluationGroups.Comparison;
import org.organisermetrics.evaluate.PilotEvaluationGroups.Member;
import org.organisermetrics.evaluate.PilotEvaluationGroups.PilotSeat;

/**
 * Who is compared with whom, and the per-seat and group arithmetic, on series written here with
 * the expected values worked by hand.
 */
class PilotEvaluationEstimatesTest {
    static final LocalDate START = LocalDate.of(2025, 1, 1);
    static final LocalDate EVALUATION = LocalDate.of(2025, 6, 1);

    /** A seat with `pre` every month of [from, 2024-12] and `post` every month of 2025-01..2025-06. */
    static Map<LocalDate, Double> seat(double pre, LocalDate preFrom, double post) {
        Map<LocalDate, Double> m = new HashMap<>();
        for (LocalDate d = preFrom; d.isBefore(START); d = d.plusMonths(1)) {
            m.put(d, pre);
        }
        for (LocalDate d = START; !d.isAfter(EVALUATION); d = d.plusMonths(1)) {
            m.put(d, post);
        }
        return m;
    }

    static Map<LocalDate, Double> seat(double pre, double post) {
        return seat(pre, START.minusMonths(12), post);
    }

    /**
     * <pre>
     * pilot   P1 pre 1 post 4 change 3; P2 pre 2 post 6 change 4; P3 pre 3 post 5 change 2
     * control C1 pre 2 post 2 change 0; C2 pre 2 post 3 change 1;
     *         C3 pre 1 over its only 6 pre months (2024-07..12), post 1, change 0
     *         C4 has no pre months: excluded, not imputed
     * months outside [2024-01, 2025-06] (P1: 2023-12 and 2025-07 = 100) are ignored
     * pilot changes 3, 4, 2: mean 3, s² = (0 + 1 + 1)/2 = 1
     * control changes 0, 1, 0: mean 1/3, s² = (1/9 + 4/9 + 1/9)/2 = 1/3
     * did = 3 - 1/3 = 8/3 = 2.6667
     * se = sqrt(1/3 + (1/3)/3) = sqrt(4/9) = 2/3; t = 4
     * df = (4/9)² / ((1/3)²/2 + (1/9)²/2) = (16/81) / (10/162) = 3.2
     * t(0.975, 3.2) = 3.0728289 (SciPy 1.17.1 stats.t.ppf), so the interval is
     * 8/3 ± 3.0728289 × 2/3 = 0.6181140 to 4.7152193; p = 0.0248175
     * Mann-Whitney: every pilot change is above every control change, U = 9 of 9,
     * z = (0 - 4.5)/sqrt(9×7/12) = -1.9639610, p = 0.0495346
     * Hedges: pooled s² = (2×1 + 2×1/3)/4 = 2/3, d = (8/3)/0.8164966 = 3.2659863,
     * J = 1 - 3/(4×4 - 1) = 0.8, g = 2.6127890
     * </pre>
     */
    @Test
    void the_estimate_and_every_seat_behind_it_match_the_hand_working() {
        Map<String, Map<LocalDate, Double>> series = new HashMap<>();
        series.put("P1", seat(1, 4));
        series.get("P1").put(LocalDate.of(2023, 12, 1), 100.0);
        series.get("P1").put(LocalDate.of(2025, 7, 1), 100.0);
        series.put("P2", seat(2, 6));
        series.put("P3", seat(3, 5));
        series.put("C1", seat(2, 2));
        series.put("C2", seat(2, 3));
        series.put("C3", seat(1, LocalDate.of(2024, 7, 1), 1));
        series.put("C4", seat(5, START, 9)); // pre from the start month: no pre months at all
        Comparison c = new Comparison("2025A", START, PilotEvaluationGroups.APPLICANTS_NOT_SELECTED, List.of(
                new Member("P1", "pilot", null), new Member("P2", "pilot", null), new Member("P3", "pilot", null),
                new Member("C1", "control", null), new Member("C2", "control", null), new Member("C3", "control", null),
                new Member("C4", "control", null)));

        PilotEvaluationEstimates.Result r = PilotEvaluationEstimates.evaluate(c, PilotEvaluationMetric.RECRUITED, series, EVALUATION);

        PilotEvaluationEstimates.Estimate e = r.estimate();
        assertEquals(3, e.nPilot());
        assertEquals(3, e.nControl());
        assertEquals(0, e.nExcludedPilot());
        assertEquals(1, e.nExcludedControl());
        assertEquals(3.0, e.statistics().meanA(), 1e-12);
        assertEquals(1.0 / 3, e.statistics().meanB(), 1e-12);
        assertEquals(8.0 / 3, e.statistics().welch().difference(), 1e-12);
        assertEquals(3.2, e.statistics().welch().df(), 1e-12);
        assertEquals(0.6181140, e.statistics().welch().ciLow(), 1e-6);
        assertEquals(4.7152193, e.statistics().welch().ciHigh(), 1e-6);
        assertEquals(0.0248175, e.statistics().welch().p(), 1e-6);
        assertEquals(0.0495346, e.statistics().mannWhitney().pNormalApproximation(), 1e-6);
        assertEquals(2.6127890, e.statistics().hedgesG(), 1e-6);
        // randomisation: the pooled changes 0, 0, 1, 2, 3, 4 sum to 10, a triple with sum S gives (2S - 10)/3, and
        // |that| >= 8/3 when S >= 9 ({2,3,4}) or S <= 1 ({0,0,1}): p = 2/20 = 0.1, the smallest 3 against 3 allows.
        // Welch's p of 0.025 would have called it; the design cannot reach 5%, and the sentence says so.
        assertEquals(0.1, e.judgement().randomisation().p(), 1e-12);
        assertEquals(0.1, e.judgement().randomisation().smallestP(), 1e-12);
        assertEquals(20, e.judgement().randomisation().assignments());
        assertEquals(PilotJudgement.Call.DESIGN_TOO_SMALL, e.judgement().call());
        // every seat is flat over its pre months: every pre-period slope is 0, nothing to flag
        assertEquals(0.0, e.judgement().preTrend().difference(), 1e-12);
        assertEquals(1.0, e.judgement().preTrend().p(), 1e-12);
        assertEquals("Pilot seats recruited 2.7 more activists per month than applicant seats that were not selected"
                + " (Welch's 95% CI 0.6 to 4.7, which leans on normality nothing can check with so few seats; 3 pilot and 3"
                + " control seats), comparing each seat's monthly average since the pilot began with its own 12 months"
                + " before. With 3 pilot and 3 control seats no result could be significant at 5%: the smallest p-value"
                + " this design allows is 0.1, so it cannot show whether the pilot made a difference. 0 pilot and 1"
                + " control seats were left out (no data before the pilot, or another cohort's pilot seat).", e.verdict());

        // event study of the included seats, e = -12..5 (2024-01..2025-06):
        // pilot mean 2 every pre month; controls C1, C2 (2) and, from 2024-07 (e = -6), C3 (1):
        // raw difference 0 for e = -12..-7 and 2 - 5/3 = 1/3 for e = -6..-1, so the reference is 1/6;
        // post: pilot (4 + 6 + 5)/3 = 5, control (2 + 3 + 1)/3 = 2, raw 3, difference 3 - 1/6 = 17/6.
        List<EventStudy.Point> points = r.eventStudy();
        assertEquals(18, points.size());
        assertEquals(-12, points.get(0).eventMonth());
        assertEquals(LocalDate.of(2024, 1, 1), points.get(0).month());
        assertEquals(0.0, points.get(0).rawDifference(), 1e-12);
        assertEquals(-1.0 / 6, points.get(0).difference(), 1e-12);
        assertEquals(2, points.get(0).nControl());
        assertEquals(1.0 / 3, points.get(6).rawDifference(), 1e-12);
        assertEquals(3, points.get(6).nControl());
        assertEquals(0, points.get(12).eventMonth());
        assertEquals(5.0, points.get(12).meanPilot(), 1e-12);
        assertEquals(2.0, points.get(12).meanControl(), 1e-12);
        assertEquals(17.0 / 6, points.get(17).difference(), 1e-12);

        PilotEvaluationEstimates.SeatChange p1 = find(r, "P1");
        assertEquals(1.0, p1.pre(), 1e-12);
        assertEquals(4.0, p1.post(), 1e-12);
        assertEquals(3.0, p1.change(), 1e-12);
        assertEquals(12, p1.monthsPre());
        assertEquals(6, p1.monthsPost());
        assertFalse(p1.excluded());
        PilotEvaluationEstimates.SeatChange c3 = find(r, "C3");
        assertEquals(6, c3.monthsPre());
        assertEquals(1.0, c3.pre(), 1e-12);
        PilotEvaluationEstimates.SeatChange c4 = find(r, "C4");
        assertTrue(c4.excluded());
        assertEquals(PilotEvaluationEstimates.NO_PRE_DATA, c4.excludedReason());
        assertEquals(0, c4.monthsPre());
        assertNull(c4.pre());
        assertEquals(9.0, c4.post(), 1e-12);
        assertNull(c4.change());
    }

    @Test
    void a_seat_with_no_rows_at_all_is_excluded_and_counted() {
        Comparison c = new Comparison("2025A", START, PilotEvaluationGroups.APPLICANTS_NOT_SELECTED, List.of(
                new Member("P1", "pilot", null), new Member("X", "pilot", "a pilot seat of cohort 2024A from 2024-03, inside this evaluation's months"),
                new Member("C1", "control", null)));
        PilotEvaluationEstimates.Result r = PilotEvaluationEstimates.evaluate(c, PilotEvaluationMetric.TRAINED,
                Map.of("P1", seat(1, 2), "X", seat(1, 2)), EVALUATION);
        assertEquals(1, r.estimate().nPilot());
        assertEquals(1, r.estimate().nExcludedPilot());
        assertEquals(0, r.estimate().nControl());
        assertEquals(1, r.estimate().nExcludedControl());
        assertEquals(PilotEvaluationEstimates.NO_PRE_DATA, find(r, "C1").excludedReason());
        assertTrue(find(r, "X").excludedReason().startsWith("a pilot seat of cohort 2024A"));
        assertFalse(r.estimate().statistics().judged());
        assertTrue(r.estimate().verdict().startsWith("Trained activists: too few seats to judge (1 pilot and 0 control seats;"));
    }

    /**
     * pilot_seats: 2025A selects P1, P2 (region R1) and P3 (R2) from 2025-01 (P3's row says 2025-03: the
     * cohort starts at the earliest); C1, C2 applied and were not selected; C5 applied to 2025A but was a
     * 2024A pilot seat from 2024-03 (inside 2024-01..2025-06): left out. 2026A starts after the
     * evaluation month: not evaluated. Seats that never applied: N1 (R1), N2 (R2), N3 (R3).
     */
    @Test
    void controls_are_the_unselected_applicants_and_secondary_the_same_region_non_applicants() {
        List<PilotSeat> rows = List.of(
                new PilotSeat("P1", "2025A", true, START, null),
                new PilotSeat("P2", "2025A", true, START, null),
                new PilotSeat("P3", "2025A", true, LocalDate.of(2025, 3, 1), null),
                new PilotSeat("C1", "2025A", false, null, null),
                new PilotSeat("C2", "2025A", false, null, null),
                new PilotSeat("C5", "2025A", false, null, null),
                new PilotSeat("C5", "2024A", true, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 12, 1)),
                new PilotSeat("N9", "2026A", true, LocalDate.of(2026, 3, 1), null));
        Map<String, String> regions = Map.of("P1", "R1", "P2", "R1", "P3", "R2", "C1", "R1", "C2", "R3",
                "C5", "R1", "N1", "R1", "N2", "R2", "N3", "R3", "N9", "R1");

        List<Comparison> cs = PilotEvaluationGroups.of(rows, regions, EVALUATION);

        assertEquals(List.of("2024A/applicants_not_selected", "2024A/same_region_non_applicants",
                "2025A/applicants_not_selected", "2025A/same_region_non_applicants"),
                cs.stream().map(c -> c.cohort() + "/" + c.comparison()).toList());
        Comparison primary = cs.get(2);
        assertEquals(START, primary.startMonth());
        assertEquals("P1 pilot null, P2 pilot null, P3 pilot null, C1 control null, C2 control null, "
                + "C5 control a pilot seat of cohort 2024A from 2024-03, inside this evaluation's months", describe(primary));
        assertEquals("P1 pilot null, P2 pilot null, P3 pilot null, N1 control null, N2 control null", describe(cs.get(3)));
    }

    static String describe(Comparison c) {
        return String.join(", ", c.seats().stream().map(m -> m.seatCode() + " " + m.group() + " " + m.excludedReason()).toList());
    }

    static PilotEvaluationEstimates.SeatChange find(PilotEvaluationEstimates.Result r, String seat) {
        return r.seats().stream().filter(s -> s.seatCode().equals(seat)).findFirst().orElseThrow();
    }

    /**
     * The row across cohorts, on the two-cohort example worked in evaluate/StaggeredCohortsTest (overall
     * 4.8125 from ATT(A) 3.875 and ATT(B) 5.75, 4 assignments): cohort all, comparison
     * not_yet_treated_applicants, 2 pilot and 2 other applicant seats; and no such row while only one
     * cohort has started (evaluated 2025-02, before B's start).
     */
    @Test
    void the_row_across_cohorts_when_two_have_started() {
        LocalDate a = LocalDate.of(2025, 1, 1);
        LocalDate b = LocalDate.of(2025, 3, 1);
        LocalDate evaluation = LocalDate.of(2025, 4, 1);
        Map<String, Map<LocalDate, Double>> series = Map.of(
                "A1", steps(1, a, 5, evaluation), "A2", steps(2, a, 2, evaluation),
                "B1", steps(3, b, 9, evaluation), "B2", steps(1, evaluation, 2, evaluation));
        List<PilotEvaluationGroups.PilotSeat> rows = List.of(
                new PilotEvaluationGroups.PilotSeat("A1", "A", true, a, null),
                new PilotEvaluationGroups.PilotSeat("A2", "A", false, null, null),
                new PilotEvaluationGroups.PilotSeat("B1", "B", true, b, null),
                new PilotEvaluationGroups.PilotSeat("B2", "B", false, null, null));
        org.apache.spark.sql.Row r = PilotEvaluation.acrossCohortsRow(rows, PilotEvaluationMetric.RECRUITED, series, evaluation, "run");
        assertEquals(PilotEvaluation.ALL_COHORTS, r.getString(0));
        assertEquals(PilotEvaluation.NOT_YET_TREATED, r.getString(3));
        assertEquals(2, r.getInt(5));
        assertEquals(2, r.getInt(6));
        assertEquals(4.8125, r.getDouble(11), 1e-12);
        assertEquals(0.25, r.getDouble(21), 1e-12);
        assertEquals(4L, r.getLong(22));
        assertEquals(PilotJudgement.Call.DESIGN_TOO_SMALL.value(), r.getString(32));
        assertTrue(r.getString(33).startsWith("Across cohorts A (1 pilot seat) and B (1 pilot seat), pilot seats recruited"
                + " 4.8 more activists per month than applicant seats not yet in the pilot at the time (p = "), r.getString(33));
        assertEquals(PilotEvaluation.ESTIMATE_SCHEMA.size(), r.size());
        assertNull(PilotEvaluation.acrossCohortsRow(rows, PilotEvaluationMetric.RECRUITED, series, LocalDate.of(2025, 2, 1), "run"));
    }

    static Map<LocalDate, Double> steps(double before, LocalDate change, double after, LocalDate last) {
        Map<LocalDate, Double> m = new HashMap<>();
        for (LocalDate d = LocalDate.of(2024, 1, 1); !d.isAfter(last); d = d.plusMonths(1)) {
            m.put(d, d.isBefore(change) ? before : after);
        }
        return m;
    }
}
