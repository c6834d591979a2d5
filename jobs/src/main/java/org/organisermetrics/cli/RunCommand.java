package org.organisermetrics.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.organisermetrics.run.MonthlyRun;
import org.organisermetrics.run.RunCheckpoints;
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

    /** Where tests act on the run (kill it, fail it as the file system would); none otherwise. */
    RunCheckpoints checkpoints = RunCheckpoints.NONE;

    @Override
    public Integer call() {
        LocalDate today = asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC);
        PeriodOptions.Period months = period.resolve(today);
        MonthlyRun.Settings settings = new MonthlyRun.Settings(landing, warehouse, months.fromMonth(), months.toMonth(),
                months.toString(), today, party.toUpperCase(Locale.ROOT), maxQuarantineRate, acceptQuarantine,
                parseGrace(snapshotGrace), secret.pseudonymiser(), secret.demo, this::rerunCommand);
        new MonthlyRun(settings, spec.commandLine().getOut(), checkpoints).run();
        return ExitCode.SUCCESS;
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
            // no static logger here: picocli creates every verb's object on each start, and log4j would start with it
            LogManager.getLogger(RunCommand.class).debug("cannot tell where the program was started from", e);
        }
        return "java -jar jobs/target/organiser-metrics.jar";
    }

    static String shellQuoted(String arg) {
        return arg.matches("[A-Za-z0-9_./:=@%+,-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
