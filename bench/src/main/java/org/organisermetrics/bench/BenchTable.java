package org.organisermetrics.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table of the benchmark (header + rows of cells), printed three ways: aligned text for the
 * terminal, Markdown for docs, CSV for tools. Numbers are formatted by the helpers here so the
 * three agree. An unknown value is {@link #UNKNOWN} (a dash).
 */
public final class BenchTable {
    public static final String UNKNOWN = "-";

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public BenchTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    public BenchTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + header.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public List<String> header() {
        return header;
    }

    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    /** Columns padded to their widest cell, numbers (and dashes) right-aligned. */
    public String text() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder b = new StringBuilder();
        appendText(b, header, width, true);
        for (int c = 0; c < width.length; c++) {
            b.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        b.append('\n');
        for (List<String> r : rows) {
            appendText(b, r, width, false);
        }
        return b.toString();
    }

    private static void appendText(StringBuilder b, List<String> cells, int[] width, boolean isHeader) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            b.append(c == 0 ? "" : "  ");
            b.append(!isHeader && c > 0 && numeric(cell) ? pad + cell : cell + (c == cells.size() - 1 ? "" : pad));
        }
        b.append('\n');
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(String.join(" | ", escape(header))).append(" |\n|");
        for (int c = 0; c < header.size(); c++) {
            b.append(c == 0 ? "---|" : "---:|");
        }
        b.append('\n');
        for (List<String> r : rows) {
            b.append("| ").append(String.join(" | ", escape(r))).append(" |\n");
        }
        return b.toString();
    }

    /** RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled. */
    public String csv() {
        StringBuilder b = new StringBuilder();
        b.append(csvLine(header));
        rows.forEach(r -> b.append(csvLine(r)));
        return b.toString();
    }

    private static String csvLine(List<String> cells) {
        List<String> out = new ArrayList<>();
        for (String c : cells) {
            out.add(c.contains(",") || c.contains("\"") || c.contains("\n") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        return String.join(",", out) + "\n";
    }

    private static List<String> escape(List<String> cells) {
        return cells.stream().map(c -> c.replace("|", "\\|")).toList();
    }

    static boolean numeric(String cell) {
        return cell.equals(UNKNOWN) || cell.matches("[-+]?[0-9][0-9,]*(\\.[0-9]+)?( ?[a-zA-Z%/x]+)?");
    }

    // ---- number formats shared by every table ----

    /** Milliseconds as seconds with one decimal ("12.3"); unknown when negative. */
    public static String seconds(long millis) {
        return millis < 0 ? UNKNOWN : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    /** Seconds to the millisecond ("0.042"): for queries, where tenths would read 0.0; unknown when negative. */
    public static String millisAsSeconds(long millis) {
        return millis < 0 ? UNKNOWN : String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** A count with thousands separators ("18,234,001"); unknown when negative. */
    public static String count(long n) {
        return n < 0 ? UNKNOWN : String.format(Locale.ROOT, "%,d", n);
    }

    /** Bytes in binary units with one decimal ("1.3 GiB", "512.0 KiB"); unknown when negative. */
    public static String bytes(long n) {
        if (n < 0) {
            return UNKNOWN;
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Rows per second, whole; unknown when either is unknown or the time is 0. */
    public static String rate(long rows, long millis) {
        return rows < 0 || millis <= 0 ? UNKNOWN : String.format(Locale.ROOT, "%,d", Math.round(rows * 1000.0 / millis));
    }

    /** ours / theirs as "2.35x"; unknown when either is unknown or theirs is 0. */
    public static String ratio(long ours, long theirs) {
        return ours < 0 || theirs <= 0 ? UNKNOWN : String.format(Locale.ROOT, "%.2fx", (double) ours / theirs);
    }
}
