package org.organisermetrics.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
import org.organisermetrics.link.LinkJob;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.metrics.MetricsJob;
import org.organisermetrics.privacy.Pseudonymiser;
import org.organisermetrics.publish.Publisher;
import org.organisermetrics.publish.RunLock;
import org.organisermetrics.publish.RunManifest;
import org.organisermetrics.publish.catalogue.CatalogueBuilder;
import org.organisermetrics.publish.catalogue.TableSchemas;
import org.organisermetrics.publish.scorecard.Scorecard;
import org.organisermetrics.publish.scorecard.ScorecardPages;
import org.organisermetrics.spark.SparkSessions;
import org.organisermetrics.warehouse.StagedTable;
import org.organisermetrics.warehouse.StagedTables;
import org.organisermetrics.warehouse.Warehouse;

/**
 * The month's run: plan, ingest, gate, write, link, metrics, evaluate, publish ({@link #run()} reads
 * in that order). Under the warehouse lock; everything is staged under the run's own folder and
 * published by one link switch, so a run that fails or dies publishes nothing. The run manifest
 * records what it read, what it wrote and how it ended, whatever the outcome.
 */
public final class MonthlyRun {
    private static final Logger LOG = LogManager.getLogger(MonthlyRun.class);

    /** Under the run's restricted staging: the parsed and checked rows of each source not kept on the driver; never published, removed with the staging folder. */
    public static final String INGEST_SCRATCH = "_ingest";

    /**
     * What a run is asked to do.
     *
     * @param period          the run's months as the user reads them ("2026-10", "2023-11 to 2026-10")
     * @param today           the run date: later dates are quarantined as future_date
     * @param rerunCommand    this run's command line for other months (given their period options)
     */
    public record Settings(String landing, String warehouse, LocalDate fromMonth, LocalDate toMonth, String period,
                           LocalDate today, String ownParty, double maxQuarantineRate, boolean acceptQuarantine,
                           Duration snapshotGrace, Pseudonymiser pseudonymiser, boolean demoSecret,
                           Function<List<String>, String> rerunCommand) {}

    private final Settings settings;
    private final PrintWriter out;
    private final RunCheckpoints checkpoints;
    private final Instant started = Instant.now();
    private final String runId = newRunId(started);
    private final RunStages stages;

    private SparkSession spark;
    private Warehouse warehouse;
    private Publisher publisher;
    private RunManifest manifest;
    private boolean published;

    public MonthlyRun(Settings settings, PrintWriter out, RunCheckpoints checkpoints) {
        this.settings = settings;
        this.out = out;
        this.checkpoints = checkpoints;
        this.stages = new RunStages(out);
    }

    /** Runs the month and publishes it; throws, having published nothing, when it cannot. */
    public void run() {
        out.println("run " + runId + ": " + settings.period() + ", own party " + settings.ownParty());
        spark = SparkSessions.getOrCreate("organiser-metrics run");
        warehouse = new Warehouse(settings.warehouse(), spark.sparkContext().hadoopConfiguration());
        try (RunLock lock = lock()) {
            publisher = new Publisher(warehouse, settings.snapshotGrace());
            publisher.recover();
            RunManifest.markInterrupted(warehouse, currentSnapshotName(warehouse));
            manifest = startManifest();
            recordingTheOutcome(() -> {
                Planned planned = stages.time("plan", this::plan);
                reportPlan(planned);
                IngestJob.Result ingest = stages.time("ingest", () -> ingest(planned));
                gate(ingest);
                List<StagedTable> tables = stages.time("write", () -> writeCurated(planned, ingest));
                checkpoints.reached(RunCheckpoints.Point.WRITING);

                MetricSettings metricSettings = metricSettings();
                StagedTables staged = new StagedTables(spark, warehouse, runId, settings.fromMonth(), settings.toMonth());
                String comparableRun = comparablePublishedRun();
                Dataset<Row> links = stages.time("link", () -> new LinkJob(spark, warehouse, runId, staged, comparableRun).run(ingest));
                MetricsJob.Result metrics = stages.time("metrics",
                        () -> new MetricsJob(spark, warehouse, metricSettings, staged, comparableRun).run(ingest, links));
                stages.time("evaluate", () -> {
                    new EvaluationJob(spark, warehouse, metricSettings, staged).run(metrics);
                    return null;
                });
                tables.addAll(staged.written());

                stages.time("publish", () -> publish(tables, metricSettings));
            });
        }
    }

    /** The warehouse lock (none on a warehouse that is not a local folder); a second live run is refused. */
    private RunLock lock() {
        if (!warehouse.isLocal()) {
            LOG.warn("{} is not a local folder: no run lock and no atomic snapshot switch there (docs/operations.md)", warehouse.root());
        }
        try {
            checkpoints.reached(RunCheckpoints.Point.LOCKING);
            return warehouse.isLocal() ? RunLock.acquire(warehouse.localRoot(), runId) : null;
        } catch (RuntimeException | Error e) {
            throw environmentOrAsIs(e, false);
        }
    }

    private RunManifest startManifest() {
        RunManifest m = new RunManifest()
                .put("run_id", runId).put("program_version", Version.current())
                .put("started_at", started.toString()).put("run_date", settings.today().toString())
                .put("from_month", settings.fromMonth().toString()).put("to_month", settings.toMonth().toString())
                .put("own_party", settings.ownParty())
                .put("settings", Map.of("max_quarantine_rate", settings.maxQuarantineRate(),
                        "accept_quarantine", settings.acceptQuarantine(),
                        "demo_secret", settings.demoSecret(), "spark_master", spark.sparkContext().master()))
                .put("outcome", RunManifest.RUNNING);
        m.write(warehouse, runId);
        return m;
    }

    private record Planned(Landing landing, LandingRegistry registry, LandingRegistry.Plan plan, String keyCheck) {}

    /** Plan: the landing zone's files checked by header, and which of them this run parses. */
    private Planned plan() {
        LandingRegistry registry = LandingRegistry.published(warehouse);
        String keyCheck = LandingRegistry.keyCheck(settings.pseudonymiser());
        Landing zone = Landing.open(settings.landing(), spark.sparkContext().hadoopConfiguration());
        manifest.put("landing", zone.root());
        zone.notes().forEach(LOG::warn);
        registry.checkKey(keyCheck);
        LandingRegistry.Plan plan = registry.plan(zone, settings.fromMonth(), settings.toMonth(),
                spark.sparkContext().hadoopConfiguration());
        SparkSessions.sizeFor(spark, zone.bytes());
        return new Planned(zone, registry, plan, keyCheck);
    }

    /** What the plan found: exports recognised, entries skipped, files to parse and files left as published. */
    private void reportPlan(Planned planned) {
        Landing zone = planned.landing();
        LandingRegistry.Plan plan = planned.plan();
        manifest.put("skipped", RunReport.skipped(zone));
        manifest.put("exports", zone.exportsRecognised());
        zone.exportsRecognised().forEach(e -> out.println("export: " + e));
        zone.skipped().forEach(s -> {
            out.println("skipped: " + s.entry() + ": " + s.reason());
            LOG.warn("skipped landing entry {}: {}", s.entry(), s.reason());
        });
        manifest.put("inputs", RunReport.inputs(plan)).put("reused_sources", plan.reused().stream().map(Source::folder).toList());
        RunReport.plan(plan, out);
    }

    /** Ingest: every planned file by the landing contract, into loaded, duplicate and quarantined rows. */
    private IngestJob.Result ingest(Planned planned) {
        IngestJob.Result result = IngestJob.run(spark, planned.plan().toParse(),
                new IngestJob.Settings(settings.today(), settings.fromMonth(), settings.toMonth(), settings.pseudonymiser()),
                planned.plan().reused(), warehouse,
                warehouse.staged(runId, Warehouse.RESTRICTED, INGEST_SCRATCH).toString(), RunReport.ingestProgress(out));
        manifest.put("sources", RunReport.counts(result.counts(), result.reusedRows())).put("notes", result.notes());
        QuarantineSummary.printCounts(out, result.counts(), result.reusedRows());
        reportOutsidePeriod(result, planned.registry());
        return result;
    }

    /** The data-quality gate: a source quarantining more than the rate stops the run, unless accepted. */
    private void gate(IngestJob.Result result) {
        List<String> gate = QuarantineSummary.gateFailures(result.counts(), settings.maxQuarantineRate());
        if (!gate.isEmpty() && !settings.acceptQuarantine()) {
            List<String> problems = new ArrayList<>(gate);
            problems.add("examples (file:line reason: detail):");
            QuarantineSummary.examples(result, 3).forEach(e -> problems.add("  " + e));
            problems.add("rerun with --accept-quarantine to publish anyway");
            throw new BadInputException(problems);
        }
    }

    /** Write: the curated tables, the quarantine, data_quality and the landing registry, staged. */
    private List<StagedTable> writeCurated(Planned planned, IngestJob.Result result) {
        IngestWriter writer = new IngestWriter(spark, warehouse, runId);
        List<StagedTable> t = new ArrayList<>(writer.writeCurated(result, settings.fromMonth(), settings.toMonth()));
        t.add(writer.writeQuarantine(result));
        t.addAll(writer.writeDataQuality(result));
        t.add(planned.registry().after(planned.plan(), planned.landing(), result.monthsByFile(), settings.fromMonth(),
                settings.toMonth(), runId, planned.keyCheck()).stage(warehouse, runId));
        return t;
    }

    /** Publish: the new snapshot with its DuckDB catalogue and scorecard, switched in by one link. */
    private Void publish(List<StagedTable> tables, MetricSettings metricSettings) {
        manifest.put("outputs", RunReport.outputs(tables));
        publisher.publish(runId, tables, snapshot -> {
            checkpoints.reached(RunCheckpoints.Point.PUBLISHING);
            Path catalogue = new CatalogueBuilder(snapshot, TableSchemas.declared()).build();
            LOG.info("catalogue built: {}", catalogue);
            writeScorecard(snapshot);
        });
        published = true;
        manifest.put("outcome", "success").put("published", true);
        out.println("published to " + (warehouse.isLocal() ? warehouse.localRoot().toString() : warehouse.root())
                + " (curated/, metrics/, reports/" + YearMonth.from(settings.toMonth())
                + "/index.html and a page per region; manifest runs/" + runId + ".json)");
        if (warehouse.isLocal()) {
            out.println("catalogue: " + warehouse.localRoot().resolve(CatalogueBuilder.FILE_NAME)
                    + " (sql --warehouse " + settings.warehouse() + " \"SELECT ...\")");
        }
        return null;
    }

    /**
     * Runs the stages, recording in the manifest how the run ended: on bad input or any failure the
     * staging is discarded (nothing published) and the failure rethrown, an environment problem as one
     * line; the manifest is written last whatever happened.
     */
    private void recordingTheOutcome(Runnable stagesOfTheRun) {
        Throwable failed = null;
        try {
            stagesOfTheRun.run();
        } catch (BadInputException e) {
            failed = e;
            manifest.put("outcome", "bad_input").put("published", false).put("problems", RunManifest.withoutValues(e.problems()));
            publisher.discard(runId);
            throw e;
        } catch (RuntimeException | Error e) {
            // Errors too (Hadoop's FSError on a full disk): the manifest must not stay "running".
            RuntimeException failure;
            try {
                failure = environmentOrAsIs(e, published);
            } catch (Error notOurs) {
                failure = null; // an Error that is not an environment problem: recorded, then rethrown as it is
            }
            failed = failure != null ? failure : e;
            manifest.put("outcome", failure instanceof EnvironmentException ? "environment" : "internal_failure")
                    .put("published", published).put("error", failure instanceof EnvironmentException ? failure.getMessage() : e.toString());
            if (!published) {
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
                manifest.write(warehouse, runId);
            } catch (RuntimeException writeFailed) {
                if (failed == null) {
                    throw writeFailed;
                }
                // The run's own failure is the one to report; the next run marks this manifest interrupted.
                failed.addSuppressed(writeFailed);
            }
        }
    }

    /**
     * An environment problem (a full disk, a read-only or unwritable warehouse) as one line naming
     * the warehouse, what is wrong, whether the published state changed and what to do; anything
     * else unchanged.
     */
    private RuntimeException environmentOrAsIs(Throwable e, boolean publishedAlready) {
        var problem = EnvironmentException.find(e);
        if (problem.isEmpty() || e instanceof EnvironmentException) {
            if (e instanceof Error error) {
                throw error;
            }
            return (RuntimeException) e;
        }
        String root = warehouse.isLocal() ? warehouse.localRoot().toString() : warehouse.root().toString();
        String where = problem.get().kind() == EnvironmentException.Kind.NO_SPACE && problem.get().path() == null
                ? root + " (or Spark's scratch folder under " + System.getProperty("java.io.tmpdir") + ")" : root;
        return new EnvironmentException(problem.get().describe(where) + "; "
                + (publishedAlready ? "the new state was published but its run manifest may be incomplete"
                        : "the published state is unchanged")
                + "; " + problem.get().kind().advice, e);
    }

    /**
     * The regional scorecard of the run's last month, all regions and each region's page, inside the
     * new snapshot (so it is published with the data it shows). A month with nothing to show is
     * noted; any other failure fails the run.
     */
    private void writeScorecard(Path snapshot) throws IOException {
        try {
            var pages = ScorecardPages.writeMonth(snapshot, YearMonth.from(settings.toMonth()),
                    MetricSettings.DEFAULT_SMALL_COUNT_THRESHOLD);
            LOG.info("scorecard written: {} page(s) in {}", pages.size(), pages.get(Optional.empty()).getParent());
        } catch (Scorecard.NoDataException e) {
            LOG.warn("no scorecard for {}: {}", settings.toMonth(), e.getMessage());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("writing the scorecard failed: " + e.getMessage(), e);
        }
    }

    private MetricSettings metricSettings() {
        return new MetricSettings(runId, settings.ownParty(), settings.fromMonth(), settings.toMonth(),
                MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS, MetricSettings.DEFAULT_ONE_WAY_HOURS);
    }

    /**
     * The run that made the published state, when it ran this program version for the same own
     * party (its metrics computed from sources this run reuses unchanged then still hold); else null.
     */
    private String comparablePublishedRun() {
        String previous = currentSnapshotName(warehouse);
        if (previous == null) {
            return null;
        }
        Map<String, Object> made = RunManifest.read(warehouse, previous);
        return Version.current().equals(made.get("program_version"))
                && settings.ownParty().equals(made.get("own_party")) ? previous : null;
    }

    private static String currentSnapshotName(Warehouse wh) {
        if (!wh.isLocal()) {
            return null;
        }
        Path current = Warehouse.currentSnapshot(wh.localRoot());
        return current == null ? null : current.getFileName().toString();
    }

    /**
     * Rows dated outside the run's months are not loaded: say so per source with their months, and
     * print the runs that load them (each reads again every landing file holding rows of its months).
     */
    private void reportOutsidePeriod(IngestJob.Result result, LandingRegistry registry) {
        SortedSet<String> late = OutsidePeriod.months(result.counts());
        if (late.isEmpty()) {
            return;
        }
        TreeSet<String> held = new TreeSet<>(); // the months the published warehouse holds
        registry.entries().forEach(e -> held.addAll(e.months()));
        YearMonth earliest = held.isEmpty() ? null : YearMonth.parse(held.first());
        for (String line : OutsidePeriod.warnings(result.counts(), settings.period(), earliest)) {
            out.println("warning: " + line);
            LOG.warn(line);
        }
        List<String> commands = new ArrayList<>();
        for (OutsidePeriod.Months range : OutsidePeriod.ranges(late)) {
            commands.add(settings.rerunCommand().apply(range.options()));
        }
        out.println("to load them, run their months (each such run reads again every landing file with rows in its months):");
        commands.forEach(c -> out.println("  " + c));
        LOG.warn("rows outside the period {} are loaded by: {}", settings.period(), String.join(" ; ", commands));
        Map<String, Object> byMonth = new LinkedHashMap<>();
        result.counts().forEach((s, c) -> {
            if (!c.outsidePeriodByMonth().isEmpty()) {
                byMonth.put(s.folder(), c.outsidePeriodByMonth());
            }
        });
        manifest.put("outside_period", Map.of("rows_by_source_and_month", byMonth, "commands_that_load_them", commands));
    }

    /** The run id: its start (UTC, to the millisecond, so runs of one process differ) and the process id. */
    static String newRunId(Instant started) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC).format(started);
        return stamp + "-" + Long.toHexString(ProcessHandle.current().pid());
    }
}
