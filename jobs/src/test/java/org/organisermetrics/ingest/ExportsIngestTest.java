package org.organisermetrics.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;
import org.organisermetrics.testing.Fixtures;
import org.organisermetrics.testing.SharedSpark;

/**
 * Council registers and a keyed marked register, as their software writes them, through the whole
 * ingest (landing/exports-registers): two councils, one with a monthly update file applied to its
 * full register, a district missing from the lookup, franchise markers kept.
 */
class ExportsIngestTest {
    private static final IngestJob.Settings SETTINGS = new IngestJob.Settings(java.time.LocalDate.of(2026, 11, 1),
            java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2024, 12, 1),
            new org.organisermetrics.privacy.Pseudonymiser(new byte[32]));

    @Test
    void registersUpdatesAndTheMarkedRegisterLoadAsElectorsAndVotes(@TempDir Path tmp) {
        var spark = SharedSpark.session();
        Landing landing = Landing.open(Fixtures.resource("landing/exports-registers").toString(),
                spark.sparkContext().hadoopConfiguration());
        assertEquals(4, landing.exportsRecognised().size(), landing.exportsRecognised().toString());
        assertTrue(landing.exportsRecognised().stream().anyMatch(e -> e.contains("update-march.csv: halarose_register_update")),
                landing.exportsRecognised().toString());
        IngestJob.Result result = IngestJob.run(spark, landing, SETTINGS, java.util.Set.of(), null, tmp.toUri().toString(),
                IngestJob.Progress.NONE);

        Dataset<Row> electors = result.rows().get(Source.ELECTORS);
        Dataset<Row> loaded = electors.filter(col(SourceIngest.STATUS).equalTo(SourceIngest.LOADED));
        // Council 1: 4 electors (AB-1 and AB-1/1 are two: the suffix tells them apart), XX-9 quarantined.
        // Council 2: BA-1, BA-2 (amended), BA-3 (deleted in March: left_on), and BA-4 added in March.
        assertEquals(4, loaded.filter(col("seat_code").equalTo("E14000001")).count());
        assertEquals(4, loaded.filter(col("seat_code").equalTo("E14000002")).count());
        assertEquals(9, result.counts().get(Source.ELECTORS).rowsRead(),
                "5 + 3 full-register rows, and of the update only the new elector: the others are applied to their full rows");
        Row quarantined = electors.filter(col(SourceIngest.STATUS).equalTo(SourceIngest.QUARANTINED))
                .select(ParsedRows.FILE, ParsedRows.LINE, ParsedRows.REASON).first();
        assertEquals("exports/register/E07000001/register-2024-02.tsv", quarantined.getString(0));
        assertEquals(6L, quarantined.getLong(1));
        assertEquals(Reason.UNKNOWN_POLLING_DISTRICT.code(), quarantined.getString(2));
        assertEquals(1, loaded.filter(col("left_on").equalTo(java.sql.Date.valueOf("2024-03-01"))).count(), "BA-3 left in March");
        Row added = loaded.filter(col("registered_on").isNotNull()).select(ParsedRows.FILE, ParsedRows.LINE, "registered_on").first();
        assertEquals("exports/register/E07000002/update-march.csv", added.getString(0));
        assertEquals(5L, added.getLong(1), "the added elector's row is the update's line");
        assertEquals(java.time.LocalDate.of(2024, 3, 1), added.<java.time.LocalDate>getAs(2));
        assertEquals(1, loaded.filter(col("franchise").equalTo("L")).count());
        assertEquals(1, loaded.filter(col("franchise").equalTo("G")).count());
        assertEquals(2, loaded.filter(col("polling_district").equalTo("AB")).count());

        Dataset<Row> marked = result.rows().get(Source.MARKED_REGISTER).filter(col(SourceIngest.STATUS).equalTo(SourceIngest.LOADED));
        assertEquals(4, marked.count(), "every keyed mark names an elector of the registers");
        assertEquals(1, marked.filter(col("vote_method").equalTo("POSTAL")).count());
        assertEquals(1, marked.filter(col("vote_method").equalTo("PROXY")).count());
        assertEquals(1, marked.filter(col("election_id").equalTo("GE2024")).select("election_id").distinct().count());
    }
}
