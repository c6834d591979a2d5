package org.organisermetrics.generate;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.FileSystem;
import org.organisermetrics.contract.Source;

/**
 * The register-shaped sources, written by ranges of seats: electors, volunteers and members (with the
 * sign-ups to the seats' events, which draw on the volunteers), marked register.
 */
final class Register {
    private Register() {}

    static final int PEOPLE_SEATS_PER_PART = 100;

    /** Seats per electors (and marked register) part file: about 750,000 electors a file. */
    static int seatsPerPart(World w) {
        return Math.max(1, 750_000 / w.settings.electorsPerSeat());
    }

    static int electorParts(World w) {
        return (w.seats.size() + seatsPerPart(w) - 1) / seatsPerPart(w);
    }

    static int peopleParts(World w) {
        return (w.seats.size() + PEOPLE_SEATS_PER_PART - 1) / PEOPLE_SEATS_PER_PART;
    }

    static String electorsFile(int part) {
        return Source.ELECTORS.folder() + "/" + Task.part(part);
    }

    static String volunteersFile(int part) {
        return Source.VOLUNTEERS.folder() + "/" + Task.part(part);
    }

    static String signupsFile(int part) {
        return Source.EVENT_SIGNUPS.folder() + "/" + Task.part(part);
    }

    static String membersFile(int part) {
        return Source.MEMBERS.folder() + "/" + Task.part(part);
    }

    static String markedRegisterFile(World.Election e, int part) {
        return Source.MARKED_REGISTER.folder() + "/" + e.id() + "-" + Task.part(part);
    }

    static Task.Report writeElectors(Task.Context ctx, FileSystem fs, int part) {
        World w = ctx.world();
        if (w.settings.formats()) {
            return Exports.writeRegister(ctx, fs, part);
        }
        Task.Report report = Task.Report.empty();
        String rel = electorsFile(part);
        CsvOut out = ctx.open(fs, Source.ELECTORS, rel, FileStyle.of(Source.ELECTORS, null));
        Electors.Elector e = new Electors.Elector();
        int per = seatsPerPart(w);
        for (int s = part * per; s < Math.min(w.seats.size(), (part + 1) * per); s++) {
            World.Seat seat = w.seat(s);
            for (int n = 0; n < seat.electors; n++) {
                Electors.full(w, seat, n, e);
                out.row(Electors.id(seat, n), seat.code, seat.wards.get(e.ward).code(), e.pollingDistrict,
                        e.firstName, e.lastName, e.address, e.postcode, e.registeredOn, e.leftOn, null);
            }
        }
        ctx.close(Source.ELECTORS, rel, out, report);
        return report;
    }

    static Task.Report writePeople(Task.Context ctx, FileSystem fs, int part,
            java.util.function.Function<World.Seat, People> peopleOf) {
        World w = ctx.world();
        Task.Report report = Task.Report.empty();
        String vrel = volunteersFile(part);
        String mrel = membersFile(part);
        CsvOut vout = ctx.open(fs, Source.VOLUNTEERS, vrel, FileStyle.of(Source.VOLUNTEERS, null));
        CsvOut mout = ctx.open(fs, Source.MEMBERS, mrel, FileStyle.of(Source.MEMBERS, null));
        String srel = signupsFile(part);
        CsvOut sout = ctx.open(fs, Source.EVENT_SIGNUPS, srel, FileStyle.of(Source.EVENT_SIGNUPS, null));
        for (int s = part * PEOPLE_SEATS_PER_PART; s < Math.min(w.seats.size(), (part + 1) * PEOPLE_SEATS_PER_PART);
                s++) {
            World.Seat seat = w.seat(s);
            People p = peopleOf.apply(seat);
            for (People.Volunteer v : p.volunteers) {
                vout.row(v.id, v.electorId, v.memberId, v.firstName, v.lastName, v.email, v.phone, v.postcode,
                        seat.code, v.wardCode, v.recruitedOn, v.recruitmentSource, v.organiserId);
            }
            for (People.Member m : p.members) {
                mout.row(m.id, m.electorId, m.firstName, m.lastName, m.email, m.phone, m.postcode, seat.code,
                        m.joinedOn, m.lapsedOn);
            }
            Facts.signups(w, seat, p, sout);
        }
        ctx.close(Source.VOLUNTEERS, vrel, vout, report);
        ctx.close(Source.MEMBERS, mrel, mout, report);
        ctx.close(Source.EVENT_SIGNUPS, srel, sout, report);
        return report;
    }

    /** Where the votes of a marked register go: the contract's CSV or a council's keyed export. */
    interface VoteSink {
        void vote(World.Seat seat, int n, String method);

        void close(Task.Report report);
    }

    private static VoteSink contractMarkedRegister(Task.Context ctx, FileSystem fs, World.Election election, int part) {
        String rel = markedRegisterFile(election, part);
        CsvOut out = ctx.open(fs, Source.MARKED_REGISTER, rel, FileStyle.of(Source.MARKED_REGISTER, null));
        return new VoteSink() {
            @Override
            public void vote(World.Seat seat, int n, String method) {
                out.row(election.id(), Electors.id(seat, n), method);
            }

            @Override
            public void close(Task.Report report) {
                ctx.close(Source.MARKED_REGISTER, rel, out, report);
            }
        };
    }

    /**
     * One election over a range of seats: the marked register (one row per elector who voted)
     * and the results of each area (seat, or voting ward at a local election) counted from the
     * same electors, so that votes sum to the marked register and never exceed the electorate.
     */
    static Task.Report writeVotes(Task.Context ctx, FileSystem fs, int electionIndex, int part) {
        World w = ctx.world();
        GeneratorSettings s = w.settings;
        World.Election election = w.elections.get(electionIndex);
        LocalDate polling = election.pollingDate();
        Task.Report report = Task.Report.empty();
        VoteSink out = s.formats() ? Exports.markedRegister(ctx, fs, election, part)
                : contractMarkedRegister(ctx, fs, election, part);
        Electors.Elector e = new Electors.Elector();
        World.Election inPeriodGeneral = w.inPeriodGeneral();
        boolean boostElection = inPeriodGeneral != null && inPeriodGeneral.id().equals(election.id());
        int per = seatsPerPart(w);
        for (int si = part * per; si < Math.min(w.seats.size(), (part + 1) * per); si++) {
            World.Seat seat = w.seat(si);
            int areas = election.general() ? 1 : seat.wards.size();
            int parties = seat.parties.size();
            long[] electorate = new long[areas];
            long[][] votes = new long[areas][parties];
            int own = seat.ownPartyIndex(s.ownParty());
            boolean boost = boostElection && seat.organising && own >= 0;
            for (int n = 0; n < seat.electors; n++) {
                int ward = seat.wardOf(n);
                if (!World.wardVotes(election, ward)) {
                    continue;
                }
                Electors.core(w, seat, n, e);
                if (!e.onRegister(polling)) {
                    continue;
                }
                int area = election.general() ? 0 : ward;
                electorate[area]++;
                SplittableRandom r = Rng.of(s.seed(), Rng.VOTE, polling.toEpochDay(), seat.ordinal, n);
                if (r.nextDouble() >= Electors.voteProbability(seat, e, election.type())) {
                    continue;
                }
                int party = r.nextDouble() < 0.9 ? e.party : Electors.partyIndex(seat, r.nextDouble());
                // Organising seats win over some voters of other parties by the general election.
                if (boost && party != own && r.nextDouble() < 0.06) {
                    party = own;
                }
                votes[area][party]++;
                double m = r.nextDouble();
                out.vote(seat, n, m < 0.2 ? "POSTAL" : m < 0.21 ? "PROXY" : "IN_PERSON");
            }
            for (int a = 0; a < areas; a++) {
                if (!election.general() && !World.wardVotes(election, a)) {
                    continue;
                }
                String area = election.general() ? seat.code : seat.wards.get(a).code();
                for (int p = 0; p < parties; p++) {
                    SplittableRandom r = Rng.of(s.seed(), Rng.CANDIDATE, polling.toEpochDay(), area.hashCode(), p);
                    String candidate = Rng.pick(r, Names.FIRST) + " " + Rng.pick(r, Names.LAST);
                    report.results().add(new Object[] {election.id(), area, seat.parties.get(p).resultCode(),
                        candidate, votes[a][p], electorate[a]});
                }
            }
        }
        out.close(report);
        return report;
    }

    static List<Object[]> sortedResults(List<Object[]> rows) {
        rows.sort((x, y) -> {
            int c = ((String) x[0]).compareTo((String) y[0]);
            if (c == 0) {
                c = ((String) x[1]).compareTo((String) y[1]);
            }
            return c == 0 ? ((String) x[2]).compareTo((String) y[2]) : c;
        });
        return rows;
    }

    /** Electors of a seat on the register at an election's polling day (the general-election electorate). */
    static long electorate(World w, World.Seat seat, World.Election election) {
        Electors.Elector e = new Electors.Elector();
        long count = 0;
        for (int n = 0; n < seat.electors; n++) {
            if (Electors.core(w, seat, n, e).onRegister(election.pollingDate())) {
                count++;
            }
        }
        return count;
    }
}
