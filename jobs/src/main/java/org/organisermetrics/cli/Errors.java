package org.organisermetrics.cli;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.organisermetrics.contract.BadInputException;
import org.organisermetrics.privacy.Secret;
import org.organisermetrics.warehouse.RunLock;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Turns exceptions into exit codes and one clear message; stack traces only to the log. */
final class Errors {
    private static final Logger LOG = LogManager.getLogger(Errors.class);

    private Errors() {}

    static int exitCodeOf(Throwable t) {
        Throwable cause = rootOfOurs(t);
        if (cause instanceof BadInputException) {
            return ExitCode.BAD_INPUT;
        }
        if (cause instanceof UsageException || cause instanceof Secret.MissingSecretException) {
            return ExitCode.USAGE;
        }
        if (cause instanceof RunLock.HeldException) {
            return ExitCode.WAREHOUSE_BUSY;
        }
        return ExitCode.INTERNAL_FAILURE;
    }

    static int handle(Exception e, CommandLine cli, ParseResult parsed) {
        Throwable cause = rootOfOurs(e);
        int code = exitCodeOf(cause);
        var err = cli.getErr();
        if (cause instanceof BadInputException bad) {
            err.println("bad input: " + bad.problems().size() + " problem(s); nothing was written");
            bad.problems().forEach(p -> err.println("  " + p));
        } else if (cause instanceof UsageException || cause instanceof Secret.MissingSecretException) {
            err.println("usage error: " + cause.getMessage());
            err.println("see '" + cli.getCommandName() + " --help'");
        } else if (cause instanceof RunLock.HeldException) {
            err.println("refused: " + cause.getMessage());
        } else {
            err.println("internal failure: " + cause);
            LOG.error("internal failure", cause);
        }
        err.flush();
        return code;
    }

    /** Spark wraps task failures; find our own exception inside if there is one. */
    private static Throwable rootOfOurs(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadInputException || c instanceof RunLock.HeldException || c instanceof UsageException || c instanceof Secret.MissingSecretException) {
                return c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return t;
    }
}
