package org.organisermetrics.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.organisermetrics.contract.Codes;
import org.organisermetrics.contract.Columns;

/**
 * The small, shared part of a generated world, computed on the driver from the seed and sent
 * to every task: seats with their wards and traits, elections, organisers, the pilot cohort,
 * mutual-aid pairs and courses. People and facts are derived from it per seat or per month.
 */
final class World implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String SEATS_RESOURCE = "/generate/seats-2010-2019.csv";
    /** Regions in the order their blocks of seats are taken, so the first 12 seats are 3 regions x 4. */
    static final List<String> REGION_ORDER = List.of("London", "North West", "Yorkshire and The Humber",
            "West Midlands", "Scotland", "South East", "North East", "East Midlands", "Wales", "East of England",
            "South West", "Northern Ireland");
    static final int BLOCK = 4;
    static final int SHORT_CAMPAIGN_DAYS = 28;

    enum PairType { RECIPROCAL, ONE_WAY }

    record Ward(String code, String name, int index) implements Serializable {}

    record Party(String resultCode, String intention, double share) implements Serializable {}

    record Election(int index, String id, String type, LocalDate pollingDate, String name) implements Serializable {
        boolean general() { return Codes.GENERAL.equals(type); }
    }

    record Organiser(String id, String name, String region) implements Serializable {}

    record Course(String code, String name, boolean countsAsTrained) implements Serializable {}

    static final List<Course> COURSES = List.of(
            new Course("ORG101", "Community organising foundations", true),
            new Course("ORG201", "One-to-one conversations", true),
            new Course("ORG301", "Running a community conference", true),
            new Course("CANV100", "Doorstep canvassing basics", false),
            new Course("DATA100", "Using the contact database", false),
            new Course("SAFE100", "Safeguarding for volunteers", false));

    /** One seat and everything about it that does not change month to month. */
    static final class Seat implements Serializable {
        private static final long serialVersionUID = 1L;
        int ordinal;
        /** The council whose register export holds the seat's electors (generate --formats); null otherwise. */
        String council;
        String code;
        String name;
        String region;
        String nation;
        String town;
        boolean organising;
        boolean applicant;
        boolean selected;
        /** The cohort the seat applied to, its start (the cohort's start month) and, when it left the pilot, its end month. */
        String cohort;
        YearMonth pilotStart;
        YearMonth pilotEnd;
        /** The seat's own pilot effect relative to --pilot-effect (1 without departures). */
        double effectScale = 1;
        /** Extra recruits a month added every month over the period (0 without departures). */
        double trendSlope;
        String organiserId;
        LocalDate appliedOn;
        int targetRecruits;
        int targetTrained;
        int electors;
        /** wardEnd[w] = first elector number after ward w (electors are numbered ward by ward). */
        int[] wardEnd;
        List<Ward> wards;
        String postArea;
        /** Helper pool before the period, and the mean recruits per month during it. */
        int initialPool;
        double recruitsPerMonth;
        int otherMembers;
        int emailList;
        double turnoutShift;
        List<Party> parties;
        int partner = -1;
        PairType pairType;
        boolean giver;

        int wardOf(int n) {
            int lo = 0;
            int hi = wardEnd.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (n < wardEnd[mid]) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }

        int wardStart(int w) {
            return w == 0 ? 0 : wardEnd[w - 1];
        }

        int ownPartyIndex(String own) {
            for (int i = 0; i < parties.size(); i++) {
                if (parties.get(i).resultCode().equals(own)) {
                    return i;
                }
            }
            return -1;
        }
    }

    final GeneratorSettings settings;
    final List<Seat> seats;
    final List<Election> elections;
    final List<Organiser> organisers;
    final String cohort;
    final YearMonth pilotStart;
    /** Months that carry fact rows: from..to, without months that start after today. */
    final List<YearMonth> months;

    World(GeneratorSettings s) {
        this.settings = s;
        List<String[]> ordered = orderSeats(readSeats());
        this.months = factMonths(s);
        this.pilotStart = s.from().plusMonths(12);
        this.cohort = pilotStart.getYear() + "A";
        this.seats = new ArrayList<>();
        for (int i = 0; i < s.seats(); i++) {
            seats.add(makeSeat(s, i, ordered.get(i)));
        }
        choosePilot(s);
        this.organisers = assignOrganisers(s);
        pairNeighbours();
        this.elections = makeElections(s);
    }

    // ---------------------------------------------------------------- seats

    static List<String[]> readSeats() {
        try (InputStream in = World.class.getResourceAsStream(SEATS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SEATS_RESOURCE);
            }
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            List<String[]> rows = new ArrayList<>();
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                rows.add(new String[] {r.get(Columns.SEAT_CODE), r.get("seat_name"), r.get("region"), r.get("nation")});
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A fixed order that mixes regions: blocks of four seats (sorted by code within a region),
     * one block per region in {@link #REGION_ORDER}, round after round. The first 12 seats are
     * four each in London, the North West and Yorkshire; neighbours in a block share a region.
     */
    static List<String[]> orderSeats(List<String[]> all) {
        Map<String, List<String[]>> byRegion = new LinkedHashMap<>();
        for (String region : REGION_ORDER) {
            byRegion.put(region, new ArrayList<>());
        }
        for (String[] row : all) {
            byRegion.computeIfAbsent(row[2], k -> new ArrayList<>()).add(row);
        }
        byRegion.values().forEach(l -> l.sort(Comparator.comparing(r -> r[0])));
        List<String[]> ordered = new ArrayList<>();
        int round = 0;
        while (ordered.size() < all.size()) {
            for (List<String[]> rows : byRegion.values()) {
                int start = round * BLOCK;
                for (int i = start; i < Math.min(start + BLOCK, rows.size()); i++) {
                    ordered.add(rows.get(i));
                }
            }
            round++;
        }
        return ordered;
    }

    private Seat makeSeat(GeneratorSettings s, int ordinal, String[] row) {
        SplittableRandom r = Rng.of(s.seed(), Rng.SEAT, ordinal);
        Seat seat = new Seat();
        seat.ordinal = ordinal;
        seat.code = row[0];
        seat.council = s.formats() ? Exports.council(seat) : null;
        seat.name = row[1];
        seat.region = row[2];
        seat.nation = row[3];
        seat.town = townOf(row[1]);
        boolean ni = "Northern Ireland".equals(seat.nation);
        // Within each block of four, one or two seats organise all year (never in Northern Ireland,
        // where the default own party does not stand).
        SplittableRandom block = Rng.of(s.seed(), Rng.BLOCK, ordinal / BLOCK);
        int organisingInBlock = 1 + block.nextInt(2);
        int firstOrganising = block.nextInt(BLOCK);
        int pos = ordinal % BLOCK;
        seat.organising = !ni && ((pos - firstOrganising + BLOCK) % BLOCK) < organisingInBlock;
        seat.electors = (int) Math.round(s.electorsPerSeat() * Rng.uniform(r, 0.8, 1.2));
        int nWards = 10 + r.nextInt(11);
        double[] weights = new double[nWards];
        double total = 0;
        for (int w = 0; w < nWards; w++) {
            weights[w] = Rng.uniform(r, 0.6, 1.4);
            total += weights[w];
        }
        seat.wardEnd = new int[nWards];
        double acc = 0;
        for (int w = 0; w < nWards; w++) {
            acc += weights[w];
            seat.wardEnd[w] = w == nWards - 1 ? seat.electors : (int) Math.round(seat.electors * acc / total);
        }
        seat.wards = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (int w = 0; w < nWards; w++) {
            String name;
            do {
                name = Rng.pick(r, Names.WARD) + Rng.pick(r, Names.WARD_SUFFIX);
            } while (used.contains(name));
            used.add(name);
            // E05 + 6 digits, unique: 800000 + 20 per seat ordinal + ward index (at most 20 wards a seat).
            seat.wards.add(new Ward(String.format(Locale.ROOT, "E05%06d", 800_000 + ordinal * 20 + w), name, w));
        }
        seat.postArea = Names.POST_AREA[ordinal % Names.POST_AREA.length];
        int max = s.maxHelpersPerSeat();
        double pool = seat.organising ? max * Rng.uniform(r, 0.6, 1.0) : Math.max(10, max * Rng.uniform(r, 0.03, 0.15));
        seat.initialPool = Math.max(5, (int) Math.round(pool * 0.35));
        seat.recruitsPerMonth = pool * 0.65 / 36.0;
        seat.otherMembers = (int) Math.round(max * Rng.uniform(r, 0.15, 0.45));
        seat.emailList = seat.organising ? 5_000 + r.nextInt(1_500) : 500 + r.nextInt(1_500);
        seat.turnoutShift = Rng.uniform(r, -0.04, 0.04);
        seat.parties = parties(r, seat.nation, s.ownParty());
        return seat;
    }

    private static String townOf(String seatName) {
        String t = seatName.split(",")[0];
        t = t.replace(" and ", " ").trim();
        String[] words = t.split(" ");
        String first = words[0];
        if (List.of("North", "South", "East", "West", "Mid", "Central", "City", "Inner").contains(first)
                && words.length > 1) {
            return words[1];
        }
        return first;
    }

    private static List<Party> parties(SplittableRandom r, String nation, String own) {
        List<Party> list = new ArrayList<>();
        if ("Northern Ireland".equals(nation)) {
            String[] codes = {"DUP", "SF", "APNI", "SDLP", "UUP"};
            for (String c : codes) {
                list.add(new Party(c, "OTH", Rng.uniform(r, 0.1, 0.4)));
            }
            return normalise(list);
        }
        list.add(new Party("LAB", "LAB", 0.36 * Rng.uniform(r, 0.6, 1.4)));
        list.add(new Party("CON", "CON", 0.30 * Rng.uniform(r, 0.6, 1.4)));
        list.add(new Party("LD", "LD", 0.11 * Rng.uniform(r, 0.4, 1.6)));
        list.add(new Party("GRN", "GRN", 0.06 * Rng.uniform(r, 0.5, 1.5)));
        list.add(new Party("REF", "REF", 0.12 * Rng.uniform(r, 0.5, 1.5)));
        if ("Scotland".equals(nation)) {
            list.add(new Party("SNP", "SNP", 0.34 * Rng.uniform(r, 0.7, 1.3)));
        } else if ("Wales".equals(nation)) {
            list.add(new Party("PC", "PC", 0.14 * Rng.uniform(r, 0.5, 1.5)));
        }
        if (!list.stream().anyMatch(p -> p.resultCode().equals(own))) {
            list.add(new Party(own, own, 0.05));
        }
        // The own party is competitive where it organises: at least second in share.
        list.sort(Comparator.comparingDouble(Party::share).reversed());
        int ownAt = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).resultCode().equals(own)) {
                ownAt = i;
            }
        }
        if (ownAt > 1) {
            Party second = list.get(1);
            Party ownParty = list.get(ownAt);
            list.set(1, new Party(ownParty.resultCode(), ownParty.intention(), second.share()));
            list.set(ownAt, new Party(second.resultCode(), second.intention(), ownParty.share()));
        }
        return normalise(list);
    }

    private static List<Party> normalise(List<Party> list) {
        double total = list.stream().mapToDouble(Party::share).sum();
        List<Party> out = new ArrayList<>();
        for (Party p : list) {
            out.add(new Party(p.resultCode(), p.intention(), p.share() / total));
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- pilot, organisers, pairs

    /**
     * Applicants: the keenest seats (organising seats first); at least 8 or 12% of seats.
     * Selected: a random half of the applicants, drawn alike, so with no pilot effect there is
     * no true difference between pilot and control seats.
     */
    private void choosePilot(GeneratorSettings s) {
        int applicants = Math.min(seats.size(), Math.max(8, (int) Math.round(0.12 * seats.size())));
        List<Seat> bySpirit = new ArrayList<>(seats);
        double[] keen = new double[seats.size()];
        for (Seat seat : seats) {
            SplittableRandom r = Rng.of(s.seed(), Rng.PILOT, seat.ordinal);
            boolean ni = "Northern Ireland".equals(seat.nation);
            keen[seat.ordinal] = (seat.organising ? 1.0 : 0.0) + r.nextDouble() - (ni ? 2 : 0);
        }
        bySpirit.sort(Comparator.<Seat>comparingDouble(x -> -keen[x.ordinal]).thenComparingInt(x -> x.ordinal));
        List<Seat> chosen = new ArrayList<>(bySpirit.subList(0, applicants));
        chosen.sort(Comparator.comparingInt(x -> x.ordinal));
        SplittableRandom r = Rng.of(s.seed(), Rng.PILOT, -1);
        // Fisher-Yates on the applicants; the first half is selected.
        for (int i = chosen.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Seat t = chosen.get(i);
            chosen.set(i, chosen.get(j));
            chosen.set(j, t);
        }
        int late = s.departures().lateCohortMonths();
        for (int i = 0; i < chosen.size(); i++) {
            Seat seat = chosen.get(i);
            seat.applicant = true;
            seat.cohort = cohort;
            seat.pilotStart = pilotStart;
            seat.selected = i < chosen.size() / 2;
            if (late > 0) {
                // two cohorts, alternately after the shuffle; half of each selected; the second starts late
                boolean second = i % 2 == 1;
                int poolSize = second ? chosen.size() / 2 : (chosen.size() + 1) / 2;
                seat.selected = i / 2 < poolSize / 2;
                if (second) {
                    seat.pilotStart = pilotStart.plusMonths(late);
                    seat.cohort = seat.pilotStart.getYear() + "B";
                }
            }
            LocalDate applied = Rng.day(r, seat.pilotStart.minusMonths(4).atDay(1), seat.pilotStart.minusMonths(2).atEndOfMonth());
            seat.appliedOn = applied.isAfter(s.today()) ? s.today() : applied;
            if (seat.selected) {
                double scale = s.maxHelpersPerSeat() / 1200.0;
                seat.targetRecruits = Math.max(2, (int) Math.round((10 + r.nextInt(11)) * scale));
                seat.targetTrained = Math.max(1, (int) Math.round((3 + r.nextInt(5)) * scale));
            }
            departures(s, seat);
        }
    }

    /** A selected seat's departures from the ideal pilot (PilotDepartures), from a stream of their own. */
    private void departures(GeneratorSettings s, Seat seat) {
        org.organisermetrics.generate.PilotDepartures d = s.departures();
        if (!seat.selected || d.none()) {
            return;
        }
        SplittableRandom r = Rng.of(s.seed(), Rng.DEPARTURES, seat.ordinal);
        seat.trendSlope = d.preTrend() * (0.5 + r.nextDouble());
        seat.effectScale = 1 + d.effectSpread() * (2 * r.nextDouble() - 1);
        double leaves = r.nextDouble();
        YearMonth last = months.isEmpty() ? s.to() : months.get(months.size() - 1);
        int span = (int) java.time.temporal.ChronoUnit.MONTHS.between(seat.pilotStart, last); // months after the start
        if (leaves < d.dropout() && span >= 1) {
            seat.pilotEnd = seat.pilotStart.plusMonths(1 + r.nextInt(span));
        }
    }

    /** Each organiser covers two or three selected seats of neighbouring order (same region where possible). */
    private List<Organiser> assignOrganisers(GeneratorSettings s) {
        List<Seat> selected = seats.stream().filter(x -> x.selected).toList();
        List<Organiser> list = new ArrayList<>();
        if (selected.isEmpty()) {
            return list;
        }
        int n = Math.max(1, (selected.size() + 2) / 3);
        int per = (selected.size() + n - 1) / n;
        SplittableRandom r = Rng.of(s.seed(), Rng.ORGANISER);
        for (int o = 0; o < n; o++) {
            List<Seat> covered = selected.subList(Math.min(o * per, selected.size()),
                    Math.min((o + 1) * per, selected.size()));
            if (covered.isEmpty()) {
                continue;
            }
            String id = String.format(Locale.ROOT, "ORGR-%03d", o + 1);
            list.add(new Organiser(id, Rng.pick(r, Names.FIRST) + " " + Rng.pick(r, Names.LAST),
                    covered.get(0).region));
            for (Seat seat : covered) {
                seat.organiserId = id;
            }
        }
        return list;
    }

    /**
     * Neighbours for mutual aid: seats 0-1 and 2-3 of each block of four (same region). Pairs
     * alternate: reciprocal (both give some hours), then one-way (the giver sends well over 100
     * hours a year, the other sends nothing).
     */
    private void pairNeighbours() {
        int pairIndex = 0;
        for (int i = 0; i + 1 < seats.size(); i += 2) {
            Seat a = seats.get(i);
            Seat b = seats.get(i + 1);
            if (!a.region.equals(b.region) || a.ordinal / BLOCK != b.ordinal / BLOCK) {
                continue;
            }
            PairType type = pairIndex % 2 == 0 ? PairType.RECIPROCAL : PairType.ONE_WAY;
            a.partner = b.ordinal;
            b.partner = a.ordinal;
            a.pairType = type;
            b.pairType = type;
            // In a one-way pair the organising seat (or the first) gives.
            boolean aGives = a.organising || !b.organising;
            a.giver = type == PairType.RECIPROCAL || aGives;
            b.giver = type == PairType.RECIPROCAL || !aGives;
            pairIndex++;
        }
    }

    // ---------------------------------------------------------------- elections

    static LocalDate firstThursday(YearMonth m) {
        return m.atDay(1).with(TemporalAdjusters.firstInMonth(DayOfWeek.THURSDAY));
    }

    /**
     * A general election about 20 months before the period (history for changes), one general
     * election inside it (about 60% through), and the local elections of every first Thursday of
     * May inside it. Nothing after today or after the period.
     */
    private static List<Election> makeElections(GeneratorSettings s) {
        List<Election> list = new ArrayList<>();
        LocalDate last = s.lastDay();
        LocalDate first = s.from().atDay(1);
        LocalDate previous = firstThursday(s.from().minusMonths(20));
        list.add(new Election(0, "GE-" + previous, Codes.GENERAL, previous, "General election " + previous.getYear()));
        int span = (int) (YearMonth.from(last).getYear() * 12L + YearMonth.from(last).getMonthValue()
                - (s.from().getYear() * 12L + s.from().getMonthValue()));
        YearMonth geMonth = s.from().plusMonths(Math.round(span * 0.6));
        if (geMonth.getMonthValue() == 5) {
            geMonth = geMonth.plusMonths(1);
        }
        LocalDate ge = firstThursday(geMonth);
        while (ge.isAfter(last) && !geMonth.isBefore(s.from())) {
            geMonth = geMonth.minusMonths(1);
            ge = firstThursday(geMonth);
        }
        if (!ge.isAfter(last) && !ge.isBefore(first)) {
            list.add(new Election(0, "GE-" + ge, Codes.GENERAL, ge, "General election " + ge.getYear()));
        }
        for (int year = s.from().getYear(); year <= last.getYear(); year++) {
            LocalDate may = firstThursday(YearMonth.of(year, 5));
            if (!may.isBefore(first) && !may.isAfter(last)) {
                list.add(new Election(0, "LOCAL-" + may, Codes.LOCAL, may, "Local elections " + year));
            }
        }
        list.sort(Comparator.comparing(Election::pollingDate));
        List<Election> indexed = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Election e = list.get(i);
            indexed.add(new Election(i, e.id(), e.type(), e.pollingDate(), e.name()));
        }
        return List.copyOf(indexed);
    }

    /** Wards hold local elections every other year (by ward index and year); every ward votes at a general election. */
    static boolean wardVotes(Election e, int wardIndex) {
        return e.general() || (wardIndex + e.pollingDate().getYear()) % 2 == 0;
    }

    static List<YearMonth> factMonths(GeneratorSettings s) {
        List<YearMonth> list = new ArrayList<>();
        YearMonth last = YearMonth.from(s.lastDay());
        for (YearMonth m = s.from(); !m.isAfter(s.to()) && !m.isAfter(last); m = m.plusMonths(1)) {
            list.add(m);
        }
        return List.copyOf(list);
    }

    Election inPeriodGeneral() {
        return elections.stream().filter(e -> e.general() && !e.pollingDate().isBefore(settings.from().atDay(1)))
                .findFirst().orElse(null);
    }

    Seat seat(int ordinal) {
        return seats.get(ordinal);
    }
}
