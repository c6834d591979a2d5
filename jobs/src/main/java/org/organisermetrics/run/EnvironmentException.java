package org.organisermetrics.run;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Locale;
import java.util.Optional;

/**
 * A problem of the machine that the user can fix (exit 5): no space left on a device, permission
 * denied, a read-only folder, a path that is not a folder. Its message is one line naming the path,
 * the problem and what to do.
 */
public final class EnvironmentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The kinds of environment problem, each with what the user does about it. */
    public enum Kind {
        NO_SPACE("no space left on device", "free space there (or give --warehouse on a larger disk) and rerun"),
        READ_ONLY("read-only file system", "give a writable folder, or mount it read-write, and rerun"),
        PERMISSION("permission denied", "give this user write access to it (or run as its owner) and rerun"),
        NOT_A_FOLDER("not a folder", "remove or rename the file in the way, or give another folder, and rerun");

        final String problem;
        public final String advice;

        Kind(String problem, String advice) {
            this.problem = problem;
            this.advice = advice;
        }
    }

    /** What went wrong and where, as far as the exceptions tell (path may be null). */
    public record Problem(Kind kind, String path) {
        /** "<problem> under <path>" with the path the exception names, else the one given. */
        public String describe(String fallbackPath) {
            String where = path != null ? path : fallbackPath;
            return kind.problem + (where == null ? "" : " under " + where);
        }
    }

    /**
     * The environment problem in {@code t} or any of its causes (Spark and Hadoop wrap the system's
     * error: Hadoop's FSError, Spark's task failures), or empty when it is something else.
     */
    public static Optional<Problem> find(Throwable t) {
        String path = null;
        Kind kind = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof FileSystemException fse && path == null && fse.getFile() != null) {
                path = fse.getFile();
            }
            Kind k = kindOf(c);
            if (k != null && kind == null) {
                kind = k;
            }
        }
        return kind == null ? Optional.empty() : Optional.of(new Problem(kind, path));
    }

    private static Kind kindOf(Throwable c) {
        String message = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("no space left on device") || message.contains("disk quota exceeded")) {
            return Kind.NO_SPACE;
        }
        if (c instanceof ReadOnlyFileSystemException || message.contains("read-only file system")) {
            return Kind.READ_ONLY;
        }
        // Hadoop's local file system says "Mkdirs failed to create" where the system said EACCES.
        if (c instanceof AccessDeniedException || message.contains("permission denied")
                || message.contains("mkdirs failed to create")) {
            return Kind.PERMISSION;
        }
        // Files.createDirectories says FileAlreadyExists when a file stands where the folder should be.
        if (c instanceof NotDirectoryException || message.contains("not a directory")
                || (c instanceof java.nio.file.FileAlreadyExistsException fae && fae.getFile() != null
                        && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(fae.getFile())))) {
            return Kind.NOT_A_FOLDER;
        }
        return null;
    }
}
