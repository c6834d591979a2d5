package org.organisermetrics.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {
    private static final String MANIFEST = """
            {"run_id": "r1", "started_at": "2026-01-01T00:00:00Z",
             "inputs": [{"source": "seats", "file": "seats/seats.csv", "bytes": 100},
                        {"source": "contacts", "file": "contacts/2024-01.csv", "bytes": 900}],
             "sources": {"seats": {"rows_read": 12, "rows_loaded": 12, "duplicates": 0, "rows_outside_period": 0, "rows_quarantined": 0},
                         "contacts": {"rows_read": 1000, "rows_loaded": 990, "duplicates": 4, "rows_outside_period": 5, "rows_quarantined": 1}},
             "outcome": "success", "finished_at": "2026-01-01T00:01:00Z",
             "stage_millis": {"ingest": 30000, "write": 10000, "metrics": 15000, "publish": 1000, "catalogue": 2000}}
            """;

    @Test
    void rows_and_bytes_are_summed_over_sources_and_files() {
        RunSummary r = RunSummary.parse(MANIFEST);
        assertEquals("success", r.outcome());
        assertEquals(1012, r.rowsRead());
        assertEquals(1002, r.rowsLoaded());
        assertEquals(1000, r.inputBytes());
        assertEquals(-1, r.stage("nope"));
    }

    @Test
    void stage_windows_are_worked_back_from_the_finish_with_the_catalogue_after_it() {
        RunSummary r = RunSummary.parse(MANIFEST);
        long end = Instant.parse("2026-01-01T00:01:00Z").toEpochMilli();
        // ingest + write + metrics + publish = 56 s before finished_at
        assertArrayEquals(new long[] {end - 56_000, end - 26_000}, r.stageWindows().get("ingest"));
        assertArrayEquals(new long[] {end - 1_000, end}, r.stageWindows().get("publish"));
        assertArrayEquals(new long[] {end, end + 2_000}, r.stageWindows().get("catalogue"));
    }

    @Test
    void the_newest_manifest_is_the_last_by_name(@TempDir Path wh) throws Exception {
        Files.createDirectories(wh.resolve("runs"));
        Files.writeString(wh.resolve("runs/20260101T000000Z-1.json"), MANIFEST);
        Files.writeString(wh.resolve("runs/20260102T000000Z-2.json"), MANIFEST.replace("\"r1\"", "\"r2\""));
        Files.writeString(wh.resolve("runs/.20260103T000000Z-3.json.partial"), "{");
        assertEquals("r2", RunSummary.newest(wh).runId());
    }

    @Test
    void rss_outside_and_inside_a_window() {
        ChildJvm.Outcome o = new ChildJvm.Outcome(0, 0, 10, 300, java.util.List.of(
                new ChildJvm.RssSample(1, 100), new ChildJvm.RssSample(5, 250), new ChildJvm.RssSample(9, 300)),
                new ChildJvm.Load(1, 1, 1, 1));
        assertEquals(250, o.peakRssKbBetween(2, 8));
        assertEquals(0, o.peakRssKbBetween(10, 20));
        assertEquals(123456, ChildJvm.kb("VmRSS:\t  123456 kB"));
    }

    @Test
    void metric_table_times_are_read_from_the_run_log(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("run.log");
        Files.writeString(log, """
                23:36:37 INFO  MetricsJob: identity resolution: 1117 ms
                23:36:54 INFO  MetricsJob: seat_month: written (13626 ms)
                23:37:09 INFO  MetricsJob: seat_election: written (1208 ms)
                """);
        var m = Benchmark.metricTableMillis(log);
        assertEquals(1117L, m.get("identity resolution"));
        assertEquals(13626L, m.get("seat_month"));
        assertEquals(1208L, m.get("seat_election"));
    }
}
