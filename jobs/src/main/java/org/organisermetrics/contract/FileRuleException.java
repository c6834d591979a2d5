package org.organisermetrics.contract;

/**
 * A whole file breaks a file rule (not UTF-8, broken quoting, empty, a broken .gz): its message
 * is {@code file:line: what is wrong and what to do}, and the run writes nothing.
 */
public class FileRuleException extends BadInputException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final long line;
    private final String rule;

    public FileRuleException(String file, long line, String message) {
        super(file + ":" + line + ": " + message);
        this.file = file;
        this.line = line;
        this.rule = message;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    /** The message without the file and line. */
    public String rule() {
        return rule;
    }
}
