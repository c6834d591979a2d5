package org.organisermetrics.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one step of the benchmark in a child JVM ({@code java -jar} the runtime jar, or the bench's own jar for a peer) and measures it
 * from outside: wall time, and the process's resident memory polled from {@code /proc/<pid>/status}
 * (VmRSS every {@link #POLL_MILLIS} ms, and VmHWM, the kernel's own peak). The child's stdout and
 * stderr go to a log file.
 */
public final class ChildJvm {
    static final long POLL_MILLIS = 250;

    /** Resident memory at a wall-clock instant (epoch millis), in KiB. */
    public record RssSample(long epochMillis, long rssKb) {}

    /** The 1-minute load average of the machine before, during (mean and max of samples every 5 s) and after a step. */
    public record Load(double before, double mean, double max, double after) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.2f before, %.2f mean, %.2f max, %.2f after", before, mean, max, after);
        }
    }

    /** How a child ended: exit code, wall time, peak RSS (VmHWM, KiB; 0 when /proc is not there), samples. */
    public record Outcome(int exitCode, long startedEpochMillis, long wallMillis, long peakRssKb, List<RssSample> samples,
                          Load load) {
        /** The largest sampled RSS between two instants (KiB); 0 when no sample falls there. */
        public long peakRssKbBetween(long fromEpochMillis, long toEpochMillis) {
            long max = 0;
            for (RssSample s : samples) {
                if (s.epochMillis() >= fromEpochMillis && s.epochMillis() <= toEpochMillis) {
                    max = Math.max(max, s.rssKb());
                }
            }
            return max;
        }
    }

    private ChildJvm() {}

    /** The java launcher of this JVM, so the child runs on the same Java. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The jar this class was loaded from (the shaded organiser-metrics-bench jar), which runs the peers. */
    public static Path ownJar() {
        try {
            Path p = Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("the bench runs from its shaded jar (java -jar bench/target/organiser-metrics-bench.jar), not from " + p);
            }
            return p;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the command (a {@code java ...} command line), waiting at most {@code timeoutSeconds};
     * a child still running then is killed and the outcome's exit code is -1.
     */
    public static Outcome run(List<String> command, Path log, long timeoutSeconds) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().remove("JAVA_TOOL_OPTIONS"); // the child's memory settings are the command's own
            Files.writeString(log, "$ " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
            double loadBefore = loadAverage1();
            List<Double> loads = Collections.synchronizedList(new ArrayList<>());
            long started = System.currentTimeMillis();
            long t0 = System.nanoTime();
            Process p = pb.start();
            List<RssSample> samples = Collections.synchronizedList(new ArrayList<>());
            long[] hwm = {0};
            Thread poller = new Thread(() -> poll(p, samples, hwm, loads), "rss-poller");
            poller.setDaemon(true);
            poller.start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            long wall = (System.nanoTime() - t0) / 1_000_000;
            poller.join(2 * POLL_MILLIS);
            double loadAfter = loadAverage1();
            List<Double> all = new ArrayList<>(loads);
            all.add(loadAfter);
            double mean = all.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double max = all.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            return new Outcome(done ? p.exitValue() : -1, started, wall, hwm[0], List.copyOf(samples),
                    new Load(loadBefore, mean, max, loadAfter));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static void poll(Process p, List<RssSample> samples, long[] hwm, List<Double> loads) {
        File status = new File("/proc/" + p.pid() + "/status");
        long polls = 0;
        while (p.isAlive()) {
            if (polls++ % (5000 / POLL_MILLIS) == 0) {
                loads.add(loadAverage1());
            }
            try {
                for (String line : Files.readAllLines(status.toPath(), StandardCharsets.UTF_8)) {
                    if (line.startsWith("VmRSS:")) {
                        samples.add(new RssSample(System.currentTimeMillis(), kb(line)));
                    } else if (line.startsWith("VmHWM:")) {
                        hwm[0] = Math.max(hwm[0], kb(line));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended between isAlive and the read, or there is no /proc: nothing to sample
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** "VmRSS:	  123456 kB" -> 123456. */
    static long kb(String statusLine) {
        String digits = statusLine.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    /** One line of the load average (1, 5, 15 minutes) from /proc/loadavg, or "unknown". */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The 1-minute load average, or NaN. */
    public static double loadAverage1() {
        try {
            return Double.parseDouble(loadAverage().split(" ")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
