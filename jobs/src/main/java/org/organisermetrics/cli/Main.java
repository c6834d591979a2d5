package org.organisermetrics.cli;

import org.organisermetrics.generate.GenerateCommand;
import org.organisermetrics.run.EnvironmentException;
import org.organisermetrics.run.RunCheckpoints;
import org.organisermetrics.run.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** The organiser-metrics program: one verb per job. */
@Command(name = "organiser-metrics",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        header = "Organising metrics for party pilot seats: landing CSVs to Parquet and DuckDB.",
        description = "Each verb's --help says what it reads and writes, with examples.",
        subcommands = {RunCommand.class, ValidateCommand.class, FormatsCommand.class, GenerateCommand.class,
                SqlCommand.class, // sql branch: analysts' read-only SQL over the DuckDB catalogue
                ReportCommand.class, // report branch: the monthly regional scorecard (HTML)
                HelpVerb.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:internal failure: a bug (--verbose shows the stack trace)",
            "2:usage error: unknown verb or option, a missing or malformed value, options that exclude each other, no pseudonymisation secret",
            "3:bad input: a file broke the landing contract or a data-quality gate failed (sql: a SQL error or a refused statement)",
            "4:run: another run holds the warehouse (its run id, pid and host are named); nothing was done",
            "5:environment: no space left on a device, permission denied, a read-only folder or a file where a folder should be (the path is named); nothing is published"},
        footer = {"%nExamples:",
                "  organiser-metrics run --landing data-samples --warehouse warehouse \\",
                "      --from 2023-11 --to 2026-10 --demo",
                "  organiser-metrics help run"})
public final class Main implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Also show the engine's (Spark's) warnings, our debug lines and the stack trace of a failure.")
    void verbose(boolean on) {
        if (on) {
            Logging.verbose();
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the program and returns its exit code (tests call this rather than main). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        return commandLine(RunCheckpoints.NONE);
    }

    /** The program, with a test's checkpoints installed in its runs (killing or failing them at a known point). */
    public static CommandLine commandLine(RunCheckpoints checkpoints) {
        Logging.quiet();
        CommandLine cli = new CommandLine(new Main());
        cli.setExitCodeExceptionMapper(Errors::exitCodeOf);
        cli.setExecutionExceptionHandler(Errors::handle);
        cli.setParameterExceptionHandler(Errors::handleParseError);
        cli.setExecutionStrategy(Main::executeVerb);
        cli.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
        cli.getCommandSpec().exitCodeOnExecutionException(ExitCode.INTERNAL_FAILURE);
        ((RunCommand) cli.getSubcommands().get("run").getCommand()).checkpoints = checkpoints;
        return cli;
    }

    /**
     * Runs the verb; an environment problem thrown as an Error (Hadoop's FSError on a full disk) is
     * handed to the exception handler like any other, so it gets its one line and exit code too.
     */
    private static int executeVerb(CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (Error e) {
            if (EnvironmentException.find(e).isEmpty()) {
                throw e;
            }
            var verbs = parsed.asCommandLineList();
            throw new CommandLine.ExecutionException(verbs.get(verbs.size() - 1), String.valueOf(e.getMessage()),
                    new IllegalStateException(e));
        }
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** No verb: the verbs, on stderr, and exit 2 (a cron line missing its verb must not look like success). */
    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        err.println("usage error: no verb given; the verbs are "
                + String.join(", ", spec.commandLine().getSubcommands().keySet()));
        err.println("see '" + spec.qualifiedName() + " --help'");
        err.flush();
        return ExitCode.USAGE;
    }
}
