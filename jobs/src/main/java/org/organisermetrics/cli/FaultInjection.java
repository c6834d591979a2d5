package org.organisermetrics.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test hook: with {@code -Dorganiser-metrics.pause-at=<point>} a run stops at that point, writes
 * the file named by {@code -Dorganiser-metrics.paused-file} and waits to be killed, so a test can
 * kill -9 it at a known place (RunFaultsTest). With {@code -Dorganiser-metrics.fail-at=<point>} and
 * {@code -Dorganiser-metrics.fail-with=no-space|read-only} it fails there as the system does on a
 * full disk (an Error wrapping "No space left on device", as Hadoop's FSError is) or on a read-only
 * file system, for tests that cannot fill a disk or make a folder read-only for root. Without the
 * properties it does nothing.
 */
final class FaultInjection {
    /** In the middle of writing: the curated tables staged, the metric tables not yet. */
    static final String WRITING = "writing";
    /** The new snapshot assembled, its catalogue not yet built, current not yet switched. */
    static final String PUBLISHING = "publishing";

    /** Before taking the warehouse lock: the first write of a run. */
    static final String LOCKING = "locking";

    private FaultInjection() {}

    static void failIfAsked(String point) {
        if (!point.equals(System.getProperty("organiser-metrics.fail-at"))) {
            return;
        }
        String how = System.getProperty("organiser-metrics.fail-with", "no-space");
        switch (how) {
            case "no-space" -> throw new java.io.IOError(new IOException("No space left on device"));
            case "read-only" -> throw new UncheckedIOException(new java.nio.file.FileSystemException(
                    System.getProperty("organiser-metrics.fail-path", "."), null, "Read-only file system"));
            default -> throw new IllegalArgumentException("organiser-metrics.fail-with: no-space or read-only, not " + how);
        }
    }

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
