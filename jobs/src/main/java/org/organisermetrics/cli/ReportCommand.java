package org.organisermetrics.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.publish.catalogue.SqlRunner;
import org.organisermetrics.publish.scorecard.Scorecard;
import org.organisermetrics.publish.scorecard.ScorecardPages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The regional scorecard of any month, all regions or one, written to a file the user names. The
 * published pages (reports/YYYY-MM/index.html and one per region) are written by the run, inside
 * the snapshot it publishes; this verb never writes into the published state.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write a month's regional scorecard to an HTML file you name.",
        description = {
            "The page shows pilot seats on or off track and why, trends against control seats, the pilot evaluation, "
                + "the organiser league, the last election's promise turnout and mutual aid: one HTML file with inline "
                + "CSS and SVG charts (no script, nothing fetched), for a browser or A4 paper.",
            "Reads the metric tables through the warehouse's DuckDB catalogue, read-only, and never writes into the "
                + "published warehouse. Each run publishes its last month's pages itself: "
                + "<warehouse>/reports/YYYY-MM/index.html (all regions, linking to each region's page) and "
                + "a page per region beside it (reports/YYYY-MM/north-west.html for North West)."},
        footer = {"%nExamples:",
                "  organiser-metrics report --warehouse warehouse --month 2026-10 \\",
                "      --out scorecard-2026-10.html",
                "  organiser-metrics report --warehouse warehouse --month 2026-10 \\",
                "      --region \"North West\" --out ~/north-west.html"})
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder holding analytics.duckdb.")
    Path warehouse;

    @Option(names = "--month", paramLabel = "YYYY-MM",
            description = "The month to report (default: the latest month the warehouse holds).")
    String month;

    @Option(names = "--region", paramLabel = "REGION", description = "Only this region (as seat_month.region spells it).")
    String region;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the page, never inside the published warehouse: a file, or a folder"
                    + " to put it in (default: scorecard-YYYY-MM[-<region>].html in the working folder).")
    Path out;

    @Option(names = "--suppress-below", paramLabel = "N", defaultValue = "" + MetricSettings.DEFAULT_SMALL_COUNT_THRESHOLD,
            description = "Counts of 1 to N-1 promises (and figures that give them back) show as \"hidden\"; default: ${DEFAULT-VALUE}.")
    int suppressBelow;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, SQLException {
        if (suppressBelow < 1) {
            throw new UsageException("--suppress-below must be at least 1, not " + suppressBelow);
        }
        if (!Files.isDirectory(warehouse)) {
            throw new UsageException("no warehouse folder at " + warehouse);
        }
        long started = System.nanoTime();
        Path file;
        try {
            YearMonth chosen = month != null ? parseMonth(month)
                    : Scorecard.latestMonth(warehouse).orElseThrow(() -> new UsageException(
                            "the warehouse holds no seat_month rows yet: a successful 'run' writes them"));
            Path target = target(chosen);
            if (org.organisermetrics.publish.Publisher.isPublished(target)) {
                throw new UsageException("--out " + target + " is inside the warehouse's published state, which never changes;"
                        + " name a file outside it (the run publishes reports/" + chosen + "/ itself)");
            }
            file = ScorecardPages.writeOne(warehouse, chosen, Optional.ofNullable(region), suppressBelow, target);
        } catch (SqlRunner.NoCatalogueException | Scorecard.NoDataException e) {
            throw new UsageException(e.getMessage());
        }
        spec.commandLine().getOut().printf("scorecard: %s (%.1f s)%n", file, (System.nanoTime() - started) / 1e9);
        spec.commandLine().getOut().flush();
        return ExitCode.SUCCESS;
    }

    /** The file to write: --out (a file, or a folder to put the default name in), else the default name here. */
    private Path target(YearMonth month) {
        String name = "scorecard-" + month + (region == null ? "" : "-" + ScorecardPages.slug(region)) + ".html";
        if (out == null) {
            return Path.of(name).toAbsolutePath();
        }
        return (Files.isDirectory(out) ? out.resolve(name) : out).toAbsolutePath().normalize();
    }

    private static YearMonth parseMonth(String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException("--month must be YYYY-MM, not '" + text + "'");
        }
    }
}
