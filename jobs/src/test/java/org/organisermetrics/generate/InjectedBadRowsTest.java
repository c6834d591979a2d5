package org.organisermetrics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;
import org.organisermetrics.testing.SharedSpark;

/**
 * --bad-rows N: every applicable (source, reason) gets N rows, each breaking only the rule the ingest meets first;
 * N exact copies per source (duplicates, or repeated rows loaded where the source has no key); N conflicting keys
 * per keyed source (N rows quarantined, N kept).
 */
class InjectedBadRowsTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 15);
    static final int N = 2;

    @TempDir
    static Path dir;
    static Path landing;
    static Map<String, Long> listed;

    @BeforeAll
    static void generate() {
        landing = dir.resolve("landing");
        GeneratorSettings s = GeneratorSettings.forScale(Scale.SAMPLE, landing.toString(), TODAY)
                .withSeats(12).withPeriod(YearMonth.of(2024, 10), YearMonth.of(2025, 9)).withSizes(300, 60)
                .withBadRows(N);
        Generator.generate(SharedSpark.session(), s);
        listed = new TreeMap<>();
        for (Landing.Row r : Landing.read(landing.resolve(Generator.INJECTED_FILE))) {
            listed.put(r.get("source") + "," + r.get("reason"), Long.parseLong(r.get("rows")));
        }
    }

    @Test
    void the_listed_counts_are_what_an_independent_check_of_the_contract_finds() {
        Map<String, Long> found = ContractCheck.check(landing, TODAY);
        assertEquals(listed, found);
    }

    @Test
    void every_reason_is_injected_somewhere_with_n_rows_per_source() {
        for (Reason r : Reason.values()) {
            if (r == Reason.UNKNOWN_POLLING_DISTRICT) {
                continue; // only an export's format gives it (formats/): the bad rows go into contract CSVs
            }
            assertTrue(listed.keySet().stream().anyMatch(k -> k.endsWith("," + r.code())), r.code() + " missing");
        }
        listed.forEach((k, v) -> assertEquals(N, v, k));
        for (Source s : Source.values()) {
            // A copy in the same file: a duplicate where the source has a key; where it has none, a second event, loaded.
            assertEquals(N, listed.get(s.folder() + (s.key().isEmpty() ? ",repeated_row" : ",duplicate")), s.folder());
            assertEquals(s.key().isEmpty() ? null : (Long) (long) N, listed.get(s.folder() + ",conflict_kept"), s.folder());
            assertEquals(N, listed.get(s.folder() + ",malformed_row"), s.folder());
        }
        assertEquals(N, listed.get("marked_register,unknown_elector"));
        assertEquals(N, listed.get("results,votes_exceed_electorate"));
        assertEquals(N, listed.get("pilot_seats,bad_pilot_window"));
        assertEquals(N, listed.get("training,unknown_volunteer"));
        assertEquals(N, listed.get("results,unknown_area"));
    }
}
