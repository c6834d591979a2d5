package org.organisermetrics.formats;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.organisermetrics.contract.BadInputException;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * One sheet of an Excel workbook (.xlsx) read as an {@link ExportTable}, row by row with Apache
 * POI's streaming reader ({@link XSSFReader}, {@link ReadOnlySharedStringsTable} and
 * {@link XSSFSheetXMLHandler}), so a sheet of a million rows never sits in memory: the sheet's XML
 * is pulled one row at a time and handed to POI's handler, which looks up shared strings and
 * number formats.
 *
 * <p>What a cell gives, as text:
 * <ul>
 *   <li>text as typed; a boolean {@code TRUE} or {@code FALSE}; an error as Excel shows it ({@code #N/A});
 *   <li>a number in a date or date-time format: {@code yyyy-MM-dd}, or {@code yyyy-MM-dd'T'HH:mm:ss}
 *       when it has a time of day (the workbook's 1900 or 1904 date system); a time alone
 *       ({@code h:mm}) as {@code HH:mm:ss}; an elapsed time ({@code [h]:mm}) as Excel shows it;
 *   <li>any other number in the General format: a whole number without a decimal point
 *       ({@code 42}, {@code 7700900123}), others to Excel's 15 significant digits ({@code 0.3},
 *       never {@code 0.30000000000000004}), never in scientific notation;
 *   <li>a number in another format as Excel shows it ({@code 0.00} gives {@code 12.50}, {@code 0%}
 *       gives {@code 13%}), without thousands separators ({@code #,##0} gives {@code 1234});
 *   <li>a formula: the value Excel saved with it; a formula saved without one (written by a
 *       program that does not calculate) rejects the file, naming the cell;
 *   <li>an empty or missing cell: an empty string, in its own column (columns come from each
 *       cell's reference, so a row with B empty still has C in the third field).
 * </ul>
 * Rows keep the header's width: a short row is padded with empty fields; a row with values right of
 * the header's last column keeps them (a row wider than its header).
 *
 * <p>A file that is not an .xlsx workbook (a CSV file renamed, an Excel 97-2003 .xls, a workbook
 * protected by a password, a web page saved as Excel) is rejected with a {@link BadInputException}
 * naming the file and what to do.
 */
public final class ExcelTable implements ExportTable {

    /** The default header: the first row with any value in it. */
    public static final Predicate<List<String>> FIRST_NON_BLANK_ROW = cells -> !isBlank(cells);

    private static final XMLInputFactory XML = secureFactory();
    private static final String SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final String name;
    private final OPCPackage workbook;
    private final File spooled;
    private final String sheet;
    private final List<String> sheets;
    private final InputStream sheetData;
    private final XMLStreamReader xml;
    private final XSSFSheetXMLHandler handler;
    private final RowCollector rows = new RowCollector();
    private final List<String> header;
    private final long headerLine;
    private final List<String> preamble = new ArrayList<>();
    private Row next;

    private ExcelTable(String name, OPCPackage workbook, File spooled, String wantedSheet,
                       Predicate<List<String>> isHeader) throws IOException {
        this.name = name;
        this.workbook = workbook;
        this.spooled = spooled;
        try {
            XSSFReader reader = new XSSFReader(workbook);
            boolean date1904 = isDate1904(reader);
            StylesTable styles = reader.getStylesTable();
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(workbook, false);
            XSSFReader.SheetIterator it = reader.getSheetIterator();
            List<String> names = new ArrayList<>();
            InputStream chosen = null;
            String chosenName = null;
            while (it.hasNext()) {
                InputStream data = it.next();
                String sheetName = it.getSheetName();
                names.add(sheetName);
                boolean wanted = wantedSheet == null ? chosen == null : sheetName.strip().equalsIgnoreCase(wantedSheet.strip());
                if (wanted && chosen == null) {
                    chosen = data;
                    chosenName = sheetName;
                } else {
                    data.close();
                }
            }
            this.sheets = List.copyOf(names);
            if (chosen == null) {
                throw new BadInputException(wantedSheet == null
                        ? name + ": the workbook has no sheet; save the data as .xlsx again, or as CSV UTF-8"
                        : name + ": has no sheet '" + wantedSheet + "' (its sheets: " + quoted(names)
                                + "); name one of these sheets, or rename the sheet in Excel");
            }
            this.sheet = chosenName;
            this.sheetData = chosen;
            this.xml = XML.createXMLStreamReader(chosen);
            this.handler = new XSSFSheetXMLHandler(styles == null ? new StylesTable() : styles, strings, rows,
                    new CellText(date1904), false);
        } catch (BadInputException e) {
            throw e;
        } catch (XMLStreamException | SAXException | org.apache.poi.openxml4j.exceptions.OpenXML4JException
                 | RuntimeException e) {
            throw notAWorkbook(name, e);
        }
        List<String> found = null;
        long line = 0;
        long lastLine = 0;
        while (found == null) {
            Row row = readRow(true);
            if (row == null) {
                throw new BadInputException(name + ": sheet '" + sheet + "' has no header row ("
                        + (lastLine == 0 ? "it is empty" : "no row of its " + lastLine + " looks like the header")
                        + "); put the column names in the sheet's first row, or name the sheet that holds the data");
            }
            for (long missing = lastLine + 1; missing < row.line(); missing++) {
                preamble.add("");
            }
            lastLine = row.line();
            List<String> cells = trimTrailingEmpty(row.fields());
            if (isHeader.test(cells)) {
                found = cells;
                line = row.line();
            } else {
                preamble.add(String.join(",", cells));
            }
        }
        this.header = List.copyOf(found);
        this.headerLine = line;
    }

    /** The first sheet of a workbook on the local disk, its header the first non-blank row. */
    public static ExcelTable open(String name, File file) {
        return open(name, file, null, FIRST_NON_BLANK_ROW);
    }

    /**
     * A sheet of a workbook on the local disk ({@code sheet} null: the first); its header the first
     * row {@code isHeader} accepts (a title block above a table is then the preamble).
     */
    public static ExcelTable open(String name, File file, String sheet, Predicate<List<String>> isHeader) {
        return open(name, file, null, sheet, isHeader);
    }

    /** The first sheet of a workbook read from a stream (a landing zone on HDFS or S3), its header the first non-blank row. */
    public static ExcelTable open(String name, InputStream in) {
        return open(name, in, null, FIRST_NON_BLANK_ROW);
    }

    /**
     * A sheet of a workbook read from a stream. A workbook is a zip file, read from its end: the
     * stream is copied to a temporary file (readable by this user alone, removed on close), never
     * held in memory.
     */
    public static ExcelTable open(String name, InputStream in, String sheet, Predicate<List<String>> isHeader) {
        File spool;
        try (in) {
            java.nio.file.Path tmp;
            try {
                tmp = Files.createTempFile("organiser-metrics-", ".xlsx",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                tmp = Files.createTempFile("organiser-metrics-", ".xlsx");
            }
            spool = tmp.toFile();
            spool.deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot be read: " + e.getMessage(), e);
        }
        try {
            return open(name, spool, spool, sheet, isHeader);
        } catch (RuntimeException e) {
            spool.delete();
            throw e;
        }
    }

    private static ExcelTable open(String name, File file, File spooled, String sheet, Predicate<List<String>> isHeader) {
        checkIsXlsx(name, file);
        OPCPackage workbook;
        try {
            workbook = OPCPackage.open(file, PackageAccess.READ);
        } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException | RuntimeException e) {
            throw notAWorkbook(name, e);
        }
        try {
            return new ExcelTable(name, workbook, spooled, sheet, isHeader);
        } catch (IOException e) {
            workbook.revert();
            throw new UncheckedIOException(name + ": cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            workbook.revert();
            throw e;
        }
    }

    /** The sheet read. */
    public String sheet() {
        return sheet;
    }

    /** The workbook's sheets, in tab order. */
    public List<String> sheets() {
        return sheets;
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public long headerLine() {
        return headerLine;
    }

    @Override
    public List<String> preamble() {
        return List.copyOf(preamble);
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            Row row = readRow(false);
            if (row == null) {
                return false;
            }
            if (!isBlank(java.util.Arrays.asList(row.fields()))) {
                next = new Row(row.line(), fit(row.fields()));
            }
        }
        return true;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Row r = next;
        next = null;
        return r;
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // the stream below is closed next either way
        } finally {
            sheetData.close();
            workbook.revert();
            if (spooled != null) {
                Files.deleteIfExists(spooled.toPath());
            }
        }
    }

    /** The row padded to the header's width; values right of it kept. */
    private String[] fit(String[] fields) {
        int width = Math.max(header.size(), trimTrailingEmpty(fields).size());
        if (fields.length == width) {
            return fields;
        }
        String[] out = new String[width];
        for (int i = 0; i < width; i++) {
            out[i] = i < fields.length ? fields[i] : "";
        }
        return out;
    }

    /**
     * Pulls the sheet's XML up to the end of the next row, handing each event to POI's handler.
     * A cell without a reference (allowed, rarely written) is given the column after the last one.
     */
    private Row readRow(boolean header) {
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        AttributesImpl attributes = attributes();
                        String local = xml.getLocalName();
                        if ("c".equals(local) && SPREADSHEET_NS.equals(xml.getNamespaceURI())) {
                            rows.startCell(attributes);
                        } else if ("f".equals(local)) {
                            rows.formula = true;
                        }
                        handler.startElement(xml.getNamespaceURI(), local, qName(), attributes);
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        handler.endElement(xml.getNamespaceURI(), xml.getLocalName(), qName());
                        if ("c".equals(xml.getLocalName())) {
                            rows.endCell();
                        }
                        if (rows.finished != null) {
                            Row row = rows.finished;
                            rows.finished = null;
                            return row;
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        handler.characters(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                    }
                    default -> { }
                }
            }
            return null;
        } catch (BadInputException e) {
            throw e;
        } catch (XMLStreamException | SAXException | RuntimeException e) {
            throw new BadInputException(name + ":" + (rows.row + 1) + ": sheet '" + sheet + "' cannot be read from this row ("
                    + e.getMessage() + "); open the workbook in Excel and save it again as .xlsx, or as CSV UTF-8");
        }
    }

    private AttributesImpl attributes() {
        AttributesImpl out = new AttributesImpl();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String local = xml.getAttributeLocalName(i);
            String prefix = xml.getAttributePrefix(i);
            String q = prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
            String ns = xml.getAttributeNamespace(i);
            out.addAttribute(ns == null ? "" : ns, local, q, "CDATA", xml.getAttributeValue(i));
        }
        return out;
    }

    private String qName() {
        String prefix = xml.getPrefix();
        return prefix == null || prefix.isEmpty() ? xml.getLocalName() : prefix + ":" + xml.getLocalName();
    }

    /** Collects one row's cells at their columns; the handler calls it. */
    private final class RowCollector implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final List<String> cells = new ArrayList<>();
        private int row = -1;
        private int column = -1;
        private String type;
        private boolean valueSeen;
        private boolean formula;
        private String ref;
        private Row finished;

        /** A cell starts: its column (from its reference, else the next one; a reference is added for the handler) and type. */
        void startCell(AttributesImpl attributes) {
            ref = attributes.getValue("r");
            if (ref == null) {
                column++;
                ref = new CellReference(Math.max(row, 0), column).formatAsString(false);
                attributes.addAttribute("", "r", "r", "CDATA", ref);
            } else {
                column = columnOf(ref);
            }
            type = attributes.getValue("t");
            valueSeen = false;
            formula = false;
        }

        /**
         * A cell ends. A formula with no value saved beside it (a workbook written by a program that
         * does not calculate) is not read as empty: its value is not in the file. A text formula
         * saved without a value is an empty text.
         */
        void endCell() {
            if (formula && !valueSeen && !"str".equals(type)) {
                throw new BadInputException(name + ":" + (row + 1) + ": cell " + ref + " of sheet '" + sheet
                        + "' holds a formula with no value saved (the workbook was written by a program that does not"
                        + " calculate formulas); open it in Excel or LibreOffice and save it again, or save it as CSV UTF-8");
            }
        }

        @Override
        public void startRow(int rowNum) {
            row = rowNum;
            column = -1;
            cells.clear();
        }

        @Override
        public void endRow(int rowNum) {
            finished = new Row(rowNum + 1L, cells.toArray(new String[0]));
        }

        @Override
        public void cell(String cellReference, String formattedValue, XSSFComment comment) {
            int col = column; // the cell startCell saw: the handler reports a cell before the next one starts
            String value = formattedValue == null ? "" : formattedValue;
            if ("e".equals(type) && value.startsWith("ERROR:")) {
                value = value.substring("ERROR:".length());
            }
            while (cells.size() <= col) {
                cells.add("");
            }
            cells.set(col, value);
            valueSeen = true;
        }

        @Override
        public void endSheet() {
            // rows end on their own
        }
    }

    /** The 0-based column of a cell reference ("C7" is 2), from its letters. */
    static int columnOf(String ref) {
        int col = 0;
        int i = ref.startsWith("$") ? 1 : 0;
        for (; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                col = col * 26 + (c - 'A' + 1);
            } else if (c >= 'a' && c <= 'z') {
                col = col * 26 + (c - 'a' + 1);
            } else {
                break;
            }
        }
        return col - 1;
    }

    /**
     * Numbers as text: dates as ISO dates, General numbers in full, other formats as Excel shows
     * them without thousands separators. POI's handler calls this for every number it reads.
     */
    static final class CellText extends DataFormatter {
        private final boolean date1904;

        CellText(boolean date1904) {
            super(Locale.UK);
            this.date1904 = date1904;
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            return format(value, formatIndex, formatString);
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904Windowing) {
            return format(value, formatIndex, formatString);
        }

        private String format(double value, int formatIndex, String formatString) {
            String bare = bare(formatString);
            if (formatString != null && DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                if (bare.contains("[h") || bare.contains("[m") || bare.contains("[s")) {
                    return super.formatRawCellContents(value, formatIndex, formatString, date1904); // elapsed time
                }
                LocalDateTime t = DateUtil.getLocalDateTime(value, date1904, true);
                boolean hasDate = bare.contains("y") || bare.contains("d")
                        || (bare.contains("m") && !bare.contains("h") && !bare.contains("s"));
                if (!hasDate && value < 1) {
                    return TIME.format(t);
                }
                return t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? DATE.format(t) : DATE_TIME.format(t);
            }
            if (formatString == null || formatIndex == 0 || "general".equals(bare) || bare.isEmpty()) {
                return general(value);
            }
            String shown = super.formatRawCellContents(value, formatIndex, formatString, date1904);
            return bare.contains(",") ? shown.replace(",", "") : shown;
        }

        /** The format in lower case without its quoted text, escaped characters and [colour] or [$locale] parts. */
        private static String bare(String format) {
            if (format == null) {
                return "";
            }
            String f = format.replaceAll("\"[^\"]*\"", "").replaceAll("\\\\.", "").replaceAll("\\[(?![hms]\\])[^\\]]*\\]", "");
            return f.toLowerCase(Locale.ROOT).strip();
        }

        /** A number in the General format: whole numbers in full, others to 15 significant digits, never scientific. */
        static String general(double value) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                return String.valueOf(value);
            }
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                return Long.toString((long) value);
            }
            BigDecimal d = new BigDecimal(value).round(new MathContext(15)).stripTrailingZeros();
            return d.signum() == 0 ? "0" : d.toPlainString();
        }
    }

    /** Whether the workbook counts dates from 1904 (a workbook from an old Mac Excel), from workbook.xml. */
    private static boolean isDate1904(XSSFReader reader) throws IOException, XMLStreamException,
            org.apache.poi.openxml4j.exceptions.InvalidFormatException {
        try (InputStream in = reader.getWorkbookData()) {
            XMLStreamReader x = XML.createXMLStreamReader(in);
            try {
                while (x.hasNext()) {
                    if (x.next() == XMLStreamConstants.START_ELEMENT) {
                        if ("workbookPr".equals(x.getLocalName())) {
                            String v = x.getAttributeValue(null, "date1904");
                            return "1".equals(v) || "true".equalsIgnoreCase(v);
                        }
                        if ("sheets".equals(x.getLocalName())) {
                            return false; // workbookPr comes before the sheets, when it is there
                        }
                    }
                }
                return false;
            } finally {
                x.close();
            }
        }
    }

    /** Rejects a file that is not an .xlsx zip package before POI tries it, naming what it is and what to do. */
    private static void checkIsXlsx(String name, File file) {
        FileMagic magic;
        try {
            if (file.length() == 0) {
                throw new BadInputException(name + ": the file is empty; save the workbook again as .xlsx, or remove it");
            }
            magic = FileMagic.valueOf(file);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot be read: " + e.getMessage(), e);
        }
        String what = switch (magic) {
            case OOXML -> null;
            case OLE2 -> isEncrypted(file)
                    ? "is protected by a password (an encrypted workbook cannot be read); remove the password in Excel"
                            + " (File > Info > Protect Workbook) and save it as Excel Workbook (.xlsx), or save it as CSV UTF-8"
                    : "is an Excel 97-2003 workbook (.xls) or another older Office file, not .xlsx; open it in Excel"
                            + " and save it as Excel Workbook (.xlsx) or CSV UTF-8";
            case HTML -> "is a web page (HTML) saved with an Excel name, not a workbook; open it in Excel and save it"
                    + " as Excel Workbook (.xlsx) or CSV UTF-8";
            case XML -> "is an XML file (an Excel 2003 XML spreadsheet?), not .xlsx; open it in Excel and save it"
                    + " as Excel Workbook (.xlsx) or CSV UTF-8";
            case PDF -> "is a PDF, not a workbook; export the data as .xlsx or CSV UTF-8";
            default -> "is not an Excel workbook (.xlsx is a zip package; this file is not one: a CSV or text file"
                    + " renamed?); if it is CSV UTF-8, name it .csv; else open it in Excel and save it as Excel Workbook (.xlsx)";
        };
        if (what != null) {
            throw new BadInputException(name + ": " + what);
        }
    }

    private static boolean isEncrypted(File file) {
        try (POIFSFileSystem fs = new POIFSFileSystem(file, true)) {
            DirectoryNode root = fs.getRoot();
            return root.hasEntry("EncryptionInfo") || root.hasEntry("EncryptedPackage");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static BadInputException notAWorkbook(String name, Exception e) {
        return new BadInputException(name + ": is not an Excel workbook that can be read (" + e.getMessage()
                + "); open it in Excel and save it as Excel Workbook (.xlsx), or as CSV UTF-8");
    }

    private static List<String> trimTrailingEmpty(String[] fields) {
        int n = fields.length;
        while (n > 0 && fields[n - 1].isEmpty()) {
            n--;
        }
        return java.util.Arrays.asList(fields).subList(0, n);
    }

    private static boolean isBlank(List<String> cells) {
        for (String c : cells) {
            if (!c.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }
}
