package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The plain-English sentence a regional organiser reads beside each estimate. */
class PilotEvaluationVerdictTest {
    static final int MIN = PilotEvaluationEstimates.MIN_SEATS_PER_GROUP;
    /** Evaluated 12 months after a start (event months 0..11): lever 11/2 + 6.5 = 12. */
    static final double LEVER = 12;

    /** The judgement of the changes with a given pre-trend test (null: none), as PilotJudgement.of makes it. */
    static PilotJudgement judgement(double[] pilot, double[] control, RandomisationInference.Result pre) {
        RandomisationInference.Result r = RandomisationInference.test(pilot, control);
        boolean flag = pre != null && pre.p() <= PilotJudgement.PRE_TREND_FLAG_P;
        double breakdown = EventStudy.breakdownTrend(r.ciLow(), r.ciHigh(), LEVER);
        return new PilotJudgement(r, pre, flag, breakdown, null, PilotJudgement.call(r, pre, flag, breakdown));
    }

    static String sentence(PilotEvaluationMetric metric, String comparison, double[] pilot, double[] control,
                           RandomisationInference.Result pre, int excludedPilot, int excludedControl) {
        GroupComparison c = GroupComparison.of(pilot, control, MIN);
        return PilotEvaluationVerdict.sentence(metric, comparison, c,
                c.judged() ? judgement(pilot, control, pre) : null, excludedPilot, excludedControl);
    }

    @Test
    void under_three_seats_in_a_group_it_says_too_few_seats_to_judge_and_gives_no_number() {
        String s = sentence(PilotEvaluationMetric.RECRUITED, PilotEvaluationGroups.APPLICANTS_NOT_SELECTED,
                new double[] {5, 6}, new double[] {1}, null, 0, 0);
        assertEquals("Recruited activists: too few seats to judge (2 pilot and 1 control seats; at least 3 of each are needed).", s);
    }

    /**
     * pilot changes 3, 5, 7, 9 and control 1, 2, 3: did 4.0, and Welch's interval 0.1 to 7.9 excludes 0.
     * Randomisation: the seven values sum to 30, a foursome with sum S gives S/4 - (30 - S)/3 =
     * (7S - 120)/12, and |that| >= 4 when S >= 24 or S <= 10: {9,7,5,3} twice (there are two 3s) and
     * {1,2,3,3} (9): p = 3/35 = 0.086. So the primary figure says it could be chance, where Welch alone
     * would have called it.
     */
    @Test
    void the_randomisation_p_value_is_primary_and_can_overrule_welch() {
        String s = sentence(PilotEvaluationMetric.RECRUITED, PilotEvaluationGroups.APPLICANTS_NOT_SELECTED,
                new double[] {3, 5, 7, 9}, new double[] {1, 2, 3}, null, 0, 0);
        assertTrue(s.startsWith("Pilot seats recruited 4.0 more activists per month than applicant seats that were not selected"
                + " (95% CI "), s);
        assertTrue(s.contains(", p = 0.086, from every way the same number of seats could have been selected; 4 pilot and 3"
                + " control seats), comparing each seat's monthly average since the pilot began with its own 12 months before."), s);
        assertTrue(s.endsWith(" The interval includes 0, so the difference could be chance."), s);
    }

    /**
     * 4 against 4, pilot 10..13 and control 1..4: did 9.0; only the observed split and its mirror reach
     * |9|, so p = 2/70 = 0.029. With no pre-trend test the trends the year before cannot be ruled out.
     */
    @Test
    void a_significant_difference_without_a_pre_trend_test_cannot_rule_out_trends() {
        String s = sentence(PilotEvaluationMetric.RECRUITED, PilotEvaluationGroups.APPLICANTS_NOT_SELECTED,
                new double[] {10, 11, 12, 13}, new double[] {1, 2, 3, 4}, null, 0, 0);
        assertTrue(s.contains("p = 0.029"), s);
        assertTrue(s.contains("The difference is unlikely to be chance alone, but pilot seats pulling ahead of the controls by"), s);
        assertTrue(s.endsWith("would explain it, and the 12 months before cannot rule out a trend difference that large."), s);
    }

    /**
     * The same changes with flat, alike pre-period slopes (pilot 0.01, -0.01, 0.02, 0; control 0, 0.01,
     * -0.02, 0.01): the year before rules out trend differences of more than a few hundredths, far
     * below what would explain a difference of 9 (the interval's lower end over 12), so it is a difference.
     */
    @Test
    void a_significant_difference_that_the_year_before_rules_trends_out_for() {
        RandomisationInference.Result pre = RandomisationInference.test(new double[] {0.01, -0.01, 0.02, 0},
                new double[] {0, 0.01, -0.02, 0.01});
        PilotJudgement j = judgement(new double[] {10, 11, 12, 13}, new double[] {1, 2, 3, 4}, pre);
        assertEquals(PilotJudgement.Call.DIFFERENCE, j.call());
        String s = sentence(PilotEvaluationMetric.RECRUITED, PilotEvaluationGroups.APPLICANTS_NOT_SELECTED,
                new double[] {10, 11, 12, 13}, new double[] {1, 2, 3, 4}, pre, 0, 0);
        assertTrue(s.contains("The difference is unlikely to be chance alone; it would take pilot seats pulling ahead by "), s);
        assertTrue(s.contains("more than the 12 months before allow (up to 0.0"), s);
    }

    /**
     * Pre-period slopes pilot 0.3, 0.35, 0.4, 0.45 (mean 0.375) against 0, 0.05, -0.05, 0.02 (mean
     * 0.005): a difference of +0.37 a month per month, and only that split and its mirror are as
     * extreme, p = 2/70 = 0.029 <= 0.10: flagged, and the sentence refuses to credit the pilot even
     * though the difference itself is significant.
     */
    @Test
    void pre_trends_that_differ_stop_the_verdict_calling_it() {
        RandomisationInference.Result pre = RandomisationInference.test(new double[] {0.3, 0.35, 0.4, 0.45},
                new double[] {0, 0.05, -0.05, 0.02});
        String s = sentence(PilotEvaluationMetric.RECRUITED, PilotEvaluationGroups.APPLICANTS_NOT_SELECTED,
                new double[] {10, 11, 12, 13}, new double[] {1, 2, 3, 4}, pre, 0, 0);
        assertTrue(s.endsWith(" But in the 12 months before the pilot the pilot seats' trend already differed from the"
                + " controls' (+0.37 activists a month per month, p = 0.029), so this comparison cannot show what the pilot did."), s);
    }

    /**
     * 3 against 3 (pilot 4, 6, 8; control 1, 2, 3): p = 2/20 = 0.1, the smallest the design allows,
     * so it says no result could be significant, and gives Welch's interval labelled for what it leans on.
     */
    @Test
    void a_design_that_cannot_reach_five_percent_says_so() {
        String s = sentence(PilotEvaluationMetric.CONVERSATIONS, PilotEvaluationGroups.SAME_REGION_NON_APPLICANTS,
                new double[] {4, 6, 8}, new double[] {1, 2, 3}, null, 0, 0);
        assertTrue(s.startsWith("Pilot seats held 4.0 more conversations per month than seats in the same regions"
                + " that did not apply (Welch's 95% CI "), s);
        assertTrue(s.contains("which leans on normality nothing can check with so few seats; 3 pilot and 3 control seats)"), s);
        assertTrue(s.endsWith(" With 3 pilot and 3 control seats no result could be significant at 5%: the smallest p-value"
                + " this design allows is 0.1, so it cannot show whether the pilot made a difference."), s);
    }

    /** The same changes the other way round read "fewer", in the metric's words; left-out seats are counted. */
    @Test
    void a_negative_difference_reads_fewer_and_left_out_seats_are_counted() {
        String s = sentence(PilotEvaluationMetric.ACTIVE, PilotEvaluationGroups.APPLICANTS_NOT_SELECTED,
                new double[] {1, 2, 3, 4}, new double[] {10, 11, 12, 13}, null, 1, 2);
        assertTrue(s.startsWith("Pilot seats had 9.0 fewer active volunteers per month than applicant seats that were not selected (95% CI -"), s);
        assertTrue(s.endsWith("1 pilot and 2 control seats were left out (no data before the pilot, or another cohort's pilot seat)."), s);
    }

    @Test
    void a_difference_that_rounds_to_zero_reads_about_the_same_and_promises_use_their_own_words() {
        String s = sentence(PilotEvaluationMetric.PROMISES_IDENTIFIED, PilotEvaluationGroups.APPLICANTS_NOT_SELECTED,
                new double[] {1, 2, 3.02}, new double[] {1, 2, 3}, null, 0, 0);
        assertTrue(s.startsWith("Pilot seats identified about the same number of promises per month as applicant seats"), s);
    }

    /** Every seat changed by the same amount: nothing to re-draw, no interval. */
    @Test
    void seats_that_all_changed_alike_get_no_interval_and_say_why() {
        String s = sentence(PilotEvaluationMetric.TRAINED, PilotEvaluationGroups.APPLICANTS_NOT_SELECTED,
                new double[] {2, 2, 2}, new double[] {2, 2, 2}, null, 0, 0);
        assertTrue(s.startsWith("Pilot seats trained about the same number of activists per month as applicant seats that were not selected (3 pilot and 3 control seats)"), s);
        assertTrue(s.contains("no spread to judge chance by"), s);
    }
}
