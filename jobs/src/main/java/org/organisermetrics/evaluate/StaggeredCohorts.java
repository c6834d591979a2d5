package org.organisermetrics.evaluate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Cohorts that start in different months, each compared only with applicant seats not yet (or never)
 * in the pilot at the time: group-time effects in the manner of Callaway and Sant'Anna (2021,
 * "Difference-in-differences with multiple time periods", Journal of Econometrics 225), with the
 * not-yet-treated applicants as the comparison group (docs/pilot-evaluation.md).
 *
 * <ul>
 *   <li>The pool: every applicant seat of every cohort. A seat belongs to the cohort it was selected
 *       for (its join month is that cohort's start), else to the earliest-starting cohort it applied
 *       to, never selected (no join month).</li>
 *   <li>Base of a seat for cohort g: its mean over the 12 months before g's start (months with a value).</li>
 *   <li>ATT(g, t), for every month t from g's start to the evaluation month: mean over g's pilot seats of
 *       (value at t - base) minus the same mean over the control seats at t: applicant seats with no
 *       join month or a join month after t. A seat is never a control in or after its own join month.</li>
 *   <li>ATT(g): the mean of ATT(g, t) over the months t that have both groups (each month weighted alike,
 *       as the single-cohort difference in differences weights them).</li>
 *   <li>Overall: sum over g of n_g ATT(g) / sum of n_g, n_g the cohort's pilot seats (weights by pilot
 *       seats: every pilot seat counts alike).</li>
 *   <li>Inference: randomisation within each cohort's pool (the design: each cohort's pilot seats
 *       chosen at random among its own applicants): every way (or a seeded Monte Carlo of {@link
 *       RandomisationInference#DRAWS}, when there are more than {@link RandomisationInference#MAX_EXACT})
 *       to choose each cohort's n_g pilot seats among its pool, the overall statistic recomputed; the
 *       interval by test inversion under a constant effect d in every pilot seat-month (the statistic is
 *       linear in d: statistic of the values minus d times the statistic of the observed pilot indicator).
 *       The smallest p reported is 1/assignments (exact) or 1/(draws + 1).</li>
 * </ul>
 */
public final class StaggeredCohorts {

    /** One pilot_seats row: a seat that applied to a cohort, selected or not. */
    public record Applicant(String seatCode, String cohort, boolean selected) {}

    /** One group-time effect. */
    public record GroupTime(String cohort, LocalDate month, double effect, int nPilot, int nControl) {}

    /**
     * @param cohortEffects ATT(g) by cohort (cohorts with no month that has both groups are left out)
     * @param weights n_g by cohort, the pilot seats of each cohort with a base
     * @param overall the weighted mean of the cohort effects, with its randomisation p-value and interval
     */
    public record Result(List<GroupTime> groupTime, Map<String, Double> cohortEffects, Map<String, Integer> weights,
                         RandomisationInference.Result overall) {}

    private StaggeredCohorts() {}

    /**
     * @param starts each cohort's start month (first day); cohorts starting after the evaluation month
     *               are not evaluated, and their seats are controls throughout
     * @return null when no cohort has started or no cohort has both groups in any month
     */
    public static Result estimate(List<Applicant> applicants, Map<String, LocalDate> starts,
                                  Map<String, ? extends Map<LocalDate, ? extends Number>> series, LocalDate evaluationMonth) {
        // the pool: one cohort per seat, the one it was selected for, else the earliest it applied to
        Map<String, String> cohortOf = new TreeMap<>();
        Map<String, Boolean> selected = new TreeMap<>();
        List<Applicant> ordered = new ArrayList<>(applicants);
        ordered.removeIf(a -> starts.get(a.cohort()) == null);
        ordered.sort(Comparator.comparing((Applicant a) -> !a.selected()).thenComparing(a -> starts.get(a.cohort())));
        for (Applicant a : ordered) {
            if (!cohortOf.containsKey(a.seatCode())) {
                cohortOf.put(a.seatCode(), a.cohort());
                selected.put(a.seatCode(), a.selected());
            }
        }
        List<String> seats = new ArrayList<>(cohortOf.keySet());
        List<String> cohorts = new ArrayList<>(new TreeMap<>(starts).keySet());
        cohorts.removeIf(g -> starts.get(g).isAfter(evaluationMonth));
        cohorts.sort(Comparator.comparing(starts::get));
        if (cohorts.isEmpty()) {
            return null;
        }
        LocalDate first = cohorts.stream().map(starts::get).min(Comparator.naturalOrder()).orElseThrow().minusMonths(EventStudy.PRE_MONTHS);
        int months = EventStudy.eventMonth(first, evaluationMonth) + 1;
        int n = seats.size();
        double[][] y = new double[n][months];
        for (int i = 0; i < n; i++) {
            Map<LocalDate, ? extends Number> s = series.get(seats.get(i));
            if (s == null) {
                s = Map.of();
            }
            for (int t = 0; t < months; t++) {
                Number v = s.get(first.plusMonths(t));
                y[i][t] = v == null ? Double.NaN : v.doubleValue();
            }
        }
        int[] startIndex = new int[cohorts.size()];
        for (int g = 0; g < cohorts.size(); g++) {
            startIndex[g] = EventStudy.eventMonth(first, starts.get(cohorts.get(g)));
        }
        // each started cohort's pool (seat indices) and its number of pilot seats
        List<int[]> pools = new ArrayList<>();
        int[] observed = new int[n]; // the cohort index a seat joined, or -1
        java.util.Arrays.fill(observed, -1);
        int[] pilotCount = new int[cohorts.size()];
        for (int g = 0; g < cohorts.size(); g++) {
            List<Integer> pool = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (cohortOf.get(seats.get(i)).equals(cohorts.get(g))) {
                    pool.add(i);
                    if (selected.get(seats.get(i))) {
                        observed[i] = g;
                        pilotCount[g]++;
                    }
                }
            }
            pools.add(pool.stream().mapToInt(Integer::intValue).toArray());
        }
        double[][] d = new double[n][months]; // the observed pilot indicator, missing where the value is
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < months; t++) {
                d[i][t] = Double.isNaN(y[i][t]) ? Double.NaN : observed[i] >= 0 && t >= startIndex[observed[i]] ? 1 : 0;
            }
        }
        List<GroupTime> groupTime = new ArrayList<>();
        Map<String, Double> cohortEffects = new LinkedHashMap<>();
        Map<String, Integer> weights = new LinkedHashMap<>();
        double overall = statistic(y, observed, startIndex, pilotCount, months, cohorts, first, groupTime, cohortEffects, weights);
        if (Double.isNaN(overall)) {
            return null;
        }
        double cObserved = statistic(d, observed, startIndex, pilotCount, months, cohorts, first, null, null, null);

        long total = 1;
        for (int g = 0; g < cohorts.size(); g++) {
            long b = RandomisationInference.binomial(pools.get(g).length, pilotCount[g]);
            total = total > Long.MAX_VALUE / Math.max(1, b) ? Long.MAX_VALUE : total * b;
        }
        boolean exact = total <= RandomisationInference.MAX_EXACT;
        List<int[]> assignments = new ArrayList<>();
        if (exact) {
            enumerate(pools, pilotCount, 0, blank(n), assignments);
        } else {
            assignments.add(observed.clone());
            SplittableRandom r = new SplittableRandom(RandomisationInference.SEED);
            for (int k = 0; k < RandomisationInference.DRAWS; k++) {
                int[] a = blank(n);
                for (int g = 0; g < pools.size(); g++) {
                    int[] pool = pools.get(g).clone();
                    for (int j = 0; j < pilotCount[g]; j++) {
                        int pick = j + r.nextInt(pool.length - j);
                        int tmp = pool[j];
                        pool[j] = pool[pick];
                        pool[pick] = tmp;
                        a[pool[j]] = g;
                    }
                }
                assignments.add(a);
            }
        }
        double[] t0 = new double[assignments.size()];
        double[] c = new double[assignments.size()];
        for (int k = 0; k < assignments.size(); k++) {
            t0[k] = statistic(y, assignments.get(k), startIndex, pilotCount, months, cohorts, first, null, null, null);
            c[k] = statistic(d, assignments.get(k), startIndex, pilotCount, months, cohorts, first, null, null, null);
            if (Double.isNaN(t0[k])) { // an assignment leaving a cohort without data counts as not extreme
                t0[k] = 0;
                c[k] = 0;
            }
        }
        double scale = 0;
        for (double[] row : y) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
        }
        RandomisationInference.Result inference = RandomisationInference.invert(overall, cObserved, t0, c, scale,
                assignments.size(), exact, 1.0 / assignments.size());
        return new Result(List.copyOf(groupTime), cohortEffects, weights, inference);
    }

    /**
     * The overall weighted effect of the values {@code y} under an assignment (cohort index per seat or -1).
     * Fills groupTime, cohortEffects and weights when they are given. NaN when no cohort has an effect.
     */
    static double statistic(double[][] y, int[] assignment, int[] startIndex, int[] pilotCount, int months,
                            List<String> cohorts, LocalDate first, List<GroupTime> groupTime,
                            Map<String, Double> cohortEffects, Map<String, Integer> weights) {
        int n = y.length;
        double weighted = 0;
        int weightSum = 0;
        for (int g = 0; g < startIndex.length; g++) {
            int s = startIndex[g];
            double[] base = new double[n];
            for (int i = 0; i < n; i++) {
                double sum = 0;
                int k = 0;
                for (int t = Math.max(0, s - EventStudy.PRE_MONTHS); t < s; t++) {
                    if (!Double.isNaN(y[i][t])) {
                        sum += y[i][t];
                        k++;
                    }
                }
                base[i] = k == 0 ? Double.NaN : sum / k;
            }
            double effectSum = 0;
            int effectMonths = 0;
            for (int t = s; t < months; t++) {
                double pSum = 0;
                int pN = 0;
                double cSum = 0;
                int cN = 0;
                for (int i = 0; i < n; i++) {
                    double v = y[i][t] - base[i];
                    if (Double.isNaN(v)) {
                        continue;
                    }
                    if (assignment[i] == g) {
                        pSum += v;
                        pN++;
                    } else if (assignment[i] < 0 || startIndex[assignment[i]] > t) {
                        cSum += v;
                        cN++;
                    }
                }
                if (pN > 0 && cN > 0) {
                    double effect = pSum / pN - cSum / cN;
                    effectSum += effect;
                    effectMonths++;
                    if (groupTime != null) {
                        groupTime.add(new GroupTime(cohorts.get(g), first.plusMonths(t), effect, pN, cN));
                    }
                }
            }
            if (effectMonths > 0) {
                double att = effectSum / effectMonths;
                weighted += pilotCount[g] * att;
                weightSum += pilotCount[g];
                if (cohortEffects != null) {
                    cohortEffects.put(cohorts.get(g), att);
                    weights.put(cohorts.get(g), pilotCount[g]);
                }
            }
        }
        return weightSum == 0 ? Double.NaN : weighted / weightSum;
    }

    private static int[] blank(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    /** Every combination of each cohort's choice of pilot seats among its pool. */
    private static void enumerate(List<int[]> pools, int[] pilotCount, int g, int[] current, List<int[]> out) {
        if (g == pools.size()) {
            out.add(current.clone());
            return;
        }
        choose(pools.get(g), pilotCount[g], 0, g, current, pools, pilotCount, out);
    }

    private static void choose(int[] pool, int left, int from, int g, int[] current, List<int[]> pools, int[] pilotCount,
                               List<int[]> out) {
        if (left == 0) {
            enumerate(pools, pilotCount, g + 1, current, out);
            return;
        }
        for (int j = from; j <= pool.length - left; j++) {
            current[pool[j]] = g;
            choose(pool, left - 1, j + 1, g, current, pools, pilotCount, out);
            current[pool[j]] = -1;
        }
    }
}
