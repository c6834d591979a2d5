package org.organisermetrics.publish.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scorecard's event-study chart (Charts.eventStudy) from pilot_event_study points. */
class EventStudyChartTest {

    @Test
    void the_chart_shows_the_pre_period_and_says_every_point_in_its_text_alternative() {
        List<Scorecard.EventStudyPoint> points = List.of(
                new Scorecard.EventStudyPoint("2025A", "recruited", 0, 2.0, 4, 4),
                new Scorecard.EventStudyPoint("2025A", "recruited", -2, -0.5, 4, 4),
                new Scorecard.EventStudyPoint("2025A", "recruited", -1, 0.5, 4, 4),
                new Scorecard.EventStudyPoint("2025A", "recruited", 1, null, 4, 0));
        Charts.Chart c = Charts.eventStudy("es-2025A-recruited", "Cohort 2025A: recruited, month by month", "recruits", points);
        assertTrue(c.svg().markup().startsWith("<svg"), c.svg().markup().substring(0, 40));
        assertTrue(c.svg().markup().contains("role=\"img\""));
        assertTrue(c.svg().markup().contains("Before the pilot") && c.svg().markup().contains("Since the pilot began"), "legend");
        // in event-month order, the month without a control value left out
        // (Formats.signed: a true minus sign, no trailing .0)
        assertTrue(c.description().endsWith("by months from the start: \u22122: \u22120.5; \u22121: +0.5; 0: +2."), c.description());
    }

    @Test
    void the_evaluation_hands_each_cohort_and_metric_its_points_in_order() {
        Scorecard.Evaluation e = new Scorecard.Evaluation(YearMonth.of(2025, 12), List.of(), List.of(
                new Scorecard.EventStudyPoint("2025A", "trained", 0, 1.0, 4, 4),
                new Scorecard.EventStudyPoint("2025A", "recruited", 1, 1.0, 4, 4),
                new Scorecard.EventStudyPoint("2025A", "recruited", -1, 0.0, 4, 4)));
        assertEquals(List.of(-1, 1), e.eventStudy("2025A", "recruited").stream().map(Scorecard.EventStudyPoint::eventMonth).toList());
        assertEquals(List.of(), new Scorecard.Evaluation(YearMonth.of(2025, 12), List.of()).eventStudy());
    }
}
