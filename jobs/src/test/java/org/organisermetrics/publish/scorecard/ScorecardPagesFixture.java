package org.organisermetrics.publish.scorecard;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.organisermetrics.publish.scorecard.Scorecard.ElectionSeat;
import org.organisermetrics.publish.scorecard.SeatStatus.Measure;

/**
 * Hand-made scorecards that between them reach every branch of the page (every section with data and without,
 * a region's page and the all-regions page, no small-count threshold and one of 5), rendered as the run writes them.
 */
final class ScorecardPagesFixture {
    private ScorecardPagesFixture() {}

    /** Each page by name. */
    static Map<String, String> pages() {
        Map<String, String> out = new LinkedHashMap<>();
        Scorecard base = ScorecardHtmlTest.scorecard(5, ScorecardHtmlTest.ELECTION);
        Scorecard full = new Scorecard(base.month(), base.region(), base.runId(), base.pilotSeats(), base.trends(),
                base.evaluation(), base.league(), base.election(), base.mutualAid(), base.smallCounts(), ScorecardEventsTest.EVENTS);
        Map<String, String> names = new LinkedHashMap<>();
        names.put("North", "north.html");
        names.put("South & <East>", "south-east.html");
        out.put("all-regions", ScorecardHtml.render(full, ScorecardHtml.Links.regionPages(names)));

        YearMonth month = base.month();
        var noTarget = SeatStatus.assess(new Measure[] {new Measure("recruited", 3, null), new Measure("trained", 1, null)},
                new Measure[] {new Measure("recruited", 1, null), new Measure("trained", 0, null)});
        List<Scorecard.PilotSeat> seats = List.of(base.pilotSeats().get(0), base.pilotSeats().get(1),
                new Scorecard.PilotSeat("E9", "Ilkley", "North", null, null, 1, null, 0, 0L, 3, 3, null, 1, 0L,
                        null, null, null, noTarget));
        Map<String, long[]> series = new LinkedHashMap<>(base.trends().recruited());
        series.put("E9", new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1});
        Scorecard.Trends trends = new Scorecard.Trends(base.trends().months(), series, series,
                base.trends().controlRecruited(), base.trends().controlTrained(), 4);
        Scorecard region = new Scorecard(month, Optional.of("North"), "run-2", seats, trends,
                new Scorecard.Evaluation(month, List.of(
                        new Scorecard.Estimate("2025A", "recruited", 4, 4, 1.5, -0.5, 2.5, "Could be chance."),
                        new Scorecard.Estimate("2025A", "trained", 4, 4, -1.0, -2.0, -0.25, "Pilot seats trained fewer."),
                        new Scorecard.Estimate("2025B", "conversations", 1, 2, null, null, null, "Too few seats."))),
                List.of(new Scorecard.LeagueRow("ORGR-2", month, "North", null, 1, 3, 3, null, null, 1, 0L, null)),
                new Scorecard.Election("BY-2025-07-10", LocalDate.of(2025, 7, 10), ScorecardHtmlTest.ELECTION),
                new Scorecard.MutualAid(2025, List.of(), List.of()), new SmallCounts(1), ScorecardEventsTest.EVENTS);
        out.put("region", ScorecardHtml.render(region, ScorecardHtml.Links.backTo(ScorecardPages.ALL_REGIONS)));

        Scorecard empty = new Scorecard(month, Optional.of("South"), "run-3", List.of(), base.trends(),
                new Scorecard.Evaluation(null, List.of()), List.of(), new Scorecard.Election(null, null, List.of()),
                new Scorecard.MutualAid(null, List.of(), List.of()), new SmallCounts(5), List.of());
        out.put("empty", ScorecardHtml.render(empty));
        return out;
    }
}
