package org.organisermetrics.publish.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;

/**
 * One warehouse for the catalogue, sandbox and notebook tests, built once per test JVM by the real
 * {@code run} verb (which ends by building analytics.duckdb) from landing/handwritten, a landing
 * zone small enough to count by hand. Four months, 2024-04 to 2024-07: April holds V4's
 * recruitment, May every fact row (contacts, activities, training, aid...), July GE2024's polling
 * day, so seat_election has the general election. Tests must not change it; copy it first.
 */
public final class HandwrittenWarehouse {
    public static final String FROM = "2024-04";
    public static final String TO = "2024-07";
    private static Path built;

    private HandwrittenWarehouse() {}

    public static synchronized Path path() {
        if (built == null) {
            try {
                Path dir = Files.createTempDirectory("catalogue-wh").resolve("warehouse");
                Cli.Outcome o = Cli.run("run", "--landing", Fixtures.handwrittenLanding().toString(),
                        "--warehouse", dir.toString(), "--from", FROM, "--to", TO, "--as-of", "2026-11-01", "--demo");
                assertEquals(0, o.exitCode(), o.all());
                built = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return built;
    }

    /** A copy of the warehouse a test may change or move. */
    public static Path copy() throws IOException {
        Path source = path();
        Path target = Files.createTempDirectory("catalogue-copy").resolve("warehouse");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                // links as links: curated/, metrics/... point through current/ into snapshots/ (relative links)
                Files.copy(p, target.resolve(source.relativize(p).toString()), java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
        return target;
    }

    public static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
