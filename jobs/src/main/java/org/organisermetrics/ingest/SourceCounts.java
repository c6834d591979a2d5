package org.organisermetrics.ingest;

import java.util.Map;
import java.util.TreeMap;
import org.organisermetrics.contract.Source;

/**
 * What happened to one source's rows in one run. The contract's bookkeeping rule:
 * rows_read = rows_loaded + duplicates + rows_outside_period + rows_quarantined, checked when built.
 */
public record SourceCounts(Source source, int filesRead, long rowsRead, long rowsLoaded, long duplicates,
                           long rowsOutsidePeriod, long rowsQuarantined, Map<String, Long> quarantinedByReason) {

    public SourceCounts {
        quarantinedByReason = Map.copyOf(new TreeMap<>(quarantinedByReason));
        long byReason = quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
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
