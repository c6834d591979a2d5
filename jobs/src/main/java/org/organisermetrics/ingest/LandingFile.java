package org.organisermetrics.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.Source;
import org.organisermetrics.formats.TextFiles;
import org.organisermetrics.formats.ExcelTable;
import org.organisermetrics.formats.ExportTable;

/**
 * One landing file, read to the contract's file rules: a CSV file (UTF-8 with or without a BOM, LF
 * or CRLF, RFC 4180 quoting: quoted commas, doubled quotes, quoted line breaks; a {@code .gz} file
 * decompressed) or the first sheet of an Excel workbook ({@code .xlsx}, read by {@link ExcelTable}).
 * The header row's names match the contract case-insensitively after trimming, in any order. Each
 * record carries the line it starts on: a CSV file's physical line (the header is line 1), a
 * sheet's row number as Excel shows it (the header is its first non-blank row).
 *
 * <p>Read with FastCSV (faster than commons-csv) in its strict form: a quote left open at the end of
 * the file, or anything but a comma or a line end after a closing quote, rejects the file naming the
 * line. {@code LandingFileTest} checks that it gives the records and lines commons-csv gives on
 * 50,000 random texts of quotes, commas and line ends, but for one case on purpose: spaces between a
 * closing quote and the comma ({@code "a" ,b}), which RFC 4180 does not allow, reject the file where
 * commons-csv drops them.
 */
public final class LandingFile implements Closeable, Iterator<LandingFile.Record> {

    /**
     * A data record: the values in the contract's column order (null where the file lacks the column),
     * the physical line it starts on, whether its field count differs from the header's, and its text
     * as CSV (for the quarantine). The text of a record read from a file is printed only when asked
     * for: few rows are quarantined, and printing every record cost a tenth of the parse (JFR).
     */
    public static final class Record {
        private final long line;
        private final String[] values;
        private final boolean malformed;
        private final String[] fields;
        private String text;
        private final org.organisermetrics.contract.Reason rejected;
        private final String rejectedDetail;

        public Record(long line, String[] values, boolean malformed, String text) {
            this(line, values, malformed, null, text, null, null);
        }

        private Record(long line, String[] values, boolean malformed, String[] fields, String text) {
            this(line, values, malformed, fields, text, null, null);
        }

        /**
         * A record an export's format made (formats/): its values in contract order, the export row's
         * fields (its text for the quarantine), and the reason when the format could not map it
         * (an unknown polling district or code), which quarantines it before any contract rule.
         */
        public static Record ofExport(long line, String[] values, String[] exportFields,
                                      org.organisermetrics.contract.Reason rejected, String detail) {
            return new Record(line, values, false, exportFields, null, rejected, detail);
        }

        private Record(long line, String[] values, boolean malformed, String[] fields, String text,
                       org.organisermetrics.contract.Reason rejected, String rejectedDetail) {
            this.line = line;
            this.values = values;
            this.malformed = malformed;
            this.fields = fields;
            this.text = text;
            this.rejected = rejected;
            this.rejectedDetail = rejectedDetail;
        }

        /** The reason the export's format could not map this record; null for a mapped one. */
        public org.organisermetrics.contract.Reason rejected() {
            return rejected;
        }

        public String rejectedDetail() {
            return rejectedDetail;
        }

        public long line() {
            return line;
        }

        public String[] values() {
            return values;
        }

        public boolean malformed() {
            return malformed;
        }

        /** The fields as the file has them, in its column order (null for a record not read from a file). */
        String[] fields() {
            return fields;
        }

        /** The record as CSV: as given, or printed from the file's fields on first use. */
        public String text() {
            if (text == null && fields != null) {
                text = reprint(fields);
            }
            return text;
        }
    }

    /** How the header matches the contract. */
    public record Header(List<String> names, int[] contractToFile, List<String> missingRequired,
                         List<String> unknown) {}

    /**
     * RFC 4180, strictly: blank lines kept (this class skips them, still counting their lines), any
     * field count returned as it is (a record whose count differs from the header's is malformed, a
     * row rule, not a file rule), and an unclosed quote an error (FastCSV's default accepts it).
     */
    private static final CsvReader.CsvReaderBuilder FORMAT = CsvReader.builder()
            .skipEmptyLines(false)
            .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
            .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
            .allowUnclosedQuote(false);

    /** FastCSV names the line a bad record starts on in its message: "(record starting at line 7)". */
    private static final Pattern ERROR_LINE = Pattern.compile("record starting at line (\\d+)");

    private final String fileName;
    private final Source source;
    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
    /** A workbook's sheet ({@link ExcelTable}); null for a CSV file, read by {@link #reader}. */
    private final ExportTable table;
    private final Header header;
    private final long headerLine;
    private long lastLine;
    private Record next;

    public LandingFile(Source source, String fileName, InputStream in) {
        this.source = source;
        this.fileName = fileName;
        try {
            this.reader = FORMAT.ofCsvRecord(utf8Reader(fileName, in));
        } catch (IOException e) {
            throw new UncheckedIOException(fileName + ": cannot be read: " + e.getMessage(), e);
        }
        this.records = reader.iterator();
        if (!hasNextRecord()) {
            throw new LandingFileException(fileName, 1, "the file is empty: it has no header row; export it again,"
                    + " or remove it from the landing folder");
        }
        CsvRecord first = records.next();
        lastLine = first.getStartingLineNumber();
        this.headerLine = lastLine;
        this.table = null;
        this.header = matchHeader(source, fields(first));
    }

    /**
     * A landing file already opened as a table (a workbook's first sheet): its header and rows go
     * through the same contract rules, each row's line the sheet's row number.
     */
    public LandingFile(Source source, String fileName, ExportTable table) {
        this.source = source;
        this.fileName = fileName;
        this.reader = null;
        this.records = null;
        this.table = table;
        this.headerLine = table.headerLine();
        this.header = matchHeader(source, table.header().toArray(new String[0]));
    }

    /**
     * Opens a landing file by its name: an Excel workbook ({@link Landing#isWorkbook}) through
     * {@link ExcelTable} (its first sheet; a local file read in place, any other copied first), else
     * CSV. Closing the LandingFile closes the file.
     */
    public static LandingFile open(Source source, String fileName, String uri, org.apache.hadoop.conf.Configuration conf)
            throws IOException {
        if (Landing.isWorkbook(fileName)) {
            java.net.URI u = new org.apache.hadoop.fs.Path(uri).toUri();
            ExcelTable sheet = "file".equals(u.getScheme())
                    ? ExcelTable.open(fileName, new java.io.File(u))
                    : ExcelTable.open(fileName, Landing.openFile(uri, conf));
            try {
                return new LandingFile(source, fileName, sheet);
            } catch (RuntimeException e) {
                sheet.close();
                throw e;
            }
        }
        InputStream in = Landing.openFile(uri, conf);
        try {
            return new LandingFile(source, fileName, in);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public Header header() {
        return header;
    }

    /** A workbook's sheets in tab order (the first is the one read); empty for a CSV file. */
    public List<String> sheets() {
        return table instanceof ExcelTable sheet ? sheet.sheets() : List.of();
    }

    /** The line of the header row (1 in a CSV file; a sheet's header may sit below blank rows). */
    public long headerLine() {
        return headerLine;
    }

    @Override
    public boolean hasNext() {
        if (table != null) {
            if (next == null && table.hasNext()) {
                ExportTable.Row row = table.next();
                next = toRecord(row.line(), row.fields());
            }
            return next != null;
        }
        while (next == null && hasNextRecord()) {
            CsvRecord r = records.next();
            lastLine = r.getStartingLineNumber();
            if (r.getFieldCount() == 1 && r.getField(0).isEmpty()) {
                continue; // a blank line is not a row
            }
            next = toRecord(lastLine, fields(r));
        }
        return next != null;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Record r = next;
        next = null;
        return r;
    }

    @Override
    public void close() throws IOException {
        if (table != null) {
            table.close();
        } else {
            reader.close();
        }
    }

    private boolean hasNextRecord() {
        try {
            return records.hasNext();
        } catch (CsvParseException | UncheckedIOException e) {
            LandingFileException ours = landingFileError(e);
            if (ours != null) {
                throw ours; // a bad byte or a broken .gz, found by the reader with its exact line
            }
            Matcher m = ERROR_LINE.matcher(String.valueOf(e.getMessage()));
            long line = m.find() ? Long.parseLong(m.group(1)) : lastLine + 1;
            throw new LandingFileException(fileName, line, "is not valid CSV from this line (" + e.getMessage()
                    + "); a quote inside a value must be doubled (\"\") and a quoted value closed: fix the quoting"
                    + " or export the file again");
        }
    }

    private static LandingFileException landingFileError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LandingFileException l) {
                return l;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String[] fields(CsvRecord r) {
        String[] out = new String[r.getFieldCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.getField(i);
        }
        return out;
    }

    private Record toRecord(long line, String[] raw) {
        String[] values = new String[source.columns().size()];
        boolean malformed = raw.length != header.names().size();
        for (int c = 0; c < values.length; c++) {
            int f = header.contractToFile()[c];
            values[c] = f >= 0 && f < raw.length ? raw[f] : null;
        }
        return new Record(line, values, malformed, raw, null);
    }

    /** The record as CSV again, for the quarantine (restricted zone only). */
    static String reprint(String[] raw) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("").get())) {
            p.printRecord((Object[]) raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static Header matchHeader(Source source, String[] fileHeader) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < fileHeader.length; i++) {
            String name = normaliseName(fileHeader[i]);
            names.add(name);
            position.putIfAbsent(name, i);
        }
        int[] contractToFile = new int[source.columns().size()];
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < contractToFile.length; c++) {
            Column column = source.columns().get(c);
            contractToFile[c] = position.getOrDefault(column.name(), -1);
            if (contractToFile[c] < 0 && column.required()) {
                missing.add(column.name());
            }
        }
        List<String> unknown = names.stream()
                .filter(n -> !n.isEmpty() && source.indexOf(n) < 0)
                .toList();
        return new Header(List.copyOf(names), contractToFile, List.copyOf(missing), unknown);
    }

    static String normaliseName(String name) {
        return name.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
    }

    /** A strict UTF-8 reader of a landing file: {@link TextFiles#utf8Reader}. */
    public static Reader utf8Reader(String fileName, InputStream in) throws IOException {
        return TextFiles.utf8Reader(fileName, in, LandingFileException::new);
    }
}
