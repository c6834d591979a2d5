package org.organisermetrics.cli;

/** The user can fix this on the command line or in the environment: exit 2 with one clear line. */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
