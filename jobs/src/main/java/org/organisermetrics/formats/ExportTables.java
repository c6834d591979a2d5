package org.organisermetrics.formats;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Opens an export by its name: a workbook ({@code .xlsx}) with {@link ExcelTable}, any other with {@link DelimitedTable}. */
public final class ExportTables {
    private ExportTables() {}

    /**
     * @param sheet a workbook's sheet to read (null: the first)
     * @param isHeader tells the header row from the lines above it
     */
    public static ExportTable open(String fileName, InputStream in, String sheet, Predicate<List<String>> isHeader) {
        if (isWorkbook(fileName)) {
            return ExcelTable.open(fileName, in, sheet, isHeader);
        }
        return DelimitedTable.open(fileName, in, isHeader);
    }

    public static boolean isWorkbook(String fileName) {
        return fileName.strip().toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }
}
