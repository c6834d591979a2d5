package org.organisermetrics.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.organisermetrics.warehouse.Warehouse;

/**
 * One JSON manifest per run under runs/: what went in (files, sizes), what came out (rows per
 * source and status), durations, settings, version and outcome. Built as an ordered map so the
 * file reads top to bottom like the run did.
 */
public final class RunManifest {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public RunManifest put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    /** The fields of a run's manifest; empty when the run left none. */
    public static Map<String, Object> read(Warehouse warehouse, String runId) {
        Path path = warehouse.manifest(runId);
        try {
            if (!warehouse.fs().exists(path)) {
                return Map.of();
            }
            try (java.io.InputStream in = warehouse.fs().open(path)) {
                return new ObjectMapper().readValue(in, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Manifests still saying "running" belong to runs that died (called under the run lock, so no
     * live run is among them): their outcome becomes "interrupted", with whether their snapshot was
     * published before they died (the switch is the last step; only the manifest was missed).
     */
    public static void markInterrupted(Warehouse warehouse, String currentSnapshot) {
        Path runs = new Path(warehouse.root(), Warehouse.RUNS);
        ObjectMapper json = new ObjectMapper();
        try {
            if (!warehouse.fs().exists(runs)) {
                return;
            }
            for (org.apache.hadoop.fs.FileStatus f : warehouse.fs().listStatus(runs, p -> p.getName().endsWith(".json"))) {
                Map<String, Object> fields;
                try (java.io.InputStream in = warehouse.fs().open(f.getPath())) {
                    fields = json.readValue(in, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
                }
                if (!RUNNING.equals(fields.get("outcome"))) {
                    continue;
                }
                String runId = String.valueOf(fields.get("run_id"));
                RunManifest m = new RunManifest();
                m.fields.putAll(fields);
                m.put("outcome", INTERRUPTED).put("published", runId.equals(currentSnapshot));
                m.write(warehouse, runId);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run manifests under " + runs + ": " + e.getMessage(), e);
        }
    }

    /**
     * Problems as the manifest keeps them: an example's landing value ({@code email = 'x': ...}) is
     * left out, since runs/ is readable by analysts and a value may be personal (the terminal shows it
     * to the operator; the quarantine keeps the row).
     */
    public static java.util.List<String> withoutValues(java.util.List<String> problems) {
        return problems.stream().map(p -> p.replaceAll(" = '.*': ", " = (value left out): ")).toList();
    }

    public static final String RUNNING = "running";
    public static final String INTERRUPTED = "interrupted";

    public void write(Warehouse warehouse, String runId) {
        Path path = warehouse.manifest(runId);
        Path partial = new Path(path.getParent(), "." + path.getName() + ".partial");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            warehouse.fs().mkdirs(path.getParent());
            if (warehouse.isLocal()) {
                // renamed over the old manifest (rename(2)): a reader of the runs view finds the old one or the new one
                java.nio.file.Path file = java.nio.file.Path.of(path.toUri());
                java.nio.file.Path temp = java.nio.file.Path.of(partial.toUri());
                java.nio.file.Files.write(temp, json.writeValueAsBytes(fields));
                java.nio.file.Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc")); // Hadoop's checksum of an older copy
                java.nio.file.Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return;
            }
            try (OutputStream out = warehouse.fs().create(partial, true)) {
                json.writeValue(out, fields);
            }
            warehouse.fs().delete(path, false);
            if (!warehouse.fs().rename(partial, path)) {
                throw new IOException("could not rename " + partial + " to " + path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run manifest " + path + ": " + e.getMessage(), e);
        }
    }
}
