package org.organisermetrics.formats;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/**
 * What a format knows about one export file besides its rows: its name relative to the landing
 * root, the folders it sits in (a marked register's folder names its election), the lines above
 * its header, the polling-district lookup, and the run's date.
 */
public record ExportContext(String fileName, List<String> folders, List<String> preamble, Lookups lookups,
                            LocalDate today) implements Serializable {

    /** The folder directly holding the file ("" at the top of exports/). */
    public String folder() {
        return folders.isEmpty() ? "" : folders.get(folders.size() - 1);
    }

    /** For tests and {@code formats detect}: a file with no lookup. */
    public static ExportContext of(String fileName, List<String> preamble, Lookups lookups) {
        String[] parts = fileName.split("/");
        List<String> folders = List.of(java.util.Arrays.copyOf(parts, parts.length - 1));
        return new ExportContext(fileName, folders, preamble, lookups == null ? Lookups.NONE : lookups, LocalDate.now());
    }
}
