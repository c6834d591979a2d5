package org.organisermetrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bench's own program: its verbs, its usage errors, and the runtime jar it times (--jar). */
class BenchMainTest {
    @TempDir
    Path dir;

    record Outcome(int exitCode, String out, String err) {}

    static Outcome bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BenchMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Outcome(cli.execute(args), out.toString(), err.toString());
    }

    static void assertUsageError(Outcome o, String... args) {
        String what = String.join(" ", args) + "\n" + o.out() + o.err();
        assertEquals(2, o.exitCode(), what);
        assertTrue(o.err().startsWith("usage error: "), what);
        assertTrue(o.err().contains("--help'"), "says where the help is: " + what);
        assertFalse(o.err().contains("\tat "), "no stack trace: " + what);
    }

    @Test
    void mistakes_are_usage_errors_before_anything_runs() {
        String wh = dir.toString();
        for (String[] args : List.of(
                new String[] {"--bogus"},
                new String[] {"--scale", "county"},
                new String[] {"--to", "2026-13"},
                new String[] {"--months", "x"},
                new String[] {"--months", "1"},
                new String[] {"compare", "--left", wh},
                new String[] {"compare", "--bogus"},
                new String[] {"spark-peer"})) {
            assertUsageError(bench(args), args);
        }
    }

    /** The runs it times are the runtime jar's: by default jobs/target/organiser-metrics.jar, from the repository folder. */
    @Test
    void the_runtime_jar_defaults_to_the_jobs_modules_jar() {
        BenchMain main = new BenchMain();
        new CommandLine(main).parseArgs("--scale", "sample");
        assertEquals(Path.of("jobs/target/organiser-metrics.jar"), main.runtimeJar);
        new CommandLine(main).parseArgs("--jar", "/opt/om/organiser-metrics.jar");
        assertEquals(Path.of("/opt/om/organiser-metrics.jar"), main.runtimeJar);
    }

    @Test
    void no_runtime_jar_is_a_usage_error_naming_the_path_and_how_to_build_it() {
        Path missing = dir.resolve("no-such.jar");
        String[] args = {"--jar", missing.toString(), "--scale", "sample", "--data", dir.resolve("data").toString(),
            "--out", dir.resolve("out").toString()};
        Outcome o = bench(args);
        assertUsageError(o, args);
        assertTrue(o.err().contains(missing.toString()), o.err());
        assertTrue(o.err().contains("mvn -Pbench -pl bench -am -DskipTests package"), o.err());
        assertFalse(dir.resolve("out").toFile().exists(), "nothing written");
    }

    @Test
    void the_help_names_the_runtime_jar_its_default_and_the_build_with_examples() {
        Outcome o = bench("--help");
        assertEquals(0, o.exitCode(), o.err());
        String help = o.out().replaceAll("\\s+", " "); // picocli wraps the text at 80 columns
        assertTrue(help.contains("--jar=FILE"), o.out());
        assertTrue(help.contains("Default: jobs/target/organiser-metrics.jar"), o.out());
        assertTrue(help.contains("mvn -Pbench -pl bench -am -DskipTests package"), o.out());
        assertTrue(help.contains("java -jar bench/target/organiser-metrics-bench.jar --scale sample"), o.out());
        assertTrue(help.contains("compare Compare two local warehouses"), "lists the compare verb: " + o.out());
        assertFalse(help.contains(" spark-peer "), "the Spark peer is the bench's own, hidden: " + o.out());

        Outcome compare = bench("compare", "--help");
        assertEquals(0, compare.exitCode(), compare.err());
        assertTrue(compare.out().contains("java -jar bench/target/organiser-metrics-bench.jar compare"), compare.out());
    }
}
