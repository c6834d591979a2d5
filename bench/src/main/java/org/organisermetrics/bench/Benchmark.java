package org.organisermetrics.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.organisermetrics.contract.Source;

/**
 * The benchmark: a cached generated landing zone; the pipeline ({@code run}) in a child JVM as a
 * backfill of every month but the last, measured from outside (wall, RSS) and from its manifest
 * (stages, rows); the DuckDB peer on the same files; a check that both give the same core metrics;
 * Spark's own CSV-to-Parquet copy of the same files, plain and keyed ({@link SparkPeer});
 * then the last month as an incremental {@code run --month} with the history present, and the first
 * month alone on an empty warehouse with the landing zone as it stood then ({@link FirstMonthLanding}):
 * the cost a month's run should stay near. Tables go to the
 * terminal and to {@code results.md} / {@code results.csv} in the output folder.
 */
public final class Benchmark {

    /** Everything a benchmark run is told; {@code runtimeJar}: the runtime program's jar, whose generate and run verbs are timed. */
    public record Settings(String scale, long seed, YearMonth from, YearMonth to, Path dataRoot, Path out, Path runtimeJar,
                           String heap, List<String> javaOptions, int nice, boolean peer, String peerSources,
                           String peerMemory, boolean sparkPeer, boolean incremental, boolean firstMonth, String party,
                           long timeoutSeconds, boolean exports) {}

    private final Settings s;
    private final PrintWriter terminal;
    /** The runtime jar (generate, run). */
    private final Path jar;
    /** The bench's own jar (the DuckDB and Spark peers). */
    private final Path benchJar;
    private final StringBuilder md = new StringBuilder();
    private final BenchTable csv = new BenchTable(List.of("run", "stage", "wall_s", "rows_in", "bytes_in",
            "rows_out", "bytes_out", "rows_per_s", "peak_rss_bytes", "load_1min_mean"));
    private boolean failed;
    /** The DuckDB peer's plain and keyed ingests (ms, the sums of their sources' statements), once it ran; -1 before. */
    private long duckDbIngestMs = -1;
    private long duckDbKeyedMs = -1;

    public Benchmark(Settings settings, PrintWriter terminal) {
        this.s = settings;
        this.terminal = terminal;
        this.jar = settings.runtimeJar();
        this.benchJar = ChildJvm.ownJar();
    }

    /** Runs every step; returns true when every run succeeded and the peer's metrics equal ours. */
    public boolean run() throws IOException, SQLException {
        Files.createDirectories(s.out());
        header();
        LandingCache.Key key = new LandingCache.Key(s.scale(), s.seed(), s.from(), s.to());
        say("landing zone " + LandingCache.folder(s.dataRoot(), key) + (LandingCache.isComplete(s.dataRoot(), key)
                ? " (cached)" : " (generating...)"));
        LandingCache.Entry landing = LandingCache.ensure(s.dataRoot(), key, java("2g"), jar,
                s.out().resolve("logs/generate.log"), s.timeoutSeconds());
        describeLanding(landing);

        YearMonth lastBackfill = s.to().minusMonths(1);
        Path warehouse = s.out().resolve("warehouse");
        DuckDbPeer.deleteTree(warehouse);
        say("backfill: run --from " + s.from() + " --to " + lastBackfill + " (child JVM, -Xmx" + s.heap() + ")...");
        Measured backfill = runPipeline("backfill", landing.landing(), warehouse,
                List.of("--from", s.from().toString(), "--to", lastBackfill.toString()), key);
        if (backfill == null) {
            return false;
        }
        stageSection("Our pipeline: backfill " + s.from() + " to " + lastBackfill, "backfill", backfill, warehouse);
        if (s.exports()) {
            exports(key, lastBackfill, backfill);
        }
        notebooks(warehouse);

        if (s.peer()) {
            peer(landing.landing(), warehouse, backfill, lastBackfill);
        }
        if (s.sparkPeer()) {
            sparkPeer(landing.landing(), warehouse, backfill);
        }
        if (s.incremental()) {
            say("incremental: run --month " + s.to() + " with the backfill present...");
            Measured inc = runPipeline("incremental", landing.landing(), warehouse, List.of("--month", s.to().toString()), key);
            if (inc != null) {
                stageSection("Our pipeline: incremental month " + s.to() + " (history " + s.from() + " to " + lastBackfill + " present)",
                        "incremental", inc, warehouse);
                if (s.firstMonth()) {
                    Path first = s.out().resolve("warehouse-first-month");
                    DuckDbPeer.deleteTree(first);
                    Path firstLanding = s.out().resolve("landing-first-month");
                    long firstFiles = FirstMonthLanding.link(landing.landing(), s.from(), firstLanding);
                    say("first month: run --month " + s.from() + " on an empty warehouse, the landing zone as it stood then ("
                            + firstFiles + " files: that month's drops, elections polled by then, today's snapshots)...");
                    Measured fm = runPipeline("first-month", firstLanding, first, List.of("--month", s.from().toString()), key);
                    if (fm != null) {
                        stageSection("Our pipeline: first month " + s.from() + " alone, empty warehouse, landing zone as it stood then ("
                                + firstFiles + " files)", "first-month", fm, first);
                        BenchTable t = new BenchTable(List.of("run", "wall s", "ratio to the first month"));
                        t.row(List.of("first month alone (" + s.from() + ")", BenchTable.seconds(fm.outcome.wallMillis()), "1.00x"));
                        t.row(List.of("incremental month (" + s.to() + ") with history", BenchTable.seconds(inc.outcome.wallMillis()),
                                BenchTable.ratio(inc.outcome.wallMillis(), fm.outcome.wallMillis())));
                        section("A month's cost with and without history (target: within 1.3x)", t);
                    }
                }
            }
        }
        Files.writeString(s.out().resolve("results.md"), md.toString());
        Files.writeString(s.out().resolve("results.csv"), csv.csv());
        say("results: " + s.out().resolve("results.md") + " and results.csv");
        return !failed;
    }

    /**
     * The same backfill from the same seed's landing zone written as councils' exports (generate --formats:
     * the register and the marked register as Xpress and Halarose files and keyed marked registers, the
     * rest as the contract's CSVs), against the contract landing zone's (target: the ingest within 1.3x).
     */
    private void exports(LandingCache.Key key, YearMonth lastBackfill, Measured contract) throws IOException, SQLException {
        LandingCache.Key exportsKey = key.withFormats(true);
        say("exports: landing zone " + LandingCache.folder(s.dataRoot(), exportsKey) + (LandingCache.isComplete(s.dataRoot(), exportsKey)
                ? " (cached)" : " (generating with --formats...)"));
        LandingCache.Entry landing = LandingCache.ensure(s.dataRoot(), exportsKey, java("2g"), jar,
                s.out().resolve("logs/generate-exports.log"), s.timeoutSeconds());
        Path warehouse = s.out().resolve("warehouse-exports");
        DuckDbPeer.deleteTree(warehouse);
        say("exports: run --from " + s.from() + " --to " + lastBackfill + " on the exports (child JVM, -Xmx" + s.heap() + ")...");
        Measured m = runPipeline("backfill-exports", landing.landing(), warehouse,
                List.of("--from", s.from().toString(), "--to", lastBackfill.toString()), key);
        if (m == null) {
            return;
        }
        stageSection("Our pipeline: backfill " + s.from() + " to " + lastBackfill + " from exports", "backfill-exports", m, warehouse);
        BenchTable t = new BenchTable(List.of("stage", "contract CSVs s", "exports s", "exports / CSVs", "rows read (CSVs / exports)",
                "rows loaded (CSVs / exports)"));
        for (String stage : List.of("ingest", "write")) {
            long a = contract.summary().stage(stage);
            long b = m.summary().stage(stage);
            t.row(List.of(stage, BenchTable.seconds(a), BenchTable.seconds(b), BenchTable.ratio(b, a),
                    BenchTable.count(contract.summary().rowsRead()) + " / " + BenchTable.count(m.summary().rowsRead()),
                    BenchTable.count(contract.summary().rowsLoaded()) + " / " + BenchTable.count(m.summary().rowsLoaded())));
        }
        t.row(List.of("whole JVM (start to exit)", BenchTable.seconds(contract.outcome().wallMillis()),
                BenchTable.seconds(m.outcome().wallMillis()), BenchTable.ratio(m.outcome().wallMillis(), contract.outcome().wallMillis()),
                "", ""));
        section("Loading the same rows from exports against the contract's CSVs (target: the ingest within 1.3x)", t);
    }

    /** The analyst notebooks on the backfill's warehouse (target: each under 1 s median). */
    private void notebooks(Path warehouse) throws IOException, SQLException {
        Path dir = Path.of("notebooks-sql");
        if (!Files.isDirectory(dir)) {
            say("notebooks: no notebooks-sql/ in the working folder; run the bench from the repository to time them");
            return;
        }
        say("notebooks: each of notebooks-sql/*.sql " + NOTEBOOK_REPEATS + " times through the sql verb's runner...");
        BenchTable t = new BenchTable(List.of("notebook", "statements", "rows", "first s", "median s", "max s"));
        for (NotebookTimings.Timing n : NotebookTimings.measure(dir, warehouse, NOTEBOOK_REPEATS)) {
            t.row(List.of(n.notebook(), Integer.toString(n.statements()), Long.toString(n.rows()),
                    BenchTable.millisAsSeconds(n.firstMillis()), BenchTable.millisAsSeconds(n.medianMillis()),
                    BenchTable.millisAsSeconds(n.maxMillis())));
            csv.row(List.of("notebooks", n.notebook(), BenchTable.millisAsSeconds(n.medianMillis()), "", "", String.valueOf(n.rows()),
                    "", "", "", ""));
        }
        section("Analyst notebooks on the backfill's warehouse (DuckDB, " + NOTEBOOK_REPEATS + " runs each; target: median under 1 s)", t);
    }

    private static final int NOTEBOOK_REPEATS = 5;

    // ---- the pipeline ----

    /** A run of the pipeline: how the child went and what its manifest says. */
    record Measured(ChildJvm.Outcome outcome, RunSummary summary, Path log) {}

    private Measured runPipeline(String name, Path landing, Path warehouse, List<String> period, LandingCache.Key key) {
        List<String> cmd = java(s.heap());
        Path eventLog = s.out().resolve("eventlog").resolve(name);
        try {
            DuckDbPeer.deleteTree(eventLog);
            Files.createDirectories(eventLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Spark's event log: where the time went, by the line of our code that started each stage.
        cmd.addAll(List.of("-Dspark.eventLog.enabled=true", "-Dspark.eventLog.dir=" + eventLog.toUri()));
        cmd.addAll(List.of("-jar", jar.toString(), "run", "--landing", landing.toString(), "--warehouse", warehouse.toString(),
                "--demo", "--party", s.party(), "--as-of", key.today().toString()));
        cmd.addAll(period);
        Path log = s.out().resolve("logs/" + name + ".log");
        ChildJvm.Outcome o = ChildJvm.run(cmd, log, s.timeoutSeconds());
        say(String.format(Locale.ROOT, "  %s: exit %d in %s s, peak RSS %s, load %s", name, o.exitCode(),
                BenchTable.seconds(o.wallMillis()), BenchTable.bytes(o.peakRssKb() * 1024), o.load()));
        if (o.exitCode() != 0) {
            failed = true;
            say("  " + name + " FAILED (exit " + o.exitCode() + "); last lines of " + log + ":");
            tail(log, 15).forEach(l -> say("    " + l));
            md.append("\n**").append(name).append(" failed** (exit ").append(o.exitCode()).append(") after ")
                    .append(BenchTable.seconds(o.wallMillis())).append(" s, load ").append(o.load()).append(".\n");
            return null;
        }
        return new Measured(o, RunSummary.newest(warehouse), log);
    }

    /** A run's section: its title, its stage table, then where the time went (the log's metric tables, the event log). */
    private void stageSection(String title, String run, Measured m, Path warehouse) throws SQLException {
        StringBuilder extras = new StringBuilder();
        StringBuilder terminalExtras = new StringBuilder();
        BenchTable t = stageTable(run, m, warehouse, extras, terminalExtras);
        section(title, t);
        md.append(extras);
        terminal.print(terminalExtras);
        terminal.flush();
    }

    private BenchTable stageTable(String run, Measured m, Path warehouse, StringBuilder extras, StringBuilder terminalExtras)
            throws SQLException {
        RunSummary r = m.summary();
        Map<String, long[]> windows = r.stageWindows();
        long curated = DuckDbPeer.treeSize(warehouse.resolve("curated"));
        long restricted = DuckDbPeer.treeSize(warehouse.resolve("restricted"));
        long metrics = DuckDbPeer.treeSize(warehouse.resolve("metrics"));
        long catalogue = DuckDbPeer.treeSize(warehouse.resolve("analytics.duckdb"));
        long metricRows = metricRows(warehouse);
        BenchTable t = stageHeader();
        for (Map.Entry<String, Long> e : r.stageMillis().entrySet()) {
            String stage = e.getKey();
            long ms = e.getValue();
            long[] w = windows.get(stage);
            long rss = m.outcome().peakRssKbBetween(w[0], w[1]) * 1024;
            switch (stage) {
                case "ingest" -> stageRow(t, run, stage, ms, r.rowsRead(), r.inputBytes(), r.rowsLoaded(), -1, rss, m);
                case "write" -> stageRow(t, run, stage, ms, r.rowsRead(), -1, r.rowsLoaded(), curated + restricted, rss, m);
                case "metrics" -> stageRow(t, run, stage, ms, r.rowsLoaded(), curated, metricRows, metrics, rss, m);
                case "publish" -> stageRow(t, run, stage, ms, -1, -1, -1, curated + restricted + metrics, rss, m);
                case "catalogue" -> stageRow(t, run, stage, ms, -1, curated + metrics, -1, catalogue, rss, m);
                default -> stageRow(t, run, stage, ms, -1, -1, -1, -1, rss, m);
            }
        }
        stageRow(t, run, "whole JVM (start to exit)", m.outcome().wallMillis(), r.rowsRead(), r.inputBytes(),
                r.rowsLoaded(), curated + restricted + metrics + catalogue, m.outcome().peakRssKb() * 1024, m);
        Map<String, Long> perTable = metricTableMillis(m.log());
        if (!perTable.isEmpty()) {
            StringBuilder b = new StringBuilder("metrics stage by table (ms, from the run's log): ");
            perTable.forEach((k, v) -> b.append(k).append(' ').append(v).append("; "));
            extras.append('\n').append(b).append('\n');
            terminalExtras.append("  ").append(b).append('\n');
        }
        List<EventLogSummary.Site> sites = EventLogSummary.read(s.out().resolve("eventlog").resolve(run));
        if (!sites.isEmpty()) {
            long total = sites.stream().mapToLong(EventLogSummary.Site::taskMillis).sum();
            BenchTable where = new BenchTable(List.of("our code that started the stages", "stages", "tasks", "task time s", "share", "stage wall s"));
            for (EventLogSummary.Site site : sites.subList(0, Math.min(12, sites.size()))) {
                where.row(List.of(site.site(), String.valueOf(site.stages()), BenchTable.count(site.tasks()),
                        BenchTable.seconds(site.taskMillis()), String.format(Locale.ROOT, "%.0f%%", 100.0 * site.taskMillis() / Math.max(1, total)),
                        BenchTable.seconds(site.stageWallMillis())));
            }
            extras.append("\nWhere the time went (Spark event log; executor run time of all tasks, ")
                    .append(BenchTable.seconds(total)).append(" s in all, top 12 sites):\n\n").append(where.markdown());
            terminalExtras.append("  where the time went (Spark event log, task time ").append(BenchTable.seconds(total))
                    .append(" s):\n").append(where.text());
        }
        if (r.rowsOutsidePeriod() > 0) {
            extras.append("\nrows read but outside the run's months (parsed and set aside): ")
                    .append(BenchTable.count(r.rowsOutsidePeriod())).append('\n');
        }
        return t;
    }

    private static BenchTable stageHeader() {
        return new BenchTable(List.of("stage", "wall s", "rows in", "bytes in", "rows out", "bytes out", "rows/s", "peak RSS"));
    }

    private void stageRow(BenchTable t, String run, String stage, long ms, long rowsIn, long bytesIn, long rowsOut,
                          long bytesOut, long rssBytes, Measured m) {
        t.row(List.of(stage, BenchTable.seconds(ms), BenchTable.count(rowsIn), BenchTable.bytes(bytesIn),
                BenchTable.count(rowsOut), BenchTable.bytes(bytesOut), BenchTable.rate(rowsIn, ms),
                rssBytes <= 0 ? BenchTable.UNKNOWN : BenchTable.bytes(rssBytes)));
        csv.row(List.of(run, stage, BenchTable.seconds(ms), String.valueOf(rowsIn), String.valueOf(bytesIn),
                String.valueOf(rowsOut), String.valueOf(bytesOut), rowsIn < 0 || ms <= 0 ? "" : String.valueOf(Math.round(rowsIn * 1000.0 / ms)),
                String.valueOf(rssBytes), m == null ? "" : String.format(Locale.ROOT, "%.2f", m.outcome().load().mean())));
    }

    private static final Pattern METRIC_LINE = Pattern.compile("MetricsJob: ([a-z_ ]+?):? (?:written )?\\((\\d+) ms\\)|MetricsJob: (identity resolution): (\\d+) ms");

    /** Milliseconds per metric table, from the run's log lines ("MetricsJob: seat_month: written (13626 ms)"). */
    static Map<String, Long> metricTableMillis(Path log) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : tail(log, Integer.MAX_VALUE)) {
            Matcher m = METRIC_LINE.matcher(line);
            if (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(3);
                String ms = m.group(2) != null ? m.group(2) : m.group(4);
                out.put(name.trim(), Long.parseLong(ms));
            }
        }
        return out;
    }

    private static long metricRows(Path warehouse) throws SQLException {
        long rows = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            for (String t : WarehouseComparison.tables(warehouse)) {
                if (t.startsWith("metrics/") && WarehouseComparison.hasParquet(warehouse.resolve(t))) {
                    rows += Sql.scalar(c, "SELECT count(*) FROM " + WarehouseComparison.scan(warehouse.resolve(t)));
                }
            }
        }
        return rows;
    }

    // ---- the DuckDB peer ----

    private void peer(Path landing, Path warehouse, Measured ours, YearMonth lastBackfill) throws IOException, SQLException {
        Path peerOut = s.out().resolve("duckdb-peer");
        DuckDbPeer.deleteTree(peerOut);
        List<String> cmd = java("1g");
        cmd.addAll(List.of("-cp", benchJar.toString(), DuckDbPeer.class.getName(), landing.toString(), peerOut.toString(),
                s.from().toString(), lastBackfill.toString(), s.party(), "2", s.peerMemory(), s.peerSources()));
        say("DuckDB peer: the same CSV -> Parquet and the core metrics (child JVM, DuckDB memory_limit " + s.peerMemory() + ")...");
        ChildJvm.Outcome o = runPeer("duckdb-peer", "DuckDB peer", cmd);
        if (o.exitCode() != 0) {
            return;
        }
        JsonNode timings = new ObjectMapper().readTree(peerOut.resolve("timings.json").toFile());
        BenchTable t = stageHeader();
        long ingestMs = 0;
        long keyedMs = 0; // the keyed ingest: sources with person ids keyed, the others as the plain ingest read them
        long bytesIn = 0;
        long seatMonthMs = -1;
        long seatElectionMs = -1;
        List<String> rowProblems = new ArrayList<>();
        Measured peerMeasure = new Measured(o, null, null);
        for (JsonNode step : timings.path("steps")) {
            String name = step.path("name").asText();
            long ms = step.path("millis").asLong();
            long rows = step.path("rowsOut").asLong();
            String kind = step.path("kind").asText();
            boolean ingest = kind.equals("ingest");
            boolean keyed = kind.equals(DuckDbPeer.INGEST_KEYED);
            stageRowPeer(t, (ingest ? "ingest " : keyed ? "ingest keyed " : "metric ") + name, ms, ingest || keyed ? rows : -1,
                    step.path("bytesIn").asLong(), rows, step.path("bytesOut").asLong(), peerMeasure);
            if (ingest || keyed) {
                if (ingest) {
                    ingestMs += ms;
                    bytesIn += step.path("bytesIn").asLong();
                }
                if (keyed || !PeerIngestSql.hasPersonIds(Source.byFolder(name).orElseThrow())) {
                    keyedMs += ms;
                }
                RunSummary.SourceRows ourRows = ours.summary().sources().get(name);
                if (ourRows == null || ourRows.read() != rows) {
                    rowProblems.add(name + (keyed ? " (keyed)" : "") + ": DuckDB read " + rows + " rows, ours "
                            + (ourRows == null ? "none" : ourRows.read()));
                }
            } else if (name.equals("seat_month")) {
                seatMonthMs = ms;
            } else if (name.equals("seat_election")) {
                seatElectionMs = ms;
            }
        }
        stageRowPeer(t, "whole JVM (start to exit)", o.wallMillis(), -1, bytesIn, -1, DuckDbPeer.treeSize(peerOut), peerMeasure);
        section("DuckDB peer (" + timings.path("duckdb_version").asText() + ", 2 threads, in-process JDBC)", t);
        if (!rowProblems.isEmpty()) {
            failed = true;
            say("  ROWS READ DIFFER between DuckDB and ours: " + rowProblems);
            md.append("\n**Rows read differ**: ").append(String.join("; ", rowProblems)).append('\n');
        } else {
            md.append("\nRows read per source: DuckDB and ours agree for every source the peer read.\n");
        }

        duckDbIngestMs = ingestMs;
        duckDbKeyedMs = keyedMs;
        RunSummary r = ours.summary();
        Map<String, Long> perTable = metricTableMillis(ours.log());
        long oursIngest = r.stage("ingest") + r.stage("write");
        BenchTable ratio = new BenchTable(List.of("work", "ours s", "DuckDB s", "ours / DuckDB", "like for like?"));
        ratio.row(List.of("CSV -> Parquet (" + s.peerSources() + " sources): ours ingest + write", BenchTable.seconds(oursIngest),
                BenchTable.seconds(ingestMs), BenchTable.ratio(oursIngest, ingestMs),
                s.peerSources().equals("all") ? "same files; ours also validates, dedups, pseudonymises, quarantines" : "ours reads every source"));
        ratio.row(List.of("CSV -> Parquet, the peer keying person ids as ours (HMAC-SHA256)", BenchTable.seconds(oursIngest),
                BenchTable.seconds(keyedMs), BenchTable.ratio(oursIngest, keyedMs),
                "closer: the same keyed output columns; ours still validates, dedups, quarantines, keeps identity keys"));
        ratio.row(List.of("seat_month", BenchTable.seconds(perTable.getOrDefault("seat_month", -1L)), BenchTable.seconds(seatMonthMs),
                BenchTable.ratio(perTable.getOrDefault("seat_month", -1L), seatMonthMs),
                "no: ours computes all " + org.organisermetrics.metrics.SeatMonth.TABLE.columns().size() + " columns, the peer 3"));
        ratio.row(List.of("seat_election", BenchTable.seconds(perTable.getOrDefault("seat_election", -1L)), BenchTable.seconds(seatElectionMs),
                BenchTable.ratio(perTable.getOrDefault("seat_election", -1L), seatElectionMs),
                "no: ours computes all " + org.organisermetrics.metrics.SeatElection.TABLE.columns().size() + " columns, the peer 3"));
        long peerAll = ingestMs + Math.max(0, seatMonthMs) + Math.max(0, seatElectionMs);
        ratio.row(List.of("whole: ours run vs peer's two ingests + 2 tables", BenchTable.seconds(ours.outcome().wallMillis()),
                BenchTable.seconds(o.wallMillis()), BenchTable.ratio(ours.outcome().wallMillis(), o.wallMillis()),
                "no: ours also resolves identities and writes 11 metric tables and the catalogue"));
        section("Ours / DuckDB, same run (peer total of its steps " + BenchTable.seconds(peerAll) + " s)", ratio);

        List<MetricCheck.Result> checks = MetricCheck.check(warehouse, peerOut,
                MetricCheck.coreSpecs(s.from().atDay(1).toString(), lastBackfill.atDay(1).toString()));
        BenchTable check = new BenchTable(List.of("table", "rows ours", "rows DuckDB", "mismatches", "totals ours / DuckDB"));
        for (MetricCheck.Result c : checks) {
            StringBuilder totals = new StringBuilder();
            c.totals().forEach((k, v) -> totals.append(k).append(' ').append(v[0]).append(" / ").append(v[1]).append("; "));
            check.row(List.of(c.table(), BenchTable.count(c.oursRows()), BenchTable.count(c.peerRows()),
                    BenchTable.count(c.mismatches()), totals.toString().trim()));
            if (!c.identical()) {
                failed = true;
                say("  METRICS DIFFER in " + c.table() + ": " + c.mismatches() + " mismatching keys, e.g.:");
                c.examples().forEach(e -> say("    " + e));
                md.append("\n**").append(c.table()).append(" differs**, first mismatches:\n\n");
                c.examples().forEach(e -> md.append("    ").append(e).append('\n'));
            }
        }
        section("Metric values, ours against DuckDB, key by key", check);
        keyCheck(warehouse, peerOut.resolve(DuckDbPeer.KEYED), "Person keys, ours against the keyed peer (the same HMAC-SHA256, in SQL)");
    }

    // ---- the Spark peer: Spark's own CSV reader and Parquet writer, the stack's floor ----

    private void sparkPeer(Path landing, Path warehouse, Measured ours) throws IOException, SQLException {
        Path peerOut = s.out().resolve("spark-peer");
        DuckDbPeer.deleteTree(peerOut);
        List<String> cmd = java(s.heap()); // the heap ours runs with; -jar, so the manifest's Add-Opens apply
        cmd.addAll(List.of("-jar", benchJar.toString(), "spark-peer", landing.toString(), peerOut.toString(), s.peerSources()));
        say("Spark peer: the same CSV -> Parquet with Spark's own CSV reader, plain and keyed (child JVM, -Xmx" + s.heap() + ")...");
        ChildJvm.Outcome o = runPeer("spark-peer", "Spark peer", cmd);
        if (o.exitCode() != 0) {
            return;
        }
        JsonNode timings = new ObjectMapper().readTree(peerOut.resolve("timings.json").toFile());
        BenchTable t = stageHeader();
        Measured m = new Measured(o, null, null);
        long copyMs = timings.path("wall_millis").asLong(); // the sources ran at once: their times overlap
        long keyedMs = timings.path("keyed_wall_millis").asLong();
        long bytesIn = 0;
        List<String> rowProblems = new ArrayList<>();
        for (JsonNode step : timings.path("steps")) {
            String name = step.path("name").asText();
            long ms = step.path("millis").asLong();
            long rows = step.path("rowsOut").asLong();
            boolean keyed = step.path("kind").asText().equals(SparkPeer.KIND_KEYED);
            if (!keyed) {
                bytesIn += step.path("bytesIn").asLong();
            }
            stageRow(t, "spark", (keyed ? "ingest keyed " : "ingest ") + name, ms, rows, step.path("bytesIn").asLong(), rows,
                    step.path("bytesOut").asLong(), -1, m);
            RunSummary.SourceRows ourRows = ours.summary().sources().get(name);
            if (ourRows == null || ourRows.read() != rows) {
                rowProblems.add(name + (keyed ? " (keyed)" : "") + ": Spark read " + rows + " rows, ours "
                        + (ourRows == null ? "none" : ourRows.read()));
            }
        }
        stageRow(t, "spark", "plain copy, all sources at once", copyMs, -1, bytesIn, -1, -1, -1, m);
        stageRow(t, "spark", "keyed copy, all sources at once", keyedMs, -1, bytesIn, -1, -1, -1, m);
        stageRow(t, "spark", "whole JVM (start to exit)", o.wallMillis(), -1, 2 * bytesIn, -1, DuckDbPeer.treeSize(peerOut),
                o.peakRssKb() * 1024, m);
        section("Spark peer (Spark " + timings.path("spark_version").asText() + ", the session ours uses, its own CSV reader;"
                + " per-source times overlap)", t);
        if (!rowProblems.isEmpty()) {
            failed = true;
            say("  ROWS READ DIFFER between the Spark peer and ours: " + rowProblems);
            md.append("\n**Rows read differ**: ").append(String.join("; ", rowProblems)).append('\n');
        } else {
            md.append("\nRows read per source: the Spark peer and ours agree for every source it read.\n");
        }

        long oursIngest = ours.summary().stage("ingest") + ours.summary().stage("write");
        BenchTable ratio = new BenchTable(List.of("work", "numerator s", "denominator s", "ratio", "what it says"));
        ratio.row(List.of("ours ingest + write / Spark's plain copy", BenchTable.seconds(oursIngest), BenchTable.seconds(copyMs),
                BenchTable.ratio(oursIngest, copyMs), "ours against the least copy on the same engine"));
        ratio.row(List.of("ours ingest + write / Spark's keyed copy", BenchTable.seconds(oursIngest), BenchTable.seconds(keyedMs),
                BenchTable.ratio(oursIngest, keyedMs), "the price of our checks, repeated keys and quarantine on the same engine"));
        if (duckDbIngestMs > 0) {
            ratio.row(List.of("Spark's plain copy / DuckDB's plain copy", BenchTable.seconds(copyMs), BenchTable.seconds(duckDbIngestMs),
                    BenchTable.ratio(copyMs, duckDbIngestMs), "the engines on the same plain copy"));
            ratio.row(List.of("Spark's keyed copy / DuckDB's plain copy", BenchTable.seconds(keyedMs), BenchTable.seconds(duckDbIngestMs),
                    BenchTable.ratio(keyedMs, duckDbIngestMs), "Spark's own CSV path doing the least of ours' work, against the issue's yardstick"));
            ratio.row(List.of("Spark's keyed copy / DuckDB's keyed copy", BenchTable.seconds(keyedMs), BenchTable.seconds(duckDbKeyedMs),
                    BenchTable.ratio(keyedMs, duckDbKeyedMs), "the engines on the same keyed copy"));
        }
        section("CSV -> Parquet on the same files: ours, Spark's copies, DuckDB's copies (same run)", ratio);
        keyCheck(warehouse, peerOut.resolve(DuckDbPeer.KEYED), "Person keys, ours against the Spark peer's keyed copy (our Pseudonymiser in a UDF)");
    }

    /**
     * A peer's child JVM, its log in {@code logs/<name>.log}, its outcome said; on failure the log's
     * tail is said, the results note it and the bench will fail.
     */
    private ChildJvm.Outcome runPeer(String name, String title, List<String> cmd) {
        Path log = s.out().resolve("logs/" + name + ".log");
        ChildJvm.Outcome o = ChildJvm.run(cmd, log, s.timeoutSeconds());
        say(String.format(Locale.ROOT, "  %s: exit %d in %s s, peak RSS %s, load %s", name.replace('-', ' '), o.exitCode(),
                BenchTable.seconds(o.wallMillis()), BenchTable.bytes(o.peakRssKb() * 1024), o.load()));
        if (o.exitCode() != 0) {
            failed = true;
            tail(log, 20).forEach(l -> say("    " + l));
            md.append("\n**").append(title).append(" failed** (exit ").append(o.exitCode()).append(").\n");
        }
        return o;
    }

    /** Person-id columns whose keys the keyed peer must give exactly as ours: every entity, canvasser_id's mapping included. */
    private static final List<String[]> KEY_CHECKS = List.of(new String[] {"volunteers", "volunteer_key"},
            new String[] {"volunteers", "elector_key"}, new String[] {"volunteers", "member_key"},
            new String[] {"contacts", "canvasser_key"});

    /**
     * Every distinct key in ours' curated column must be among the keyed peer's (ours loads a subset of
     * the rows: the peer has no quarantine), and there must be some: the SQL HMAC is the same function.
     */
    private void keyCheck(Path warehouse, Path keyedPeer, String title) throws SQLException {
        BenchTable t = new BenchTable(List.of("column", "distinct keys ours", "of them not in the keyed peer"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            for (String[] k : KEY_CHECKS) {
                Path oursDir = warehouse.resolve("curated").resolve(k[0]);
                Path peerDir = keyedPeer.resolve(k[0]);
                if (!WarehouseComparison.hasParquet(oursDir) || !WarehouseComparison.hasParquet(peerDir)) {
                    continue;
                }
                String sql = "SELECT count(*), count(*) FILTER (WHERE p.k IS NULL) FROM (SELECT DISTINCT " + k[1] + " AS k FROM "
                        + WarehouseComparison.scan(oursDir) + " WHERE " + k[1] + " IS NOT NULL) AS o LEFT JOIN (SELECT DISTINCT "
                        + k[1] + " AS k FROM " + WarehouseComparison.scan(peerDir) + ") AS p USING (k)";
                long distinct;
                long missing;
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    distinct = rs.getLong(1);
                    missing = rs.getLong(2);
                }
                t.row(List.of(k[0] + "." + k[1], BenchTable.count(distinct), BenchTable.count(missing)));
                if (distinct == 0 || missing > 0) {
                    failed = true;
                    say("  KEYS DIFFER in " + k[0] + "." + k[1] + ": " + missing + " of ours' " + distinct + " not in the keyed peer");
                }
            }
        }
        section(title, t);
    }

    private void stageRowPeer(BenchTable t, String stage, long ms, long rowsIn, long bytesIn, long rowsOut, long bytesOut,
                              Measured m) {
        boolean whole = stage.startsWith("whole");
        stageRow(t, "duckdb", stage, ms, rowsIn, bytesIn, rowsOut, bytesOut, whole ? m.outcome().peakRssKb() * 1024 : -1, m);
    }

    // ---- output ----

    private void header() {
        String title = "Benchmark " + s.scale() + " (seed " + s.seed() + ", " + s.from() + " to " + s.to() + ")";
        md.append("# ").append(title).append("\n\n")
                .append("- taken ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(BenchTable.bytes(totalMemory())).append(" RAM; load average at start ")
                .append(ChildJvm.loadAverage()).append("\n")
                .append("- child JVMs: ").append(String.join(" ", java(s.heap()))).append("\n")
                .append("- runtime jar: ").append(jar).append("\n")
                .append("- bench jar: ").append(benchJar).append("\n");
        say(title);
        say("load average at start: " + ChildJvm.loadAverage());
    }

    private void describeLanding(LandingCache.Entry e) {
        long bytes = DuckDbPeer.treeSize(e.landing());
        String how = e.cached() ? "from the cache" : String.format(Locale.ROOT, "generated in %s s (peak RSS %s, load %s)",
                BenchTable.seconds(e.generation().wallMillis()), BenchTable.bytes(e.generation().peakRssKb() * 1024), e.generation().load());
        md.append("- landing zone: ").append(e.landing()).append(", ").append(BenchTable.bytes(bytes)).append(", ").append(how).append("\n");
        say("  " + BenchTable.bytes(bytes) + ", " + how);
    }

    private void section(String title, BenchTable t) {
        md.append("\n## ").append(title).append("\n\n").append(t.markdown());
        terminal.println();
        terminal.println(title);
        terminal.print(t.text());
        terminal.flush();
    }

    private void say(String line) {
        terminal.println(line);
        terminal.flush();
    }

    /** java [nice] -Xmx... options: the prefix of every child command. */
    private List<String> java(String heap) {
        List<String> cmd = new ArrayList<>();
        if (s.nice() > 0) {
            cmd.addAll(List.of("nice", "-n", String.valueOf(s.nice())));
        }
        cmd.add(ChildJvm.javaExecutable());
        cmd.add("-Xmx" + heap);
        cmd.addAll(s.javaOptions());
        return cmd;
    }

    private static long totalMemory() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return ChildJvm.kb(l) * 1024;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }

    static List<String> tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        } catch (UncheckedIOException e) {
            return List.of();
        }
    }
}
