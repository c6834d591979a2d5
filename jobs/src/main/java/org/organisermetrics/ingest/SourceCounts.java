package org.organisermetrics.ingest;

import java.util.Map;
import java.util.TreeMap;
import org.organisermetrics.contract.Source;

/**
 * What happened to one source's rows in one run. The contract's bookkeeping rule:
 * rows_read = rows_loaded + duplicates + rows_outside_period + rows_quarantined, checked when built;
 * the rows outside the period are also counted by the month (yyyy-MM) they are dated in.
 * {@code loadedByWarning}: loaded rows counted under a {@link org.organisermetrics.contract.Warning}
 * (a row may carry several, so these need not add up to anything).
 */
public record SourceCounts(Source source, int filesRead, long rowsRead, long rowsLoaded, long duplicates,
                           long rowsOutsidePeriod, long rowsQuarantined, Map<String, Long> quarantinedByReason,
                           Map<String, Long> loadedByWarning, java.util.SortedMap<String, Long> outsidePeriodByMonth) {

    /** Counts with no warning and no row outside the period. */
    public SourceCounts(Source source, int filesRead, long rowsRead, long rowsLoaded, long duplicates,
                        long rowsOutsidePeriod, long rowsQuarantined, Map<String, Long> quarantinedByReason) {
        this(source, filesRead, rowsRead, rowsLoaded, duplicates, rowsOutsidePeriod, rowsQuarantined, quarantinedByReason,
                Map.of(), new TreeMap<>());
    }

    public SourceCounts {
        quarantinedByReason = Map.copyOf(new TreeMap<>(quarantinedByReason));
        outsidePeriodByMonth = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(outsidePeriodByMonth));
        loadedByWarning = Map.copyOf(new TreeMap<>(loadedByWarning));
        if (loadedByWarning.values().stream().anyMatch(n -> n > rowsLoaded)) {
            throw new IllegalStateException(source.folder() + ": more rows with a warning than rows loaded: " + loadedByWarning);
        }
        long byReason = quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
        long byMonth = outsidePeriodByMonth.values().stream().mapToLong(Long::longValue).sum();
        if (!outsidePeriodByMonth.isEmpty() && byMonth != rowsOutsidePeriod) {
            throw new IllegalStateException(source.folder() + ": " + rowsOutsidePeriod + " rows outside the period but "
                    + byMonth + " by month");
        }
        if (rowsRead != rowsLoaded + duplicates + rowsOutsidePeriod + rowsQuarantined || byReason != rowsQuarantined) {
            throw new IllegalStateException(source.folder() + ": row counts do not add up: read " + rowsRead
                    + " != loaded " + rowsLoaded + " + duplicates " + duplicates + " + outside period "
                    + rowsOutsidePeriod + " + quarantined " + rowsQuarantined + " (by reason " + byReason + ")");
        }
    }

    /** Share of rows read that were quarantined; 0 for an empty source. */
    public double quarantineRate() {
        return rowsRead == 0 ? 0.0 : (double) rowsQuarantined / rowsRead;
    }
}
