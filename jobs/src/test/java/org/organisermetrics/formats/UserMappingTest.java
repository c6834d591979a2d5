package org.organisermetrics.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.BadInputException;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;

/** A user's own format, as docs/formats.md documents it: the example there is read here, so the doc stays true. */
class UserMappingTest {

    /** The example mapping of docs/formats.md, between its markers. */
    static String documentedExample() throws java.io.IOException {
        String doc = Files.readString(Fixtures.repoRoot().resolve("docs/formats.md"));
        String block = doc.substring(doc.indexOf("<!-- example-mapping:start -->"), doc.indexOf("<!-- example-mapping:end -->"));
        return block.substring(block.indexOf("```yaml") + 7, block.lastIndexOf("```"));
    }

    private static final String EXPORT = "Voter Ref,Visit Date,Outcome,District,Notes\r\n"
            + "12,3 Oct 2026,Labour,AA,nice chat\r\n"
            + "13,04/10/2026,not in,AB,\r\n"
            + "14,5 Oct 2026,,AA,no answer recorded\r\n"
            + "15,5 Oct 2026,Moved away,AA,\r\n"
            + "16,5 Oct 2026,Green,QQ,\r\n";

    @Test
    void the_documented_example_maps_a_made_up_crm_export_row_by_row() throws Exception {
        Formats formats = Formats.builtIn().withUserFiles(Map.of("mappings/acme_canvass.yaml", documentedExample()));
        Formats.Conversion c = formats.convert("exports/acme/canvass.csv",
                new ByteArrayInputStream(EXPORT.getBytes(StandardCharsets.UTF_8)), RegisterFormatsTest.lookups());
        assertEquals("acme_canvass", c.detection().format().name());
        List<Formats.Mapped> rows = c.rows(Source.CONTACTS);
        assertEquals(4, rows.size(), "the row with no outcome is not a contact");
        Formats.Mapped first = rows.get(0);
        assertEquals(2, first.line());
        assertEquals("acme-12-3 Oct 2026", first.value("contact_id"));
        assertEquals("E07000001-AA-12", first.value("elector_id"), "keyed as the register keys it, council from the lookup");
        assertEquals("E14000001", first.value("seat_code"));
        assertEquals("E05000001", first.value("ward_code"));
        assertEquals("2026-10-03", first.value("contact_date"));
        assertEquals("DOOR", first.value("channel"));
        assertEquals("LAB", first.value("intention"));
        assertEquals("yes", first.value("conversation"));
        Formats.Mapped second = rows.get(1);
        assertEquals("2026-10-04", second.value("contact_date"), "the second date pattern");
        assertEquals("NOT_HOME", second.value("intention"), "codes match ignoring case");
        Formats.Mapped moved = rows.get(2);
        assertEquals(5, moved.line());
        assertEquals(Reason.UNKNOWN_CODE, moved.reason());
        assertTrue(moved.detail().contains("'Moved away'") && moved.detail().contains("mappings/acme_canvass.yaml"), moved.detail());
        assertEquals(Reason.UNKNOWN_POLLING_DISTRICT, rows.get(3).reason());
    }

    @Test
    void codes_for_changes_a_formats_code_table_and_the_message_names_that_file() throws Exception {
        String change = "codes_for: acme_canvass\ncodes:\n  outcome:\n    Moved away: ~\n    Labour: LD\n";
        Formats formats = Formats.builtIn().withUserFiles(Map.of("mappings/acme_canvass.yaml", documentedExample(),
                "mappings/zz_codes.yaml", change));
        Formats.Conversion c = formats.convert("exports/acme/canvass.csv",
                new ByteArrayInputStream(EXPORT.getBytes(StandardCharsets.UTF_8)), RegisterFormatsTest.lookups());
        List<Formats.Mapped> rows = c.rows(Source.CONTACTS);
        assertEquals("LD", rows.get(0).value("intention"));
        // "Moved away" now maps to no code: the required intention is empty and the contract quarantines it
        assertNull(rows.get(2).reason());
        assertNull(rows.get(2).value("intention"));
    }

    @Test
    void a_workbook_export_is_read_from_the_sheet_its_format_names_with_sheet_rows_as_lines() throws Exception {
        String mapping = documentedExample().replace("header: [Voter Ref", "sheet: Canvass\nheader: [Voter Ref");
        Formats formats = Formats.builtIn().withUserFiles(Map.of("mappings/acme_canvass.yaml", mapping));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook()) {
            wb.createSheet("Summary").createRow(0).createCell(0).setCellValue("Canvass totals");
            var sheet = wb.createSheet("Canvass");
            String[] header = {"Voter Ref", "Visit Date", "Outcome", "District"};
            var h = sheet.createRow(1); // a blank first row: the header is on sheet row 2
            for (int i = 0; i < header.length; i++) {
                h.createCell(i).setCellValue(header[i]);
            }
            var dateStyle = wb.createCellStyle();
            dateStyle.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
            var r = sheet.createRow(2);
            r.createCell(0).setCellValue(12);
            var d = r.createCell(1);
            d.setCellValue(46298); // Excel's serial for 2026-10-03
            d.setCellStyle(dateStyle);
            r.createCell(2).setCellValue("Labour");
            r.createCell(3).setCellValue("AA");
            wb.write(bytes);
        }
        Formats.Conversion c = formats.convert("exports/acme/canvass.xlsx", new ByteArrayInputStream(bytes.toByteArray()),
                RegisterFormatsTest.lookups());
        assertEquals("acme_canvass", c.detection().format().name());
        Formats.Mapped row = c.rows(Source.CONTACTS).get(0);
        assertEquals(3, row.line(), "the sheet's row number as Excel shows it");
        assertEquals("2026-10-03", row.value("contact_date"), "a date serial in a date-formatted cell");
        assertEquals("E07000001-AA-12", row.value("elector_id"), "a whole number without .0");
        assertEquals("LAB", row.value("intention"));
    }

    /** A day-first export read by a month-first format stops, naming the line, rather than swapping days and months. */
    @Test
    void a_day_first_file_in_a_month_first_format_stops_naming_the_line() {
        String van = "ContactsContactID\tVanID\tStateFileID\tPrecinctName\tDateCanvassed\tContactTypeName\tResultShortName\n"
                + "1\t11\t\tAA\t05/10/2026 7:00:00 PM\tWalk\tNot Home\n"
                + "2\t12\t\tAA\t13/10/2026 7:00:00 PM\tWalk\tNot Home\n";
        BadInputException e = assertThrows(BadInputException.class, () -> Formats.builtIn().convert("exports/van/c.txt",
                new ByteArrayInputStream(van.getBytes(StandardCharsets.UTF_8)), RegisterFormatsTest.lookups()));
        assertTrue(e.getMessage().startsWith("exports/van/c.txt:3: '13/10/2026 7:00:00 PM' is day first"), e.getMessage());
    }

    @Test
    void a_mapping_that_cannot_work_stops_with_the_file_and_the_place() {
        String bad = "format: bad_one\nheader: [A]\nsources:\n  contacts:\n    columns:\n      contact_id: A\n      seat: A\n";
        BadInputException e = assertThrows(BadInputException.class,
                () -> Formats.builtIn().withUserFiles(Map.of("mappings/bad.yaml", bad)));
        assertTrue(e.getMessage().contains("mappings/bad.yaml") && e.getMessage().contains("'seat' is not a column of contacts"),
                e.getMessage());
        String missing = "format: bad_two\nheader: [A]\nsources:\n  contacts:\n    columns:\n      contact_id: A\n";
        BadInputException e2 = assertThrows(BadInputException.class,
                () -> Formats.builtIn().withUserFiles(Map.of("mappings/bad2.yaml", missing)));
        assertTrue(e2.getMessage().contains("required column seat_code has no value"), e2.getMessage());
    }

    @Test
    void formats_detect_says_what_a_file_is_and_what_its_rows_become(@TempDir Path landing) throws Exception {
        Files.createDirectories(landing.resolve("mappings"));
        Files.createDirectories(landing.resolve("lookups"));
        Files.createDirectories(landing.resolve("exports/acme"));
        Files.writeString(landing.resolve("mappings/acme_canvass.yaml"), documentedExample());
        Files.writeString(landing.resolve("lookups/polling_districts.csv"),
                "polling_district,ward_code,seat_code,council\nAA,E05000001,E14000001,E07000001\nAB,E05000002,E14000001,E07000001\n");
        Path export = landing.resolve("exports/acme/canvass.csv");
        Files.writeString(export, EXPORT);
        Path odd = landing.resolve("exports/odd.csv");
        Files.writeString(odd, "Voter Ref,When\n1,2\n");
        Cli.Outcome o = Cli.run("formats", "detect", "--landing", landing.toString(), export.toString(), odd.toString());
        assertEquals(3, o.exitCode(), o.all());
        assertTrue(o.out().contains("exports/acme/canvass.csv: acme_canvass (Acme CRM) -> contacts"), o.out());
        assertTrue(o.out().contains("intention <- column 'Outcome' through code table outcome"), o.out());
        assertTrue(o.out().contains("contacts: rows 2"), o.out());
        assertTrue(o.out().contains("contacts: quarantined as unknown_code 1"), o.out());
        assertTrue(o.out().contains("exports/odd.csv: not a known format; its header is [Voter Ref, When]"), o.out());
        Cli.Outcome list = Cli.run("formats", "list", "--landing", landing.toString());
        assertEquals(0, list.exitCode(), list.all());
        assertTrue(list.out().contains("acme_canvass  (Acme CRM; mappings/acme_canvass.yaml)"), list.out());
        assertTrue(list.out().contains("xpress_register  (Xpress"), list.out());
    }
}
