package org.organisermetrics.formats;

import java.util.Locale;

/** Column names compared as people read them: case, spaces and punctuation ignored ("Date Canvassed" = "date_canvassed"). */
public final class Names {
    private Names() {}

    public static String normal(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
