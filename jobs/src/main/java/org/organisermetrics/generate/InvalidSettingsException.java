package org.organisermetrics.generate;

/**
 * The generator's settings cannot make a landing zone (a bad option value, an output folder that
 * is a file or holds other files): the user fixes it on the command line, so the program exits 2
 * with this one line, as for any usage error.
 */
public class InvalidSettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidSettingsException(String message) {
        super(message);
    }
}
