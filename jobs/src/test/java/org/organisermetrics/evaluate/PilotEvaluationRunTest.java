package org.organisermetrics.evaluate;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.SharedSpark;
import org.organisermetrics.warehouse.TableDoc;

/**
 * The whole program on generated data with a known effect: generate 12 seats over 2024-01..2025-12
 * (the cohort 2025A starts 2025-01; 8 applicants, 4 selected) with --pilot-effect 2, run, and read
 * the published pilot_evaluation, pilot_seat_change and organiser_league. One generation and run
 * only, as the cores are shared: the zero-effect case ("mostly not significant") is measured over
 * many seeds in {@link PilotEvaluationCoverageTest}, where it is cheap.
 */
class PilotEvaluationRunTest {
    static final LocalDate EVALUATION = LocalDate.of(2025, 12, 1);

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path withEffect;

    @BeforeAll
    static void generateAndRun() {
        spark = SharedSpark.session();
        withEffect = generateAndRun("effect2", "2");
    }

    static Path generateAndRun(String name, String effect) {
        Path landing = dir.resolve(name + "-landing");
        Path warehouse = dir.resolve(name + "-warehouse");
        long t = System.nanoTime();
        Cli.Outcome g = Cli.run("generate", "--out", landing.toString(), "--seats", "12", "--seed", "3",
                "--pilot-effect", effect, "--from", "2024-01", "--to", "2025-12", "--today", "2026-11-22");
        assertEquals(0, g.exitCode(), g.all());
        long generated = System.nanoTime();
        Cli.Outcome r = Cli.run("run", "--landing", landing.toString(), "--warehouse", warehouse.toString(),
                "--from", "2024-01", "--to", "2025-12", "--as-of", "2026-11-22", "--demo");
        assertEquals(0, r.exitCode(), r.all());
        System.out.printf("generate %.1f s, run %.1f s%n", (generated - t) / 1e9, (System.nanoTime() - generated) / 1e9);
        return warehouse;
    }

    /** A metric table; the pilot tables at EVALUATION, the run's last month (the run evaluates each of its months). */
    static Dataset<Row> table(Path warehouse, String name) {
        Dataset<Row> t = spark.read().parquet(warehouse.resolve("metrics").resolve(name).toString());
        return List.of(t.columns()).contains("evaluation_month")
                ? t.where(col("evaluation_month").equalTo(org.apache.spark.sql.functions.lit(EVALUATION))) : t;
    }

    static Row estimate(Path warehouse, String metric, String comparison) {
        List<Row> rows = table(warehouse, "pilot_evaluation")
                .where(col("metric").equalTo(metric).and(col("comparison").equalTo(comparison))).collectAsList();
        assertEquals(1, rows.size(), metric + " " + comparison);
        return rows.get(0);
    }

    @Test
    void with_an_effect_of_two_the_recruited_interval_contains_two_and_the_sentence_says_so() {
        Row r = estimate(withEffect, "recruited", PilotEvaluationGroups.APPLICANTS_NOT_SELECTED);
        assertEquals("2025A", r.getAs("cohort"));
        assertEquals(EVALUATION, PilotEvaluation.toLocalDate(r.getAs("evaluation_month")));
        assertEquals(4, (int) r.getAs("n_pilot"));
        assertEquals(4, (int) r.getAs("n_control"));
        assertEquals(0, (int) r.getAs("n_excluded_pilot"));
        assertEquals(0, (int) r.getAs("n_excluded_control"));
        double did = r.getAs("did");
        double low = r.getAs("ci_low");
        double high = r.getAs("ci_high");
        System.out.println("recruited, effect 2: " + r.getAs("verdict") + " [p_welch " + r.getAs("p_welch")
                + ", p_mann_whitney " + r.getAs("p_mann_whitney") + ", hedges_g " + r.getAs("hedges_g") + "]");
        assertTrue(low <= 2 && 2 <= high, "95% CI " + low + " to " + high);
        assertEquals((double) r.getAs("mean_change_pilot") - (double) r.getAs("mean_change_control"), did, 1e-9);
        // the primary interval is the randomisation one: 4 of 8, 70 assignments enumerated, smallest p 2/70
        double rLow = r.getAs("ci_low_randomisation");
        double rHigh = r.getAs("ci_high_randomisation");
        assertTrue(rLow <= 2 && 2 <= rHigh, "randomisation 95% CI " + rLow + " to " + rHigh);
        assertEquals(70L, (long) r.getAs("assignments"));
        assertEquals(true, r.getAs("assignments_exact"));
        assertEquals(2.0 / 70, (double) r.getAs("smallest_p"), 1e-12);
        String verdict = r.getAs("verdict");
        assertTrue(verdict.startsWith("Pilot seats recruited " + PilotEvaluationVerdict.oneDecimal(did)
                + " more activists per month than applicant seats that were not selected (95% CI "
                + PilotEvaluationVerdict.oneDecimal(rLow) + " to " + PilotEvaluationVerdict.oneDecimal(rHigh)
                + ", p = " + PilotEvaluationVerdict.pValue(r.getAs("p_randomisation"))
                + ", from every way the same number of seats could have been selected; 4 pilot and 4 control seats)"), verdict);
        // the event study behind the row: event months -12..11, 4 seats a group every month
        Dataset<Row> events = table(withEffect, "pilot_event_study").where(col("metric").equalTo("recruited")
                .and(col("comparison").equalTo(PilotEvaluationGroups.APPLICANTS_NOT_SELECTED)));
        assertEquals(24, events.count());
        assertEquals(-12, (int) events.agg(org.apache.spark.sql.functions.min("event_month")).first().getInt(0));
    }

    @Test
    void every_cohort_metric_and_comparison_has_one_row_and_the_seat_rows_add_up() {
        Dataset<Row> estimates = table(withEffect, "pilot_evaluation");
        assertEquals(10, estimates.count(), "5 metrics x 2 comparisons for the one cohort");
        assertEquals(10, estimates.select("cohort", "metric", "comparison", "evaluation_month").distinct().count());
        Dataset<Row> seats = table(withEffect, "pilot_seat_change");
        assertEquals(seats.count(), seats.select("cohort", "metric", "comparison", "evaluation_month", "seat_code").distinct().count());
        // the pilot mean is the mean of the pilot seats' changes
        Row pilotMean = seats.where(col("metric").equalTo("recruited")
                        .and(col("comparison").equalTo(PilotEvaluationGroups.APPLICANTS_NOT_SELECTED))
                        .and(col("seat_group").equalTo("pilot")).and(col("excluded").equalTo(false)))
                .agg(avg("change")).first();
        assertEquals((double) estimate(withEffect, "recruited", PilotEvaluationGroups.APPLICANTS_NOT_SELECTED)
                .getAs("mean_change_pilot"), pilotMean.getDouble(0), 1e-9);
    }

    @Test
    void the_published_columns_are_the_documented_ones() {
        for (TableDoc doc : List.of(PilotEvaluation.TABLE, PilotEvaluation.SEAT_CHANGE_TABLE, OrganiserLeague.TABLE)) {
            assertEquals(new java.util.TreeSet<>(doc.columnNames()),
                    new java.util.TreeSet<>(List.of(table(withEffect, doc.name()).columns())), doc.name());
        }
    }

    /** pre and post of one seat, recomputed from the published seat_month with Spark SQL. */
    @Test
    void a_seats_pre_and_post_are_its_seat_month_averages() {
        Row s = table(withEffect, "pilot_seat_change").where(col("metric").equalTo("conversations")
                .and(col("comparison").equalTo(PilotEvaluationGroups.APPLICANTS_NOT_SELECTED))
                .and(col("seat_group").equalTo("pilot"))).orderBy("seat_code").first();
        String seat = s.getAs("seat_code");
        Dataset<Row> seatMonth = table(withEffect, "seat_month").where(col("seat_code").equalTo(seat));
        double pre = seatMonth.where(col("month").between("2024-01-01", "2024-12-01")).agg(avg("conversations")).first().getDouble(0);
        double post = seatMonth.where(col("month").between("2025-01-01", "2025-12-01")).agg(avg("conversations")).first().getDouble(0);
        assertEquals(pre, (double) s.getAs("pre"), 1e-9);
        assertEquals(post, (double) s.getAs("post"), 1e-9);
        assertEquals(12, (int) s.getAs("months_pre"));
        assertEquals(12, (int) s.getAs("months_post"));
        assertNull(s.getAs("excluded_reason"));
    }

    /**
     * The league covers the pilot so far: 2025-01..2025-12, 12 months of each covered seat; its
     * recruits are those seats' seat_month recruits, and ranks run 1..n by recruits against target.
     */
    @Test
    void the_organiser_league_sums_the_covered_seat_months_and_ranks_by_recruits_against_target() {
        Dataset<Row> league = table(withEffect, "organiser_league");
        List<Row> rows = league.orderBy("rank").collectAsList();
        assertTrue(rows.size() >= 1);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertEquals(i + 1, (int) r.getAs("rank"));
            assertEquals(12 * (long) r.getAs("seats"), (long) r.getAs("seat_months"));
            if (i > 0) {
                assertTrue((double) rows.get(i - 1).getAs("recruits_vs_target") >= (double) r.getAs("recruits_vs_target"));
            }
        }
        long leagueRecruits = league.agg(sum("recruited")).first().getLong(0);
        long organiserMonthRecruits = table(withEffect, "organiser_month")
                .where(col("month").between("2025-01-01", "2025-12-01")).agg(sum("recruited")).first().getLong(0);
        assertEquals(organiserMonthRecruits, leagueRecruits, "the same covered seat-months as organiser_month");
    }
}
