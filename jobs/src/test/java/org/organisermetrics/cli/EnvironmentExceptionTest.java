package org.organisermetrics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;
import org.organisermetrics.run.EnvironmentException;

/** The environment problems as the JDK, Hadoop and Spark raise them, found inside their wrappers. */
class EnvironmentExceptionTest {

    @Test
    void a_full_disk_is_found_inside_hadoops_fserror_and_sparks_wrappers() throws Exception {
        // Hadoop's local file system wraps the system's IOException in an FSError (an Error).
        Constructor<? extends Error> fsError = Class.forName("org.apache.hadoop.fs.FSError")
                .asSubclass(Error.class).getDeclaredConstructor(Throwable.class);
        fsError.setAccessible(true);
        Error full = fsError.newInstance(new IOException("No space left on device"));
        Throwable spark = new org.apache.spark.SparkException("Job aborted due to stage failure", full);
        EnvironmentException.Problem p = EnvironmentException.find(new RuntimeException(spark)).orElseThrow();
        assertEquals(EnvironmentException.Kind.NO_SPACE, p.kind());
        assertEquals("no space left on device under /srv/warehouse", p.describe("/srv/warehouse"));
        assertEquals(EnvironmentException.Kind.NO_SPACE,
                EnvironmentException.find(new IOException("Disk quota exceeded")).orElseThrow().kind());
    }

    @Test
    void permission_read_only_and_not_a_folder_name_the_path_the_system_named() {
        EnvironmentException.Problem denied = EnvironmentException.find(
                new UncheckedIOException("cannot take the warehouse lock", new AccessDeniedException("/srv/warehouse/_lock"))).orElseThrow();
        assertEquals(EnvironmentException.Kind.PERMISSION, denied.kind());
        assertEquals("permission denied under /srv/warehouse/_lock", denied.describe("/elsewhere"));
        EnvironmentException.Problem readOnly = EnvironmentException.find(
                new FileSystemException("/mnt/ro/warehouse", null, "Read-only file system")).orElseThrow();
        assertEquals(EnvironmentException.Kind.READ_ONLY, readOnly.kind());
        assertEquals("/mnt/ro/warehouse", readOnly.path());
        assertEquals(EnvironmentException.Kind.PERMISSION,
                EnvironmentException.find(new IOException("Mkdirs failed to create file:/srv/warehouse/runs")).orElseThrow().kind());
        assertEquals(EnvironmentException.Kind.NOT_A_FOLDER,
                EnvironmentException.find(new FileSystemException("/srv/file/warehouse", null, "Not a directory")).orElseThrow().kind());
    }

    @Test
    void a_file_where_the_warehouse_folder_should_be_is_found_as_the_system_reports_it(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("warehouse"), "not a folder");
        IOException thrown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> java.nio.file.Files.createDirectories(file)); // what RunLock does first
        EnvironmentException.Problem p = EnvironmentException.find(new UncheckedIOException(thrown)).orElseThrow();
        assertEquals(EnvironmentException.Kind.NOT_A_FOLDER, p.kind());
        assertEquals("not a folder under " + file, p.describe(null));
        IOException below = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> java.nio.file.Files.createDirectories(file.resolve("runs")));
        assertEquals(EnvironmentException.Kind.NOT_A_FOLDER, EnvironmentException.find(below).orElseThrow().kind(), below.toString());
    }

    @Test
    void a_bug_is_not_an_environment_problem() {
        assertTrue(EnvironmentException.find(new IllegalStateException("boom", new NullPointerException())).isEmpty());
        assertTrue(EnvironmentException.find(new IOException("Stream closed")).isEmpty());
        assertEquals(ExitCode.INTERNAL_FAILURE, Errors.exitCodeOf(new IllegalStateException("boom")));
        assertEquals(ExitCode.ENVIRONMENT, Errors.exitCodeOf(new UncheckedIOException(new IOException("No space left on device"))));
    }
}
