package org.organisermetrics.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.ColumnType;
import org.organisermetrics.contract.Columns;
import org.organisermetrics.contract.Privacy;
import org.organisermetrics.contract.Source;
import org.organisermetrics.privacy.Pseudonymiser;

/**
 * The DuckDB peer's ingest statement for one landing source, filled into the template
 * {@code bench/peer-ingest.sql}: the contract's columns (the same {@link Source} our ingest reads)
 * as explicit read_csv column types, codes upper-cased, dates in either of the contract's two
 * forms, personal columns left out, facts partitioned by month and sorted by seat and date as ours are;
 * person ids as plain text or (keyed) as ours' keyed hashes.
 *
 * <p>Files are grouped by their header and dialect (byte-order mark, CRLF or LF) and each group is one
 * {@code read_csv} over a list of files: DuckDB 2.0 reading a list of CSV files whose line endings
 * differ silently returned the rows of the first dialect only (measured on data-samples/contacts:
 * 2023-12 (LF) + 2023-11 (CRLF) gave 87 rows, not 195). The bench checks the peer's row count of
 * every source against ours.
 */
public final class PeerIngestSql {
    private PeerIngestSql() {}

    /** A landing file's first line, parsed: header names (trimmed, lower-cased), BOM and line ending. */
    public record FileHeader(List<String> names, boolean bom, boolean crlf) {
        String groupKey() {
            return String.join(",", names) + "|" + bom + "|" + crlf;
        }
    }

    /**
     * The full statement for a source and its files; {@code target} is the output folder. With
     * {@code keyed}, person ids are written as ours are: keyed hashes named *_key, made by the
     * session's {@code person_key} macro ({@link #personKeyMacros}); without, as plain trimmed text.
     */
    public static String statement(String template, Source source, List<Path> files, Path target, boolean keyed) {
        Map<String, List<Path>> groups = new LinkedHashMap<>();
        Map<String, FileHeader> headers = new LinkedHashMap<>();
        for (Path f : files) {
            FileHeader h = readHeader(f);
            groups.computeIfAbsent(h.groupKey(), k -> new ArrayList<>()).add(f);
            headers.putIfAbsent(h.groupKey(), h);
        }
        List<String> reads = new ArrayList<>();
        groups.forEach((key, group) -> reads.add(readCsv(source, headers.get(key), group)));
        boolean fact = source.kind() == Source.Kind.FACT;
        Map<String, String> values = new LinkedHashMap<>();
        values.put("source", source.folder());
        values.put("select", selectList(source, keyed));
        values.put("read", String.join("\n        UNION ALL BY NAME\n        ", reads));
        values.put("order", fact ? "ORDER BY " + (source.indexOf(Columns.SEAT_CODE) >= 0 ? "seat_code, " : "") + source.dateColumn() : "");
        values.put("target", literal(fact ? target.toString() : target.resolve("data.parquet").toString()));
        values.put("partition", fact ? ", PARTITION_BY (month), OVERWRITE_OR_IGNORE" : "");
        return Sql.fill(template, values);
    }

    /** One read_csv over files sharing a header and dialect: skip the header line, name and type every column. */
    static String readCsv(Source source, FileHeader header, List<Path> files) {
        List<String> columns = new ArrayList<>();
        for (String name : header.names()) {
            int i = source.indexOf(name);
            String type = i < 0 ? "VARCHAR" : duckDbType(source.columns().get(i).type());
            columns.add(literal(name) + ": " + literal(type));
        }
        List<String> paths = files.stream().map(p -> literal(p.toString())).toList();
        // An optional contract column the files lack (a landing zone written before the column existed) is null, as in ours.
        StringBuilder missing = new StringBuilder();
        for (Column c : source.columns()) {
            if (!header.names().contains(c.name())) {
                missing.append(", CAST(NULL AS ").append(duckDbType(c.type())).append(") AS ").append(c.name());
            }
        }
        return "SELECT *" + missing + " FROM read_csv([" + String.join(", ", paths) + "], header = false, skip = 1, delim = ',', "
                + "quote = '\"', escape = '\"', new_line = " + (header.crlf() ? "'\\r\\n'" : "'\\n'")
                + ", columns = {" + String.join(", ", columns) + "})";
    }

    /** The contract's columns outside the personal ones, each converted as our ingest does; facts add month. */
    static String selectList(Source source, boolean keyed) {
        List<String> out = new ArrayList<>();
        for (Column c : source.columns()) {
            if (c.privacy() == Privacy.PERSONAL) {
                continue;
            }
            if (keyed && c.privacy() == Privacy.PSEUDONYMISED) {
                out.add("person_key(" + literal(Pseudonymiser.entityOf(c.name())) + ", " + convert(c) + ") AS " + c.curatedName());
            } else {
                out.add(convert(c) + " AS " + c.name());
            }
        }
        if (source.kind() == Source.Kind.FACT) {
            out.add("CAST(date_trunc('month', landing_date(" + source.dateColumn() + ")) AS DATE) AS month");
        }
        return String.join(",\n           ", out);
    }

    /**
     * A column as our ingest converts it. DuckDB's {@code trim} takes spaces off (and a no-break
     * space), where ours (Java's {@code String.trim}) takes every character up to U+0020 and keeps a
     * no-break space. The generated landing zones and data-samples hold no tab, no other control
     * character and no no-break space (checked with grep), so the two agree on them. DuckDB's
     * {@code trim(x, characters)} would match Java's exactly but ran 22 times slower (20 M padded
     * values: 11.0 s against 0.5 s), which would make the peer look slower than it is.
     */
    static String convert(Column c) {
        String n = c.name();
        return switch (c.type()) {
            case TEXT, ID -> "trim(" + n + ")";
            case CODE, UPPER_ID -> "upper(trim(" + n + "))";
            case DATE -> "landing_date(" + n + ")";
            case MONTH -> "CAST(strptime(trim(" + n + "), '%Y-%m') AS DATE)";
            case BOOLEAN, COUNT, HOURS, MONEY -> n;
        };
    }

    /** How read_csv types a contract column: dates as text (two forms, parsed by landing_date), the rest typed. */
    static String duckDbType(ColumnType type) {
        return switch (type) {
            case TEXT, ID, CODE, UPPER_ID, DATE, MONTH -> "VARCHAR";
            case BOOLEAN -> "BOOLEAN";
            case COUNT -> "BIGINT";
            case HOURS -> "DOUBLE";
            case MONEY -> "DECIMAL(14,2)";
        };
    }

    static FileHeader readHeader(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = new BufferedInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
            byte[] buf = in.readNBytes(64 * 1024);
            return parseHeader(buf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the header of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The header from a file's first bytes: BOM, names split on commas (quotes removed), CRLF or LF. */
    static FileHeader parseHeader(byte[] start) {
        int from = 0;
        boolean bom = start.length >= 3 && (start[0] & 0xff) == 0xEF && (start[1] & 0xff) == 0xBB && (start[2] & 0xff) == 0xBF;
        if (bom) {
            from = 3;
        }
        int end = from;
        while (end < start.length && start[end] != '\n') {
            end++;
        }
        boolean crlf = end > from && end < start.length && start[end - 1] == '\r';
        String line = new String(start, from, (crlf ? end - 1 : end) - from, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        for (String n : line.split(",", -1)) {
            names.add(n.replace("\"", "").trim().toLowerCase(Locale.ROOT));
        }
        return new FileHeader(names, bom, crlf);
    }

    /** Whether the source has person ids, which the keyed ingest writes as keyed hashes. */
    public static boolean hasPersonIds(Source source) {
        return source.columns().stream().anyMatch(c -> c.privacy() == Privacy.PSEUDONYMISED);
    }

    /**
     * DuckDB macros for ours' keyed hash ({@link Pseudonymiser#key}) in SQL: {@code hmac_sha256(msg)}
     * is RFC 2104's HMAC-SHA256 (SHA-256 of the outer pad and the SHA-256 of the inner pad and the
     * message) as lower-case hex, and {@code person_key(entity, id)} its first 32 hex digits over
     * "entity|id", NULL for a NULL or blank id. The pads are the secret XOR 0x36 and 0x5c; they are
     * as secret as the secret, so this text is run, never written to a file.
     */
    public static String personKeyMacros(byte[] secret) {
        byte[] inner = Pseudonymiser.pad(secret, Pseudonymiser.INNER_PAD);
        byte[] outer = Pseudonymiser.pad(secret, Pseudonymiser.OUTER_PAD);
        HexFormat hex = HexFormat.of();
        return "CREATE OR REPLACE MACRO hmac_sha256(msg) AS sha256(unhex('" + hex.formatHex(outer) + "') || unhex(sha256(unhex('"
                + hex.formatHex(inner) + "') || encode(msg))));\n"
                + "CREATE OR REPLACE MACRO person_key(entity, id) AS CASE WHEN id IS NULL OR trim(id) = '' THEN NULL"
                + " ELSE left(hmac_sha256(entity || '|' || id), 32) END;\n";
    }

    /** A SQL string literal. */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
