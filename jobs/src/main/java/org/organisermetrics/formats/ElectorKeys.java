package org.organisermetrics.formats;

import java.util.Locale;

/**
 * An elector's id from a council's register: council, polling district, elector number and suffix,
 * written {@code COUNCIL-PD-NUMBER} with {@code /SUFFIX} only when the suffix is not 0
 * ({@code E07000178-AB-123}, {@code E07000178-AB-123/1}); without a council, {@code PD-NUMBER}. Number
 * and suffix lose their leading zeros ({@code 0012} and {@code 12} are one elector; a suffix of
 * {@code 0} or {@code 000} is none), so a register, its update files and the marked register keyed
 * from the council's copy all name one elector the same way.
 */
public final class ElectorKeys {
    private ElectorKeys() {}

    /** The key; null when the polling district or the number is missing. */
    public static String of(String council, String pollingDistrict, String number, String suffix) {
        String pd = clean(pollingDistrict);
        String n = digits(number);
        if (pd == null || n == null) {
            return null;
        }
        String c = clean(council);
        String s = digits(suffix);
        StringBuilder key = new StringBuilder();
        if (c != null) {
            key.append(c).append('-');
        }
        key.append(pd).append('-').append(n);
        if (s != null && !s.equals("0")) {
            key.append('/').append(s);
        }
        return key.toString();
    }

    private static String clean(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        return v.strip().toUpperCase(Locale.ROOT);
    }

    /** A number without leading zeros ("0012" -> "12", "000" -> "0"); other text upper-cased as it is. */
    static String digits(String v) {
        String t = clean(v);
        if (t == null) {
            return null;
        }
        if (t.chars().allMatch(Character::isDigit)) {
            String stripped = t.replaceFirst("^0+", "");
            return stripped.isEmpty() ? "0" : stripped;
        }
        return t;
    }
}
