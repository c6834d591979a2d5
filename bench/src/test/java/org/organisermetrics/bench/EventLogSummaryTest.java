package org.organisermetrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventLogSummaryTest {

    @Test
    void task_time_is_summed_by_the_first_frame_of_our_code() {
        String details = "org.apache.spark.sql.Dataset.collectAsList(Dataset.scala:1)\\n"
                + "org.organisermetrics.ingest.IngestJob.count(IngestJob.java:131)\\n"
                + "org.organisermetrics.ingest.IngestJob.lambda$run$0(IngestJob.java:60)";
        List<EventLogSummary.Site> sites = EventLogSummary.summarise(Stream.of(
                "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":1,\"Task Metrics\":{\"Executor Run Time\":300}}",
                "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":1,\"Task Metrics\":{\"Executor Run Time\":200}}",
                "{\"Event\":\"SparkListenerStageCompleted\",\"Stage Info\":{\"Stage ID\":1,\"Stage Name\":\"collectAsList at IngestJob.java:131\","
                        + "\"Details\":\"" + details + "\",\"Submission Time\":1000,\"Completion Time\":1400}}",
                "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":2,\"Task Metrics\":{\"Executor Run Time\":50}}",
                "{\"Event\":\"SparkListenerStageCompleted\",\"Stage Info\":{\"Stage ID\":2,\"Stage Name\":\"parquet at X.java:1\","
                        + "\"Details\":\"org.apache.spark.Foo.bar(Foo.scala:1)\",\"Submission Time\":0,\"Completion Time\":0}}",
                "not json: a line cut short"));
        // stage 1: two tasks, 300 + 200 ms, 400 ms from submission to completion
        assertEquals(new EventLogSummary.Site("IngestJob.count(IngestJob.java:131)", 1, 2, 500, 400), sites.get(0));
        assertEquals(new EventLogSummary.Site("parquet at X.java:1", 1, 1, 50, 0), sites.get(1));
    }

    @Test
    void an_adaptive_stage_is_placed_by_its_jobs_sql_execution() {
        List<EventLogSummary.Site> sites = EventLogSummary.summarise(Stream.of(
                "{\"Event\":\"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart\",\"executionId\":7,"
                        + "\"details\":\"org.apache.spark.sql.DataFrameWriter.parquet(X.scala:1)\\n"
                        + "org.organisermetrics.metrics.MetricsJob.writeWhole(MetricsJob.java:105)\"}",
                "{\"Event\":\"SparkListenerJobStart\",\"Stage IDs\":[3,4],\"Properties\":{\"spark.sql.execution.id\":\"7\"}}",
                "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":4,\"Task Metrics\":{\"Executor Run Time\":70}}",
                "{\"Event\":\"SparkListenerStageCompleted\",\"Stage Info\":{\"Stage ID\":4,"
                        + "\"Stage Name\":\"$anonfun$withThreadLocalCaptured$1 at CompletableFuture.java:1768\","
                        + "\"Details\":\"java.util.concurrent.CompletableFuture.run(CompletableFuture.java:1768)\"}}"));
        assertEquals(new EventLogSummary.Site("MetricsJob.writeWhole(MetricsJob.java:105)", 1, 1, 70, 0), sites.get(0));
    }
}
