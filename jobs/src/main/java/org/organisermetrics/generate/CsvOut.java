package org.organisermetrics.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.ColumnType;
import org.organisermetrics.contract.Source;

/**
 * Writes one landing CSV (RFC 4180) in a {@link FileStyle}. Rows are given in contract column
 * order as typed values (String, LocalDate, YearMonth, Boolean, Number) and formatted here;
 * a {@link Raw} cell is written as it is (the bad values of injected rows).
 */
final class CsvOut implements AutoCloseable {

    /** A cell written exactly as given (still CSV-quoted when needed). */
    record Raw(String text) implements java.io.Serializable {}

    private final Source source;
    private final FileStyle style;
    private final List<Column> columns;
    private final int[] order;
    private final Writer out;
    private final String eol;
    private final int keepFirst;
    private final List<String> firstLines = new ArrayList<>();
    private final StringBuilder line = new StringBuilder(256);
    private long rows;

    CsvOut(FileSystem fs, Path path, Source source, FileStyle style, int keepFirst) {
        this.source = source;
        this.style = style;
        this.columns = source.columns();
        this.keepFirst = keepFirst;
        if (style.order() != null) {
            this.order = style.order();
        } else {
            this.order = new int[columns.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }
        this.eol = style.crlf() ? "\r\n" : "\n";
        try {
            this.out = new BufferedWriter(new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8),
                    1 << 16);
            if (style.bom()) {
                out.write('\uFEFF');
            }
            out.write(header());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private String header() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < order.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(headerName(columns.get(order[i]).name()));
        }
        if (style.extraColumn() != null) {
            b.append(',').append(headerName(style.extraColumn()));
        }
        return b.append(eol).toString();
    }

    private String headerName(String name) {
        return switch (style.headerCase()) {
            case AS_IS -> name;
            case UPPER -> name.toUpperCase(Locale.ROOT);
            case SPACED_TITLE -> " " + titleCase(name) + " ";
        };
    }

    /** A good row, contract column order. */
    void row(Object... cells) {
        render(cells, false);
        if (firstLines.size() < keepFirst) {
            firstLines.add(line.toString());
        }
        emit();
    }

    /** An injected bad row; malformed = one field short of the header. */
    void bad(Object[] cells, boolean malformed) {
        render(cells, malformed);
        emit();
    }

    /** Repeats up to n of the first rows verbatim (exact duplicates); returns how many. */
    int duplicates(int n) {
        int k = Math.min(n, firstLines.size());
        for (int i = 0; i < k; i++) {
            line.setLength(0);
            line.append(firstLines.get(i));
            emit();
        }
        return k;
    }

    long rows() {
        return rows;
    }

    private void emit() {
        try {
            out.write(line.append(eol).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
    }

    private void render(Object[] cells, boolean malformed) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(source.folder() + ": " + cells.length + " cells for "
                    + columns.size() + " columns");
        }
        line.setLength(0);
        int fields = order.length + (style.extraColumn() != null ? 1 : 0) - (malformed ? 1 : 0);
        int written = 0;
        for (int i = 0; i < order.length && written < fields; i++, written++) {
            if (i > 0) {
                line.append(',');
            }
            Column c = columns.get(order[i]);
            quote(format(c, cells[order[i]]));
        }
        if (style.extraColumn() != null && written < fields) {
            line.append(',');
            quote(style.extraValue());
        }
    }

    private String format(Column c, Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Raw raw) {
            return raw.text();
        }
        if (v instanceof LocalDate d) {
            return style.ukDate(c.name()) ? ukDate(d) : d.toString();
        }
        if (v instanceof YearMonth m) {
            return m.toString();
        }
        if (v instanceof Boolean b) {
            return bool(b);
        }
        String s = v.toString();
        if (c.type() == ColumnType.CODE) {
            return codeCase(s);
        }
        return s;
    }

    private String bool(boolean b) {
        FileStyle.BoolStyle bs = style.boolStyle();
        if (bs == FileStyle.BoolStyle.MIXED) {
            bs = FileStyle.BoolStyle.values()[(int) (rows % 4)];
        }
        return switch (bs) {
            case YES_NO -> b ? "yes" : "no";
            case Y_N -> b ? "Y" : "N";
            case ONE_ZERO -> b ? "1" : "0";
            default -> b ? "true" : "false";
        };
    }

    private String codeCase(String s) {
        FileStyle.CodeCase cc = style.codeCase();
        if (cc == FileStyle.CodeCase.MIXED) {
            cc = FileStyle.CodeCase.values()[(int) (rows % 3)];
        }
        return switch (cc) {
            case LOWER -> s.toLowerCase(Locale.ROOT);
            case TITLE -> titleCase(s);
            default -> s;
        };
    }

    static String titleCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (char ch : s.toCharArray()) {
            b.append(start ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
            start = ch == '_' || ch == ' ';
        }
        return b.toString();
    }

    static String ukDate(LocalDate d) {
        int day = d.getDayOfMonth();
        int month = d.getMonthValue();
        return (day < 10 ? "0" : "") + day + (month < 10 ? "/0" : "/") + month + "/" + d.getYear();
    }

    private void quote(String s) {
        boolean needs = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') {
                needs = true;
                break;
            }
        }
        if (!needs) {
            line.append(s);
            return;
        }
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                line.append('"');
            }
            line.append(ch);
        }
        line.append('"');
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
