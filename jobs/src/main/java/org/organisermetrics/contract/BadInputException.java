package org.organisermetrics.contract;

import java.util.List;

/**
 * The input broke the landing contract badly enough that nothing may be written (a file missing
 * a required column, an unreadable file, a missing required source) or failed a data-quality gate.
 * The program exits 3 and prints every problem, one per line.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public BadInputException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public BadInputException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
