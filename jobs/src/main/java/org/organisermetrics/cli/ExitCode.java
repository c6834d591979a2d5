package org.organisermetrics.cli;

/** Exit codes, from one place; README.md, docs/operations.md and the top-level help document them. */
public final class ExitCode {
    private ExitCode() {}

    public static final int SUCCESS = 0;
    /** A bug: the message says what failed; --verbose shows the stack trace. */
    public static final int INTERNAL_FAILURE = 1;
    /** The command line was wrong: unknown verb or option, missing or malformed value, options that exclude each other, no secret. */
    public static final int USAGE = 2;
    /** The input broke the landing contract (a rejected file) or failed a data-quality gate. */
    public static final int BAD_INPUT = 3;
    /** Another run holds the warehouse (run): nothing was done; try again when it has finished. */
    public static final int WAREHOUSE_BUSY = 4;
    /** The machine, not the data: no space left on a device, permission denied, a read-only folder, a path that is not a folder. */
    public static final int ENVIRONMENT = 5;
}
