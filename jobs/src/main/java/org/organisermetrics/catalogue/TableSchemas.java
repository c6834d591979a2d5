package org.organisermetrics.catalogue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.IngestWriter;
import org.organisermetrics.metrics.CuratedTables;
import org.organisermetrics.metrics.IdentityResolution;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.metrics.MutualAid;
import org.organisermetrics.metrics.MutualAidPair;
import org.organisermetrics.metrics.OrganiserMonth;
import org.organisermetrics.metrics.SeatElection;
import org.organisermetrics.metrics.SeatMonth;
import org.organisermetrics.metrics.PilotEvaluation;
import org.organisermetrics.metrics.OrganiserLeague;
import org.organisermetrics.metrics.WardIssue;

/**
 * The column types of a table that has no Parquet file yet (a fact table with no rows in any
 * month, organiser_month without organisers...), so its view is typed and empty rather than
 * missing. Curated types come from the contract; metric types from Spark, by planning each metric
 * on empty inputs (analysis only, nothing is computed).
 */
public interface TableSchemas {

    /** The table's columns as (name, DuckDB type), in the order the Parquet would have them; empty when unknown. */
    Optional<List<ColumnSpec>> columns(String table);

    record ColumnSpec(String name, String duckdbType) {}

    /** Curated tables only (no Spark needed). */
    static TableSchemas contractOnly() {
        return table -> Source.byFolder(table).map(s -> fromSpark(CuratedTables.curatedSchema(s)));
    }

    /** Curated tables from the contract, metric tables planned with Spark on empty inputs (cached). */
    static TableSchemas fromSpark(SparkSession spark, MetricSettings settings) {
        Map<String, List<ColumnSpec>> cache = new HashMap<>();
        return table -> {
            Optional<List<ColumnSpec>> curated = contractOnly().columns(table);
            if (curated.isPresent()) {
                return curated;
            }
            if (!cache.containsKey(table)) {
                StructType schema = metricSchema(spark, settings, table);
                cache.put(table, schema == null ? null : fromSpark(schema));
            }
            return Optional.ofNullable(cache.get(table));
        };
    }

    private static StructType metricSchema(SparkSession spark, MetricSettings settings, String table) {
        CuratedTables empty = CuratedTables.of(source -> CuratedTables.empty(spark, source),
                spark.createDataFrame(List.of(), IdentityResolution.LINKS_SCHEMA));
        return switch (table) {
            case "seat_month" -> SeatMonth.compute(spark, empty, settings).schema();
            case "organiser_month" -> OrganiserMonth.compute(spark, empty, settings,
                    SeatMonth.compute(spark, empty, settings)).schema();
            case "seat_election" -> SeatElection.compute(spark, empty, settings).schema();
            case "ward_issue" -> WardIssue.compute(spark, empty, settings).schema();
            case "mutual_aid" -> MutualAid.compute(spark, empty, settings).schema();
            case "mutual_aid_pair" -> MutualAidPair.fromMutualAid(MutualAid.compute(spark, empty, settings), settings).schema();
            case "pilot_evaluation" -> PilotEvaluation.compute(spark, empty, settings,
                    SeatMonth.compute(spark, empty, settings)).estimates().schema();
            case "pilot_seat_change" -> PilotEvaluation.compute(spark, empty, settings,
                    SeatMonth.compute(spark, empty, settings)).seatChanges().schema();
            case "pilot_event_study" -> PilotEvaluation.compute(spark, empty, settings,
                    SeatMonth.compute(spark, empty, settings)).eventStudy().schema();
            case "organiser_league" -> OrganiserLeague.compute(spark, empty, settings,
                    SeatMonth.compute(spark, empty, settings)).schema();
            case "data_quality" -> IngestWriter.dataQualitySchema();
            case "data_quality_reason" -> IngestWriter.dataQualityReasonSchema();
            case "data_quality_warning" -> IngestWriter.dataQualityWarningSchema();
            case "identity_match" -> IdentityResolution.resolve(spark,
                    spark.createDataFrame(List.of(), volunteersKeys()),
                    spark.createDataFrame(List.of(), membersKeys()),
                    spark.createDataFrame(List.of(), electorsKeys()), settings.runId()).matchCounts().schema();
            default -> null;
        };
    }

    private static StructType keys(String... names) {
        StructType t = new StructType();
        for (String n : names) {
            t = t.add(n, DataTypes.StringType, true);
        }
        return t;
    }

    private static StructType volunteersKeys() {
        return keys("volunteer_key", "elector_key", "member_key", "email_key", "phone_key", "name_postcode_key");
    }

    private static StructType membersKeys() {
        return keys("member_key", "elector_key", "email_key", "phone_key", "name_postcode_key");
    }

    private static StructType electorsKeys() {
        return keys("elector_key", "name_postcode_key");
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
