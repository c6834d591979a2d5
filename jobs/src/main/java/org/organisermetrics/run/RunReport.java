package org.organisermetrics.run;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.IngestJob;
import org.organisermetrics.ingest.Landing;
import org.organisermetrics.ingest.LandingRegistry;
import org.organisermetrics.ingest.SourceCounts;
import org.organisermetrics.warehouse.StagedTable;

/** What a run tells its console and its manifest: the plan, the ingest's progress, the counts, the outputs. */
final class RunReport {
    private static final Logger LOG = LogManager.getLogger(RunReport.class);

    private RunReport() {}

    /** What the run reads, what it leaves alone, and the files that changed behind a published month. */
    static void plan(LandingRegistry.Plan plan, PrintWriter out) {
        long parse = plan.inputs().stream().filter(i -> i.action().name().startsWith("PARSED")).count();
        out.println("landing: " + parse + " file(s) to parse (" + plan.with(LandingRegistry.Action.PARSED_NEW).size() + " new, "
                + plan.with(LandingRegistry.Action.PARSED_CHANGED).size() + " changed, "
                + plan.with(LandingRegistry.Action.PARSED_AGAIN).size() + " of the run's months again, "
                + plan.with(LandingRegistry.Action.PARSED_SNAPSHOT).size() + " reference and snapshot); "
                + plan.with(LandingRegistry.Action.SKIPPED_UNCHANGED).size() + " unchanged file(s) left as published"
                + (plan.reused().isEmpty() ? "" : " (unchanged sources: " + String.join(", ",
                        plan.reused().stream().map(Source::folder).toList()) + ")"));
        for (LandingRegistry.Input i : plan.with(LandingRegistry.Action.CHANGED_NOT_PARSED)) {
            String line = "changed landing file " + i.file() + ": its bytes differ from those published for "
                    + String.join(", ", i.months()) + "; rerun " + rerunHint(i.months()) + " to load them";
            out.println("warning: " + line);
            LOG.warn(line);
        }
        for (LandingRegistry.Input i : plan.with(LandingRegistry.Action.MISSING)) {
            String line = "landing file " + i.file() + " is gone; its rows stay published"
                    + (i.months().isEmpty() ? "" : " for " + String.join(", ", i.months()) + " until " + rerunHint(i.months()));
            out.println("warning: " + line);
            LOG.warn(line);
        }
    }

    static String rerunHint(List<String> months) {
        return months.size() == 1 ? "--month " + months.get(0) : "--from " + months.get(0) + " --to " + months.get(months.size() - 1);
    }

    /** What the run publishes: each table, and the partitions it replaces (all of it when none are named). */
    static List<Map<String, Object>> outputs(List<StagedTable> tables) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StagedTable t : tables) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", t.zone() + "/" + t.name());
            m.put("replaces", t.partitionsReplaced() == null ? List.of("all") : t.partitionsReplaced());
            out.add(m);
        }
        return out;
    }

    static List<Map<String, Object>> inputs(LandingRegistry.Plan plan) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LandingRegistry.Input i : plan.inputs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", i.source());
            m.put("file", i.file());
            m.put("bytes", i.bytes());
            m.put("sha256", i.sha256());
            m.put("action", i.action().name().toLowerCase(Locale.ROOT));
            if (!i.months().isEmpty()) {
                m.put("months", i.months());
            }
            out.add(m);
        }
        return out;
    }

    /** The landing entries the run does not read, each with the reason (the manifest's "skipped"). */
    static List<Map<String, Object>> skipped(Landing landing) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Landing.Skipped s : landing.skipped()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("entry", s.entry());
            m.put("reason", s.reason());
            out.add(m);
        }
        return out;
    }

    /**
     * A line per source as it is done, with the rows read so far: the ingest's minutes are not silent
     * (on a terminal and in a cron log alike). A source reused unchanged says so, with its published rows.
     */
    static IngestJob.Progress ingestProgress(PrintWriter out) {
        int total = Source.values().length;
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong rowsSoFar = new java.util.concurrent.atomic.AtomicLong();
        return (c, reused) -> {
            String what;
            if (reused >= 0) {
                what = String.format(Locale.ROOT, "reused, unchanged (%,d rows)", reused);
            } else {
                what = String.format(Locale.ROOT, "%,d file(s), %,d rows read, %,d loaded, %,d quarantined",
                        c.filesRead(), c.rowsRead(), c.rowsLoaded(), c.rowsQuarantined());
            }
            long soFar = rowsSoFar.addAndGet(c.rowsRead());
            String line = String.format(Locale.ROOT, "[ingest] %d/%d %s: %s; %,d rows read so far",
                    done.incrementAndGet(), total, c.source().folder(), what, soFar);
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        };
    }

    static Map<String, Object> counts(Map<Source, SourceCounts> counts, Map<Source, Long> reusedRows) {
        Map<String, Object> out = new LinkedHashMap<>();
        counts.forEach((s, c) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            if (reusedRows.containsKey(s)) {
                // Not read this run: its published rows stand (reused_sources lists it too).
                m.put("reused_unchanged", true);
                m.put("rows_published", reusedRows.get(s));
                out.put(s.folder(), m);
                return;
            }
            m.put("files_read", c.filesRead());
            m.put("rows_read", c.rowsRead());
            m.put("rows_loaded", c.rowsLoaded());
            m.put("duplicates", c.duplicates());
            m.put("rows_outside_period", c.rowsOutsidePeriod());
            if (!c.outsidePeriodByMonth().isEmpty()) {
                m.put("rows_outside_period_by_month", c.outsidePeriodByMonth());
            }
            m.put("rows_quarantined", c.rowsQuarantined());
            m.put("quarantined_by_reason", c.quarantinedByReason());
            m.put("loaded_by_warning", c.loadedByWarning());
            out.put(s.folder(), m);
        });
        return out;
    }
}
