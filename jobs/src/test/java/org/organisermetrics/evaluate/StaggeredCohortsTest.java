package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaggeredCohortsTest {
    static final LocalDate A_START = LocalDate.of(2025, 1, 1);
    static final LocalDate B_START = LocalDate.of(2025, 3, 1);
    static final LocalDate EVALUATION = LocalDate.of(2025, 4, 1);

    /** A seat with {@code before} every month from 2024-01 until {@code change}, then {@code after}. */
    static Map<LocalDate, Double> seat(double before, LocalDate change, double after) {
        Map<LocalDate, Double> m = new HashMap<>();
        for (LocalDate d = LocalDate.of(2024, 1, 1); !d.isAfter(EVALUATION); d = d.plusMonths(1)) {
            m.put(d, d.isBefore(change) ? before : after);
        }
        return m;
    }

    /**
     * Cohort A starts 2025-01 (A1 selected, A2 not), cohort B 2025-03 (B1 selected, B2 not); evaluated 2025-04.
     * <pre>
     * A1: 1, then 5 from 2025-01      A2: 2 throughout
     * B1: 3, then 9 from 2025-03      B2: 1, then 2 in 2025-04
     * Cohort A, bases over 2024-01..2024-12: A1 1, A2 2, B1 3, B2 1.
     *   Jan, Feb: pilot A1 5-1 = 4; controls A2 0, B2 0 and B1 3-3 = 0 (not yet in the pilot): 4
     *   Mar:      B1 has joined, so it is no control any more: controls A2 0, B2 0: 4
     *   Apr:      controls A2 0, B2 2-1 = 1, mean 0.5: 3.5
     *   ATT(A) = (4 + 4 + 4 + 3.5)/4 = 3.875
     * Cohort B, bases over 2024-03..2025-02: B1 3, A2 2, B2 1 (A1 joined in January: never a control of B).
     *   Mar: B1 9-3 = 6; controls A2 0, B2 0: 6
     *   Apr: controls A2 0, B2 1, mean 0.5: 5.5
     *   ATT(B) = 5.75
     * Overall, weighted by pilot seats (1 and 1): (3.875 + 5.75)/2 = 4.8125.
     * Randomisation: A's pilot seat is one of 2, B's one of 2: 4 assignments, exact, smallest p 1/4.
     * </pre>
     */
    @Test
    void two_cohorts_each_against_the_applicants_not_yet_in_the_pilot() {
        Map<String, Map<LocalDate, Double>> series = Map.of(
                "A1", seat(1, A_START, 5), "A2", seat(2, A_START, 2),
                "B1", seat(3, B_START, 9), "B2", seat(1, EVALUATION, 2));
        List<StaggeredCohorts.Applicant> applicants = List.of(
                new StaggeredCohorts.Applicant("A1", "A", true), new StaggeredCohorts.Applicant("A2", "A", false),
                new StaggeredCohorts.Applicant("B1", "B", true), new StaggeredCohorts.Applicant("B2", "B", false));
        StaggeredCohorts.Result r = StaggeredCohorts.estimate(applicants, Map.of("A", A_START, "B", B_START), series, EVALUATION);

        assertEquals(3.875, r.cohortEffects().get("A"), 1e-12);
        assertEquals(5.75, r.cohortEffects().get("B"), 1e-12);
        assertEquals(Map.of("A", 1, "B", 1), r.weights());
        assertEquals(4.8125, r.overall().difference(), 1e-12);
        List<StaggeredCohorts.GroupTime> a = r.groupTime().stream().filter(g -> g.cohort().equals("A")).toList();
        assertEquals(List.of(3, 3, 2, 2), a.stream().map(StaggeredCohorts.GroupTime::nControl).toList(),
                "B1 is a control of A in January and February only");
        List<StaggeredCohorts.GroupTime> b = r.groupTime().stream().filter(g -> g.cohort().equals("B")).toList();
        assertEquals(List.of(6.0, 5.5), b.stream().map(StaggeredCohorts.GroupTime::effect).toList());
        assertEquals(List.of(2, 2), b.stream().map(StaggeredCohorts.GroupTime::nControl).toList(), "A1 never a control of B");
        assertTrue(r.overall().exact());
        assertEquals(4, r.overall().assignments());
        assertEquals(0.25, r.overall().smallestP(), 1e-12);
        assertTrue(r.overall().p() >= 0.25);
    }

    /**
     * A constant effect of 2 in every pilot seat-month on top of identical seats: the overall estimate is
     * exactly 2 and the interval, by test inversion, contains it. With 6 applicants per cohort, 3 selected,
     * C(6,3)² = 400 assignments.
     */
    @Test
    void a_constant_effect_is_recovered_and_covered() {
        Map<String, Map<LocalDate, Double>> series = new HashMap<>();
        List<StaggeredCohorts.Applicant> applicants = new java.util.ArrayList<>();
        for (String g : List.of("A", "B")) {
            LocalDate start = g.equals("A") ? A_START : B_START;
            for (int i = 0; i < 6; i++) {
                boolean pilot = i < 3;
                String code = g + i;
                Map<LocalDate, Double> m = new HashMap<>();
                for (LocalDate d = LocalDate.of(2024, 1, 1); !d.isAfter(EVALUATION); d = d.plusMonths(1)) {
                    double noise = ((i * 7 + d.getMonthValue() * 3) % 5) / 2.0; // a fixed wobble, seat by month
                    m.put(d, 4 + noise + (pilot && !d.isBefore(start) ? 2 : 0));
                }
                series.put(code, m);
                applicants.add(new StaggeredCohorts.Applicant(code, g, pilot));
            }
        }
        StaggeredCohorts.Result r = StaggeredCohorts.estimate(applicants, Map.of("A", A_START, "B", B_START), series, EVALUATION);
        assertEquals(400, r.overall().assignments());
        assertTrue(r.overall().ciLow() <= 2 && 2 <= r.overall().ciHigh(), r.overall().toString());
    }

    @Test
    void nothing_when_no_cohort_has_started() {
        assertNull(StaggeredCohorts.estimate(List.of(new StaggeredCohorts.Applicant("A1", "A", true)),
                Map.of("A", LocalDate.of(2026, 1, 1)), Map.of(), EVALUATION));
    }
}
