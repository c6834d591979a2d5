package org.organisermetrics.generate;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.organisermetrics.contract.Source;

/**
 * Reads a generated landing zone with plain Java and commons-csv, independently of the generator,
 * the way the contract says a reader must: BOM stripped, header names trimmed and lower-cased,
 * any column order, extra columns ignored.
 */
final class Landing {
    private Landing() {}

    /** One data record: its file, the line it starts on, its cells by (normalised) column name, and its field count. */
    record Row(String file, long line, Map<String, String> cells, int fields, int headerFields) {
        String get(String column) {
            String v = cells.get(column);
            return v == null || v.trim().isEmpty() ? null : v.trim();
        }
    }

    static List<Path> files(Path landing, Source s) {
        Path dir = landing.resolve(s.folder());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> st = Files.list(dir)) {
            return st.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> rows(Path landing, Source s) {
        List<Row> out = new ArrayList<>();
        for (Path f : files(landing, s)) {
            out.addAll(read(f));
        }
        return out;
    }

    static List<Row> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            List<Row> out = new ArrayList<>();
            try (CSVParser p = CSVFormat.RFC4180.builder().get().parse(new StringReader(text))) {
                List<String> header = null;
                for (CSVRecord r : p) {
                    if (header == null) {
                        header = new ArrayList<>();
                        for (String h : r) {
                            header.add(h.trim().toLowerCase(Locale.ROOT));
                        }
                        continue;
                    }
                    Map<String, String> cells = new HashMap<>();
                    for (int i = 0; i < Math.min(r.size(), header.size()); i++) {
                        cells.put(header.get(i), r.get(i));
                    }
                    out.add(new Row(file.getFileName().toString(), r.getCharacterPosition() >= 0
                            ? p.getCurrentLineNumber() : 0, cells, r.size(), header.size()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final DateTimeFormatter UK = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    /** yyyy-MM-dd or dd/MM/yyyy; null when neither. */
    static LocalDate date(String v) {
        if (v == null) {
            return null;
        }
        String t = v.trim();
        try {
            return LocalDate.parse(t, t.length() > 2 && t.charAt(2) == '/' ? UK : ISO);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Boolean bool(String v) {
        if (v == null) {
            return null;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "no", "n", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    static String upper(String v) {
        return v == null ? null : v.trim().toUpperCase(Locale.ROOT);
    }
}
