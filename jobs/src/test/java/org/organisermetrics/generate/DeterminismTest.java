package org.organisermetrics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.testing.SharedSpark;

/** Same seed and options give byte-identical files; another seed gives other files. */
class DeterminismTest {
    static final LocalDate TODAY = LocalDate.of(2026, 3, 20);

    @TempDir
    Path dir;

    static GeneratorSettings small(Path out, long seed) {
        return GeneratorSettings.forScale(Scale.SAMPLE, out.toString(), TODAY).withSeed(seed).withSeats(5)
                .withPeriod(YearMonth.of(2025, 1), YearMonth.of(2026, 3)).withSizes(200, 40).withBadRows(1)
                .withPilotEffect(1.5);
    }

    static Map<String, String> checksums(Path root) throws IOException, NoSuchAlgorithmException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                sums.put(root.relativize(f).toString(), HexFormat.of().formatHex(md.digest(Files.readAllBytes(f))));
            }
        }
        return sums;
    }

    @Test
    void the_same_seed_gives_byte_identical_files_and_another_seed_does_not() throws Exception {
        Generator.generate(SharedSpark.session(), small(dir.resolve("a"), 7));
        Generator.generate(SharedSpark.session(), small(dir.resolve("b"), 7));
        Generator.generate(SharedSpark.session(), small(dir.resolve("c"), 8));
        Map<String, String> a = checksums(dir.resolve("a"));
        Map<String, String> b = checksums(dir.resolve("b"));
        Map<String, String> c = checksums(dir.resolve("c"));
        assertTrue(a.size() > 17 * 1, "files " + a.keySet());
        assertTrue(a.keySet().stream().noneMatch(f -> f.endsWith(".crc")), "no checksum side files");
        assertEquals(a, b);
        assertEquals(a.keySet(), c.keySet());
        long same = a.keySet().stream().filter(f -> a.get(f).equals(c.get(f))).count();
        // Only files that do not depend on the seed (seats, courses, elections, the injected list) may be equal.
        assertTrue(same <= a.size() / 10, "files equal under another seed: " + same + " of " + a.size());
        assertNotEquals(a.get("electors/part-0001.csv"), c.get("electors/part-0001.csv"));
    }

    @Test
    void the_files_do_not_depend_on_the_number_of_partitions() throws Exception {
        Generator.generate(SharedSpark.session(), small(dir.resolve("one"), 7), 1);
        Generator.generate(SharedSpark.session(), small(dir.resolve("many"), 7), 13);
        assertEquals(checksums(dir.resolve("one")), checksums(dir.resolve("many")));
    }

    @Test
    void regenerating_into_the_same_directory_replaces_it() throws Exception {
        Path out = dir.resolve("same");
        Generator.generate(SharedSpark.session(), small(out, 7));
        Map<String, String> first = checksums(out);
        Generator.generate(SharedSpark.session(), small(out, 7).withPeriod(YearMonth.of(2025, 6),
                YearMonth.of(2026, 2)));
        Generator.generate(SharedSpark.session(), small(out, 7));
        assertEquals(first, checksums(out));
    }

    @Test
    void a_directory_holding_other_files_is_refused() throws Exception {
        Path out = dir.resolve("busy");
        Files.createDirectories(out);
        Files.writeString(out.resolve("thesis.docx"), "precious");
        org.junit.jupiter.api.Assertions.assertThrows(InvalidSettingsException.class,
                () -> Generator.generate(SharedSpark.session(), small(out, 7)));
        assertTrue(Files.exists(out.resolve("thesis.docx")));
    }
}
