package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.evaluate.PilotEvaluationEstimates;
import org.organisermetrics.evaluate.PilotEvaluationGroups;
import org.organisermetrics.evaluate.PilotEvaluationMetric;
import org.organisermetrics.generate.Generator;
import org.organisermetrics.generate.GeneratorSettings;
import org.organisermetrics.generate.Scale;
import org.organisermetrics.testing.SharedSpark;

/**
 * Coverage of the 95% interval over repeated seeds: generate a tiny landing zone per seed with
 * --pilot-effect 2 (12 seats, 24 months: 2024-01..2025-12, the cohort starts 2025-01, 4 pilot and
 * 4 control seats), count recruits per seat and month straight from the volunteers CSV (what
 * seat_month.recruited counts), and evaluate with {@link PilotEvaluationEstimates}, skipping
 * ingest and Spark metrics so a seed costs about a second.
 *
 * <p>The same landing zone also gives the zero-effect case exactly: the extra pilot recruits are
 * the volunteers whose id has the "P" form (V###P#####), drawn from their own random stream, and a
 * landing zone with --pilot-effect 0 differs only by them (generate/PilotEffectTest checks this).
 *
 * <p>Seeds: {@code -Dpilot.coverage.seeds=N} (default 30, or fewer, but at least 20, when 45 s have passed: the cores are shared). The figures in
 * docs/pilot-evaluation.md come from
 * {@code mvn -q test -Dtest=PilotEvaluationCoverageTest -Dpilot.coverage.seeds=200}.
 */
class PilotEvaluationCoverageTest {
    static final int SEEDS = Integer.getInteger("pilot.coverage.seeds", 30);
    /** Without an explicit seed count, stop starting seeds after this many seconds once 20 are done (shared cores). */
    static final double BUDGET_SECONDS = System.getProperty("pilot.coverage.seeds") == null ? 45 : Double.POSITIVE_INFINITY;
    static final int MIN_SEEDS = 20;
    static final double EFFECT = 2.0;
    static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    static final YearMonth FROM = YearMonth.of(2024, 1);
    static final YearMonth TO = YearMonth.of(2025, 12);

    @TempDir
    Path dir;

    @Test
    void the_95_percent_interval_covers_the_true_effect_in_about_95_percent_of_seeds() throws IOException {
        int covered = 0;
        int zeroSignificant = 0;
        int judged = 0;
        double sumDid = 0;
        long started = System.nanoTime();
        int tried = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            if (tried >= MIN_SEEDS && (System.nanoTime() - started) / 1e9 > BUDGET_SECONDS) {
                break;
            }
            tried++;
            Path out = dir.resolve("seed-" + seed);
            Generator.generate(SharedSpark.session(), GeneratorSettings.forScale(Scale.SAMPLE, out.toString(), TODAY)
                    .withSeed(seed).withSeats(12).withSizes(100, 60).withPeriod(FROM, TO).withPilotEffect(EFFECT));
            GeneratedLanding landing = GeneratedLanding.read(out);
            PilotEvaluationEstimates.Estimate withEffect = landing.recruitedEstimate(true);
            PilotEvaluationEstimates.Estimate withoutEffect = landing.recruitedEstimate(false);
            deleteTree(out);
            if (!withEffect.statistics().judged() || !withEffect.statistics().welch().defined()) {
                continue;
            }
            judged++;
            var w = withEffect.statistics().welch();
            var w0 = withoutEffect.statistics().welch();
            sumDid += w.difference();
            // the extra recruits shift every pilot change by exactly the effect, so did moves by exactly 2
            assertEquals(w0.difference() + EFFECT, w.difference(), 1e-9, "seed " + seed);
            covered += w.ciLow() <= EFFECT && EFFECT <= w.ciHigh() ? 1 : 0;
            zeroSignificant += w0.intervalIncludesZero() ? 0 : 1;
        }
        double coverage = (double) covered / judged;
        System.out.printf(Locale.ROOT, "pilot evaluation coverage: %d seeds judged of %d; 95%% interval covered the"
                        + " effect %d times (%.3f); mean did %.3f; with no effect, %d significant at 5%% (%.3f); %.1f s%n",
                judged, tried, covered, coverage, sumDid / judged, zeroSignificant, (double) zeroSignificant / judged,
                (System.nanoTime() - started) / 1e9);
        assertEquals(tried, judged, "every seed has 4 pilot and 4 control seats");
        // With 20 to 30 seeds and true coverage 95%, coverage below 80% has probability below 0.1%.
        assertTrue(coverage >= 0.80, "coverage " + coverage);
        assertTrue((double) zeroSignificant / judged <= 0.20, "false positives " + zeroSignificant + " of " + judged);
    }

    /** The three generated sources the evaluation needs, read with plain commons-csv the way the contract allows files to look. */
    record GeneratedLanding(Map<String, String> regionBySeat, List<PilotEvaluationGroups.PilotSeat> pilotSeats,
                            Map<String, Map<LocalDate, Integer>> allRecruits, Map<String, Map<LocalDate, Integer>> usualRecruits) {

        static GeneratedLanding read(Path landing) {
            Map<String, String> regions = new HashMap<>();
            for (Map<String, String> r : rows(landing.resolve("seats"))) {
                regions.put(r.get("seat_code").toUpperCase(Locale.ROOT), r.get("region"));
            }
            List<PilotEvaluationGroups.PilotSeat> pilot = new ArrayList<>();
            for (Map<String, String> r : rows(landing.resolve("pilot_seats"))) {
                String start = r.get("start_month");
                String end = r.get("end_month");
                pilot.add(new PilotEvaluationGroups.PilotSeat(r.get("seat_code").toUpperCase(Locale.ROOT), r.get("cohort"),
                        List.of("true", "yes", "y", "1").contains(r.get("selected").toLowerCase(Locale.ROOT)),
                        start == null || start.isBlank() ? null : YearMonth.parse(start).atDay(1),
                        end == null || end.isBlank() ? null : YearMonth.parse(end).atDay(1)));
            }
            // seat_month has a row for every seat and month of the run: zero when nobody was recruited
            Map<String, Map<LocalDate, Integer>> all = new HashMap<>();
            Map<String, Map<LocalDate, Integer>> usual = new HashMap<>();
            for (String seat : regions.keySet()) {
                Map<LocalDate, Integer> a = new HashMap<>();
                Map<LocalDate, Integer> u = new HashMap<>();
                for (YearMonth m = FROM; !m.isAfter(TO); m = m.plusMonths(1)) {
                    a.put(m.atDay(1), 0);
                    u.put(m.atDay(1), 0);
                }
                all.put(seat, a);
                usual.put(seat, u);
            }
            for (Map<String, String> r : rows(landing.resolve("volunteers"))) {
                String seat = r.get("seat_code").toUpperCase(Locale.ROOT);
                LocalDate month = date(r.get("recruited_on")).withDayOfMonth(1);
                if (!all.get(seat).containsKey(month)) {
                    continue; // the pool recruited before the period
                }
                all.get(seat).merge(month, 1, Integer::sum);
                if (!r.get("volunteer_id").toUpperCase(Locale.ROOT).matches("V\\d{3}P\\d{5}")) {
                    usual.get(seat).merge(month, 1, Integer::sum);
                }
            }
            return new GeneratedLanding(regions, pilot, all, usual);
        }

        /** recruited, primary comparison, evaluated at the last generated month. */
        PilotEvaluationEstimates.Estimate recruitedEstimate(boolean withPilotRecruits) {
            List<PilotEvaluationGroups.Comparison> cs = PilotEvaluationGroups.of(pilotSeats, regionBySeat, TO.atDay(1));
            PilotEvaluationGroups.Comparison primary = cs.stream()
                    .filter(c -> c.comparison().equals(PilotEvaluationGroups.APPLICANTS_NOT_SELECTED)).findFirst().orElseThrow();
            return PilotEvaluationEstimates.evaluate(primary, PilotEvaluationMetric.RECRUITED,
                    withPilotRecruits ? allRecruits : usualRecruits, TO.atDay(1)).estimate();
        }
    }

    /** The data rows of every CSV in a folder, keyed by the normalised header (trimmed, lower case, spaces as _). */
    static List<Map<String, String>> rows(Path folder) {
        List<Map<String, String>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                if (text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                try (CSVParser p = CSVFormat.RFC4180.builder().get().parse(new StringReader(text))) {
                    List<String> header = null;
                    for (CSVRecord r : p) {
                        if (header == null) {
                            header = r.stream().map(h -> h.trim().toLowerCase(Locale.ROOT).replace(' ', '_')).toList();
                            continue;
                        }
                        Map<String, String> cells = new HashMap<>();
                        for (int i = 0; i < Math.min(r.size(), header.size()); i++) {
                            cells.put(header.get(i), r.get(i).trim());
                        }
                        out.add(cells);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static LocalDate date(String v) {
        return v.length() > 2 && v.charAt(2) == '/' ? LocalDate.parse(v, DateTimeFormatter.ofPattern("dd/MM/uuuu")) : LocalDate.parse(v);
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path x : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
