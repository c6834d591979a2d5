package org.organisermetrics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.BadInputException;
import org.organisermetrics.contract.Source;
import org.organisermetrics.testing.Cli;

/**
 * Every entry of a landing zone is either read or listed as skipped with its reason, and a file
 * name with any character a file system allows is read like any other (Landing, no Spark; one
 * validate run at the end).
 */
class LandingZoneTest {
    static final String SEATS = "seat_code,seat_name,region\nE14000657,Dagenham and Rainham,London\n";
    static final String CONTACTS_HEADER = "contact_id,seat_code,contact_date,channel,intention\n";

    static void write(Path root, String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static Map<String, String> skipped(Landing landing) {
        Map<String, String> out = new TreeMap<>();
        landing.skipped().forEach(s -> out.put(s.entry(), s.reason()));
        return out;
    }

    @Test
    void nothingInTheLandingZoneIsPassedOverWithoutAReason(@TempDir Path root) throws IOException {
        write(root, "seats/seats.csv", SEATS);
        write(root, "contacts/2025-07.csv", CONTACTS_HEADER + "C1,E14000657,2025-07-02,door,lab\n");
        write(root, "contacts/2025/08.csv", CONTACTS_HEADER + "C2,E14000657,2025-08-02,door,lab\n"); // a subfolder: read
        write(root, "contacts/2025-09.csv ", CONTACTS_HEADER + "C3,E14000657,2025-09-02,door,lab\n"); // trailing space: read
        write(root, "Contacts/2025-10.csv", CONTACTS_HEADER + "C4,E14000657,2025-10-02,door,lab\n");
        write(root, "contacts/2025-11.xls", "an Excel 97-2003 workbook");
        write(root, "contacts/~$2025-07.xlsx", "Excel's lock file while the workbook is open");
        write(root, "contacts/notes.txt", "call list");
        write(root, "contacts/.DS_Store", "x");
        write(root, "contacts/_SUCCESS", "");
        write(root, "contacts/.2025-07.csv.crc", "x");
        write(root, "contacts/backup.gz", "x");
        write(root, "readme.csv", "a,b\n");
        write(root, "README.md", "# what this landing zone holds\n");
        write(root, "misc/stuff.csv", "a,b\n");

        Landing landing = Landing.open(root.toString(), new Configuration());

        assertEquals(List.of("contacts/2025-07.csv", "contacts/2025-09.csv ", "contacts/2025/08.csv"),
                landing.files(Source.CONTACTS).stream().map(Landing.LandingFileInfo::name).toList());
        Map<String, String> skipped = skipped(landing);
        assertEquals(List.of("Contacts/", "README.md", "contacts/.2025-07.csv.crc", "contacts/.DS_Store", "contacts/2025-11.xls",
                "contacts/_SUCCESS", "contacts/backup.gz", "contacts/notes.txt", "contacts/~$2025-07.xlsx", "misc/", "readme.csv"),
                List.copyOf(skipped.keySet()));
        assertTrue(skipped.get("Contacts/").contains("rename it to contacts/"), skipped.get("Contacts/"));
        assertEquals("an Excel 97-2003 workbook (.xls) is not read; open it in Excel and save it as Excel Workbook (.xlsx)"
                + " or CSV UTF-8 in the same folder", skipped.get("contacts/2025-11.xls"));
        assertEquals(Landing.IGNORED_BY_RULE, skipped.get("contacts/~$2025-07.xlsx"));
        assertTrue(skipped.get("contacts/notes.txt").contains("not a .csv file"), skipped.get("contacts/notes.txt"));
        assertTrue(skipped.get("contacts/.DS_Store").startsWith("ignored by rule"));
        assertTrue(skipped.get("contacts/_SUCCESS").startsWith("ignored by rule"));
        assertTrue(skipped.get("misc/").contains("not a source folder"), skipped.get("misc/"));
        assertTrue(skipped.get("readme.csv").contains("move it into that source's folder"), skipped.get("readme.csv"));
        assertEquals(Landing.NOTE, skipped.get("README.md")); // listed, with no call to move it
    }

    /** A contacts workbook: the given rows (null for a blank row) on a first sheet, and more sheets when named. */
    static void workbook(Path root, String relative, String[][] rows, String... otherSheets) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
             java.io.OutputStream out = Files.newOutputStream(file)) {
            org.apache.poi.ss.usermodel.Sheet sheet = wb.createSheet("Contacts");
            for (int r = 0; r < rows.length; r++) {
                if (rows[r] != null) {
                    org.apache.poi.ss.usermodel.Row row = sheet.createRow(r);
                    for (int c = 0; c < rows[r].length; c++) {
                        row.createCell(c).setCellValue(rows[r][c]);
                    }
                }
            }
            for (String other : otherSheets) {
                wb.createSheet(other);
            }
            wb.write(out);
        }
    }

    @Test
    void aWorkbookIsListedAndItsHeaderCheckedLikeACsvFile(@TempDir Path root) throws IOException {
        write(root, "seats/seats.csv", SEATS);
        String[] header = {"contact_id", "seat_code", "contact_date", "channel", "intention"};
        String[] row = {"C1", "E14000657", "2025-07-02", "door", "lab"};
        workbook(root, "contacts/2025 #7 100%.xlsx", new String[][] {header, row}, "Pivot", "Notes");
        workbook(root, "official_results/HoC-GE2024-results.xlsx", new String[][] {{"ONS ID"}});
        Landing landing = Landing.open(root.toString(), new Configuration());
        assertEquals(Landing.OFFICIAL_WORKBOOK, skipped(landing).get("official_results/HoC-GE2024-results.xlsx"));
        assertEquals(List.of(), landing.officialFiles());
        assertEquals(List.of("contacts/2025 #7 100%.xlsx"),
                landing.files(Source.CONTACTS).stream().map(Landing.LandingFileInfo::name).toList());
        assertEquals(List.of("contacts/2025 #7 100%.xlsx: read its first sheet 'Contacts'; its other sheets (Pivot, Notes)"
                + " are not read (move their rows into the first sheet, or save each as its own file)"), landing.notes());

        // Header on the sheet's row 3 (two blank rows above it), without contact_id: named at row 3.
        workbook(root, "contacts/no-id.xlsx", new String[][] {null, null, {"seat_code", "contact_date", "channel", "intention"}});
        write(root, "contacts/renamed.xlsx", CONTACTS_HEADER + "C2,E14000657,2025-07-02,door,lab\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Landing.open(root.toString(), new Configuration()));
        assertEquals(List.of(
                "contacts/no-id.xlsx:3: missing required column 'contact_id' (source contacts needs contact_id, seat_code,"
                        + " contact_date, channel, intention)",
                "contacts/renamed.xlsx: is not an Excel workbook (.xlsx is a zip package; this file is not one: a CSV or"
                        + " text file renamed?); if it is CSV UTF-8, name it .csv; else open it in Excel and save it as Excel"
                        + " Workbook (.xlsx)"), e.problems());
    }

    @Test
    void aMisCasedRequiredFolderIsNamedInTheError(@TempDir Path root) throws IOException {
        write(root, "Seats/seats.csv", SEATS);
        BadInputException e = assertThrows(BadInputException.class, () -> Landing.open(root.toString(), new Configuration()));
        assertTrue(e.getMessage().contains("a folder Seats/ is there: rename it to seats/"), e.getMessage());
    }

    /** Names a user's export may carry; each is listed, opened and checksummed like any other. */
    static final List<String> ODD_NAMES = List.of("2026-11 10:30.csv", "nov #2.csv", "100% done.csv", "why?.csv",
            "Übersicht – Oct.csv", "-leading-dash.csv", "two  spaces.csv", "semi;colon.csv", "a+b=c&d.csv",
            "brackets [1] {2}.csv", "quote'd.csv");

    @Test
    void aFileNameWithAnyCharacterIsListedOpenedAndChecksummed(@TempDir Path root) throws IOException {
        write(root, "seats/seats.csv", SEATS);
        for (int i = 0; i < ODD_NAMES.size(); i++) {
            write(root, "contacts/" + ODD_NAMES.get(i), CONTACTS_HEADER + "C" + i + ",E14000657,2025-07-02,door,lab\n");
        }
        Configuration conf = new Configuration();
        Landing landing = Landing.open(root.toString(), conf);
        assertEquals(List.of(), landing.skipped());
        List<Landing.LandingFileInfo> files = landing.files(Source.CONTACTS);
        assertEquals(ODD_NAMES.stream().map(n -> "contacts/" + n).sorted().toList(),
                files.stream().map(Landing.LandingFileInfo::name).toList());
        for (Landing.LandingFileInfo f : files) {
            try (InputStream in = Landing.openFile(f.uri(), conf)) {
                assertEquals(CONTACTS_HEADER, new String(in.readNBytes(CONTACTS_HEADER.length()), StandardCharsets.UTF_8), f.name());
            }
            assertEquals(64, LandingRegistry.sha256(f.uri(), conf).length(), f.name());
        }
    }

    @Test
    void validateReadsOddNamesAndSubfoldersAndListsWhatItSkips(@TempDir Path root) throws IOException {
        write(root, "seats/seats.csv", SEATS);
        write(root, "contacts/2026-11 10:30.csv", CONTACTS_HEADER + "C1,E14000657,2025-07-02,door,lab\n");
        write(root, "contacts/100% #1?.csv", CONTACTS_HEADER + "C2,E14000657,2025-07-03,door,lab\n");
        write(root, "contacts/2025/08.csv", CONTACTS_HEADER + "C3,E14000657,2025-08-02,door,lab\n");
        write(root, "contacts/2025-11.ods", "x");
        Cli.Outcome outcome = Cli.run("validate", "--landing", root.toString(), "--as-of", "2026-11-30");
        assertEquals(0, outcome.exitCode(), outcome.all());
        assertTrue(outcome.out().contains("skipped: contacts/2025-11.ods: a LibreOffice or Numbers spreadsheet (.ods) is not read;"
                + " save it as Excel Workbook (.xlsx) or CSV UTF-8"), outcome.out());
        // contacts: 3 files, 3 rows read, 3 loaded.
        assertTrue(outcome.out().lines().anyMatch(l -> l.matches("contacts\\s+3\\s+3\\s+3\\s+0\\s+0\\s+0")), outcome.out());
    }

    @Test
    void aBrokenFileInTheLandingZoneExitsThreeNamingIt(@TempDir Path root) throws IOException {
        write(root, "seats/seats.csv", SEATS);
        Files.write(root.resolve("seats/more.csv.gz"), SEATS.getBytes(StandardCharsets.UTF_8)); // not gzip
        Path contacts = Files.createDirectories(root.resolve("contacts"));
        Files.createSymbolicLink(contacts.resolve("gone.csv"), root.resolve("no-such-file.csv"));
        Cli.Outcome outcome = Cli.run("validate", "--landing", root.toString(), "--as-of", "2026-11-30");
        assertEquals(3, outcome.exitCode(), outcome.all());
        assertTrue(outcome.err().contains("seats/more.csv.gz:1: is not a gzip file"), outcome.err());
        assertTrue(outcome.err().contains("contacts/gone.csv: cannot be read"), outcome.err());
    }
}
