package org.organisermetrics.ingest;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.Source;

/**
 * One landing CSV file, read to the contract's file rules: UTF-8 with or without a BOM, LF or
 * CRLF, RFC 4180 quoting (quoted commas, doubled quotes, quoted line breaks), a header row whose
 * names match the contract case-insensitively after trimming, in any order. A {@code .gz} file is
 * decompressed. Each record carries the physical line it starts on (the header is line 1).
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

        public Record(long line, String[] values, boolean malformed, String text) {
            this(line, values, malformed, null, text);
        }

        private Record(long line, String[] values, boolean malformed, String[] fields, String text) {
            this.line = line;
            this.values = values;
            this.malformed = malformed;
            this.fields = fields;
            this.text = text;
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

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false)
            .get();

    private final String fileName;
    private final Source source;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Header header;
    private long linesConsumed;
    private Record next;

    public LandingFile(Source source, String fileName, InputStream in) {
        this.source = source;
        this.fileName = fileName;
        try {
            this.parser = CSVParser.builder().setReader(utf8Reader(fileName, in)).setFormat(FORMAT).get();
        } catch (CharacterCodingException e) {
            throw new LandingFileException(fileName, 1, "is not valid UTF-8 near the start of the file (" + e + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(fileName + ": cannot be read: " + e.getMessage(), e);
        }
        this.records = parser.iterator();
        if (!hasNextRecord()) {
            throw new LandingFileException(fileName, 1, "the file is empty: it has no header row");
        }
        CSVRecord first = records.next();
        linesConsumed = parser.getCurrentLineNumber();
        this.header = matchHeader(source, first.values());
    }

    public Header header() {
        return header;
    }

    @Override
    public boolean hasNext() {
        while (next == null && hasNextRecord()) {
            long startLine = linesConsumed + 1;
            CSVRecord r = records.next();
            linesConsumed = parser.getCurrentLineNumber();
            if (r.size() == 1 && r.get(0).isEmpty()) {
                continue; // a blank line is not a row
            }
            next = toRecord(startLine, r.values());
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
        parser.close();
    }

    private boolean hasNextRecord() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            Throwable cause = e.getCause() instanceof CharacterCodingException ? e.getCause() : e;
            String what = cause instanceof CharacterCodingException ? "is not valid UTF-8" : "is not valid CSV";
            throw new LandingFileException(fileName, linesConsumed + 1,
                    what + " near this line (" + cause.getMessage() + ")");
        }
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

    /** A strict UTF-8 reader (invalid bytes fail), gunzipping a .gz name, without a leading byte-order mark. */
    public static Reader utf8Reader(String fileName, InputStream in) throws IOException {
        InputStream raw = fileName.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        PushbackReader reader = new PushbackReader(new BufferedReader(new InputStreamReader(raw, decoder), 1 << 16), 1);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first); // no byte-order mark: give the first character back
        }
        return reader;
    }
}
