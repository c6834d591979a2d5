package org.organisermetrics.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.organisermetrics.catalogue.SqlRunner;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.report.Scorecard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The regional scorecard: one self-contained HTML page per month from the warehouse's metric tables. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write a month's regional scorecard as one HTML page.",
        description = {
            "The page shows pilot seats on or off track and why, trends against control seats, the pilot evaluation, "
                + "the organiser league, the last election's promise turnout and mutual aid: one HTML file with inline "
                + "CSS and SVG charts (no script, nothing fetched), for a browser or A4 paper.",
            "Reads the metric tables through the warehouse's DuckDB catalogue, read-only, and writes the page under "
                + "<warehouse>/reports/YYYY-MM/."},
        footer = {"%nExamples:",
                "  organiser-metrics report --warehouse warehouse --month 2026-10",
                "  organiser-metrics report --warehouse warehouse --month 2026-10 \\",
                "      --region \"North West\""})
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder holding analytics.duckdb.")
    Path warehouse;

    @Option(names = "--month", paramLabel = "YYYY-MM",
            description = "The month to report (default: the latest month the warehouse holds).")
    String month;

    @Option(names = "--region", paramLabel = "REGION", description = "Only this region (as seat_month.region spells it).")
    String region;

    @Option(names = "--suppress-below", paramLabel = "N", defaultValue = "" + MetricSettings.DEFAULT_SMALL_COUNT_THRESHOLD,
            description = "Promise and turnout counts below N show as \"<N\"; default: ${DEFAULT-VALUE}.")
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
            file = Scorecard.write(warehouse, chosen, Optional.ofNullable(region), suppressBelow);
        } catch (SqlRunner.NoCatalogueException | Scorecard.NoDataException e) {
            throw new UsageException(e.getMessage());
        }
        spec.commandLine().getOut().printf("scorecard: %s (%.1f s)%n", file, (System.nanoTime() - started) / 1e9);
        spec.commandLine().getOut().flush();
        return ExitCode.SUCCESS;
    }

    private static YearMonth parseMonth(String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException("--month must be YYYY-MM, not '" + text + "'");
        }
    }
}
