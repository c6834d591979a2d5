package org.organisermetrics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.cli.ExitCode;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.SharedSpark;

/**
 * A contract source saved from Excel ({@code contacts/2024-03.xlsx}) loads like a CSV of the same
 * source: its dates stored as serial numbers, its whole numbers without ".0", and its bad rows
 * quarantined with the file and the sheet's row number as Excel shows it, their record as CSV.
 */
class ExcelLandingTest {

    /** 2024-03-01 in Excel's 1900 date system: days since 1899-12-30, 45352. */
    private static final double MARCH_1_2024 = 45352;

    @Test
    void aWorkbookLoadsLikeACsvAndItsBadRowsAreQuarantinedBySheetRow(@TempDir Path tmp) throws IOException {
        Path landing = tmp.resolve("landing");
        LandingZoneTest.write(landing, "seats/seats.csv", "seat_code,seat_name,region\nE14000001,One,North\n");
        XSSFWorkbook wb = new XSSFWorkbook();
        Sheet sheet = wb.createSheet("Contacts");
        CellStyle date = wb.createCellStyle();
        date.setDataFormat(wb.createDataFormat().getFormat("dd/mm/yyyy"));
        row(sheet, 1, date, "contact_id", "seat_code", "contact_date", "channel", "intention"); // row 1 blank: header on 2
        row(sheet, 2, date, "C1", "E14000001", MARCH_1_2024, "DOOR", "LAB");
        row(sheet, 3, date, 1001.0, "E14000001", MARCH_1_2024 + 1, "phone", "con");       // a numeric id: "1001"
        // row 5 (index 4) blank
        row(sheet, 5, date, "C2", "E14000001", MARCH_1_2024 + 2, "door", "XYZ");          // unknown_code, line 6
        row(sheet, 6, date, "C3", "E14000009", MARCH_1_2024 + 3, "DOOR", "LAB");          // unknown_seat, line 7
        try (OutputStream out = Files.newOutputStream(Files.createDirectories(landing.resolve("contacts"))
                .resolve("2024-03.xlsx"))) {
            wb.write(out);
        }
        wb.close();
        Path warehouse = tmp.resolve("warehouse");

        Cli.Outcome o = Cli.run("run", "--landing", landing.toString(), "--warehouse", warehouse.toString(),
                "--from", "2024-01", "--to", "2024-12", "--as-of", "2026-11-01", "--demo", "--accept-quarantine");
        assertEquals(ExitCode.SUCCESS, o.exitCode(), o.all());

        var spark = SharedSpark.session();
        Map<String, String> quarantined = new TreeMap<>();
        for (org.apache.spark.sql.Row r : spark.read().parquet(warehouse.resolve("restricted/quarantine").toString())
                .collectAsList()) {
            quarantined.put(r.<String>getAs("file") + ":" + r.<Long>getAs("line"),
                    r.<String>getAs("reason") + " | " + r.<String>getAs("record"));
        }
        assertEquals(Map.of(
                // rejected by the parse: its record kept as the parse read it
                "contacts/2024-03.xlsx:6", "unknown_code | C2,E14000001,2024-03-03,door,XYZ",
                // rejected by a cross-row rule: its record read again from the sheet by row number
                "contacts/2024-03.xlsx:7", "unknown_seat | C3,E14000009,2024-03-04,DOOR,LAB"), quarantined);

        Dataset<org.apache.spark.sql.Row> contacts = spark.read().parquet(warehouse.resolve("curated/contacts").toString());
        assertEquals(Map.of("C1", "2024-03-01 DOOR LAB", "1001", "2024-03-02 PHONE CON"),
                contactsById(contacts));
    }

    private static Map<String, String> contactsById(Dataset<org.apache.spark.sql.Row> contacts) {
        Map<String, String> out = new TreeMap<>();
        for (org.apache.spark.sql.Row r : contacts.collectAsList()) {
            out.put(r.getAs("contact_id"), r.getAs("contact_date") + " " + r.getAs("channel") + " " + r.getAs("intention"));
        }
        return out;
    }

    /** A sheet row (0-based index) of text and numbers; a number in the third column gets the date style. */
    private static void row(Sheet sheet, int index, CellStyle date, Object... values) {
        Row row = sheet.createRow(index);
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Double d) {
                row.createCell(i).setCellValue(d);
                if (i == 2) {
                    row.getCell(i).setCellStyle(date);
                }
            } else {
                row.createCell(i).setCellValue((String) values[i]);
            }
        }
    }
}
