package org.organisermetrics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.testing.SharedSpark;
import picocli.CommandLine;

/** The generate verb: options, defaults shown in help, clear errors, and a run that prints what it wrote. */
class GenerateCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        SharedSpark.session();
        CommandLine cli = new CommandLine(new GenerateCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void help_lists_every_option_with_its_default() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String option : new String[] {"--out", "--seed", "--scale", "--seats", "--from", "--to", "--pilot-effect",
            "--bad-rows", "--formats", "--party"}) {
            assertTrue(r.out().contains(option), option);
        }
        assertTrue(r.out().contains("Default: sample"));
        assertTrue(r.out().contains("Default: LAB"));
        assertTrue(r.out().contains("Default: 1."));
    }

    @Test
    void a_run_writes_the_landing_zone_and_prints_rows_per_source() {
        Path out = dir.resolve("landing");
        Run r = run("--out", out.toString(), "--seats", "2", "--from", "2025-01", "--to", "2025-03",
                "--today", "2025-04-10", "--seed", "3", "--bad-rows", "1", "--party", "lab");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote a synthetic landing zone to"), r.out());
        assertTrue(r.out().contains("contacts"), r.out());
        assertTrue(Files.exists(out.resolve("seats/seats.csv")));
        assertTrue(Files.exists(out.resolve("contacts/2025-03.csv")));
        assertTrue(Files.exists(out.resolve(Generator.INJECTED_FILE)));
    }

    @Test
    void formats_writes_the_register_as_exports_injects_no_bad_row_into_it_and_is_not_overwritten_without_the_flag()
            throws java.io.IOException {
        Path out = dir.resolve("exports-landing");
        Run r = run("--out", out.toString(), "--seats", "2", "--from", "2025-01", "--to", "2025-03",
                "--today", "2025-04-10", "--seed", "3", "--bad-rows", "1", "--formats");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("exports/register/E07900001/xpress-part-0001.tsv")));
        assertTrue(Files.exists(out.resolve("exports/register/E07900002/pp50-part-0001.tsv")));
        assertTrue(Files.exists(out.resolve("lookups/polling_districts.csv")));
        assertTrue(Files.exists(out.resolve("contacts/2025-03.csv")));
        assertFalse(Files.exists(out.resolve("electors")), "the register is in exports/ only");
        assertFalse(Files.exists(out.resolve("marked_register")), "the marked register is in exports/ only");
        // Bad rows go into contract files only: none is promised for the exports.
        String injected = Files.readString(out.resolve(Generator.INJECTED_FILE));
        assertTrue(injected.contains("contacts,"), injected);
        assertFalse(injected.contains("electors,") || injected.contains("marked_register,"), injected);
        // Without --formats, exports/ and lookups/ are someone's files: the generator stops and deletes nothing.
        Run again = run("--out", out.toString(), "--seats", "2", "--from", "2025-01", "--to", "2025-03", "--today", "2025-04-10");
        assertTrue(again.code() != 0, again.out());
        assertTrue(again.err().contains("not a generated landing zone") && again.err().contains("exports"), again.err());
        assertTrue(Files.exists(out.resolve("exports/register/E07900001/xpress-part-0001.tsv")));
    }

    @Test
    void bad_values_give_clear_messages() {
        Run month = run("--out", dir.toString(), "--from", "2025-13");
        assertEquals(2, month.code());
        assertTrue(month.err().contains("'2025-13' is not a month in YYYY-MM form"), month.err());
        Run scale = run("--out", dir.toString(), "--scale", "huge");
        assertEquals(2, scale.code());
        assertTrue(scale.err().contains("unknown scale 'huge'"), scale.err());
    }

    @Test
    void from_after_to_and_other_bad_combinations_are_usage_errors() {
        GenerateCommand c = new GenerateCommand();
        new CommandLine(c).parseArgs("--out", "x", "--from", "2025-06", "--to", "2025-01", "--today", "2025-08-01");
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, c::settings);
        assertTrue(e.getMessage().contains("--from 2025-06 is after --to 2025-01"), e.getMessage());
        GenerateCommand p = new GenerateCommand();
        new CommandLine(p).parseArgs("--out", "x", "--party", "XYZ");
        assertThrows(InvalidSettingsException.class, p::settings);
        GenerateCommand s = new GenerateCommand();
        new CommandLine(s).parseArgs("--out", "x", "--seats", "651");
        assertThrows(InvalidSettingsException.class, s::settings);
    }

    @Test
    void the_default_period_is_three_years_ending_with_the_last_complete_month() {
        GenerateCommand c = new GenerateCommand();
        new CommandLine(c).parseArgs("--out", "x", "--today", "2026-11-22");
        GeneratorSettings s = c.settings();
        assertEquals(YearMonth.of(2026, 10), s.to());
        assertEquals(YearMonth.of(2023, 11), s.from());
        assertEquals(12, s.seats());
    }
}
