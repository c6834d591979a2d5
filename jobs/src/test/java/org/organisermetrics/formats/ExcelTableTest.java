package org.organisermetrics.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.BadInputException;

/**
 * Workbooks made here with POI's XSSFWorkbook, as Excel saves them, read back through the
 * streaming {@link ExcelTable}: every expected value is worked out by hand in the test.
 */
class ExcelTableTest {

    /** 2026-03-15 in Excel's 1900 date system: days since 1899-12-30 (Excel counts 1900-02-29), 46096. */
    private static final double MARCH_15_2026 = 46096;
    /** The same day in the 1904 date system: days since 1904-01-01, 1462 fewer, 44634. */
    private static final double MARCH_15_2026_IN_1904 = 44634;

    private static Path save(XSSFWorkbook wb, Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            wb.write(out);
        }
        wb.close();
        return file;
    }

    private static CellStyle format(XSSFWorkbook wb, String format) {
        CellStyle style = wb.createCellStyle();
        style.setDataFormat(wb.createDataFormat().getFormat(format));
        return style;
    }

    private static List<ExportTable.Row> rows(ExcelTable table) throws IOException {
        List<ExportTable.Row> out = new ArrayList<>();
        try (table) {
            table.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void datesNumbersBooleansFormulasAndEmptyCellsReadAsExcelShowsThem(@TempDir Path dir) throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        Sheet sheet = wb.createSheet("Canvass");
        Row header = sheet.createRow(0);
        String[] names = {"date", "when", "count", "share", "money", "phone", "member", "total", "label", "time", "fraction"};
        for (int i = 0; i < names.length; i++) {
            header.createCell(i).setCellValue(names[i]);
        }
        Row r = sheet.createRow(1);
        r.createCell(0).setCellValue(MARCH_15_2026);
        r.getCell(0).setCellStyle(format(wb, "dd/mm/yyyy"));
        r.createCell(1).setCellValue(MARCH_15_2026 + 0.5 + 30.0 / 1440); // 12:30 that day
        r.getCell(1).setCellStyle(format(wb, "dd/mm/yyyy hh:mm"));
        r.createCell(2).setCellValue(42.0);                                // General: no ".0"
        r.createCell(3).setCellValue(0.25);
        r.getCell(3).setCellStyle(format(wb, "0%"));
        r.createCell(4).setCellValue(1234.5);
        r.getCell(4).setCellStyle(format(wb, "#,##0.00"));                 // shown 1,234.50: no separator
        r.createCell(5).setCellValue(7700900123.0);                        // a long whole number, not 7.7009E+09
        r.createCell(6).setCellValue(true);
        r.createCell(7).setCellFormula("C2+1");                            // cached 43 once evaluated
        r.createCell(8).setCellFormula("\"ward \"&C2");
        r.createCell(9).setCellValue(0.75);
        r.getCell(9).setCellStyle(format(wb, "h:mm"));                     // a time alone: 18:00
        r.createCell(10).setCellValue(0.1 + 0.2);                          // 0.30000000000000004 stored
        Row second = sheet.createRow(3);                                   // row 3 (Excel) left blank
        second.createCell(0).setCellValue(MARCH_15_2026 + 1);
        second.getCell(0).setCellStyle(format(wb, "d mmm yyyy"));
        second.createCell(2).setCellValue(-3.0);                           // B missing: position kept
        second.createCell(6).setCellValue(false);
        second.createCell(7).setCellFormula("1/0");                        // an error, as Excel shows it
        wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
        Path file = save(wb, dir, "canvass.xlsx");

        try (ExcelTable table = ExcelTable.open("exports/canvass.xlsx", file.toFile())) {
            assertEquals(List.of(names), table.header());
            assertEquals(1, table.headerLine());
            assertEquals(List.of(), table.preamble());
            assertEquals("Canvass", table.sheet());
            List<ExportTable.Row> rows = new ArrayList<>();
            table.forEachRemaining(rows::add);
            assertEquals(2, rows.size());
            assertEquals(2, rows.get(0).line());
            assertArrayEquals(new String[] {"2026-03-15", "2026-03-15T12:30:00", "42", "25%", "1234.50", "7700900123",
                    "TRUE", "43", "ward 42", "18:00:00", "0.3"}, rows.get(0).fields());
            assertEquals(4, rows.get(1).line()); // the blank row 3 is skipped, its number still counts
            assertArrayEquals(new String[] {"2026-03-16", "", "-3", "", "", "", "FALSE", "#DIV/0!", "", "", ""},
                    rows.get(1).fields());
        }
    }

    @Test
    void aWorkbookIn1904DateSystemGivesTheSameDates(@TempDir Path dir) throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        wb.getCTWorkbook().getWorkbookPr().setDate1904(true);
        Sheet sheet = wb.createSheet("Sheet1");
        sheet.createRow(0).createCell(0).setCellValue("contact_date");
        sheet.createRow(1).createCell(0).setCellValue(MARCH_15_2026_IN_1904 + 0.25);
        sheet.getRow(1).getCell(0).setCellStyle(format(wb, "yyyy-mm-dd hh:mm:ss"));
        sheet.createRow(2).createCell(0).setCellValue(MARCH_15_2026_IN_1904);
        sheet.getRow(2).getCell(0).setCellStyle(format(wb, "m/d/yy"));
        Path file = save(wb, dir, "mac.xlsx");

        List<ExportTable.Row> rows = rows(ExcelTable.open("mac.xlsx", file.toFile()));
        assertArrayEquals(new String[] {"2026-03-15T06:00:00"}, rows.get(0).fields());
        assertArrayEquals(new String[] {"2026-03-15"}, rows.get(1).fields());
    }

    @Test
    void aTitleBlockAboveTheTableIsThePreamble(@TempDir Path dir) throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        Sheet sheet = wb.createSheet("Returns");
        sheet.createRow(0).createCell(0).setCellValue("Canvass returns, Ward 7");
        sheet.createRow(1).createCell(0).setCellValue("Date Published: 01/11/2026");
        Row header = sheet.createRow(3); // row 3 blank, header on row 4
        header.createCell(0).setCellValue("Elector Number");
        header.createCell(1).setCellValue("Mark");
        header.createCell(3).setCellValue("Notes"); // C empty in the header: kept as ""
        Row data = sheet.createRow(4);
        data.createCell(0).setCellValue(12.0);
        data.createCell(1).setCellValue("A");
        Row wide = sheet.createRow(5);
        wide.createCell(0).setCellValue(13.0);
        wide.createCell(5).setCellValue("stray"); // right of the header's last column: kept
        Path file = save(wb, dir, "marked.xlsx");

        try (ExcelTable table = ExcelTable.open("marked.xlsx", file.toFile(), null,
                cells -> cells.contains("Elector Number"))) {
            assertEquals(List.of("Elector Number", "Mark", "", "Notes"), table.header());
            assertEquals(4, table.headerLine());
            assertEquals(List.of("Canvass returns, Ward 7", "Date Published: 01/11/2026", ""), table.preamble());
            ExportTable.Row first = table.next();
            assertEquals(5, first.line());
            assertArrayEquals(new String[] {"12", "A", "", ""}, first.fields()); // padded to the header's width
            assertArrayEquals(new String[] {"13", "", "", "", "", "stray"}, table.next().fields());
            assertFalse(table.hasNext());
        }
        // Without the predicate the header is the first non-blank row: the title.
        try (ExcelTable table = ExcelTable.open("marked.xlsx", file.toFile())) {
            assertEquals(List.of("Canvass returns, Ward 7"), table.header());
            assertEquals(1, table.headerLine());
        }
    }

    @Test
    void blankRowsAboveTheHeaderArePreambleAndASheetIsChosenByName(@TempDir Path dir) throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        wb.createSheet("Notes").createRow(0).createCell(0).setCellValue("read me");
        Sheet data = wb.createSheet("Contacts");
        data.createRow(2).createCell(1).setCellValue("contact_id"); // A3 empty, B3 the header
        data.createRow(3).createCell(1).setCellValue("C1");
        Row styledButEmpty = data.createRow(4);   // a formatted row with no values is blank
        styledButEmpty.createCell(0).setCellStyle(format(wb, "0.00"));
        styledButEmpty.createCell(1).setCellValue("  ");
        data.createRow(5).createCell(1).setCellValue("C2");
        Path file = save(wb, dir, "book.xlsx");

        try (ExcelTable first = ExcelTable.open("book.xlsx", file.toFile())) {
            assertEquals("Notes", first.sheet());
            assertEquals(List.of("Notes", "Contacts"), first.sheets());
        }
        try (ExcelTable table = ExcelTable.open("book.xlsx", file.toFile(), "contacts", ExcelTable.FIRST_NON_BLANK_ROW)) {
            assertEquals("Contacts", table.sheet());
            assertEquals(List.of("", "contact_id"), table.header());
            assertEquals(3, table.headerLine());
            assertEquals(List.of("", ""), table.preamble());
            List<ExportTable.Row> rows = new ArrayList<>();
            table.forEachRemaining(rows::add);
            assertEquals(List.of(4L, 6L), rows.stream().map(ExportTable.Row::line).toList());
            assertArrayEquals(new String[] {"", "C2"}, rows.get(1).fields());
        }
        BadInputException e = assertThrows(BadInputException.class,
                () -> ExcelTable.open("book.xlsx", file.toFile(), "Sheet1", ExcelTable.FIRST_NON_BLANK_ROW));
        assertEquals("book.xlsx: has no sheet 'Sheet1' (its sheets: 'Notes', 'Contacts'); name one of these sheets,"
                + " or rename the sheet in Excel", e.getMessage());
    }

    @Test
    void aStreamIsReadLikeAFile(@TempDir Path dir) throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        Sheet sheet = wb.createSheet("S");
        sheet.createRow(0).createCell(0).setCellValue("seat_code");
        sheet.createRow(1).createCell(0).setCellValue("E14000657");
        Path file = save(wb, dir, "seats.xlsx");
        try (InputStream in = Files.newInputStream(file)) {
            List<ExportTable.Row> rows = rows(ExcelTable.open("seats/seats.xlsx", in));
            assertEquals(1, rows.size());
            assertArrayEquals(new String[] {"E14000657"}, rows.get(0).fields());
        }
    }

    @Test
    void aCellReferenceGivesItsColumn() {
        assertEquals(0, ExcelTable.columnOf("A1"));
        assertEquals(25, ExcelTable.columnOf("Z9"));
        assertEquals(26, ExcelTable.columnOf("AA10"));   // 1*26 + 1, less one
        assertEquals(16383, ExcelTable.columnOf("XFD1")); // Excel's last column: 24*676 + 6*26 + 4, less one
    }

    /** SXSSF (POI's writer for large sheets, like many exporters) writes text inline in the sheet, not as shared strings. */
    @Test
    void inlineTextFromAStreamingWriterReadsTheSame(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.xlsx");
        try (org.apache.poi.xssf.streaming.SXSSFWorkbook wb = new org.apache.poi.xssf.streaming.SXSSFWorkbook(10);
             OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = wb.createSheet("Export");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("volunteer_id");
            header.createCell(1).setCellValue("hours");
            for (int i = 1; i <= 100; i++) {
                Row r = sheet.createRow(i);
                r.createCell(0).setCellValue("V" + i);
                r.createCell(1).setCellValue(i / 4.0);
            }
            wb.write(out);
        }
        List<ExportTable.Row> rows = rows(ExcelTable.open("big.xlsx", file.toFile()));
        assertEquals(100, rows.size());
        assertEquals(101, rows.get(99).line());
        assertArrayEquals(new String[] {"V1", "0.25"}, rows.get(0).fields());
        assertArrayEquals(new String[] {"V100", "25"}, rows.get(99).fields());
    }

    @Test
    void aFormulaSavedWithoutItsValueIsAnErrorNamingTheCell(@TempDir Path dir) throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        Sheet sheet = wb.createSheet("S");
        sheet.createRow(0).createCell(0).setCellValue("hours");
        sheet.createRow(1).createCell(0).setCellFormula("2*3"); // not evaluated: no value saved
        Path file = save(wb, dir, "hours.xlsx");
        BadInputException e = assertThrows(BadInputException.class, () -> rows(ExcelTable.open("hours.xlsx", file.toFile())));
        assertTrue(e.getMessage().startsWith("hours.xlsx:2: cell A2 of sheet 'S' holds a formula with no value saved"),
                e.getMessage());
    }

    @Test
    void filesThatAreNotXlsxAreRejectedNamingTheFileAndWhatToDo(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("contacts.xlsx");
        Files.writeString(csv, "contact_id,seat_code\nC1,E14000657\n", StandardCharsets.UTF_8);
        assertEquals("contacts.xlsx: is not an Excel workbook (.xlsx is a zip package; this file is not one: a CSV or"
                + " text file renamed?); if it is CSV UTF-8, name it .csv; else open it in Excel and save it as Excel"
                + " Workbook (.xlsx)", message(csv));

        Path xls = dir.resolve("old.xlsx");
        try (HSSFWorkbook old = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(xls)) {
            old.createSheet("S").createRow(0).createCell(0).setCellValue("contact_id");
            old.write(out);
        }
        assertTrue(message(xls).startsWith("old.xlsx: is an Excel 97-2003 workbook (.xls)"), message(xls));

        Path locked = dir.resolve("locked.xlsx");
        Path plain = save(newBook(), dir, "plain.xlsx");
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor enc = info.getEncryptor();
            enc.confirmPassword("secret");
            try (OutputStream os = enc.getDataStream(fs)) {
                Files.copy(plain, os);
            }
            try (OutputStream out = Files.newOutputStream(locked)) {
                fs.writeFilesystem(out);
            }
        }
        assertTrue(message(locked).startsWith("locked.xlsx: is protected by a password"), message(locked));

        Path empty = Files.createFile(dir.resolve("empty.xlsx"));
        assertTrue(message(empty).startsWith("empty.xlsx: the file is empty"), message(empty));

        Path zip = dir.resolve("other.xlsx"); // a zip, but no workbook in it
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("data.csv"));
            out.write("a,b\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(message(zip).startsWith("other.xlsx: is not an Excel workbook that can be read ("), message(zip));
        assertTrue(message(zip).endsWith("save it as Excel Workbook (.xlsx), or as CSV UTF-8"), message(zip));
    }

    private static XSSFWorkbook newBook() {
        XSSFWorkbook wb = new XSSFWorkbook();
        wb.createSheet("S").createRow(0).createCell(0).setCellValue("contact_id");
        return wb;
    }

    private static String message(Path file) {
        File f = file.toFile();
        return assertThrows(BadInputException.class, () -> ExcelTable.open(f.getName(), f).close()).getMessage();
    }
}
