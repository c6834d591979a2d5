package org.organisermetrics.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.stream.Stream;
import org.organisermetrics.testing.SharedSpark;

/** One sample-scale landing zone for the whole test run (generated once, about 10 s), deleted at exit. */
final class SampleFixture {
    private SampleFixture() {}

    static final LocalDate TODAY = LocalDate.of(2026, 11, 15);
    private static Path landing;
    private static Generator.Summary summary;

    static synchronized Path landing() {
        if (landing == null) {
            try {
                Path dir = Files.createTempDirectory("generator-sample");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                landing = dir.resolve("landing");
                summary = Generator.generate(SharedSpark.session(), settings());
                System.out.print(summary.describe());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return landing;
    }

    static GeneratorSettings settings() {
        return GeneratorSettings.forScale(Scale.SAMPLE, landing.toString(), TODAY);
    }

    static synchronized Generator.Summary summary() {
        landing();
        return summary;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
