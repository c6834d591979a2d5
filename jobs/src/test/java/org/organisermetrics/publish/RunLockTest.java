package org.organisermetrics.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run lock on its own: held, refused, released, and stale locks of several kinds recovered. */
class RunLockTest {
    @TempDir
    Path warehouse;

    @Test
    void a_second_run_is_refused_naming_the_holder_until_the_first_releases() {
        try (RunLock first = RunLock.acquire(warehouse, "run-a")) {
            RunLock.HeldException e = assertThrows(RunLock.HeldException.class, () -> RunLock.acquire(warehouse, "run-b"));
            assertTrue(e.getMessage().contains("run run-a"), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertEquals("run-a", e.holder().runId());
        }
        assertFalse(Files.exists(warehouse.resolve(RunLock.FILE_NAME)), "released on close");
        try (RunLock second = RunLock.acquire(warehouse, "run-b")) {
            assertEquals("run-b", second.holder().runId());
        }
    }

    @Test
    void a_lock_left_by_a_dead_process_on_this_host_is_taken_over() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        assertTrue(dead.waitFor(30, TimeUnit.SECONDS));
        writeLock("run-dead", host(), dead.pid(), "2026-01-01T00:00:00Z");
        try (RunLock lock = RunLock.acquire(warehouse, "run-new")) {
            assertEquals("run-new", lock.holder().runId());
            assertTrue(Files.readString(warehouse.resolve(RunLock.FILE_NAME)).contains("run-new"));
        }
    }

    @Test
    void a_live_pid_that_started_at_another_time_is_a_reused_pid_so_the_lock_is_stale() throws Exception {
        writeLock("run-old", host(), ProcessHandle.current().pid(), "1999-01-01T00:00:00Z");
        try (RunLock lock = RunLock.acquire(warehouse, "run-new")) {
            assertEquals("run-new", lock.holder().runId());
        }
    }

    @Test
    void an_empty_lock_file_from_a_run_killed_while_creating_it_is_taken_over() throws Exception {
        Files.createFile(warehouse.resolve(RunLock.FILE_NAME));
        try (RunLock lock = RunLock.acquire(warehouse, "run-new")) {
            assertEquals("run-new", lock.holder().runId());
        }
    }

    @Test
    void a_lock_from_another_host_is_held_while_touched_and_stale_once_silent() throws Exception {
        writeLock("run-remote", "another-host", 12345, "2026-01-01T00:00:00Z");
        assertThrows(RunLock.HeldException.class, () -> RunLock.acquire(warehouse, "run-new"));
        Files.setLastModifiedTime(warehouse.resolve(RunLock.FILE_NAME),
                FileTime.from(Instant.now().minus(RunLock.STALE_AFTER).minusSeconds(60)));
        try (RunLock lock = RunLock.acquire(warehouse, "run-new")) {
            assertEquals("run-new", lock.holder().runId());
        }
    }

    private void writeLock(String runId, String host, long pid, String processStart) throws Exception {
        Files.writeString(warehouse.resolve(RunLock.FILE_NAME), "{\"run_id\":\"" + runId + "\",\"host\":\"" + host
                + "\",\"pid\":" + pid + ",\"process_start\":\"" + processStart + "\",\"since\":\"2026-01-01T00:00:00Z\"}");
    }

    private static String host() throws Exception {
        return InetAddress.getLocalHost().getHostName();
    }
}
