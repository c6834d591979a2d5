package org.organisermetrics.ingest;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Published party abbreviations to the contract's party codes (docs/official-results.md):
 * Lab and Lab Co-op -> LAB, Con -> CON, LD, Green -> GRN, UKIP, SNP, PC, Brexit and Reform UK
 * (RUK) -> REF, the Speaker seeking re-election -> SPK, independents (empty party, or Ind) -> IND,
 * any other party its published abbreviation upper-cased. Abbreviations are matched
 * case-insensitively after trimming.
 *
 * <p>The setting {@value #SETTING} adds or overrides entries: {@code abbreviation=CODE} pairs
 * separated by {@code ;} (for example {@code Alliance=APNI;Lib=LD}). It is read from the Hadoop
 * configuration (pass {@code --conf spark.hadoop.organiser-metrics.official.party-codes=...} to
 * spark-submit) or, failing that, from the Java system property of the same name.
 */
public final class PartyCodes implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String SETTING = "organiser-metrics.official.party-codes";
    public static final String SPEAKER = "SPK";
    public static final String INDEPENDENT = "IND";

    private static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> codes;

    private PartyCodes(Map<String, String> codes) {
        this.codes = Map.copyOf(codes);
    }

    public static PartyCodes defaultCodes() {
        return new PartyCodes(DEFAULTS);
    }

    /** The defaults with the setting's pairs on top; a pair without '=' or with an empty side is an error. */
    public static PartyCodes withSetting(String setting) {
        Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
        if (setting != null && !setting.isBlank()) {
            for (String pair : setting.split(";")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1 || pair.substring(eq + 1).isBlank()) {
                    throw new IllegalArgumentException(SETTING + ": '" + pair.trim()
                            + "' is not abbreviation=CODE (pairs are separated by ';')");
                }
                all.put(key(pair.substring(0, eq)), pair.substring(eq + 1).trim().toUpperCase(Locale.ROOT));
            }
        }
        return new PartyCodes(all);
    }

    /**
     * The party code of a candidate.
     *
     * @param abbreviation the published party abbreviation (null or empty for independents)
     * @param speaker      the candidate stands as the Speaker seeking re-election
     * @param independent  the file marks the candidate as an independent
     */
    public String code(String abbreviation, boolean speaker, boolean independent) {
        if (speaker) {
            return SPEAKER;
        }
        String a = abbreviation == null ? "" : HtmlEntities.decode(abbreviation).trim();
        if (a.isEmpty()) {
            return INDEPENDENT;
        }
        String mapped = codes.get(key(a));
        if (mapped != null) {
            return mapped;
        }
        return independent ? INDEPENDENT : a.toUpperCase(Locale.ROOT);
    }

    private static String key(String abbreviation) {
        return abbreviation.trim().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("lab", "LAB");
        m.put("lab co-op", "LAB");
        m.put("lab coop", "LAB");
        m.put("con", "CON");
        m.put("ld", "LD");
        m.put("green", "GRN");
        m.put("grn", "GRN");
        m.put("ukip", "UKIP");
        m.put("snp", "SNP");
        m.put("pc", "PC");
        m.put("brexit", "REF");
        m.put("ruk", "REF");
        m.put("reform uk", "REF");
        m.put("spk", SPEAKER);
        m.put("speaker", SPEAKER);
        m.put("ind", INDEPENDENT);
        return Map.copyOf(m);
    }
}
