package org.organisermetrics.publish.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.organisermetrics.publish.scorecard.Scorecard.ElectionSeat;
import org.organisermetrics.publish.scorecard.SeatStatus.Measure;

/**
 * The page from a hand-made scorecard (no Spark, no warehouse): small promise counts, and every figure they could be
 * worked back from, show as "hidden",
 * names are escaped, and the statuses and numbers land in the cells the tests and readers rely on.
 */
class ScorecardHtmlTest {

    static Scorecard.PilotSeat seat(String code, String name, String region, long recruitedToDate, long targetToDate) {
        var assessment = SeatStatus.assess(
                new Measure[] {new Measure("recruited", recruitedToDate, targetToDate), new Measure("trained", 10, 10L)},
                new Measure[] {new Measure("recruited", 4, 4L), new Measure("trained", 1, 1L)});
        return new Scorecard.PilotSeat(code, name, region, "2025A", "ORGR-1", 4, 4L, 1, 1L, 10, recruitedToDate, targetToDate,
                10, 10L, 0.4, 0.5, 0.25, assessment);
    }

    static Scorecard scorecard(int threshold, List<ElectionSeat> electionSeats) {
        YearMonth month = YearMonth.of(2025, 12);
        List<Scorecard.PilotSeat> seats = List.of(
                seat("E1", "Ashby <b>& Co</b>", "North", 95, 100),   // 95%: on track
                seat("E2", "Bolton", "North", 50, 100));              // 50%: off track
        List<YearMonth> months = new ArrayList<>();
        for (int i = 11; i >= 0; i--) {
            months.add(month.minusMonths(i));
        }
        Map<String, long[]> series = new LinkedHashMap<>();
        long[] values = new long[12];
        Arrays.fill(values, 2);
        series.put("E1", values);
        series.put("E2", values);
        double[] q = new double[12];
        Arrays.fill(q, 1.5);
        Scorecard.Quartiles quartiles = new Scorecard.Quartiles(q, q, q);
        return new Scorecard(month, Optional.empty(), "run-1", seats,
                new Scorecard.Trends(months, series, series, quartiles, quartiles, 4),
                new Scorecard.Evaluation(month, List.of(new Scorecard.Estimate("2025A", "recruited", 4, 4, 1.5, 0.5, 2.5,
                        "Pilot seats recruited 1.5 more activists per month <than> controls."))),
                List.of(new Scorecard.LeagueRow("ORGR-1", month, "North", 1L, 2, 20, 145, 200L, 0.725, 20, 20L, 1.0)),
                new Scorecard.Election("GE-2025-03-06", LocalDate.of(2025, 3, 6), electionSeats),
                new Scorecard.MutualAid(2025, List.of(new Scorecard.AidFlow("E1", "Ashby", "E2", "Bolton", 1234.5, 7, 99.6)),
                        List.of(new Scorecard.AidPair("E1", "Ashby", "E2", "Bolton", 150, 0))),
                new SmallCounts(threshold));
    }

    static final List<ElectionSeat> ELECTION = List.of(
            new ElectionSeat("E1", "Ashby", "North", 4L, 3L, 0.75, 0.6, 0.6),         // 4 promises, 3 voted, 1 did not: all hidden
            new ElectionSeat("E2", "Bolton", "North", 1_200L, 1_000L, 1_000 / 1_200.0, 0.6, 0.6),
            new ElectionSeat("E3", "Crewe", "North", 40L, 38L, 0.95, 0.6, 0.6),        // 2 did not vote
            new ElectionSeat("E4", "Dent", "North", 53L, 49L, 49 / 53.0, 0.6, 0.6),    // 4 did not vote (the pilot seat of issue 25)
            new ElectionSeat("E5", "Eyam", "South", 0L, 0L, null, 0.6, 0.6),           // no canvassing: none, not hidden
            new ElectionSeat("E6", "Frome", "South", 20L, 20L, 1.0, 0.6, 0.6),         // every promise voted: 0 did not
            new ElectionSeat("E7", "Goole", "South", null, null, null, 0.6, 0.6));     // nothing recorded

    private static String cell(Document page, String seat, String field) {
        Element cell = page.selectFirst("table.election tr[data-seat=" + seat + "] [data-field=" + field + "]");
        assertNotNull(cell, seat + " " + field);
        return cell.text();
    }

    private static List<String> row(Document page, String seat) {
        return page.select("table.election tr[data-seat=" + seat + "] td").eachText();
    }

    @Test
    void small_counts_and_every_figure_that_gives_them_back_are_hidden() {
        Document page = Jsoup.parse(ScorecardHtml.render(scorecard(5, ELECTION)));
        // region, promises, voted, promise turnout, register turnout, difference
        assertEquals(List.of("North", "hidden", "hidden", "hidden", "60%", "hidden"), row(page, "E1"));
        assertEquals(List.of("North", "1,200", "1,000", "83%", "60%", "+23 pts"), row(page, "E2"));   // 1,000 / 1,200 = 83.3%
        // 40 - 38 = 2 did not vote: the promises stay, the promises who voted, the turnout and the difference go
        assertEquals(List.of("North", "40", "hidden", "hidden", "60%", "hidden"), row(page, "E3"));
        // 53 - 49 = 4: not 53, 49 and "<5" beside them
        assertEquals(List.of("North", "53", "hidden", "hidden", "60%", "hidden"), row(page, "E4"));
        assertEquals(List.of("South", "0", "0", "–", "60%", "–"), row(page, "E5"));
        assertEquals(List.of("South", "20", "20", "100%", "60%", "+40 pts"), row(page, "E6"));
        assertEquals(List.of("South", "–", "–", "–", "60%", "–"), row(page, "E7"));
        assertEquals("no-data", page.selectFirst("tr[data-seat=E7] [data-field=promises]").className().replace("num ", ""));
        assertEquals(3, ElectionPageAudit.assertNothingHiddenCanBeWorkedOut(page, 5), "Ashby, Crewe, Dent");
        // neither the table nor the chart's text alternative gives a hidden turnout away
        // (the chart's axis ticks may read 75%: they are scale, not data)
        String text = page.selectFirst("table.election").text() + " " + page.selectFirst("svg#election desc").text();
        assertFalse(text.contains("75%"), "E1's 3 of 4");
        assertFalse(text.contains("95%"), "E3's 38 of 40");
        assertFalse(text.contains("92%"), "E4's 49 of 53");
        assertFalse(text.contains("<5"), "no mark that reads as a number");
        String desc = page.selectFirst("svg#election desc").text();
        assertTrue(desc.contains("Dent (hidden): promise turnout not shown"), desc);
        assertTrue(desc.contains("Eyam (no data): promise turnout not shown"), desc);
        // the rule and the marks are on the page
        assertTrue(page.selectFirst("#election dl.legend").text().contains("a count of 1 to 4 people"), page.selectFirst("#election dl.legend").text());
        assertTrue(page.selectFirst("#about").text().contains("every other figure of the seat from which a hidden one could be worked back"));
    }

    @Test
    void no_hidden_figure_can_be_worked_back_for_any_promises_up_to_16_and_nothing_is_hidden_without_a_small_count() {
        for (int threshold : new int[] {5, 10}) {
            List<ElectionSeat> seats = new ArrayList<>();
            for (long promises = 0; promises <= 16; promises++) {
                for (long voted = 0; voted <= promises; voted++) {
                    String code = "S" + promises + "-" + voted;
                    seats.add(new ElectionSeat(code, code, "North", promises, voted,
                            promises == 0 ? null : voted / (double) promises, 0.6, 0.6));
                }
            }
            for (int from = 0; from < seats.size(); from += 80) {
                List<ElectionSeat> part = seats.subList(from, Math.min(seats.size(), from + 80));
                Document page = Jsoup.parse(ScorecardHtml.render(scorecard(threshold, part)));
                int withHidden = ElectionPageAudit.assertNothingHiddenCanBeWorkedOut(page, threshold);
                // worked out by hand: a row hides something exactly when P, V or P - V is 1 to threshold - 1
                long expected = part.stream().filter(e -> small(e.promises(), threshold) || small(e.promisesVoted(), threshold)
                        || small(e.promises() - e.promisesVoted(), threshold)).count();
                assertEquals(expected, withHidden, "threshold " + threshold + ", seats from " + part.get(0).seatCode());
            }
        }
    }

    private static boolean small(long count, int threshold) {
        return count >= 1 && count < threshold;
    }

    @Test
    void the_threshold_setting_changes_what_is_hidden() {
        Document page = Jsoup.parse(ScorecardHtml.render(scorecard(50, ELECTION)));
        assertEquals("hidden", cell(page, "E3", "promises"));
        assertEquals("hidden", cell(page, "E3", "promises_voted"));
        assertEquals("1,200", cell(page, "E2", "promises"));
        ElectionPageAudit.assertNothingHiddenCanBeWorkedOut(page, 50);
    }

    @Test
    void a_seat_is_hidden_the_same_way_on_the_all_regions_page_and_its_regions_page() {
        Document all = Jsoup.parse(ScorecardHtml.render(scorecard(5, ELECTION)));
        Document south = Jsoup.parse(ScorecardHtml.render(scorecard(5,
                ELECTION.stream().filter(e -> e.region().equals("South")).toList())));
        Document crewe = Jsoup.parse(ScorecardHtml.render(scorecard(5, List.of(ELECTION.get(2)))));
        for (String seat : List.of("E5", "E6", "E7")) {
            assertEquals(row(all, seat), row(south, seat), seat);
        }
        assertEquals(row(all, "E3"), row(crewe, "E3"));
    }

    @Test
    void names_and_sentences_are_escaped_not_markup() {
        String html = ScorecardHtml.render(scorecard(5, ELECTION));
        assertFalse(html.contains("<b>& Co</b>"));
        assertFalse(html.contains("<than>"));
        Document page = Jsoup.parse(html);
        assertEquals("Ashby <b>& Co</b>", page.selectFirst("tr[data-seat=E1] .seat-name").text());
        assertTrue(page.select("b").isEmpty(), "no element came from a name");
        assertTrue(page.selectFirst("#headline .verdict").text().contains("per month <than> controls"));
    }

    @Test
    void statuses_and_numbers_sit_in_their_cells() {
        Document page = Jsoup.parse(ScorecardHtml.render(scorecard(5, ELECTION)));
        assertEquals("on-track", page.selectFirst("tr[data-seat=E1] [data-field=status]").attr("data-status"));
        assertEquals("off-track", page.selectFirst("tr[data-seat=E2] [data-field=status]").attr("data-status"));
        assertEquals("recruited 50 of 100 pilot to date (50%)", page.selectFirst("tr[data-seat=E2] .reason").text());
        assertEquals("1", page.selectFirst(".tile[data-status=on-track] .n").text());
        assertEquals("1", page.selectFirst(".tile[data-status=off-track] .n").text());
        assertEquals("0", page.selectFirst(".tile[data-status=watch] .n").text());
        assertEquals("95 of 100 95%", page.selectFirst("tr[data-seat=E1] [data-field=recruited_pilot_to_date]").text());
        assertEquals("1,234.5", page.selectFirst("table.aid-flows [data-field=hours]").text());
        assertEquals("145 of 200 72%", page.selectFirst("table.league tr[data-organiser=ORGR-1] [data-field=recruited]").text());
    }

    @Test
    void every_to_date_figure_names_its_window() {
        Document page = Jsoup.parse(ScorecardHtml.render(scorecard(5, ELECTION)));
        // organiser_league's window, not notebook 02's last 12 months
        assertEquals("Organiser league, pilot to date (to December 2025)", page.selectFirst("#league h2").text());
        assertEquals(List.of("Rank", "Organiser", "Region", "Seats pilot to date", "Seat-months pilot to date",
                "Recruited pilot to date", "Trained pilot to date"), page.select("table.league thead th").eachText());
        // the seat table's to-date columns are the pilot's, not seat_month.trained_to_date (the helper pool's, ever)
        List<String> heads = page.select("table.seats thead th").eachText();
        assertTrue(heads.contains("Recruited pilot to date") && heads.contains("Trained pilot to date"), heads.toString());
        assertTrue(heads.stream().noneMatch(h -> h.matches("(?i)(recruited|trained) to date")), heads.toString());
        assertNotNull(page.selectFirst("tr[data-seat=E1] [data-field=trained_pilot_to_date]"));
        assertEquals(null, page.selectFirst("[data-field=trained_to_date]"));
    }
}
