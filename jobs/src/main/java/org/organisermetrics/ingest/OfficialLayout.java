package org.organisermetrics.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The published layouts of official results files, recognised by their header (names compared
 * case-insensitively, spaces trimmed, a byte-order mark removed). docs/official-results.md lists
 * the columns each layout is read from.
 */
public enum OfficialLayout {
    /**
     * The 54-column candidate-level file of the House of Commons Library's election results site
     * (electionresults.parliament.uk): one row per candidate, with the constituency electorate and the
     * general election's polling date on every row.
     */
    HOC_RESULTS_SITE("House of Commons Library election results site, candidate level (54 columns)", true, List.of(
            "general election polling date", "country name", "english region name", "constituency name",
            "constituency geographic code", "electorate", "candidate family name", "candidate given name",
            "main party name", "main party abbreviation", "candidate is standing as commons speaker",
            "candidate is standing as independent", "candidate vote count")),
    /**
     * The House of Commons Library's older candidate-level research-briefing file (ons_id,
     * party_abbreviation, votes...). It has no polling date; the electorate column may be absent.
     */
    HOC_LIBRARY_CANDIDATES("House of Commons Library briefing, candidate level", true, List.of(
            "ons_id", "constituency_name", "region_name", "country_name", "party_name", "party_abbreviation",
            "firstname", "surname", "votes")),
    /**
     * The House of Commons Library's constituency-level briefing file (ons_id, electorate,
     * valid_votes, first_party...): no candidates; read only for the electorate of each constituency,
     * which the older candidate-level file lacks.
     */
    HOC_LIBRARY_CONSTITUENCIES("House of Commons Library briefing, constituency level", false, List.of(
            "ons_id", "electorate", "valid_votes", "first_party"));

    private final String description;
    private final boolean candidates;
    private final List<String> required;

    OfficialLayout(String description, boolean candidates, List<String> required) {
        this.description = description;
        this.candidates = candidates;
        this.required = required;
    }

    public String description() {
        return description;
    }

    /** True when the file has one row per candidate (it gives results rows); false for electorate-only files. */
    public boolean hasCandidates() {
        return candidates;
    }

    public List<String> requiredColumns() {
        return required;
    }

    /** The layout whose columns the header holds, or null. A candidate layout wins over the constituency one. */
    public static OfficialLayout recognise(List<String> normalisedHeader) {
        Set<String> names = Set.copyOf(normalisedHeader);
        if (names.containsAll(HOC_RESULTS_SITE.required)) {
            return HOC_RESULTS_SITE;
        }
        if (names.containsAll(HOC_LIBRARY_CANDIDATES.required)) {
            return HOC_LIBRARY_CANDIDATES;
        }
        if (names.containsAll(HOC_LIBRARY_CONSTITUENCIES.required) && !names.contains("votes")) {
            return HOC_LIBRARY_CONSTITUENCIES;
        }
        return null;
    }

    /** A header name as the layouts name it: BOM removed, trimmed, lower-case. */
    public static String normalise(String name) {
        return name.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
    }
}
