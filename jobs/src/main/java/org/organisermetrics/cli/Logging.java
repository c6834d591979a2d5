package org.organisermetrics.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * How much goes to stderr. By default only our own warnings and errors (the run's story is on
 * stdout); {@code --verbose} adds our debug lines, the engine's (Spark, Hadoop) warnings and the
 * stack trace of a failure. log4j2.properties holds the default levels.
 */
final class Logging {
    private static final String OURS = "org.organisermetrics";
    private static volatile boolean verbose;

    private Logging() {}

    /** The default: each command line starts quiet (tests run several in one JVM). */
    static void quiet() {
        verbose = false;
        Configurator.setRootLevel(Level.ERROR);
        Configurator.setLevel(OURS, Level.WARN);
    }

    static void verbose() {
        verbose = true;
        Configurator.setRootLevel(Level.WARN);
        Configurator.setLevel(OURS, Level.DEBUG);
    }

    static boolean isVerbose() {
        return verbose;
    }
}
