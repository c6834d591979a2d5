package org.organisermetrics.ingest;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.organisermetrics.contract.Source;

/**
 * Fact rows dated outside the months a run covers (late rows in a monthly drop, a stray old date):
 * not loaded by the run, so it says per source how many there are and which months they belong
 * to, and which runs load them (a run of a month reads again every landing file holding rows of
 * that month, LandingRegistry).
 */
public final class OutsidePeriod {
    private OutsidePeriod() {}

    /** A run of consecutive months, as a run's period options say it. */
    public record Months(YearMonth from, YearMonth to) {
        /** {@code --month M}, or {@code --from A --to B}. */
        public List<String> options() {
            return from.equals(to) ? List.of("--month", from.toString())
                    : List.of("--from", from.toString(), "--to", to.toString());
        }
    }

    /** Every month (yyyy-MM) any source has rows outside the period in. */
    public static SortedSet<String> months(Map<Source, SourceCounts> counts) {
        SortedSet<String> out = new TreeSet<>();
        counts.values().forEach(c -> out.addAll(c.outsidePeriodByMonth().keySet()));
        return out;
    }

    /** The months as runs of consecutive months, in order: 2016-03, 2026-09, 2026-10 -> [2016-03], [2026-09 to 2026-10]. */
    public static List<Months> ranges(Collection<String> months) {
        List<Months> out = new ArrayList<>();
        YearMonth from = null;
        YearMonth to = null;
        for (String m : new TreeSet<>(months)) {
            YearMonth month = YearMonth.parse(m);
            if (to != null && month.equals(to.plusMonths(1))) {
                to = month;
                continue;
            }
            if (from != null) {
                out.add(new Months(from, to));
            }
            from = month;
            to = month;
        }
        if (from != null) {
            out.add(new Months(from, to));
        }
        return out;
    }

    /**
     * One line per source with rows outside the period: how many, and how many in each month. A
     * month before {@code earliest} (the earliest month of the landing files the published warehouse
     * was built from; null before the first publish) is marked as such: a stray date is likelier
     * than a late row there.
     */
    public static List<String> warnings(Map<Source, SourceCounts> counts, String period, YearMonth earliest) {
        List<String> out = new ArrayList<>();
        for (SourceCounts c : counts.values()) {
            if (c.rowsOutsidePeriod() == 0) {
                continue;
            }
            List<String> byMonth = new ArrayList<>();
            c.outsidePeriodByMonth().forEach((month, n) -> byMonth.add(String.format(java.util.Locale.ROOT, "%,d in %s%s", n,
                    month, earliest != null && YearMonth.parse(month).isBefore(earliest)
                            ? " (before " + earliest + ", the earliest month of the landing files the warehouse was built from: check those dates)" : "")));
            out.add(String.format(java.util.Locale.ROOT, "%s: %,d row(s) dated outside %s were not loaded: %s",
                    c.source().folder(), c.rowsOutsidePeriod(), period, String.join(", ", byMonth)));
        }
        return out;
    }
}
