package org.organisermetrics.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.time.format.DateTimeParseException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.organisermetrics.cli.ExitCode;
import org.organisermetrics.cli.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The benchmark's program (docs/benchmark.md), its own jar (bench/target/organiser-metrics-bench.jar,
 * built with {@code mvn -Pbench -pl bench -am package}): not part of the runtime program nor of mvn verify.
 * The runs it times are the runtime jar's ({@code --jar}), each in a child JVM.
 */
@Command(name = "organiser-metrics-bench", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {CompareCommand.class, SparkPeer.class},
        header = "Time the run at a scale against a DuckDB and a Spark peer.",
        description = {
            "Generates a landing zone at the scale (cached in --data), runs the runtime jar's run verb (--jar) in a child JVM "
                + "as a backfill, then the DuckDB peer on the same files with a check of the core metrics, Spark's own "
                + "CSV-to-Parquet copy of the same files (plain and keyed), an incremental month and the first month alone.",
            "Prints per-stage wall time, rows, bytes, rows/s and peak RSS, and writes results.md and results.csv "
                + "into --out (docs/benchmark.md explains them). Run it from the repository folder, after building both jars:",
            "  mvn -Pbench -pl bench -am -DskipTests package"},
        footer = {"%nExamples:",
                "  java -jar bench/target/organiser-metrics-bench.jar --scale sample --months 3",
                "  java -jar bench/target/organiser-metrics-bench.jar --scale regional \\",
                "      --skip-spark-peer --nice 10",
                "  java -jar bench/target/organiser-metrics-bench.jar --scale regional \\",
                "      --exports --skip-peer --skip-spark-peer --skip-incremental",
                "  java -jar bench/target/organiser-metrics-bench.jar compare \\",
                "      --left warehouse-a --right warehouse-b"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every step ran and the peers agree with the run (compare: the warehouses are equal)",
            "1:a step failed or a peer disagrees (compare: the warehouses differ)",
            "2:usage error: an unknown option, a malformed value, or no runtime jar at --jar"})
public final class BenchMain implements Callable<Integer> {
    /** The runtime jar's place when the bench is run from the repository folder. */
    static final Path DEFAULT_RUNTIME_JAR = Path.of("jobs", "target", "organiser-metrics.jar");

    @Option(names = "--jar", paramLabel = "FILE",
            description = "The runtime program's jar, whose generate and run verbs the bench times. Default: ${DEFAULT-VALUE}"
                    + " (from the repository folder).")
    Path runtimeJar = DEFAULT_RUNTIME_JAR;


    @Option(names = "--scale", defaultValue = "regional", paramLabel = "SCALE",
            description = "sample, regional (65 seats) or national (650 seats). Default: ${DEFAULT-VALUE}.")
    String scale;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Generator seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--to", paramLabel = "YYYY-MM",
            description = "Last generated month, run as the incremental month. Default: the last complete month.")
    String to;

    @Option(names = "--months", defaultValue = "60", paramLabel = "N",
            description = "Months generated, ending with --to (the backfill is all but the last). Default: ${DEFAULT-VALUE} (five years).")
    int months;

    @Option(names = "--data", defaultValue = "bench-data", paramLabel = "DIR",
            description = "Cache of generated landing zones, one folder per scale, seed and period. Default: ${DEFAULT-VALUE}.")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "Results folder. Default: target/bench/<scale>-<UTC time> (a new one).")
    Path out;

    @Option(names = "--heap", paramLabel = "SIZE",
            description = "-Xmx of the pipeline's JVM. Default: 2g sample, 6g regional, 14g national.")
    String heap;

    @Option(names = "--java-option", paramLabel = "OPT",
            description = "An extra option for every child JVM, e.g. -Dspark.sql.shuffle.partitions=16 (repeatable).")
    List<String> javaOptions = new ArrayList<>();

    @Option(names = "--nice", defaultValue = "0", paramLabel = "N",
            description = "Run the child JVMs under nice -n N, to leave the machine to others. Default: ${DEFAULT-VALUE}.")
    int nice;

    @Option(names = "--skip-peer", description = "Do not run the DuckDB peer (nor the metric check).")
    boolean skipPeer;

    @Option(names = "--peer-sources", defaultValue = "all", paramLabel = "LIST",
            description = "Landing sources the peer reads, comma-separated, or all. Default: ${DEFAULT-VALUE}.")
    String peerSources;

    @Option(names = "--peer-memory", paramLabel = "SIZE",
            description = "DuckDB memory_limit of the peer. Default: the same as --heap.")
    String peerMemory;

    @Option(names = "--skip-spark-peer", description = "Do not run the Spark peer (Spark's own CSV reader: the stack's floor for the copy).")
    boolean skipSparkPeer;

    @Option(names = "--skip-incremental", description = "Do not run the last month as an incremental run after the backfill.")
    boolean skipIncremental;

    @Option(names = "--skip-first-month", description = "Do not run the first month alone on an empty warehouse (the incremental run's yardstick).")
    boolean skipFirstMonth;

    @Option(names = "--exports",
            description = "Also run the backfill on the same seed's landing zone with the register and the marked register"
                    + " written as councils' exports, as the generate verb writes them, and compare its ingest with the"
                    + " contract CSVs' (target: within 1.3x).")
    boolean exports;

    @Option(names = "--party", defaultValue = "LAB", paramLabel = "CODE", description = "Own party. Default: ${DEFAULT-VALUE}.")
    String party;

    @Option(names = "--timeout-minutes", defaultValue = "180", paramLabel = "N",
            description = "Longest a single child JVM may run before it is killed. Default: ${DEFAULT-VALUE}.")
    long timeoutMinutes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String sc = scale.toLowerCase(Locale.ROOT);
        if (!List.of("sample", "regional", "national").contains(sc)) {
            throw new UsageException("--scale must be sample, regional or national, not " + scale);
        }
        if (!Files.isRegularFile(runtimeJar)) {
            throw new UsageException("no runtime jar at " + runtimeJar.toAbsolutePath() + " (--jar): build it with"
                    + " 'mvn -Pbench -pl bench -am -DskipTests package' from the repository folder, or give its place with --jar");
        }
        if (months < 2) {
            throw new UsageException("--months must be at least 2 (a backfill and an incremental month)");
        }
        YearMonth last = to != null ? month("--to", to) : YearMonth.from(LocalDate.now(ZoneOffset.UTC)).minusMonths(1);
        YearMonth first = last.minusMonths(months - 1L);
        String h = heap != null ? heap : switch (sc) {
            case "sample" -> "2g";
            case "national" -> "14g";
            default -> "6g";
        };
        String pm = peerMemory != null ? peerMemory : h.toUpperCase(Locale.ROOT).replaceAll("G$", "GB").replaceAll("M$", "MB");
        Path o = out != null ? out : Path.of("target", "bench",
                sc + "-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(java.time.Instant.now()));
        Benchmark.Settings settings = new Benchmark.Settings(sc, seed, first, last, data.toAbsolutePath(), o.toAbsolutePath(),
                runtimeJar.toAbsolutePath(), h,
                javaOptions, nice, !skipPeer, peerSources, pm, !skipSparkPeer, !skipIncremental, !skipFirstMonth, party.toUpperCase(Locale.ROOT),
                timeoutMinutes * 60, exports);
        PrintWriter w = spec.commandLine().getOut();
        return new Benchmark(settings, w).run() ? ExitCode.SUCCESS : ExitCode.INTERNAL_FAILURE;
    }

    static YearMonth month(String option, String value) {
        try {
            return YearMonth.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " '" + value + "' is not a month as YYYY-MM");
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the bench and returns its exit code (tests call this rather than main). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The bench's command line: a usage mistake is one line on stderr and exit 2, as in the runtime
     * program; the bench's own logs at warn, the engine's at error (the runs' logs are in --out).
     */
    public static CommandLine commandLine() {
        Configurator.setRootLevel(Level.ERROR);
        Configurator.setLevel("org.organisermetrics", Level.WARN);
        CommandLine cli = new CommandLine(new BenchMain());
        cli.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
        cli.getCommandSpec().exitCodeOnExecutionException(ExitCode.INTERNAL_FAILURE);
        cli.setParameterExceptionHandler((e, args) -> usageError(e.getCommandLine(), e.getMessage()));
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof UsageException) {
                return usageError(c, e.getMessage());
            }
            throw e;
        });
        return cli;
    }

    private static int usageError(CommandLine cli, String message) {
        PrintWriter err = cli.getErr();
        err.println("usage error: " + (message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ")));
        err.println("see '" + cli.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCode.USAGE;
    }
}
