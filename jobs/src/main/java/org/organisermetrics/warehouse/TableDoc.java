package org.organisermetrics.warehouse;

import java.util.List;

/**
 * A table's documentation, kept beside the code that computes it: its grain, key and every
 * column's meaning in the users' words. The metric catalogue (docs/metrics.md and the DuckDB
 * comments) is built from these, so the definition and its description cannot drift apart.
 */
public record TableDoc(String name, String grain, List<String> key, List<ColumnDoc> columns) {

    public record ColumnDoc(String name, String description) {}

    public static ColumnDoc column(String name, String description) {
        return new ColumnDoc(name, description);
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnDoc::name).toList();
    }
}
