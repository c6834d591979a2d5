package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.generate.Generator;
import org.organisermetrics.generate.GeneratorSettings;
import org.organisermetrics.generate.PilotDepartures;
import org.organisermetrics.generate.PilotPanel;
import org.organisermetrics.generate.Scale;
import org.organisermetrics.testing.SharedSpark;

/**
 * The coverage study that could fail (docs/pilot-evaluation.md "Coverage measured"). Per scenario (a
 * {@link PilotDepartures} of the generator) and seed: the generator's pilot panel ({@link
 * Generator#pilotPanel}: 12 seats, 2024-01..2025-12, the cohort starts 2025-01, 8 applicants of which
 * 4 selected; --pilot-effect 2), evaluated at 2025-12 by the same code as the run
 * ({@link PilotEvaluationEstimates}, {@link StaggeredCohorts}), without files or Spark (a few
 * milliseconds a seed). The same panel without the pilot's extra recruits is exactly the zero-effect
 * panel (they come from their own random stream), which gives the rejection rate.
 *
 * <p>Per scenario and method: coverage of the 95% interval of the TRUE average effect (the mean over
 * the pilot seats of their expected extra recruits per month from the start to 2025-12, which the
 * departures make differ from 2), the rejection rate with no effect (interval excluding 0, or p <=
 * 0.05), the mean interval width; and the verdict's calls.
 *
 * <p>Asserted, where the method claims validity ({@link #claims}): coverage not significantly below
 * 93% and rejection not significantly above 5%, each a one-sided exact binomial test at the 1% level
 * for the number of seeds (with 40 seeds: at least 34 covered, at most 5 rejections). Where a method
 * does not claim validity (Welch and randomisation under keen pilot seats' own trends), the verdict
 * must not call a zero effect a success ({@code difference}) more often than 5%, by the same test.
 *
 * <p>Seeds: {@code -Dpilot.coverage.seeds=N} (default 40 per scenario). The table in
 * docs/pilot-evaluation.md comes from
 * {@code mvn -o -q -pl jobs -Dtest=PilotEvaluationCoverageTest -Dpilot.coverage.seeds=500 -Dsurefire.failIfNoSpecifiedTests=false test}.
 */
class PilotEvaluationCoverageTest {
    static final int SEEDS = Integer.getInteger("pilot.coverage.seeds", 40);
    static final double EFFECT = 2.0;
    static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    static final YearMonth FROM = YearMonth.of(2024, 1);
    static final YearMonth TO = YearMonth.of(2025, 12);
    static final double TARGET_COVERAGE = 0.93;
    static final double TARGET_REJECTION = 0.05;
    static final double TEST_LEVEL = 0.01;

    enum Scenario {
        PARALLEL("parallel trends, exact effect (the generator's ideal)", PilotDepartures.NONE),
        KEEN_TRENDS("pilot seats keener: own linear trend, mean +0.05 recruits a month per month", PilotDepartures.NONE.withPreTrend(0.05)),
        GROWING_EFFECT("effect builds up over the first 12 pilot months", PilotDepartures.NONE.withEffectGrowthMonths(12)),
        HETEROGENEOUS_EFFECT("each pilot seat's effect uniform on 0 to 4", PilotDepartures.NONE.withEffectSpread(1)),
        OVERDISPERSED("negative binomial counts, variance rate + rate²", PilotDepartures.NONE.withOverdispersion(1)),
        LATE_COHORT("two cohorts, the second starting 6 months later (2 of 4 applicants selected in each)", PilotDepartures.NONE.withLateCohortMonths(6)),
        DROPOUT("half the pilot seats leave the pilot at a random month", PilotDepartures.NONE.withDropout(0.5));

        final String description;
        final PilotDepartures departures;

        Scenario(String description, PilotDepartures departures) {
            this.description = description;
            this.departures = departures;
        }
    }

    enum Method { WELCH, RANDOMISATION, TREND_ADJUSTED, STAGGERED }

    /** Where a method claims a valid 95% interval (and a 5% test). */
    static boolean claims(Scenario s, Method m) {
        return switch (m) {
            case WELCH, RANDOMISATION -> s != Scenario.KEEN_TRENDS && s != Scenario.LATE_COHORT;
            case TREND_ADJUSTED -> s != Scenario.LATE_COHORT;
            case STAGGERED -> s == Scenario.LATE_COHORT;
        };
    }

    /** One method's tally in one scenario. */
    static final class Tally {
        int judged;
        int covered;
        int rejected;
        double width;
        int finiteWidths;

        void add(double low, double high, double truth, boolean rejectsZero) {
            judged++;
            covered += low <= truth && truth <= high ? 1 : 0;
            rejected += rejectsZero ? 1 : 0;
            if (Double.isFinite(high - low)) {
                width += high - low;
                finiteWidths++;
            }
        }
    }

    /** The verdict's calls in one scenario, with and without the effect. */
    static final class Calls {
        int judged;
        int falseSuccess;
        int flaggedWithoutEffect;
        int success;
        int flaggedWithEffect;
    }

    @Test
    void coverage_and_rejection_per_scenario_and_method() {
        long started = System.nanoTime();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%n| scenario | method | seeds | coverage | rejection at 0 | mean width |%n|---|---|---|---|---|---|%n"));
        StringBuilder verdicts = new StringBuilder(String.format(Locale.ROOT,
                "%n| scenario | seeds | called a success with no effect | pre-trend flag, no effect | called a success with the effect | pre-trend flag, with the effect |%n|---|---|---|---|---|---|%n"));
        List<String> failures = new ArrayList<>();
        for (Scenario scenario : Scenario.values()) {
            Map<Method, Tally> tallies = new EnumMap<>(Method.class);
            for (Method m : Method.values()) {
                tallies.put(m, new Tally());
            }
            Calls calls = new Calls();
            for (long seed = 1; seed <= SEEDS; seed++) {
                PilotPanel panel = Generator.pilotPanel(settings(seed, scenario.departures));
                evaluate(panel, tallies, calls);
            }
            for (Method m : Method.values()) {
                Tally t = tallies.get(m);
                if (t.judged == 0) {
                    continue;
                }
                boolean claimed = claims(scenario, m);
                table.append(String.format(Locale.ROOT, "| %s | %s%s | %d | %.1f%% | %.1f%% | %.2f |%n",
                        scenario.name().toLowerCase(Locale.ROOT), m.name().toLowerCase(Locale.ROOT), claimed ? "" : " (no claim)",
                        t.judged, 100.0 * t.covered / t.judged, 100.0 * t.rejected / t.judged,
                        t.finiteWidths == 0 ? Double.POSITIVE_INFINITY : t.width / t.finiteWidths));
                if (claimed) {
                    BinomialDistribution cover = new BinomialDistribution(null, t.judged, TARGET_COVERAGE);
                    if (cover.cumulativeProbability(t.covered) < TEST_LEVEL) {
                        failures.add(scenario + " " + m + ": coverage " + t.covered + " of " + t.judged);
                    }
                    BinomialDistribution reject = new BinomialDistribution(null, t.judged, TARGET_REJECTION);
                    if (t.rejected > 0 && 1 - reject.cumulativeProbability(t.rejected - 1) < TEST_LEVEL) {
                        failures.add(scenario + " " + m + ": rejection " + t.rejected + " of " + t.judged);
                    }
                }
            }
            if (calls.judged > 0) {
                verdicts.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.1f%% | %.1f%% | %.1f%% |%n",
                        scenario.name().toLowerCase(Locale.ROOT), calls.judged, 100.0 * calls.falseSuccess / calls.judged,
                        100.0 * calls.flaggedWithoutEffect / calls.judged, 100.0 * calls.success / calls.judged,
                        100.0 * calls.flaggedWithEffect / calls.judged));
                BinomialDistribution reject = new BinomialDistribution(null, calls.judged, TARGET_REJECTION);
                if (calls.falseSuccess > 0 && 1 - reject.cumulativeProbability(calls.falseSuccess - 1) < TEST_LEVEL) {
                    failures.add(scenario + " verdict: a zero effect called a success in " + calls.falseSuccess + " of " + calls.judged);
                }
            }
        }
        System.out.printf(Locale.ROOT, "pilot evaluation coverage, %d seeds per scenario, %.1f s%s%s%n", SEEDS,
                (System.nanoTime() - started) / 1e9, table, verdicts);
        assertEquals(List.of(), failures);
    }

    static GeneratorSettings settings(long seed, PilotDepartures departures) {
        return GeneratorSettings.forScale(Scale.SAMPLE, "panel-only", TODAY).withSeed(seed).withSeats(12)
                .withSizes(100, 60).withPeriod(FROM, TO).withPilotEffect(EFFECT).withDepartures(departures);
    }

    static void evaluate(PilotPanel panel, Map<Method, Tally> tallies, Calls calls) {
        LocalDate at = TO.atDay(1);
        List<PilotEvaluationGroups.PilotSeat> rows = panel.applicants().stream()
                .map(a -> new PilotEvaluationGroups.PilotSeat(a.seatCode(), a.cohort(), a.selected(), a.startMonth(), a.endMonth()))
                .toList();
        // the earliest cohort's primary comparison
        PilotEvaluationGroups.Comparison primary = PilotEvaluationGroups.of(rows, panel.regionBySeat(), at).stream()
                .filter(c -> c.comparison().equals(PilotEvaluationGroups.APPLICANTS_NOT_SELECTED))
                .min(Comparator.comparing(PilotEvaluationGroups.Comparison::startMonth)).orElseThrow();
        double truth = panel.trueAverageEffect(primary.cohort(), at);
        PilotEvaluationEstimates.Estimate with = PilotEvaluationEstimates.evaluate(primary, PilotEvaluationMetric.RECRUITED,
                panel.recruits(), at).estimate();
        PilotEvaluationEstimates.Estimate without = PilotEvaluationEstimates.evaluate(primary, PilotEvaluationMetric.RECRUITED,
                panel.recruitsWithoutPilot(), at).estimate();
        if (with.statistics().judged() && with.statistics().welch().defined() && without.statistics().welch().defined()) {
            var w = with.statistics().welch();
            var w0 = without.statistics().welch();
            tallies.get(Method.WELCH).add(w.ciLow(), w.ciHigh(), truth, !w0.intervalIncludesZero());
            var r = with.judgement().randomisation();
            var r0 = without.judgement().randomisation();
            tallies.get(Method.RANDOMISATION).add(r.ciLow(), r.ciHigh(), truth, r0.p() <= RandomisationInference.ALPHA);
            var t = with.judgement().trendAdjusted();
            var t0 = without.judgement().trendAdjusted();
            if (t != null && t0 != null) {
                tallies.get(Method.TREND_ADJUSTED).add(t.ciLow(), t.ciHigh(), truth, t0.p() <= RandomisationInference.ALPHA);
            }
            calls.judged++;
            calls.falseSuccess += without.judgement().call() == PilotJudgement.Call.DIFFERENCE ? 1 : 0;
            calls.flaggedWithoutEffect += without.judgement().preTrendFlag() ? 1 : 0;
            calls.success += with.judgement().call() == PilotJudgement.Call.DIFFERENCE ? 1 : 0;
            calls.flaggedWithEffect += with.judgement().preTrendFlag() ? 1 : 0;
        }
        // every cohort against the applicants not yet in the pilot, when cohorts start in different months
        Map<String, LocalDate> starts = new TreeMap<>();
        List<StaggeredCohorts.Applicant> applicants = new ArrayList<>();
        for (PilotPanel.Applicant a : panel.applicants()) {
            applicants.add(new StaggeredCohorts.Applicant(a.seatCode(), a.cohort(), a.selected()));
            if (a.selected()) {
                starts.merge(a.cohort(), a.startMonth(), (x, y) -> x.isBefore(y) ? x : y);
            }
        }
        if (starts.size() > 1) {
            StaggeredCohorts.Result s = StaggeredCohorts.estimate(applicants, starts, panel.recruits(), at);
            StaggeredCohorts.Result s0 = StaggeredCohorts.estimate(applicants, starts, panel.recruitsWithoutPilot(), at);
            double weighted = 0;
            int seats = 0;
            for (Map.Entry<String, Integer> g : s.weights().entrySet()) {
                weighted += g.getValue() * panel.trueAverageEffect(g.getKey(), at);
                seats += g.getValue();
            }
            tallies.get(Method.STAGGERED).add(s.overall().ciLow(), s.overall().ciHigh(), weighted / seats,
                    s0.overall().p() <= RandomisationInference.ALPHA);
        }
    }

    /**
     * The panel is what the written landing zone holds: for one seed with every departure that changes
     * files (two cohorts, a seat leaving, keen trends, over-dispersion), the recruits per seat and month
     * counted from the generated volunteers CSV, and the pilot_seats rows, equal the panel's.
     */
    @Test
    void the_panel_is_what_the_generated_landing_zone_holds(@TempDir Path dir) throws IOException {
        PilotDepartures d = PilotDepartures.NONE.withLateCohortMonths(6).withDropout(0.5).withPreTrend(0.05).withOverdispersion(1);
        Path out = dir.resolve("seed-7");
        GeneratorSettings s = settings(7, d).withOut(out.toString());
        Generator.generate(SharedSpark.session(), s);
        PilotPanel panel = Generator.pilotPanel(s);
        GeneratedLanding landing = GeneratedLanding.read(out);
        assertEquals(panel.recruits(), landing.allRecruits());
        assertEquals(panel.recruitsWithoutPilot(), landing.usualRecruits());
        List<PilotEvaluationGroups.PilotSeat> fromPanel = panel.applicants().stream()
                .map(a -> new PilotEvaluationGroups.PilotSeat(a.seatCode(), a.cohort(), a.selected(), a.startMonth(), a.endMonth()))
                .sorted(Comparator.comparing(PilotEvaluationGroups.PilotSeat::seatCode)).toList();
        assertEquals(fromPanel, landing.pilotSeats().stream()
                .sorted(Comparator.comparing(PilotEvaluationGroups.PilotSeat::seatCode)).toList());
        assertEquals(2, fromPanel.stream().map(PilotEvaluationGroups.PilotSeat::cohort).distinct().count(), "two cohorts");
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
            Map<String, Map<LocalDate, Integer>> all = new TreeMap<>();
            Map<String, Map<LocalDate, Integer>> usual = new TreeMap<>();
            for (String seat : regions.keySet()) {
                Map<LocalDate, Integer> a = new TreeMap<>();
                Map<LocalDate, Integer> u = new TreeMap<>();
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
