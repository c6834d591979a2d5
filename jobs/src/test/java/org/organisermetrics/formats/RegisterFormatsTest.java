package org.organisermetrics.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;

/** Council registers and the keyed marked register, written as their software writes them, to contract rows. */
class RegisterFormatsTest {
    private static final Formats FORMATS = Formats.builtIn();

    static Lookups lookups() {
        String csv = "polling_district,ward_code,seat_code,council\n"
                + "AA,E05000001,E14000001,E07000001\n"
                + "AB,E05000002,E14000001,E07000001\n"
                + "BA,E05000003,E14000002,E07000002\n";
        return Lookups.read("lookups/polling_districts.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    static Formats.Conversion convert(String name, String text) {
        return FORMATS.convert(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), lookups());
    }

    @Test
    void xpress_14_fields_tab_separated_keys_by_council_district_number_and_a_suffix_only_when_not_zero() {
        String file = "Elector Number Prefix\tElector Number\tElector Number Suffix\tElector Markers\tElector DOB\tElector Surname"
                + "\tElector Forename\tPostCode\tAddress1\tAddress2\tAddress3\tAddress4\tAddress5\tAddress6\r\n"
                + "AA\t12\t0\t\t\tSMITH\tJane Anne\tZZ1 1AA\t1 High Street\tTown\t\t\t\t\r\n"
                + "AA\t0013\t1\tG\t\tNOWAK\tPiotr\tZZ1 1AB\t2 High Street\t\t\t\t\t\r\n"
                + "ZZ\t1\t0\t\t\tJONES\tBob\tZZ9 9ZZ\t3 Low Road\t\t\t\t\t\r\n";
        Formats.Conversion c = convert("exports/register/xpress.tsv", file);
        assertEquals("xpress_register", c.detection().format().name());
        List<Formats.Mapped> rows = c.rows(Source.ELECTORS);
        assertEquals(3, rows.size());
        Formats.Mapped smith = rows.get(0);
        assertEquals(2, smith.line());
        assertEquals("E07000001-AA-12", smith.value("elector_id"), "suffix 0 is not shown");
        assertEquals("E14000001", smith.value("seat_code"));
        assertEquals("E05000001", smith.value("ward_code"));
        assertEquals("Jane Anne", smith.value("first_name"));
        assertEquals("SMITH", smith.value("last_name"));
        assertEquals("1 High Street, Town", smith.value("address"));
        assertNull(smith.value("franchise"));
        Formats.Mapped nowak = rows.get(1);
        assertEquals("E07000001-AA-13/1", nowak.value("elector_id"), "leading zeros dropped, suffix 1 shown");
        assertEquals("G", nowak.value("franchise"));
        Formats.Mapped unknown = rows.get(2);
        assertEquals(Reason.UNKNOWN_POLLING_DISTRICT, unknown.reason());
        assertTrue(unknown.detail().contains("'ZZ'"), unknown.detail());
    }

    @Test
    void xpress_13_fields_split_the_one_name_surname_first() {
        String file = "Elector Number Prefix\tElector Number\tElector Number Suffix\tElector Markers\tElector DOB\tElector Name"
                + "\tPostCode\tAddress1\tAddress2\tAddress3\tAddress4\tAddress5\tAddress6\n"
                + "AB\t7\t0\tL\t\tGREY Earl Charles\tZZ1 2AA\tThe Hall\t\t\t\t\t\n";
        Formats.Conversion c = convert("exports/xp13.txt", file);
        assertEquals("xpress_register_13", c.detection().format().name());
        Formats.Mapped r = c.rows(Source.ELECTORS).get(0);
        assertEquals("GREY", r.value("last_name"));
        assertEquals("Earl Charles", r.value("first_name"));
        assertEquals("E07000001-AB-7", r.value("elector_id"));
        assertEquals("L", r.value("franchise"));
    }

    @Test
    void halarose_update_with_its_preamble_sets_registered_on_and_left_on_from_the_month_it_names() {
        String file = "Ref: ER/UPD/10\n"
                + "Monthly Additions and Deletions for October 2026\n"
                + "\"PD\",\"ENO\",\"Status\",\"Title\",\"First Name\",\"Initials\",\"Surname\",\"Suffix\",\"Date Of Attainment\","
                + "\"Franchise Flag\",\"Address 1\",\"Address 2\",\"Address 3\",\"Address 4\",\"Address 5\",\"Address 6\",\"Address 7\","
                + "\"Address 8\",\"Address 9\",\"Post Code\",\"Register Code\",\"Clerical Error\",\"Opt Out Flag\"\n"
                + "\"BA\",\"101\",\"A\",\"Ms\",\"Ada\",\"\",\"Lovelace\",\"\",\"\",\"\",\"4 New Road\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
                + "\"ZZ2 1AA\",\"\",\"\",\"Y\"\n"
                + "\"BA\",\"55\",\"D\",\"Mr\",\"Old\",\"\",\"Timer\",\"\",\"\",\"\",\"5 New Road\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
                + "\"ZZ2 1AB\",\"\",\"\",\"\"\n";
        Formats.Conversion c = convert("exports/council2/updates.csv", file);
        assertEquals("halarose_register_update", c.detection().format().name());
        List<Formats.Mapped> rows = c.rows(Source.ELECTORS);
        assertEquals(4, rows.get(0).line(), "lines count from the top of the file, preamble included");
        assertEquals("E07000002-BA-101", rows.get(0).value("elector_id"));
        assertEquals("2026-10-01", rows.get(0).value("registered_on"));
        assertNull(rows.get(0).value("left_on"));
        assertEquals("2026-10-01", rows.get(1).value("left_on"));
        assertEquals("E14000002", rows.get(1).value("seat_code"));
    }

    @Test
    void halarose_by_district_rollno_carries_number_and_suffix() {
        String file = "PDCode\tRollNo\tElectorTitle\tElectorSurname\tElectorForename\tElectorMiddleName\tAttainersDOB\tFranchiseMarker"
                + "\tRegisteredAddress1\tRegisteredAddress2\tRegisteredAddress3\tRegisteredAddress4\tRegisteredAddress5"
                + "\tRegisteredAddress6\tPostCode\tEuro\tParl\tCounty\tWard\tSubHouse\tHouse\n"
                + "BA\t5.000\t\tPrzybylo\tMaciej\t\t\tG\t7 Arun Close\tBedford\t\t\t\t\tMK41 7AD\tEASTERN\tBEDFORD\t\tBRICKHILL\t\t\n"
                + "BA\t5.001\t\tPrzybylo\tAnna\t\t\tG\t7 Arun Close\tBedford\t\t\t\t\tMK41 7AD\tEASTERN\tBEDFORD\t\tBRICKHILL\t\t\n";
        Formats.Conversion c = convert("exports/pd.tsv", file);
        assertEquals("halarose_pd_register", c.detection().format().name());
        assertEquals("E07000002-BA-5", c.rows(Source.ELECTORS).get(0).value("elector_id"));
        assertEquals("E07000002-BA-5/1", c.rows(Source.ELECTORS).get(1).value("elector_id"));
    }

    @Test
    void the_marked_register_takes_its_election_from_its_folder_and_its_method_from_the_mark() {
        String file = "Polling District,Elector Number,Suffix,Mark\nAA,12,0,\nAA,13,1,A\nAB,7,,P\nQQ,1,,\n";
        Formats.Conversion c = convert("exports/marked_register/GE2024/keyed.csv", file);
        assertEquals("marked_register", c.detection().format().name());
        List<Formats.Mapped> rows = c.rows(Source.MARKED_REGISTER);
        assertEquals("GE2024", rows.get(0).value("election_id"));
        assertEquals("E07000001-AA-12", rows.get(0).value("elector_id"));
        assertEquals("IN_PERSON", rows.get(0).value("vote_method"));
        assertEquals("E07000001-AA-13/1", rows.get(1).value("elector_id"));
        assertEquals("POSTAL", rows.get(1).value("vote_method"));
        assertEquals("PROXY", rows.get(2).value("vote_method"));
        assertEquals(Reason.UNKNOWN_POLLING_DISTRICT, rows.get(3).reason());
    }

    @Test
    void a_file_in_no_format_names_its_header_and_the_closest_format() {
        Formats.Detection d = FORMATS.detect("exports/odd.csv", new ByteArrayInputStream(
                "Elector Number Prefix,Elector Number,Elector Surname\nAA,1,X\n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(d.recognised());
        assertTrue(d.describe().contains("[Elector Number Prefix, Elector Number, Elector Surname]"), d.describe());
        assertTrue(d.describe().contains("closest format is xpress_register"), d.describe());
        assertTrue(d.describe().contains("Elector Number Suffix"), d.describe());
    }

    @Test
    void a_windows_1252_register_is_read_as_windows_1252() {
        byte[] bytes = ("Elector Number Prefix\tElector Number\tElector Number Suffix\tElector Markers\tElector DOB\tElector Surname"
                + "\tElector Forename\tPostCode\tAddress1\nAA\t1\t0\t\t\tBront\u00eb\tZo\u00eb\tZZ1 1AA\tHigh St\n")
                .getBytes(DelimitedTable.WINDOWS_1252);
        Formats.Conversion c = FORMATS.convert("exports/r.tsv", new ByteArrayInputStream(bytes), lookups());
        assertEquals("Zo\u00eb", c.rows(Source.ELECTORS).get(0).value("first_name"));
    }
}
