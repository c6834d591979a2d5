package org.organisermetrics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.ingest.OutsidePeriod;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.SharedSpark;

/**
 * Rows a run does not load are said out loud: a November drop holding October rows and a 2016 row
 * names their months and prints the runs that load them, and the printed run does; a file whose
 * slash dates are month first is rejected whole rather than half misdated.
 */
class LateRowsTest {
    static final String SEATS = "seat_code,seat_name,region\nE14000657,Dagenham and Rainham,London\n";
    static final String CONTACTS_HEADER = "contact_id,seat_code,contact_date,channel,intention\n";

    static Path landing(Path root, String contacts) throws IOException {
        Files.createDirectories(root.resolve("seats"));
        Files.createDirectories(root.resolve("contacts"));
        Files.writeString(root.resolve("seats/seats.csv"), SEATS, StandardCharsets.UTF_8);
        Files.writeString(root.resolve("contacts/2026-11.csv"), CONTACTS_HEADER + contacts, StandardCharsets.UTF_8);
        return root;
    }

    @Test
    void lateRowsAreNamedWithTheirMonthsAndThePrintedRunLoadsThem(@TempDir Path tmp) throws IOException {
        Path landing = landing(tmp.resolve("landing"), String.join("\n",
                "C1,E14000657,2026-11-02,door,lab",
                "C2,E14000657,2026-11-03,door,lab",
                "C3,E14000657,2026-10-29,door,lab",
                "C4,E14000657,30/10/2026,door,lab",
                "C5,E14000657,2026-10-31,phone,con",
                "C6,E14000657,2016-03-14,door,lab") + "\n");
        Path warehouse = tmp.resolve("warehouse");
        Cli.Outcome november = Cli.run("run", "--landing", landing.toString(), "--warehouse", warehouse.toString(),
                "--month", "2026-11", "--as-of", "2026-12-02", "--demo");
        assertEquals(0, november.exitCode(), november.all());
        // 6 rows: 2 in November loaded, 3 in October and 1 in March 2016 outside the period.
        assertTrue(november.out().lines().anyMatch(l -> l.equals(
                "warning: contacts: 4 row(s) dated outside 2026-11 were not loaded: 1 in 2016-03, 3 in 2026-10")),
                november.out());
        List<String> commands = november.out().lines().filter(l -> l.startsWith("  java -jar ")).map(String::strip).toList();
        String common = " run --landing " + landing + " --warehouse " + warehouse;
        assertEquals(List.of("java -jar jobs/target/organiser-metrics.jar" + common + " --month 2016-03 --as-of 2026-12-02 --demo",
                "java -jar jobs/target/organiser-metrics.jar" + common + " --month 2026-10 --as-of 2026-12-02 --demo"), commands);

        Map<String, Object> manifest = manifest(warehouse);
        @SuppressWarnings("unchecked")
        Map<String, Object> outside = (Map<String, Object>) manifest.get("outside_period");
        assertEquals(Map.of("contacts", Map.of("2016-03", 1, "2026-10", 3)), outside.get("rows_by_source_and_month"));
        assertEquals(commands, outside.get("commands_that_load_them"));
        assertEquals(2L, contactsIn(warehouse, "2026-11-01"));
        assertEquals(0L, contactsIn(warehouse, "2026-10-01"));

        // The printed October run, as printed (its arguments after the jar), loads the three October rows.
        String october = commands.get(1).substring("java -jar jobs/target/organiser-metrics.jar ".length());
        Cli.Outcome rerun = Cli.run(october.split(" "));
        assertEquals(0, rerun.exitCode(), rerun.all());
        assertEquals(3L, contactsIn(warehouse, "2026-10-01"));
        assertEquals(2L, contactsIn(warehouse, "2026-11-01"), "November stays as published");
        // Now the warehouse holds 2016-03 (the file's months) to 2026-11: a stray date before them is marked.
        Files.writeString(landing.resolve("contacts/2026-12.csv"), CONTACTS_HEADER
                + "C7,E14000657,2026-12-01,door,lab\nC8,E14000657,2014-01-02,door,lab\n", StandardCharsets.UTF_8);
        Cli.Outcome december = Cli.run("run", "--landing", landing.toString(), "--warehouse", warehouse.toString(),
                "--month", "2026-12", "--as-of", "2026-12-02", "--demo");
        assertEquals(0, december.exitCode(), december.all());
        assertTrue(december.out().lines().anyMatch(l -> l.equals("warning: contacts: 1 row(s) dated outside 2026-12 were not"
                + " loaded: 1 in 2014-01 (before 2016-03, the earliest month of the landing files the warehouse was built from: check those dates)")),
                december.out());
    }

    @Test
    void aFileWithMonthFirstDatesIsRejectedWholeNamingLineColumnAndValue(@TempDir Path tmp) throws IOException {
        Path landing = landing(tmp.resolve("landing"), String.join("\n",
                "C1,E14000657,11/05/2026,door,lab",
                "C2,E14000657,05/13/2026,door,lab",
                "C3,E14000657,2026-05-20,door,lab") + "\n");
        Path warehouse = tmp.resolve("warehouse");
        Cli.Outcome outcome = Cli.run("run", "--landing", landing.toString(), "--warehouse", warehouse.toString(),
                "--month", "2026-05", "--as-of", "2026-12-02", "--demo");
        assertEquals(3, outcome.exitCode(), outcome.all());
        assertTrue(outcome.err().contains("contacts/2026-11.csv:3: contact_date = '05/13/2026' is a date only when read"
                + " month first"), outcome.err());
        assertFalse(Files.exists(warehouse.resolve("curated/contacts")), "nothing is published");
        Cli.Outcome validate = Cli.run("validate", "--landing", landing.toString(), "--as-of", "2026-12-02");
        assertEquals(3, validate.exitCode(), validate.all());
        assertTrue(validate.err().contains("contacts/2026-11.csv:3: contact_date = '05/13/2026'"), validate.err());
    }

    @Test
    void monthsGroupIntoRunsOfConsecutiveMonths() {
        assertEquals(List.of(), OutsidePeriod.ranges(List.of()));
        List<List<String>> options = new ArrayList<>();
        OutsidePeriod.ranges(List.of("2026-10", "2016-03", "2026-09", "2025-12", "2026-01"))
                .forEach(r -> options.add(r.options()));
        assertEquals(List.of(List.of("--month", "2016-03"), List.of("--from", "2025-12", "--to", "2026-01"),
                List.of("--from", "2026-09", "--to", "2026-10")), options);
        assertEquals("'/tmp/my landing'", RunCommand.shellQuoted("/tmp/my landing"));
        assertEquals("'it'\\''s'", RunCommand.shellQuoted("it's"));
    }

    private static Map<String, Object> manifest(Path warehouse) throws IOException {
        try (var files = Files.list(warehouse.resolve("runs"))) {
            Path json = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
            @SuppressWarnings("unchecked")
            Map<String, Object> m = new ObjectMapper().readValue(json.toFile(), Map.class);
            return m;
        }
    }

    private static long contactsIn(Path warehouse, String month) {
        return SharedSpark.session().read().parquet(warehouse.resolve("curated/contacts").toString())
                .filter("month = DATE'" + month + "'").count();
    }
}
