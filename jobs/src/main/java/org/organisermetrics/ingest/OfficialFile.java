package org.organisermetrics.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.organisermetrics.contract.BadInputException;

/**
 * One official results file read as published: UTF-8 with or without a byte-order mark, LF or CRLF,
 * RFC 4180 quoting, HTML character references in names decoded. Recognises the layout by the header
 * and gives one {@link Candidate} per data row (candidate layouts) and the electorate of each
 * constituency it states.
 */
public final class OfficialFile {

    /**
     * One candidate row as published. {@code votes} and {@code electorate} are the text as written
     * (checked later by the contract's row rules); {@code electorate} is null when the file has none.
     */
    public record Candidate(long line, String record, boolean malformed, LocalDate pollingDate, String pollingDateText,
                            String areaCode, String areaName, String region, String nation,
                            String partyAbbreviation, boolean speaker, boolean independent,
                            String candidate, String votes, String electorate) {}

    /** General elections since 1990 by year, for files whose layout has no polling date (named by year). */
    public static final Map<Integer, LocalDate> GENERAL_ELECTION_DATES = Map.of(
            1992, LocalDate.of(1992, 4, 9),
            1997, LocalDate.of(1997, 5, 1),
            2001, LocalDate.of(2001, 6, 7),
            2005, LocalDate.of(2005, 5, 5),
            2010, LocalDate.of(2010, 5, 6),
            2015, LocalDate.of(2015, 5, 7),
            2017, LocalDate.of(2017, 6, 8),
            2019, LocalDate.of(2019, 12, 12),
            2024, LocalDate.of(2024, 7, 4));

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("(?<![0-9])([0-9]{2})-([0-9]{2})-((?:19|20)[0-9]{2})(?![0-9])");
    private static final Pattern YEAR = Pattern.compile("(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])");

    private final String name;
    private final OfficialLayout layout;
    private final LocalDate pollingDateFromName;
    private final List<Candidate> candidates;
    private final Map<String, String> electorates;

    private OfficialFile(String name, OfficialLayout layout, LocalDate pollingDateFromName,
                         List<Candidate> candidates, Map<String, String> electorates) {
        this.name = name;
        this.layout = layout;
        this.pollingDateFromName = pollingDateFromName;
        this.candidates = candidates;
        this.electorates = electorates;
    }

    /** The file's name relative to the landing root (official_results/...). */
    public String name() {
        return name;
    }

    public OfficialLayout layout() {
        return layout;
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    /** Constituency code to the electorate as written, for every constituency whose rows state one. */
    public Map<String, String> electorates() {
        return electorates;
    }

    /** The polling dates the file's rows belong to (from its rows, or its name when the layout has none). */
    public List<LocalDate> pollingDates() {
        if (layout != OfficialLayout.HOC_RESULTS_SITE) {
            return List.of(pollingDateFromName);
        }
        return candidates.stream().map(Candidate::pollingDate).filter(d -> d != null).distinct().sorted().toList();
    }

    /**
     * Checks a file's header (and, for layouts without a polling date, its name) without reading rows.
     * Returns the problems, each naming the file; empty when the file can be read.
     */
    public static List<String> check(String name, InputStream in) {
        try (CSVParser parser = parser(name, in)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                return List.of(name + ":1: the file is empty: it has no header row");
            }
            List<String> header = normalised(records.next().values());
            OfficialLayout layout = OfficialLayout.recognise(header);
            if (layout == null) {
                return List.of(unknownLayout(name));
            }
            if (layout != OfficialLayout.HOC_RESULTS_SITE && pollingDateFromName(name) == null) {
                return List.of(name + ": the " + layout.description() + " layout has no polling date and the file name"
                        + " names no general election (a year such as 2015, or a date such as 07-05-2015)");
            }
            return List.of();
        } catch (UncheckedIOException | IllegalStateException e) {
            return List.of(name + ": is not valid UTF-8 CSV (" + rootMessage(e) + ")");
        } catch (IOException e) {
            return List.of(name + ": cannot be read: " + e.getMessage());
        }
    }

    static String unknownLayout(String name) {
        return name + ":1: not an official results layout this program reads: expected the House of Commons Library's"
                + " election results site candidate file (" + String.join(", ", OfficialLayout.HOC_RESULTS_SITE.requiredColumns())
                + "...), its older candidate file (" + String.join(", ", OfficialLayout.HOC_LIBRARY_CANDIDATES.requiredColumns())
                + ") or its constituency file (" + String.join(", ", OfficialLayout.HOC_LIBRARY_CONSTITUENCIES.requiredColumns()) + ")";
    }

    /** Reads the whole file; throws {@link BadInputException} naming it when it cannot be read as an official layout. */
    public static OfficialFile read(String name, InputStream in) {
        try (CSVParser parser = parser(name, in)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new BadInputException(name + ":1: the file is empty: it has no header row");
            }
            List<String> header = normalised(records.next().values());
            OfficialLayout layout = OfficialLayout.recognise(header);
            if (layout == null) {
                throw new BadInputException(unknownLayout(name));
            }
            LocalDate fromName = pollingDateFromName(name);
            if (layout != OfficialLayout.HOC_RESULTS_SITE && fromName == null) {
                throw new BadInputException(name + ": the file name names no general election");
            }
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                at.putIfAbsent(header.get(i), i);
            }
            List<Candidate> candidates = new ArrayList<>();
            Map<String, String> electorates = new LinkedHashMap<>();
            long consumed = parser.getCurrentLineNumber();
            while (records.hasNext()) {
                long line = consumed + 1;
                CSVRecord r = records.next();
                consumed = parser.getCurrentLineNumber();
                String[] raw = r.values();
                if (raw.length == 1 && raw[0].isEmpty()) {
                    continue; // a blank line is not a row
                }
                Cells cells = new Cells(raw, at);
                boolean malformed = raw.length != header.size();
                if (layout == OfficialLayout.HOC_RESULTS_SITE && cells.flag("general election is notional")) {
                    throw new BadInputException(name + ":" + line + ": holds notional results (an estimate on other"
                            + " boundaries, not an election held): not loaded");
                }
                String area = upper(cells.get(layout == OfficialLayout.HOC_RESULTS_SITE ? "constituency geographic code" : "ons_id"));
                String electorate = cells.get("electorate");
                if (!malformed && area != null && electorate != null && !electorate.isEmpty()) {
                    electorates.putIfAbsent(area, electorate);
                }
                if (!layout.hasCandidates()) {
                    continue;
                }
                candidates.add(layout == OfficialLayout.HOC_RESULTS_SITE
                        ? resultsSiteCandidate(line, raw, malformed, cells, area)
                        : libraryCandidate(line, raw, malformed, cells, area, fromName));
            }
            return new OfficialFile(name, layout, fromName, List.copyOf(candidates), Map.copyOf(electorates));
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new BadInputException(name + ": is not valid UTF-8 CSV (" + rootMessage(e) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static Candidate resultsSiteCandidate(long line, String[] raw, boolean malformed, Cells c, String area) {
        String dateText = c.get("general election polling date");
        if (dateText == null || dateText.isEmpty()) {
            dateText = c.get("election polling date");
        }
        LocalDate date = dateText == null ? null : RowParser.parseDateOrNull(dateText);
        String country = c.get("country name");
        String englishRegion = c.get("english region name");
        return new Candidate(line, reprint(raw), malformed, date, dateText, area, c.get("constituency name"),
                englishRegion == null || englishRegion.isEmpty() ? country : englishRegion, country,
                c.get("main party abbreviation"), c.flag("candidate is standing as commons speaker"),
                c.flag("candidate is standing as independent"),
                fullName(c.get("candidate given name"), c.get("candidate family name")),
                c.get("candidate vote count"), c.get("electorate"));
    }

    private static Candidate libraryCandidate(long line, String[] raw, boolean malformed, Cells c, String area,
                                              LocalDate fromName) {
        String abbreviation = c.get("party_abbreviation");
        boolean speaker = "speaker".equalsIgnoreCase(c.get("party_name")) || "spk".equalsIgnoreCase(abbreviation);
        boolean independent = "independent".equalsIgnoreCase(c.get("party_name"));
        String region = c.get("region_name");
        return new Candidate(line, reprint(raw), malformed, fromName, fromName.toString(), area, c.get("constituency_name"),
                region == null || region.isEmpty() ? c.get("country_name") : region, c.get("country_name"),
                abbreviation, speaker, independent, fullName(c.get("firstname"), c.get("surname")),
                c.get("votes"), c.get("electorate"));
    }

    /**
     * The general election a file's name points at: a dd-MM-yyyy date in the name (as the results
     * site names its files), else the one general election year in it (hoc-ge2015-..., HoC-GE2017-...).
     */
    public static LocalDate pollingDateFromName(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        Matcher dmy = DAY_MONTH_YEAR.matcher(base);
        if (dmy.find()) {
            LocalDate d = RowParser.parseDateOrNull(dmy.group(1) + "/" + dmy.group(2) + "/" + dmy.group(3));
            if (d != null) {
                return d;
            }
        }
        Matcher y = YEAR.matcher(base);
        List<Integer> years = new ArrayList<>();
        while (y.find()) {
            int year = Integer.parseInt(y.group(1));
            if (!years.contains(year)) {
                years.add(year);
            }
        }
        return years.size() == 1 ? GENERAL_ELECTION_DATES.get(years.get(0)) : null;
    }

    private static String fullName(String given, String family) {
        String g = given == null ? "" : given;
        String f = family == null ? "" : family;
        String full = (g + " " + f).trim();
        return full.isEmpty() ? null : full;
    }

    private static String upper(String s) {
        return s == null || s.isEmpty() ? null : s.toUpperCase(java.util.Locale.ROOT);
    }

    private static List<String> normalised(String[] header) {
        List<String> out = new ArrayList<>();
        for (String h : header) {
            out.add(OfficialLayout.normalise(h));
        }
        return out;
    }

    /** The cells of one record by header name: trimmed, HTML references decoded, null when absent. */
    private record Cells(String[] raw, Map<String, Integer> at) {
        String get(String column) {
            Integer i = at.get(column);
            if (i == null || i >= raw.length) {
                return null;
            }
            return HtmlEntities.decode(raw[i].trim());
        }

        boolean flag(String column) {
            String v = get(column);
            return v != null && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equals("1"));
        }
    }

    private static CSVParser parser(String name, InputStream in) throws IOException {
        return CSVParser.builder().setReader(org.organisermetrics.ingest.LandingFile.utf8Reader(name, in)).setFormat(FORMAT).get();
    }

    private static String reprint(String[] raw) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("").get())) {
            p.printRecord((Object[]) raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof CharacterCodingException)) {
            t = t.getCause();
        }
        return t.toString();
    }
}
