package org.organisermetrics.ingest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.ColumnType;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;

/**
 * Reads one landing record into typed values by the contract's row rules, or names the first
 * rule it breaks. Rules are met in this order: the field count; then each column in contract
 * order (missing value, type, range, date range); then the source's row rules (votes within the
 * electorate, a selected pilot's window). Cross-row rules (duplicates, conflicts, references)
 * are {@link SourceIngest}'s.
 */
public final class RowParser implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The earliest date the contract accepts. */
    public static final LocalDate EARLIEST_DATE = ColumnType.EARLIEST_DATE;

    private static final DateTimeFormatter ISO_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    /** UK exports: dd/MM/yyyy; a single-digit day or month (1/2/2025) is read the same way. */
    private static final DateTimeFormatter UK_DATE =
            DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("uuuu-MM").withResolverStyle(ResolverStyle.STRICT);
    private static final List<String> TRUE = List.of("TRUE", "YES", "Y", "1");
    private static final List<String> FALSE = List.of("FALSE", "NO", "N", "0");

    /** The outcome: values in contract order (typed), or the reason and a detail naming the column and value. */
    public record Parsed(Object[] values, Reason reason, String detail) {
        public boolean ok() {
            return reason == null;
        }
    }

    private final Source source;
    private final LocalDate today;

    public RowParser(Source source, LocalDate today) {
        this.source = source;
        this.today = today;
    }

    public Parsed parse(LandingFile.Record record) {
        if (record.rejected() != null) {
            return fail(null, record.rejected(), record.rejectedDetail());
        }
        if (record.malformed()) {
            return fail(null, Reason.MALFORMED_ROW, "the record's field count differs from the header's");
        }
        List<Column> columns = source.columns();
        Object[] values = new Object[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            String text = record.values()[c] == null ? null : record.values()[c].trim();
            if (text == null || text.isEmpty()) {
                if (column.required()) {
                    return fail(values, Reason.MISSING_VALUE, column.name() + " is empty");
                }
                continue;
            }
            try {
                values[c] = read(column, text);
            } catch (MonthFirstDate e) {
                throw new MonthFirstDateException(column.name(), text);
            } catch (RuleBroken broken) {
                return fail(values, broken.reason, column.name() + " = '" + text + "': " + broken.getMessage());
            }
        }
        return rowRules(values);
    }

    private Object read(Column column, String text) {
        switch (column.type()) {
            case TEXT:
            case ID:
                return text;
            case UPPER_ID:
                return text.toUpperCase(Locale.ROOT);
            case CODE: {
                String code = text.toUpperCase(Locale.ROOT);
                if (!column.codes().contains(code)) {
                    throw new RuleBroken(Reason.UNKNOWN_CODE, "not one of " + String.join(", ", sorted(column)));
                }
                return code;
            }
            case DATE:
                return dateInRange(parseDate(text));
            case MONTH:
                try {
                    return YearMonth.parse(text, MONTH).atDay(1);
                } catch (DateTimeParseException e) {
                    throw new RuleBroken(Reason.BAD_MONTH, "not a month as " + ColumnType.MONTH_FORMAT);
                }
            case BOOLEAN: {
                String b = text.toUpperCase(Locale.ROOT);
                if (TRUE.contains(b)) {
                    return Boolean.TRUE;
                }
                if (FALSE.contains(b)) {
                    return Boolean.FALSE;
                }
                throw new RuleBroken(Reason.BAD_BOOLEAN, "not " + ColumnType.BOOLEAN_VALUES);
            }
            case COUNT: {
                long n;
                try {
                    n = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new RuleBroken(Reason.BAD_NUMBER, "not a whole number");
                }
                if (n < 0) {
                    throw new RuleBroken(Reason.OUT_OF_RANGE, "must be " + ColumnType.COUNT_RANGE);
                }
                return n;
            }
            case HOURS: {
                double h = decimal(text).doubleValue();
                if (!(h > 0 && h <= 24)) {
                    throw new RuleBroken(Reason.OUT_OF_RANGE, "must be " + ColumnType.HOURS_RANGE);
                }
                return h;
            }
            case MONEY: {
                BigDecimal v = decimal(text);
                if (v.signum() < 0) {
                    throw new RuleBroken(Reason.OUT_OF_RANGE, "must be >= 0");
                }
                // Digits before the point, from precision and scale alone: "1e999999999" is rejected
                // without building its billion digits, and "1e-999999999" (under a tenth of a penny)
                // is 0.00 without rounding a billion-digit fraction.
                int wholeDigits = ColumnType.MONEY_WHOLE_DIGITS;
                int decimals = ColumnType.MONEY_DECIMALS;
                if (v.precision() - v.scale() > wholeDigits) {
                    throw new RuleBroken(Reason.OUT_OF_RANGE, "more than " + wholeDigits + " digits before the point");
                }
                if (v.precision() - v.scale() < -decimals) {
                    return BigDecimal.ZERO.setScale(decimals);
                }
                BigDecimal pence = v.setScale(decimals, RoundingMode.HALF_UP);
                if (pence.precision() > wholeDigits + decimals) { // 99999999999999.995 rounds up to fifteen digits
                    throw new RuleBroken(Reason.OUT_OF_RANGE, "more than " + wholeDigits + " digits before the point");
                }
                return pence;
            }
            default:
                throw new IllegalStateException("unhandled type " + column.type());
        }
    }

    /**
     * yyyy-MM-dd or dd/MM/yyyy; null when neither. Public for the official-results reader. The common
     * shapes (four-digit year, one- or two-digit day and month) are read digit by digit, about an
     * eighth of the formatter's time; {@code LocalDate.of} rejects an impossible day as
     * the strict formatter does. Any other text goes to the formatters, so what is accepted is theirs to say.
     */
    public static LocalDate parseDateOrNull(String text) {
        int n = text.length();
        try {
            if (n == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
                int y = digits(text, 0, 4);
                int m = digits(text, 5, 7);
                int d = digits(text, 8, 10);
                if (y >= 0 && m >= 0 && d >= 0) {
                    return LocalDate.of(y, m, d);
                }
            }
            int slash1 = text.indexOf('/');
            int slash2 = slash1 < 0 ? -1 : text.indexOf('/', slash1 + 1);
            if (slash1 >= 1 && slash1 <= 2 && slash2 - slash1 >= 2 && slash2 - slash1 <= 3 && n - slash2 == 5) {
                int d = digits(text, 0, slash1);
                int m = digits(text, slash1 + 1, slash2);
                int y = digits(text, slash2 + 1, n);
                if (y >= 0 && m >= 0 && d >= 0) {
                    return LocalDate.of(y, m, d);
                }
            }
        } catch (java.time.DateTimeException e) {
            return null;
        }
        try {
            return text.indexOf('/') >= 0 ? LocalDate.parse(text, UK_DATE) : LocalDate.parse(text, ISO_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A slash date that is no date day first but is one month first (05/13/2026: no 13th month, but
     * 13 May): the file was exported US style, so its other slash dates (11/05/2026) would be read
     * day first and misdated without a word.
     */
    static boolean isMonthFirstDate(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 3 || parts[2].length() != 4 || parts[0].isEmpty() || parts[0].length() > 2
                || parts[1].isEmpty() || parts[1].length() > 2) {
            return false;
        }
        int first = digits(parts[0], 0, parts[0].length());
        int second = digits(parts[1], 0, parts[1].length());
        int year = digits(parts[2], 0, 4);
        if (first < 1 || second < 1 || year < 0 || second <= 12) {
            return false;
        }
        try {
            LocalDate.of(year, first, second);
            return true;
        } catch (java.time.DateTimeException e) {
            return false;
        }
    }

    /**
     * A date column with a value that is a date only month first ({@link #isMonthFirstDate}): the
     * whole file is rejected, since its day-first-looking dates cannot be trusted either. The caller
     * (which knows the file and line) names them.
     */
    public static final class MonthFirstDateException extends org.organisermetrics.contract.BadInputException {
        private static final long serialVersionUID = 1L;

        MonthFirstDateException(String column, String value) {
            super(column + " = '" + value + "' is a date only when read month first (MM/dd/yyyy, US style), and the"
                    + " contract reads slash dates day first (" + ColumnType.DAY_FIRST_DATE + "), so the file's other slash dates would be"
                    + " misdated (11/05/2026 read as 11 May); the whole file is rejected: export its dates as"
                    + " " + ColumnType.DATE_FORMATS + " and run again");
        }
    }

    /** Internal: {@link #parseDate} met a month-first date. */
    private static final class MonthFirstDate extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MonthFirstDate() {
            super(null, null, false, false);
        }
    }

    /** The ASCII digits text[from, to) as a number; -1 if any is not a digit. */
    private static int digits(String text, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private static LocalDate parseDate(String text) {
        LocalDate d = parseDateOrNull(text);
        if (d == null && isMonthFirstDate(text)) {
            throw new MonthFirstDate();
        }
        if (d == null) {
            throw new RuleBroken(Reason.BAD_DATE, "not a date as " + ColumnType.DATE_FORMATS);
        }
        return d;
    }

    private LocalDate dateInRange(LocalDate d) {
        if (d.isBefore(EARLIEST_DATE)) {
            throw new RuleBroken(Reason.DATE_TOO_EARLY, "before " + EARLIEST_DATE);
        }
        if (d.isAfter(today)) {
            throw new RuleBroken(Reason.FUTURE_DATE, "after the run date " + today);
        }
        return d;
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new RuleBroken(Reason.BAD_NUMBER, "not a decimal number");
        }
    }

    private Parsed rowRules(Object[] values) {
        if (source == Source.RESULTS) {
            long votes = (Long) values[source.indexOf("votes")];
            long electorate = (Long) values[source.indexOf("electorate")];
            if (votes > electorate) {
                return fail(values, Reason.VOTES_EXCEED_ELECTORATE,
                        "votes " + votes + " > electorate " + electorate);
            }
        }
        if (source == Source.PILOT_SEATS && Boolean.TRUE.equals(values[source.indexOf("selected")])) {
            LocalDate start = (LocalDate) values[source.indexOf("start_month")];
            LocalDate end = (LocalDate) values[source.indexOf("end_month")];
            if (start == null) {
                return fail(values, Reason.BAD_PILOT_WINDOW, "selected = true needs a start_month");
            }
            if (end != null && end.isBefore(start)) {
                return fail(values, Reason.BAD_PILOT_WINDOW, "end_month is before start_month");
            }
        }
        return new Parsed(values, null, null);
    }

    private static Parsed fail(Object[] values, Reason reason, String detail) {
        return new Parsed(values, reason, detail);
    }

    private static List<String> sorted(Column column) {
        return column.codes().stream().sorted().toList();
    }

    private static final class RuleBroken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Reason reason;

        RuleBroken(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
