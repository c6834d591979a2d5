package org.organisermetrics.publish.catalogue;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL file into statements at semicolons that are outside strings ('...', E'...'),
 * quoted names ("..."), dollar-quoted strings ($$...$$, $tag$...$tag$) and comments (-- and
 * /* *&#47;). Each statement keeps its text from just after the previous semicolon and knows the
 * file line its code starts on, so the line numbers in DuckDB's messages ("LINE 3:") map back to
 * the file. Statements that are only comments and blanks are dropped.
 */
public final class SqlScript {

    /** One statement: its text, the file line its text starts on and the line its code starts on (1-based). */
    public record Statement(String sql, int firstLine, int codeLine) {
        /**
         * The file line of a line number in DuckDB's messages ("LINE 2:"), which DuckDB counts from
         * the statement's first code, after leading blanks and comments.
         */
        public int fileLine(int lineInStatement) {
            return codeLine + lineInStatement - 1;
        }
    }

    private SqlScript() {}

    public static List<Statement> split(String text) {
        List<Statement> out = new ArrayList<>();
        int start = 0;
        int startLine = 1;
        int line = 1;
        boolean hasCode = false;
        int codeLine = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char ch = text.charAt(i);
            char next = i + 1 < n ? text.charAt(i + 1) : '\0';
            if (ch == '-' && next == '-') {
                int end = text.indexOf('\n', i);
                i = end < 0 ? n : end;
                continue;
            }
            if (ch == '/' && next == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(text, i, end);
                i = end;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                boolean backslash = ch == '\'' && i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(text.charAt(i - 2)));
                int j = i + 1;
                while (j < n) {
                    char c = text.charAt(j);
                    if (backslash && c == '\\') {
                        j += 2;
                        continue;
                    }
                    if (c == ch) {
                        if (j + 1 < n && text.charAt(j + 1) == ch) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                int end = Math.min(n, j + 1);
                if (!hasCode) {
                    codeLine = line;
                    hasCode = true;
                }
                line += count(text, i, end);
                i = end;
                continue;
            }
            if (ch == '$') {
                int close = text.indexOf('$', i + 1);
                if (close > 0 && text.substring(i + 1, close).matches("[A-Za-z_]*")
                        && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                    String tag = text.substring(i, close + 1);
                    int end = text.indexOf(tag, close + 1);
                    end = end < 0 ? n : end + tag.length();
                    if (!hasCode) {
                        codeLine = line;
                        hasCode = true;
                    }
                    line += count(text, i, end);
                    i = end;
                    continue;
                }
            }
            if (ch == ';') {
                if (hasCode) {
                    out.add(new Statement(text.substring(start, i), startLine, codeLine));
                }
                start = i + 1;
                startLine = line;
                hasCode = false;
                i++;
                continue;
            }
            if (ch == '\n') {
                line++;
            } else if (!Character.isWhitespace(ch) && !hasCode) {
                codeLine = line;
                hasCode = true;
            }
            i++;
        }
        if (hasCode) {
            out.add(new Statement(text.substring(start), startLine, codeLine));
        }
        return out;
    }

    private static int count(String text, int from, int to) {
        int lines = 0;
        for (int k = from; k < to; k++) {
            if (text.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
