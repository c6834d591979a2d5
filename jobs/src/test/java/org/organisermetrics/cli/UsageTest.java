package org.organisermetrics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every usage mistake on every verb exits 2 with one "usage error:" line and where the help is, and
 * every verb's help is a one-sentence summary, paragraphs that wrap without stranding a word, an
 * example, and only options that exist.
 */
class UsageTest {
    @TempDir
    static Path dir;

    /** Runs in-process without the shared Spark session (no verb here gets as far as starting Spark). */
    static Outcome cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    record Outcome(int exitCode, String out, String err) {}

    /** Every verb and sub-verb, as its words on the command line, hidden ones too. */
    static Map<String, CommandLine> verbs() {
        Map<String, CommandLine> verbs = new LinkedHashMap<>();
        collect(Main.commandLine(), List.of(), verbs);
        return verbs;
    }

    private static void collect(CommandLine cli, List<String> words, Map<String, CommandLine> into) {
        for (Map.Entry<String, CommandLine> e : cli.getSubcommands().entrySet()) {
            List<String> w = new ArrayList<>(words);
            w.add(e.getKey());
            into.put(String.join(" ", w), e.getValue());
            collect(e.getValue(), w, into);
        }
    }

    static void assertUsageError(Outcome o, String... args) {
        String what = String.join(" ", args) + "\n" + o.out() + o.err();
        assertEquals(ExitCode.USAGE, o.exitCode(), what);
        assertTrue(o.err().startsWith("usage error: "), what);
        assertTrue(o.err().contains("--help'"), "says where the help is: " + what);
        assertFalse(o.err().contains("\tat "), "no stack trace: " + what);
    }

    @Test
    void an_unknown_option_is_a_usage_error_on_every_verb() {
        Map<String, CommandLine> verbs = verbs();
        assertTrue(verbs.keySet().containsAll(List.of("run", "validate", "formats", "generate", "sql", "report", "help")),
                verbs.keySet().toString());
        for (String verb : verbs.keySet()) {
            List<String> args = new ArrayList<>(List.of(verb.split(" ")));
            args.add("--bogus");
            Outcome o = cli(args.toArray(String[]::new));
            assertUsageError(o, args.toArray(String[]::new));
        }
    }

    @Test
    void unknown_verbs_missing_values_bad_values_and_excluding_options_are_usage_errors() {
        String wh = dir.toString();
        List<String[]> mistakes = List.of(
                new String[] {},
                new String[] {"runn"},
                new String[] {"help", "runn"},
                new String[] {"run", "--bogus"},
                new String[] {"run", "--landing", wh, "--warehouse", wh, "--bogus"},
                new String[] {"run", "--landing", wh},
                new String[] {"run", "--landing", wh, "--warehouse", wh, "--month", "2026-13"},
                new String[] {"run", "--landing", wh, "--warehouse", wh, "--month", "2026-10", "--from", "2026-01", "--to", "2026-02"},
                new String[] {"run", "--landing", wh, "--warehouse", wh, "--from", "2026-01"},
                new String[] {"run", "--landing", wh, "--warehouse", wh, "--as-of", "yesterday"},
                new String[] {"run", "--landing", wh, "--warehouse", wh, "--max-quarantine-rate", "one per cent"},
                new String[] {"run", "--landing", wh, "--warehouse", wh, "--month"},
                new String[] {"validate"},
                new String[] {"validate", "--landing", wh, "--examples", "five"},
                new String[] {"generate"},
                new String[] {"generate", "--out", dir.resolve("g").toString(), "--from", "2026-13"},
                new String[] {"generate", "--out", dir.resolve("g").toString(), "--seed", "x"},
                new String[] {"sql"},
                new String[] {"sql", "--bogus"},
                new String[] {"sql", "--warehouse", wh},
                new String[] {"sql", "--warehouse", wh, "SELECT 1", "--file", "x.sql"},
                new String[] {"sql", "--warehouse", wh, "--max-rows", "many", "SELECT 1"},
                new String[] {"sql", "--warehouse", wh, "--format", "xml", "SELECT 1"},
                new String[] {"report"},
                new String[] {"report", "--warehouse", wh, "--month", "2026-13"},
                new String[] {"report", "--warehouse", wh, "--suppress-below", "abc"},
                new String[] {"bench"},
                new String[] {"bench", "compare", "--left", wh, "--right", wh},
                new String[] {"help", "bench"});
        for (String[] args : mistakes) {
            assertUsageError(cli(args), args);
        }
        Outcome typo = cli("runn");
        assertTrue(typo.err().contains("run"), "suggests the verb: " + typo.err());
    }

    /**
     * The benchmark is a program of its own (the bench module's jar, docs/benchmark.md): the runtime
     * program has no bench verb, hidden or not, nor any of its sub-verbs (compare, spark-peer), and its
     * help does not name it.
     */
    @Test
    void the_runtime_program_has_no_bench_verb() {
        Map<String, CommandLine> verbs = verbs();
        for (String verb : verbs.keySet()) {
            for (String word : verb.split(" ")) {
                assertFalse(List.of("bench", "compare", "spark-peer").contains(word), "a bench verb in the runtime program: " + verb);
            }
        }
        String top = Main.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertFalse(top.contains("bench"), top);
        for (Map.Entry<String, CommandLine> v : verbs.entrySet()) {
            String help = v.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertFalse(help.contains(" bench"), v.getKey() + " help names the bench\n" + help);
        }
        Outcome o = cli("bench", "--scale", "sample");
        assertUsageError(o, "bench", "--scale", "sample");
        assertTrue(o.err().contains("bench"), "names the unknown verb: " + o.err());
        // nor its code or SQL: they are in the bench module's jar, not in the runtime jar
        for (String name : List.of("org.organisermetrics.bench.Benchmark", "org.organisermetrics.bench.SparkPeer",
                "org.organisermetrics.bench.DuckDbPeer", "org.organisermetrics.cli.BenchCommand")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name + " is in the runtime program");
        }
        assertNull(Main.class.getClassLoader().getResource("bench/peer-ingest.sql"), "the bench's SQL is in the runtime program");
    }

    @Test
    void verbose_is_an_option_of_the_program_and_of_every_verb() {
        // Accepted before and after the verb: the mistake reported is the missing option, not --verbose.
        for (String[] args : List.of(new String[] {"--verbose", "sql"}, new String[] {"sql", "--verbose"},
                new String[] {"run", "--verbose", "--landing", "x"}, new String[] {"--verbose", "validate"})) {
            Outcome o = cli(args);
            assertUsageError(o, args);
            assertFalse(o.err().contains("--verbose"), o.err());
            assertTrue(o.err().contains("Missing required"), o.err());
        }
    }

    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

    @Test
    void every_help_has_a_one_sentence_summary_an_example_no_stranded_word_and_only_real_options() {
        Map<String, CommandLine> verbs = verbs();
        Map<String, String> helps = new LinkedHashMap<>();
        helps.put("", Main.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF));
        verbs.forEach((name, cli) -> helps.put(name, cli.getUsageMessage(CommandLine.Help.Ansi.OFF)));
        Set<String> allVerbs = new TreeSet<>(verbs.keySet());
        for (Map.Entry<String, String> h : helps.entrySet()) {
            String verb = h.getKey();
            String help = h.getValue();
            CommandLine cli = verb.isEmpty() ? Main.commandLine() : verbs.get(verb);
            if (verb.equals("help") || cli.getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            String[] header = cli.getCommandSpec().usageMessage().header();
            assertEquals(1, header.length, verb + ": a one-line summary");
            String summary = header[0];
            assertTrue(summary.matches("[A-Z][^.]*(\\([^)]*\\))?\\.") || summary.matches("[A-Z].*[^.]\\.\\)?\\.?"),
                    verb + ": the summary is one complete sentence: " + summary);
            assertFalse(summary.endsWith(",") || summary.endsWith(":"), verb + ": " + summary);
            assertTrue(help.contains("Example"), verb + ": has an example\n" + help);
            for (String line : help.split("\\R")) {
                String t = line.strip();
                if (t.isEmpty() || t.endsWith(":") || t.startsWith("-") || t.startsWith("[")) {
                    continue; // blank lines, headings ("Examples:"), a long option or a synopsis item on its own line
                }
                assertTrue(t.contains(" "), verb + ": a line of the help holds a lone word '" + t + "'\n" + help);
            }
            // Each option named in the help exists: on this verb, or on a verb named on the same line (an example).
            for (String line : help.replaceAll(" \\\\\\R\\s*", " ").split("\\R")) { // an example's continued lines as one
                Matcher m = OPTION.matcher(line);
                while (m.find()) {
                    String option = m.group();
                    boolean known = option.equals("--help") || option.equals("--version") || option.equals("--verbose")
                            || cli.getCommandSpec().findOption(option) != null;
                    for (String other : allVerbs) {
                        if (!known && line.matches(".*\\b" + Pattern.quote(other) + "\\b.*")) {
                            known = verbs.get(other).getCommandSpec().findOption(option) != null;
                        }
                    }
                    assertTrue(known, (verb.isEmpty() ? "top-level" : verb) + " help names " + option
                            + ", which no verb on that line has: " + line);
                }
            }
        }
        // The summaries the top-level help lists are whole sentences, not a description's first broken line.
        String top = helps.get("");
        for (String verb : List.of("run", "validate", "formats", "generate", "sql", "report")) {
            assertTrue(top.contains(verbs.get(verb).getCommandSpec().usageMessage().header()[0].substring(0, 20)), top);
        }
    }

    @Test
    void run_help_names_everything_a_run_publishes() {
        String help = verbs().get("run").getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (String part : List.of("curated/", "metrics/", "data_quality", "restricted/", "analytics.duckdb", "reports/", "runs/")) {
            assertTrue(help.contains(part), "run --help names " + part + "\n" + help);
        }
    }

    @Test
    void the_exit_codes_in_the_help_are_the_exit_codes_of_the_program() {
        Map<String, String> listed = Main.commandLine().getCommandSpec().usageMessage().exitCodeList();
        assertEquals(Set.of("0", "1", "2", "3", "4", "5"), listed.keySet());
        assertTrue(listed.get("5").startsWith("environment"), listed.toString());
        assertEquals(5, ExitCode.ENVIRONMENT);
    }
}
