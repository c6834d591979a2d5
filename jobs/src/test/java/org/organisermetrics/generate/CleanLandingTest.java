package org.organisermetrics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.ColumnType;
import org.organisermetrics.contract.Source;

/** Without --bad-rows, every row of the sample passes every rule, and the layout is the contract's. */
class CleanLandingTest {
    final Path landing = SampleFixture.landing();

    @Test
    void no_row_would_be_quarantined_or_counted_as_a_duplicate() {
        assertEquals(Map.of(), ContractCheck.check(landing, SampleFixture.TODAY));
    }

    @Test
    void the_injected_rows_file_is_at_the_root_and_lists_nothing() throws IOException {
        List<String> lines = Files.readAllLines(landing.resolve(Generator.INJECTED_FILE));
        assertEquals(List.of("source,reason,rows"), lines);
    }

    @Test
    void every_source_has_rows_and_the_summary_counts_them() {
        for (Source s : Source.values()) {
            long rows = Landing.rows(landing, s).size();
            assertTrue(rows > 0, s.folder());
            assertEquals(rows, SampleFixture.summary().rowsPerSource().get(s.folder()), s.folder());
        }
    }

    @Test
    void no_date_in_any_file_is_after_today_or_before_1990() {
        for (Source s : Source.values()) {
            for (Landing.Row r : Landing.rows(landing, s)) {
                for (Column c : s.columns()) {
                    if (c.type() == ColumnType.DATE && r.get(c.name()) != null) {
                        LocalDate d = Landing.date(r.get(c.name()));
                        assertFalse(d.isAfter(SampleFixture.TODAY), s.folder() + " " + r);
                        assertFalse(d.isBefore(LocalDate.of(1990, 1, 1)), s.folder() + " " + r);
                    }
                }
            }
        }
    }

    @Test
    void fact_sources_come_as_monthly_drops_holding_only_their_month() {
        GeneratorSettings s = SampleFixture.settings();
        for (Source src : Facts.SOURCES) {
            List<Path> files = Landing.files(landing, src);
            assertEquals(36, files.size(), src.folder());
            for (Path f : files) {
                YearMonth month = YearMonth.parse(f.getFileName().toString().replace(".csv", ""));
                assertFalse(month.isBefore(s.from()) || month.isAfter(s.to()), f.toString());
                for (Landing.Row r : Landing.read(f)) {
                    assertEquals(month, YearMonth.from(Landing.date(r.get(src.dateColumn()))), f + " " + r);
                }
            }
        }
    }

    @Test
    void keys_are_unique_and_references_exist() {
        Set<String> seats = keys(Source.SEATS, "seat_code");
        Set<String> wards = keys(Source.WARDS, "ward_code");
        Set<String> volunteers = keys(Source.VOLUNTEERS, "volunteer_id");
        Set<String> electors = keys(Source.ELECTORS, "elector_id");
        keys(Source.MEMBERS, "member_id");
        keys(Source.CONTACTS, "contact_id");
        keys(Source.ACTIVITIES, "activity_id");
        keys(Source.EVENTS, "event_id");
        for (Landing.Row r : Landing.rows(landing, Source.WARDS)) {
            assertTrue(seats.contains(r.get("seat_code")));
            assertTrue(r.get("ward_code").matches("E05\\d{6}"), r.get("ward_code"));
        }
        for (Landing.Row r : Landing.rows(landing, Source.CONTACTS)) {
            assertTrue(r.get("elector_id") == null || electors.contains(r.get("elector_id")));
            assertTrue(r.get("canvasser_id") == null || volunteers.contains(r.get("canvasser_id")));
            assertTrue(r.get("ward_code") == null || wards.contains(r.get("ward_code")));
        }
        for (Landing.Row r : Landing.rows(landing, Source.MARKED_REGISTER)) {
            assertTrue(electors.contains(r.get("elector_id")));
        }
        for (Landing.Row r : Landing.rows(landing, Source.MEMBERS)) {
            assertTrue(r.get("elector_id") == null || electors.contains(r.get("elector_id")));
        }
        // Ward counts per seat: 10 to 20.
        Map<String, Integer> perSeat = new HashMap<>();
        Landing.rows(landing, Source.WARDS).forEach(r -> perSeat.merge(r.get("seat_code"), 1, Integer::sum));
        perSeat.values().forEach(n -> assertTrue(n >= 10 && n <= 20, "wards per seat " + n));
    }

    @Test
    void signups_name_generated_events_mostly_by_the_seats_volunteers_with_realistic_outcomes() {
        Map<String, LocalDate> eventDay = new HashMap<>();
        Map<String, String> eventSeat = new HashMap<>();
        for (Landing.Row r : Landing.rows(landing, Source.EVENTS)) {
            eventDay.put(r.get("event_id"), Landing.date(r.get("event_date")));
            eventSeat.put(r.get("event_id"), r.get("seat_code"));
        }
        Map<String, Landing.Row> volunteers = new HashMap<>();
        Landing.rows(landing, Source.VOLUNTEERS).forEach(v -> volunteers.put(v.get("volunteer_id"), v));
        Set<String> keys = new HashSet<>();
        Map<String, Integer> byStatus = new HashMap<>();
        int ofVolunteers = 0;
        List<Landing.Row> signups = Landing.rows(landing, Source.EVENT_SIGNUPS);
        for (Landing.Row r : signups) {
            String event = r.get("event_id");
            assertTrue(eventDay.containsKey(event), "a sign-up names an event that is not in events: " + r);
            assertTrue(keys.add(event + "|" + r.get("person_id")), "one sign-up per person and event: " + r);
            assertFalse(Landing.date(r.get("signed_up_on")).isAfter(eventDay.get(event)), "signed up after the event: " + r);
            byStatus.merge(Landing.upper(r.get("status")), 1, Integer::sum);
            Landing.Row v = volunteers.get(r.get("person_id"));
            if (v != null) {
                ofVolunteers++;
                assertEquals(eventSeat.get(event), v.get("seat_code"), "a volunteer signs up to their own seat's events: " + r);
                assertFalse(Landing.date(v.get("recruited_on")).isAfter(eventDay.get(event)), "recruited after the event: " + r);
            }
        }
        int n = signups.size();
        assertTrue(n > 200, "a few sign-ups per event: " + n);
        // about 70% attended, 20% no-show, 10% cancelled; about 7 in 10 from volunteers, the rest people who do not volunteer
        assertEquals(0.70, byStatus.get("ATTENDED") / (double) n, 0.06, byStatus.toString());
        assertEquals(0.20, byStatus.get("NO_SHOW") / (double) n, 0.05, byStatus.toString());
        assertEquals(0.10, byStatus.get("CANCELLED") / (double) n, 0.04, byStatus.toString());
        assertTrue(ofVolunteers > n / 2 && ofVolunteers < n, ofVolunteers + " of " + n + " from volunteers");
    }

    private Set<String> keys(Source s, String column) {
        Set<String> keys = new HashSet<>();
        for (Landing.Row r : Landing.rows(landing, s)) {
            assertTrue(keys.add(r.get(column)), s.folder() + " duplicate " + r.get(column));
        }
        return keys;
    }

    @Test
    void the_first_twelve_seats_are_four_in_each_of_three_regions() {
        Map<String, Integer> perRegion = new HashMap<>();
        Landing.rows(landing, Source.SEATS).forEach(r -> perRegion.merge(r.get("region"), 1, Integer::sum));
        assertEquals(Map.of("London", 4, "North West", 4, "Yorkshire and The Humber", 4), perRegion);
    }

    @Test
    void files_are_messy_but_within_the_contract() throws IOException {
        byte[] electors = Files.readAllBytes(landing.resolve("electors/part-0001.csv"));
        assertTrue((electors[0] & 0xFF) == 0xEF && (electors[1] & 0xFF) == 0xBB, "BOM");
        String text = new String(electors, StandardCharsets.UTF_8);
        assertTrue(text.contains("\r\n"), "CRLF");
        assertTrue(text.matches("(?s).*,\\d{2}/\\d{2}/\\d{4},.*"), "dd/MM/yyyy dates");
        assertTrue(text.contains("\"Flat 2\n"), "a quoted line break");
        assertTrue(text.matches("(?s).*\"\\d+ [A-Za-z' ]+, [A-Za-z-]+\".*"), "quoted commas");
        String volunteersHeader = Files.readAllLines(landing.resolve("volunteers/part-0001.csv")).get(0);
        assertFalse(volunteersHeader.startsWith("volunteer_id"), "columns not in contract order");
        // No column outside the contract: a clean landing zone (and the committed sample) draws no
        // "ignored unknown column" warning; the ingest's tests cover unknown columns.
        for (Source source : Source.values()) {
            Set<String> contract = new HashSet<>();
            source.columns().forEach(c -> contract.add(c.name()));
            try (var files = Files.list(landing.resolve(source.folder()))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                    String header = Files.readAllLines(f, StandardCharsets.UTF_8).get(0).replace("\uFEFF", "");
                    for (String name : header.split(",")) {
                        String n = name.strip().toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
                        assertTrue(contract.contains(n), f + ": column '" + name + "' is not in the contract");
                    }
                }
            }
        }
        String contacts = Files.readString(landing.resolve("contacts/2025-01.csv"));
        assertTrue(contacts.contains(",door,") || contacts.contains(",Door,"), "mixed-case codes");
        assertTrue(contacts.contains(",yes") || contacts.contains(",no"), "yes/no booleans");
        String seatsHeader = Files.readAllLines(landing.resolve("seats/seats.csv")).get(0);
        assertTrue(seatsHeader.startsWith(" Seat_Code "), "header case and spaces");
    }
}
