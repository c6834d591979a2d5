package org.organisermetrics.publish.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.organisermetrics.publish.scorecard.Scorecard.ElectionSeat;

/**
 * The scorecard's templates: for the hand-made scorecards of {@link ScorecardPagesFixture} the page says what the
 * page built by string concatenation said (its visible text and every element with its attributes, kept in
 * src/test/resources/scorecard-golden/ from that page), and a hostile value in any text field comes out as text.
 */
class ScorecardTemplateTest {
    private static final Path GOLDEN = Path.of(System.getProperty("organiser-metrics.repo-root", ".."),
            "jobs", "src", "test", "resources", "scorecard-golden");

    /** The page's visible text, whitespace collapsed. */
    static String text(String html) {
        Document page = Jsoup.parse(html);
        return page.title() + "\n" + page.body().text() + "\n";
    }

    /**
     * Every element in document order, one a line: its tag and its attributes in name order, and for the style
     * element its text with whitespace collapsed. An svg chart stands as one line with a digest of its markup.
     */
    static String elements(String html) {
        StringBuilder out = new StringBuilder();
        walk(Jsoup.parse(html), out);
        return out.toString();
    }

    private static void walk(Element e, StringBuilder out) {
        out.append(e.tagName());
        Map<String, String> attributes = new TreeMap<>();
        for (Attribute a : e.attributes()) {
            attributes.put(a.getKey(), a.getValue());
        }
        attributes.forEach((k, v) -> out.append(' ').append(k).append("=\"").append(v).append('"'));
        if (e.tagName().equals("style")) {
            out.append(' ').append(e.data().replaceAll("\\s+", " ").trim());
        }
        if (e.tagName().equals("svg")) {
            out.append(" digest=").append(sha256(e.outerHtml()));
            out.append('\n');
            return;
        }
        out.append('\n');
        for (Element child : e.children()) {
            walk(child, out);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void each_page_has_the_text_and_elements_of_the_page_before_templates() throws IOException {
        for (Map.Entry<String, String> page : ScorecardPagesFixture.pages().entrySet()) {
            String name = page.getKey();
            assertEquals(Files.readString(GOLDEN.resolve(name + ".txt")), text(page.getValue()), name + ": visible text");
            assertEquals(Files.readString(GOLDEN.resolve(name + ".elements.txt")), elements(page.getValue()),
                    name + ": elements and attributes");
        }
    }

    // ---------------------------------------------------------------- hostile values

    static final String HOSTILE = "\"'><img src=x onerror=alert(1)><script>alert(1)</script>&amp;<!--";

    /** A scorecard with {@code v} (plus a distinguishing suffix where a key must be unique) in every text field. */
    static Scorecard everyField(String v) {
        YearMonth month = YearMonth.of(2025, 12);
        var assessment = new SeatStatus.Assessment(SeatStatus.WATCH, v);
        List<Scorecard.PilotSeat> seats = List.of(new Scorecard.PilotSeat(v + "1", v, v, v, v, 4, 4L, 1, 1L, 10, 95, 100L,
                10, 10L, 0.4, 0.5, 0.25, assessment));
        List<YearMonth> months = new ArrayList<>();
        for (int i = 11; i >= 0; i--) {
            months.add(month.minusMonths(i));
        }
        long[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        double[] q = new double[12];
        java.util.Arrays.fill(q, 1.5);
        Scorecard.Quartiles quartiles = new Scorecard.Quartiles(q, q, q);
        return new Scorecard(month, Optional.of(v), v, seats,
                new Scorecard.Trends(months, Map.of(v + "1", values), Map.of(v + "1", values), quartiles, quartiles, 4),
                new Scorecard.Evaluation(month, List.of(
                        new Scorecard.Estimate(v, "recruited", 4, 4, 1.5, 0.5, 2.5, v),
                        new Scorecard.Estimate(v, v, 4, 4, 1.5, 0.5, 2.5, v))),
                List.of(new Scorecard.LeagueRow(v, month, v, 1L, 1, 10, 95, 100L, 0.95, 10, 10L, 1.0)),
                new Scorecard.Election(v, LocalDate.of(2025, 3, 6),
                        List.of(new ElectionSeat(v + "1", v, v, 40L, 30L, 0.75, 0.6, 0.6))),
                new Scorecard.MutualAid(2025, List.of(new Scorecard.AidFlow(v + "1", v, v + "2", v, 12.5, 3, 10)),
                        List.of(new Scorecard.AidPair(v + "1", v, v + "2", v, 150, 0))),
                new SmallCounts(1),
                List.of(new Scorecard.SeatEvents(v + "1", v, v, 4, 60, 40, 25, 10, 0.25)));
    }

    private static Map<String, String> links(String v) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put(v, v + ".html");
        return links;
    }

    /** Tag names in document order, outside the charts. */
    private static List<String> tags(Document page) {
        List<String> out = new ArrayList<>();
        for (Element e : page.getAllElements()) {
            if (e.closest("svg") == null) {
                out.add(e.tagName());
            }
        }
        return out;
    }

    @Test
    void a_hostile_value_in_every_text_field_is_shown_as_text_and_adds_no_element_or_attribute() {
        String html = ScorecardHtml.render(everyField(HOSTILE), ScorecardHtml.Links.regionPages(links(HOSTILE)));
        Document page = Jsoup.parse(html);
        Document plain = Jsoup.parse(ScorecardHtml.render(everyField("Ashby"), ScorecardHtml.Links.regionPages(links("Ashby"))));

        assertFalse(html.contains("<img"), "no img tag from a value");
        assertFalse(html.contains("<script"), "no script tag from a value");
        assertTrue(page.select("img, script").isEmpty());
        assertTrue(page.select("[onerror], [src]").isEmpty(), "no attribute from a value");
        assertEquals(tags(plain), tags(page), "the same elements as with a harmless value");
        // every kind of field shows the value as it is: as text...
        assertEquals("Pilot seats scorecard: December 2025, " + HOSTILE, page.title());
        assertEquals("Region: " + HOSTILE + " · figures to the end of December 2025 · run " + HOSTILE,
                page.selectFirst("header .meta").text());
        assertEquals(HOSTILE, page.selectFirst("nav.region-pages a").text());
        assertEquals(HOSTILE, page.selectFirst("ul.why li strong").text());
        assertEquals("(" + HOSTILE + ")", page.selectFirst("ul.why li .region").text());
        assertEquals(HOSTILE, page.selectFirst("ul.why li .reason").text());
        assertEquals("Volunteers recruited, cohort " + HOSTILE + ": " + HOSTILE, page.selectFirst(".verdict p").text());
        assertEquals(HOSTILE, page.selectFirst("section.region h3").text());
        assertEquals(HOSTILE, page.selectFirst("table.seats .seat-name").text());
        assertEquals(HOSTILE + "1 · organiser " + HOSTILE + " · cohort " + HOSTILE,
                page.selectFirst("table.seats .seat-facts").text());
        assertEquals(List.of("Volunteers recruited", HOSTILE), page.select("table.evaluation tr[data-metric=recruited] th, "
                + "table.evaluation tr[data-metric=recruited] td:eq(1)").eachText());
        assertEquals(HOSTILE, page.select("table.evaluation tbody th").get(1).text(), "an unknown measure's name");
        assertEquals(List.of(HOSTILE, HOSTILE), page.select("table.league tbody th, table.league tbody td:eq(2)").eachText());
        assertTrue(page.selectFirst("#election .note").text().startsWith(HOSTILE + ", polling day 6 March 2025."));
        assertEquals(List.of(HOSTILE, HOSTILE), page.select("table.election tbody th, table.election tbody td:eq(1)").eachText());
        assertEquals(List.of(HOSTILE, HOSTILE), page.select("table.events tbody th, table.events tbody td:eq(1)").eachText());
        assertEquals(List.of(HOSTILE, HOSTILE), page.select("table.aid-flows tbody td:lt(2)").eachText());
        assertEquals(List.of(HOSTILE, HOSTILE), page.select("table.one-way tbody td:lt(2)").eachText());
        // ...and as attribute values
        assertEquals(HOSTILE + ".html", page.selectFirst("nav.region-pages a").attr("href"));
        for (String attribute : List.of("data-seat", "data-region", "data-cohort", "data-organiser", "data-election",
                "data-giver", "data-receiver")) {
            List<String> values = page.select("[" + attribute + "]").eachAttr(attribute);
            assertFalse(values.isEmpty(), attribute);
            for (String value : values) {
                assertTrue(value.startsWith(HOSTILE), attribute + ": " + value);
            }
        }
        assertEquals(HOSTILE, page.selectFirst("table.evaluation [data-field=chance]").attr("title"));
        // the charts escape names too: the legend and the aid chart's labels hold the value as text
        for (Element svg : page.select("svg")) {
            assertTrue(svg.select("img, script, foreignObject").isEmpty(), svg.id());
        }
        assertTrue(page.selectFirst("figure[data-chart=aid] svg").text().contains(HOSTILE + " → " + HOSTILE));
    }

    // ---------------------------------------------------------------- the one raw construct

    /** What makes a value jte writes without escaping: a Content (or HtmlContent), or a raw write. */
    private static final java.util.regex.Pattern CONTENT =
            java.util.regex.Pattern.compile("\\bgg\\.jte\\.(html\\.Html)?Content\\b|\\bwriteUnsafeContent\\b");

    @Test
    void a_chart_is_the_only_markup_a_template_inserts_as_it_is() throws IOException {
        Path root = Path.of(System.getProperty("organiser-metrics.repo-root", ".."), "jobs", "src", "main");
        List<Path> templates;
        try (Stream<Path> files = Files.walk(root.resolve("jte"))) {
            templates = files.filter(f -> f.toString().endsWith(".jte")).toList();
        }
        assertFalse(templates.isEmpty());
        for (Path t : templates) {
            String source = Files.readString(t);
            assertFalse(source.contains("$unsafe"), t + " inserts a value unescaped");
            // @raw...@endraw holds the style sheet only: text the template writes as it is, with no value in it
            int raw = source.indexOf("@raw");
            if (raw >= 0) {
                assertTrue(t.endsWith("page.jte") && source.indexOf("@raw", raw + 1) < 0, t + ": @raw outside the style sheet");
                assertFalse(source.substring(raw, source.indexOf("@endraw")).contains("${"), t.toString());
            }
        }
        // Content is what jte writes without escaping: only Svg (made in this package, by Charts) is one
        List<String> contents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("java"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                if (CONTENT.matcher(source).find()) {
                    contents.add(f.getFileName().toString());
                }
            }
        }
        assertEquals(List.of("Svg.java"), contents);
    }

    @Test
    void a_chart_id_that_could_break_out_of_its_attributes_is_refused() {
        Scorecard.Estimate e = new Scorecard.Estimate("2025A", "recruited", 4, 4, 1.5, 0.5, 2.5, "v");
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Charts.difference("event-study-\"><script>", "Event study", "difference", List.of(e)));
        assertTrue(refused.getMessage().contains("letters, digits and hyphens"), refused.getMessage());
    }

    @Test
    void a_verdict_shows_its_cohorts_event_study_chart_beside_it() {
        Scorecard.Estimate e = new Scorecard.Estimate("2025A", "recruited", 4, 4, 1.5, 0.5, 2.5, "Pilot seats recruited more.");
        Charts.Chart chart = Charts.difference("event-study-2025A", "Event study", "difference", List.of(e));
        ScorecardHtml.Verdict verdict = new ScorecardHtml.Verdict(e,
                Optional.of(new ScorecardHtml.Figure(chart, "Recruited, months since the cohort began.")));
        Document withChart = Jsoup.parse(ScorecardHtml.template("verdict.jte", verdict));
        Element p = withChart.selectFirst("p[data-cohort=2025A][data-metric=recruited]");
        assertNotNull(p);
        assertEquals("Volunteers recruited, cohort 2025A: Pilot seats recruited more.", p.text());
        Element figure = withChart.selectFirst("figure.chart[data-chart=event-study-2025A]");
        assertNotNull(figure, "the chart beside the verdict");
        assertNotNull(figure.selectFirst("svg[role=img]"), "inserted as svg, not as text");
        assertEquals("Recruited, months since the cohort began.", figure.selectFirst("figcaption").text());

        Document without = Jsoup.parse(ScorecardHtml.template("verdict.jte", new ScorecardHtml.Verdict(e, Optional.empty())));
        assertNotNull(without.selectFirst("p[data-cohort=2025A]"));
        assertTrue(without.select("figure").isEmpty());
    }

    @Test
    void the_page_shows_each_cohorts_event_study_beside_its_verdict_with_the_year_before() {
        Scorecard base = ScorecardHtmlTest.scorecard(5, ScorecardHtmlTest.ELECTION);
        List<Scorecard.EventStudyPoint> points = new java.util.ArrayList<>();
        for (int m = -12; m <= 3; m++) {
            points.add(new Scorecard.EventStudyPoint("2025A", "recruited", m, m < 0 ? 0.0 : 2.0, 4, 4));
        }
        Scorecard.Evaluation evaluation = new Scorecard.Evaluation(base.month(), List.of(
                new Scorecard.Estimate("2025A", "recruited", 4, 4, 2.0, 0.5, 3.5, "Pilot seats recruited more."),
                new Scorecard.Estimate("2025A", "trained", 4, 4, 0.0, -1.0, 1.0, "Could be chance.")), points);
        Scorecard withStudy = new Scorecard(base.month(), base.region(), base.runId(), base.pilotSeats(), base.trends(),
                evaluation, base.league(), base.election(), base.mutualAid(), base.smallCounts(), base.events());
        Document page = Jsoup.parse(ScorecardHtml.render(withStudy));
        Element recruited = page.selectFirst("p[data-cohort=2025A][data-metric=recruited]");
        assertNotNull(recruited);
        Element figure = page.selectFirst("figure.chart[data-chart=event-study-1]");
        assertNotNull(figure, "the recruited verdict's event study");
        assertEquals(recruited.parent(), figure.parent(), "beside its verdict");
        // 16 points: 12 months before the start and 4 since, the year before visible
        assertNotNull(figure.selectFirst("svg[role=img]"), "inserted as svg");
        String text = figure.text() + " " + figure.select("svg").outerHtml();
        assertTrue(text.contains("\u221212: 0") || text.contains("-12: 0"), "the first month of the year before is described: " + text);
        assertTrue(page.select("figure.chart[data-chart=event-study-2]").isEmpty(), "no points for trained: no chart");
    }
}
