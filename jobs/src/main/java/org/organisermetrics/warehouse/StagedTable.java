package org.organisermetrics.warehouse;

import java.util.ArrayList;
import java.util.List;

/** A staged table and how it replaces the published one. */
public record StagedTable(String zone, String name, List<String> partitionsReplaced) {
    /** The whole table is replaced (reference, snapshot and restricted tables). */
    public static StagedTable whole(String zone, String name) {
        return new StagedTable(zone, name, null);
    }

    /** Only the named partitions (e.g. month=2026-10-01) are replaced; the others stay. */
    public static StagedTable partitions(String zone, String name, List<String> partitionDirs) {
        return new StagedTable(zone, name, List.copyOf(partitionDirs));
    }

    /** A table partitioned by month: the run's months (month=YYYY-MM-01) replace the published ones. */
    public static StagedTable months(String zone, String name, java.time.LocalDate fromMonth, java.time.LocalDate toMonth) {
        return months(zone, name, Warehouse.MONTH_PARTITION, fromMonth, toMonth);
    }

    /** A table partitioned by a month column (month, evaluation_month): the run's months replace the published ones. */
    public static StagedTable months(String zone, String name, String partitionColumn, java.time.LocalDate fromMonth,
                                     java.time.LocalDate toMonth) {
        List<String> partitions = new ArrayList<>();
        for (java.time.LocalDate m = fromMonth.withDayOfMonth(1); !m.isAfter(toMonth); m = m.plusMonths(1)) {
            partitions.add(partitionColumn + "=" + m);
        }
        return partitions(zone, name, partitions);
    }

    /** Paths, relative to a snapshot, that this table replaces. */
    public List<String> replacedPaths() {
        String table = zone + "/" + name;
        if (partitionsReplaced == null) {
            return List.of(table);
        }
        return partitionsReplaced.stream().map(p -> table + "/" + p).toList();
    }
}
