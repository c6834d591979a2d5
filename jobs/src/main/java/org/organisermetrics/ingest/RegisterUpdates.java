package org.organisermetrics.ingest;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.organisermetrics.contract.Source;

/**
 * A council's register as its full file and its monthly update files (formats/RegisterFormat), kept
 * in one folder ({@code exports/register/<council>/}): the updates, in order of their dates, change
 * the full register's entries. An entry added (A) is registered on the update's date, one deleted
 * (D) left on it, one amended (M) takes the amended values; an entry changed several times ends as
 * the last change leaves it.
 *
 * <p>Each file is still read by its own task and each row keeps its own file and line: a full
 * register's row comes out with its updates applied; an update's row comes out only for an elector
 * the folder's full register does not hold (a new elector), and only at that elector's last update,
 * so each elector is one row. The update rows applied to a full register's entry are counted in that
 * entry's row. Update files are small (a month's changes), so each task reads the folder's updates
 * whole; an update task also reads the full register's keys.
 */
public final class RegisterUpdates {
    private RegisterUpdates() {}

    /** A register file of a folder: its URI and name, whether it is an update, and its date (null when unknown). */
    public record File(String uri, String name, boolean update, java.time.LocalDate date) implements Serializable {}

    private static final int KEY = Source.ELECTORS.indexOf("elector_id");
    private static final int REGISTERED_ON = Source.ELECTORS.indexOf("registered_on");
    private static final int LEFT_ON = Source.ELECTORS.indexOf("left_on");

    /** An elector's changes over the updates: the last values given, the dates, where the last change is. */
    private static final class Change {
        String[] values;
        String registeredOn;
        String leftOn;
        String file;
        long line;

        String[] applyTo(String[] full) {
            String[] out = (values != null ? values : full).clone();
            out[REGISTERED_ON] = registeredOn != null ? registeredOn : full == null ? null : full[REGISTERED_ON];
            out[LEFT_ON] = leftOn;
            return out;
        }
    }

    /** The records of one register file of {@code folder}, its folder's updates applied. */
    static ExportReading.Records records(ExportReading reading, List<File> folder, String uri, String name) throws IOException {
        Map<String, Change> changes = changes(reading, folder);
        File self = folder.stream().filter(f -> f.uri().equals(uri)).findFirst().orElseThrow();
        ExportReading.Records plain = reading.plainRecords(Source.ELECTORS, uri, name);
        if (!self.update()) {
            return new Mapped(plain, r -> {
                Change c = r.rejected() == null ? changes.get(r.values()[KEY]) : null;
                return c == null ? r : LandingFile.Record.ofExport(r.line(), c.applyTo(r.values()), r.fields(), null, null);
            });
        }
        Set<String> inFull = new HashSet<>();
        for (File f : folder) {
            if (!f.update()) {
                for (LandingFile.Record r : ExportReading.readAll(reading, Source.ELECTORS, f.uri(), f.name())) {
                    if (r.rejected() == null && r.values()[KEY] != null) {
                        inFull.add(r.values()[KEY]);
                    }
                }
            }
        }
        return new Mapped(plain, r -> {
            if (r.rejected() != null) {
                return r; // quarantined where it stands
            }
            String key = r.values()[KEY];
            Change c = changes.get(key);
            if (inFull.contains(key) || c == null || !c.file.equals(name) || c.line != r.line()) {
                return null; // applied to the full register's row, or to the elector's last update
            }
            return LandingFile.Record.ofExport(r.line(), c.applyTo(null), r.fields(), null, null);
        });
    }

    /** Every update of the folder, in date order (then name), folded per elector. */
    private static Map<String, Change> changes(ExportReading reading, List<File> folder) {
        Map<String, Change> out = new HashMap<>();
        List<File> updates = folder.stream().filter(File::update)
                .sorted(java.util.Comparator.comparing((File f) -> f.date() == null ? java.time.LocalDate.MIN : f.date())
                        .thenComparing(File::name))
                .toList();
        for (File f : updates) {
            for (LandingFile.Record r : ExportReading.readAll(reading, Source.ELECTORS, f.uri(), f.name())) {
                if (r.rejected() != null || r.values()[KEY] == null) {
                    continue;
                }
                String[] v = r.values();
                Change c = out.computeIfAbsent(v[KEY], k -> new Change());
                if (v[REGISTERED_ON] != null) { // added
                    c.values = v;
                    c.registeredOn = v[REGISTERED_ON];
                    c.leftOn = null;
                } else if (v[LEFT_ON] != null) { // deleted
                    c.leftOn = v[LEFT_ON];
                    if (c.values == null) {
                        c.values = v;
                    }
                } else { // amended
                    c.values = v;
                }
                c.file = f.name();
                c.line = r.line();
            }
        }
        return out;
    }

    /** A file's records through a function; null drops a record. */
    private static final class Mapped implements ExportReading.Records {
        private final ExportReading.Records in;
        private final java.util.function.Function<LandingFile.Record, LandingFile.Record> f;
        private final Deque<LandingFile.Record> next = new ArrayDeque<>();

        Mapped(ExportReading.Records in, java.util.function.Function<LandingFile.Record, LandingFile.Record> f) {
            this.in = in;
            this.f = f;
        }

        @Override
        public boolean hasNext() {
            while (next.isEmpty() && in.hasNext()) {
                LandingFile.Record r = f.apply(in.next());
                if (r != null) {
                    next.add(r);
                }
            }
            return !next.isEmpty();
        }

        @Override
        public LandingFile.Record next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return next.poll();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
