package org.organisermetrics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.publish.catalogue.HandwrittenWarehouse;

/**
 * The verbs people wait on (--help, --version, help, sql, report, formats, and a usage error) start
 * in a new JVM without loading a class of Spark, Scala, Hadoop or log4j's core: each of those costs
 * start-up time the verb does not need. Checked in a child JVM's class-loading log, since this test
 * JVM has Spark loaded already.
 */
class QuickVerbsTest {
    private static final List<String> HEAVY = List.of("org.apache.spark.", "scala.", "org.apache.hadoop.",
            "org.apache.logging.log4j.core.");

    @TempDir
    static Path dir;

    static Path warehouse;

    @BeforeAll
    static void warehouse() {
        warehouse = HandwrittenWarehouse.path();
    }

    record Child(int exitCode, String output, List<String> heavyClasses) {}

    /** The program in a new JVM with this test's class path, logging each class it loads (started, not waited for). */
    static Process start(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xlog:class+load=info:file=" + dir.resolve(name + ".classes"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile()).start();
    }

    /** The child's exit code, output, and the heavy classes it loaded. */
    static Child finish(String name, Process p) throws IOException, InterruptedException {
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), name + ": the child JVM did not end in 5 minutes");
        List<String> heavy = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(name + ".classes"), StandardCharsets.UTF_8)) {
            // "[0.123s][info][class,load] org.apache.spark.sql.SparkSession source: jar:file:..."
            String[] words = line.substring(line.indexOf(']', line.indexOf("class,load")) + 1).strip().split(" ");
            if (HEAVY.stream().anyMatch(words[0]::startsWith)) {
                heavy.add(words[0]);
            }
        }
        return new Child(p.exitValue(), Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8), heavy);
    }

    /** Each command line in a child JVM of its own, all at once (each is short but the JVMs' start is not). */
    static Map<String, Child> runAll(Map<String, List<String>> commandLines) throws IOException, InterruptedException {
        Map<String, Process> started = new LinkedHashMap<>();
        for (var e : commandLines.entrySet()) {
            started.put(e.getKey(), start(e.getKey(), e.getValue().toArray(String[]::new)));
        }
        Map<String, Child> done = new LinkedHashMap<>();
        for (var e : started.entrySet()) {
            done.put(e.getKey(), finish(e.getKey(), e.getValue()));
        }
        return done;
    }

    static void assertQuick(Child c, int exitCode, String name) {
        assertEquals(exitCode, c.exitCode(), name + ": " + c.output());
        assertEquals(List.of(), c.heavyClasses(), name + " loaded classes it does not need");
    }

    @Test
    void helpVersionAndUsageErrorsLoadNoSparkNorLog4j() throws Exception {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        lines.put("--help", List.of("--help"));
        lines.put("--version", List.of("--version"));
        lines.put("help sql", List.of("help", "sql"));
        lines.put("sql --help", List.of("sql", "--help"));
        lines.put("report --help", List.of("report", "--help"));
        lines.put("an unknown verb", List.of("nosuchverb"));
        lines.put("sql on a folder without a catalogue", List.of("sql", "--warehouse", dir.resolve("none").toString(), "SELECT 1"));
        Map<String, Child> done = runAll(lines);
        assertTrue(done.get("--help").output().contains("sql"), done.get("--help").output());
        done.forEach((name, c) -> assertQuick(c, name.equals("an unknown verb") || name.startsWith("sql on a folder") ? ExitCode.USAGE : 0, name));
    }

    @Test
    void sqlReportAndFormatsLoadNoSparkNorLog4j() throws Exception {
        Path page = dir.resolve("scorecard.html");
        Map<String, List<String>> lines = new LinkedHashMap<>();
        lines.put("sql", List.of("sql", "--warehouse", warehouse.toString(), "--format", "csv", "SELECT count(*) AS n FROM seat_month"));
        lines.put("sql with a SQL error", List.of("sql", "--warehouse", warehouse.toString(), "SELECT nosuchcolumn FROM seat_month"));
        lines.put("report", List.of("report", "--warehouse", warehouse.toString(), "--month", HandwrittenWarehouse.TO, "--out", page.toString()));
        lines.put("formats list", List.of("formats", "list"));
        Map<String, Child> done = runAll(lines);
        assertQuick(done.get("sql"), 0, "sql");
        // 3 seats (landing/handwritten/seats) x 4 months (2024-04 to 2024-07)
        assertEquals("n\n12\n", done.get("sql").output().replace("\r\n", "\n"));
        assertQuick(done.get("sql with a SQL error"), ExitCode.BAD_INPUT, "sql with a SQL error");
        assertQuick(done.get("report"), 0, "report");
        assertTrue(Files.size(page) > 0, "report wrote no page");
        assertQuick(done.get("formats list"), 0, "formats list");
    }
}
