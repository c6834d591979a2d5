package org.organisermetrics.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
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
import org.organisermetrics.catalogue.CatalogueBuilder;
import org.organisermetrics.catalogue.TableSchemas;
import org.organisermetrics.contract.BadInputException;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.IngestJob;
import org.organisermetrics.ingest.IngestWriter;
import org.organisermetrics.ingest.Landing;
import org.organisermetrics.ingest.QuarantineSummary;
import org.organisermetrics.ingest.SourceCounts;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.metrics.MetricsJob;
import org.organisermetrics.spark.SparkSessions;
import org.organisermetrics.warehouse.Publisher;
import org.organisermetrics.warehouse.RunManifest;
import org.organisermetrics.warehouse.Warehouse;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The monthly job: ingest the landing zone for the run's months, then publish. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The monthly job: read the landing zone by the contract, quarantine bad rows,",
                "and write curated Parquet and the data_quality table into the warehouse."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(RunCommand.class);

    @Option(names = "--landing", required = true, paramLabel = "DIR", description = "Landing zone: <DIR>/<source>/*.csv (a folder or URI).")
    String landing;

    @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder or URI (created when missing).")
    String warehouse;

    @Mixin
    PeriodOptions period = new PeriodOptions();

    @Option(names = "--party", paramLabel = "CODE", defaultValue = "LAB", description = "Own party, whose organising is measured (default: ${DEFAULT-VALUE}).")
    String party;

    @Option(names = "--max-quarantine-rate", paramLabel = "RATE", defaultValue = "0.01",
            description = "Data-quality gate: publish nothing when any source quarantines more than this share of its rows (default: ${DEFAULT-VALUE}).")
    double maxQuarantineRate;

    @Option(names = "--accept-quarantine", description = "Publish this once even if the data-quality gate fails.")
    boolean acceptQuarantine;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "The run date: later dates are quarantined as future_date (default: today, UTC).")
    LocalDate asOf;

    @Mixin
    SecretOptions secret = new SecretOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Instant started = Instant.now();
        LocalDate today = asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC);
        PeriodOptions.Period months = period.resolve(today);
        var pseudonymiser = secret.pseudonymiser();
        String runId = newRunId(started);
        PrintWriter out = spec.commandLine().getOut();
        out.println("run " + runId + ": " + months + ", own party " + party.toUpperCase(Locale.ROOT));

        SparkSession spark = SparkSessions.getOrCreate("organiser-metrics run");
        Warehouse wh = new Warehouse(warehouse, spark.sparkContext().hadoopConfiguration());
        RunManifest manifest = new RunManifest()
                .put("run_id", runId).put("program_version", Version.current())
                .put("started_at", started.toString()).put("run_date", today.toString())
                .put("from_month", months.fromMonth().toString()).put("to_month", months.toMonth().toString())
                .put("own_party", party.toUpperCase(Locale.ROOT))
                .put("settings", Map.of("max_quarantine_rate", maxQuarantineRate, "accept_quarantine", acceptQuarantine,
                        "demo_secret", secret.demo, "spark_master", spark.sparkContext().master()));
        Publisher publisher = new Publisher(wh);
        Map<String, Long> stageMillis = new LinkedHashMap<>();
        try {
            long t = System.nanoTime();
            Landing landingZone = Landing.open(landing, spark.sparkContext().hadoopConfiguration());
            manifest.put("landing", landingZone.root()).put("inputs", inputs(landingZone));
            landingZone.notes().forEach(n -> LOG.warn(n));
            try (IngestJob.Result result = IngestJob.run(spark, landingZone,
                    new IngestJob.Settings(today, months.fromMonth(), months.toMonth(), pseudonymiser))) {
                stageMillis.put("ingest", millisSince(t));
                manifest.put("sources", counts(result.counts())).put("notes", result.notes());
                QuarantineSummary.printCounts(out, result.counts());
                List<String> gate = QuarantineSummary.gateFailures(result.counts(), maxQuarantineRate);
                if (!gate.isEmpty() && !acceptQuarantine) {
                    List<String> problems = new ArrayList<>(gate);
                    problems.add("examples (file:line reason: detail):");
                    QuarantineSummary.examples(result, 3).forEach(e -> problems.add("  " + e));
                    problems.add("rerun with --accept-quarantine to publish anyway");
                    throw new BadInputException(problems);
                }
                t = System.nanoTime();
                IngestWriter writer = new IngestWriter(spark, wh, runId);
                List<Publisher.Table> tables = new ArrayList<>(writer.writeCurated(result, months.fromMonth(), months.toMonth()));
                tables.add(writer.writeQuarantine(result));
                tables.add(writer.writeDataQuality(result));
                stageMillis.put("write", millisSince(t));
                t = System.nanoTime();
                MetricSettings metricSettings = new MetricSettings(runId, party.toUpperCase(Locale.ROOT),
                        months.fromMonth(), months.toMonth(), MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS,
                        MetricSettings.DEFAULT_ONE_WAY_HOURS);
                tables.addAll(new MetricsJob(spark, wh, metricSettings).run(result));
                stageMillis.put("metrics", millisSince(t));
                t = System.nanoTime();
                publisher.publish(runId, tables);
                stageMillis.put("publish", millisSince(t));
            }
            manifest.put("outcome", "success");
            out.println("published to " + wh.root() + " (curated/, metrics/; manifest runs/" + runId + ".json)");
            return ExitCode.SUCCESS;
        } catch (BadInputException e) {
            manifest.put("outcome", "bad_input").put("problems", e.problems());
            publisher.discard(runId);
            throw e;
        } catch (RuntimeException e) {
            manifest.put("outcome", "internal_failure").put("error", e.toString());
            publisher.discard(runId);
            throw e;
        } finally {
            manifest.put("finished_at", Instant.now().toString()).put("stage_millis", stageMillis);
            manifest.write(wh, runId);
            // sql branch: after a successful publish (and its manifest, so the runs view sees it),
            // rebuild the analysts' DuckDB catalogue, then record how long that took.
            if ("success".equals(manifest.fields().get("outcome"))) {
                long t = System.nanoTime();
                Path catalogue = buildCatalogue(spark, wh, runId, months);
                if (catalogue != null) {
                    stageMillis.put("catalogue", millisSince(t));
                    manifest.write(wh, runId);
                    out.println("catalogue: " + catalogue + " (sql --warehouse " + warehouse + " \"SELECT ...\")");
                }
            }
        }
    }

    /** sql branch: the DuckDB catalogue over curated/ and metrics/, for a warehouse on the local file system. */
    private Path buildCatalogue(SparkSession spark, Warehouse wh, String runId, PeriodOptions.Period months) {
        if (!"file".equals(wh.root().toUri().getScheme())) {
            LOG.warn("the DuckDB catalogue is built only for a local warehouse, not {}", wh.root());
            return null;
        }
        MetricSettings settings = new MetricSettings(runId, party.toUpperCase(Locale.ROOT), months.fromMonth(),
                months.toMonth(), MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS, MetricSettings.DEFAULT_ONE_WAY_HOURS);
        return new CatalogueBuilder(Paths.get(wh.root().toUri()), TableSchemas.fromSpark(spark, settings)).build();
    }

    static String newRunId(Instant started) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started);
        return stamp + "-" + Long.toHexString(ProcessHandle.current().pid());
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static List<Map<String, Object>> inputs(Landing landing) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Source s : Source.values()) {
            for (Landing.LandingFileInfo f : landing.files(s)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", s.folder());
                m.put("file", f.name());
                m.put("bytes", f.size());
                out.add(m);
            }
        }
        return out;
    }

    private static Map<String, Object> counts(Map<Source, SourceCounts> counts) {
        Map<String, Object> out = new LinkedHashMap<>();
        counts.forEach((s, c) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("files_read", c.filesRead());
            m.put("rows_read", c.rowsRead());
            m.put("rows_loaded", c.rowsLoaded());
            m.put("duplicates", c.duplicates());
            m.put("rows_outside_period", c.rowsOutsidePeriod());
            m.put("rows_quarantined", c.rowsQuarantined());
            m.put("quarantined_by_reason", c.quarantinedByReason());
            out.put(s.folder(), m);
        });
        return out;
    }
}
