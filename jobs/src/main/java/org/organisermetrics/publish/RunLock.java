package org.organisermetrics.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One run at a time per warehouse: {@code <warehouse>/_lock}, created with O_EXCL, holds the
 * holder's run id, host, process id and process start time; the holder touches it every minute.
 *
 * <p>A lock is stale, and is taken over, when its holder is on this host and its process is gone
 * (or the pid now belongs to a process started at another time), or, for a holder on another host,
 * when it has not been touched for {@link #STALE_AFTER}. Taking over first renames the stale lock
 * to a unique name, so of two runs recovering at once only one wins, then checks it moved the lock
 * it judged stale (and puts back one it did not).
 */
public final class RunLock implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(RunLock.class);
    public static final String FILE_NAME = "_lock";
    /** A holder on another host that has not touched the lock for this long is taken to be dead. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(10);
    private static final Duration HEARTBEAT = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who holds a lock, as written in the lock file. */
    public record Holder(String runId, String host, long pid, String processStart, String since) {
        String describe() {
            return "run " + runId + " (pid " + pid + " on " + host + ", since " + since + ")";
        }
    }

    /** A second run found the warehouse locked by a live run. */
    public static final class HeldException extends RuntimeException {
        private final transient Holder holder;

        HeldException(Path lock, Holder holder) {
            super("the warehouse is in use by " + holder.describe() + "; one run at a time per warehouse"
                    + " (lock file " + lock + ")");
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }
    }

    private final Path file;
    private final Holder holder;
    private final ScheduledExecutorService heartbeat;

    private RunLock(Path file, Holder holder) {
        this.file = file;
        this.holder = holder;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::touch, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Takes the lock of a local warehouse folder, recovering a stale one; throws {@link HeldException} if a live run holds it. */
    public static RunLock acquire(Path warehouse, String runId) {
        Path file = warehouse.resolve(FILE_NAME);
        Holder me = new Holder(runId, hostName(), ProcessHandle.current().pid(), processStart(ProcessHandle.current()),
                Instant.now().toString());
        try {
            Files.createDirectories(warehouse);
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    Files.write(file, JSON.writeValueAsBytes(fields(me)), java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE);
                    return new RunLock(file, me);
                } catch (FileAlreadyExistsException held) {
                    Optional<Holder> other = read(file);
                    if (other.isEmpty()) {
                        continue; // released between our two looks: try again
                    }
                    if (!isStale(other.get(), Files.getLastModifiedTime(file))) {
                        throw new HeldException(file, other.get());
                    }
                    takeOver(file, other.get());
                }
            }
            throw new IllegalStateException("could not take the warehouse lock " + file + " after 3 attempts");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the warehouse lock " + file + ": " + e.getMessage(), e);
        }
    }

    public Holder holder() {
        return holder;
    }

    /** Releases the lock if it is still ours. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            Optional<Holder> now = read(file);
            if (now.isPresent() && now.get().runId().equals(holder.runId())) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("could not release the warehouse lock {}: {}", file, e.getMessage());
        }
    }

    private void touch() {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.warn("could not touch the warehouse lock {}: {}", file, e.getMessage());
        }
    }

    /** Whether a lock's holder is dead: on this host by its process, elsewhere by its heartbeat. */
    static boolean isStale(Holder other, FileTime touched) {
        if (other.host().equals(hostName())) {
            Optional<ProcessHandle> process = ProcessHandle.of(other.pid());
            return process.isEmpty() || !process.get().isAlive()
                    || !processStart(process.get()).equals(other.processStart());
        }
        return touched.toInstant().isBefore(Instant.now().minus(STALE_AFTER));
    }

    private static void takeOver(Path file, Holder stale) throws IOException {
        Path aside = file.resolveSibling(FILE_NAME + ".stale-" + UUID.randomUUID());
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            return; // another run recovered it first
        }
        Optional<Holder> moved = read(aside);
        if (moved.isPresent() && !moved.get().runId().equals(stale.runId())) {
            // Another run replaced the stale lock between our read and our move: give it back.
            Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        LOG.warn("recovered a stale warehouse lock left by {}", stale.describe());
        Files.deleteIfExists(aside);
    }

    static Optional<Holder> read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        if (bytes.length == 0) {
            // A holder killed between creating the file and writing it: no process, so stale.
            return Optional.of(new Holder("unknown", hostName(), -1, "", "unknown"));
        }
        Map<?, ?> m = JSON.readValue(new String(bytes, StandardCharsets.UTF_8), Map.class);
        return Optional.of(new Holder(String.valueOf(m.get("run_id")), String.valueOf(m.get("host")),
                ((Number) m.get("pid")).longValue(), String.valueOf(m.get("process_start")), String.valueOf(m.get("since"))));
    }

    private static Map<String, Object> fields(Holder h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", h.runId());
        m.put("host", h.host());
        m.put("pid", h.pid());
        m.put("process_start", h.processStart());
        m.put("since", h.since());
        return m;
    }

    static String processStart(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toString).orElse("");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
