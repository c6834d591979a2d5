package org.organisermetrics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.organisermetrics.publish.catalogue.SqlRunner;
import org.organisermetrics.publish.catalogue.SqlScript;

/**
 * The analyst notebooks (notebooks-sql/*.sql) timed on a warehouse as an analyst runs them: through
 * the {@code sql} verb's runner (analytics.duckdb, read-only, sandboxed), every statement of the file,
 * results fetched whole. Each notebook runs {@code repeats} times on one connection; the first run
 * (cold: files not yet in the page cache, DuckDB's metadata not yet read) is reported apart from
 * the median of all runs, which is what the target (under 1 s) is about.
 */
final class NotebookTimings {
    record Timing(String notebook, int statements, long rows, long firstMillis, long medianMillis, long maxMillis) {}

    private NotebookTimings() {}

    static List<Timing> measure(Path notebooks, Path warehouse, int repeats) throws IOException, SQLException {
        List<Path> files;
        try (Stream<Path> s = Files.list(notebooks)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        List<Timing> out = new ArrayList<>();
        try (SqlRunner runner = SqlRunner.open(warehouse)) {
            for (Path file : files) {
                List<SqlScript.Statement> statements = SqlScript.split(Files.readString(file));
                long[] millis = new long[repeats];
                long rows = 0;
                for (int r = 0; r < repeats; r++) {
                    long t = System.nanoTime();
                    rows = 0;
                    for (SqlScript.Statement st : statements) {
                        try {
                            rows += runner.query(st.sql()).rows().size();
                        } catch (SqlRunner.RefusedException e) {
                            throw new IllegalStateException(file + ": a statement was refused: " + e.getMessage(), e);
                        }
                    }
                    millis[r] = (System.nanoTime() - t) / 1_000_000;
                }
                long first = millis[0];
                long[] sorted = millis.clone();
                Arrays.sort(sorted);
                long median = repeats % 2 == 1 ? sorted[repeats / 2] : (sorted[repeats / 2 - 1] + sorted[repeats / 2]) / 2;
                out.add(new Timing(file.getFileName().toString(), statements.size(), rows, first, median, sorted[repeats - 1]));
            }
        }
        return out;
    }
}
