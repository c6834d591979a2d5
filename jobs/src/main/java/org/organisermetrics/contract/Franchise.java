package org.organisermetrics.contract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The register's franchise markers (electors.franchise): the letters a council's register puts
 * against an elector who may vote in some elections only (Xpress "Elector Markers", Halarose
 * "Franchise Flag"), and which of the contract's election types each letter lets the elector vote
 * in. The one place that says whether an elector can vote in an election; seat_election's turnout
 * counts and docs/landing-contract.md read it.
 *
 * <p>Election types fall under two franchises: the UK Parliament's (GENERAL, BY_ELECTION) and local
 * government's (LOCAL, MAYORAL: directly elected mayors are chosen by local government electors).
 * An elector with no marker has both. A marker string may hold several markers (letters A-Z or
 * digits; spaces and punctuation between them are ignored); each one limits the elector further, so the
 * elector can vote in an election only when every marker allows it. A marker not in {@link #MARKERS}
 * limits nothing: the elector counts as able to vote, and ingest counts the row as
 * {@link Warning#UNKNOWN_FRANCHISE_MARKER}.
 */
public final class Franchise {
    private Franchise() {}

    /** A marker letter, whom the register marks with it, and the franchises it leaves the elector. */
    public record Marker(char letter, String who, boolean parliament, boolean localGovernment) {
        /** Whether an elector with this marker can vote in an election of this type (a {@link Codes#ELECTION_TYPE}). */
        public boolean allows(String electionType) {
            return isParliamentary(electionType) ? parliament : localGovernment;
        }
    }

    /**
     * The markers of the registers of Great Britain (the Electoral Commission's guidance to
     * registration officers on the format of the register; letters as the councils' election
     * software exports them).
     */
    public static final List<Marker> MARKERS = List.of(
            new Marker('F', "overseas elector (a British citizen living abroad)", true, false),
            new Marker('L', "peer who can sit in the House of Lords", false, true),
            new Marker('E', "EU citizen (the marker of those also registered for European Parliament elections, held in the UK until 2019)", false, true),
            new Marker('G', "EU citizen", false, true),
            new Marker('B', "EU citizen whose right to vote in local elections the eligibility review confirmed (England)", false, true),
            new Marker('K', "qualifying foreign national (Scotland, Wales): devolved and local elections", false, true),
            new Marker('M', "qualifying foreign national, or a prisoner serving 12 months or less (Scotland): Scottish"
                    + " Parliament and local elections", false, true),
            new Marker('Z', "under 16 (Scotland): registered ahead of the age to vote", false, false),
            new Marker('N', "anonymous entry (name and address withheld): no limit on the franchise", true, true));

    /** Whether an election type is a UK Parliament election (GENERAL, BY_ELECTION) rather than a local government one. */
    public static boolean isParliamentary(String electionType) {
        String type = electionType == null ? "" : electionType.trim().toUpperCase(Locale.ROOT);
        return switch (type) {
            case Codes.GENERAL, Codes.BY_ELECTION -> true;
            case Codes.LOCAL, Codes.MAYORAL -> false;
            default -> throw new IllegalArgumentException("election_type " + electionType + " is not one of " + Codes.ELECTION_TYPE);
        };
    }

    /** Whether an elector with these markers (null or blank: none) can vote in an election of this type. */
    public static boolean canVote(String markers, String electionType) {
        boolean parliamentary = isParliamentary(electionType);
        for (char c : markerCharacters(markers)) {
            Marker m = marker(c);
            if (m != null && !(parliamentary ? m.parliament() : m.localGovernment())) {
                return false;
            }
        }
        return true;
    }

    /** The markers of a string that {@link #MARKERS} does not know, each once, in order; empty when none. */
    public static String unknownMarkers(String markers) {
        Set<Character> unknown = new LinkedHashSet<>();
        for (char c : markerCharacters(markers)) {
            if (marker(c) == null) {
                unknown.add(c);
            }
        }
        StringBuilder out = new StringBuilder();
        unknown.forEach(out::append);
        return out.toString();
    }

    /** The known marker of a character (any case), or null. */
    public static Marker marker(char c) {
        char upper = Character.toUpperCase(c);
        for (Marker m : MARKERS) {
            if (m.letter() == upper) {
                return m;
            }
        }
        return null;
    }

    /**
     * A regular expression (java.util.regex, as Spark's rlike) found in an upper-case marker string
     * exactly when a marker in it bars the election type: a character class of those markers, or
     * null when no marker bars it.
     */
    public static String barringPattern(String electionType) {
        StringBuilder letters = new StringBuilder();
        for (Marker m : MARKERS) {
            if (!m.allows(electionType)) {
                letters.append(m.letter());
            }
        }
        return letters.isEmpty() ? null : "[" + letters + "]";
    }

    /**
     * A regular expression found in an upper-case marker string exactly when it holds a marker
     * {@link #MARKERS} does not know: a character class of the other letters A-Z and digits.
     */
    public static String unknownPattern() {
        StringBuilder chars = new StringBuilder();
        for (char c = 'A'; c <= 'Z'; c++) {
            if (marker(c) == null) {
                chars.append(c);
            }
        }
        return "[" + chars + "0-9]";
    }

    /** The marker characters of a string, upper-cased: its letters and digits (A-Z, 0-9), in order. */
    private static List<Character> markerCharacters(String markers) {
        List<Character> out = new ArrayList<>();
        if (markers == null) {
            return out;
        }
        for (char c : markers.toUpperCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                out.add(c);
            }
        }
        return out;
    }
}
