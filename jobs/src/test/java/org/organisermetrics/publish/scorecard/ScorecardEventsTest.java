package org.organisermetrics.publish.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.organisermetrics.publish.scorecard.Scorecard.SeatEvents;

/**
 * The scorecard's events and sign-ups table: per pilot seat, events, head count, sign-ups, attended,
 * no-shows and flake rate, "attendance not recorded (sign-ups only)" where no sign-up has an outcome,
 * and the small-count rule on the counts of people.
 */
class ScorecardEventsTest {
    static final List<SeatEvents> EVENTS = List.of(
            // 40 sign-ups: 25 attended, 10 no-shows, 5 cancelled; flake 10 / 35 = 28.6%
            new SeatEvents("E1", "Ashby", "North", 4, 60, 40, 25, 10, 10 / 35.0),
            // Action Network: 12 sign-ups, none with an outcome; no flake rate
            new SeatEvents("E2", "Bolton", "North", 2, 0, 12, 0, 0, null),
            // 3 sign-ups: 2 attended, 1 no-show; every count of people is 1 to 4
            new SeatEvents("E3", "Crewe", "North", 1, 3, 3, 2, 1, 1 / 3.0),
            // 30 sign-ups: 20 attended, 8 no-shows, so 2 cancelled (on no page, but 30 - 20 - 8 gives it)
            new SeatEvents("E4", "Dent", "North", 3, 35, 30, 20, 8, 8 / 28.0),
            // no event this month
            new SeatEvents("E5", "Eyam", "North", 0, 0, 0, 0, 0, null));

    private static Document page(int threshold) {
        Scorecard base = ScorecardHtmlTest.scorecard(threshold, ScorecardHtmlTest.ELECTION);
        Scorecard s = new Scorecard(base.month(), base.region(), base.runId(), base.pilotSeats(), base.trends(),
                base.evaluation(), base.league(), base.election(), base.mutualAid(), base.smallCounts(), EVENTS);
        return Jsoup.parse(ScorecardHtml.render(s));
    }

    private static List<String> row(Document page, String seat) {
        return page.select("table.events tr[data-seat=" + seat + "] td").eachText();
    }

    private static String cell(Document page, String seat, String field) {
        Element cell = page.selectFirst("table.events tr[data-seat=" + seat + "] [data-field=" + field + "]");
        assertNotNull(cell, seat + " " + field);
        return cell.text();
    }

    @Test
    void eachPilotSeatShowsItsEventsSignupsAttendanceAndFlakeRate() {
        Document page = page(5);
        // region, events, head count, sign-ups, attended, no-shows, flake rate (28.6% -> 29%)
        assertEquals(List.of("North", "4", "60", "40", "25", "10", "29%"), row(page, "E1"));
        assertEquals(List.of("North", "0", "0", "0", "0", "0", "–"), row(page, "E5"));
        assertNull(page.selectFirst("tr[data-seat=E1] [data-field=attendance_not_recorded]"));
    }

    @Test
    void aSeatWhoseSignupsHaveNoOutcomeSaysAttendanceWasNotRecorded() {
        Document page = page(5);
        assertEquals(List.of("North", "2", "0", "12", "0", "0", "–"), row(page, "E2"));
        assertEquals("attendance not recorded (sign-ups only)", cell(page, "E2", "attendance_not_recorded"));
        assertEquals("no-data", page.selectFirst("tr[data-seat=E2] [data-field=flake_rate]").className().replace("num ", ""));
        // a seat with no sign-up at all is not "sign-ups only"
        assertNull(page.selectFirst("tr[data-seat=E5] [data-field=attendance_not_recorded]"));
    }

    @Test
    void smallCountsOfPeopleAndWhateverGivesThemBackAreHidden() {
        Document page = page(5);
        // E3: head count 3, sign-ups 3, attended 2, no-show 1: all 1 to 4 people; the flake rate stands on them.
        assertEquals(List.of("North", "1", "hidden", "hidden", "hidden", "hidden", "hidden"), row(page, "E3"));
        // E4: 2 cancelled is on no page, but sign-ups - attended - no-shows = 30 - 20 - 8 would give it, and the
        // flake rate 8 / 28 gives attended + no-shows = 28 from either of them. So the sign-ups, or all but one of
        // attended, no-shows and flake rate, must be hidden.
        boolean signups = !cell(page, "E4", "signups").equals("hidden");
        int dueFigures = 0;
        for (String f : List.of("signups_attended", "signups_no_show", "flake_rate")) {
            dueFigures += cell(page, "E4", f).equals("hidden") ? 0 : 1;
        }
        assertFalse(signups && dueFigures >= 2, "the 2 cancelled can be worked out: " + row(page, "E4"));
        assertEquals("35", cell(page, "E4", "event_attendance"), "the head count stands alone");
        assertTrue(page.selectFirst("#events dl.legend").text().contains("a count of 1 to 4 people"));
    }

    @Test
    void withThresholdOneNothingIsHidden() {
        Document page = page(1);
        assertEquals(List.of("North", "1", "3", "3", "2", "1", "33%"), row(page, "E3"));
        assertEquals(List.of("North", "3", "35", "30", "20", "8", "29%"), row(page, "E4"));   // 8 / 28 = 28.6%
    }

    @Test
    void aPageWithNoEventsFiguresHasNoEventsSection() {
        Document page = Jsoup.parse(ScorecardHtml.render(ScorecardHtmlTest.scorecard(5, ScorecardHtmlTest.ELECTION)));
        assertNull(page.selectFirst("#events"));
    }
}
