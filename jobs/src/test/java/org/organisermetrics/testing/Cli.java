package org.organisermetrics.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.organisermetrics.cli.Main;
import org.organisermetrics.run.RunCheckpoints;

/** Runs the program in-process (sharing the test SparkSession) and captures what it prints. */
public final class Cli {
    public record Outcome(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private Cli() {}

    public static Outcome run(String... args) {
        return run(RunCheckpoints.NONE, args);
    }

    /** The program with the test's checkpoints in its runs ({@link Faults}). */
    public static Outcome run(RunCheckpoints checkpoints, String... args) {
        SharedSpark.session();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine(checkpoints);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }
}
