package org.organisermetrics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** The program in a new JVM with this test's class path, logging each class it loads. */
    static Child run(String name, String... args) throws IOException, InterruptedException {
        Path classes = dir.resolve(name + ".classes");
        Path output = dir.resolve(name + ".out");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xlog:class+load=info:file=" + classes);
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), name + ": the child JVM did not end in 3 minutes");
        List<String> heavy = new ArrayList<>();
        for (String line : Files.readAllLines(classes, StandardCharsets.UTF_8)) {
            // "[info][class,load] org.apache.spark.sql.SparkSession source: jar:file:..."
            String[] words = line.substring(line.indexOf(']', line.indexOf("class,load")) + 1).strip().split(" ");
            if (HEAVY.stream().anyMatch(words[0]::startsWith)) {
                heavy.add(words[0]);
            }
        }
        return new Child(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8), heavy);
    }

    static void assertQuick(Child c, int exitCode, String name) {
        assertEquals(exitCode, c.exitCode(), name + ": " + c.output());
        assertEquals(List.of(), c.heavyClasses(), name + " loaded classes it does not need");
    }

    @Test
    void helpVersionAndUsageErrorsLoadNoSparkNorLog4j() throws Exception {
        Child help = run("help", "--help");
        assertQuick(help, 0, "--help");
        assertTrue(help.output().contains("sql"), help.output());
        assertQuick(run("version", "--version"), 0, "--version");
        assertQuick(run("help-sql", "help", "sql"), 0, "help sql");
        assertQuick(run("sql-help", "sql", "--help"), 0, "sql --help");
        assertQuick(run("report-help", "report", "--help"), 0, "report --help");
        assertQuick(run("unknown-verb", "nosuchverb"), ExitCode.USAGE, "an unknown verb");
        assertQuick(run("no-catalogue", "sql", "--warehouse", dir.resolve("none").toString(), "SELECT 1"),
                ExitCode.USAGE, "sql on a folder without a catalogue");
    }

    @Test
    void sqlReportAndFormatsLoadNoSparkNorLog4j() throws Exception {
        // 3 seats (landing/handwritten/seats) x 4 months (2024-04 to 2024-07)
        Child sql = run("sql", "sql", "--warehouse", warehouse.toString(), "--format", "csv",
                "SELECT count(*) AS n FROM seat_month");
        assertQuick(sql, 0, "sql");
        assertEquals("n\n12\n", sql.output().replace("\r\n", "\n"));
        assertQuick(run("sql-error", "sql", "--warehouse", warehouse.toString(), "SELECT nosuchcolumn FROM seat_month"),
                ExitCode.BAD_INPUT, "sql with a SQL error");
        Path page = dir.resolve("scorecard.html");
        assertQuick(run("report", "report", "--warehouse", warehouse.toString(), "--month", HandwrittenWarehouse.TO,
                "--out", page.toString()), 0, "report");
        assertTrue(Files.size(page) > 0, "report wrote no page");
        assertQuick(run("formats", "formats", "list"), 0, "formats list");
    }
}
