package org.organisermetrics.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.organisermetrics.contract.Codes;
import org.organisermetrics.contract.Franchise;
import org.organisermetrics.contract.Source;
import org.organisermetrics.privacy.Secret;

/**
 * The DuckDB peer, run by the bench in its own JVM (so its peak memory is measured alone):
 * the landing CSVs of the chosen sources to Parquet ({@code bench/peer-ingest.sql}, one statement
 * per source), those with person ids a second time with the ids keyed as ours are (HMAC-SHA256 in
 * SQL, under {@code <out>/keyed/}), then the core metrics as SQL ({@code bench/peer-seat-month.sql},
 * {@code bench/peer-seat-election.sql}), each step timed. Writes {@code <out>/timings.json},
 * the Parquet under {@code <out>/<source>/} and the metrics under {@code <out>/metrics/}.
 *
 * <pre>java -cp organiser-metrics-bench.jar org.organisermetrics.bench.DuckDbPeer LANDING OUT FROM TO PARTY THREADS MEMORY SOURCES</pre>
 * with SOURCES a comma-separated list of landing folders (or "all").
 */
public final class DuckDbPeer {

    /** One timed step: a source's plain ingest, its keyed ingest, or one metric table (kind ingest, ingest_keyed, metrics). */
    public record Step(String name, String kind, long millis, long rowsOut, long bytesIn, long bytesOut) {}

    /** The keyed ingest's folder under the peer's output, and its steps' kind. */
    public static final String KEYED = "keyed";
    public static final String INGEST_KEYED = "ingest_keyed";

    private DuckDbPeer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: DuckDbPeer LANDING OUT FROM_MONTH TO_MONTH PARTY THREADS MEMORY_LIMIT SOURCES");
            System.exit(2);
        }
        Path landing = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        YearMonth from = YearMonth.parse(args[2]);
        YearMonth to = YearMonth.parse(args[3]);
        List<Source> sources = new ArrayList<>();
        for (Source s : Source.values()) {
            if (args[7].equals("all") || List.of(args[7].split(",")).contains(s.folder())) {
                sources.add(s);
            }
        }
        // The secret ours runs with in the bench (--demo, or ORGANISER_METRICS_KEY when set), so the keys agree.
        byte[] secret = Secret.resolve(null, System.getenv(Secret.ENV), true);
        List<Step> steps = run(landing, out, from, to, args[4], Integer.parseInt(args[5]), args[6], sources, secret);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("duckdb_version", duckDbVersion());
        json.put("steps", steps);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("timings.json").toFile(), json);
    }

    static List<Step> run(Path landing, Path out, YearMonth from, YearMonth to, String party, int threads,
                          String memoryLimit, List<Source> sources, byte[] secret) throws SQLException, IOException {
        Files.createDirectories(out.resolve("metrics"));
        Path temp = Files.createDirectories(out.resolve("_tmp"));
        List<Step> steps = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            execute(c, Sql.fill(Sql.resource("peer-setup.sql"), Map.of("threads", String.valueOf(threads),
                    "memory_limit", memoryLimit, "temp_directory", temp.toString())));
            try (Statement st = c.createStatement()) {
                for (String macro : Sql.statements(PeerIngestSql.personKeyMacros(secret))) {
                    st.execute(macro);
                }
            } catch (SQLException e) {
                // Not DuckDB's message nor the cause: a parser error quotes the statement, here the secret's pads.
                throw new SQLException("DuckDB could not create the person_key macros (statement and message withheld: they hold the secret)");
            }
            String template = Sql.resource("peer-ingest.sql");
            ingest(c, template, landing, out, sources, false, steps);
            // The same again for the sources with person ids, keyed as ours are: the like-for-like ingest.
            ingest(c, template, landing, out.resolve(KEYED), sources.stream().filter(PeerIngestSql::hasPersonIds).toList(),
                    true, steps);
            Map<String, String> values = Map.of("peer", out.toString(), "from_month", from.atDay(1).toString(),
                    "to_month", to.atDay(1).toString(), "last_day", lastDay(to).toString(), "party", party,
                    "parliament_barring", franchiseBarring(Codes.GENERAL), "local_barring", franchiseBarring(Codes.LOCAL));
            for (String table : List.of("seat_month", "seat_election")) {
                String sql = Sql.fill(Sql.resource("peer-" + table.replace('_', '-') + ".sql"), values);
                Path target = out.resolve("metrics").resolve(table + ".parquet");
                long t = System.nanoTime();
                execute(c, sql);
                execute(c, "COPY peer_" + table + " TO '" + target + "' (FORMAT parquet, COMPRESSION zstd)");
                long ms = (System.nanoTime() - t) / 1_000_000;
                long rows = count(c, "SELECT count(*) FROM peer_" + table);
                steps.add(new Step(table, "metrics", ms, rows, -1, Files.size(target)));
                System.out.printf("duckdb %s: %d rows in %d ms%n", table, rows, ms);
            }
        } finally {
            deleteTree(temp);
        }
        return steps;
    }

    /** Reads each source's landing files into {@code <out>/<source>/}, one timed step each (kind ingest or ingest_keyed). */
    static void ingest(Connection c, String template, Path landing, Path out, List<Source> sources, boolean keyed,
                               List<Step> steps) throws SQLException, IOException {
        String kind = keyed ? INGEST_KEYED : "ingest";
        for (Source source : sources) {
            List<Path> files = landingFiles(landing.resolve(source.folder()));
            if (files.isEmpty()) {
                continue;
            }
            Path target = out.resolve(source.folder());
            deleteTree(target);
            Files.createDirectories(target);
            String sql = PeerIngestSql.statement(template, source, files, target, keyed);
            Files.writeString(out.resolve(kind + "-" + source.folder() + ".sql"), sql);
            long t = System.nanoTime();
            execute(c, sql);
            long ms = (System.nanoTime() - t) / 1_000_000;
            long rows = count(c, "SELECT count(*) FROM read_parquet('" + target + "/**/*.parquet')");
            steps.add(new Step(source.folder(), kind, ms, rows, size(files), treeSize(target)));
            System.out.printf("duckdb %s %s: %d rows in %d ms%n", kind, source.folder(), rows, ms);
        }
    }

    /** The run's last day: the end of its last month, as {@code run} takes it (its run date is later). */
    /**
     * The franchise markers that bar an election type ({@link Franchise#barringPattern}), for
     * peer-seat-election.sql; a regular expression DuckDB's regexp_matches reads as Java does.
     */
    static String franchiseBarring(String electionType) {
        String pattern = Franchise.barringPattern(electionType);
        if (pattern == null) {
            throw new IllegalStateException("no franchise marker bars " + electionType + "; peer-seat-election.sql needs one");
        }
        return pattern;
    }

    static LocalDate lastDay(YearMonth to) {
        return to.atEndOfMonth();
    }

    static void execute(Connection c, String script) throws SQLException {
        for (String statement : Sql.statements(script)) {
            try (Statement s = c.createStatement()) {
                s.execute(statement);
            } catch (SQLException e) {
                throw new SQLException(e.getMessage() + "\nin:\n" + abbreviate(statement), e);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 3000 ? s.substring(0, 3000) + "..." : s;
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String duckDbVersion() {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "unknown";
        }
    }

    /** The landing files of a source folder as our ingest lists them (.csv or .csv.gz, not hidden), by name. */
    static List<Path> landingFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                return !n.startsWith(".") && !n.startsWith("_") && (n.endsWith(".csv") || n.endsWith(".csv.gz"))
                        && Files.isRegularFile(p);
            }).sorted().toList();
        }
    }

    static long size(List<Path> files) throws IOException {
        long n = 0;
        for (Path f : files) {
            n += Files.size(f);
        }
        return n;
    }

    /** Bytes of the regular files under a folder (0 when missing). */
    public static long treeSize(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir.toRealPath())) { // curated/, metrics/... are links into the current snapshot
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
