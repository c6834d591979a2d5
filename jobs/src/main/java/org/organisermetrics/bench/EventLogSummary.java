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

    /** The sites of every event log file under a folder, most task time first. */
    public static List<Site> read(Path eventLogDir) {
        if (!Files.isDirectory(eventLogDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(eventLogDir)) {
            List<Site> out = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try (BufferedReader r = Files.newBufferedReader(f)) {
                    out.addAll(summarise(r.lines()));
                }
            }
            out.sort((a, b) -> Long.compare(b.taskMillis(), a.taskMillis()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Site> summarise(Stream<String> lines) {
        ObjectMapper json = new ObjectMapper();
        Map<Integer, String> siteOfStage = new HashMap<>();
        Map<String, long[]> bySite = new LinkedHashMap<>(); // stages, tasks, task ms, stage wall ms
        Map<Integer, long[]> taskOfStage = new HashMap<>(); // tasks, task ms
        lines.forEach(line -> {
            try {
                JsonNode e = json.readTree(line);
                String event = e.path("Event").asText();
                if (event.equals("SparkListenerTaskEnd")) {
                    long[] t = taskOfStage.computeIfAbsent(e.path("Stage ID").asInt(), k -> new long[2]);
                    t[0]++;
                    t[1] += e.path("Task Metrics").path("Executor Run Time").asLong();
                } else if (event.equals("SparkListenerStageCompleted")) {
                    JsonNode info = e.path("Stage Info");
                    String site = site(info.path("Details").asText(), info.path("Stage Name").asText());
                    siteOfStage.put(info.path("Stage ID").asInt(), site);
                    long[] s = bySite.computeIfAbsent(site, k -> new long[4]);
                    s[0]++;
                    long submitted = info.path("Submission Time").asLong(0);
                    long completed = info.path("Completion Time").asLong(0);
                    if (submitted > 0 && completed >= submitted) {
                        s[3] += completed - submitted;
                    }
                }
            } catch (IOException ex) {
                // a line cut short (a run that died): skip it
            }
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
