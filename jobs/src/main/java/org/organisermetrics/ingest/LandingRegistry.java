package org.organisermetrics.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.organisermetrics.contract.Source;
import org.organisermetrics.spark.Parallel;
import org.organisermetrics.warehouse.StagedTable;
import org.organisermetrics.warehouse.Warehouse;

/**
 * The landing files the published state was built from: {@code state/landing_files.json}, one
 * entry per file with its size, modification time, SHA-256 and, for facts, the months its rows
 * fall in. Published with the data (in the same snapshot), so a run that dies records nothing.
 *
 * <p>{@link #plan} decides what a run parses. Reference and snapshot sources (seats, volunteers,
 * the register...) and official results: all the source's files when any of them is new, changed or
 * gone, or when a source it references is parsed; else none, and the source's published rows are
 * used as they are (a national register is 48 million rows). Fact sources (contacts,
 * activities...): a file is parsed when it is new, or when its rows fall in one of the run's months
 * (so a rerun of a month re-reads that month's files, changed or not); any other file is left
 * alone, and its rows stay as published. A file whose size or time changed is read once to compare
 * checksums: same bytes, still unchanged; other bytes in a month the run does not cover, reported
 * as changed (picked up when that month is rerun).
 */
public final class LandingRegistry {
    public static final String FILE_NAME = "landing_files.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One landing file as last ingested. */
    public record Entry(String source, String file, long bytes, long modified, String sha256, List<String> months,
                        String runId) {}

    /** What a run does with each landing file. */
    public enum Action { PARSED_NEW, PARSED_CHANGED, PARSED_AGAIN, PARSED_SNAPSHOT, SKIPPED_UNCHANGED, CHANGED_NOT_PARSED, MISSING }

    /** A landing file and what the run does with it (for the manifest and the log). */
    public record Input(String source, String file, long bytes, String sha256, Action action, List<String> months) {}

    /**
     * The plan: the landing zone narrowed to the files to parse, a line per file, and the reference
     * and snapshot sources taken from the published state instead of being parsed.
     */
    public record Plan(Landing toParse, List<Input> inputs, Set<Source> reused) {
        public List<Input> with(Action action) {
            return inputs.stream().filter(i -> i.action() == action).toList();
        }
    }

    /** The file as written: a check value of the pseudonymisation key, and the entries. */
    record Stored(String keyCheck, List<Entry> files) {}

    private final String keyCheck;
    private final Map<String, Entry> entries;

    private LandingRegistry(String keyCheck, Map<String, Entry> entries) {
        this.keyCheck = keyCheck;
        this.entries = entries;
    }

    public static LandingRegistry empty() {
        return new LandingRegistry(null, new TreeMap<>());
    }

    /**
     * A value that changes with the pseudonymisation key and reveals nothing of it (the key's HMAC
     * of a constant): published person keys and a new run's keys join only under the same key.
     */
    public static String keyCheck(org.organisermetrics.privacy.Pseudonymiser pseudonymiser) {
        return pseudonymiser.key("key_check", "organiser-metrics");
    }

    /** Refuses a run whose key differs from the one the published state was built with. */
    public void checkKey(String runKeyCheck) {
        if (keyCheck != null && !keyCheck.equals(runKeyCheck)) {
            throw new org.organisermetrics.contract.BadInputException(Warehouse.STATE + "/" + FILE_NAME
                    + ": the pseudonymisation key differs from the one the published warehouse was built with, so this"
                    + " run's person keys would not join the published ones; run with the original key, or backfill"
                    + " every month into a new warehouse");
        }
    }

    /** The registry of the published state (empty before the first publish). */
    public static LandingRegistry published(Warehouse warehouse) {
        Path path = new Path(warehouse.published(Warehouse.STATE, FILE_NAME).toString());
        try {
            if (!warehouse.fs().exists(path)) {
                return empty();
            }
            try (InputStream in = warehouse.fs().open(path)) {
                Stored stored = JSON.readValue(in, Stored.class);
                Map<String, Entry> m = new TreeMap<>();
                stored.files().forEach(e -> m.put(e.file(), e));
                return new LandingRegistry(stored.keyCheck(), m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the landing file registry " + path + ": " + e.getMessage(), e);
        }
    }

    public Collection<Entry> entries() {
        return entries.values();
    }

    /** Decides which files the run parses (see the class comment). Reads a file only to checksum it. */
    public Plan plan(Landing landing, LocalDate fromMonth, LocalDate toMonth, Configuration conf) {
        Set<String> runMonths = new TreeSet<>();
        for (LocalDate m = fromMonth; !m.isAfter(toMonth); m = m.plusMonths(1)) {
            runMonths.add(m.toString().substring(0, 7));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Source source : Source.values()) {
            landing.files(source).forEach(f -> candidates.add(new Candidate(source.folder(), source.kind() == Source.Kind.FACT, f)));
        }
        landing.officialFiles().forEach(f -> candidates.add(new Candidate(OfficialResults.FOLDER, false, f)));
        // The lookup and the user's formats decide what exports become: a change to them re-reads every snapshot source.
        landing.exportSettingsFiles().forEach(f -> candidates.add(new Candidate(EXPORT_SETTINGS, false, f)));
        List<Input> inputs = new ArrayList<>(Parallel.map(candidates, c -> decide(c, runMonths, conf)));
        Set<String> present = new TreeSet<>();
        candidates.forEach(c -> present.add(c.info().name()));
        for (Entry e : entries.values()) {
            if (!present.contains(e.file())) {
                inputs.add(new Input(e.source(), e.file(), e.bytes(), e.sha256(), Action.MISSING, e.months()));
            }
        }
        Set<Source> reused = reusable(inputs);
        for (int k = 0; k < inputs.size(); k++) {
            Input i = inputs.get(k);
            if (i.action() == Action.SKIPPED_UNCHANGED && !isFact(i.source()) && !reusedFile(i.source(), reused)) {
                inputs.set(k, new Input(i.source(), i.file(), i.bytes(), i.sha256(), Action.PARSED_SNAPSHOT, i.months()));
            }
        }
        Set<String> parse = new TreeSet<>();
        inputs.stream().filter(i -> i.action().name().startsWith("PARSED")).forEach(i -> parse.add(i.file()));
        return new Plan(landing.only(f -> parse.contains(f.name())), inputs, reused);
    }

    /**
     * The reference and snapshot sources whose files are all as published (none new, changed or
     * gone) and whose referenced sources are reused too; results also follow seats, wards and the
     * official results files. Nothing is reused before the first publish.
     */
    private Set<Source> reusable(List<Input> inputs) {
        Set<Source> reused = java.util.EnumSet.noneOf(Source.class);
        if (entries.isEmpty()) {
            return reused;
        }
        Set<String> changed = new TreeSet<>();
        for (Input i : inputs) {
            if (!isFact(i.source()) && i.action() != Action.SKIPPED_UNCHANGED) {
                changed.add(i.source());
            }
        }
        if (changed.contains(EXPORT_SETTINGS)) {
            return reused;
        }
        for (Source s : Source.values()) { // declaration order: a source after those it references
            if (s.kind() == Source.Kind.FACT || changed.contains(s.folder())) {
                continue;
            }
            boolean ok = reused.containsAll(SourceIngest.dependencies(s));
            if (s == Source.ELECTIONS || s == Source.RESULTS) {
                ok &= !changed.contains(OfficialResults.FOLDER);
            }
            if (ok) {
                reused.add(s);
            }
        }
        return reused;
    }

    private static boolean isFact(String folder) {
        return Source.byFolder(folder).map(s -> s.kind() == Source.Kind.FACT).orElse(false);
    }

    private static boolean reusedFile(String folder, Set<Source> reused) {
        if (EXPORT_SETTINGS.equals(folder)) {
            return true; // read by every run, never parsed as rows
        }
        if (OfficialResults.FOLDER.equals(folder)) {
            return reused.contains(Source.ELECTIONS) && reused.contains(Source.RESULTS);
        }
        return reused.contains(Source.byFolder(folder).orElseThrow());
    }

    private record Candidate(String source, boolean fact, Landing.LandingFileInfo info) {}

    /** The registry's name for the lookup and the user's formats (lookups/, mappings/): not a source, but they shape exports. */
    static final String EXPORT_SETTINGS = "export_settings";

    private Input decide(Candidate c, Set<String> runMonths, Configuration conf) {
        Landing.LandingFileInfo f = c.info();
        Entry known = entries.get(f.name());
        boolean sameStat = known != null && known.bytes() == f.size() && known.modified() == f.modified();
        String sha = sameStat ? known.sha256() : sha256(f.uri(), conf);
        if (!c.fact()) { // skipped only if its whole source is reused (plan)
            boolean unchanged = known != null && sha.equals(known.sha256());
            return new Input(c.source(), f.name(), f.size(), sha, unchanged ? Action.SKIPPED_UNCHANGED : Action.PARSED_SNAPSHOT,
                    List.of());
        }
        if (known == null) {
            return new Input(c.source(), f.name(), f.size(), sha, Action.PARSED_NEW, List.of());
        }
        boolean inRun = known.months().stream().anyMatch(runMonths::contains);
        boolean changed = !sha.equals(known.sha256());
        if (changed) {
            return new Input(c.source(), f.name(), f.size(), sha, inRun ? Action.PARSED_CHANGED : Action.CHANGED_NOT_PARSED,
                    known.months());
        }
        return new Input(c.source(), f.name(), f.size(), sha, inRun ? Action.PARSED_AGAIN : Action.SKIPPED_UNCHANGED,
                known.months());
    }

    /**
     * The registry after the run: parsed files as they are now (with the months their rows fall
     * in), files left alone as they were, missing files dropped once a run covers their months.
     */
    public LandingRegistry after(Plan plan, Landing landing, Map<String, Set<String>> monthsByFile, LocalDate fromMonth,
                                 LocalDate toMonth, String runId, String runKeyCheck) {
        Map<String, Landing.LandingFileInfo> infos = new LinkedHashMap<>();
        for (Source s : Source.values()) {
            landing.files(s).forEach(f -> infos.put(f.name(), f));
        }
        landing.officialFiles().forEach(f -> infos.put(f.name(), f));
        landing.exportSettingsFiles().forEach(f -> infos.put(f.name(), f));
        Map<String, Entry> next = new TreeMap<>();
        for (Input i : plan.inputs()) {
            switch (i.action()) {
                case PARSED_NEW, PARSED_CHANGED, PARSED_AGAIN, PARSED_SNAPSHOT -> {
                    Landing.LandingFileInfo f = infos.get(i.file());
                    List<String> months = new ArrayList<>(monthsByFile.getOrDefault(i.file(), Set.of()));
                    Entry earlier = next.get(i.file());
                    // An export feeding a fact and a snapshot source (a CRM's people) is one entry: the fact's, with its months.
                    String source = earlier != null && isFact(earlier.source()) ? earlier.source() : i.source();
                    next.put(i.file(), new Entry(source, i.file(), f.size(), f.modified(), i.sha256(), months, runId));
                }
                case SKIPPED_UNCHANGED -> { // same bytes; remember the new time so they are not checksummed again
                    Entry e = entries.get(i.file());
                    Landing.LandingFileInfo f = infos.get(i.file());
                    next.put(i.file(), new Entry(e.source(), e.file(), f.size(), f.modified(), e.sha256(), e.months(), e.runId()));
                }
                case CHANGED_NOT_PARSED -> next.put(i.file(), entries.get(i.file())); // reported again until rerun
                case MISSING -> {
                    boolean covered = i.months().stream().anyMatch(m -> {
                        LocalDate d = LocalDate.parse(m + "-01");
                        return !d.isBefore(fromMonth) && !d.isAfter(toMonth);
                    });
                    if (!covered && !i.months().isEmpty()) {
                        next.put(i.file(), entries.get(i.file()));
                    }
                }
                default -> throw new IllegalStateException(i.action().name());
            }
        }
        return new LandingRegistry(runKeyCheck, next);
    }

    /** Writes the registry into the run's staging folder; returns the table for the publisher. */
    public StagedTable stage(Warehouse warehouse, String runId) {
        Path path = new Path(warehouse.staged(runId, Warehouse.STATE, FILE_NAME).toString());
        try {
            warehouse.fs().mkdirs(path.getParent());
            try (OutputStream out = warehouse.fs().create(path, true)) {
                JSON.writeValue(out, new Stored(keyCheck, new ArrayList<>(entries.values())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the landing file registry " + path + ": " + e.getMessage(), e);
        }
        return StagedTable.whole(Warehouse.STATE, FILE_NAME);
    }

    static String sha256(String uri, Configuration conf) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = Landing.openFile(uri, conf)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
