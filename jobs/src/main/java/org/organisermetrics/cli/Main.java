package org.organisermetrics.cli;

import org.organisermetrics.generate.GenerateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The organiser-metrics program: one verb per job. */
@Command(name = "organiser-metrics",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Community-organising metrics for party pilot seats: landing CSVs -> Parquet -> DuckDB.",
        subcommands = {RunCommand.class, ValidateCommand.class, GenerateCommand.class,
                SqlCommand.class, // sql branch: analysts' read-only SQL over the DuckDB catalogue
                ReportCommand.class, // report branch: the monthly regional scorecard (HTML)
                BenchCommand.class, // bench branch: the benchmark and the warehouse comparison (docs/benchmark.md)
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:internal failure (a bug or the environment; see the log, --verbose for stack traces)",
            "2:usage error (unknown verb or option, no pseudonymisation secret)",
            "3:bad input: a file broke the landing contract or a data-quality gate failed (sql: a SQL error or a refused statement)",
            "4:run: another run holds the warehouse (its run id, pid and host are named); nothing was done"})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the program and returns its exit code (tests call this rather than main). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExitCodeExceptionMapper(Errors::exitCodeOf);
        cli.setExecutionExceptionHandler(Errors::handle);
        cli.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
        cli.getCommandSpec().exitCodeOnExecutionException(ExitCode.INTERNAL_FAILURE);
        return cli;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
