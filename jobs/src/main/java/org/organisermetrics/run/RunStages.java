package org.organisermetrics.run;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The run's stages, timed: a plain line when each starts and ends (for cron logs and the
 * manifest's stage_millis); the ingest adds a line per source as it is done.
 */
public final class RunStages {
    private static final Logger LOG = LogManager.getLogger(RunStages.class);
    private final PrintWriter out;
    private final Map<String, Long> millis = new LinkedHashMap<>();

    public RunStages(PrintWriter out) {
        this.out = out;
    }

    public <T> T time(String stage, Supplier<T> work) {
        long started = System.nanoTime();
        if (!millis.containsKey(stage)) {
            out.println("[" + stage + "] ...");
            out.flush();
        }
        T result = work.get();
        long ms = (System.nanoTime() - started) / 1_000_000;
        millis.merge(stage, ms, Long::sum);
        out.printf("[%s] done in %.1f s%n", stage, ms / 1000.0);
        out.flush();
        LOG.info("stage {}: {} ms", stage, ms);
        return result;
    }

    public Map<String, Long> millis() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(millis));
    }
}
