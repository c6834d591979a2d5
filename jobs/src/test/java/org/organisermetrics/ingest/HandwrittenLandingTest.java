package org.organisermetrics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;
import org.organisermetrics.testing.SharedSpark;

/** A landing zone written by hand to the contract, every source, messy but valid: it loads with no quarantine. */
class HandwrittenLandingTest {

    @Test
    void everyRowOfAHandWrittenLandingZoneLoads(@TempDir Path tmp) {
        Path warehouse = tmp.resolve("warehouse");
        Cli.Outcome outcome = Cli.run("run", "--landing", Fixtures.handwrittenLanding().toString(),
                "--warehouse", warehouse.toString(), "--from", "2024-01", "--to", "2024-12",
                "--as-of", "2026-11-01", "--demo");
        assertEquals(0, outcome.exitCode(), outcome.all());
        assertTrue(!java.nio.file.Files.exists(warehouse.resolve("_staging")), "a published run leaves no staging folder");

        Dataset<Row> dq = SharedSpark.session().read().parquet(warehouse.resolve("metrics/data_quality").toString());
        // No source quarantined anything: data_quality_reason has no row.
        Dataset<Row> reasons = SharedSpark.session().read().parquet(warehouse.resolve("metrics/data_quality_reason").toString());
        assertEquals(0, reasons.count(), () -> reasons.collectAsList().toString());
        assertEquals(0, dq.filter("rows_quarantined <> 0").count(), () -> dq.collectAsList().toString());
        Row contacts = dq.filter("source = 'contacts'").first();
        // contacts/2024-05.csv: 4 data rows, C3 exported twice -> 3 loaded, 1 duplicate.
        assertEquals(4L, (long) contacts.getAs("rows_read"));
        assertEquals(3L, (long) contacts.getAs("rows_loaded"));
        assertEquals(1L, (long) contacts.getAs("duplicates"));
        Dataset<Row> seats = SharedSpark.session().read().parquet(warehouse.resolve("curated/seats").toString());
        assertEquals(3, seats.count());
        assertTrue(seats.filter("seat_name = 'Ynys Môn'").count() == 1, "UTF-8 with a BOM and CRLF reads as written");
    }
}
