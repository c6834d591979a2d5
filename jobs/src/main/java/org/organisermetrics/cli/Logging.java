package org.organisermetrics.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * How much goes to stderr. By default only our own warnings and errors (the run's story is on
 * stdout); {@code --verbose} adds our info and debug lines, the engine's (Spark, Hadoop) warnings,
 * Spark's progress bar on a terminal and the stack trace of a failure. log4j2.properties holds the default
 * (quiet) levels, so a command line without {@code --verbose} leaves log4j alone: a verb that logs
 * nothing (sql, report, formats, help, --version) never starts it, which is most of its start-up time.
 */
final class Logging {
    private static final String OURS = "org.organisermetrics";
    private static final String CONSOLE_PROGRESS = "spark.ui.showConsoleProgress";
    private static volatile boolean verbose;
    private static boolean consoleProgressSet;
    private static boolean levelsRaised;

    private Logging() {}

    /** The default: each command line starts quiet (tests run several in one JVM). */
    static void quiet() {
        verbose = false;
        if (consoleProgressSet) {
            System.clearProperty(CONSOLE_PROGRESS);
            consoleProgressSet = false;
        }
        if (levelsRaised) { // the levels log4j2.properties sets
            Configurator.setRootLevel(Level.ERROR);
            Configurator.setLevel(OURS, Level.WARN);
            levelsRaised = false;
        }
    }

    static void verbose() {
        verbose = true;
        if (System.console() != null) {
            System.setProperty(CONSOLE_PROGRESS, "true"); // Spark's stage bar, read when the session starts
            consoleProgressSet = true;
        }
        Configurator.setRootLevel(Level.WARN);
        Configurator.setLevel(OURS, Level.DEBUG);
        levelsRaised = true;
    }

    static boolean isVerbose() {
        return verbose;
    }
}
