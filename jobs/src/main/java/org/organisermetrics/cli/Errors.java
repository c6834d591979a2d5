package org.organisermetrics.cli;

import java.io.PrintWriter;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.organisermetrics.contract.BadInputException;
import org.organisermetrics.generate.InvalidSettingsException;
import org.organisermetrics.privacy.Secret;
import org.organisermetrics.publish.RunLock;
import org.organisermetrics.run.EnvironmentException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Turns exceptions into exit codes and one clear message. Stack traces only with --verbose (the
 * run's manifest keeps the error's text).
 */
final class Errors {
    private Errors() {}

    static int exitCodeOf(Throwable t) {
        Throwable cause = rootOfOurs(t);
        if (cause instanceof BadInputException) {
            return ExitCode.BAD_INPUT;
        }
        if (cause instanceof CommandLine.ParameterException || cause instanceof UsageException
                || cause instanceof InvalidSettingsException
                || cause instanceof Secret.MissingSecretException) {
            return ExitCode.USAGE;
        }
        if (cause instanceof RunLock.HeldException) {
            return ExitCode.WAREHOUSE_BUSY;
        }
        if (cause instanceof EnvironmentException || EnvironmentException.find(t).isPresent()) {
            return ExitCode.ENVIRONMENT;
        }
        return ExitCode.INTERNAL_FAILURE;
    }

    /** A command line picocli could not parse: one line saying why, suggestions, where the help is; exit 2. */
    static int handleParseError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("usage error: " + oneLine(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("see '" + cli.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCode.USAGE;
    }

    static int handle(Exception e, CommandLine cli, ParseResult parsed) {
        Throwable cause = rootOfOurs(e);
        int code = exitCodeOf(cause);
        PrintWriter err = cli.getErr();
        if (cause instanceof BadInputException bad) {
            err.println("bad input: " + bad.problems().size() + " problem(s); nothing was written");
            bad.problems().forEach(p -> err.println("  " + p));
        } else if (code == ExitCode.USAGE) {
            err.println("usage error: " + oneLine(cause.getMessage()));
            err.println("see '" + cli.getCommandSpec().qualifiedName() + " --help'");
        } else if (cause instanceof RunLock.HeldException) {
            err.println("refused: " + cause.getMessage());
        } else if (cause instanceof EnvironmentException) {
            err.println("environment: " + cause.getMessage());
        } else {
            Optional<EnvironmentException.Problem> problem = EnvironmentException.find(cause);
            if (problem.isPresent()) {
                err.println("environment: " + problem.get().describe(null) + "; " + problem.get().kind().advice);
            } else {
                err.println("internal failure: " + cause + (Logging.isVerbose() ? "" : " (--verbose shows the stack trace)"));
            }
        }
        if (Logging.isVerbose()) {
            cause.printStackTrace(err);
            LogManager.getLogger(Errors.class).debug("failure", cause); // only --verbose shows debug lines
        }
        err.flush();
        return code;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Spark wraps task failures; find our own exception inside if there is one. */
    private static Throwable rootOfOurs(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadInputException || c instanceof RunLock.HeldException || c instanceof UsageException
                    || c instanceof InvalidSettingsException
                    || c instanceof Secret.MissingSecretException || c instanceof EnvironmentException) {
                return c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return t;
    }
}
