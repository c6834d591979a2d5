package org.organisermetrics.publish.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.Source;
import org.organisermetrics.metrics.CuratedTables;

/**
 * The column types of a table that has no Parquet file yet (a fact table with no rows in any
 * month, organiser_month without organisers...), so its view is typed and empty rather than
 * missing. Curated types come from the contract; metric types from each table's declared schema
 * ({@link PublishedTables}), so no Spark is needed.
 */
public interface TableSchemas {

    /** The table's columns as (name, DuckDB type), in the order the Parquet would have them; empty when unknown. */
    Optional<List<ColumnSpec>> columns(String table);

    record ColumnSpec(String name, String duckdbType) {}

    /** Curated tables from the landing contract, published metric tables from their declarations. */
    static TableSchemas declared() {
        return table -> Source.byFolder(table).map(s -> fromSpark(CuratedTables.curatedSchema(s)))
                .or(() -> PublishedTables.named(table).map(t -> fromSpark(t.schema())));
    }

    static List<ColumnSpec> fromSpark(StructType schema) {
        List<ColumnSpec> out = new ArrayList<>();
        for (StructField f : schema.fields()) {
            out.add(new ColumnSpec(f.name(), duckdbType(f.dataType())));
        }
        return out;
    }

    /** The type DuckDB reads back from the Parquet Spark writes for a column of this type. */
    static String duckdbType(DataType t) {
        if (t instanceof DecimalType d) {
            return "DECIMAL(" + d.precision() + "," + d.scale() + ")";
        }
        if (t.equals(DataTypes.StringType)) {
            return "VARCHAR";
        }
        if (t.equals(DataTypes.LongType)) {
            return "BIGINT";
        }
        if (t.equals(DataTypes.IntegerType)) {
            return "INTEGER";
        }
        if (t.equals(DataTypes.ShortType)) {
            return "SMALLINT";
        }
        if (t.equals(DataTypes.DoubleType)) {
            return "DOUBLE";
        }
        if (t.equals(DataTypes.FloatType)) {
            return "FLOAT";
        }
        if (t.equals(DataTypes.BooleanType)) {
            return "BOOLEAN";
        }
        if (t.equals(DataTypes.DateType)) {
            return "DATE";
        }
        if (t.equals(DataTypes.TimestampType)) {
            return "TIMESTAMP WITH TIME ZONE";
        }
        if (t.equals(DataTypes.TimestampNTZType)) {
            return "TIMESTAMP";
        }
        return "VARCHAR";
    }
}
