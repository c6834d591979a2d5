package org.organisermetrics.warehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;

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

    public void write(Warehouse warehouse, String runId) {
        Path path = warehouse.manifest(runId);
        Path partial = new Path(path.getParent(), "." + path.getName() + ".partial");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            warehouse.fs().mkdirs(path.getParent());
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
