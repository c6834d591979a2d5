package org.organisermetrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.organisermetrics.publish.catalogue.HandwrittenWarehouse;
import org.organisermetrics.testing.Fixtures;

/** The bench's notebook step runs every notebook, every statement, through the sql verb's runner. */
class NotebookTimingsTest {
    @Test
    void everyNotebookIsRunEveryTimeWithItsRowsCounted() throws Exception {
        List<NotebookTimings.Timing> timings = NotebookTimings.measure(Fixtures.repoRoot().resolve("notebooks-sql"),
                HandwrittenWarehouse.path(), 3);
        assertEquals(List.of("01-pilot-scorecard.sql", "02-organiser-league.sql", "03-promise-turnout.sql",
                "04-year-round-contact.sql", "05-ward-one-big-issue.sql", "06-mutual-aid.sql", "07-helpers-not-members.sql",
                "08-data-quality-last-run.sql"), timings.stream().map(NotebookTimings.Timing::notebook).toList());
        for (NotebookTimings.Timing t : timings) {
            assertTrue(t.statements() >= 1, t.toString());
            assertTrue(t.firstMillis() >= 0 && t.medianMillis() <= t.maxMillis(), t.toString());
        }
        // the handwritten warehouse has pilot seats and a run: the scorecard and data-quality notebooks return rows
        assertTrue(timings.get(0).rows() > 0, timings.get(0).toString());
        assertTrue(timings.get(7).rows() > 0, timings.get(7).toString());
    }
}
