package org.organisermetrics.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.contract.Codes;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.Privacy;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.execution.RowDigest;

/**
 * The official results of a landing zone ({@code <landing>/official_results/*.csv}, House of
 * Commons Library files as published) as extra {@code elections} and {@code results} rows, in the
 * layout {@link ParsedRows} gives hand-written rows, so they go through the same cross-row rules
 * (conflicts, duplicates, known election, area in seats, votes within the electorate).
 *
 * <p>Rules (docs/official-results.md):
 * <ul>
 *   <li>Each general election polling date in the files is one GENERAL election: the landing zone's own
 *       GENERAL election on that date when there is one (the smallest election_id if several), else a new
 *       election {@code GE<yyyy-MM-dd>}.</li>
 *   <li>Per election, one file gives the candidates: the results-site (54-column) file first, else the
 *       first older candidate file by name. Other files of the same election only supply electorates.</li>
 *   <li>A candidate's electorate is its own row's; else the constituency's electorate in another official
 *       file of the same election; else the row is quarantined (missing_value) naming what was looked for.</li>
 *   <li>Several candidates of one seat with the same party code (independents, mostly) are numbered
 *       IND1, IND2... by votes, most first (then by file line); a lone one keeps the plain code.</li>
 * </ul>
 * Official files are small (a few thousand rows per election), so they are read on the driver.
 */
public final class OfficialResults {
    private static final Logger LOG = LogManager.getLogger(OfficialResults.class);

    /** The landing folder of official results. */
    public static final String FOLDER = "official_results";
    /** The id prefix of an election added from an official file: GE2019-12-12. */
    public static final String ELECTION_ID_PREFIX = "GE";

    private final List<Row> electionRows;
    private final List<Row> resultRows;

    private OfficialResults(List<Row> electionRows, List<Row> resultRows) {
        this.electionRows = List.copyOf(electionRows);
        this.resultRows = List.copyOf(resultRows);
    }

    /** No official files. */
    public static OfficialResults none() {
        return new OfficialResults(List.of(), List.of());
    }

    /** Checks one official file's header and name; the problems name the file (Landing.open collects them). */
    public static List<String> check(FileSystem fs, Landing.LandingFileInfo file) throws IOException {
        try (InputStream in = Landing.openFile(file.uri(), fs.getConf())) {
            return OfficialFile.check(file.name(), in);
        }
    }

    /** Reads every official file of the landing zone and the zone's own GENERAL elections. */
    public static OfficialResults read(Landing landing, LocalDate today, Configuration conf) {
        List<Landing.LandingFileInfo> infos = landing.officialFiles();
        if (infos.isEmpty()) {
            return none();
        }
        String setting = conf.get(PartyCodes.SETTING, System.getProperty(PartyCodes.SETTING));
        PartyCodes codes = PartyCodes.withSetting(setting);
        List<OfficialFile> files = new ArrayList<>();
        for (Landing.LandingFileInfo info : infos) {
            files.add(readFile(info, conf));
        }
        return of(files, landingGeneralElections(landing, today, conf), today, codes);
    }

    /**
     * The rows for a set of read files.
     *
     * @param generalElections the landing zone's own GENERAL elections: polling date to election_id
     */
    public static OfficialResults of(List<OfficialFile> files, Map<LocalDate, String> generalElections,
                                     LocalDate today, PartyCodes codes) {
        List<OfficialFile> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparing((OfficialFile f) -> f.layout().ordinal()).thenComparing(OfficialFile::name));
        // Which file gives the candidates of each election, and every electorate stated for it.
        Map<LocalDate, OfficialFile> candidateFile = new TreeMap<>();
        Map<LocalDate, Map<String, String>> electorates = new TreeMap<>();
        for (OfficialFile f : ordered) {
            for (LocalDate d : f.pollingDates()) {
                if (f.layout().hasCandidates()) {
                    OfficialFile chosen = candidateFile.putIfAbsent(d, f);
                    if (chosen != null) {
                        LOG.warn("{}: the {} general election's candidates are taken from {}; this file only supplies"
                                + " electorates", f.name(), d, chosen.name());
                    }
                }
                Map<String, String> byArea = electorates.computeIfAbsent(d, k -> new LinkedHashMap<>());
                f.electorates().forEach(byArea::putIfAbsent);
            }
        }
        List<Row> elections = new ArrayList<>();
        List<Row> results = new ArrayList<>();
        Map<LocalDate, String> ids = new TreeMap<>();
        RowParser electionParser = new RowParser(Source.ELECTIONS, today);
        RowParser resultParser = new RowParser(Source.RESULTS, today);
        for (Map.Entry<LocalDate, OfficialFile> e : candidateFile.entrySet()) {
            LocalDate d = e.getKey();
            OfficialFile f = e.getValue();
            String id = generalElections.get(d);
            if (id == null) {
                id = ELECTION_ID_PREFIX + d;
                long line = f.layout() == OfficialLayout.HOC_RESULTS_SITE
                        ? f.candidates().stream().filter(c -> d.equals(c.pollingDate())).mapToLong(OfficialFile.Candidate::line).min().orElse(1)
                        : 1;
                String[] values = {id, Codes.GENERAL, d.toString(), "General election " + d + " (House of Commons Library)"};
                String record = line == 1 ? "polling date " + d + " (from the file name)" : "polling date " + d;
                elections.add(toRow(Source.ELECTIONS, electionParser.parse(new LandingFile.Record(line, values, false, record)),
                        f.name(), line, record));
            }
            ids.put(d, id);
        }
        for (OfficialFile f : ordered) {
            if (!f.layout().hasCandidates()) {
                continue;
            }
            List<OfficialFile.Candidate> mine = f.candidates().stream()
                    .filter(c -> c.pollingDate() == null || f == candidateFile.get(c.pollingDate())).toList();
            Map<Long, String> partyCodes = partyCodes(mine, codes);
            for (OfficialFile.Candidate c : mine) {
                results.add(resultRow(f, c, partyCodes.get(c.line()), ids, electorates, resultParser));
            }
        }
        return new OfficialResults(elections, results);
    }

    /** elections rows added (polling dates with no GENERAL election of the landing zone). */
    public List<Row> electionRows() {
        return electionRows;
    }

    /** One results row per candidate of the files that give an election's candidates. */
    public List<Row> resultRows() {
        return resultRows;
    }


    /** The extra rows of a source in {@link ParsedRows#schema(Source)}; null for sources official files do not feed. */
    public Dataset<Row> rows(SparkSession spark, Source source) {
        List<Row> rows = switch (source) {
            case ELECTIONS -> electionRows;
            case RESULTS -> resultRows;
            default -> null;
        };
        return rows == null ? null : spark.createDataFrame(rows, ParsedRows.schema(source));
    }

    private static Row resultRow(OfficialFile f, OfficialFile.Candidate c, String partyCode, Map<LocalDate, String> ids,
                                 Map<LocalDate, Map<String, String>> electorates, RowParser parser) {
        if (c.malformed()) {
            return failed(f, c, Reason.MALFORMED_ROW, "the record's field count differs from the header's");
        }
        if (c.pollingDate() == null) {
            return failed(f, c, Reason.BAD_DATE, "general election polling date = '" + c.pollingDateText()
                    + "': not a date as " + org.organisermetrics.contract.ColumnType.DATE_FORMATS);
        }
        String electorate = blankToNull(c.electorate());
        if (electorate == null && c.areaCode() != null) {
            electorate = electorates.getOrDefault(c.pollingDate(), Map.of()).get(c.areaCode());
        }
        String[] values = {ids.get(c.pollingDate()), c.areaCode(), partyCode, c.candidate(), blankToNull(c.votes()), electorate};
        if (electorate == null && c.areaCode() != null && blankToNull(c.votes()) != null) {
            return toRow(Source.RESULTS, new RowParser.Parsed(new Object[6], Reason.MISSING_VALUE,
                    "electorate: " + f.name() + " has no electorate and no other official file of the " + c.pollingDate()
                            + " general election gives one for " + c.areaCode()), f.name(), c.line(), c.record());
        }
        return toRow(Source.RESULTS, parser.parse(new LandingFile.Record(c.line(), values, false, c.record())),
                f.name(), c.line(), c.record());
    }

    private static Row failed(OfficialFile f, OfficialFile.Candidate c, Reason reason, String detail) {
        return toRow(Source.RESULTS, new RowParser.Parsed(new Object[6], reason, detail), f.name(), c.line(), c.record());
    }

    /** Party codes by file line; codes shared in one seat of one election are numbered by votes, most first. */
    static Map<Long, String> partyCodes(List<OfficialFile.Candidate> candidates, PartyCodes codes) {
        Map<String, List<OfficialFile.Candidate>> byCode = new LinkedHashMap<>();
        Map<Long, String> out = new LinkedHashMap<>();
        for (OfficialFile.Candidate c : candidates) {
            String code = codes.code(c.partyAbbreviation(), c.speaker(), c.independent());
            out.put(c.line(), code);
            byCode.computeIfAbsent(c.pollingDate() + "|" + c.areaCode() + "|" + code, k -> new ArrayList<>()).add(c);
        }
        for (List<OfficialFile.Candidate> same : byCode.values()) {
            if (same.size() < 2) {
                continue;
            }
            List<OfficialFile.Candidate> ranked = new ArrayList<>(same);
            ranked.sort(Comparator.comparingLong((OfficialFile.Candidate c) -> -votesOrMinus(c.votes()))
                    .thenComparingLong(OfficialFile.Candidate::line));
            for (int i = 0; i < ranked.size(); i++) {
                long line = ranked.get(i).line();
                out.put(line, out.get(line) + (i + 1));
            }
        }
        return out;
    }

    private static long votesOrMinus(String votes) {
        try {
            return votes == null ? -1 : Long.parseLong(votes.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A row in ParsedRows' layout: curated columns (personal ones dropped), then the bookkeeping columns. */
    private static Row toRow(Source source, RowParser.Parsed parsed, String file, long line, String record) {
        List<Object> out = new ArrayList<>();
        List<Column> columns = source.columns();
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).privacy() == Privacy.PUBLIC) {
                out.add(parsed.values() == null ? null : parsed.values()[c]);
            }
        }
        // The same digest ParsedRows makes, so an official row equal to a hand row is a duplicate, not a conflict.
        ParsedRows.addRowHash(out, source, parsed, new RowDigest());
        out.add(file);
        out.add(line);
        out.add(parsed.ok() ? null : parsed.reason().code());
        out.add(parsed.detail());
        out.add(record);
        return RowFactory.create(out.toArray());
    }

    private static OfficialFile readFile(Landing.LandingFileInfo info, Configuration conf) {
        try {
            try (InputStream in = Landing.openFile(info.uri(), conf)) {
                return OfficialFile.read(info.name(), in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(info.name() + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** The landing zone's own GENERAL elections that pass the row rules: polling date to the smallest election_id. */
    private static Map<LocalDate, String> landingGeneralElections(Landing landing, LocalDate today, Configuration conf) {
        Map<LocalDate, String> out = new TreeMap<>();
        RowParser parser = new RowParser(Source.ELECTIONS, today);
        int id = Source.ELECTIONS.indexOf("election_id");
        int type = Source.ELECTIONS.indexOf("election_type");
        int date = Source.ELECTIONS.indexOf("polling_date");
        for (Landing.LandingFileInfo info : landing.files(Source.ELECTIONS)) {
            try (InputStream in = Landing.openFile(info.uri(), conf);
                 LandingFile file = new LandingFile(Source.ELECTIONS, info.name(), in)) {
                while (file.hasNext()) {
                    LandingFile.Record record = file.next();
                    RowParser.Parsed p;
                    try {
                        p = parser.parse(record);
                    } catch (RowParser.MonthFirstDateException e) {
                        throw new LandingFileException(info.name(), record.line(), e.getMessage());
                    }
                    if (p.ok() && Codes.GENERAL.equals(p.values()[type])) {
                        out.merge((LocalDate) p.values()[date], (String) p.values()[id], (a, b) -> a.compareTo(b) <= 0 ? a : b);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(info.name() + ": cannot be read: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
