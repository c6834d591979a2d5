package org.organisermetrics.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test hook: with {@code -Dorganiser-metrics.pause-at=<point>} a run stops at that point, writes
 * the file named by {@code -Dorganiser-metrics.paused-file} and waits to be killed, so a test can
 * kill -9 it at a known place (RunFaultsTest). Without the property it does nothing.
 */
final class FaultInjection {
    /** In the middle of writing: the curated tables staged, the metric tables not yet. */
    static final String WRITING = "writing";
    /** The new snapshot assembled, its catalogue not yet built, current not yet switched. */
    static final String PUBLISHING = "publishing";

    private FaultInjection() {}

    static void pauseIfAsked(String point) {
        if (!point.equals(System.getProperty("organiser-metrics.pause-at"))) {
            return;
        }
        try {
            Files.writeString(Path.of(System.getProperty("organiser-metrics.paused-file")), point);
            Thread.sleep(Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while paused at " + point, e);
        }
    }
}
