package org.organisermetrics.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.contract.BadInputException;
import org.organisermetrics.contract.Source;
import org.organisermetrics.evaluate.EvaluationJob;
import org.organisermetrics.ingest.IngestJob;
import org.organisermetrics.ingest.IngestWriter;
import org.organisermetrics.ingest.Landing;
import org.organisermetrics.ingest.LandingRegistry;
import org.organisermetrics.ingest.OutsidePeriod;
import org.organisermetrics.ingest.QuarantineSummary;
import org.organisermetrics.ingest.SourceCounts;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.metrics.MetricsJob;
import org.organisermetrics.privacy.Pseudonymiser;
import org.organisermetrics.publish.Publisher;
import org.organisermetrics.publish.RunLock;
import org.organisermetrics.publish.RunManifest;
import org.organisermetrics.publish.catalogue.CatalogueBuilder;
import org.organisermetrics.publish.catalogue.TableSchemas;
import org.organisermetrics.publish.scorecard.Scorecard;
import org.organisermetrics.run.RunStages;
import org.organisermetrics.spark.SparkSessions;
import org.organisermetrics.warehouse.StagedTable;
import org.organisermetrics.warehouse.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The monthly job: ingest the landing zone for the run's months, then publish. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Load the landing zone's months and publish them atomically.",
        description = {
            "The monthly job. Reads each source folder of the landing zone by the landing contract (docs/landing-contract.md) "
                + "for the run's months; a row that breaks a rule is quarantined with its reason, and nothing is published "
                + "when a source quarantines more than --max-quarantine-rate of its rows.",
            "Publishes a new snapshot of the warehouse: the curated tables (curated/), the metric tables and data_quality "
                + "(metrics/), the quarantined rows (restricted/), the DuckDB catalogue analytics.duckdb, the last month's "
                + "scorecard (reports/) and the run's manifest (runs/). Readers see the old state or the new one, never half of it.",
            "Files already published and unchanged are not parsed again; a rerun of the same month replaces that month."},
        footer = {"%nExamples:",
                "  organiser-metrics run --landing data-samples --warehouse warehouse \\",
                "      --from 2023-11 --to 2026-10 --demo",
                "  organiser-metrics run --landing /srv/landing --warehouse /srv/warehouse \\",
                "      --key-file /etc/organiser-metrics/secret --month 2026-10"})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(RunCommand.class);

    @Option(names = "--landing", required = true, paramLabel = "DIR", description = "The landing zone: a folder or URI holding <source>/*.csv files.")
    String landing;

    @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder or URI (created when missing).")
    String warehouse;

    @Mixin
    PeriodOptions period = new PeriodOptions();

    @Option(names = "--party", paramLabel = "CODE", defaultValue = "LAB", description = "The own party, whose organising is measured; default: ${DEFAULT-VALUE}.")
    String party;

    @Option(names = "--max-quarantine-rate", paramLabel = "RATE", defaultValue = "0.01",
            description = "Data-quality gate: publish nothing when any source quarantines more than this share of its rows (default: ${DEFAULT-VALUE}).")
    double maxQuarantineRate;

    @Option(names = "--accept-quarantine", description = "Publish even when the data-quality gate fails (this run only).")
    boolean acceptQuarantine;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "The run date: later dates are quarantined as future_date (default: today, UTC).")
    LocalDate asOf;

    @Option(names = "--snapshot-grace", paramLabel = "DURATION", defaultValue = "24h",
            description = "How long a replaced snapshot is kept, so queries that started on it can finish;"
                    + " the first run after that removes it (e.g. 30m, 6h, 2d; 0 removes it at the next run; default: ${DEFAULT-VALUE}).")
    String snapshotGrace;

    @Mixin
    SecretOptions secret = new SecretOptions();

    @Spec
    CommandSpec spec;

    /** Under the run's restricted staging: each source's parsed and checked rows; never published, removed with the staging folder. */
    static final String INGEST_SCRATCH = "_ingest";

    @Override
    public Integer call() {
        Instant started = Instant.now();
        LocalDate today = asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC);
        PeriodOptions.Period months = period.resolve(today);
        java.time.Duration grace = parseGrace(snapshotGrace);
        var pseudonymiser = secret.pseudonymiser();
        String runId = newRunId(started);
        PrintWriter out = spec.commandLine().getOut();
        out.println("run " + runId + ": " + months + ", own party " + party.toUpperCase(Locale.ROOT));

        SparkSession spark = SparkSessions.getOrCreate("organiser-metrics run");
        Warehouse wh = new Warehouse(warehouse, spark.sparkContext().hadoopConfiguration());
        if (!wh.isLocal()) {
            LOG.warn("{} is not a local folder: no run lock and no atomic snapshot switch there (docs/operations.md)", wh.root());
        }
        RunLock lock;
        try {
            FaultInjection.failIfAsked(FaultInjection.LOCKING);
            lock = wh.isLocal() ? RunLock.acquire(wh.localRoot(), runId) : null;
        } catch (RuntimeException | Error e) {
            throw environmentOrAsIs(e, wh, false);
        }
        try (lock) {
            Publisher publisher = new Publisher(wh, grace);
            publisher.recover();
            RunManifest.markInterrupted(wh, currentSnapshotName(wh));
            return runLocked(spark, wh, publisher, runId, started, today, months, pseudonymiser, out);
        }
    }

    /**
     * An environment problem (a full disk, a read-only or unwritable warehouse) as one line naming
     * the warehouse, what is wrong, whether the published state changed and what to do; anything
     * else unchanged.
     */
    private static RuntimeException environmentOrAsIs(Throwable e, Warehouse wh, boolean published) {
        var problem = EnvironmentException.find(e);
        if (problem.isEmpty() || e instanceof EnvironmentException) {
            if (e instanceof Error error) {
                throw error;
            }
            return (RuntimeException) e;
        }
        String root = wh.isLocal() ? wh.localRoot().toString() : wh.root().toString();
        String where = problem.get().kind() == EnvironmentException.Kind.NO_SPACE && problem.get().path() == null
                ? root + " (or Spark's scratch folder under " + System.getProperty("java.io.tmpdir") + ")" : root;
        return new EnvironmentException(problem.get().describe(where) + "; "
                + (published ? "the new state was published but its run manifest may be incomplete"
                        : "the published state is unchanged")
                + "; " + problem.get().kind().advice, e);
    }

    private int runLocked(SparkSession spark, Warehouse wh, Publisher publisher, String runId, Instant started,
                          LocalDate today, PeriodOptions.Period months, Pseudonymiser pseudonymiser, PrintWriter out) {
        RunManifest manifest = new RunManifest()
                .put("run_id", runId).put("program_version", Version.current())
                .put("started_at", started.toString()).put("run_date", today.toString())
                .put("from_month", months.fromMonth().toString()).put("to_month", months.toMonth().toString())
                .put("own_party", party.toUpperCase(Locale.ROOT))
                .put("settings", Map.of("max_quarantine_rate", maxQuarantineRate, "accept_quarantine", acceptQuarantine,
                        "demo_secret", secret.demo, "spark_master", spark.sparkContext().master()))
                .put("outcome", RunManifest.RUNNING);
        manifest.write(wh, runId);
        RunStages stages = new RunStages(out);
        boolean[] published = {false};
        Throwable[] failed = {null};
        try {
            LandingRegistry registry = LandingRegistry.published(wh);
            String keyCheck = LandingRegistry.keyCheck(pseudonymiser);
            record Planned(Landing landingZone, LandingRegistry.Plan plan) {}
            Planned planned = stages.time("plan", () -> {
                Landing zone = Landing.open(landing, spark.sparkContext().hadoopConfiguration());
                manifest.put("landing", zone.root());
                zone.notes().forEach(n -> LOG.warn(n));
                registry.checkKey(keyCheck);
                return new Planned(zone, registry.plan(zone, months.fromMonth(), months.toMonth(),
                        spark.sparkContext().hadoopConfiguration()));
            });
            Landing landingZone = planned.landingZone();
            manifest.put("skipped", skipped(landingZone));
            manifest.put("exports", landingZone.exportsRecognised());
            landingZone.exportsRecognised().forEach(e -> out.println("export: " + e));
            landingZone.skipped().forEach(s -> {
                out.println("skipped: " + s.entry() + ": " + s.reason());
                LOG.warn("skipped landing entry {}: {}", s.entry(), s.reason());
            });
            LandingRegistry.Plan plan = planned.plan();
            manifest.put("inputs", inputs(plan)).put("reused_sources", plan.reused().stream().map(Source::folder).toList());
            reportPlan(plan, out);
            IngestJob.Progress progress = ingestProgress(out);
            IngestJob.Result result = stages.time("ingest", () -> IngestJob.run(spark, plan.toParse(),
                    new IngestJob.Settings(today, months.fromMonth(), months.toMonth(), pseudonymiser), plan.reused(), wh,
                    wh.staged(runId, Warehouse.RESTRICTED, INGEST_SCRATCH).toString(), progress));
            manifest.put("sources", counts(result.counts(), result.reusedRows())).put("notes", result.notes());
            QuarantineSummary.printCounts(out, result.counts(), result.reusedRows());
            reportOutsidePeriod(result, months, registry, manifest, out);
            List<String> gate = QuarantineSummary.gateFailures(result.counts(), maxQuarantineRate);
            if (!gate.isEmpty() && !acceptQuarantine) {
                List<String> problems = new ArrayList<>(gate);
                problems.add("examples (file:line reason: detail):");
                QuarantineSummary.examples(result, 3).forEach(e -> problems.add("  " + e));
                problems.add("rerun with --accept-quarantine to publish anyway");
                throw new BadInputException(problems);
            }
            List<StagedTable> tables = stages.time("write", () -> {
                IngestWriter writer = new IngestWriter(spark, wh, runId);
                List<StagedTable> t = new ArrayList<>(writer.writeCurated(result, months.fromMonth(), months.toMonth()));
                t.add(writer.writeQuarantine(result));
                t.addAll(writer.writeDataQuality(result));
                t.add(registry.after(plan, landingZone, result.monthsByFile(), months.fromMonth(), months.toMonth(), runId,
                        keyCheck).stage(wh, runId));
                return t;
            });
            FaultInjection.pauseIfAsked(FaultInjection.WRITING);
            FaultInjection.failIfAsked(FaultInjection.WRITING);
            MetricSettings metricSettings = metricSettings(runId, months);
            MetricsJob.Result metrics = stages.time("metrics", () -> new MetricsJob(spark, wh, metricSettings,
                    comparablePublishedRun(wh)).run(result));
            stages.time("evaluate", () -> {
                new EvaluationJob(spark, wh, metricSettings).run(metrics);
                return null;
            });
            tables.addAll(metrics.staged().written());
            manifest.put("outputs", outputs(tables));
            stages.time("publish", () -> {
                publisher.publish(runId, tables, snapshot -> {
                    FaultInjection.pauseIfAsked(FaultInjection.PUBLISHING);
                    Path catalogue = new CatalogueBuilder(snapshot, TableSchemas.declared()).build();
                    LOG.info("catalogue built: {}", catalogue);
                    writeScorecard(snapshot, months);
                });
                return null;
            });
            published[0] = true;
            manifest.put("outcome", "success").put("published", true);
            out.println("published to " + (wh.isLocal() ? wh.localRoot().toString() : wh.root()) + " (curated/, metrics/, reports/" + java.time.YearMonth.from(months.toMonth())
                    + "/index.html and a page per region; manifest runs/" + runId + ".json)");
            if (wh.isLocal()) {
                out.println("catalogue: " + wh.localRoot().resolve(CatalogueBuilder.FILE_NAME)
                        + " (sql --warehouse " + warehouse + " \"SELECT ...\")");
            }
            return ExitCode.SUCCESS;
        } catch (BadInputException e) {
            failed[0] = e;
            manifest.put("outcome", "bad_input").put("published", false).put("problems", RunManifest.withoutValues(e.problems()));
            publisher.discard(runId);
            throw e;
        } catch (RuntimeException | Error e) {
            // Errors too (Hadoop's FSError on a full disk): the manifest must not stay "running".
            RuntimeException failure;
            try {
                failure = environmentOrAsIs(e, wh, published[0]);
            } catch (Error notOurs) {
                failure = null; // an Error that is not an environment problem: recorded, then rethrown as it is
            }
            failed[0] = failure != null ? failure : e;
            manifest.put("outcome", failure instanceof EnvironmentException ? "environment" : "internal_failure")
                    .put("published", published[0]).put("error", failure instanceof EnvironmentException ? failure.getMessage() : e.toString());
            if (!published[0]) {
                try {
                    publisher.discard(runId); // frees the space the run's staging took before the manifest is written
                } catch (RuntimeException discardFailed) {
                    e.addSuppressed(discardFailed);
                }
            }
            if (failure == null) {
                throw (Error) e;
            }
            throw failure;
        } finally {
            manifest.put("finished_at", Instant.now().toString()).put("stage_millis", stages.millis());
            try {
                manifest.write(wh, runId);
            } catch (RuntimeException writeFailed) {
                if (failed[0] == null) {
                    throw writeFailed;
                }
                // The run's own failure is the one to report; the next run marks this manifest interrupted.
                failed[0].addSuppressed(writeFailed);
            }
        }
    }

    /**
     * The regional scorecard of the run's last month, all regions and each region's page, inside the
     * new snapshot (so it is published with the data it shows). A month with nothing to show is
     * noted; any other failure fails the run.
     */
    private static void writeScorecard(Path snapshot, PeriodOptions.Period months) throws java.io.IOException {
        try {
            var pages = org.organisermetrics.publish.scorecard.ScorecardPages.writeMonth(snapshot, java.time.YearMonth.from(months.toMonth()),
                    MetricSettings.DEFAULT_SMALL_COUNT_THRESHOLD);
            LOG.info("scorecard written: {} page(s) in {}", pages.size(), pages.get(java.util.Optional.empty()).getParent());
        } catch (Scorecard.NoDataException e) {
            LOG.warn("no scorecard for {}: {}", months.toMonth(), e.getMessage());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("writing the scorecard failed: " + e.getMessage(), e);
        }
    }

    /** --snapshot-grace: a number with m (minutes), h (hours) or d (days). */
    static java.time.Duration parseGrace(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*([mhd]?)").matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || (m.group(2).isEmpty() && Long.parseLong(m.group(1)) != 0)) {
            throw new UsageException("--snapshot-grace must be a number of minutes, hours or days (30m, 6h, 2d) or 0, not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> java.time.Duration.ofMinutes(n);
            case "h" -> java.time.Duration.ofHours(n);
            case "d" -> java.time.Duration.ofDays(n);
            default -> java.time.Duration.ZERO;
        };
    }

    private MetricSettings metricSettings(String runId, PeriodOptions.Period months) {
        return new MetricSettings(runId, party.toUpperCase(Locale.ROOT), months.fromMonth(), months.toMonth(),
                MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS, MetricSettings.DEFAULT_ONE_WAY_HOURS);
    }

    /**
     * The run that made the published state, when it ran this program version for the same own
     * party (its metrics computed from sources this run reuses unchanged then still hold); else null.
     */
    private String comparablePublishedRun(Warehouse wh) {
        String previous = currentSnapshotName(wh);
        if (previous == null) {
            return null;
        }
        Map<String, Object> made = RunManifest.read(wh, previous);
        return Version.current().equals(made.get("program_version"))
                && party.toUpperCase(Locale.ROOT).equals(made.get("own_party")) ? previous : null;
    }

    private static String currentSnapshotName(Warehouse wh) {
        if (!wh.isLocal()) {
            return null;
        }
        Path current = Warehouse.currentSnapshot(wh.localRoot());
        return current == null ? null : current.getFileName().toString();
    }

    /** What the run reads, what it leaves alone, and the files that changed behind a published month. */
    private static void reportPlan(LandingRegistry.Plan plan, PrintWriter out) {
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

    /**
     * Rows dated outside the run's months are not loaded: say so per source with their months, and
     * print the runs that load them (each reads again every landing file holding rows of its months).
     */
    private void reportOutsidePeriod(IngestJob.Result result, PeriodOptions.Period months, LandingRegistry registry,
                                     RunManifest manifest, PrintWriter out) {
        java.util.SortedSet<String> late = OutsidePeriod.months(result.counts());
        if (late.isEmpty()) {
            return;
        }
        java.util.TreeSet<String> held = new java.util.TreeSet<>(); // the months the published warehouse holds
        registry.entries().forEach(e -> held.addAll(e.months()));
        java.time.YearMonth earliest = held.isEmpty() ? null : java.time.YearMonth.parse(held.first());
        for (String line : OutsidePeriod.warnings(result.counts(), months.toString(), earliest)) {
            out.println("warning: " + line);
            LOG.warn(line);
        }
        List<String> commands = new ArrayList<>();
        for (OutsidePeriod.Months range : OutsidePeriod.ranges(late)) {
            commands.add(rerunCommand(range.options()));
        }
        out.println("to load them, run their months (each such run reads again every landing file with rows in its months):");
        commands.forEach(c -> out.println("  " + c));
        LOG.warn("rows outside the period {} are loaded by: {}", months, String.join(" ; ", commands));
        Map<String, Object> byMonth = new LinkedHashMap<>();
        result.counts().forEach((s, c) -> {
            if (!c.outsidePeriodByMonth().isEmpty()) {
                byMonth.put(s.folder(), c.outsidePeriodByMonth());
            }
        });
        manifest.put("outside_period", Map.of("rows_by_source_and_month", byMonth, "commands_that_load_them", commands));
    }

    /** This run's command line for other months: same landing, warehouse, party, gate, run date and secret. */
    String rerunCommand(List<String> periodOptions) {
        List<String> args = new ArrayList<>(List.of("run", "--landing", landing, "--warehouse", warehouse));
        args.addAll(periodOptions);
        if (!"LAB".equalsIgnoreCase(party)) {
            args.addAll(List.of("--party", party));
        }
        if (maxQuarantineRate != 0.01) {
            args.addAll(List.of("--max-quarantine-rate", Double.toString(maxQuarantineRate)));
        }
        if (asOf != null) {
            args.addAll(List.of("--as-of", asOf.toString()));
        }
        if (secret.keyFile != null) {
            args.addAll(List.of("--key-file", secret.keyFile.toString()));
        }
        if (secret.demo) {
            args.add("--demo");
        }
        StringBuilder command = new StringBuilder(program());
        args.forEach(a -> command.append(' ').append(shellQuoted(a)));
        return command.toString();
    }

    /** How this program was started: java -jar and its jar; the README's jar when not run from one (tests). */
    private static String program() {
        try {
            Path code = Path.of(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (code.getFileName().toString().endsWith(".jar")) {
                return "java -jar " + shellQuoted(code.toString());
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            LOG.debug("cannot tell where the program was started from", e);
        }
        return "java -jar jobs/target/organiser-metrics.jar";
    }

    static String shellQuoted(String arg) {
        return arg.matches("[A-Za-z0-9_./:=@%+,-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    private static String rerunHint(List<String> months) {
        return months.size() == 1 ? "--month " + months.get(0) : "--from " + months.get(0) + " --to " + months.get(months.size() - 1);
    }

    /** The run id: its start (UTC, to the millisecond, so runs of one process differ) and the process id. */
    static String newRunId(Instant started) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC).format(started);
        return stamp + "-" + Long.toHexString(ProcessHandle.current().pid());
    }

    /** What the run publishes: each table, and the partitions it replaces (all of it when none are named). */
    private static List<Map<String, Object>> outputs(List<StagedTable> tables) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StagedTable t : tables) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", t.zone() + "/" + t.name());
            m.put("replaces", t.partitionsReplaced() == null ? List.of("all") : t.partitionsReplaced());
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> inputs(LandingRegistry.Plan plan) {
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
    private static List<Map<String, Object>> skipped(Landing landing) {
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
    private static IngestJob.Progress ingestProgress(PrintWriter out) {
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

    private static Map<String, Object> counts(Map<Source, SourceCounts> counts, Map<Source, Long> reusedRows) {
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
