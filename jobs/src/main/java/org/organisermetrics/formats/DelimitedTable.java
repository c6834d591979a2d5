package org.organisermetrics.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import org.organisermetrics.contract.FileRuleException;

/**
 * A delimited export ({@code .csv}, {@code .tsv}, {@code .txt}, each maybe {@code .gz}) as its tool
 * writes it: the separator is found from the header line (tab, comma, semicolon or pipe), lines
 * above the header are a preamble (a council's update file starts with "Ref: ..." and a title),
 * quoting as RFC 4180 where a field starts with a quote. The text is UTF-8 (with or without a BOM)
 * when its first 64 KB are valid UTF-8; else it is read as Windows-1252, the encoding council
 * election software and Excel's plain "CSV" write on Windows (said in {@link #encoding()}).
 */
public final class DelimitedTable implements ExportTable {
    /** The lines searched for the header row. */
    static final int HEADER_SEARCH_LINES = 30;
    private static final int SNIFF_BYTES = 1 << 16;
    private static final char[] SEPARATORS = {'\t', ',', ';', '|'};
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final String fileName;
    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
    private final List<String> header;
    private final long headerLine;
    private final List<String> preamble;
    private final Charset encoding;
    private final char separator;
    private Row next;

    private DelimitedTable(String fileName, InputStream in, Predicate<List<String>> isHeader) throws IOException {
        this.fileName = fileName;
        BufferedInputStream raw = new BufferedInputStream(TextFiles.gunzipped(fileName, in, FileRuleException::new), SNIFF_BYTES * 2);
        raw.mark(SNIFF_BYTES + 8);
        byte[] head = raw.readNBytes(SNIFF_BYTES);
        raw.reset();
        this.encoding = isUtf8(head) ? StandardCharsets.UTF_8 : WINDOWS_1252;
        String text = new String(head, encoding);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        this.separator = separator(text, isHeader);
        Reader chars = encoding == StandardCharsets.UTF_8
                ? TextFiles.strictUtf8(fileName, raw, FileRuleException::new)
                : new InputStreamReader(raw, WINDOWS_1252);
        this.reader = CsvReader.builder()
                .fieldSeparator(separator)
                .skipEmptyLines(false)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .allowUnclosedQuote(false)
                .ofCsvRecord(chars);
        this.records = reader.iterator();
        List<String> above = new ArrayList<>();
        List<String> found = null;
        long line = 0;
        List<String> firstLine = null;
        long firstLineNumber = 0;
        while (found == null && hasNextRecord()) {
            CsvRecord r = records.next();
            List<String> fields = stripBom(r.getFields());
            if (blank(fields)) {
                continue;
            }
            if (firstLine == null) {
                firstLine = fields;
                firstLineNumber = r.getStartingLineNumber();
            }
            if (isHeader.test(fields) || above.size() >= HEADER_SEARCH_LINES) {
                found = fields;
                line = r.getStartingLineNumber();
            } else {
                above.add(String.join(String.valueOf(separator), fields));
            }
        }
        if (found == null && firstLine != null) {
            // No line looks like a known header: the first line stands as the header, for the report.
            found = firstLine;
            line = firstLineNumber;
            above.clear();
        }
        if (found == null) {
            throw new FileRuleException(fileName, 1, "the file is empty: it has no header row; export it again,"
                    + " or remove it from the landing folder");
        }
        this.header = List.copyOf(found);
        this.headerLine = line;
        this.preamble = List.copyOf(above);
    }

    /**
     * Opens a delimited export. {@code isHeader} tells a header row from a preamble line; when no line
     * among the first {@value #HEADER_SEARCH_LINES} satisfies it, the first non-blank line is the header.
     */
    public static DelimitedTable open(String fileName, InputStream in, Predicate<List<String>> isHeader) {
        try {
            return new DelimitedTable(fileName, in, isHeader);
        } catch (IOException e) {
            throw new UncheckedIOException(fileName + ": cannot be read: " + e.getMessage(), e);
        }
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
        return preamble;
    }

    /** The encoding the text was read in: UTF-8, or Windows-1252 when the file is not UTF-8. */
    public Charset encoding() {
        return encoding;
    }

    /** The field separator found from the header line. */
    public char separator() {
        return separator;
    }

    @Override
    public boolean hasNext() {
        while (next == null && hasNextRecord()) {
            CsvRecord r = records.next();
            List<String> fields = r.getFields();
            if (blank(fields)) {
                continue;
            }
            next = new Row(r.getStartingLineNumber(), fields.toArray(new String[0]));
        }
        return next != null;
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
        reader.close();
    }

    private boolean hasNextRecord() {
        try {
            return records.hasNext();
        } catch (CsvParseException | UncheckedIOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof FileRuleException f) {
                    throw f;
                }
                if (t.getCause() == t) {
                    break;
                }
            }
            throw new FileRuleException(fileName, headerLine, "is not valid delimited text (" + e.getMessage()
                    + "); a quote inside a quoted value must be doubled (\"\") and a quoted value closed: export the file again");
        }
    }

    private static boolean blank(List<String> fields) {
        for (String f : fields) {
            if (!f.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> stripBom(List<String> fields) {
        if (!fields.isEmpty() && fields.get(0).startsWith("\uFEFF")) {
            List<String> out = new ArrayList<>(fields);
            out.set(0, out.get(0).substring(1));
            return out;
        }
        return fields;
    }

    /** Valid UTF-8, allowing a multi-byte character cut at the end of the sample. */
    static boolean isUtf8(byte[] bytes) {
        int end = bytes.length;
        // Drop a possibly cut character at the end: up to 3 trailing bytes of an unfinished sequence.
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = bytes[end - back] & 0xff;
            if ((b & 0xC0) == 0xC0) { // a lead byte: is its sequence complete?
                int need = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
                if (back < need) {
                    end -= back;
                }
                break;
            }
            if ((b & 0x80) == 0) {
                break;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * The separator: the one whose split of some line among the first ones is a header {@code isHeader}
     * accepts; else the one found most often on the first non-blank line (a tab first when tied).
     */
    static char separator(String text, Predicate<List<String>> isHeader) {
        String[] lines = text.split("\r\n|\n|\r", HEADER_SEARCH_LINES + 2);
        int n = Math.min(lines.length, HEADER_SEARCH_LINES + 1);
        for (int i = 0; i < n; i++) {
            for (char sep : SEPARATORS) {
                if (lines[i].indexOf(sep) >= 0 && isHeader.test(split(lines[i], sep))) {
                    return sep;
                }
            }
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            char best = ',';
            long most = 0;
            for (char sep : SEPARATORS) {
                long count = line.chars().filter(c -> c == sep).count();
                if (count > most) {
                    most = count;
                    best = sep;
                }
            }
            return best;
        }
        return ',';
    }

    /** A line split on a separator, quotes around a field removed (enough to recognise a header). */
    static List<String> split(String line, char sep) {
        List<String> out = new ArrayList<>();
        for (String f : line.split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1)) {
            String t = f.strip();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1).replace("\"\"", "\"");
            }
            out.add(t.replace("\uFEFF", ""));
        }
        return Arrays.asList(out.toArray(new String[0]));
    }
}
