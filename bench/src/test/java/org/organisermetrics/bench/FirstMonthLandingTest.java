package org.organisermetrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstMonthLandingTest {

    @Test
    void keepsTheMonthsDropsElectionsPolledByThenAndEverySnapshot(@TempDir Path dir) throws IOException {
        Path landing = dir.resolve("landing");
        List<String> all = List.of(
                "contacts/2021-10.csv", "contacts/2021-11.csv", "contacts/2021-12.csv", "training/2022-01.csv",
                "marked_register/GE-2020-03-05-part-0001.csv", "marked_register/LOCAL-2022-05-05-part-0001.csv",
                "results/GE-2020-03-05.csv", "results/LOCAL-2021-11-30.csv", "results/LOCAL-2021-12-01.csv",
                "electors/part-0001.csv", "volunteers/part-0007.csv", "seats/seats.csv", "elections/elections.csv",
                "_injected-bad-rows.csv", LandingCache.MARKER);
        for (String f : all) {
            Files.createDirectories(landing.resolve(f).getParent());
            Files.writeString(landing.resolve(f), "content of " + f + "\n");
        }
        Path target = dir.resolve("first");
        Files.createDirectories(target.resolve("contacts"));
        Files.writeString(target.resolve("contacts/stale.csv"), "from an earlier bench\n");

        long files = FirstMonthLanding.link(landing, YearMonth.of(2021, 11), target);

        // Worked out from the names: drops up to 2021-11, elections polled up to 2021-11-30, snapshots whole,
        // the cache's marker and the earlier bench's file gone.
        Set<String> expected = new TreeSet<>(List.of(
                "contacts/2021-10.csv", "contacts/2021-11.csv",
                "marked_register/GE-2020-03-05-part-0001.csv",
                "results/GE-2020-03-05.csv", "results/LOCAL-2021-11-30.csv",
                "electors/part-0001.csv", "volunteers/part-0007.csv", "seats/seats.csv", "elections/elections.csv",
                "_injected-bad-rows.csv"));
        Set<String> linked = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(target)) {
            walk.filter(Files::isRegularFile).forEach(p -> linked.add(target.relativize(p).toString()));
        }
        assertEquals(expected, linked);
        assertEquals(expected.size(), files);
        for (String f : expected) {
            assertEquals("content of " + f + "\n", Files.readString(target.resolve(f)), f);
        }
    }
}
