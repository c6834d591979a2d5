package org.organisermetrics.publish.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.organisermetrics.testing.Cli;

/**
 * One generated warehouse for the report tests, made once per test JVM (the suite shares one
 * fork): 12 seats over 2024-01..2025-12, the cohort 2025A starting 2025-01 (8 applicants, 4
 * selected), a general election inside the period, then {@code report --month 2025-12}. Costs one
 * generation and one pipeline run however many report test classes use it.
 */
final class GeneratedReportWarehouse {
    static final String MONTH = "2025-12";

    private static Path warehouse;

    private GeneratedReportWarehouse() {}

    /** The warehouse, with the month's pages published by the run (its last month). */
    static synchronized Path get() {
        if (warehouse == null) {
            warehouse = build();
        }
        return warehouse;
    }

    static Path report() {
        return get().resolve("reports").resolve(MONTH).resolve("index.html");
    }

    private static Path build() {
        try {
            Path dir = Files.createTempDirectory("report-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            Path landing = dir.resolve("landing");
            Path wh = dir.resolve("warehouse");
            long t = System.nanoTime();
            Cli.Outcome g = Cli.run("generate", "--out", landing.toString(), "--seats", "12", "--seed", "3",
                    "--pilot-effect", "1", "--from", "2024-01", "--to", "2025-12", "--today", "2026-11-22");
            assertEquals(0, g.exitCode(), g.all());
            long generated = System.nanoTime();
            Cli.Outcome r = Cli.run("run", "--landing", landing.toString(), "--warehouse", wh.toString(),
                    "--from", "2024-01", "--to", "2025-12", "--as-of", "2026-11-22", "--demo");
            assertEquals(0, r.exitCode(), r.all());
            long ran = System.nanoTime();
            Cli.Outcome report = Cli.run("report", "--warehouse", wh.toString(), "--month", MONTH,
                    "--out", dir.resolve("scorecard.html").toString());
            assertEquals(0, report.exitCode(), report.all());
            System.out.printf("report fixture: generate %.1f s, run %.1f s, report %.1f s%n", (generated - t) / 1e9,
                    (ran - generated) / 1e9, (System.nanoTime() - ran) / 1e9);
            return wh;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
