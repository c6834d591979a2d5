package org.organisermetrics.ingest;

import org.organisermetrics.contract.FileRuleException;

/** A whole file cannot be read to the contract (not UTF-8, broken quoting, empty): the run writes nothing. */
public final class LandingFileException extends FileRuleException {
    private static final long serialVersionUID = 1L;

    public LandingFileException(String file, long line, String message) {
        super(file, line, message);
    }

    LandingFileException(FileRuleException e) {
        this(e.file(), e.line(), e.rule());
    }
}
