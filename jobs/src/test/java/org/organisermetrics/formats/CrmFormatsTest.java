package org.organisermetrics.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;

/**
 * The built-in CRM formats (NGP VAN / Connect, NationBuilder, Action Network) on files written as
 * each tool writes them ({@code src/test/resources/exports/<tool>/}): each file is recognised as its
 * format, a near-miss header is not, and every row gives the contract values worked out by hand from
 * the file and the polling-district lookup ({@code crm-lookups/polling_districts.csv}: AA1 -> W01,
 * E14001001; AB2 -> W02, E14001001; BC1 -> W03, E14001002).
 */
class CrmFormatsTest {
    private static final Formats FORMATS = Formats.builtIn();
    private static final Lookups LOOKUPS = Lookups.read("lookups/polling_districts.csv", resource("crm-lookups/polling_districts.csv"));

    private static final String VAN_CONTACTS = "exports/van/contact-history-2026-10.txt";
    private static final String VAN_SIGNUPS = "exports/van/event-signups.csv";
    private static final String VAN_VOLUNTEERS = "exports/van/activist-codes.csv";
    private static final String NB_PEOPLE = "exports/nationbuilder/nationbuilder-people-export.csv";
    private static final String NB_RSVPS = "exports/nationbuilder/nationbuilder-event-rsvps.csv";
    private static final String AN_PEOPLE = "exports/action_network/action-network-volunteers.csv";
    private static final String AN_ATTENDANCES = "exports/action_network/attendances.csv";

    @Test
    void eachExportIsRecognisedAsItsFormat() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(VAN_CONTACTS, "van_contacts");
        expected.put(VAN_SIGNUPS, "van_event_signups");
        expected.put(VAN_VOLUNTEERS, "van_volunteers");
        expected.put(NB_PEOPLE, "nationbuilder_people");
        expected.put(NB_RSVPS, "nationbuilder_rsvps");
        expected.put(AN_PEOPLE, "action_network_people");
        expected.put(AN_ATTENDANCES, "action_network_attendances");
        expected.forEach((file, format) -> {
            Formats.Detection d = FORMATS.detect(file, resource(file));
            assertTrue(d.recognised(), d.describe());
            assertEquals(format, d.format().name(), file);
        });
    }

    @Test
    void aNearMissHeaderIsNotRecognisedAndNamesWhatItLacks() {
        // VAN's contact history with "Result" for ResultShortName.
        Formats.Detection van = FORMATS.detect("exports/van/x.txt",
                List.of("ContactsContactID", "VanID", "PrecinctName", "DateCanvassed", "ContactTypeName", "Result"));
        assertFalse(van.recognised());
        assertEquals("van_contacts", van.closest().name());
        assertEquals(List.of("ResultShortName"), van.missing());

        // A NationBuilder people export with "support" for support_level.
        Formats.Detection nb = FORMATS.detect("exports/nb/x.csv",
                List.of("nationbuilder_id", "first_name", "is_volunteer", "first_volunteer_at", "support", "precinct_code"));
        assertFalse(nb.recognised());
        assertEquals("nationbuilder_people", nb.closest().name());
        assertEquals(List.of("support_level"), nb.missing());

        // Another tool's list of people: Action Network's columns but no uuid.
        Formats.Detection an = FORMATS.detect("exports/an/x.csv",
                List.of("first_name", "last_name", "email", "zip_code", "can2_phone", "created_date"));
        assertFalse(an.recognised());
        assertEquals("action_network_people", an.closest().name());
        assertEquals(List.of("uuid"), an.missing());

        // Attendances with the API's bare names (person_id, event_id) are not Action Network's namespaced keys.
        Formats.Detection att = FORMATS.detect("exports/an/y.csv", List.of("identifiers", "created_date", "status", "person_id", "event_id"));
        assertFalse(att.recognised());
    }

    @Test
    void vanContactsMapResultsAndSurveyResponsesToIntentions() {
        List<Formats.Mapped> rows = convert(VAN_CONTACTS).rows(Source.CONTACTS);
        assertEquals(7, rows.size());
        assertRow(rows.get(0), 2, "contact_id", "van-900101", "elector_id", "LBX-AA1-12", "seat_code", "E14001001",
                "ward_code", "W01", "contact_date", "2026-10-05", "channel", "DOOR", "intention", "LAB", "conversation", "TRUE");
        assertRow(rows.get(1), 3, "contact_id", "van-900102", "seat_code", "E14001001", "ward_code", "W02",
                "contact_date", "2026-10-05", "channel", "DOOR", "intention", "NOT_HOME", "conversation", "FALSE");
        // 2026-10-01T00:30:00+01:00 is 2026-09-30 in UTC: the date as written is kept.
        assertRow(rows.get(2), 4, "contact_id", "van-900103", "elector_id", "LBX-BC1-3", "seat_code", "E14001002",
                "ward_code", "W03", "contact_date", "2026-10-01", "channel", "PHONE", "intention", "AGAINST", "conversation", "TRUE");
        assertRow(rows.get(3), 5, "contact_id", "van-900104", "elector_id", "LBX-AA1-40", "seat_code", "E14001001",
                "ward_code", "W01", "contact_date", "2026-10-12", "channel", "DOOR", "intention", "REFUSED", "conversation", "FALSE");
        assertRejected(rows.get(4), 6, Reason.UNKNOWN_CODE, "'Alliance'", "survey_response", "codes_for: van_contacts");
        assertRejected(rows.get(5), 7, Reason.UNKNOWN_POLLING_DISTRICT, "'ZZ9'");
        assertRow(rows.get(6), 8, "contact_id", "van-900107", "elector_id", "LBX-BC1-9", "seat_code", "E14001002",
                "ward_code", "W03", "contact_date", "2026-10-20", "channel", "TEXT", "intention", "WONT_VOTE", "conversation", "TRUE");
    }

    @Test
    void vanEventSignupsMapStatusesAndLeaveOutInvitations() {
        List<Formats.Mapped> rows = convert(VAN_SIGNUPS).rows(Source.EVENT_SIGNUPS);
        // Line 6 (Invited) is not a sign-up: no row.
        assertEquals(6, rows.size());
        assertRow(rows.get(0), 2, "event_id", "van-301", "person_id", "van-100201", "status", "ATTENDED", "signed_up_on", "2026-09-28");
        assertRow(rows.get(1), 3, "event_id", "van-301", "person_id", "van-100205", "status", "NO_SHOW", "signed_up_on", "2026-09-30");
        assertRow(rows.get(2), 4, "event_id", "van-302", "person_id", "van-100206", "status", "SIGNED_UP", "signed_up_on", "2026-10-02");
        assertRow(rows.get(3), 5, "event_id", "van-302", "person_id", "van-100207", "status", "CANCELLED", "signed_up_on", "2026-10-01");
        // 21:40 at -04:00 is 01:40 the next day in UTC: the date as written is kept.
        assertRow(rows.get(4), 7, "event_id", "van-302", "person_id", "van-100209", "status", "SIGNED_UP", "signed_up_on", "2026-10-03");
        assertRejected(rows.get(5), 8, Reason.UNKNOWN_CODE, "'Standby'", "event_status");
        assertTrue(convert(VAN_SIGNUPS).rows().stream().allMatch(r -> r.source() == Source.EVENT_SIGNUPS),
                "a sign-ups export has no attendee count: it feeds no events");
    }

    @Test
    void vanActivistCodesGiveVolunteersOnlyForVolunteerCodes() {
        List<Formats.Mapped> rows = convert(VAN_VOLUNTEERS).rows(Source.VOLUNTEERS);
        assertEquals(2, rows.size(), "the Donor row (line 4) is not a volunteer");
        assertRow(rows.get(0), 2, "volunteer_id", "van-100201", "elector_id", "LBX-AA1-12", "first_name", "Ann", "last_name", "Lee",
                "email", "ann@example.org", "phone", "07700 900001", "postcode", "N1 1AA", "seat_code", "E14001001",
                "ward_code", "W01", "recruited_on", "2026-03-14");
        // Not on the register: no elector.
        assertRow(rows.get(1), 3, "volunteer_id", "van-100210", "first_name", "Hal", "last_name", "Singh",
                "email", "hal@example.org", "postcode", "N2 2BB", "seat_code", "E14001001", "ward_code", "W02", "recruited_on", "2026-04-02");
    }

    @Test
    void nationBuilderPeopleFeedVolunteersMembersAndSupportLevels() {
        Formats.Conversion c = convert(NB_PEOPLE);
        List<Formats.Mapped> volunteers = c.rows(Source.VOLUNTEERS);
        assertEquals(2, volunteers.size());
        assertRow(volunteers.get(0), 2, "volunteer_id", "nb-501", "elector_id", "LBX-AA1-12", "first_name", "Ann", "last_name", "Lee",
                "email", "ann@example.org", "phone", "07700900001", "postcode", "N1 1AA", "seat_code", "E14001001",
                "ward_code", "W01", "recruited_on", "2026-03-14");
        // first_volunteer_at in Ruby's form, 2026-04-02 09:30:00 +0100.
        assertRow(volunteers.get(1), 4, "volunteer_id", "nb-503", "first_name", "Cy", "last_name", "Ng", "email", "cy@example.org",
                "phone", "07700900003", "postcode", "N3 3CC", "seat_code", "E14001002", "ward_code", "W03", "recruited_on", "2026-04-02");

        List<Formats.Mapped> members = c.rows(Source.MEMBERS);
        assertEquals(2, members.size());
        assertRow(members.get(0), 2, "member_id", "nb-501", "elector_id", "LBX-AA1-12", "first_name", "Ann", "last_name", "Lee",
                "email", "ann@example.org", "phone", "07700900001", "postcode", "N1 1AA", "seat_code", "E14001001", "joined_on", "2025-06-01");
        assertRow(members.get(1), 3, "member_id", "nb-502", "elector_id", "LBX-AB2-4", "first_name", "Bo", "last_name", "Kay",
                "email", "bo@example.org", "phone", "020 7946 0000", "postcode", "N1 2AB", "seat_code", "E14001001", "joined_on", "2024-02-10");

        // Lines 3 and 7 have a blank support level: no contact.
        List<Formats.Mapped> contacts = c.rows(Source.CONTACTS);
        assertEquals(4, contacts.size());
        assertRow(contacts.get(0), 2, "contact_id", "nb-501-2026-10-03T19:10:00+01:00", "elector_id", "LBX-AA1-12",
                "seat_code", "E14001001", "ward_code", "W01", "contact_date", "2026-10-03", "channel", "DOOR", "intention", "LAB",
                "conversation", "true");
        assertRow(contacts.get(1), 4, "contact_id", "nb-503-2026-10-10T11:00:00+01:00", "seat_code", "E14001002", "ward_code", "W03",
                "contact_date", "2026-10-10", "channel", "DOOR", "intention", "UNDECIDED", "conversation", "true");
        // 23:30 at -01:00 is 00:30 on 1 October in UTC: the date as written is kept.
        assertRow(contacts.get(2), 5, "contact_id", "nb-504-2026-09-30T23:30:00-01:00", "elector_id", "LBX-BC1-3",
                "seat_code", "E14001002", "ward_code", "W03", "contact_date", "2026-09-30", "channel", "DOOR", "intention", "AGAINST",
                "conversation", "true");
        assertRejected(contacts.get(3), 6, Reason.UNKNOWN_POLLING_DISTRICT, "'ZZ9'");
        assertTrue(c.rows().stream().noneMatch(r -> r.line() == 7), "a person who is no volunteer, member or contact feeds nothing");
    }

    @Test
    void nationBuilderRsvpsTakeAttendedThenCanceled() {
        List<Formats.Mapped> rows = convert(NB_RSVPS).rows(Source.EVENT_SIGNUPS);
        assertEquals(4, rows.size());
        assertRow(rows.get(0), 2, "event_id", "nb-41", "person_id", "nb-501", "status", "ATTENDED", "signed_up_on", "2026-10-01");
        // attended false, canceled false: signed up (NationBuilder cannot tell a no-show).
        assertRow(rows.get(1), 3, "event_id", "nb-41", "person_id", "nb-502", "status", "SIGNED_UP", "signed_up_on", "2026-10-02");
        assertRow(rows.get(2), 4, "event_id", "nb-41", "person_id", "nb-503", "status", "CANCELLED", "signed_up_on", "2026-10-02");
        assertRow(rows.get(3), 5, "event_id", "nb-42", "person_id", "nb-501", "status", "ATTENDED", "signed_up_on", "2026-10-05");
    }

    @Test
    void actionNetworkPeopleAreVolunteersAndAttendancesAreSignUps() {
        List<Formats.Mapped> people = convert(AN_PEOPLE).rows(Source.VOLUNTEERS);
        assertEquals(2, people.size());
        assertRow(people.get(0), 2, "volunteer_id", "an-5f0a1c2e-9b1d-4e6a-8c3b-1a2b3c4d5e01", "first_name", "Jo", "last_name", "Park",
                "email", "jo@example.org", "phone", "07700900011", "postcode", "N1 1AA", "seat_code", "E14001001", "ward_code", "W01",
                "recruited_on", "2026-03-01", "recruitment_source", "ONLINE");
        assertRow(people.get(1), 3, "volunteer_id", "an-5f0a1c2e-9b1d-4e6a-8c3b-1a2b3c4d5e02", "first_name", "Kim", "last_name", "Bell",
                "email", "kim@example.org", "postcode", "N3 3CC", "seat_code", "E14001002", "ward_code", "W03",
                "recruited_on", "2026-09-30", "recruitment_source", "ONLINE");

        List<Formats.Mapped> signups = convert(AN_ATTENDANCES).rows(Source.EVENT_SIGNUPS);
        assertEquals(3, signups.size());
        assertRow(signups.get(0), 2, "event_id", "an-e7c3a9b0-1111-4a2b-9c3d-000000000a01",
                "person_id", "an-5f0a1c2e-9b1d-4e6a-8c3b-1a2b3c4d5e01", "status", "SIGNED_UP", "signed_up_on", "2026-10-01");
        assertRow(signups.get(1), 3, "event_id", "an-e7c3a9b0-1111-4a2b-9c3d-000000000a01",
                "person_id", "an-5f0a1c2e-9b1d-4e6a-8c3b-1a2b3c4d5e02", "status", "SIGNED_UP", "signed_up_on", "2026-10-03");
        assertRejected(signups.get(2), 4, Reason.UNKNOWN_CODE, "'needs action'", "attendance_status");
    }

    @Test
    void aCodesForFileChangesABuiltInTableWithoutCopyingIt() {
        Formats withCodes = FORMATS.withUserFiles(Map.of("mappings/our-codes.yaml",
                "codes_for: van_contacts\ncodes:\n  survey_response:\n    Alliance: OTH\n    Strong Support: LD\n"));
        InputStream in = resource(VAN_CONTACTS);
        List<Formats.Mapped> rows = withCodes.convert(VAN_CONTACTS, in, LOOKUPS).rows(Source.CONTACTS);
        assertRow(rows.get(4), 6, "contact_id", "van-900105", "elector_id", "LBX-AB2-7", "seat_code", "E14001001", "ward_code", "W02",
                "contact_date", "2026-10-14", "channel", "DOOR", "intention", "OTH", "conversation", "TRUE");
        // An entry the file does not change keeps its built-in code.
        assertEquals("LAB", rows.get(0).value("intention"));
        // A rejected value of a changed table names the user's file.
        Formats.Conversion again = withCodes.convert("exports/van/y.txt", new ByteArrayInputStream(
                ("ContactsContactID\tVanID\tPrecinctName\tDateCanvassed\tContactTypeName\tResultShortName\tSurveyResponseName\r\n"
                        + "1\t2\tAA1\t10/5/2026 7:42:00 PM\tWalk\tCanvassed\tYes Cymru\r\n").getBytes(StandardCharsets.UTF_8)), LOOKUPS);
        assertRejected(again.rows().get(0), 2, Reason.UNKNOWN_CODE, "'Yes Cymru'", "mappings/our-codes.yaml");
    }

    @Test
    void theDateFormsEachToolWritesAllGiveTheDateAsWritten() {
        // VAN's header spelt with spaces, as its web exports title columns; 12- and 24-hour times,
        // a month-first date with leading zeros, .NET's seven-digit fractions with an offset.
        String van = "Contacts Contact ID\tVan ID\tPrecinct Name\tDate Canvassed\tContact Type Name\tResult Short Name\r\n"
                + "1\t2\tAA1\t10/5/2026 19:42\tWalk\tNot Home\r\n"
                + "2\t2\tAA1\t10/05/2026\tWalk\tNot Home\r\n"
                + "3\t2\tAA1\t2026-10-05T23:42:00.1234567-04:00\tWalk\tNot Home\r\n"
                + "4\t2\tAA1\t10/5/2026 11:59 pm\tWalk\tNot Home\r\n";
        assertEquals(List.of("2026-10-05", "2026-10-05", "2026-10-05", "2026-10-05"), dates(convertText("exports/van/a.txt", van),
                Source.CONTACTS, "contact_date"));

        // NationBuilder: Ruby's "UTC" and "+0000" forms, the API's ISO form.
        String nb = "nationbuilder_id,is_volunteer,first_volunteer_at,support_level,support_level_changed_at,precinct_code\n"
                + "1,true,2024-02-10 09:30:00 UTC,,,AA1\n"
                + "2,yes,2024-02-10 23:30:00 -0100,,,AA1\n"
                + "3,TRUE,2024-02-10T09:30:00.000+00:00,,,AA1\n";
        assertEquals(List.of("2024-02-10", "2024-02-10", "2024-02-10"), dates(convertText("exports/nb/a.csv", nb),
                Source.VOLUNTEERS, "recruited_on"));

        // An RSVP with attended and canceled left blank is a sign-up.
        String rsvp = "event_id,person_id,attended,canceled,created_at\n7,8,,,2026-10-01T12:00:00Z\n";
        assertRow(convertText("exports/nb/r.csv", rsvp).rows(Source.EVENT_SIGNUPS).get(0), 2,
                "event_id", "nb-7", "person_id", "nb-8", "status", "SIGNED_UP", "signed_up_on", "2026-10-01");
    }

    @Test
    void theSeatComesFromASeatColumnOrAnyPollingDistrictColumn() {
        // No ContactsContactID: the attempt is keyed by person and time. A "Polling District" column, or a seat column.
        String van = "VANID\tDate Canvassed\tContact Type Name\tResult Short Name\tPolling District\tSeat Code\tIssue\r\n"
                + "7\t10/5/2026 7:42:00 PM\tWalk\tNot Home\tBC1\t\t\r\n"
                + "7\t10/6/2026 7:42:00 PM\tWalk\tNot Home\t\tE14001002\tHousing\r\n";
        List<Formats.Mapped> rows = convertText("exports/van/b.txt", van).rows(Source.CONTACTS);
        assertRow(rows.get(0), 2, "contact_id", "van-7-10/5/2026 7:42:00 PM", "seat_code", "E14001002", "ward_code", "W03",
                "contact_date", "2026-10-05", "channel", "DOOR", "intention", "NOT_HOME", "conversation", "FALSE");
        assertRow(rows.get(1), 3, "contact_id", "van-7-10/6/2026 7:42:00 PM", "seat_code", "E14001002",
                "contact_date", "2026-10-06", "channel", "DOOR", "intention", "NOT_HOME", "conversation", "FALSE", "issue_code", "Housing");

        // NationBuilder without support_level_changed_at: the contact is dated when the person was last contacted.
        String nb = "nationbuilder_id,is_volunteer,support_level,last_contacted_at,precinct_name\n"
                + "9,false,2,2026-10-08T18:00:00+01:00,AB2\n";
        assertRow(convertText("exports/nb/b.csv", nb).rows(Source.CONTACTS).get(0), 2, "contact_id", "nb-9-",
                "seat_code", "E14001001", "ward_code", "W02", "contact_date", "2026-10-08", "channel", "DOOR", "intention", "LAB",
                "conversation", "true");
    }

    // ---- helpers ----

    private static Formats.Conversion convertText(String file, String text) {
        return FORMATS.convert(file, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), LOOKUPS);
    }

    private static List<String> dates(Formats.Conversion c, Source source, String column) {
        List<Formats.Mapped> rows = c.rows(source);
        rows.forEach(r -> assertNull(r.reason(), () -> "line " + r.line() + ": " + r.detail()));
        return rows.stream().map(r -> r.value(column)).toList();
    }

    private static Formats.Conversion convert(String file) {
        Formats.Conversion c = FORMATS.convert(file, resource(file), LOOKUPS);
        assertNotNull(c.detection().format(), file);
        return c;
    }

    /** A loaded row: its line, the columns given (pairs), and every other column of its source empty. */
    private static void assertRow(Formats.Mapped row, long line, String... pairs) {
        assertNull(row.reason(), () -> "line " + line + " was rejected: " + row.detail());
        assertEquals(line, row.line());
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            expected.put(pairs[i], pairs[i + 1]);
        }
        List<String> unknown = new ArrayList<>(expected.keySet());
        for (Column column : row.source().columns()) {
            unknown.remove(column.name());
            assertEquals(expected.get(column.name()), row.value(column.name()), "line " + line + ", " + column.name());
        }
        assertTrue(unknown.isEmpty(), "not columns of " + row.source().folder() + ": " + unknown);
    }

    private static void assertRejected(Formats.Mapped row, long line, Reason reason, String... inDetail) {
        assertEquals(line, row.line());
        assertEquals(reason, row.reason(), () -> "line " + line + ": " + row.values());
        for (String s : inDetail) {
            assertTrue(row.detail().contains(s), () -> "line " + line + ": '" + s + "' not in: " + row.detail());
        }
    }

    private static InputStream resource(String path) {
        InputStream in = CrmFormatsTest.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new UncheckedIOException(new IOException("test resource " + path + " is missing"));
        }
        return in;
    }
}
