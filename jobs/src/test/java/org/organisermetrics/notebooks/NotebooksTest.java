package org.organisermetrics.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.organisermetrics.contract.Source;
import org.organisermetrics.publish.catalogue.HandwrittenWarehouse;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;

/**
 * Every notebook in notebooks-sql/ runs unchanged with the sql verb on the handwritten warehouse
 * (2024-04 .. 2024-07), and its answer is the one counted by hand from the landing files, so a
 * renamed column or a broken join fails the build.
 *
 * <p>Cast (landing/handwritten): seats 657 = E14000657 Dagenham and Rainham (pilot since 2024-01,
 * organiser ORG1, targets 10 recruits and 4 trained a month), 720 = E14000720 Ilford North
 * (applied, not selected), W07000041 Ynys Môn. Volunteers: V1 (657, recruited Jan, elector EL1 =
 * member M1, trained ORG101 on 2024-05-04), V2 (657, Mar, nobody), V3 (720, Feb, elector EL4;
 * one hour in 657 on 05-05), V4 (657, Apr, member M2 = Grace Okafor, lapsing 2024-09-30).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TESTED = List.of("01-pilot-scorecard.sql", "02-organiser-league.sql",
            "03-promise-turnout.sql", "04-year-round-contact.sql", "05-ward-one-big-issue.sql", "06-mutual-aid.sql",
            "07-helpers-not-members.sql", "08-data-quality-last-run.sql");
    private Path warehouse;

    @BeforeAll
    void buildTheWarehouse() {
        warehouse = HandwrittenWarehouse.path();
    }

    /** Runs a notebook with the sql verb, JSON out: one array of rows per statement. */
    private List<JsonNode> run(String notebook) throws Exception {
        Path file = Fixtures.repoRoot().resolve("notebooks-sql").resolve(notebook);
        Cli.Outcome o = Cli.run("sql", "--warehouse", warehouse.toString(), "--file", file.toString(), "--format", "json");
        assertEquals(0, o.exitCode(), notebook + ":\n" + o.all());
        List<JsonNode> results = new ArrayList<>();
        for (String line : o.out().split("\n")) {
            if (!line.isBlank()) {
                results.add(JSON.readTree(line));
            }
        }
        return results;
    }

    private static double d(JsonNode row, String column) {
        assertTrue(row.has(column), "no column " + column + " in " + row);
        return row.get(column).asDouble();
    }

    private static String s(JsonNode row, String column) {
        assertTrue(row.has(column), "no column " + column + " in " + row);
        return row.get(column).isNull() ? null : row.get(column).asText();
    }

    @Test
    void everyNotebookIsTested() throws Exception {
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(Fixtures.repoRoot().resolve("notebooks-sql"))) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).forEach(files::add);
        }
        assertEquals(new TreeSet<>(TESTED), files);
        for (String f : files) {
            String text = Files.readString(Fixtures.repoRoot().resolve("notebooks-sql").resolve(f));
            assertTrue(text.startsWith("-- "), f + " starts with its question");
            assertTrue(text.contains("Question:") && text.contains("Reading the answer"), f + " states its question and how to read it");
        }
    }

    @Test
    void pilotScorecard() throws Exception {
        List<JsonNode> results = run("01-pilot-scorecard.sql");
        assertEquals(1, results.size());
        JsonNode rows = results.get(0);
        assertEquals(1, rows.size(), "one pilot seat: " + rows);
        JsonNode r = rows.get(0);
        assertEquals("2024-07-01", s(r, "month"));
        assertEquals("E14000657", s(r, "seat_code"));
        // July: nobody recruited or trained, against 10 and 4.
        assertEquals(0, d(r, "recruited"));
        assertEquals(10, d(r, "target_recruits"));
        assertEquals(0, d(r, "trained"));
        assertEquals(4, d(r, "target_trained"));
        // Pilot months in the warehouse: Apr..Jul = 4. Recruited V4 (April) = 1 of 4 x 10 = 40;
        // trained V1 (May) = 1 of 4 x 4 = 16.
        assertEquals(4, d(r, "pilot_months_in_data"));
        assertEquals(1, d(r, "recruited_pilot_to_date"));
        assertEquals(40, d(r, "target_recruits_pilot_to_date"));
        assertEquals(1.0 / 40, d(r, "recruited_vs_target_pilot_to_date"), 1e-12);
        assertEquals(1.0 / 16, d(r, "trained_vs_target_pilot_to_date"), 1e-12);
        // Pool at the end of July: V1, V2, V4 = 3; trained to date V1 = 1; active over May-July: V1 and V2 (V3 is 720's).
        assertEquals(3, d(r, "helper_pool"));
        assertEquals(1, d(r, "trained_to_date"));
        assertEquals(2.0 / 3, d(r, "activation_rate"), 1e-12);
    }

    @Test
    void organiserLeague() throws Exception {
        JsonNode rows = run("02-organiser-league.sql").get(0);
        assertEquals(1, rows.size(), rows.toString());
        JsonNode r = rows.get(0);
        assertEquals("ORG1", s(r, "organiser_id"));
        assertEquals(1, d(r, "rank_last_12_months"));
        // the window: the 12 months ending with the latest month, 2024-07 (the warehouse holds 2024-04 .. 2024-07)
        assertEquals("2023-08-01", s(r, "window_first_month"));
        assertEquals("2024-07-01", s(r, "window_last_month"));
        // ORG1 covers 657 in each of the 4 months: 4 seat-months, recruited 1 of 40, trained 1 of 16.
        assertEquals(1, d(r, "seats_covered_latest"));
        assertEquals(4, d(r, "seat_months_last_12_months"));
        assertEquals(1, d(r, "recruited_last_12_months"));
        assertEquals(0.025, d(r, "recruited_vs_target_last_12_months"), 1e-12);
        assertEquals(0.0625, d(r, "trained_vs_target_last_12_months"), 1e-12);
        assertEquals(0.25, d(r, "recruited_per_seat_month_last_12_months"), 1e-12);
    }

    /**
     * Notebook 02 sums a 12-month window; organiser_league (and the scorecard's league) the pilot to
     * date. One name, one definition: besides the ids, the notebook shares no column name with the
     * organiser tables.
     */
    @Test
    void theTwelveMonthLeagueSharesNoFigureNameWithTheOrganiserTables() throws Exception {
        Cli.Outcome o = Cli.run("sql", "--warehouse", warehouse.toString(), "--format", "json",
                "SELECT DISTINCT column_name FROM duckdb_columns() WHERE table_name IN ('organiser_league', 'organiser_month')");
        assertEquals(0, o.exitCode(), o.all());
        Set<String> tableColumns = new TreeSet<>();
        JSON.readTree(o.out().trim()).forEach(c -> tableColumns.add(c.get("column_name").asText()));
        assertTrue(tableColumns.containsAll(List.of("recruited", "seat_months", "rank", "recruits_vs_target")), tableColumns.toString());
        Set<String> shared = new TreeSet<>();
        run("02-organiser-league.sql").get(0).get(0).fieldNames().forEachRemaining(shared::add);
        shared.retainAll(tableColumns);
        assertEquals(Set.of("organiser_id", "region"), shared);
    }

    @Test
    void promiseTurnout() throws Exception {
        JsonNode rows = run("03-promise-turnout.sql").get(0);
        // GE2024 is the latest election with a marked register; results exist for 657 only.
        assertEquals(1, rows.size(), rows.toString());
        JsonNode r = rows.get(0);
        assertEquals("GE2024", s(r, "election_id"));
        assertEquals("E14000657", s(r, "area_code"));
        // Promise: EL1 said LAB on 2024-05-04 and voted: 1 of 1. Register on polling day in 657:
        // EL1, EL2 (EL3 left 2024-03-31), both marked: 2 / 2. Lift 0. Coverage 1 / 16571.
        assertEquals(1, d(r, "promises"));
        assertEquals(1, d(r, "promises_voted"));
        assertEquals(1.0, d(r, "promise_turnout"), 1e-12);
        assertEquals(1.0, d(r, "register_turnout"), 1e-12);
        assertEquals(0.0, d(r, "promise_turnout_lift"), 1e-12);
        assertEquals(16571, d(r, "own_votes"));
        assertEquals(1.0 / 16571, d(r, "promise_coverage"), 1e-12);
        assertEquals("LAB", s(r, "winner_party"));
    }

    @Test
    void yearRoundContact() throws Exception {
        List<JsonNode> results = run("04-year-round-contact.sql");
        assertEquals(2, results.size());
        JsonNode seats = results.get(0);
        assertEquals(1, seats.size(), seats.toString());
        // 657's only stated contact before GE2024 is C1 on 2024-05-04, 61 days out: all year-round.
        assertEquals("E14000657", s(seats.get(0), "seat_code"));
        assertEquals(1.0, d(seats.get(0), "year_round_share"), 1e-12);
        assertEquals(16571.0 / (16571 + 9398), d(seats.get(0), "own_share"), 1e-12);
        JsonNode months = results.get(1);
        // Whole months before July 2024 held by the warehouse: April, May, June; contacts 0, 1 (C1; C2 not home), 0.
        assertEquals(3, months.size(), months.toString());
        assertEquals("2024-05-01", s(months.get(1), "month"));
        assertEquals(2, d(months.get(1), "months_before_polling"));
        assertEquals(List.of(0.0, 1.0, 0.0), List.of(d(months.get(0), "contacts"), d(months.get(1), "contacts"), d(months.get(2), "contacts")));
        assertEquals(1.0, d(months.get(1), "conversation_rate"), 1e-12);
    }

    @Test
    void wardOneBigIssue() throws Exception {
        JsonNode rows = run("05-ward-one-big-issue.sql").get(0);
        // Q2 2024 to the end of June (the latest month with issues; July has none): C1 raised HOUSING
        // in Alibon (E05000026), C3 POTHOLES in Aldborough (E05000500).
        assertEquals(2, rows.size(), rows.toString());
        assertEquals("2024-04-01", s(rows.get(0), "quarter"));
        assertEquals("2024-06-01", s(rows.get(0), "counted_to_month"));
        assertEquals(List.of("E05000026", "Alibon", "HOUSING"), List.of(s(rows.get(0), "ward_code"), s(rows.get(0), "ward_name"), s(rows.get(0), "big_issue")));
        assertEquals(List.of("E05000500", "Aldborough", "POTHOLES"), List.of(s(rows.get(1), "ward_code"), s(rows.get(1), "ward_name"), s(rows.get(1), "big_issue")));
        assertEquals(1.0, d(rows.get(0), "share"), 1e-12);
        assertEquals(1, d(rows.get(1), "issue_contacts_in_ward"));
    }

    @Test
    void mutualAid() throws Exception {
        List<JsonNode> results = run("06-mutual-aid.sql");
        assertEquals(2, results.size());
        JsonNode flows = results.get(0);
        // 2024 to the end of July (the run's last month): V3 (home 720) worked 1 hour in 657 in May;
        // 720 gave 657 £250 of printing.
        assertEquals(1, flows.size(), flows.toString());
        JsonNode f = flows.get(0);
        assertEquals("2024-07-01", s(f, "year_to_month"));
        assertEquals(List.of("E14000720", "Ilford North", "E14000657"), List.of(s(f, "giver_seat"), s(f, "giver_seat_name"), s(f, "receiver_seat")));
        assertEquals(1.0, d(f, "hours_year_to_date"), 1e-12);
        assertEquals(1, d(f, "volunteers_year_to_date"));
        assertEquals(250.0, d(f, "value_gbp_year_to_date"), 1e-9);
        JsonNode pairs = results.get(1);
        assertEquals(1, pairs.size(), pairs.toString());
        JsonNode p = pairs.get(0);
        // seat_a = 657 < seat_b = 720: a->b 0 hours, b->a 1 hour; reciprocity 0/1 = 0; one way needs 100 hours.
        assertEquals("E14000657", s(p, "seat_a"));
        assertEquals(0.0, d(p, "hours_a_to_b_year_to_date"), 1e-12);
        assertEquals(-1.0, d(p, "net_hours_to_b"), 1e-12);
        assertEquals(0.0, d(p, "reciprocity"), 1e-12);
        assertEquals("false", s(p, "one_way"));
    }

    @Test
    void helpersNotMembersOrOffTheRegister() throws Exception {
        List<JsonNode> results = run("07-helpers-not-members.sql");
        assertEquals(2, results.size());
        JsonNode seats = results.get(0);
        assertEquals(3, seats.size(), seats.toString());
        // Ordered by non_member_share: 720 (V3, not a member: 1/1), 657 (V2 of V1, V2, V4: 1/3), Ynys Môn (no pool: null).
        assertEquals(List.of("E14000720", "E14000657", "W07000041"),
                List.of(s(seats.get(0), "seat_code"), s(seats.get(1), "seat_code"), s(seats.get(2), "seat_code")));
        assertEquals(1.0, d(seats.get(0), "non_member_share"), 1e-12);
        assertEquals(1.0 / 3, d(seats.get(1), "non_member_share"), 1e-12);
        assertEquals(1, d(seats.get(1), "non_members"));
        // 657: V2 has no elector link (V1 -> EL1 by id, V4 -> EL3 by name and postcode): 1/3 off the register.
        assertEquals(1.0 / 3, d(seats.get(1), "off_register_share"), 1e-12);
        assertEquals(null, s(seats.get(2), "non_member_share"));
        JsonNode rules = results.get(1);
        assertEquals(List.of("id", "email", "phone", "name_postcode"),
                List.of(s(rules.get(0), "rule"), s(rules.get(1), "rule"), s(rules.get(2), "rule"), s(rules.get(3), "rule")));
        // 4 volunteers; not members: V2, V3; off the register: V2.
        assertEquals(4, d(rules.get(0), "volunteers"));
        assertEquals(2, d(rules.get(0), "volunteers_not_member"));
        assertEquals(1, d(rules.get(0), "volunteers_off_register"));
    }

    @Test
    void dataQualityOfTheLastRun() throws Exception {
        List<JsonNode> results = run("08-data-quality-last-run.sql");
        assertEquals(2, results.size());
        JsonNode runs = results.get(0);
        assertEquals(1, runs.size());
        assertEquals("success", s(runs.get(0), "outcome"));
        assertEquals("2024-04-01", s(runs.get(0), "from_month"));
        JsonNode sources = results.get(1);
        assertEquals(Source.values().length, sources.size(), "one row per landing source");
        JsonNode contacts = null;
        for (JsonNode r : sources) {
            assertEquals(s(runs.get(0), "run_id"), s(r, "run_id"));
            if ("contacts".equals(s(r, "source"))) {
                contacts = r;
            }
        }
        // contacts/2024-05.csv: 4 rows, C3 twice: 3 loaded, 1 duplicate, none quarantined.
        assertEquals(4, d(contacts, "rows_read"));
        assertEquals(3, d(contacts, "rows_loaded"));
        assertEquals(1, d(contacts, "duplicates"));
        assertEquals(0.0, d(contacts, "quarantine_share"), 1e-12);
        assertEquals("read", s(contacts, "status"));
        assertTrue(contacts.has("warnings"), "the warnings column is in the notebook's result: " + contacts);
    }

    /**
     * A rerun on unchanged landing files reuses every reference and snapshot source: the last run's
     * data quality still lists every source, the reused ones as reused with the rows they keep.
     */
    @Test
    void dataQualityOfARerunListsEverySourceReusedOnesWithTheirRows() throws Exception {
        Path copy = HandwrittenWarehouse.copy();
        Path original = warehouse;
        try {
            Cli.Outcome o = Cli.run("run", "--landing", Fixtures.handwrittenLanding().toString(), "--warehouse", copy.toString(),
                    "--from", HandwrittenWarehouse.FROM, "--to", HandwrittenWarehouse.TO, "--as-of", "2026-11-01", "--demo");
            assertEquals(0, o.exitCode(), o.all());
            warehouse = copy;
            List<JsonNode> results = run("08-data-quality-last-run.sql");
            JsonNode sources = results.get(1);
            assertEquals(Source.values().length, sources.size(), "one row per landing source, reused ones too: " + sources);
            Map<String, JsonNode> bySource = new java.util.HashMap<>();
            sources.forEach(r -> bySource.put(s(r, "source"), r));
            // seats/seats.csv: 3 seats (657, 720, Ynys Môn), unchanged: reused, its 3 published rows kept.
            JsonNode seats = bySource.get("seats");
            assertEquals("reused, unchanged", s(seats, "status"));
            assertEquals(3, d(seats, "rows_kept"));
            assertEquals(0, d(seats, "rows_read"));
            // volunteers/volunteers.csv: V1..V4, reused.
            assertEquals("reused, unchanged", s(bySource.get("volunteers"), "status"));
            assertEquals(4, d(bySource.get("volunteers"), "rows_kept"));
            // facts are read again for the run's months: contacts as in the first run, nothing kept.
            assertEquals("read", s(bySource.get("contacts"), "status"));
            assertEquals(4, d(bySource.get("contacts"), "rows_read"));
            assertEquals(0, d(bySource.get("contacts"), "rows_kept"));
        } finally {
            warehouse = original;
            HandwrittenWarehouse.delete(copy);
        }
    }
}
