package org.organisermetrics.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;
import org.organisermetrics.testing.SharedSpark;

/**
 * The whole run from exports as their tools write them (landing/exports-end-to-end): an Xpress
 * register (council E07000001, seat E14000001), a Halarose register with a March update (council
 * E07000002, seat E14000002), a keyed marked register of GE2024, a NationBuilder people export and a
 * VAN contact export; only seats, wards, elections and results are contract CSVs.
 * <pre>
 * Seat 1 (districts AA, AB)                 Seat 2 (district BA)
 *   AA-1 Jane   NB 101: LAB 05-10, volunteer 05-20, marked
 *   AA-2 John   VAN: LAB 06-20 (canvassed)
 *   AB-1 Charles  marker L (a peer: no vote at a general election), marked anyway
 *   AB-1/1 Mary NB 102: LAB 06-01, marked A (postal)
 *   AB-2 Pat    VAN: NOT_HOME 06-21
 *                                            BA-1 Alan  NB 103: AGAINST 06-02, member 04-01; VAN LAB 06-25 (phone); marked P
 *                                            BA-2 Ada   VAN LAB 07-10 (after polling day)
 *                                            BA-3       deleted in the March update (left 2024-03-01)
 *                                            BA-4       added in the March update; marked
 *                                            NB 104 Sam: volunteer 06-15, not on the register
 * </pre>
 * GE2024 (4 July 2024), by hand. Seat 1: registered AA-1 AA-2 AB-1/1 AB-2 = 4 (not the peer); voted AA-1
 * AB-1/1 = 2 (the peer's mark is not a vote): register_turnout 2/4. Promises (latest intention up to
 * polling day LAB): Jane, Mary, John = 3; Pat only not at home; voted Jane, Mary = 2: promise_turnout 2/3.
 * Seat 2: registered BA-1 BA-2 BA-4 = 3 (BA-3 left in March); voted BA-1 BA-4 = 2: 2/3. Promises: Alan
 * (AGAINST, then LAB on 06-25) = 1, voted 1; Ada's LAB came after polling day. Results: seat 1 LAB 3 CON 1
 * of 5, seat 2 LAB 2 CON 1 of 3.
 */
class ExportsEndToEndTest {
    private static final double EPS = 1e-12;
    private static final Map<String, Row> elections = new HashMap<>();
    private static final Map<String, Row> months = new HashMap<>();
    private static Cli.Outcome outcome;

    @BeforeAll
    static void run() throws Exception {
        Path warehouse = Files.createTempDirectory("exports-e2e").resolve("warehouse");
        outcome = Cli.run("run", "--landing", Fixtures.resource("landing/exports-end-to-end").toString(),
                "--warehouse", warehouse.toString(), "--from", "2024-04", "--to", "2024-07", "--as-of", "2026-11-01", "--demo");
        assertEquals(0, outcome.exitCode(), outcome.all());
        var spark = SharedSpark.session();
        spark.read().parquet(warehouse.resolve("metrics/seat_election").toString()).collectAsList()
                .forEach(r -> elections.put(r.<String>getAs("area_code"), r));
        spark.read().parquet(warehouse.resolve("metrics/seat_month").toString()).collectAsList()
                .forEach(r -> months.put(r.<String>getAs("seat_code") + " " + r.getAs("month").toString().substring(0, 7), r));
    }

    private static Row election(String seat) {
        Row r = elections.get(seat);
        assertNotNull(r, "no GE2024 row for " + seat + ": " + elections.keySet());
        return r;
    }

    private static Row month(String seat, String month) {
        Row r = months.get(seat + " " + month);
        assertNotNull(r, "no seat_month row " + seat + " " + month + ": " + months.keySet());
        return r;
    }

    private static long n(Row r, String column) {
        return ((Number) r.getAs(column)).longValue();
    }

    private static double d(Row r, String column) {
        return ((Number) r.getAs(column)).doubleValue();
    }

    @Test
    void theConsoleSaysWhatEachExportWasRecognisedAs() {
        assertTrue(outcome.out().contains("export: exports/nationbuilder/people.csv: nationbuilder_people (NationBuilder)"), outcome.out());
        assertTrue(outcome.out().contains("export: exports/van/contacts-2024.txt: van_contacts"), outcome.out());
        assertTrue(outcome.out().contains("export: exports/register/E07000001/register-2024-02.tsv: xpress_register"), outcome.out());
        assertTrue(outcome.out().contains("export: exports/marked_register/GE2024/keyed.csv: marked_register"), outcome.out());
    }

    @Test
    void seatElectionFromRegistersMarkedRegisterAndCrmContacts() {
        Row north = election("E14000001");
        assertEquals(2.0 / 4, d(north, "register_turnout"), EPS);
        assertEquals(3, n(north, "promises"));
        assertEquals(2, n(north, "promises_voted"));
        assertEquals(2.0 / 3, d(north, "promise_turnout"), EPS);
        assertEquals(4.0 / 5, d(north, "turnout"), EPS);
        assertEquals(3.0 / 4, d(north, "own_share"), EPS);
        Row south = election("E14000002");
        assertEquals(2.0 / 3, d(south, "register_turnout"), EPS);
        assertEquals(1, n(south, "promises"));
        assertEquals(1, n(south, "promises_voted"));
        assertEquals(1.0, d(south, "promise_turnout"), EPS);
    }

    @Test
    void seatMonthFromCrmVolunteersAndContacts() {
        // May, seat 1: Jane recruited (NationBuilder, first_volunteer_at 20 May); her support level set on 10 May
        // is one contact, a conversation, a promise.
        Row may = month("E14000001", "2024-05");
        assertEquals(1, n(may, "recruited"));
        assertEquals(1, n(may, "attempts"));
        assertEquals(1, n(may, "contacts"));
        assertEquals(1, n(may, "promises_identified"));
        assertEquals(0.0, d(may, "off_register_share"), EPS, "Jane's state_file_id is her register key");
        // June, seat 1: Mary (NationBuilder, LAB), John (VAN, LAB, canvassed), Pat (VAN, not home).
        Row june = month("E14000001", "2024-06");
        assertEquals(3, n(june, "attempts"));
        assertEquals(2, n(june, "contacts"));
        assertEquals(2, n(june, "conversations"));
        assertEquals(2, n(june, "promises_identified"));
        assertEquals(1, n(june, "helper_pool"));
        // June, seat 2: Sam recruited (not on the register); Alan AGAINST (NationBuilder) and LAB (VAN phone).
        Row south = month("E14000002", "2024-06");
        assertEquals(1, n(south, "recruited"));
        assertEquals(1.0, d(south, "off_register_share"), EPS);
        assertEquals(2, n(south, "attempts"));
        assertEquals(2, n(south, "contacts"));
        assertEquals(1, n(south, "promises_identified"));
        // July, seat 2: Ada's LAB on 10 July.
        assertEquals(1, n(month("E14000002", "2024-07"), "promises_identified"));
    }
}
