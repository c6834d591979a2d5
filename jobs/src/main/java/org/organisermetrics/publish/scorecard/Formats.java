package org.organisermetrics.publish.scorecard;

import java.text.NumberFormat;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the report writes numbers, shares and months: thousands separators, whole percents, "October 2026". */
public final class Formats {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter SHORT_MONTH = DateTimeFormatter.ofPattern("MMM yy", Locale.UK);
    /** What a missing value shows. */
    public static final String NONE = "–";

    private Formats() {}

    /** 1,234 (a count). */
    public static String count(long n) {
        return NumberFormat.getIntegerInstance(Locale.UK).format(n);
    }

    /** 1,234 or "–" when null. */
    public static String count(Long n) {
        return n == null ? NONE : count(n.longValue());
    }

    /** 1,234.5 (hours, one decimal, the decimal dropped when whole). */
    public static String decimal(double x, int digits) {
        NumberFormat f = NumberFormat.getNumberInstance(Locale.UK);
        f.setMaximumFractionDigits(digits);
        f.setMinimumFractionDigits(0);
        return f.format(x);
    }

    /** A signed number with one decimal: +1.2, -0.4, 0.0. */
    public static String signed(double x) {
        String s = decimal(Math.abs(x), 1);
        if (s.equals("0")) {
            return "0";
        }
        return (x < 0 ? "−" : "+") + s;
    }

    /** A share as a whole percent (0.876 -> "88%"), or "–" when null. */
    public static String percent(Double share) {
        if (share == null || share.isNaN()) {
            return NONE;
        }
        return NumberFormat.getIntegerInstance(Locale.UK).format(Math.round(share * 100)) + "%";
    }

    /** A difference of shares in percentage points (0.051 -> "+5 pts"). */
    public static String points(Double difference) {
        if (difference == null || difference.isNaN()) {
            return NONE;
        }
        long p = Math.round(difference * 100);
        return (p > 0 ? "+" : p < 0 ? "−" : "") + Math.abs(p) + " pts";
    }

    public static String month(YearMonth m) {
        return m.format(MONTH);
    }

    public static String shortMonth(YearMonth m) {
        return m.format(SHORT_MONTH);
    }
}
