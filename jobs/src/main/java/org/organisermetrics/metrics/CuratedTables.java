package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.ParsedRows;
import org.organisermetrics.warehouse.Warehouse;

/**
 * The curated tables as the metric jobs see them: one Dataset per source with the curated
 * columns (ParsedRows.curatedColumns: person ids as *_key, no personal values), plus
 * {@code month} for facts. Metric code reads only through this, so it can be fed from a
 * published warehouse or from a run that is not published yet.
 */
public interface CuratedTables {

    Dataset<Row> table(Source source);

    /**
     * Identity links (restricted zone, keyed, no personal values): one row per volunteer,
     * member and elector key that identity resolution placed in a person, with columns
     * {@code entity} (volunteer, member, elector), {@code id_key}, {@code person_key}, {@code rule}.
     */
    Dataset<Row> personLinks();

    /** The curated columns of a source, in order, and their Spark schema (month added for facts). */
    /** Curated tables given by a function of the source, with the identity links given. */
    static CuratedTables of(java.util.function.Function<Source, Dataset<Row>> tables, Dataset<Row> personLinks) {
        return new CuratedTables() {
            @Override
            public Dataset<Row> table(Source source) {
                return tables.apply(source);
            }

            @Override
            public Dataset<Row> personLinks() {
                return personLinks;
            }
        };
    }

    static StructType curatedSchema(Source source) {
        return ParsedRows.curatedSchema(source);
    }

    /** Reads the published curated tables of a warehouse; a table never written is empty. */
    static CuratedTables fromWarehouse(SparkSession spark, Warehouse warehouse) {
        return new CuratedTables() {
            @Override
            public Dataset<Row> table(Source source) {
                return warehouse.read(spark, warehouse.published(Warehouse.CURATED, source.folder()), curatedSchema(source));
            }

            @Override
            public Dataset<Row> personLinks() {
                return warehouse.read(spark, warehouse.published(Warehouse.RESTRICTED, "links"),
                        org.organisermetrics.link.IdentityResolution.LINKS_SCHEMA);
            }
        };
    }

    /** A helper for tests and empty inputs: a typed empty table. */
    static Dataset<Row> empty(SparkSession spark, Source source) {
        return spark.createDataFrame(List.of(), curatedSchema(source)).where(lit(true));
    }
}
