package org.organisermetrics.warehouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A published table's declaration, kept beside the code that computes it: its name, grain, key,
 * how it is partitioned on disk, its Spark schema, and every column's meaning in the users' words.
 * The catalogue (views, types, comments, partitions), docs/metrics.md and the run's writer all read
 * these, so the definition and its description cannot drift apart; a test checks that each table's
 * computed schema equals {@link #schema()}.
 *
 * @param schema  the columns as the compute returns them (names, Spark types, nullability), in its order
 * @param columns the meaning of every column of {@code schema}, in the order the docs list them
 */
public record TableDoc(String name, String grain, List<String> key, Partitioning partitioning, StructType schema,
                       List<ColumnDoc> columns) {

    /** How a table is laid out on disk, and so which of its published rows a run replaces. */
    public enum Partitioning {
        /** One partition per calendar month (month=YYYY-MM-01): the run's months replace the published ones. */
        MONTH(Warehouse.MONTH_PARTITION),
        /** One partition per evaluation month (evaluation_month=YYYY-MM-01): the run's months replace the published ones. */
        EVALUATION_MONTH("evaluation_month"),
        /** One partition per run (run_id=...): each run adds its own. */
        RUN_ID("run_id"),
        /** Not partitioned: every run replaces the whole table. */
        WHOLE(null);

        private final String column;

        Partitioning(String column) {
            this.column = column;
        }

        /** The partition folder's column, or null for a whole table. */
        public String column() {
            return column;
        }

        /** How a reader of docs/metrics.md is told the table is stored. */
        public String describe() {
            return switch (this) {
                case MONTH, EVALUATION_MONTH -> "one partition per `" + column + "`; a run replaces the partitions of its months";
                case RUN_ID -> "one partition per `run_id`; each run adds its own";
                case WHOLE -> "not partitioned; every run replaces the whole table";
            };
        }
    }

    public record ColumnDoc(String name, String description) {}

    public TableDoc {
        key = List.copyOf(key);
        columns = List.copyOf(columns);
        List<String> declared = Arrays.asList(schema.fieldNames());
        List<String> documented = columns.stream().map(ColumnDoc::name).toList();
        if (!new TreeSet<>(declared).equals(new TreeSet<>(documented)) || declared.size() != documented.size()) {
            throw new IllegalArgumentException(name + ": the documented columns " + documented
                    + " are not the schema's columns " + declared + "; document each column of the schema once");
        }
        List<String> notColumns = new ArrayList<>(key);
        if (partitioning.column() != null) {
            notColumns.add(partitioning.column());
        }
        notColumns.removeAll(declared);
        if (!notColumns.isEmpty()) {
            throw new IllegalArgumentException(name + ": key or partition column " + notColumns + " is not a column of the schema");
        }
    }

    public static ColumnDoc column(String name, String description) {
        return new ColumnDoc(name, description);
    }

    /** A schema written as Spark DDL: {@code "seat_code STRING, month DATE, recruited BIGINT NOT NULL"}. */
    public static StructType schema(String ddl) {
        return StructType.fromDDL(ddl);
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnDoc::name).toList();
    }

    /** The declared schema with every column nullable: the schema a Parquet file of the table reads back with. */
    public StructType nullableSchema() {
        StructType out = new StructType();
        for (StructField f : schema.fields()) {
            out = out.add(f.name(), f.dataType(), true);
        }
        return out;
    }
}
