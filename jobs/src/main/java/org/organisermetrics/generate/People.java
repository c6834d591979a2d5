package org.organisermetrics.generate;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.organisermetrics.contract.Codes;

/**
 * The volunteers and members of one seat, a pure function of (seed, seat, settings): any task
 * can recompute a seat's helper pool (activities, training and contacts need its ids).
 *
 * <p>Each volunteer has its own random stream, and pilot-effect recruits have their own, so a
 * run with --pilot-effect differs from one without only by the extra recruits and their doings.
 */
final class People {
    static final int DORMANT = 0;
    static final int OCCASIONAL = 1;
    static final int ACTIVE = 2;

    static final class Volunteer {
        String id;
        long key;
        int electorN = -1;
        String electorId;
        String memberId;
        String firstName;
        String lastName;
        String email;
        String phone;
        String postcode;
        String wardCode;
        LocalDate recruitedOn;
        String recruitmentSource;
        String organiserId;
        int activity;
    }

    static final class Member {
        String id;
        String electorId;
        String firstName;
        String lastName;
        String email;
        String phone;
        String postcode;
        LocalDate joinedOn;
        LocalDate lapsedOn;
    }

    final World.Seat seat;
    /** Sorted by recruited_on (then id), so "recruited by date d" is a prefix. */
    final List<Volunteer> volunteers = new ArrayList<>();
    final List<Member> members = new ArrayList<>();

    private final World world;
    private final Set<Integer> linkedElectors = new HashSet<>();
    private int memberSeq;
    private int pilotMemberSeq;

    private People(World world, World.Seat seat) {
        this.world = world;
        this.seat = seat;
    }

    static People of(World world, World.Seat seat) {
        People p = new People(world, seat);
        p.build();
        return p;
    }

    private void build() {
        GeneratorSettings s = world.settings;
        SplittableRandom r = Rng.of(s.seed(), Rng.PEOPLE, seat.ordinal);
        LocalDate from = s.from().atDay(1);
        LocalDate last = s.lastDay();
        int seq = 0;
        // The pool that existed before the period.
        for (int i = 0; i < seat.initialPool; i++) {
            LocalDate d = Rng.day(r, later(from.minusYears(6), Electors.EARLIEST), from.minusDays(1));
            volunteers.add(volunteer(String.format(Locale.ROOT, "V%03d%05d", seat.ordinal, ++seq), d, false));
        }
        LocalDate general = world.inPeriodGeneral() == null ? null : world.inPeriodGeneral().pollingDate();
        org.organisermetrics.generate.PilotDepartures departures = s.departures();
        SplittableRandom dispersion = Rng.of(s.seed(), Rng.DEPARTURES, seat.ordinal, 1);
        int monthIndex = 0;
        for (YearMonth m : world.months) {
            double rate = seat.recruitsPerMonth + seat.trendSlope * monthIndex++; // a keen seat's own trend (departures)
            if (!seat.organising && general != null && YearMonth.from(general).equals(m)) {
                rate *= 3; // elsewhere, people offer help when an election is on
            }
            if (departures.overdispersion() > 0) {
                rate *= org.organisermetrics.generate.PilotDepartures.gammaMeanOne(dispersion, departures.overdispersion());
            }
            int n = Rng.poisson(r, rate);
            LocalDate end = m.atEndOfMonth().isAfter(last) ? last : m.atEndOfMonth();
            for (int i = 0; i < n; i++) {
                volunteers.add(volunteer(String.format(Locale.ROOT, "V%03d%05d", seat.ordinal, ++seq), Rng.day(r, m.atDay(1), end),
                        false));
            }
        }
        // Members who do not volunteer.
        for (int i = 0; i < seat.otherMembers; i++) {
            SplittableRandom mr = Rng.of(s.seed(), Rng.MEMBER, seat.ordinal, i);
            Member m = new Member();
            m.id = String.format(Locale.ROOT, "M%03d%05d", seat.ordinal, 50_000 + i);
            if (mr.nextDouble() < 0.8) {
                int n = mr.nextInt(seat.electors);
                if (linkedElectors.add(n)) {
                    Electors.Elector e = Electors.full(world, seat, n, new Electors.Elector());
                    m.electorId = Electors.id(seat, n);
                    m.firstName = e.firstName;
                    m.lastName = e.lastName;
                    m.postcode = e.postcode;
                }
            }
            if (m.firstName == null) {
                m.firstName = Rng.pick(mr, Names.FIRST);
                m.lastName = Rng.pick(mr, Names.LAST);
                m.postcode = offRegisterPostcode(mr);
            }
            m.email = mr.nextDouble() < 0.8 ? email(mr, m.firstName, m.lastName) : null;
            m.phone = mr.nextDouble() < 0.6 ? phone(mr) : null;
            m.joinedOn = Rng.day(mr, later(last.minusYears(30), Electors.EARLIEST), last);
            if (mr.nextDouble() < 0.15) {
                LocalDate lapse = m.joinedOn.plusDays(30 + mr.nextInt(365 * 4));
                m.lapsedOn = lapse.isAfter(last) ? null : lapse;
            }
            members.add(m);
        }
        // The pilot effect: X extra recruits a month in a selected seat from its start month
        // (the whole part of X every month, the fraction as a coin toss), from a stream of their own.
        if (seat.selected && s.pilotEffect() > 0) {
            SplittableRandom pr = Rng.of(s.seed(), Rng.PILOT_RECRUITS, seat.ordinal);
            int pseq = 0;
            for (YearMonth m : world.months) {
                if (m.isBefore(seat.pilotStart) || seat.pilotEnd != null && m.isAfter(seat.pilotEnd)) {
                    continue;
                }
                double effect = pilotEffect(s, seat, m);
                int whole = (int) Math.floor(effect);
                double fraction = effect - whole;
                int n = whole + (pr.nextDouble() < fraction ? 1 : 0);
                LocalDate end = m.atEndOfMonth().isAfter(last) ? last : m.atEndOfMonth();
                for (int i = 0; i < n; i++) {
                    volunteers.add(volunteer(String.format(Locale.ROOT, "V%03dP%05d", seat.ordinal, ++pseq),
                            Rng.day(pr, m.atDay(1), end), true));
                }
            }
        }
        volunteers.sort(Comparator.comparing((Volunteer v) -> v.recruitedOn).thenComparing(v -> v.id));
        members.sort(Comparator.comparing(m -> m.id));
    }

    /**
     * The expected extra recruits of a selected seat in month m of its pilot: --pilot-effect, or with
     * departures the seat's own effect, built up over the first months; 0 outside its pilot window.
     */
    static double pilotEffect(GeneratorSettings s, World.Seat seat, YearMonth m) {
        if (!seat.selected || m.isBefore(seat.pilotStart) || seat.pilotEnd != null && m.isAfter(seat.pilotEnd)) {
            return 0;
        }
        int k = (int) java.time.temporal.ChronoUnit.MONTHS.between(seat.pilotStart, m) + 1;
        return s.departures().effectInMonth(s.pilotEffect() * seat.effectScale, k);
    }

    private Volunteer volunteer(String id, LocalDate recruitedOn, boolean pilotRecruit) {
        GeneratorSettings s = world.settings;
        SplittableRandom r = Rng.of(s.seed(), Rng.VOLUNTEER, seat.ordinal, id.hashCode(), pilotRecruit ? 1 : 0);
        Volunteer v = new Volunteer();
        v.id = id;
        v.key = Rng.mix(s.seed(), Rng.VOLUNTEER, seat.ordinal, id.hashCode());
        v.recruitedOn = recruitedOn;
        // About three in four are on the register; the rest are not (too young, not registered, moved...).
        if (r.nextDouble() < 0.75) {
            int n = r.nextInt(seat.electors);
            if (linkedElectors.add(n)) {
                Electors.Elector e = Electors.full(world, seat, n, new Electors.Elector());
                v.electorN = n;
                v.electorId = Electors.id(seat, n);
                v.firstName = e.firstName;
                v.lastName = e.lastName;
                v.postcode = e.postcode;
                v.wardCode = seat.wards.get(e.ward).code();
            }
        }
        if (v.electorId == null) {
            v.firstName = Rng.pick(r, Names.FIRST);
            v.lastName = Rng.pick(r, Names.LAST);
            v.postcode = r.nextDouble() < 0.8 ? offRegisterPostcode(r) : null;
            v.wardCode = r.nextDouble() < 0.7 ? Rng.pick(r, seat.wards).code() : null;
        }
        v.email = r.nextDouble() < 0.85 ? email(r, v.firstName, v.lastName) : null;
        v.phone = r.nextDouble() < 0.7 ? phone(r) : null;
        v.recruitmentSource = Codes.RECRUITMENT_SOURCE.get(Rng.weighted(r,
                seat.organising ? new double[] {25, 20, 20, 15, 10, 5, 5} : new double[] {40, 5, 5, 15, 15, 15, 5}));
        if (r.nextDouble() < 0.05) {
            v.recruitmentSource = null;
        }
        boolean pilotMonth = seat.selected && !YearMonth.from(recruitedOn).isBefore(seat.pilotStart)
                && (seat.pilotEnd == null || !YearMonth.from(recruitedOn).isAfter(seat.pilotEnd));
        if (pilotMonth && (pilotRecruit || r.nextDouble() < 0.7)) {
            v.organiserId = seat.organiserId;
        }
        double a = r.nextDouble();
        v.activity = seat.organising
                ? (a < 0.28 ? ACTIVE : a < 0.5 ? OCCASIONAL : DORMANT)
                : (a < 0.15 ? ACTIVE : a < 0.4 ? OCCASIONAL : DORMANT);
        maybeMember(v, r, pilotRecruit);
        return v;
    }

    /**
     * About 40% of volunteers are (or become) members. The link is the member_id on the volunteer
     * row (60%), or only a shared elector_id (25%), or only a shared email (15%). A third join
     * after they were recruited, many just after the general election; some memberships lapse.
     */
    private void maybeMember(Volunteer v, SplittableRandom r, boolean pilotRecruit) {
        if (r.nextDouble() >= 0.4) {
            return;
        }
        LocalDate last = world.settings.lastDay();
        Member m = new Member();
        double how = r.nextDouble();
        int mode = how < 0.6 ? 0 : how < 0.85 ? 1 : 2;
        if (mode == 1 && v.electorId == null) {
            mode = 0;
        }
        if (mode == 2 && v.email == null) {
            mode = 0;
        }
        if (r.nextDouble() < 0.35) {
            World.Election ge = world.inPeriodGeneral();
            LocalDate joined = ge != null && ge.pollingDate().isAfter(v.recruitedOn) && r.nextBoolean()
                    ? ge.pollingDate().plusDays(7 + r.nextInt(120))
                    : v.recruitedOn.plusDays(20 + r.nextInt(540));
            if (joined.isAfter(last)) {
                return; // not a member (yet)
            }
            m.joinedOn = joined;
        } else {
            LocalDate lo = later(v.recruitedOn.minusYears(12), Electors.EARLIEST);
            m.joinedOn = Rng.day(r, lo, v.recruitedOn);
            if (r.nextDouble() < 0.3) {
                v.recruitmentSource = "MEMBER";
            }
        }
        if (r.nextDouble() < 0.12) {
            LocalDate lapse = m.joinedOn.plusDays(60 + r.nextInt(365 * 3));
            m.lapsedOn = lapse.isAfter(last) ? null : lapse;
        }
        m.id = pilotRecruit ? String.format(Locale.ROOT, "M%03dP%05d", seat.ordinal, ++pilotMemberSeq)
                : String.format(Locale.ROOT, "M%03d%05d", seat.ordinal, ++memberSeq);
        m.firstName = v.firstName;
        m.lastName = v.lastName;
        m.postcode = v.postcode;
        switch (mode) {
            case 0 -> {
                v.memberId = m.id;
                m.electorId = v.electorId;
                m.email = r.nextBoolean() ? v.email : (r.nextBoolean() ? email(r, v.firstName, v.lastName) : null);
                m.phone = r.nextBoolean() ? v.phone : null;
            }
            case 1 -> {
                m.electorId = v.electorId;
                m.email = r.nextDouble() < 0.4 ? v.email : null;
                m.phone = r.nextDouble() < 0.4 ? v.phone : null;
            }
            default -> {
                m.email = v.email;
                m.phone = r.nextBoolean() ? v.phone : null;
            }
        }
        members.add(m);
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private String offRegisterPostcode(SplittableRandom r) {
        int ward = r.nextInt(seat.wards.size());
        return Electors.postcode(seat, ward, r.nextInt(20), r.nextLong());
    }

    static String email(SplittableRandom r, String first, String last) {
        String local = (first + "." + last).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z.]", "");
        return local + "." + (1 + r.nextInt(999)) + "@example.org";
    }

    static String phone(SplittableRandom r) {
        return String.format(Locale.ROOT, "07700 9%05d", r.nextInt(100_000));
    }

    /** Volunteers recruited on or before d (a prefix of the sorted list). */
    int recruitedBy(LocalDate d) {
        int lo = 0;
        int hi = volunteers.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (!volunteers.get(mid).recruitedOn.isAfter(d)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
