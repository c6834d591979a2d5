package org.organisermetrics.metrics;

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

/**
 * The whole program on generated data with a known effect: generate 12 seats over 2024-01..2025-12
 * (the cohort 2025A starts 2025-01; 8 applicants, 4 selected) with --pilot-effect 2 and with 0, run,
 * and read the published pilot_evaluation, pilot_seat_change and organiser_league.
 */
class PilotEvaluationRunTest {
    static final LocalDate EVALUATION = LocalDate.of(2025, 12, 1);

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path withEffect;
    static Path withoutEffect;

    @BeforeAll
    static void generateAndRun() {
        spark = SharedSpark.session();
        withEffect = generateAndRun("effect2", "2");
        withoutEffect = generateAndRun("effect0", "0");
    }

    static Path generateAndRun(String name, String effect) {
        Path landing = dir.resolve(name + "-landing");
        Path warehouse = dir.resolve(name + "-warehouse");
        Cli.Outcome g = Cli.run("generate", "--out", landing.toString(), "--seats", "12", "--seed", "3",
                "--pilot-effect", effect, "--from", "2024-01", "--to", "2025-12", "--today", "2026-11-22");
        assertEquals(0, g.exitCode(), g.all());
        Cli.Outcome r = Cli.run("run", "--landing", landing.toString(), "--warehouse", warehouse.toString(),
                "--from", "2024-01", "--to", "2025-12", "--as-of", "2026-11-22", "--demo");
        assertEquals(0, r.exitCode(), r.all());
        return warehouse;
    }

    static Dataset<Row> table(Path warehouse, String name) {
        return spark.read().parquet(warehouse.resolve("metrics").resolve(name).toString());
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
        String verdict = r.getAs("verdict");
        assertTrue(verdict.startsWith("Pilot seats recruited " + PilotEvaluationVerdict.oneDecimal(did)
                + " more activists per month than applicant seats that were not selected (95% CI "
                + PilotEvaluationVerdict.oneDecimal(low) + " to " + PilotEvaluationVerdict.oneDecimal(high)
                + "; 4 pilot and 4 control seats)"), verdict);
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

    @Test
    void with_no_effect_recruitment_shows_no_significant_difference() {
        Row r = estimate(withoutEffect, "recruited", PilotEvaluationGroups.APPLICANTS_NOT_SELECTED);
        System.out.println("recruited, no effect: " + r.getAs("verdict"));
        assertTrue((double) r.getAs("ci_low") <= 0 && 0 <= (double) r.getAs("ci_high"));
        assertTrue(((String) r.getAs("verdict")).contains("could be chance"));
        long significant = table(withoutEffect, "pilot_evaluation")
                .where(col("comparison").equalTo(PilotEvaluationGroups.APPLICANTS_NOT_SELECTED)
                        .and(col("ci_low").gt(0).or(col("ci_high").lt(0)))).count();
        assertTrue(significant <= 1, significant + " of 5 metrics significant with no effect");
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
