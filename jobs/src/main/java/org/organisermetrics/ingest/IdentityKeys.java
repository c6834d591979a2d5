package org.organisermetrics.ingest;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalised forms of the personal values that identity resolution matches on. They are
 * hashed before they leave the parse step; the plain values never reach Parquet.
 */
public final class IdentityKeys {
    private static final Pattern NOT_DIGIT = Pattern.compile("[^0-9]");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern MARK = Pattern.compile("\\p{M}");
    private static final Pattern NOT_LETTER = Pattern.compile("[^a-z]");

    private IdentityKeys() {}

    /** Lower-case, trimmed; null unless it looks like an address (has an @). */
    public static String email(String email) {
        if (email == null) {
            return null;
        }
        String e = email.trim().toLowerCase(Locale.ROOT);
        return e.indexOf('@') > 0 ? e : null;
    }

    /** Digits only, +44 / 0044 written as a leading 0; null when fewer than 9 digits remain. */
    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = NOT_DIGIT.matcher(phone).replaceAll("");
        if (digits.startsWith("0044")) {
            digits = "0" + digits.substring(4);
        } else if (digits.startsWith("44") && digits.length() == 12) {
            digits = "0" + digits.substring(2);
        }
        return digits.length() >= 9 ? digits : null;
    }

    /** first|last|POSTCODE, accents and punctuation removed; null when any part is missing. */
    public static String namePostcode(String first, String last, String postcode) {
        String f = name(first);
        String l = name(last);
        String p = postcode == null ? "" : SPACE.matcher(postcode).replaceAll("").toUpperCase(Locale.ROOT);
        if (f.isEmpty() || l.isEmpty() || p.isEmpty()) {
            return null;
        }
        return f + "|" + l + "|" + p;
    }

    private static String name(String s) {
        if (s == null) {
            return "";
        }
        if (isAscii(s)) {
            // The same result without the Unicode work, for the common case: ASCII has no accents to
            // decompose, so only the letters are kept, lower-cased.
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 'a' && c <= 'z') {
                    out.append(c);
                } else if (c >= 'A' && c <= 'Z') {
                    out.append((char) (c + ('a' - 'A')));
                }
            }
            return out.toString();
        }
        String plain = MARK.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        return NOT_LETTER.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
