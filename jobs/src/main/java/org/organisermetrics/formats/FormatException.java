package org.organisermetrics.formats;

import org.organisermetrics.contract.BadInputException;

/** A format or a mapping file that cannot be used as written, or an export a format cannot read: names the file. */
public final class FormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
        super(message);
    }
}
