package org.organisermetrics.testing;

import java.io.IOError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.organisermetrics.cli.Main;
import org.organisermetrics.run.RunCheckpoints;
import org.organisermetrics.run.RunCheckpoints.Point;

/**
 * Faults a test installs in a run at one of its checkpoints: the system's errors for a full disk or
 * a read-only file system (for tests that cannot fill a disk or make a folder read-only for root),
 * or a pause where a test kills the process ({@link #main}).
 */
public final class Faults {
    private Faults() {}

    /** At {@code at}, fail as Hadoop does on a full disk: an Error (FSError) around "No space left on device". */
    public static RunCheckpoints noSpaceAt(Point at) {
        return point -> {
            if (point == at) {
                throw new IOError(new IOException("No space left on device"));
            }
        };
    }

    /** At {@code at}, fail as the system does writing into a read-only file system at {@code path}. */
    public static RunCheckpoints readOnlyAt(Point at, Path path) {
        return point -> {
            if (point == at) {
                throw new UncheckedIOException(new FileSystemException(path.toString(), null, "Read-only file system"));
            }
        };
    }

    /** At {@code at}, write {@code pausedFile} (naming the point) and wait to be killed. */
    public static RunCheckpoints pauseAt(Point at, Path pausedFile) {
        return point -> {
            if (point != at) {
                return;
            }
            try {
                Files.writeString(pausedFile, point.name());
                Thread.sleep(Long.MAX_VALUE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while paused at " + point, e);
            }
        };
    }

    /**
     * The program in a child JVM that pauses at a checkpoint: {@code <point> <paused-file> <program
     * arguments...>}. A test starts it, waits for the file and kills it with SIGKILL.
     */
    public static void main(String[] args) {
        Point at = Point.valueOf(args[0]);
        Path paused = Path.of(args[1]);
        String[] program = java.util.Arrays.copyOfRange(args, 2, args.length);
        System.exit(Main.commandLine(pauseAt(at, paused)).execute(program));
    }
}
