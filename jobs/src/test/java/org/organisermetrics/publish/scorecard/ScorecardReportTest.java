package org.organisermetrics.publish.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.organisermetrics.testing.Cli;

/**
 * The report verb on a generated warehouse: the month's page, parsed with jsoup, shows the pilot
 * seats, statuses and numbers that the published Parquet holds. Expected values are read here
 * straight from the Parquet files with a plain DuckDB connection (not the catalogue, not the report
 * code), and the status is worked out from them by the rule as docs/scorecard.md states it.
 */
class ScorecardReportTest {
    static Path warehouse;
    static Document page;
    static Connection duck;

    /** One pilot seat as the Parquet has it. */
    record Expected(String seatName, String region, long recruited, Long targetRecruits, long trained, Long targetTrained,
                    long recruitedToDate, long targetRecruitsToDate, long trainedToDate, long targetTrainedToDate,
                    Double activationRate, Double retention, Double conversationRate) {}

    @BeforeAll
    static void writeTheReport() throws IOException, SQLException {
        warehouse = GeneratedReportWarehouse.get();
        page = Jsoup.parse(Files.readString(GeneratedReportWarehouse.report(), StandardCharsets.UTF_8));
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    private String parquet(String table) {
        return "read_parquet('" + warehouse.resolve("metrics").resolve(table) + "/**/*.parquet', hive_partitioning = true)";
    }

    private Map<String, Expected> expectedPilotSeats() throws SQLException {
        String seatMonth = parquet("seat_month");
        String sql = """
                WITH sm AS (SELECT *, CAST(CAST(month AS VARCHAR) AS DATE) AS m FROM %s)
                SELECT seat_code, seat_name, region, recruited, target_recruits, trained, target_trained,
                       (SELECT sum(recruited) FROM sm AS d WHERE d.seat_code = sm.seat_code AND d.pilot AND d.m <= DATE '2025-12-01'),
                       (SELECT sum(target_recruits) FROM sm AS d WHERE d.seat_code = sm.seat_code AND d.pilot AND d.m <= DATE '2025-12-01'),
                       (SELECT sum(trained) FROM sm AS d WHERE d.seat_code = sm.seat_code AND d.pilot AND d.m <= DATE '2025-12-01'),
                       (SELECT sum(target_trained) FROM sm AS d WHERE d.seat_code = sm.seat_code AND d.pilot AND d.m <= DATE '2025-12-01'),
                       activation_rate, retention_3m, conversation_rate
                FROM sm WHERE pilot AND m = DATE '2025-12-01'
                """.formatted(seatMonth);
        Map<String, Expected> out = new HashMap<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), new Expected(rs.getString(2), rs.getString(3), rs.getLong(4),
                        (Long) nullable(rs, 5), rs.getLong(6), (Long) nullable(rs, 7),
                        rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                        (Double) nullableDouble(rs, 12), (Double) nullableDouble(rs, 13), (Double) nullableDouble(rs, 14)));
            }
        }
        return out;
    }

    private static Object nullable(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Object nullableDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    /** The status rule of docs/scorecard.md, written out again here: the weaker share to date decides. */
    static String expectedStatus(Expected e) {
        double r = (double) e.recruitedToDate() / e.targetRecruitsToDate();
        double t = (double) e.trainedToDate() / e.targetTrainedToDate();
        double weakest = Math.min(r, t);
        if (weakest < 0.70) {
            return "off-track";
        }
        if (weakest < 0.90) {
            return "watch";
        }
        double rm = (double) e.recruited() / e.targetRecruits();
        double tm = (double) e.trained() / e.targetTrained();
        return Math.min(rm, tm) < 0.50 ? "watch" : "on-track";
    }

    private static long number(Element cell, String css) {
        Element span = cell.selectFirst(css);
        assertNotNull(span, css + " in " + cell);
        try {
            return NumberFormat.getIntegerInstance(Locale.UK).parse(span.text()).longValue();
        } catch (java.text.ParseException e) {
            throw new AssertionError("not a number: " + span.text(), e);
        }
    }

    private static Element field(Element row, String field) {
        Element cell = row.selectFirst("[data-field=" + field + "]");
        assertNotNull(cell, field + " in " + row.attr("data-seat"));
        return cell;
    }

    private static String percent(Double share) {
        return share == null ? "–" : Math.round(share * 100) + "%";
    }

    @Test
    void the_tables_list_exactly_the_months_pilot_seats_under_their_regions() throws SQLException {
        Map<String, Expected> expected = expectedPilotSeats();
        assertEquals(4, expected.size(), "the generated cohort selects 4 seats");
        List<String> shown = new ArrayList<>();
        for (Element row : page.select("table.seats tbody tr")) {
            String seat = row.attr("data-seat");
            shown.add(seat);
            Expected e = expected.get(seat);
            assertNotNull(e, "a seat that is not a pilot seat in 2025-12: " + seat);
            assertEquals(e.region(), row.closest("table").attr("data-region"), seat);
            assertEquals(e.seatName(), row.selectFirst(".seat-name").text());
        }
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(shown));
        assertEquals(expected.size(), shown.size(), "each pilot seat once");
    }

    @Test
    void each_pilot_seat_shows_its_month_its_pilot_so_far_and_its_rates() throws SQLException {
        for (Map.Entry<String, Expected> entry : expectedPilotSeats().entrySet()) {
            Expected e = entry.getValue();
            Element row = page.selectFirst("table.seats tr[data-seat=" + entry.getKey() + "]");
            assertNotNull(row, entry.getKey());
            assertEquals(e.recruited(), number(field(row, "recruited"), ".n"), entry.getKey());
            assertEquals(e.targetRecruits(), number(field(row, "recruited"), ".target"), entry.getKey());
            assertEquals(e.trained(), number(field(row, "trained"), ".n"), entry.getKey());
            assertEquals(e.targetTrained(), number(field(row, "trained"), ".target"), entry.getKey());
            assertEquals(e.recruitedToDate(), number(field(row, "recruited_pilot_to_date"), ".n"), entry.getKey());
            assertEquals(e.targetRecruitsToDate(), number(field(row, "recruited_pilot_to_date"), ".target"), entry.getKey());
            assertEquals(e.trainedToDate(), number(field(row, "trained_pilot_to_date"), ".n"), entry.getKey());
            assertEquals(e.targetTrainedToDate(), number(field(row, "trained_pilot_to_date"), ".target"), entry.getKey());
            assertEquals(percent(e.activationRate()), field(row, "activation_rate").text(), entry.getKey());
            assertEquals(percent(e.retention()), field(row, "retention_3m").text(), entry.getKey());
            assertEquals(percent(e.conversationRate()), field(row, "conversation_rate").text(), entry.getKey());
        }
    }

    @Test
    void each_pilot_seat_has_the_status_the_rule_gives_and_the_headline_counts_them() throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        for (Map.Entry<String, Expected> entry : expectedPilotSeats().entrySet()) {
            String status = expectedStatus(entry.getValue());
            counts.merge(status, 1, Integer::sum);
            Element row = page.selectFirst("table.seats tr[data-seat=" + entry.getKey() + "]");
            assertEquals(status, field(row, "status").attr("data-status"), entry.getKey() + " " + entry.getValue());
            Element why = page.selectFirst("#headline ul.why li[data-seat=" + entry.getKey() + "]");
            assertNotNull(why, "the headline lists " + entry.getKey());
            assertTrue(why.text().contains(entry.getValue().seatName()), why.text());
        }
        for (String status : List.of("off-track", "watch", "on-track")) {
            Element tile = page.selectFirst("#headline .tile[data-status=" + status + "]");
            assertNotNull(tile, status);
            assertEquals(counts.getOrDefault(status, 0).longValue(), number(tile, ".n"), status);
        }
    }

    @Test
    void the_headline_gives_the_evaluations_verdict_for_recruited() throws SQLException {
        String sql = "SELECT verdict FROM " + parquet("pilot_evaluation")
                + " WHERE metric = 'recruited' AND comparison = 'applicants_not_selected'"
                + " AND CAST(CAST(evaluation_month AS VARCHAR) AS DATE) = DATE '2025-12-01'"; // the page's month
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            String verdict = rs.getString(1);
            Element p = page.selectFirst("#headline .verdict p[data-metric=recruited]");
            assertNotNull(p);
            assertTrue(p.text().endsWith(verdict), p.text());
            assertFalse(rs.next(), "one cohort, one verdict");
        }
    }

    @Test
    void the_election_table_shows_promises_and_nothing_hidden_can_be_worked_back() throws SQLException {
        Element table = page.selectFirst("table.election");
        assertNotNull(table, "the generated period holds a general election with a marked register");
        String election = table.attr("data-election");
        String sql = "SELECT seat_code, promises, promises_voted, register_turnout FROM " + parquet("seat_election")
                + " WHERE election_id = '" + election + "' AND area_type = 'SEAT'";
        int seats = 0;
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                seats++;
                Element row = table.selectFirst("tr[data-seat=" + rs.getString(1) + "]");
                assertNotNull(row, rs.getString(1));
                long promises = rs.getLong(2);
                long voted = rs.getLong(3);
                // a shown figure is the Parquet's; a count of 1 to 4 people never shows
                String shownPromises = field(row, "promises").text();
                if (promises >= 1 && promises < 5) {
                    assertEquals("hidden", shownPromises);
                } else if (!shownPromises.equals("hidden")) {
                    assertEquals(String.format(Locale.UK, "%,d", promises), shownPromises);
                }
                String shownVoted = field(row, "promises_voted").text();
                if (voted >= 1 && voted < 5 || promises - voted >= 1 && promises - voted < 5) {
                    assertEquals("hidden", shownVoted, rs.getString(1) + ": " + voted + " of " + promises);
                } else if (!shownVoted.equals("hidden")) {
                    assertEquals(String.format(Locale.UK, "%,d", voted), shownVoted);
                }
                String turnout = field(row, "promise_turnout").text();
                if (!turnout.equals("hidden") && promises > 0) {
                    assertEquals(Math.round(100.0 * voted / promises) + "%", turnout);
                }
                assertEquals(Math.round(rs.getDouble(4) * 100) + "%", field(row, "register_turnout").text());
            }
        }
        assertEquals(12, seats);
        assertEquals(12, table.select("tbody tr").size());
        ElectionPageAudit.assertNothingHiddenCanBeWorkedOut(page, 5);
    }

    @Test
    void every_chart_is_an_accessible_svg_and_the_page_loads_nothing_from_elsewhere() throws IOException {
        var svgs = page.select("svg");
        // 3 regions x 2 trends, 5 evaluation metrics, league, election, mutual aid
        assertTrue(svgs.size() >= 10, "charts: " + svgs.size());
        for (Element svg : svgs) {
            assertEquals("img", svg.attr("role"), svg.id());
            assertFalse(svg.selectFirst("title").text().isBlank(), svg.id());
            assertFalse(svg.selectFirst("desc").text().isBlank(), svg.id());
            assertNotNull(svg.closest("figure").selectFirst("figcaption"), svg.id());
        }
        assertEquals(svgs.size(), page.select("svg").stream().map(Element::id).distinct().count(), "unique chart ids");
        assertTrue(page.select("script, link, img, iframe, object, embed").isEmpty(), "no script and nothing fetched");
        String html = Files.readString(GeneratedReportWarehouse.report(), StandardCharsets.UTF_8);
        assertFalse(html.contains("url(http") || html.contains("@import") || html.contains("src=\"http"), "nothing from the network");
    }

    /** The run publishes the all-regions page and one page per region, each region's linked from the all-regions page. */
    @Test
    void the_run_publishes_each_regions_page_linked_from_the_all_regions_page() throws SQLException, IOException {
        Map<String, Expected> expected = expectedPilotSeats();
        TreeSet<String> regions = new TreeSet<>();
        try (Statement s = duck.createStatement(); ResultSet r = s.executeQuery("SELECT DISTINCT region FROM "
                + parquet("seat_month") + " WHERE CAST(CAST(month AS VARCHAR) AS DATE) = DATE '2025-12-01'")) {
            while (r.next()) {
                regions.add(r.getString(1));
            }
        }
        Map<String, String> links = new HashMap<>();
        page.select("nav.region-pages a").forEach(a -> links.put(a.text(), a.attr("href")));
        assertEquals(regions, new TreeSet<>(links.keySet()), "a link to every region's page");
        Path folder = GeneratedReportWarehouse.report().getParent();
        for (String region : regions) {
            String file = links.get(region);
            // "North West" -> north-west.html: lower case, other characters one hyphen
            assertEquals(region.toLowerCase(Locale.ROOT).replace(' ', '-') + ".html", file, region);
            Document regional = Jsoup.parse(Files.readString(folder.resolve(file), StandardCharsets.UTF_8));
            long inRegion = expected.values().stream().filter(e -> e.region().equals(region)).count();
            assertEquals(inRegion, regional.select("table.seats tbody tr").size(), region);
            if (inRegion > 0) {
                assertEquals(List.of(region), regional.select("table.seats").eachAttr("data-region"), region);
            }
            assertTrue(regional.title().endsWith(", " + region), regional.title());
            assertEquals("index.html", regional.select("nav.region-pages a").attr("href"), "a link back to all regions");
        }
    }

    /**
     * The report verb never writes into the published snapshot: a region's page goes to the file
     * named with --out, and an --out inside the published state is refused (exit 2) with nothing changed.
     */
    @Test
    void the_report_verb_writes_where_it_is_told_and_never_into_the_published_snapshot() throws Exception {
        Map<String, Expected> expected = expectedPilotSeats();
        String region = expected.values().iterator().next().region();
        Map<String, String> before = published();
        Path out = Files.createTempDirectory("report-out");
        Cli.Outcome r = Cli.run("report", "--warehouse", warehouse.toString(), "--month", "2025-12", "--region", region,
                "--out", out.resolve("mine.html").toString());
        assertEquals(0, r.exitCode(), r.all());
        Document regional = Jsoup.parse(Files.readString(out.resolve("mine.html"), StandardCharsets.UTF_8));
        assertEquals(List.of(region), regional.select("table.seats").eachAttr("data-region"));
        // A folder: the page gets its default name in it.
        Cli.Outcome all = Cli.run("report", "--warehouse", warehouse.toString(), "--month", "2025-11", "--out", out.toString());
        assertEquals(0, all.exitCode(), all.all());
        assertTrue(Files.isRegularFile(out.resolve("scorecard-2025-11.html")), all.all());
        String snapshot = warehouse.resolve("current").toRealPath().toString();
        for (String inside : new String[] {
                warehouse.resolve("reports/2025-12/index.html").toString(),
                warehouse.resolve("reports/2025-12").toString(),
                warehouse.resolve("current/reports/2025-11/new.html").toString(),
                snapshot + "/reports/2025-12/index.html",
                snapshot + "/metrics/page.html"}) {
            Cli.Outcome refused = Cli.run("report", "--warehouse", warehouse.toString(), "--month", "2025-12", "--region", region,
                    "--out", inside);
            assertEquals(2, refused.exitCode(), inside + "\n" + refused.all());
            assertTrue(refused.err().contains("published state"), refused.err());
        }
        assertEquals(before, published(), "the published snapshot changed");
        try (var files = Files.walk(out)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Every file of the published snapshot with its bytes' hash. */
    private Map<String, String> published() throws Exception {
        Path current = warehouse.resolve("current").toRealPath();
        Map<String, String> out = new java.util.TreeMap<>();
        try (var files = Files.walk(current)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(current.relativize(f).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    @Test
    void a_month_without_data_or_a_folder_without_a_catalogue_is_a_clear_usage_error() throws IOException {
        Cli.Outcome month = Cli.run("report", "--warehouse", warehouse.toString(), "--month", "2030-01");
        assertEquals(2, month.exitCode(), month.all());
        assertTrue(month.err().contains("no seat_month rows for 2030-01: the warehouse holds 2024-01 to 2025-12"), month.err());
        Cli.Outcome region = Cli.run("report", "--warehouse", warehouse.toString(), "--month", "2025-12", "--region", "Atlantis");
        assertEquals(2, region.exitCode(), region.all());
        assertTrue(region.err().contains("no region 'Atlantis'"), region.err());
        Path empty = Files.createTempDirectory("no-catalogue");
        Cli.Outcome none = Cli.run("report", "--warehouse", empty.toString(), "--month", "2025-12");
        assertEquals(2, none.exitCode(), none.all());
        assertTrue(none.err().contains("no catalogue at"), none.err());
        assertFalse(Files.exists(empty.resolve("reports")), "nothing written");
        Files.delete(empty);
    }
}
