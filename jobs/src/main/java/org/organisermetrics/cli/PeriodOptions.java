package org.organisermetrics.cli;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** The months a run covers: --month M, or --from A --to B; by default the last complete calendar month. */
public final class PeriodOptions {
    @Option(names = "--month", paramLabel = "YYYY-MM", description = "The month to run (default: the last complete calendar month).")
    String month;

    @Option(names = "--from", paramLabel = "YYYY-MM", description = "First month of a backfill (with --to).")
    String from;

    @Option(names = "--to", paramLabel = "YYYY-MM", description = "Last month of a backfill (with --from).")
    String to;

    /** The period as first days of its first and last months. */
    public record Period(LocalDate fromMonth, LocalDate toMonth) {
        public LocalDate lastDay() {
            return YearMonth.from(toMonth).atEndOfMonth();
        }

        @Override
        public String toString() {
            YearMonth f = YearMonth.from(fromMonth);
            YearMonth t = YearMonth.from(toMonth);
            return f.equals(t) ? f.toString() : f + " to " + t;
        }
    }

    public Period resolve(LocalDate today) {
        if (month != null && (from != null || to != null)) {
            throw new UsageException("give either --month or --from/--to, not both");
        }
        if ((from == null) != (to == null)) {
            throw new UsageException("--from and --to go together");
        }
        if (month != null) {
            YearMonth m = parse("--month", month);
            return new Period(m.atDay(1), m.atDay(1));
        }
        if (from != null) {
            YearMonth f = parse("--from", from);
            YearMonth t = parse("--to", to);
            if (f.isAfter(t)) {
                throw new UsageException("--from " + f + " is after --to " + t);
            }
            return new Period(f.atDay(1), t.atDay(1));
        }
        YearMonth last = YearMonth.from(today).minusMonths(1);
        return new Period(last.atDay(1), last.atDay(1));
    }

    static YearMonth parse(String option, String value) {
        try {
            return YearMonth.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " '" + value + "' is not a month as YYYY-MM");
        }
    }
}
