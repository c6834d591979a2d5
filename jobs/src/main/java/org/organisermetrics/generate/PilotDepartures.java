package org.organisermetrics.generate;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Realistic departures from the generator's ideal pilot (parallel trends, one exact effect, Poisson
 * counts, one cohort, nobody leaving), for the coverage study that could fail
 * (docs/pilot-evaluation.md). {@link #NONE} leaves the generated landing zone exactly as without it.
 *
 * @param preTrend          pilot seats are keener: each selected seat's monthly recruitment rate grows by
 *                          s recruits a month every month over the whole period (before and after its start),
 *                          s = preTrend × (0.5 + u), u uniform on [0, 1) per seat (mean preTrend)
 * @param effectGrowthMonths when above 0, the effect in the seat's k-th pilot month (k = 1, 2, ...) is
 *                          pilotEffect × min(1, k / effectGrowthMonths): it builds up
 * @param effectSpread      heterogeneous effects: each selected seat's effect is pilotEffect × (1 + effectSpread × (2u - 1)),
 *                          u uniform per seat (mean pilotEffect; 1 gives effects uniform on 0 to 2 × pilotEffect)
 * @param overdispersion    φ: every seat-month's rate is multiplied by a Gamma draw of mean 1 and variance φ,
 *                          so counts are negative binomial (variance rate + φ rate²) rather than Poisson
 * @param lateCohortMonths  when above 0, the applicants are split into two cohorts (alternately, after the
 *                          random shuffle); the second starts this many months after the first, each with half its applicants selected
 * @param dropout           the chance that a selected seat leaves the pilot (end_month set) at a month drawn
 *                          uniformly from its second pilot month to the last month; its extra recruits stop then
 */
public record PilotDepartures(double preTrend, int effectGrowthMonths, double effectSpread, double overdispersion,
                              int lateCohortMonths, double dropout) implements Serializable {
    public static final PilotDepartures NONE = new PilotDepartures(0, 0, 0, 0, 0, 0);

    public PilotDepartures {
        if (!(preTrend >= 0) || effectGrowthMonths < 0 || !(effectSpread >= 0 && effectSpread <= 1)
                || !(overdispersion >= 0) || lateCohortMonths < 0 || !(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("pilot departures out of range: " + this);
        }
    }

    public boolean none() {
        return equals(NONE);
    }

    public PilotDepartures withPreTrend(double x) {
        return new PilotDepartures(x, effectGrowthMonths, effectSpread, overdispersion, lateCohortMonths, dropout);
    }

    public PilotDepartures withEffectGrowthMonths(int x) {
        return new PilotDepartures(preTrend, x, effectSpread, overdispersion, lateCohortMonths, dropout);
    }

    public PilotDepartures withEffectSpread(double x) {
        return new PilotDepartures(preTrend, effectGrowthMonths, x, overdispersion, lateCohortMonths, dropout);
    }

    public PilotDepartures withOverdispersion(double x) {
        return new PilotDepartures(preTrend, effectGrowthMonths, effectSpread, x, lateCohortMonths, dropout);
    }

    public PilotDepartures withLateCohortMonths(int x) {
        return new PilotDepartures(preTrend, effectGrowthMonths, effectSpread, overdispersion, x, dropout);
    }

    public PilotDepartures withDropout(double x) {
        return new PilotDepartures(preTrend, effectGrowthMonths, effectSpread, overdispersion, lateCohortMonths, x);
    }

    /** The effect in a seat's k-th pilot month (k = 1 for its start month) given the seat's own full effect. */
    public double effectInMonth(double seatEffect, int k) {
        return effectGrowthMonths <= 0 ? seatEffect : seatEffect * Math.min(1.0, (double) k / effectGrowthMonths);
    }

    /** A Gamma draw of mean 1 and variance φ (Marsaglia and Tsang 2000, with the boost for shape below 1); 1 when φ is 0. */
    public static double gammaMeanOne(SplittableRandom r, double phi) {
        if (phi <= 0) {
            return 1;
        }
        double shape = 1 / phi;
        double boost = 1;
        if (shape < 1) {
            boost = Math.pow(r.nextDouble(), 1 / shape);
            shape += 1;
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal(r);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = r.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return boost * d * v * phi; // Gamma(shape, scale φ): mean shape × φ = 1
            }
        }
    }

    private static double normal(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
