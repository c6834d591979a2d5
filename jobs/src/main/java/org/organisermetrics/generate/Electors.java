package org.organisermetrics.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.organisermetrics.contract.Codes;

/**
 * The electoral register of a seat, computed elector by elector: elector n of a seat is a pure
 * function of (seed, seat, n), so the electors file, the contacts and the marked register agree
 * without ever holding the register in memory.
 *
 * <p>Each elector has a latent party and a voter type. Habitual voters (55%) almost always vote
 * and mostly say whom they support; occasional voters (25%) often say "undecided"; rare voters
 * (20%) mostly say they won't vote. That is why promises (stated own-party supporters) turn out
 * far more than the register as a whole, as the field reports (87.9% against about 65%).
 */
final class Electors {
    private Electors() {}

    static final LocalDate EARLIEST = LocalDate.of(1990, 1, 1);
    static final int HABITUAL = 0;
    static final int OCCASIONAL = 1;
    static final int RARE = 2;

    /** One elector; reused between calls to avoid garbage at national scale. */
    static final class Elector {
        int n;
        int ward;
        int party;
        int type;
        LocalDate registeredOn;
        LocalDate leftOn;
        String firstName;
        String lastName;
        String address;
        String postcode;
        String pollingDistrict;
        SplittableRandom rng;

        boolean onRegister(LocalDate d) {
            return (registeredOn == null || !registeredOn.isAfter(d)) && (leftOn == null || leftOn.isAfter(d));
        }
    }

    /** Elector n's id: the seat's code and n, or with --formats the key the council's register gives ({@link Exports}). */
    static String id(World.Seat seat, int n) {
        if (seat.council != null) {
            return Exports.electorId(seat, n);
        }
        StringBuilder b = new StringBuilder(16).append(seat.code).append('-');
        String digits = Integer.toString(n);
        for (int i = digits.length(); i < 6; i++) {
            b.append('0');
        }
        return b.append(digits).toString();
    }

    /** Ward, party, voter type and registration dates: what votes and contacts need. */
    static Elector core(World w, World.Seat seat, int n, Elector e) {
        GeneratorSettings s = w.settings;
        SplittableRandom r = Rng.of(s.seed(), Rng.ELECTOR, seat.ordinal, n);
        e.rng = r;
        e.n = n;
        e.ward = seat.wardOf(n);
        e.party = partyIndex(seat, r.nextDouble());
        double t = r.nextDouble();
        e.type = t < 0.55 ? HABITUAL : t < 0.80 ? OCCASIONAL : RARE;
        LocalDate from = s.from().atDay(1);
        LocalDate last = s.lastDay();
        double u = r.nextDouble();
        if (u < 0.02) {
            e.registeredOn = null;
        } else if (u < 0.91) {
            e.registeredOn = Rng.day(r, EARLIEST, from.minusDays(1));
        } else {
            e.registeredOn = Rng.day(r, from, last);
        }
        e.leftOn = null;
        if (r.nextDouble() < 0.04) {
            LocalDate lo = e.registeredOn == null || e.registeredOn.isBefore(from) ? from : e.registeredOn.plusDays(1);
            if (!lo.isAfter(last)) {
                e.leftOn = Rng.day(r, lo, last);
            }
        }
        return e;
    }

    /** Everything, for the electors file and for volunteers and members who are on the register. */
    static Elector full(World w, World.Seat seat, int n, Elector e) {
        core(w, seat, n, e);
        SplittableRandom r = e.rng;
        e.firstName = Rng.pick(r, Names.FIRST);
        e.lastName = Rng.pick(r, Names.LAST);
        int k = n - seat.wardStart(e.ward);
        int block = k / 40;
        long h = Rng.mix(w.settings.seed(), Rng.ELECTOR, seat.ordinal, -1 - e.ward, block);
        String street = Names.STREET[(int) Math.floorMod(h, (long) Names.STREET.length)] + " "
                + Names.STREET_KIND[(int) Math.floorMod(h >>> 20, (long) Names.STREET_KIND.length)];
        int number = k % 40 + 1;
        if (n % 997 == 13) {
            // A quoted line break, as some register exports have.
            e.address = "Flat 2\n" + number + " " + street + ", " + seat.town;
        } else if (n % 1499 == 7) {
            e.address = "\"Rose Cottage\", " + street + ", " + seat.town;
        } else if (r.nextDouble() < 0.08) {
            e.address = "Flat " + (1 + r.nextInt(6)) + ", " + number + " " + street + ", " + seat.town;
        } else {
            e.address = number + " " + street + ", " + seat.town;
        }
        e.postcode = postcode(seat, e.ward, block, h);
        e.pollingDistrict = "" + (char) ('A' + e.ward / 26) + (char) ('A' + e.ward % 26) + (1 + k / 800);
        return e;
    }

    static String postcode(World.Seat seat, int ward, int block, long h) {
        String units = Names.UNIT_LETTERS;
        return seat.postArea + (ward + 1) + " " + (block % 9 + 1)
                + units.charAt((int) Math.floorMod(h >>> 33, (long) units.length()))
                + units.charAt((int) Math.floorMod(h >>> 45, (long) units.length()));
    }

    static int partyIndex(World.Seat seat, double u) {
        double acc = 0;
        for (int i = 0; i < seat.parties.size(); i++) {
            acc += seat.parties.get(i).share();
            if (u < acc) {
                return i;
            }
        }
        return seat.parties.size() - 1;
    }

    /** What the elector says when asked (never NOT_HOME or REFUSED: the caller decides those). */
    static String statedIntention(World.Seat seat, Elector e, SplittableRandom r) {
        String own = seat.parties.get(e.party).intention();
        double u = r.nextDouble();
        if (u < 0.03) {
            return seat.parties.get(r.nextInt(seat.parties.size())).intention();
        }
        u = r.nextDouble();
        switch (e.type) {
            case HABITUAL:
                return u < 0.9 ? own : "UNDECIDED";
            case OCCASIONAL:
                return u < 0.35 ? own : u < 0.75 ? "UNDECIDED" : u < 0.9 ? "WONT_VOTE" : "AGAINST";
            default:
                return u < 0.1 ? own : u < 0.3 ? "UNDECIDED" : "WONT_VOTE";
        }
    }

    static double voteProbability(World.Seat seat, Elector e, String electionType) {
        boolean general = Codes.GENERAL.equals(electionType);
        double p = switch (e.type) {
            case HABITUAL -> general ? 0.94 : 0.80;
            case OCCASIONAL -> general ? 0.55 : 0.22;
            default -> general ? 0.08 : 0.03;
        };
        return Math.max(0, Math.min(0.99, p + seat.turnoutShift));
    }
}
