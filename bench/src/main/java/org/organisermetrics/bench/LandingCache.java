package org.organisermetrics.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated landing zones kept between benchmark runs: one folder per scale, seed and period under
 * the cache root ({@code <scale>-seed<N>-<from>_<to>}, {@code -exports} after it for the same landing zone
 * written as councils' exports, generate --formats), complete once its {@code .bench-complete}
 * marker exists. A folder without the marker (a generation that died) is generated again.
 */
public final class LandingCache {
    static final String MARKER = ".bench-complete";

    /** What identifies a generated landing zone; {@code formats}: the register and marked register as councils' exports. */
    public record Key(String scale, long seed, YearMonth from, YearMonth to, boolean formats) {
        public Key(String scale, long seed, YearMonth from, YearMonth to) {
            this(scale, seed, from, to, false);
        }

        public String folderName() {
            return scale + "-seed" + seed + "-" + from + "_" + to + (formats ? "-exports" : "");
        }

        /** The same landing zone written the other way (contract CSVs or exports). */
        public Key withFormats(boolean f) {
            return new Key(scale, seed, from, to, f);
        }

        /**
         * The generator's and the runs' date: the first day after the last month, so the landing zone
         * is the same whatever day it is generated on, and no row is after it.
         */
        public LocalDate today() {
            return to.plusMonths(1).atDay(1);
        }
    }

    /** A landing zone ready to read, and how it was obtained (null outcome: it was in the cache). */
    public record Entry(Path landing, boolean cached, ChildJvm.Outcome generation) {}

    private LandingCache() {}

    public static Path folder(Path root, Key key) {
        return root.resolve(key.folderName());
    }

    public static boolean isComplete(Path root, Key key) {
        return Files.isRegularFile(folder(root, key).resolve(MARKER));
    }

    /** The landing zone of the key, generated (in a child JVM, the jar's generate verb) when not cached. */
    public static Entry ensure(Path root, Key key, List<String> javaPrefix, Path jar, Path log, long timeoutSeconds) {
        Path landing = folder(root, key);
        if (isComplete(root, key)) {
            return new Entry(landing, true, null);
        }
        try {
            Files.createDirectories(landing);
            List<String> cmd = new ArrayList<>(javaPrefix);
            cmd.addAll(List.of("-jar", jar.toString(), "generate", "--out", landing.toString(), "--seed", String.valueOf(key.seed()),
                    "--scale", key.scale(), "--from", key.from().toString(), "--to", key.to().toString(),
                    "--today", key.today().toString()));
            if (key.formats()) {
                cmd.add("--formats");
            }
            ChildJvm.Outcome o = ChildJvm.run(cmd, log, timeoutSeconds);
            if (o.exitCode() != 0) {
                throw new IllegalStateException("generate failed (exit " + o.exitCode() + "), see " + log);
            }
            Files.writeString(landing.resolve(MARKER), String.join(" ", cmd) + "\n" + "wall_ms=" + o.wallMillis()
                    + " peak_rss_kb=" + o.peakRssKb() + " load=" + o.load() + "\n");
            return new Entry(landing, false, o);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + landing + ": " + e.getMessage(), e);
        }
    }
}
