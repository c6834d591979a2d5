package org.organisermetrics.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the benchmark needs from a run's manifest (warehouse/runs/&lt;run_id&gt;.json, written by the
 * run verb): outcome, start and finish, milliseconds per stage in order, rows per source, input bytes.
 */
public record RunSummary(String runId, String outcome, Instant startedAt, Instant finishedAt,
                         Map<String, Long> stageMillis, Map<String, SourceRows> sources, long inputBytes) {

    /** One source's rows as the run counted them. */
    public record SourceRows(long read, long loaded, long duplicates, long outsidePeriod, long quarantined) {}

    public long rowsRead() {
        return sources.values().stream().mapToLong(SourceRows::read).sum();
    }

    public long rowsLoaded() {
        return sources.values().stream().mapToLong(SourceRows::loaded).sum();
    }

    public long rowsOutsidePeriod() {
        return sources.values().stream().mapToLong(SourceRows::outsidePeriod).sum();
    }

    public long stage(String name) {
        return stageMillis.getOrDefault(name, -1L);
    }

    /**
     * When each stage began (epoch millis), worked back from finished_at, which the run writes
     * right after publish: the stages before it ran one after the other; catalogue runs after it.
     */
    public Map<String, long[]> stageWindows() {
        Map<String, long[]> out = new LinkedHashMap<>();
        long beforeCatalogue = stageMillis.entrySet().stream().filter(e -> !e.getKey().equals("catalogue"))
                .mapToLong(Map.Entry::getValue).sum();
        long t = finishedAt.toEpochMilli() - beforeCatalogue;
        for (Map.Entry<String, Long> e : stageMillis.entrySet()) {
            if (e.getKey().equals("catalogue")) {
                out.put(e.getKey(), new long[] {finishedAt.toEpochMilli(), finishedAt.toEpochMilli() + e.getValue()});
            } else {
                out.put(e.getKey(), new long[] {t, t + e.getValue()});
                t += e.getValue();
            }
        }
        return out;
    }

    public static RunSummary parse(String json) {
        try {
            JsonNode m = new ObjectMapper().readTree(json);
            Map<String, Long> stages = new LinkedHashMap<>();
            m.path("stage_millis").fields().forEachRemaining(e -> stages.put(e.getKey(), e.getValue().asLong()));
            Map<String, SourceRows> sources = new LinkedHashMap<>();
            m.path("sources").fields().forEachRemaining(e -> {
                JsonNode s = e.getValue();
                sources.put(e.getKey(), new SourceRows(s.path("rows_read").asLong(), s.path("rows_loaded").asLong(),
                        s.path("duplicates").asLong(), s.path("rows_outside_period").asLong(), s.path("rows_quarantined").asLong()));
            });
            long bytes = 0;
            for (JsonNode f : m.path("inputs")) {
                bytes += f.path("bytes").asLong();
            }
            return new RunSummary(m.path("run_id").asText(), m.path("outcome").asText(),
                    instant(m.path("started_at")), instant(m.path("finished_at")), stages, sources, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("not a run manifest: " + e.getMessage(), e);
        }
    }

    private static Instant instant(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : Instant.parse(n.asText());
    }

    /** The manifest of the newest run in a local warehouse (by file name: run ids start with their UTC time). */
    public static RunSummary newest(Path warehouse) {
        Path runs = warehouse.resolve("runs");
        try (Stream<Path> files = Files.list(runs)) {
            Path newest = files.filter(p -> p.getFileName().toString().endsWith(".json")
                            && !p.getFileName().toString().startsWith("."))
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new IllegalStateException("no run manifest in " + runs));
            return parse(Files.readString(newest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run manifests in " + runs + ": " + e.getMessage(), e);
        }
    }
}
