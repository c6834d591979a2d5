package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.organisermetrics.evaluate.GroupComparison;

/** The plain-English sentence a regional organiser reads beside each estimate. */
class PilotEvaluationVerdictTest {
    static final int MIN = PilotEvaluationEstimates.MIN_SEATS_PER_GROUP;

    @Test
    void under_three_seats_in_a_group_it_says_too_few_seats_to_judge_and_gives_no_number() {
        GroupComparison c = GroupComparison.of(new double[] {5, 6}, new double[] {1}, MIN);
        String s = PilotEvaluationVerdict.sentence(PilotEvaluationMetric.RECRUITED,
                PilotEvaluationGroups.APPLICANTS_NOT_SELECTED, c, 0, 0);
        assertEquals("Recruited activists: too few seats to judge (2 pilot and 1 control seats; at least 3 of each are needed).", s);
    }

    /**
     * pilot changes 3, 5, 7, 9 and control changes 1, 2, 3: did 4.0, 95% CI 0.1020 to 7.8980 (WelchTest),
     * so the sentence says 4.0 more with the interval 0.1 to 7.9 and that it is unlikely to be chance.
     */
    @Test
    void a_positive_difference_reads_more_with_its_interval_and_seat_counts() {
        GroupComparison c = GroupComparison.of(new double[] {3, 5, 7, 9}, new double[] {1, 2, 3}, MIN);
        String s = PilotEvaluationVerdict.sentence(PilotEvaluationMetric.RECRUITED,
                PilotEvaluationGroups.APPLICANTS_NOT_SELECTED, c, 0, 0);
        assertEquals("Pilot seats recruited 4.0 more activists per month than applicant seats that were not selected"
                + " (95% CI 0.1 to 7.9; 4 pilot and 3 control seats), comparing each seat's monthly average since the"
                + " pilot began with its own 12 months before. The interval does not include 0, so the difference is"
                + " unlikely to be chance alone.", s);
    }

    /** The same samples the other way round: did -4.0, interval -7.9 to -0.1, in the metric's words. */
    @Test
    void a_negative_difference_reads_fewer() {
        GroupComparison c = GroupComparison.of(new double[] {1, 2, 3}, new double[] {3, 5, 7, 9}, MIN);
        String s = PilotEvaluationVerdict.sentence(PilotEvaluationMetric.CONVERSATIONS,
                PilotEvaluationGroups.SAME_REGION_NON_APPLICANTS, c, 0, 0);
        assertTrue(s.startsWith("Pilot seats held 4.0 fewer conversations per month than seats in the same regions"
                + " that did not apply (95% CI -7.9 to -0.1; 3 pilot and 4 control seats)"), s);
    }

    /**
     * pilot 2, 3, 4 (mean 3, s² = 1) against control 0, 2, 4 (mean 2, s² = 4): did 1.0,
     * se = sqrt(1/3 + 4/3) = 1.29, so a 95% interval (t above 2) spans 0, which the sentence says.
     */
    @Test
    void an_interval_that_includes_zero_says_the_difference_could_be_chance() {
        GroupComparison c = GroupComparison.of(new double[] {2, 3, 4}, new double[] {0, 2, 4}, MIN);
        String s = PilotEvaluationVerdict.sentence(PilotEvaluationMetric.ACTIVE,
                PilotEvaluationGroups.APPLICANTS_NOT_SELECTED, c, 1, 2);
        assertTrue(s.startsWith("Pilot seats had 1.0 more active volunteers per month than applicant seats that were not selected (95% CI -"), s);
        assertTrue(s.contains("The interval includes 0, so the difference could be chance."), s);
        assertTrue(s.endsWith("1 pilot and 2 control seats were left out (no data before the pilot, or another cohort's pilot seat)."), s);
    }

    @Test
    void a_difference_that_rounds_to_zero_reads_about_the_same_and_promises_use_their_own_words() {
        GroupComparison c = GroupComparison.of(new double[] {1, 2, 3.02}, new double[] {1, 2, 3}, MIN);
        String s = PilotEvaluationVerdict.sentence(PilotEvaluationMetric.PROMISES_IDENTIFIED,
                PilotEvaluationGroups.APPLICANTS_NOT_SELECTED, c, 0, 0);
        assertTrue(s.startsWith("Pilot seats identified about the same number of promises per month as applicant seats"), s);
    }

    @Test
    void groups_without_spread_get_no_interval_and_say_why() {
        GroupComparison c = GroupComparison.of(new double[] {2, 2, 2}, new double[] {0, 0, 0}, MIN);
        String s = PilotEvaluationVerdict.sentence(PilotEvaluationMetric.TRAINED,
                PilotEvaluationGroups.APPLICANTS_NOT_SELECTED, c, 0, 0);
        assertTrue(s.startsWith("Pilot seats trained 2.0 more activists per month than applicant seats that were not selected (3 pilot and 3 control seats)"), s);
        assertTrue(s.contains("no spread to judge chance by"), s);
    }
}
