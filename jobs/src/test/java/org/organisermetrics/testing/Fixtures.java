package org.organisermetrics.testing;

import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the test fixtures are. */
public final class Fixtures {
    private Fixtures() {}

    /** A landing zone written by hand to DATA-CONTRACT.md, every source, valid but messy. */
    public static Path handwrittenLanding() {
        return resource("landing/handwritten");
    }

    /** A file or folder of jobs' test resources, from the repository root, so the bench module's tests find them too. */
    public static Path resource(String relative) {
        return repoRoot().resolve("jobs/src/test/resources").resolve(relative);
    }

    /** The repository's root (jobs/..). */
    public static Path repoRoot() {
        return Paths.get(System.getProperty("organiser-metrics.repo-root", "..")).toAbsolutePath().normalize();
    }
}
