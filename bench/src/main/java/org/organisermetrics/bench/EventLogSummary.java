package org.organisermetrics.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a run's time went, from Spark's event log (the bench turns it on for the runs it measures):
 * executor run time of every task, summed by the line of our code that started its stage (the first
 * {@code org.organisermetrics} frame of the stage's call site, else Spark's stage name). Stages run
 * concurrently (sources are ingested in parallel), so task time, not stage wall time, is what adds up.
 */
public final class EventLogSummary {

    /** One line of our code: stages and tasks it started, their executor run time and stage wall time (ms). */
    public record Site(String site, int stages, long tasks, long taskMillis, long stageWallMillis) {}

    private EventLogSummary() {}

    /**
     * The sites of every event log under a folder, most task time first. Spark 4 writes rolling
     * logs (a folder {@code eventlog_v2_<app>/} of {@code events_<n>_<app>[.zstd]} files, in order).
     */
    public static List<Site> read(Path eventLogDir) {
        if (!Files.isDirectory(eventLogDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(eventLogDir)) {
            List<Path> logs = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith("events_") || p.getFileName().toString().startsWith("local-")
                            || p.getFileName().toString().startsWith("app-"))
                    .filter(p -> !p.getFileName().toString().endsWith(".crc"))
                    .sorted(java.util.Comparator.comparing(EventLogSummary::rollingIndex)).toList();
            java.util.stream.Stream<String> all = java.util.stream.Stream.empty();
            List<BufferedReader> readers = new ArrayList<>();
            try {
                for (Path f : logs) {
                    java.io.InputStream in = Files.newInputStream(f);
                    if (f.getFileName().toString().endsWith(".zstd")) {
                        in = new com.github.luben.zstd.ZstdInputStream(in);
                    }
                    BufferedReader r = new BufferedReader(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
                    readers.add(r);
                    all = Stream.concat(all, r.lines());
                }
                List<Site> out = new ArrayList<>(summarise(all));
                out.sort((a, b) -> Long.compare(b.taskMillis(), a.taskMillis()));
                return out;
            } finally {
                for (BufferedReader r : readers) {
                    r.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** events_12_app... -> 12, so rolled files are read in order (others: 0). */
    static int rollingIndex(Path p) {
        String[] parts = p.getFileName().toString().split("_");
        try {
            return parts.length > 1 && parts[0].equals("events") ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static List<Site> summarise(Stream<String> lines) {
        ObjectMapper json = new ObjectMapper();
        Map<Integer, String> siteOfStage = new HashMap<>();
        Map<String, long[]> bySite = new LinkedHashMap<>(); // stages, tasks, task ms, stage wall ms
        Map<Integer, long[]> taskOfStage = new HashMap<>(); // tasks, task ms
        // Adaptive execution submits stages from its own threads, whose call site has none of our
        // frames: a stage is placed by its job's SQL execution, whose details name the action's caller.
        Map<Long, String> siteOfExecution = new HashMap<>();
        Map<Integer, Long> executionOfStage = new HashMap<>();
        Map<Integer, String[]> pendingStage = new HashMap<>(); // stage id -> details, name (placed at the end)
        Map<Integer, long[]> wallOfStage = new HashMap<>();
        java.util.Iterator<String> it = lines.iterator();
        while (true) {
            String line;
            try {
                if (!it.hasNext()) {
                    break;
                }
                line = it.next();
            } catch (UncheckedIOException e) {
                break; // a log still being written, or cut short: what was read so far
            }
            try {
                JsonNode e = json.readTree(line);
                String event = e.path("Event").asText();
                if (event.equals("SparkListenerTaskEnd")) {
                    long[] t = taskOfStage.computeIfAbsent(e.path("Stage ID").asInt(), k -> new long[2]);
                    t[0]++;
                    t[1] += e.path("Task Metrics").path("Executor Run Time").asLong();
                } else if (event.endsWith("SparkListenerSQLExecutionStart")) {
                    String site = site(e.path("details").asText(), null);
                    if (site != null) {
                        siteOfExecution.put(e.path("executionId").asLong(), site);
                    }
                } else if (event.equals("SparkListenerJobStart")) {
                    String id = e.path("Properties").path("spark.sql.execution.id").asText(null);
                    if (id != null) {
                        for (JsonNode stage : e.path("Stage IDs")) {
                            executionOfStage.put(stage.asInt(), Long.parseLong(id));
                        }
                    }
                } else if (event.equals("SparkListenerStageCompleted")) {
                    JsonNode info = e.path("Stage Info");
                    int stage = info.path("Stage ID").asInt();
                    pendingStage.put(stage, new String[] {info.path("Details").asText(), info.path("Stage Name").asText()});
                    long submitted = info.path("Submission Time").asLong(0);
                    long completed = info.path("Completion Time").asLong(0);
                    wallOfStage.put(stage, new long[] {submitted > 0 && completed >= submitted ? completed - submitted : 0});
                }
            } catch (IOException ex) {
                // a line cut short (a run that died): skip it
            }
        }
        pendingStage.forEach((stage, d) -> {
            String own = site(d[0], null);
            Long execution = executionOfStage.get(stage);
            String site = own != null ? own
                    : execution != null && siteOfExecution.containsKey(execution) ? siteOfExecution.get(execution) : d[1];
            siteOfStage.put(stage, site);
            long[] s = bySite.computeIfAbsent(site, k -> new long[4]);
            s[0]++;
            s[3] += wallOfStage.get(stage)[0];
        });
        taskOfStage.forEach((stage, t) -> {
            long[] s = bySite.computeIfAbsent(siteOfStage.getOrDefault(stage, "(stage not completed)"), k -> new long[4]);
            s[1] += t[0];
            s[2] += t[1];
        });
        List<Site> out = new ArrayList<>();
        bySite.forEach((k, v) -> out.add(new Site(k, (int) v[0], v[1], v[2], v[3])));
        return out;
    }

    /** "org.organisermetrics.ingest.IngestJob.count(IngestJob.java:131)" -> "IngestJob.count(IngestJob.java:131)". */
    static String site(String details, String stageName) {
        for (String line : details.split("\n")) {
            String l = line.trim();
            if (l.startsWith("org.organisermetrics.")) {
                String frame = l.substring("org.organisermetrics.".length());
                int paren = frame.indexOf('(');
                String method = paren < 0 ? frame : frame.substring(0, paren);
                int cls = method.lastIndexOf('.', method.lastIndexOf('.') - 1);
                return (cls < 0 ? method : method.substring(cls + 1)) + (paren < 0 ? "" : frame.substring(paren));
            }
        }
        return stageName;
    }
}
