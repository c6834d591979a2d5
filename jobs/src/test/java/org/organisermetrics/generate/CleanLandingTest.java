package org.organisermetrics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.testing.SharedSpark;

/** Without --bad-rows, every row passes every rule of the contract. */
class CleanLandingTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 15);

    @TempDir
    static Path dir;
    static Path landing;
    static Generator.Summary summary;

    @BeforeAll
    static void generate() {
        landing = dir.resolve("landing");
        summary = Generator.generate(SharedSpark.session(),
                GeneratorSettings.forScale(Scale.SAMPLE, landing.toString(), TODAY));
        System.out.print(summary.describe());
    }

    @Test
    void no_row_would_be_quarantined_or_counted_as_a_duplicate() {
        assertEquals(Map.of(), ContractCheck.check(landing, TODAY));
    }
}
