package org.organisermetrics.ingest;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Normalised forms of the personal values that identity resolution matches on. They are
 * hashed before they leave the parse step; the plain values never reach Parquet.
 */
public final class IdentityKeys {
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
        String digits = phone.replaceAll("[^0-9]", "");
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
        String p = postcode == null ? "" : postcode.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
        if (f.isEmpty() || l.isEmpty() || p.isEmpty()) {
            return null;
        }
        return f + "|" + l + "|" + p;
    }

    private static String name(String s) {
        if (s == null) {
            return "";
        }
        String plain = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }
}
