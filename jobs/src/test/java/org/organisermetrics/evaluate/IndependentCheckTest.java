package org.organisermetrics.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.generate.Generator;
import org.organisermetrics.generate.PilotPanel;
import org.organisermetrics.generate.GeneratorSettings;
import org.organisermetrics.generate.Scale;

/**
 * The statistics checked against implementations nobody here wrote: Debian's python3-scipy
 * (permutation_test, exact, for the randomisation p-value and the inversion of its interval;
 * ttest_ind for Welch) and python3-statsmodels (difference in differences as OLS on the seat-months
 * with standard errors clustered by seat; each seat's pre-period slope by OLS), run by
 * src/test/resources/evaluate/independent_check.py on the tables as the run publishes them
 * (pilot_seat_change's columns, and the seat_month values behind them) for the generator's pilot
 * (12 seats, seed 3, --pilot-effect 2; 4 pilot and 4 control seats, every assignment enumerated).
 *
 * <p>Skipped, saying why, when /usr/bin/python3 (or python3) cannot import scipy, statsmodels and
 * pandas; .ci/run installs python3-statsmodels (which brings scipy and pandas), so it runs in CI.
 */
class IndependentCheckTest {
    static final LocalDate AT = LocalDate.of(2025, 12, 1);

    @Test
    void scipy_and_statsmodels_agree_with_the_published_figures(@TempDir Path dir) throws Exception {
        String python = python();
        Assumptions.assumeTrue(python != null, "skipped: no python3 with scipy, statsmodels and pandas"
                + " (apt-get install -y python3-statsmodels; .ci/run installs it)");
        PilotPanel panel = Generator.pilotPanel(GeneratorSettings.forScale(Scale.SAMPLE, "panel-only", LocalDate.of(2026, 11, 22))
                .withSeed(3).withSeats(12).withSizes(100, 60).withPeriod(YearMonth.of(2024, 1), YearMonth.of(2025, 12))
                .withPilotEffect(2));
        List<PilotEvaluationGroups.PilotSeat> rows = panel.applicants().stream()
                .map(a -> new PilotEvaluationGroups.PilotSeat(a.seatCode(), a.cohort(), a.selected(), a.startMonth(), a.endMonth()))
                .toList();
        PilotEvaluationGroups.Comparison primary = PilotEvaluationGroups.of(rows, panel.regionBySeat(), AT).stream()
                .filter(c -> c.comparison().equals(PilotEvaluationGroups.APPLICANTS_NOT_SELECTED)).findFirst().orElseThrow();
        PilotEvaluationEstimates.Result result = PilotEvaluationEstimates.evaluate(primary, PilotEvaluationMetric.RECRUITED,
                panel.recruits(), AT);
        PilotEvaluationEstimates.Estimate e = result.estimate();
        RandomisationInference.Result r = e.judgement().randomisation();
        assertTrue(r.exact() && r.assignments() == 70, "4 of 8: 70 assignments, enumerated");

        // pilot_seat_change as published, and the seat_month values behind it
        StringBuilder seats = new StringBuilder("seat_code,seat_group,change,excluded\n");
        Map<String, String> group = new HashMap<>();
        for (PilotEvaluationEstimates.SeatChange s : result.seats()) {
            seats.append(s.seatCode()).append(',').append(s.group()).append(',')
                    .append(s.change() == null ? "" : Double.toString(s.change())).append(',')
                    .append(s.excluded() ? "True" : "False").append('\n');
            group.put(s.seatCode(), s.group());
        }
        StringBuilder months = new StringBuilder("seat_code,seat_group,event_month,value\n");
        group.forEach((seat, g) -> panel.recruits().get(seat).forEach((month, value) -> {
            int em = EventStudy.eventMonth(primary.startMonth(), month);
            if (em >= -EventStudy.PRE_MONTHS && !month.isAfter(AT)) {
                months.append(seat).append(',').append(g).append(',').append(em).append(',').append(value).append('\n');
            }
        }));
        Files.writeString(dir.resolve("pilot_seat_change.csv"), seats);
        Files.writeString(dir.resolve("seat_month.csv"), months);
        Files.writeString(dir.resolve("check.csv"), "ci_low_randomisation,ci_high_randomisation\n"
                + r.ciLow() + "," + r.ciHigh() + "\n");
        Path script = dir.resolve("independent_check.py");
        try (InputStream in = IndependentCheckTest.class.getResourceAsStream("/evaluate/independent_check.py")) {
            Files.copy(in, script);
        }
        Map<String, String> theirs = run(python, script.toString(), dir.toString());
        System.out.println("independent check (scipy " + theirs.get("scipy_version") + ", statsmodels "
                + theirs.get("statsmodels_version") + "): " + theirs);

        double did = e.statistics().welch().difference();
        assertEquals(did, num(theirs, "did"), 1e-9);
        assertEquals(did, num(theirs, "did_ols"), 1e-9, "balanced seat-months: the OLS interaction is the did");
        assertEquals(r.p(), num(theirs, "p_randomisation"), 1e-9, "scipy's exact permutation p");
        assertTrue(num(theirs, "ci_low_randomisation_inside_p") > 0.05, theirs.toString());
        assertTrue(num(theirs, "ci_low_randomisation_outside_p") <= 0.05, theirs.toString());
        assertTrue(num(theirs, "ci_high_randomisation_inside_p") > 0.05, theirs.toString());
        assertTrue(num(theirs, "ci_high_randomisation_outside_p") <= 0.05, theirs.toString());
        assertEquals(e.statistics().welch().p(), num(theirs, "p_welch"), 1e-9);
        assertEquals(e.judgement().preTrend().difference(), num(theirs, "pre_trend_difference"), 1e-9);
    }

    static double num(Map<String, String> m, String key) {
        assertTrue(m.containsKey(key), key + " missing from " + m);
        return Double.parseDouble(m.get(key));
    }

    /** The first of /usr/bin/python3 (Debian's) and python3 that imports scipy, statsmodels and pandas; null when none does. */
    static String python() {
        for (String p : List.of("/usr/bin/python3", "python3")) {
            try {
                Process proc = new ProcessBuilder(p, "-c", "import scipy, statsmodels, pandas").redirectErrorStream(true).start();
                proc.getInputStream().readAllBytes();
                if (proc.waitFor(60, TimeUnit.SECONDS) && proc.exitValue() == 0) {
                    return p;
                }
            } catch (IOException | InterruptedException e) {
                // not this one
            }
        }
        return null;
    }

    static Map<String, String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the check ran over 2 minutes");
        assertEquals(0, p.exitValue(), "independent_check.py failed:\n" + out);
        Map<String, String> values = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] parts = line.trim().split(" ", 2);
            if (parts.length == 2) {
                values.put(parts[0], parts[1].trim().toLowerCase(Locale.ROOT).equals("nan") ? "NaN" : parts[1].trim());
            }
        }
        return values;
    }
}
