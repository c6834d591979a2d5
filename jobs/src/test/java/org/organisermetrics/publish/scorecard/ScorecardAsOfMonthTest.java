package org.organisermetrics.publish.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.organisermetrics.publish.catalogue.HandwrittenWarehouse;

/**
 * The scorecard of a month reads only what was known at the end of that month, from a warehouse
 * one run filled for 2024-04 to 2024-07 (landing/handwritten): the printing aid 720 -> 657 of
 * £250.00 was given on 20 May 2024, V3 (home 720) worked 1 hour in 657 on 5 May.
 */
class ScorecardAsOfMonthTest {

    private static Scorecard at(String month) throws Exception {
        Path warehouse = HandwrittenWarehouse.path();
        return Scorecard.load(warehouse, YearMonth.parse(month), Optional.empty(), new SmallCounts(5));
    }

    @Test
    void aprilsPageShowsNoneOfMaysMutualAid() throws Exception {
        Scorecard april = at("2024-04");
        assertTrue(april.mutualAid().flows().isEmpty(), () -> "May's aid on April's page: " + april.mutualAid());
        Scorecard may = at("2024-05");
        assertEquals(1, may.mutualAid().flows().size(), () -> may.mutualAid().toString());
        Scorecard.AidFlow flow = may.mutualAid().flows().get(0);
        assertEquals("E14000720", flow.giverSeat());
        assertEquals(1.0, flow.hours(), 1e-9);
        assertEquals(250.0, flow.valueGbp(), 1e-9);
        // July's page: the year to date still holds May's help
        assertEquals(250.0, at("2024-07").mutualAid().flows().get(0).valueGbp(), 1e-9);
    }

    @Test
    void eachMonthsPageHasTheEvaluationAndLeagueOfThatMonth() throws Exception {
        // one run over April to July evaluates the pilot (cohort 2024A, from January) at each of its months
        for (String month : new String[] {"2024-04", "2024-05", "2024-06", "2024-07"}) {
            Scorecard s = at(month);
            assertEquals(YearMonth.parse(month), s.evaluation().evaluationMonth(), month);
            assertTrue(!s.league().isEmpty(), month + ": the organiser league of the month");
        }
    }
}
