package org.organisermetrics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.publish.catalogue.PublishedTables;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.SharedSpark;
import org.organisermetrics.warehouse.TableDoc;

/**
 * The scheduled user's story, on generated data for six seats over the first months of
 * 2025 (3 by default to keep {@code mvn verify} short; {@code -Dorganiser-metrics.monthly-runs=12}
 * for the year the issue names):
 * the landing zone grows by one month's drop at a time and each month gets its own
 * {@code run --month}; a second warehouse gets one backfill of the same half-year. Then the two
 * are compared table by table, a month is rerun (same rows), and an old file is changed (reported,
 * then picked up when its month is rerun). The tests run in order on the same warehouses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonthlyRunTest {
    static final List<String> MONTHS = months(Integer.getInteger("organiser-metrics.monthly-runs", 3));
    static final String FIRST = MONTHS.get(0);
    static final String LAST = MONTHS.get(MONTHS.size() - 1);
    /** Sources delivered as monthly drops named YYYY-MM.csv by the generator. */
    static final Set<String> MONTHLY_FOLDERS = Set.of("training", "activities", "contacts", "events", "communications", "aid");
    /** Tables with a partition per run (data_quality..., identity_match): never equal across warehouses. */
    static final Set<String> PER_RUN_TABLES = PublishedTables.ALL.stream()
            .filter(t -> t.partitioning() == TableDoc.Partitioning.RUN_ID).map(TableDoc::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    @TempDir
    static Path dir;
    static Path full;
    static Path growing;
    static Path monthly;
    static Path backfill;
    static final Map<String, Map<String, String>> manifests = new TreeMap<>();

    @BeforeAll
    static void generateRunMonthlyAndBackfill() throws IOException {
        SparkSession spark = SharedSpark.session();
        full = dir.resolve("landing-full");
        Cli.Outcome g = Cli.run("generate", "--out", full.toString(), "--seats", "6", "--seed", "5",
                "--from", FIRST, "--to", LAST, "--today", "2026-11-22");
        assertEquals(0, g.exitCode(), g.all());
        growing = dir.resolve("landing-growing");
        monthly = dir.resolve("warehouse-monthly");
        backfill = dir.resolve("warehouse-backfill");
        copyDrop(full, growing, null); // reference files and snapshots, no monthly drop yet
        for (String month : MONTHS) {
            copyDrop(full, growing, month);
            Cli.Outcome r = run(growing, monthly, "--month", month);
            assertEquals(0, r.exitCode(), r.all());
        }
        Cli.Outcome b = run(full, backfill, "--from", FIRST, "--to", LAST);
        assertEquals(0, b.exitCode(), b.all());
        assertTrue(spark != null);
    }

    static List<String> months(int n) {
        List<String> out = new ArrayList<>();
        for (java.time.YearMonth m = java.time.YearMonth.of(2025, 1); out.size() < n; m = m.plusMonths(1)) {
            out.add(m.toString());
        }
        return out;
    }

    static Cli.Outcome run(Path landing, Path warehouse, String... period) {
        List<String> args = new ArrayList<>(List.of("run", "--landing", landing.toString(), "--warehouse", warehouse.toString(),
                "--as-of", "2026-11-22", "--demo"));
        args.addAll(List.of(period));
        return Cli.run(args.toArray(String[]::new));
    }

    /** Copies the reference files (month null) or one month's drop of every monthly source. */
    static void copyDrop(Path from, Path to, String month) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String folder = from.relativize(f).getName(0).toString();
                boolean monthlyFile = MONTHLY_FOLDERS.contains(folder);
                if (month == null ? !monthlyFile : monthlyFile && f.getFileName().toString().equals(month + ".csv")) {
                    Path target = to.resolve(from.relativize(f));
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    @Order(1)
    void each_monthly_run_parses_only_its_own_drop_and_leaves_older_files_alone() throws IOException {
        Map<String, Object> last = manifestOfRun(monthly, LAST, 0);
        List<Map<String, Object>> inputs = inputs(last);
        List<String> parsedFacts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map<String, Object> i : inputs) {
            String action = (String) i.get("action");
            if (MONTHLY_FOLDERS.contains((String) i.get("source"))) {
                if (action.startsWith("parsed")) {
                    parsedFacts.add((String) i.get("file"));
                } else {
                    skipped.add((String) i.get("file"));
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (String folder : new java.util.TreeSet<>(MONTHLY_FOLDERS)) {
            expected.add(folder + "/" + LAST + ".csv");
        }
        assertEquals(expected, parsedFacts.stream().sorted().toList());
        // every monthly source's drops of the earlier months, all left as published
        assertEquals(MONTHLY_FOLDERS.size() * (MONTHS.size() - 1), skipped.size(), skipped.toString());
        assertTrue(inputs.stream().allMatch(i -> ((String) i.get("sha256")).matches("[0-9a-f]{64}")), "every input has its SHA-256");
        // no reference or snapshot file changed since the first run: none is parsed again
        assertEquals(List.of("seats", "wards", "courses", "elections", "organisers", "electors", "members", "volunteers",
                "event_signups", "results", "marked_register", "pilot_seats"), last.get("reused_sources"));
        // and it replaces exactly its month's partitions
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> outputs = (List<Map<String, Object>>) last.get("outputs");
        assertTrue(outputs.contains(Map.of("table", "curated/contacts", "replaces", List.of("month=" + LAST + "-01"))), outputs.toString());
        assertTrue(outputs.contains(Map.of("table", "metrics/seat_month", "replaces", List.of("month=" + LAST + "-01"))), outputs.toString());
        assertTrue(outputs.stream().noneMatch(o -> o.get("table").equals("curated/electors")), "reused: not rewritten");
        assertTrue(inputs.stream().filter(i -> i.get("source").equals("electors"))
                .allMatch(i -> i.get("action").equals("skipped_unchanged")));
        assertTrue(inputs.stream().anyMatch(i -> i.get("action").equals("skipped_unchanged")
                && i.get("file").equals("contacts/" + FIRST + ".csv")));
        // seat_election: nothing it is computed from changed, so the rows of elections polled before the
        // month are kept as an earlier run published them (test 2 shows they equal the backfill's)
        List<String> madeBy = SharedSpark.session().read().parquet(monthly.resolve("metrics/seat_election").toString())
                .where("polling_date < DATE'" + LAST + "-01'").select("run_id").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        assertFalse(madeBy.isEmpty(), "the fixture has elections before " + LAST);
        assertFalse(madeBy.contains((String) last.get("run_id")), "kept, not recomputed by the last run");
        // volunteers, members and electors unchanged: the identity links are kept (not among the outputs),
        // and the run's identity_match partition repeats the first run's counts
        assertTrue(outputs.stream().noneMatch(o -> o.get("table").equals("restricted/links")), outputs.toString());
        Path match = monthly.resolve("metrics/identity_match");
        assertEquals(sortedRows(match.resolve("run_id=" + manifestOfRun(monthly, FIRST, 0).get("run_id"))),
                sortedRows(match.resolve("run_id=" + last.get("run_id"))));
    }

    static List<String> sortedRows(Path parquet) {
        return SharedSpark.session().read().parquet(parquet.toString()).collectAsList().stream()
                .map(Object::toString).sorted().toList();
    }

    @Test
    @Order(2)
    void a_year_of_monthly_runs_publishes_the_same_rows_as_one_backfill() {
        Map<String, List<String>> a = tables(monthly);
        Map<String, List<String>> b = tables(backfill);
        assertSameTables(b, a);
        assertTrue(a.get("metrics/seat_month").size() >= 6 * MONTHS.size(), "seat_month has a row per seat and month");
    }

    @Test
    @Order(3)
    void rerunning_a_month_gives_the_same_rows_and_touches_no_other_month() throws IOException {
        Map<String, List<String>> before = tables(monthly);
        Map<String, String> otherMonths = partitionHashes(monthly.resolve("curated/contacts"), "month=" + LAST + "-01");
        Cli.Outcome r = run(growing, monthly, "--month", LAST);
        assertEquals(0, r.exitCode(), r.all());
        assertSameTables(before, tables(monthly));
        assertEquals(otherMonths, partitionHashes(monthly.resolve("curated/contacts"), "month=" + LAST + "-01"),
                "the Parquet files of other months are the same files");
    }

    @Test
    @Order(5)
    void a_changed_file_of_a_past_month_is_reported_then_picked_up_when_that_month_is_rerun() throws IOException {
        String file = "contacts/" + FIRST + ".csv";
        String partition = "month=" + FIRST + "-01";
        Path old = growing.resolve(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(old));
        lines.remove(lines.size() - 1); // the export was redone without its last contact
        Files.write(old, lines);
        long contactsBefore = rows(monthly, "curated/contacts", partition);

        Cli.Outcome last = run(growing, monthly, "--month", LAST);
        assertEquals(0, last.exitCode(), last.all());
        assertTrue(last.out().contains("changed landing file " + file)
                && last.out().contains("rerun --month " + FIRST), last.out());
        assertEquals(contactsBefore, rows(monthly, "curated/contacts", partition), "not loaded by the later month's run");
        assertEquals("changed_not_parsed", action(manifestOfRun(monthly, LAST, 0), file));

        Cli.Outcome rerun = run(growing, monthly, "--month", FIRST);
        assertEquals(0, rerun.exitCode(), rerun.all());
        assertEquals("parsed_changed", action(manifestOfRun(monthly, FIRST, 0), file));
        assertEquals(contactsBefore - 1, rows(monthly, "curated/contacts", partition));
        // the registry now holds the new bytes, so later runs no longer report the file
        String registry = Files.readString(monthly.resolve("state/landing_files.json"));
        assertTrue(registry.contains(MonthlyRunTest.sha256(old)), registry);
    }

    @Test
    @Order(4)
    void a_rewritten_reference_file_is_parsed_again_with_what_references_it_and_a_new_key_is_refused() throws IOException {
        Map<String, List<String>> before = tables(monthly);
        Path seats = growing.resolve("seats/seats.csv");
        List<String> seatLines = new ArrayList<>(Files.readAllLines(seats));
        seatLines.set(0, seatLines.get(0).toUpperCase(java.util.Locale.ROOT)); // a header matched case-insensitively: same rows, other bytes
        Files.write(seats, seatLines);
        Cli.Outcome r = run(growing, monthly, "--month", LAST);
        assertEquals(0, r.exitCode(), r.all());
        List<?> reused = (List<?>) manifestOfRun(monthly, LAST, 0).get("reused_sources");
        assertEquals(List.of("courses", "elections", "organisers", "event_signups"), reused,
                "seats changed: it and every source that references it, directly or not, are parsed (marked_register "
                        + "references electors, which reference seats); event_signups references none");
        assertSameTables(before, tables(monthly));

        Path key = dir.resolve("other.key");
        Files.writeString(key, "another secret of enough length");
        Cli.Outcome otherKey = Cli.run("run", "--landing", growing.toString(), "--warehouse", monthly.toString(),
                "--as-of", "2026-11-22", "--key-file", key.toString(), "--month", LAST);
        assertEquals(ExitCode.BAD_INPUT, otherKey.exitCode(), otherKey.all());
        assertTrue(otherKey.err().contains("pseudonymisation key differs"), otherKey.err());
    }

    // --- reading the warehouses

    /** Equal table by table; a failure names the tables and a few rows found on one side only. */
    static void assertSameTables(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        List<String> problems = new ArrayList<>();
        for (String table : expected.keySet()) {
            List<String> onlyExpected = new ArrayList<>(expected.get(table));
            actual.get(table).forEach(onlyExpected::remove);
            List<String> onlyActual = new ArrayList<>(actual.get(table));
            expected.get(table).forEach(onlyActual::remove);
            if (!onlyExpected.isEmpty() || !onlyActual.isEmpty()) {
                problems.add(table + ": " + onlyExpected.size() + " row(s) only before/in the backfill, e.g. "
                        + onlyExpected.stream().limit(3).toList() + "; " + onlyActual.size() + " only after/in the monthly runs, e.g. "
                        + onlyActual.stream().limit(3).toList());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Every curated and metric table as sorted rows (run_id left out), by zone/table. */
    static Map<String, List<String>> tables(Path warehouse) {
        SparkSession spark = SharedSpark.session();
        Map<String, List<String>> out = new TreeMap<>();
        for (String zone : List.of("curated", "metrics")) {
            try (Stream<Path> dirs = Files.list(warehouse.resolve(zone))) {
                for (Path table : dirs.sorted().toList()) {
                    String name = table.getFileName().toString();
                    if (PER_RUN_TABLES.contains(name) || !hasParquet(table)) {
                        continue;
                    }
                    Dataset<Row> rows = spark.read().parquet(table.toString());
                    if (List.of(rows.columns()).contains("run_id")) {
                        rows = rows.drop("run_id");
                    }
                    // every table compared whole: the backfill evaluates the pilot at every month, as each monthly run does
                    List<String> lines = new ArrayList<>();
                    rows.collectAsList().forEach(r -> lines.add(r.toString()));
                    lines.sort(null);
                    out.put(zone + "/" + name, lines);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }

    static boolean hasParquet(Path table) throws IOException {
        try (Stream<Path> files = Files.walk(table)) {
            return files.anyMatch(f -> f.toString().endsWith(".parquet"));
        }
    }

    static long rows(Path warehouse, String table, String partition) {
        return SharedSpark.session().read().parquet(warehouse.resolve(table).resolve(partition).toString()).count();
    }

    /** File name to SHA-256 of every Parquet file of a table outside one partition. */
    static Map<String, String> partitionHashes(Path table, String except) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(table)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                String rel = table.relativize(f).toString();
                if (!rel.startsWith(except)) {
                    out.put(rel, sha256(f));
                }
            }
        }
        assertFalse(out.isEmpty());
        return out;
    }

    static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The manifest of the n-th most recent successful run of a month (0 = the latest). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> manifestOfRun(Path warehouse, String month, int nth) throws IOException {
        List<Map<String, Object>> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(warehouse.resolve("runs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Map<String, Object> m = new ObjectMapper().readValue(f.toFile(), Map.class);
                if ((month + "-01").equals(m.get("from_month")) && (month + "-01").equals(m.get("to_month"))
                        && "success".equals(m.get("outcome"))) {
                    found.add(0, m);
                }
            }
        }
        assertTrue(found.size() > nth, "runs of " + month + ": " + found.size());
        return found.get(nth);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> inputs(Map<String, Object> manifest) {
        return (List<Map<String, Object>>) manifest.get("inputs");
    }

    static String action(Map<String, Object> manifest, String file) {
        return inputs(manifest).stream().filter(i -> file.equals(i.get("file"))).map(i -> (String) i.get("action"))
                .findFirst().orElse("absent");
    }
}
