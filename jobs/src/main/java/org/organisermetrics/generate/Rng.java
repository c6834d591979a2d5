package org.organisermetrics.generate;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic random streams. Every stream is keyed by the seed and by what it is for
 * (a tag, a seat, an elector number, a month...), never by the partition or thread that
 * happens to compute it, so any task can recompute any part of the world.
 */
final class Rng {
    private Rng() {}

    // Tags: one per kind of draw, so that streams never overlap.
    static final long SEAT = 0x5EA7L;
    static final long BLOCK = 0xB10CL;
    static final long PILOT = 0x9170L;
    static final long ELECTOR = 0xE1EC7L;
    static final long PEOPLE = 0x9E09L;
    static final long VOLUNTEER = 0x701L;
    static final long MEMBER = 0x3E3BL;
    static final long PILOT_RECRUITS = 0x9170E5L;
    static final long CONTACTS = 0xC0C7L;
    static final long ACTIVITIES = 0xAC71L;
    static final long AID_HOURS = 0xA1D0L;
    static final long TRAINING = 0x7EA1L;
    static final long EVENTS = 0xE7E7L;
    static final long SIGNUPS = 0x5167L;
    static final long COMMS = 0xC033L;
    static final long AID = 0xA1DL;
    static final long VOTE = 0x7073L;
    static final long SWING = 0x5717L;
    static final long CANDIDATE = 0xCA7DL;
    static final long ORGANISER = 0x0C9AL;
    static final long DEPARTURES = 0xDE9A7L;

    static long splitmix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long mix(long seed, long... parts) {
        long h = splitmix(seed);
        for (long p : parts) {
            h = splitmix(h ^ p);
        }
        return h;
    }

    static SplittableRandom of(long seed, long... parts) {
        return new SplittableRandom(mix(seed, parts));
    }

    /** A month as one number (year * 12 + month), independent of the generated period. */
    static long monthKey(java.time.YearMonth m) {
        return m.getYear() * 12L + m.getMonthValue();
    }

    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    static <T> T pick(SplittableRandom r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    static <T> T pick(SplittableRandom r, T[] array) {
        return array[r.nextInt(array.length)];
    }

    /** Index drawn with the given (not necessarily normalised) weights. */
    static int weighted(SplittableRandom r, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    static int poisson(SplittableRandom r, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 40) {
            double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * g));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** A day uniformly in [a, b] (both inclusive); a when b is before a. */
    static LocalDate day(SplittableRandom r, LocalDate a, LocalDate b) {
        long span = b.toEpochDay() - a.toEpochDay();
        if (span <= 0) {
            return a;
        }
        return LocalDate.ofEpochDay(a.toEpochDay() + r.nextLong(span + 1));
    }
}
