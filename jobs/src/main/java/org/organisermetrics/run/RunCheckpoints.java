package org.organisermetrics.run;

/**
 * Named points of a run, where a test can act: kill the process there, or fail as the file system
 * would (a full disk, a read-only folder), to check that nothing is half-written. A run is given its
 * checkpoints when it is made; the program's own are {@link #NONE}, and only tests install others.
 */
@FunctionalInterface
public interface RunCheckpoints {
    enum Point {
        /** Before taking the warehouse lock: the first write of a run. */
        LOCKING,
        /** In the middle of writing: the curated tables staged, the metric tables not yet. */
        WRITING,
        /** The new snapshot assembled, its catalogue not yet built, current not yet switched. */
        PUBLISHING
    }

    /** The run has reached {@code point}. */
    void reached(Point point);

    RunCheckpoints NONE = point -> { };
}
