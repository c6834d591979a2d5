package org.organisermetrics.publish.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** How the sql verb prints a result: an aligned table for people, CSV or JSON for programs. */
public enum ResultFormat {
    TABLE, CSV, JSON;

    public static ResultFormat parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** Prints a result; a table shows at most maxRows rows and says how many it left out. */
    public void print(SqlRunner.Result r, PrintWriter out, int maxRows) {
        switch (this) {
            case TABLE -> table(r, out, maxRows);
            case CSV -> csv(r, out);
            case JSON -> json(r, out);
        }
        out.flush();
    }

    private static void table(SqlRunner.Result r, PrintWriter out, int maxRows) {
        int n = r.columns().size();
        List<List<String>> cells = new ArrayList<>();
        int shown = Math.min(r.rows().size(), maxRows);
        for (int i = 0; i < shown; i++) {
            List<String> line = new ArrayList<>();
            for (Object v : r.rows().get(i)) {
                line.add(v == null ? "NULL" : v instanceof Double || v instanceof Float ? human(((Number) v).doubleValue()) : plain(v));
            }
            cells.add(line);
        }
        int[] width = new int[n];
        boolean[] right = new boolean[n];
        for (int c = 0; c < n; c++) {
            width[c] = r.columns().get(c).length();
            String type = r.types().get(c).toUpperCase(Locale.ROOT);
            right[c] = type.matches("(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL).*");
            for (List<String> line : cells) {
                width[c] = Math.max(width[c], line.get(c).length());
            }
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < n; c++) {
            if (c > 0) {
                header.append("  ");
                rule.append("  ");
            }
            header.append(pad(r.columns().get(c), width[c], right[c]));
            rule.append("-".repeat(width[c]));
        }
        out.println(header.toString().stripTrailing());
        out.println(rule);
        for (List<String> line : cells) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < n; c++) {
                if (c > 0) {
                    b.append("  ");
                }
                b.append(pad(line.get(c), width[c], right[c]));
            }
            out.println(b.toString().stripTrailing());
        }
        int rows = r.rows().size();
        out.println("(" + rows + (rows == 1 ? " row" : " rows")
                + (shown < rows ? ", the first " + shown + " shown; --max-rows or --format csv for all" : "") + ")");
    }

    private static void csv(SqlRunner.Result r, PrintWriter out) {
        try {
            CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
            p.printRecord(r.columns());
            for (List<Object> row : r.rows()) {
                List<String> line = new ArrayList<>();
                row.forEach(v -> line.add(v == null ? "" : plain(v)));
                p.printRecord(line);
            }
            p.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void json(SqlRunner.Result r, PrintWriter out) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int c = 0; c < r.columns().size(); c++) {
                Object v = row.get(c);
                if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
                    v = d.toString();
                }
                m.put(r.columns().get(c), v);
            }
            rows.add(m);
        }
        try {
            out.println(new ObjectMapper().writeValueAsString(rows));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Full precision, never scientific notation. */
    private static String plain(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : Double.toString(d);
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        return v.toString();
    }

    /** For people: at most four decimal places. */
    private static String human(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        BigDecimal b = BigDecimal.valueOf(d).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}
