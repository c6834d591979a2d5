package org.organisermetrics.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.contract.BadInputException;
import org.organisermetrics.ingest.IngestJob;
import org.organisermetrics.ingest.Landing;
import org.organisermetrics.ingest.QuarantineSummary;
import org.organisermetrics.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Every check of the ingest, on every row of the landing zone, writing nothing. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Check a landing zone against the contract, writing nothing.",
        description = {
            "Runs every check of the run's ingest on every row of every file, for every month up to --as-of, and prints "
                + "per source the rows that would load, be dropped as duplicates or be quarantined, with examples as "
                + "file:line reason.",
            "Exits 0 when every row would load, and 3 when a file is rejected or a row would be quarantined."},
        footer = {"%nExamples:",
                "  organiser-metrics validate --landing data-samples",
                "  organiser-metrics validate --landing /srv/landing --examples 20"})
public final class ValidateCommand implements Callable<Integer> {

    @Option(names = "--landing", required = true, paramLabel = "DIR", description = "The landing zone: a folder or URI holding <source>/*.csv files.")
    String landing;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "The run date: later dates count as future_date (default: today, UTC).")
    LocalDate asOf;

    @Option(names = "--examples", paramLabel = "N", defaultValue = "5", description = "Quarantined rows to show per source (default: ${DEFAULT-VALUE}).")
    int examples;

    @Mixin
    SecretOptions secret = new SecretOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LocalDate today = asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC);
        // Ids are hashed in memory only; validate needs no real secret, so it uses the demo one when none is given.
        secret.demo = true;
        SparkSession spark = SparkSessions.getOrCreate("organiser-metrics validate");
        Landing zone = Landing.open(landing, spark.sparkContext().hadoopConfiguration());
        SparkSessions.sizeFor(spark, zone.bytes());
        PrintWriter out = spec.commandLine().getOut();
        zone.notes().forEach(n -> out.println("note: " + n));
        zone.exportsRecognised().forEach(e -> out.println("export: " + e));
        zone.skipped().forEach(s -> out.println("skipped: " + s.entry() + ": " + s.reason()));
        var everyMonth = new IngestJob.Settings(today, LocalDate.of(1990, 1, 1), today.withDayOfMonth(1), secret.pseudonymiser());
        // Parsed and checked rows go to a scratch folder (identity keys, bad rows' raw records), removed after.
        java.io.File scratch;
        try {
            scratch = java.nio.file.Files.createTempDirectory("organiser-metrics-validate-").toFile();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            IngestJob.Result result = IngestJob.run(spark, zone, everyMonth, scratch.toURI().toString().replaceAll("/$", ""));
            QuarantineSummary.printCounts(out, result.counts());
            long quarantined = result.counts().values().stream().mapToLong(c -> c.rowsQuarantined()).sum();
            if (quarantined > 0) {
                throw new BadInputException(QuarantineSummary.examples(result, examples));
            }
            out.println("valid: every row of " + zone.root() + " loads" + (zone.skipped().isEmpty() ? ""
                    : " (" + zone.skipped().size() + " landing entr" + (zone.skipped().size() == 1 ? "y" : "ies")
                    + " not read: listed above as skipped)"));
            return ExitCode.SUCCESS;
        } finally {
            org.apache.hadoop.fs.FileUtil.fullyDelete(scratch);
        }
    }
}
