package org.organisermetrics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.Source;
import org.organisermetrics.testing.SharedSpark;

/** --pilot-effect X adds exactly X recruits a month (whole X) to each selected seat from its start month, and nothing else. */
class PilotEffectTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 15);

    @TempDir
    static Path dir;
    static Path without;
    static Path with;

    static GeneratorSettings settings(Path out, double x) {
        return GeneratorSettings.forScale(Scale.SAMPLE, out.toString(), TODAY).withSeats(8).withSizes(200, 60)
                .withPeriod(YearMonth.of(2024, 5), YearMonth.of(2026, 4)).withPilotEffect(x);
    }

    @BeforeAll
    static void generate() {
        without = dir.resolve("x0");
        with = dir.resolve("x3");
        Generator.generate(SharedSpark.session(), settings(without, 0));
        Generator.generate(SharedSpark.session(), settings(with, 3));
    }

    static Map<String, Integer> recruitsBySeatMonth(Path landing) {
        Map<String, Integer> n = new HashMap<>();
        for (Landing.Row v : Landing.rows(landing, Source.VOLUNTEERS)) {
            n.merge(v.get("seat_code") + "@" + YearMonth.from(Landing.date(v.get("recruited_on"))), 1, Integer::sum);
        }
        return n;
    }

    @Test
    void each_selected_seat_recruits_exactly_three_more_a_month_from_its_start_month() {
        Map<String, YearMonth> start = new HashMap<>();
        for (Landing.Row p : Landing.rows(with, Source.PILOT_SEATS)) {
            if (Landing.bool(p.get("selected"))) {
                start.put(p.get("seat_code"), YearMonth.parse(p.get("start_month")));
            }
        }
        assertTrue(start.size() >= 4);
        Map<String, Integer> a = recruitsBySeatMonth(without);
        Map<String, Integer> b = recruitsBySeatMonth(with);
        Set<String> cells = new HashSet<>(a.keySet());
        cells.addAll(b.keySet());
        int pilotMonths = 0;
        for (String cell : cells) {
            String seat = cell.split("@")[0];
            YearMonth m = YearMonth.parse(cell.split("@")[1]);
            int diff = b.getOrDefault(cell, 0) - a.getOrDefault(cell, 0);
            boolean pilot = start.containsKey(seat) && !m.isBefore(start.get(seat));
            assertEquals(pilot ? 3 : 0, diff, cell);
            pilotMonths += pilot ? 1 : 0;
        }
        assertEquals(start.size() * 12 - 0, pilotMonths, "12 pilot months (2025-05..2026-04) per selected seat");
    }

    @Test
    void files_that_do_not_involve_the_extra_recruits_are_unchanged() throws Exception {
        Map<String, String> a = DeterminismTest.checksums(without);
        Map<String, String> b = DeterminismTest.checksums(with);
        for (String f : new String[] {"electors/part-0001.csv", "seats/seats.csv", "pilot_seats/pilot_seats.csv",
            "events/2025-06.csv", "communications/2025-06.csv", "aid/2025-06.csv"}) {
            assertEquals(a.get(f), b.get(f), f);
        }
    }
}
