package org.organisermetrics.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The bench's SQL: its files (resources under bench/) with ${name} placeholders and statements, and one-value queries. */
public final class Sql {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    private Sql() {}

    public static String resource(String name) {
        try (InputStream in = Sql.class.getResourceAsStream("/bench/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no resource bench/" + name + " in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces every ${name}; a placeholder without a value is an error (a typo would otherwise run). */
    public static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("no value for ${" + m.group(1) + "}");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }

    /**
     * The statements of a script, split on semicolons that end a line (the bench's own files keep
     * one statement per such line; no semicolon at a line's end inside a string).
     */
    public static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                addIfCode(out, current.toString());
                current.setLength(0);
            }
        }
        addIfCode(out, current.toString());
        return out;
    }

    private static void addIfCode(List<String> out, String statement) {
        boolean code = statement.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("--"));
        if (code) {
            out.add(statement.strip());
        }
    }

    /** Runs one statement. */
    static void execute(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of a query's first row, as a long. */
    static long scalar(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of a query's first row, as text. */
    static String string(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
