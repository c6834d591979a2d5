package org.organisermetrics.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.organisermetrics.contract.Source;

/** Plain-text summaries of an ingest for the terminal and the log: counts per source, worst reasons, examples. */
public final class QuarantineSummary {
    private QuarantineSummary() {}

    public static void printCounts(PrintWriter out, Map<Source, SourceCounts> counts) {
        printCounts(out, counts, Map.of());
    }

    /** As above; a source in {@code reusedRows} was not read (its files are unchanged) and says so, with its published rows. */
    public static void printCounts(PrintWriter out, Map<Source, SourceCounts> counts, Map<Source, Long> reusedRows) {
        out.printf(Locale.ROOT, "%-16s %6s %11s %11s %10s %10s %11s%n",
                "source", "files", "rows read", "loaded", "duplicate", "outside", "quarantined");
        for (SourceCounts c : counts.values()) {
            if (reusedRows.containsKey(c.source())) {
                out.printf(Locale.ROOT, "%-16s reused, unchanged (%,d rows)%n", c.source().folder(), reusedRows.get(c.source()));
                continue;
            }
            out.printf(Locale.ROOT, "%-16s %,6d %,11d %,11d %,10d %,10d %,11d%n", c.source().folder(), c.filesRead(),
                    c.rowsRead(), c.rowsLoaded(), c.duplicates(), c.rowsOutsidePeriod(), c.rowsQuarantined());
        }
        warnings(counts).forEach(out::println);
        out.flush();
    }

    /**
     * One line per source with loaded rows counted under a warning (docs/landing-contract.md), e.g.
     * "contacts: 3 loaded rows counted as elector_not_on_register (data_quality_warning)"; none when there are none.
     */
    public static List<String> warnings(Map<Source, SourceCounts> counts) {
        List<String> lines = new ArrayList<>();
        for (SourceCounts c : counts.values()) {
            c.loadedByWarning().forEach((warning, n) -> lines.add(String.format(Locale.ROOT,
                    "%s: %,d loaded row%s counted as %s (data_quality_warning)", c.source().folder(), n, n == 1 ? "" : "s", warning)));
        }
        return lines;
    }

    /** Sources whose quarantine rate exceeds the threshold, each with its worst reasons. */
    public static List<String> gateFailures(Map<Source, SourceCounts> counts, double maxRate) {
        List<String> failures = new ArrayList<>();
        for (SourceCounts c : counts.values()) {
            if (c.quarantineRate() > maxRate) {
                String reasons = String.join(", ", c.quarantinedByReason().entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                        .limit(3).map(e -> e.getKey() + " " + e.getValue()).toList());
                failures.add(String.format(Locale.ROOT,
                        "%s: %,d of %,d rows quarantined (%.2f%%, limit %.2f%%); worst reasons: %s",
                        c.source().folder(), c.rowsQuarantined(), c.rowsRead(), 100 * c.quarantineRate(),
                        100 * maxRate, reasons));
            }
        }
        return failures;
    }

    /** Up to {@code limit} quarantined rows per source as "file:line reason: detail" (no raw record: it may hold personal data). */
    public static List<String> examples(IngestJob.Result result, int limit) {
        List<String> out = new ArrayList<>();
        for (Source source : Source.values()) {
            if (result.counts().get(source).rowsQuarantined() == 0) {
                continue;
            }
            List<Row> rows = result.rows().get(source)
                    .filter(col(SourceIngest.STATUS).equalTo(SourceIngest.QUARANTINED))
                    .select(ParsedRows.FILE, ParsedRows.LINE, ParsedRows.REASON, ParsedRows.DETAIL)
                    .orderBy(ParsedRows.FILE, ParsedRows.LINE).limit(limit).collectAsList();
            rows.stream().sorted(Comparator.comparing((Row r) -> r.getString(0)).thenComparing(r -> r.getLong(1)))
                    .forEach(r -> out.add(r.getString(0) + ":" + r.getLong(1) + " " + r.getString(2) + ": " + r.getString(3)));
        }
        return out;
    }
}
