package org.organisermetrics.publish.scorecard;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.organisermetrics.publish.catalogue.SqlRunner;

/**
 * The scorecard's pages for a month, and where each goes:
 * <pre>
 *   reports/YYYY-MM/index.html          all regions, linking to every region's page
 *   reports/YYYY-MM/&lt;region-slug&gt;.html  one region (e.g. north-west.html), linking back
 * </pre>
 * A run writes them inside its new snapshot before publishing it; the {@code report} verb writes
 * one page to a file the user names, never into the published state.
 */
public final class ScorecardPages {
    /** The all-regions page's file name. */
    public static final String ALL_REGIONS = Scorecard.FILE_NAME;

    private ScorecardPages() {}

    /** A region's name as a file name: lower case, each run of other characters one hyphen ("North West" -> north-west). */
    public static String slug(String region) {
        String slug = region.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "region" : slug;
    }

    /**
     * Each region's page file name, regions in the order given: its slug, with -2, -3... when two
     * regions' slugs meet, and never the all-regions page's name.
     */
    public static Map<String, String> fileNames(List<String> regions) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>(Set.of(ALL_REGIONS));
        for (String region : regions) {
            String base = slug(region);
            String name = base + ".html";
            for (int n = 2; taken.contains(name); n++) {
                name = base + "-" + n + ".html";
            }
            taken.add(name);
            out.put(region, name);
        }
        return out;
    }

    /** The file name of the page for a region (empty: all regions), among the month's regions. */
    public static String fileName(Optional<String> region, List<String> regions) {
        return region.map(r -> fileNames(regions).get(r)).orElse(ALL_REGIONS);
    }

    /** The regions seat_month has in the month, in name order. */
    static List<String> regions(SqlRunner sql, YearMonth month) throws SQLException {
        List<String> out = new ArrayList<>();
        for (List<Object> r : Scorecard.Queries.rows(sql, "SELECT DISTINCT region FROM seat_month WHERE month = "
                + Scorecard.Queries.date(month) + " AND region IS NOT NULL ORDER BY 1")) {
            out.add(String.valueOf(r.get(0)));
        }
        return out;
    }

    /**
     * Writes the month's all-regions page and every region's page into {@code <folder>/reports/YYYY-MM/}
     * ({@code folder}: a snapshot being built) and returns them by region (empty: all regions).
     */
    public static Map<Optional<String>, Path> writeMonth(Path folder, YearMonth month, int smallCountThreshold)
            throws IOException, SQLException {
        Path dir = Scorecard.file(folder, month).getParent();
        Map<Optional<String>, Path> written = new LinkedHashMap<>();
        try (SqlRunner sql = SqlRunner.open(folder)) {
            SmallCounts small = new SmallCounts(smallCountThreshold);
            Scorecard all = Scorecard.load(sql, month, Optional.empty(), small);
            Map<String, String> names = fileNames(regions(sql, month));
            written.put(Optional.empty(), Scorecard.writePage(
                    ScorecardHtml.render(all, ScorecardHtml.Links.regionPages(names)), dir.resolve(ALL_REGIONS)));
            for (Map.Entry<String, String> region : names.entrySet()) {
                Scorecard one = Scorecard.load(sql, month, Optional.of(region.getKey()), small);
                written.put(Optional.of(region.getKey()), Scorecard.writePage(
                        ScorecardHtml.render(one, ScorecardHtml.Links.backTo(ALL_REGIONS)), dir.resolve(region.getValue())));
            }
        }
        return written;
    }

    /** Writes one page (all regions, or one region's) to {@code file}, which must not be in a published snapshot. */
    public static Path writeOne(Path warehouse, YearMonth month, Optional<String> region, int smallCountThreshold, Path file)
            throws IOException, SQLException {
        try (SqlRunner sql = SqlRunner.open(warehouse)) {
            Scorecard page = Scorecard.load(sql, month, region, new SmallCounts(smallCountThreshold));
            return Scorecard.writePage(ScorecardHtml.render(page), file);
        }
    }
}
