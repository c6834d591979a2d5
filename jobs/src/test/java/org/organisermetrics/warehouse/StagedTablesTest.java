package org.organisermetrics.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.organisermetrics.evaluate.PilotEvaluation;
import org.organisermetrics.link.IdentityResolution;
import org.organisermetrics.metrics.SeatElection;
import org.organisermetrics.metrics.WardIssue;
import org.organisermetrics.testing.SharedSpark;

/** The writer stages each published table the way its declaration says it is partitioned, and only with its declared columns. */
class StagedTablesTest {
    private final SparkSession spark = SharedSpark.session();

    private StagedTables staged() throws Exception {
        Path dir = Files.createTempDirectory("staged-tables");
        Warehouse warehouse = new Warehouse(dir.toString(), spark.sparkContext().hadoopConfiguration());
        // a run of two months, 2024-04 and 2024-05
        return new StagedTables(spark, warehouse, "r1", LocalDate.of(2024, 4, 1), LocalDate.of(2024, 5, 1));
    }

    @Test
    void eachTableReplacesWhatItsPartitioningSays() throws Exception {
        StagedTables staged = staged();
        staged.write(WardIssue.TABLE, spark.createDataFrame(List.of(), WardIssue.TABLE.schema()));
        staged.write(SeatElection.TABLE, spark.createDataFrame(List.of(), SeatElection.TABLE.schema()));
        staged.write(PilotEvaluation.TABLE, spark.createDataFrame(List.of(), PilotEvaluation.TABLE.schema()));
        staged.write(IdentityResolution.MATCH_TABLE, spark.createDataFrame(List.of(), IdentityResolution.MATCH_TABLE.schema()));
        assertEquals(List.of(
                StagedTable.partitions("metrics", "ward_issue", List.of("month=2024-04-01", "month=2024-05-01")),
                StagedTable.whole("metrics", "seat_election"),
                StagedTable.partitions("metrics", "pilot_evaluation",
                        List.of("evaluation_month=2024-04-01", "evaluation_month=2024-05-01")),
                StagedTable.partitions("metrics", "identity_match", List.of("run_id=r1"))), staged.written());
    }

    @Test
    void rowsWithoutTheDeclaredColumnsAreNotWritten() throws Exception {
        StagedTables staged = staged();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> staged.write(WardIssue.TABLE,
                spark.createDataFrame(List.of(), WardIssue.TABLE.schema()).drop("share")));
        assertTrue(e.getMessage().startsWith("ward_issue: the computed columns "), e.getMessage());
        assertTrue(e.getMessage().contains("share DOUBLE"), e.getMessage());
        assertEquals(List.of(), staged.written());
    }
}
