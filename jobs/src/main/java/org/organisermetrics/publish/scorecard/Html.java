package org.organisermetrics.publish.scorecard;

/**
 * Escaping for the text {@link Charts} writes into a chart's svg markup (its title and desc). The page itself is
 * escaped by its templates (jobs/src/main/jte).
 */
public final class Html {
    private Html() {}

    /** Escapes &amp;, &lt;, &gt;, " and ' so any text is shown as text. Null becomes "". */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
