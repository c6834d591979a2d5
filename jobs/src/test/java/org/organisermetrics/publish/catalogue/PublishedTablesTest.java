package org.organisermetrics.publish.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.organisermetrics.contract.Source;
import org.organisermetrics.evaluate.OrganiserLeague;
import org.organisermetrics.evaluate.PilotEvaluation;
import org.organisermetrics.ingest.IngestWriter;
import org.organisermetrics.link.IdentityResolution;
import org.organisermetrics.metrics.CuratedTables;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.metrics.MutualAid;
import org.organisermetrics.metrics.MutualAidPair;
import org.organisermetrics.metrics.OrganiserMonth;
import org.organisermetrics.metrics.SeatElection;
import org.organisermetrics.metrics.SeatMonth;
import org.organisermetrics.metrics.WardIssue;
import org.organisermetrics.testing.SharedSpark;
import org.organisermetrics.warehouse.TableDoc;
import org.organisermetrics.warehouse.Warehouse;

/**
 * Each published table's declaration ({@link TableDoc} in {@link PublishedTables}) against what its
 * code computes, on the handwritten warehouse's curated tables: the same columns, in the same order,
 * with the same types and nullability; and the Parquet the run published reads back with the
 * declared columns and types. A change to a compute that its declaration does not follow fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishedTablesTest {
    private SparkSession spark;
    private Path warehousePath;
    private Warehouse warehouse;
    private CuratedTables curated;
    private MetricSettings settings;

    @BeforeAll
    void curatedTablesOfTheHandwrittenWarehouse() {
        spark = SharedSpark.session();
        warehousePath = HandwrittenWarehouse.path();
        warehouse = new Warehouse(warehousePath.toString(), spark.sparkContext().hadoopConfiguration());
        curated = CuratedTables.fromWarehouse(spark, warehouse);
        settings = new MetricSettings("schema-test", "LAB", LocalDate.parse(HandwrittenWarehouse.FROM + "-01"),
                LocalDate.parse(HandwrittenWarehouse.TO + "-01"), MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS, 100);
    }

    /** Every computed table, by name, computed the way the run's stages compute it. */
    private Map<String, Dataset<Row>> computed() {
        Map<String, Dataset<Row>> out = new LinkedHashMap<>();
        Dataset<Row> seatMonth = SeatMonth.compute(spark, curated, settings);
        out.put(SeatMonth.TABLE.name(), seatMonth);
        out.put(OrganiserMonth.TABLE.name(), OrganiserMonth.compute(spark, curated, settings, seatMonth));
        out.put(SeatElection.TABLE.name(), SeatElection.compute(spark, curated, settings));
        out.put(WardIssue.TABLE.name(), WardIssue.compute(spark, curated, settings));
        Dataset<Row> mutualAid = MutualAid.compute(spark, curated, settings);
        out.put(MutualAid.TABLE.name(), mutualAid);
        out.put(MutualAidPair.TABLE.name(), MutualAidPair.fromMutualAid(mutualAid, settings));
        out.put(IdentityResolution.MATCH_TABLE.name(), identityMatch());
        PilotEvaluation.Tables pilot = PilotEvaluation.compute(spark, curated, settings, seatMonth);
        out.put(PilotEvaluation.TABLE.name(), pilot.estimates());
        out.put(PilotEvaluation.SEAT_CHANGE_TABLE.name(), pilot.seatChanges());
        out.put(PilotEvaluation.EVENT_STUDY_TABLE.name(), pilot.eventStudy());
        out.put(OrganiserLeague.TABLE.name(), OrganiserLeague.compute(spark, curated, settings, seatMonth));
        return out;
    }

    /** identity_match from the curated person tables and their identity keys (restricted zone), as the metrics stage resolves them. */
    private Dataset<Row> identityMatch() {
        Dataset<Row> volunteers = curated.table(Source.VOLUNTEERS).select("volunteer_key", "elector_key", "member_key")
                .join(identityKeys(Source.VOLUNTEERS), "volunteer_key");
        Dataset<Row> members = curated.table(Source.MEMBERS).select("member_key", "elector_key")
                .join(identityKeys(Source.MEMBERS), "member_key");
        Dataset<Row> electors = identityKeys(Source.ELECTORS).select("elector_key", "name_postcode_key");
        return IdentityResolution.resolve(spark, volunteers, members, electors, settings.runId()).matchCounts();
    }

    private Dataset<Row> identityKeys(Source source) {
        return spark.read().parquet(warehousePath.resolve(Warehouse.RESTRICTED).resolve(IngestWriter.IDENTITY)
                .resolve(source.folder()).toString());
    }

    @Test
    void everyComputedTableHasItsDeclaredSchema() {
        Map<String, Dataset<Row>> computed = computed();
        // every published table but the data quality tables, which the ingest builds from their declared schemas
        TreeSet<String> expected = new TreeSet<>();
        PublishedTables.ALL.forEach(t -> expected.add(t.name()));
        IngestWriter.DATA_QUALITY_TABLES.forEach(t -> expected.remove(t.name()));
        assertEquals(expected, new TreeSet<>(computed.keySet()), "a published table this test does not compute");
        for (TableDoc t : PublishedTables.ALL) {
            Dataset<Row> rows = computed.get(t.name());
            if (rows != null) {
                assertEquals(t.schema().toDDL(), rows.schema().toDDL(), t.name() + ": computed schema differs from the declared one");
                assertEquals(t.schema(), rows.schema(), t.name());
            }
        }
    }

    @Test
    void everyPublishedTableReadsBackWithItsDeclaredColumnsAndTypes() {
        for (TableDoc t : PublishedTables.ALL) {
            StructType read = spark.read().parquet(warehousePath.resolve(Warehouse.METRICS).resolve(t.name()).toString()).schema();
            assertEquals(columnTypes(t.schema()), columnTypes(read), t.name() + ": the published Parquet's columns and types");
        }
    }

    /** Column to type, sorted by column: Parquet read back puts the partition column last. */
    private static Map<String, String> columnTypes(StructType schema) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (StructField f : schema.fields()) {
            out.put(f.name(), f.dataType().sql());
        }
        return out;
    }

    @Test
    void aDeclarationMustDocumentEachColumnOfItsSchemaAndKeyOnlyItsColumns() {
        StructType schema = TableDoc.schema("seat_code STRING, month DATE, recruited BIGINT NOT NULL");
        List<TableDoc.ColumnDoc> two = List.of(TableDoc.column("seat_code", "the seat"), TableDoc.column("month", "the month"));
        IllegalArgumentException undocumented = assertThrows(IllegalArgumentException.class, () -> new TableDoc("t", "g",
                List.of("seat_code"), TableDoc.Partitioning.MONTH, schema, two));
        assertTrue(undocumented.getMessage().contains("recruited"), undocumented.getMessage());
        List<TableDoc.ColumnDoc> three = List.of(TableDoc.column("seat_code", "the seat"), TableDoc.column("month", "the month"),
                TableDoc.column("recruited", "recruits"));
        IllegalArgumentException badKey = assertThrows(IllegalArgumentException.class, () -> new TableDoc("t", "g",
                List.of("seat_code", "ward_code"), TableDoc.Partitioning.MONTH, schema, three));
        assertTrue(badKey.getMessage().contains("ward_code"), badKey.getMessage());
        IllegalArgumentException badPartition = assertThrows(IllegalArgumentException.class, () -> new TableDoc("t", "g",
                List.of("seat_code"), TableDoc.Partitioning.EVALUATION_MONTH, schema, three));
        assertTrue(badPartition.getMessage().contains("evaluation_month"), badPartition.getMessage());
    }
}
