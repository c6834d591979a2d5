package org.organisermetrics.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.organisermetrics.bench.Benchmark;
import org.organisermetrics.bench.CompareCommand;
import org.organisermetrics.bench.SparkPeerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The benchmark (docs/benchmark.md): not part of mvn verify; run from the shaded jar. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {CompareCommand.class, SparkPeerCommand.class},
        header = "Time the run at a scale against a DuckDB and a Spark peer.",
        description = {
            "Generates a landing zone at the scale (cached in --data), runs the run verb in a child JVM as a backfill, "
                + "then the DuckDB peer on the same files with a check of the core metrics, Spark's own CSV-to-Parquet "
                + "copy of the same files (plain and keyed), an incremental month and the first month alone.",
            "Prints per-stage wall time, rows, bytes, rows/s and peak RSS, and writes results.md and results.csv "
                + "into --out (docs/benchmark.md explains them)."},
        footer = {"%nExamples:",
                "  organiser-metrics bench --scale sample --months 3",
                "  organiser-metrics bench --scale regional --skip-spark-peer --nice 10",
                "  organiser-metrics bench --scale regional --exports --skip-peer --skip-spark-peer --skip-incremental"})
public final class BenchCommand implements Callable<Integer> {

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
        if (months < 2) {
            throw new UsageException("--months must be at least 2 (a backfill and an incremental month)");
        }
        YearMonth last = to != null ? PeriodOptions.parse("--to", to) : YearMonth.from(LocalDate.now(ZoneOffset.UTC)).minusMonths(1);
        YearMonth first = last.minusMonths(months - 1L);
        String h = heap != null ? heap : switch (sc) {
            case "sample" -> "2g";
            case "national" -> "14g";
            default -> "6g";
        };
        String pm = peerMemory != null ? peerMemory : h.toUpperCase(Locale.ROOT).replaceAll("G$", "GB").replaceAll("M$", "MB");
        Path o = out != null ? out : Path.of("target", "bench",
                sc + "-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(java.time.Instant.now()));
        Benchmark.Settings settings = new Benchmark.Settings(sc, seed, first, last, data.toAbsolutePath(), o.toAbsolutePath(), h,
                javaOptions, nice, !skipPeer, peerSources, pm, !skipSparkPeer, !skipIncremental, !skipFirstMonth, party.toUpperCase(Locale.ROOT),
                timeoutMinutes * 60, exports);
        PrintWriter w = spec.commandLine().getOut();
        return new Benchmark(settings, w).run() ? ExitCode.SUCCESS : ExitCode.INTERNAL_FAILURE;
    }
}
