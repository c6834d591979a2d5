package org.organisermetrics.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench spark-peer} (hidden): the options of the {@link SparkPeer}. A command class of its
 * own with no Spark type in a field or method, because picocli reflects over every verb's class
 * when any command line is parsed: a Spark type here would load Spark for {@code --help} and {@code sql}.
 */
@Command(name = "spark-peer", hidden = true, mixinStandardHelpOptions = true,
        description = "The bench's Spark peer: Spark's own CSV reader and Parquet writer over the landing files (docs/benchmark.md).")
public final class SparkPeerCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LANDING")
    Path landing;

    @Parameters(index = "1", paramLabel = "OUT")
    Path out;

    @Parameters(index = "2", paramLabel = "SOURCES", description = "Landing folders, comma-separated, or all.")
    String sources;

    @Option(names = "--single-line", description = {"Read without multiLine, so Spark splits large files between tasks:",
            "wrong for the contract (a quoted line break splits a row), for measuring Spark's reader at its fastest only."})
    boolean singleLine;

    @Override
    public Integer call() throws Exception {
        SparkPeer.runBoth(landing, out, sources, singleLine);
        return 0;
    }
}
