package org.organisermetrics.cli;

/** Exit codes, from one place; README.md documents them. */
public final class ExitCode {
    private ExitCode() {}

    public static final int SUCCESS = 0;
    /** A bug or an environment failure (disk, Spark): the stack trace is in the log. */
    public static final int INTERNAL_FAILURE = 1;
    /** The command line was wrong: unknown verb, missing or malformed option, no secret. */
    public static final int USAGE = 2;
    /** The input broke the landing contract (a rejected file) or failed a data-quality gate. */
    public static final int BAD_INPUT = 3;
    /** Another run holds the warehouse (run): nothing was done; try again when it has finished. */
    public static final int WAREHOUSE_BUSY = 4;
}
