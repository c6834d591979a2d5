package org.organisermetrics.generate;

import java.util.Locale;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.ColumnType;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;
import org.organisermetrics.contract.Warning;

/**
 * The --bad-rows plan: for every source and every quarantine reason that can occur in it, N rows
 * that break exactly that rule and nothing else (so it is the first rule the ingest meets), plus N
 * exact duplicates per source.
 *
 * <p>Every bad row starts from a valid template row with fresh keys that nothing references (so
 * its quarantine cannot make another row unknown), then one cell is broken. Conflicts are fresh
 * keys written twice with one differing value: the second row is kept (counted as conflict_kept)
 * and the first is quarantined, so N conflicting keys count N rows of each. Marked-register
 * templates name electors of their own, appended valid to the register. Bad rows are appended to
 * one file of each source (the last month's drop for fact sources, the first part or the only file
 * otherwise), in that file's own style.
 */
final class BadRows {
    /** Values that exist nowhere in the generated references. */
    static final String UNKNOWN_SEAT = "E14999999";
    static final String UNKNOWN_WARD = "E05999999";
    static final String UNKNOWN_ID = "XBAD-UNKNOWN";

    private final World world;
    private final int n;
    private final LocalDate today;
    private final World.Seat seat0;
    private final String ward0;
    private final List<String> volunteers;
    private final List<LocalDate> weekdays;
    private final LocalDate day;
    private final String electionId;
    private final String organiserId;
    private final String otherSeat;
    private final long electorate0;
    /** (source, reason) -> rows the ingest should quarantine (or count as duplicates, or load with a warning). */
    final Map<String, Long> expected = new LinkedHashMap<>();

    BadRows(World world, long electorate0) {
        this.world = world;
        this.n = world.settings.badRowsPerReason();
        this.today = world.settings.today();
        this.seat0 = world.seat(0);
        this.ward0 = seat0.wards.get(0).code();
        People people = People.of(world, seat0);
        this.volunteers = people.volunteers.stream().limit(50).map(v -> v.id).toList();
        YearMonth last = world.months.get(world.months.size() - 1);
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = last.atDay(1); !d.isAfter(world.settings.lastDay()); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days.add(d);
            }
        }
        if (days.isEmpty()) {
            days.add(last.atDay(1));
        }
        this.weekdays = days;
        this.day = days.get(0);
        World.Election ge = world.inPeriodGeneral() != null ? world.inPeriodGeneral() : world.elections.get(0);
        this.electionId = ge.id();
        this.organiserId = world.organisers.isEmpty() ? null : world.organisers.get(0).id();
        this.otherSeat = world.seats.size() > 1 ? world.seat(1).code : seat0.code;
        this.electorate0 = electorate0;
    }

    /** The file of a source that receives its bad rows and duplicates. */
    static String targetFile(World w, Source s) {
        YearMonth last = w.months.get(w.months.size() - 1);
        World.Election ge = w.inPeriodGeneral() != null ? w.inPeriodGeneral() : w.elections.get(0);
        return switch (s) {
            case ELECTORS -> Register.electorsFile(0);
            case VOLUNTEERS -> Register.volunteersFile(0);
            case MEMBERS -> Register.membersFile(0);
            case EVENT_SIGNUPS -> Register.signupsFile(0);
            case MARKED_REGISTER -> Register.markedRegisterFile(ge, 0);
            case RESULTS -> Source.RESULTS.folder() + "/" + ge.id() + ".csv";
            case TRAINING, ACTIVITIES, CONTACTS, EVENTS, COMMUNICATIONS, AID -> Facts.file(s, last);
            default -> s.folder() + "/" + s.folder() + ".csv";
        };
    }

    /** The injections of every source, by file. */
    Map<String, Task.Injection> plan() {
        Map<String, Task.Injection> map = new LinkedHashMap<>();
        if (n == 0) {
            return map;
        }
        for (Source s : Source.values()) {
            // With --formats, electors and the marked register are council exports: no contract file to append to.
            if (!(world.settings.formats() && Exports.REPLACED.contains(s))) {
                map.put(targetFile(world, s), forSource(s));
            }
        }
        return map;
    }

    Task.Injection forSource(Source s) {
        List<Object[]> rows = new ArrayList<>();
        List<Boolean> malformed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int[] k = {0};
        if (s == Source.ELECTORS) {
            // The electors the marked register's templates name: valid rows, loaded.
            for (int i = 0; i < markedRegisterTemplates(); i++) {
                rows.add(new Object[] {markedRegisterElector(i), seat0.code, ward0, "AA1", "Test", "Voter" + i,
                    i + " Low Street, " + seat0.town, "ZZ1 1AB", LocalDate.of(2000, 1, 1), null, null});
                malformed.add(false);
            }
        }
        for (Reason reason : Reason.values()) {
            List<Column> targets = targets(s, reason);
            if (targets.isEmpty()) {
                continue;
            }
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (reason == Reason.CONFLICT) {
                    Object[] a = template(s, k[0]++);
                    Object[] b = a.clone();
                    changeOneValue(s, b);
                    rows.add(a);
                    rows.add(b);
                    malformed.add(false);
                    malformed.add(false);
                    count++; // a: b, the later line, is kept
                    continue;
                }
                Object[] row = null;
                // Try each target column in turn until the row is not an exact copy of another bad row.
                for (int t = 0; t < targets.size(); t++) {
                    Object[] candidate = template(s, k[0]);
                    Column c = targets.get((i + t) % targets.size());
                    breakRule(s, reason, c, candidate, i);
                    if (seen.add(Arrays.deepToString(candidate))) {
                        row = candidate;
                        break;
                    }
                }
                k[0]++;
                if (row == null) {
                    continue;
                }
                rows.add(row);
                malformed.add(reason == Reason.MALFORMED_ROW);
                count++;
            }
            expected.put(s.folder() + "," + reason.code(), (long) count);
            if (reason == Reason.CONFLICT) {
                expected.put(s.folder() + "," + Warning.CONFLICT_KEPT.code(), (long) count);
            }
        }
        return new Task.Injection(rows, malformed, n);
    }

    /** An upper bound of the template keys the marked register's bad rows use (one per row, one per conflicting pair). */
    private int markedRegisterTemplates() {
        return Reason.values().length * n;
    }

    private static String markedRegisterElector(int k) {
        return "XBAD-MR" + k;
    }

    /** The columns where a reason can be produced in a source (a row-level reason: any one column). */
    static List<Column> targets(Source s, Reason reason) {
        List<Column> cols = s.columns();
        List<Column> out = new ArrayList<>();
        switch (reason) {
            case MALFORMED_ROW, CONFLICT -> {
                if (reason == Reason.MALFORMED_ROW || !s.key().isEmpty()) {
                    out.add(cols.get(0));
                }
            }
            case MISSING_VALUE -> {
                // Non-key columns first, so a blanked row keeps its fresh key.
                cols.stream().filter(c -> c.required() && !s.key().contains(c.name())).forEach(out::add);
                cols.stream().filter(c -> c.required() && s.key().contains(c.name())).forEach(out::add);
            }
            case BAD_DATE, DATE_TOO_EARLY, FUTURE_DATE -> of(cols, out, ColumnType.DATE);
            case BAD_MONTH -> of(cols, out, ColumnType.MONTH);
            case BAD_BOOLEAN -> of(cols, out, ColumnType.BOOLEAN);
            case BAD_NUMBER, OUT_OF_RANGE -> of(cols, out, ColumnType.COUNT, ColumnType.HOURS, ColumnType.MONEY);
            case UNKNOWN_CODE -> of(cols, out, ColumnType.CODE);
            case VOTES_EXCEED_ELECTORATE -> {
                if (s == Source.RESULTS) {
                    out.add(s.column("votes"));
                }
            }
            case BAD_PILOT_WINDOW -> {
                if (s == Source.PILOT_SEATS) {
                    out.add(s.column("start_month"));
                }
            }
            case UNKNOWN_AREA -> {
                if (s == Source.RESULTS) {
                    out.add(s.column("area_code"));
                }
            }
            case UNKNOWN_SEAT -> refs(cols, out, "seats");
            case UNKNOWN_WARD -> refs(cols, out, "wards");
            case UNKNOWN_COURSE -> refs(cols, out, "courses");
            case UNKNOWN_ELECTION -> refs(cols, out, "elections");
            case UNKNOWN_ORGANISER -> refs(cols, out, "organisers");
            case UNKNOWN_VOLUNTEER -> refs(cols, out, "volunteers");
            case UNKNOWN_ELECTOR -> refs(cols, out, "electors");
        }
        return out;
    }

    private static void of(List<Column> cols, List<Column> out, ColumnType... types) {
        for (Column c : cols) {
            for (ColumnType t : types) {
                if (c.type() == t) {
                    out.add(c);
                }
            }
        }
    }

    /** The columns whose unknown value quarantines the row (not those loaded and counted). */
    private static void refs(List<Column> cols, List<Column> out, String source) {
        cols.stream().filter(c -> source.equals(c.references()) && !c.unknownReferenceLoads()).forEach(out::add);
    }

    private void breakRule(Source s, Reason reason, Column c, Object[] row, int i) {
        int at = s.indexOf(c.name());
        switch (reason) {
            case MALFORMED_ROW -> { } // the writer drops the last field
            case MISSING_VALUE -> row[at] = null;
            case BAD_DATE -> row[at] = raw(i, "soon", "32/01/2024", "2024.01.05");
            case BAD_MONTH -> row[at] = raw(i, "2025-13", "March 2025", "2025/03");
            case BAD_BOOLEAN -> row[at] = raw(i, "maybe", "2", "ja");
            case BAD_NUMBER -> row[at] = raw(i, "twelve", "abc", "1..5");
            case UNKNOWN_CODE -> row[at] = raw(i, "TELEPATHY", "CARRIER_PIGEON", "SEMAPHORE");
            case OUT_OF_RANGE -> row[at] = switch (c.type()) {
                case HOURS -> raw(i, "0", "25", "-2");
                case MONEY -> raw(i, "-5.00", "-0.01", "-120");
                default -> raw(i, "-1", "-3", "-100");
            };
            case DATE_TOO_EARLY -> row[at] = LocalDate.of(1989, 12, 31).minusDays(i % 3000);
            // Decades ahead, so the rows stay in the future for an ingest run on a later day than --today.
            case FUTURE_DATE -> row[at] = today.plusYears(50).plusDays(i % 400);
            case VOTES_EXCEED_ELECTORATE -> row[at] = electorate0 + 1 + i;
            case BAD_PILOT_WINDOW -> {
                row[s.indexOf("selected")] = Boolean.TRUE;
                row[at] = null;
            }
            case UNKNOWN_SEAT, UNKNOWN_AREA -> row[at] = UNKNOWN_SEAT;
            case UNKNOWN_WARD -> row[at] = UNKNOWN_WARD;
            case UNKNOWN_COURSE, UNKNOWN_ELECTION, UNKNOWN_ORGANISER, UNKNOWN_VOLUNTEER -> row[at] = UNKNOWN_ID;
            // Part of the marked register's key: one elector each, or the rows would be copies of one another.
            case UNKNOWN_ELECTOR -> row[at] = UNKNOWN_ID + "-" + i;
            case CONFLICT -> throw new IllegalStateException("conflicts are pairs");
        }
    }

    private static CsvOut.Raw raw(int i, String... values) {
        return new CsvOut.Raw(values[i % values.length]);
    }

    /** The second row of a conflicting pair: same key, one other value changed (still valid). */
    private void changeOneValue(Source s, Object[] row) {
        for (int i = 0; i < row.length; i++) {
            Column c = s.columns().get(i);
            Object v = row[i];
            // (not pilot_seats.selected: selected without a start month would be a bad pilot window)
            if (s.key().contains(c.name()) || v == null || c.name().equals("selected")) {
                continue;
            }
            switch (c.type()) {
                case TEXT -> row[i] = v + " (corrected)";
                case BOOLEAN -> row[i] = !(Boolean) v;
                case COUNT -> row[i] = ((Number) v).longValue() + 1;
                case HOURS -> row[i] = "2.5";
                case CODE -> row[i] = new TreeSet<>(c.codes()).stream().filter(x -> !x.equals(v)).findFirst().orElseThrow();
                default -> {
                    continue;
                }
            }
            return;
        }
        throw new IllegalStateException("no value to change in " + s);
    }

    /** A valid row of a source with fresh keys (k), referring only to things that exist. */
    Object[] template(Source s, int k) {
        String seat = seat0.code;
        return switch (s) {
            case SEATS -> new Object[] {String.format(Locale.ROOT, "E149%05d", k), "Injected Seat " + k, seat0.region, seat0.nation};
            case WARDS -> new Object[] {String.format(Locale.ROOT, "E059%05d", k), "Injected Ward " + k, seat};
            case COURSES -> new Object[] {"XBAD-C" + k, "Injected course " + k, Boolean.TRUE};
            case ELECTIONS -> new Object[] {"XBAD-E" + k, "GENERAL", day, "Injected election " + k};
            case ORGANISERS -> new Object[] {"XBAD-O" + k, "Injected Organiser " + k, seat0.region};
            case ELECTORS -> new Object[] {"XBAD-EL" + k, seat, ward0, "AA1", "Test", "Elector" + k,
                k + " High Street, " + seat0.town, "ZZ1 1AB", LocalDate.of(2000, 1, 1), null, null};
            case MEMBERS -> new Object[] {"XBAD-M" + k, null, "Test", "Member" + k, null, null, null, seat,
                LocalDate.of(2010, 1, 1), null};
            case VOLUNTEERS -> new Object[] {"XBAD-V" + k, null, null, "Test", "Volunteer" + k, null, null, null, seat,
                ward0, day, "OTHER", organiserId};
            case TRAINING -> {
                // Weekday sessions never happen (courses run at weekends): the key is fresh. The
                // date varies fastest so that rows stay distinct when the volunteer is replaced.
                int nd = weekdays.size();
                int nv = volunteers.size();
                int nc = World.COURSES.size();
                yield new Object[] {volunteers.get((k / nd) % nv), World.COURSES.get((k / (nd * nv)) % nc).code(),
                    weekdays.get(k % nd), Boolean.TRUE};
            }
            case ACTIVITIES -> new Object[] {"XBAD-A" + k, volunteers.get(0), day, "CANVASSING", "2.0", seat};
            case CONTACTS -> new Object[] {"XBAD-C" + k, null, seat, ward0, day, "DOOR", volunteers.get(0), "LAB",
                null, Boolean.TRUE};
            case EVENTS -> new Object[] {"XBAD-EV" + k, seat, ward0, day, "SOCIAL", 10 + k};
            case EVENT_SIGNUPS -> new Object[] {"XBAD-EV" + k, volunteers.get(0), "ATTENDED", day};
            case COMMUNICATIONS -> new Object[] {day, seat, "SMS", 100_000 + k};
            case RESULTS -> new Object[] {electionId, seat, "XB" + k, "Injected Candidate", 10L, electorate0};
            case MARKED_REGISTER -> new Object[] {electionId, markedRegisterElector(k), "IN_PERSON"};
            case PILOT_SEATS -> new Object[] {seat, "XBAD" + k, day, Boolean.FALSE, null, null, organiserId, 5, 2};
            case AID -> new Object[] {day, seat, otherSeat, "CASH", Facts.money(100_000_00L + k * 100L)};
        };
    }
}
