package org.organisermetrics.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.contract.Source;

/**
 * Writes a synthetic landing zone, {@code <out>/<source>/*.csv} for every source of the
 * contract, deterministic for a seed: the same settings give byte-identical files, whatever the
 * number of partitions or threads. With {@code formats}, electors and the marked register are
 * council exports instead ({@code exports/}, {@code lookups/}: {@link Exports}).
 *
 * <p>The small reference sources are written from the driver. Everything else is cut into units
 * (a part of the register, a month of one fact source, an election over a range of seats) that
 * Spark runs in parallel; each unit recomputes what it needs from the seed (a seat's electors and
 * helper pool are pure functions of the seed and the seat) and writes its own file through
 * Hadoop's FileSystem, so the output may be any Hadoop URI.
 */
public final class Generator {
    private static final org.apache.logging.log4j.Logger LOG =
            org.apache.logging.log4j.LogManager.getLogger(Generator.class);

    private Generator() {}

    /** The file at the landing root that lists the injected bad rows (not in a source folder). */
    public static final String INJECTED_FILE = "_injected-bad-rows.csv";

    /**
     * What was written.
     *
     * @param out           the landing directory (as a URI)
     * @param rowsPerSource data lines written per source folder (injected bad and duplicate rows included)
     * @param injected      "source,reason" -> rows the ingest should quarantine for that reason
     *                      ({@code duplicate}: exact duplicate rows it should load once); empty without --bad-rows
     * @param elapsedMillis wall-clock time of the generation
     */
    public record Summary(String out, Map<String, Long> rowsPerSource, Map<String, Long> injected,
            long elapsedMillis) {

        public long totalRows() {
            return rowsPerSource.values().stream().mapToLong(Long::longValue).sum();
        }

        /** A few lines for the terminal. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            b.append("wrote a synthetic landing zone to ").append(out).append(System.lineSeparator());
            rowsPerSource.forEach((k, v) -> b.append(String.format("  %-16s %,12d rows%n", k, v)));
            b.append(String.format("  %-16s %,12d rows in %.1f s%n", "total", totalRows(), elapsedMillis / 1000.0));
            if (!injected.isEmpty()) {
                long bad = injected.entrySet().stream().filter(e -> !e.getKey().endsWith(",duplicate") && !isWarning(e.getKey()))
                        .mapToLong(Map.Entry::getValue).sum();
                long warned = injected.entrySet().stream().filter(e -> isWarning(e.getKey()))
                        .mapToLong(Map.Entry::getValue).sum();
                long dup = injected.entrySet().stream().filter(e -> e.getKey().endsWith(",duplicate"))
                        .mapToLong(Map.Entry::getValue).sum();
                b.append(String.format("  injected %,d rows to quarantine, %,d exact duplicates and %,d rows to load with a warning: see %s%n",
                        bad, dup, warned, INJECTED_FILE));
            }
            return b.toString();
        }

        /** Whether a "source,reason" key of {@link #injected} names a warning (rows loaded and counted), not a quarantine reason. */
        private static boolean isWarning(String key) {
            String reason = key.substring(key.indexOf(',') + 1);
            return java.util.Arrays.stream(org.organisermetrics.contract.Warning.values()).anyMatch(w -> w.code().equals(reason));
        }
    }

    public static Summary generate(SparkSession spark, GeneratorSettings settings) {
        return generate(spark, settings, 0);
    }

    /** As {@link #generate(SparkSession, GeneratorSettings)} with a given number of Spark partitions (0: about 4 per core). */
    static Summary generate(SparkSession spark, GeneratorSettings settings, int partitions) {
        long started = System.currentTimeMillis();
        World world = new World(settings);
        String out = toUri(settings.out());
        Map<String, String> conf = new HashMap<>();
        spark.sparkContext().hadoopConfiguration().forEach(e -> conf.put(e.getKey(), e.getValue()));
        Task.Context probe = new Task.Context(world, out, conf, Map.of());
        FileSystem fs = probe.fs();
        prepare(fs, probe.root(), settings.formats());

        BadRows bad = new BadRows(world, electorateOfFirstSeat(world));
        Task.Context ctx = new Task.Context(world, out, conf, bad.plan());
        Task.Report report = writeReferences(ctx, fs);
        if (settings.formats()) {
            Exports.writeLookup(ctx, fs);
        }

        LOG.info("world and reference files ready after {} ms", System.currentTimeMillis() - started);
        List<Task.Unit> units = units(world);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = Math.min(units.size(), partitions > 0 ? partitions : Math.max(4, 4 * jsc.defaultParallelism()));
        List<Task.Report> reports = jsc.parallelize(interleave(units, slices), slices)
                .mapPartitions(it -> Task.runAll(ctx, it)).collect();
        for (Task.Report r : reports) {
            report = report.merge(r);
        }
        LOG.info("{} units written after {} ms", units.size(), System.currentTimeMillis() - started);
        writeResults(ctx, fs, report);

        Map<String, Long> injected = new LinkedHashMap<>();
        if (settings.badRowsPerReason() > 0) {
            injected.putAll(bad.expected);
            // Verbatim copies in the same file: duplicates where the source has a key, repeated rows (loaded) where it has none.
            report.duplicates().forEach((source, n) -> injected.put(source + (Source.byFolder(source).orElseThrow().key().isEmpty()
                    ? "," + org.organisermetrics.contract.Warning.REPEATED_ROW.code() : ",duplicate"), (long) n));
        }
        writeInjected(ctx, fs, injected);
        Map<String, Long> rows = new TreeMap<>(report.rows());
        return new Summary(out, Collections.unmodifiableMap(rows), Collections.unmodifiableMap(injected),
                System.currentTimeMillis() - started);
    }

    /**
     * The pilot as the landing zone these settings generate would show it, without writing files or
     * Spark: every seat's recruits per month (its volunteers by recruited_on, the pool before the
     * period left out), the same without the pilot's extra recruits, the pilot_seats rows and the true
     * expected extra recruits per pilot seat and month. A coverage study draws thousands of these.
     */
    public static org.organisermetrics.generate.PilotPanel pilotPanel(GeneratorSettings settings) {
        World w = new World(settings);
        List<LocalDate> months = w.months.stream().map(m -> m.atDay(1)).toList();
        Map<String, String> regions = new java.util.TreeMap<>();
        List<org.organisermetrics.generate.PilotPanel.Applicant> applicants = new java.util.ArrayList<>();
        Map<String, Map<LocalDate, Integer>> all = new java.util.TreeMap<>();
        Map<String, Map<LocalDate, Integer>> usual = new java.util.TreeMap<>();
        Map<String, Map<LocalDate, Double>> effect = new java.util.TreeMap<>();
        for (World.Seat seat : w.seats) {
            regions.put(seat.code, seat.region);
            if (seat.applicant) {
                applicants.add(new org.organisermetrics.generate.PilotPanel.Applicant(seat.code, seat.cohort, seat.selected,
                        seat.selected ? seat.pilotStart.atDay(1) : null,
                        seat.selected && seat.pilotEnd != null ? seat.pilotEnd.atDay(1) : null));
            }
            Map<LocalDate, Integer> a = new java.util.TreeMap<>();
            Map<LocalDate, Integer> u = new java.util.TreeMap<>();
            Map<LocalDate, Double> e = new java.util.TreeMap<>();
            for (java.time.YearMonth m : w.months) {
                a.put(m.atDay(1), 0);
                u.put(m.atDay(1), 0);
                e.put(m.atDay(1), People.pilotEffect(settings, seat, m));
            }
            for (People.Volunteer v : People.of(w, seat).volunteers) {
                LocalDate month = v.recruitedOn.withDayOfMonth(1);
                if (!a.containsKey(month)) {
                    continue; // the pool recruited before the period
                }
                a.merge(month, 1, Integer::sum);
                if (v.id.indexOf('P') < 0) {
                    u.merge(month, 1, Integer::sum);
                }
            }
            all.put(seat.code, a);
            usual.put(seat.code, u);
            effect.put(seat.code, e);
        }
        return new org.organisermetrics.generate.PilotPanel(months, regions, List.copyOf(applicants), all, usual, effect);
    }

    static String toUri(String out) {
        if (out.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !out.matches("^[a-zA-Z]:\\\\.*")) {
            return out;
        }
        return java.nio.file.Path.of(out).toAbsolutePath().normalize().toUri().toString();
    }

    /**
     * The out directory must be new, empty, or an earlier generated landing zone: its source folders
     * and the injected-rows file are then replaced. Anything else in it stops the run, so a mistyped
     * --out never deletes someone's files.
     */
    private static void prepare(FileSystem fs, Path root, boolean formats) {
        try {
            if (fs.exists(root)) {
                if (!fs.getFileStatus(root).isDirectory()) {
                    throw new InvalidSettingsException("--out " + root + " is a file, not a directory");
                }
                Set<String> ours = java.util.Arrays.stream(Source.values()).map(Source::folder)
                        .collect(Collectors.toCollection(java.util.HashSet::new));
                if (formats) {
                    ours.addAll(Exports.TOP_FOLDERS);
                }
                List<String> foreign = new ArrayList<>();
                for (FileStatus st : fs.listStatus(root)) {
                    String name = st.getPath().getName();
                    if (!ours.contains(name) && !name.equals(INJECTED_FILE)) {
                        foreign.add(name);
                    }
                }
                if (!foreign.isEmpty()) {
                    throw new InvalidSettingsException("--out " + root + " holds files that are not a generated landing zone ("
                            + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                            + "); choose an empty or new directory");
                }
                for (FileStatus st : fs.listStatus(root)) {
                    fs.delete(st.getPath(), true);
                }
            }
            fs.mkdirs(root);
            for (Source s : Source.values()) {
                if (!(formats && Exports.REPLACED.contains(s))) {
                    fs.mkdirs(new Path(root, s.folder()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long electorateOfFirstSeat(World w) {
        World.Election e = w.inPeriodGeneral() != null ? w.inPeriodGeneral() : w.elections.get(0);
        return Register.electorate(w, w.seat(0), e);
    }

    /** Heaviest first (register, votes, contacts), so two cores stay busy to the end. */
    static List<Task.Unit> units(World w) {
        List<Task.Unit> units = new ArrayList<>();
        for (int p = 0; p < Register.electorParts(w); p++) {
            units.add(new Task.Unit(Task.Kind.ELECTORS, p, 0));
        }
        for (int e = 0; e < w.elections.size(); e++) {
            for (int p = 0; p < Register.electorParts(w); p++) {
                units.add(new Task.Unit(Task.Kind.VOTES, e, p));
            }
        }
        for (Source s : Facts.SOURCES) {
            for (int m = 0; m < w.months.size(); m++) {
                units.add(new Task.Unit(Task.Kind.FACT, s.ordinal(), m));
            }
        }
        for (int p = 0; p < Register.peopleParts(w); p++) {
            units.add(new Task.Unit(Task.Kind.PEOPLE, p, 0));
        }
        return units;
    }

    /**
     * Reorders units so that Spark's contiguous slices each get every slices-th unit: heavy and
     * light units spread evenly. The output does not depend on it.
     */
    static List<Task.Unit> interleave(List<Task.Unit> units, int slices) {
        List<Task.Unit> out = new ArrayList<>();
        for (int j = 0; j < slices; j++) {
            for (int k = j; k < units.size(); k += slices) {
                out.add(units.get(k));
            }
        }
        return out;
    }

    private static Task.Report writeReferences(Task.Context ctx, FileSystem fs) {
        World w = ctx.world();
        Task.Report report = Task.Report.empty();
        reference(ctx, fs, report, Source.SEATS, out -> {
            for (World.Seat s : w.seats) {
                out.row(s.code, s.name, s.region, s.nation);
            }
        });
        reference(ctx, fs, report, Source.WARDS, out -> {
            for (World.Seat s : w.seats) {
                for (World.Ward ward : s.wards) {
                    out.row(ward.code(), ward.name(), s.code);
                }
            }
        });
        reference(ctx, fs, report, Source.COURSES, out -> {
            for (World.Course c : World.COURSES) {
                out.row(c.code(), c.name(), c.countsAsTrained());
            }
        });
        reference(ctx, fs, report, Source.ELECTIONS, out -> {
            for (World.Election e : w.elections) {
                out.row(e.id(), e.type(), e.pollingDate(), e.name());
            }
        });
        reference(ctx, fs, report, Source.ORGANISERS, out -> {
            for (World.Organiser o : w.organisers) {
                out.row(o.id(), o.name(), o.region());
            }
        });
        reference(ctx, fs, report, Source.PILOT_SEATS, out -> {
            for (World.Seat s : w.seats) {
                if (s.applicant) {
                    out.row(s.code, s.cohort, s.appliedOn, s.selected, s.selected ? s.pilotStart : null,
                            s.selected ? s.pilotEnd : null,
                            s.selected ? s.organiserId : null, s.selected ? s.targetRecruits : null,
                            s.selected ? s.targetTrained : null);
                }
            }
        });
        return report;
    }

    private static void reference(Task.Context ctx, FileSystem fs, Task.Report report, Source s,
            java.util.function.Consumer<CsvOut> rows) {
        String rel = BadRows.targetFile(ctx.world(), s);
        CsvOut out = ctx.open(fs, s, rel, FileStyle.of(s, null));
        rows.accept(out);
        ctx.close(s, rel, out, report);
    }

    /** One results file per election, from the tallies the votes units returned. */
    private static void writeResults(Task.Context ctx, FileSystem fs, Task.Report report) {
        Map<String, List<Object[]>> byElection = new TreeMap<>();
        for (Object[] row : report.results()) {
            byElection.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add(row);
        }
        for (World.Election e : ctx.world().elections) {
            String rel = Source.RESULTS.folder() + "/" + e.id() + ".csv";
            CsvOut out = ctx.open(fs, Source.RESULTS, rel, FileStyle.of(Source.RESULTS, null));
            for (Object[] row : Register.sortedResults(byElection.getOrDefault(e.id(), new ArrayList<>()))) {
                out.row(row);
            }
            ctx.close(Source.RESULTS, rel, out, report);
        }
    }

    private static void writeInjected(Task.Context ctx, FileSystem fs, Map<String, Long> injected) {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(fs.create(ctx.path(INJECTED_FILE), true),
                StandardCharsets.UTF_8))) {
            w.write("source,reason,rows\n");
            for (Map.Entry<String, Long> e : injected.entrySet()) {
                w.write(e.getKey() + "," + e.getValue() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
