package org.organisermetrics.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;

/**
 * The CRM test exports in a landing zone of their own ({@code exports/} as the tools wrote them, two
 * seats, three wards, the polling-district lookup): {@code validate} recognises each file as its
 * format and takes the rows through every contract rule, and each source's rows read, loaded and
 * quarantined are the ones worked out by hand in {@link CrmFormatsTest}.
 */
class CrmExportsRunTest {

    @Test
    void theCrmExportsLoadThroughTheContract(@TempDir Path tmp) throws IOException {
        Path landing = tmp.resolve("landing");
        write(landing.resolve("seats/seats.csv"), "seat_code,seat_name,region\nE14001001,Northside,London\nE14001002,Southside,London\n");
        write(landing.resolve("wards/wards.csv"), "ward_code,ward_name,seat_code\nW01,North A,E14001001\nW02,North B,E14001001\nW03,South C,E14001002\n");
        Files.createDirectories(landing.resolve("lookups"));
        Files.copy(Fixtures.resource("crm-lookups/polling_districts.csv"), landing.resolve("lookups/polling_districts.csv"));
        for (String f : List.of("van/contact-history-2026-10.txt", "van/event-signups.csv", "van/activist-codes.csv",
                "nationbuilder/nationbuilder-people-export.csv", "nationbuilder/nationbuilder-event-rsvps.csv",
                "action_network/action-network-volunteers.csv", "action_network/attendances.csv")) {
            Path to = landing.resolve("exports").resolve(f);
            Files.createDirectories(to.getParent());
            Files.copy(Fixtures.resource("exports/" + f), to);
        }
        Cli.Outcome outcome = Cli.run("validate", "--landing", landing.toString(), "--as-of", "2026-11-01", "--demo");
        // Rows are quarantined (by design of the test files): exit 3, nothing written.
        assertEquals(3, outcome.exitCode(), outcome.all());
        for (String format : List.of("van_contacts", "van_event_signups", "van_volunteers", "nationbuilder_people",
                "nationbuilder_rsvps", "action_network_people", "action_network_attendances")) {
            assertTrue(outcome.all().contains(": " + format + " ("), () -> format + " not recognised: " + outcome.all());
        }

        // source, rows read, loaded, duplicate, outside the period, quarantined (the files column left out).
        Pattern line = Pattern.compile("(?m)^(\\w+)\\s+[\\d,]+\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s*$");
        Map<String, String> counts = new TreeMap<>();
        Matcher m = line.matcher(outcome.all());
        while (m.find()) {
            if (List.of("contacts", "event_signups", "volunteers", "members").contains(m.group(1))) {
                counts.put(m.group(1), m.group(2) + " read, " + m.group(3) + " loaded, " + m.group(6) + " quarantined");
            }
        }
        // contacts: VAN 7 rows (Alliance unknown_code, ZZ9 unknown_polling_district), NationBuilder 4 support
        // levels (ZZ9). event_signups: VAN 6 sign-ups (Standby unknown_code; Invited is none), NationBuilder 4,
        // Action Network 3 (needs action unknown_code). volunteers: VAN 2, NationBuilder 2, Action Network 2.
        // members: NationBuilder 2.
        assertEquals(Map.of(
                "contacts", "11 read, 8 loaded, 3 quarantined",
                "event_signups", "13 read, 11 loaded, 2 quarantined",
                "volunteers", "6 read, 6 loaded, 0 quarantined",
                "members", "2 read, 2 loaded, 0 quarantined"), counts, outcome.all());
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
