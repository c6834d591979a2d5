package org.organisermetrics.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.Source;
import org.organisermetrics.testing.SharedSpark;
import org.organisermetrics.testing.Fixtures;

/**
 * The CRM test exports in a landing zone of their own ({@code exports/} as the tools wrote them, two
 * seats, three wards, the polling-district lookup) through the whole ingest: each file is recognised
 * as its format, the rows go through every contract rule, and each source's rows read, loaded and
 * quarantined (with file, line and reason) are the ones worked out by hand in {@link org.organisermetrics.formats.CrmFormatsTest}.
 */
class CrmExportsIngestTest {
    private static final IngestJob.Settings SETTINGS = new IngestJob.Settings(java.time.LocalDate.of(2026, 11, 1),
            java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2026, 10, 1),
            new org.organisermetrics.privacy.Pseudonymiser(new byte[32]));

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
        var spark = SharedSpark.session();
        Landing zone = Landing.open(landing.toString(), spark.sparkContext().hadoopConfiguration());
        for (String format : List.of("van_contacts", "van_event_signups", "van_volunteers", "nationbuilder_people",
                "nationbuilder_rsvps", "action_network_people", "action_network_attendances")) {
            assertTrue(zone.exportsRecognised().stream().anyMatch(e -> e.contains(": " + format + " (")),
                    () -> format + " not recognised: " + zone.exportsRecognised());
        }
        IngestJob.Result result = IngestJob.run(spark, zone, SETTINGS, Set.of(), null, tmp.resolve("out").toUri().toString(),
                IngestJob.Progress.NONE);

        // contacts: VAN 7 rows (Alliance unknown_code, ZZ9 unknown_polling_district), NationBuilder 4 support
        // levels (ZZ9). event_signups: VAN 6 sign-ups (Standby unknown_code; Invited is none), NationBuilder 4,
        // Action Network 3 (needs action unknown_code). volunteers: VAN 2, NationBuilder 2, Action Network 2.
        // members: NationBuilder 2.
        Map<String, String> counts = new TreeMap<>();
        for (Source s : List.of(Source.CONTACTS, Source.EVENT_SIGNUPS, Source.VOLUNTEERS, Source.MEMBERS)) {
            var c = result.counts().get(s);
            counts.put(s.folder(), c.rowsRead() + " read, " + c.rowsLoaded() + " loaded, " + c.rowsQuarantined() + " quarantined");
        }
        assertEquals(Map.of(
                "contacts", "11 read, 8 loaded, 3 quarantined",
                "event_signups", "13 read, 11 loaded, 2 quarantined",
                "volunteers", "6 read, 6 loaded, 0 quarantined",
                "members", "2 read, 2 loaded, 0 quarantined"), counts);

        // Each quarantined row names its file, line and reason.
        List<String> quarantined = new ArrayList<>();
        for (Source s : List.of(Source.CONTACTS, Source.EVENT_SIGNUPS)) {
            result.rows().get(s).filter(col(SourceIngest.STATUS).equalTo(SourceIngest.QUARANTINED))
                    .select(ParsedRows.FILE, ParsedRows.LINE, ParsedRows.REASON).collectAsList()
                    .forEach(r -> quarantined.add(r.getString(0) + ":" + r.getLong(1) + " " + r.getString(2)));
        }
        assertEquals(new TreeSet<>(List.of(
                "exports/van/contact-history-2026-10.txt:6 unknown_code",
                "exports/van/contact-history-2026-10.txt:7 unknown_polling_district",
                "exports/nationbuilder/nationbuilder-people-export.csv:6 unknown_polling_district",
                "exports/van/event-signups.csv:8 unknown_code",
                "exports/action_network/attendances.csv:4 unknown_code")), new TreeSet<>(quarantined));

        // Promises: Ann at the door (VAN, Labour) and Ann's NationBuilder support level 1. Conversations: VAN
        // 900101, 900103, 900107 (Canvassed) and the three NationBuilder support levels.
        var contacts = result.rows().get(Source.CONTACTS).filter(col(SourceIngest.STATUS).equalTo(SourceIngest.LOADED));
        assertEquals(2, contacts.filter(col("intention").equalTo("LAB")).count());
        assertEquals(6, contacts.filter(col("conversation")).count());
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
