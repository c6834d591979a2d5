package org.organisermetrics.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code organiser-metrics-bench compare}: two local warehouses table by table, row for row (run ids left out). */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Compare two local warehouses table by table, row for row.",
        description = {
            "Reads every table of curated/, metrics/ and restricted/ of both through DuckDB and compares them with "
                + "EXCEPT ALL both ways, run_id left out. Prints one line per table; exit 0 when all are equal, 1 otherwise."},
        footer = {"%nExample:",
                "  java -jar bench/target/organiser-metrics-bench.jar compare \\",
                "      --left warehouse-a --right warehouse-b"})
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--left", required = true, paramLabel = "DIR", description = "One warehouse folder.")
    Path left;

    @Option(names = "--right", required = true, paramLabel = "DIR", description = "The other warehouse folder.")
    Path right;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        List<WarehouseComparison.TableDiff> diffs = WarehouseComparison.compare(left.toAbsolutePath(), right.toAbsolutePath());
        diffs.forEach(d -> w.println(d));
        boolean same = !diffs.isEmpty() && diffs.stream().allMatch(WarehouseComparison.TableDiff::same);
        w.println(same ? "same: " + diffs.size() + " tables" : "DIFFERENT (or no tables)");
        w.flush();
        return same ? 0 : 1;
    }
}
