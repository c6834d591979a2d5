package org.organisermetrics.generate;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.organisermetrics.contract.Codes;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;
import org.organisermetrics.contract.Warning;

/**
 * An independent, minimal implementation of the landing rules in the order the ingest applies
 * them (DATA-CONTRACT.md and the generator's brief): field count; per column in contract order
 * missing value, parse, range, date range; row rules; duplicates, repeats and conflicts (the last row
 * of a key kept); references (and the references that load with a warning).
 * It tells, for a landing zone, how many rows each (source, reason) should quarantine.
 */
final class ContractCheck {
    private ContractCheck() {}

    static final LocalDate EARLIEST = LocalDate.of(1990, 1, 1);

    /**
     * "source,reason" -> rows; reason "duplicate" for exact duplicates loaded once, and a warning's
     * code for the loaded rows counted under it.
     */
    static Map<String, Long> check(Path landing, LocalDate today) {
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Set<String>> keys = new HashMap<>();
        Map<String, String> electionType = new HashMap<>();
        for (Source s : Source.values()) {
            // The rows the row rules pass, with their file (files in name order, lines in order).
            List<Map<String, Object>> passed = new ArrayList<>();
            List<String> passedFiles = new ArrayList<>();
            for (Path file : Landing.files(landing, s)) {
                for (Landing.Row row : Landing.read(file)) {
                    Reason r = rowReason(s, row, today);
                    if (r != null) {
                        counts.merge(s.folder() + "," + r.code(), 1L, Long::sum);
                    } else {
                        passed.add(values(s, row));
                        passedFiles.add(file.toString());
                    }
                }
            }
            List<Map<String, Object>> loaded = new ArrayList<>();
            List<Boolean> keptOverConflict = new ArrayList<>();
            if (s.key().isEmpty()) {
                // No key: the n-th copy of a row in a file is loaded in the first file that has an n-th
                // copy (a duplicate elsewhere); every copy after the first of a file is a repeated row.
                Map<Map<String, Object>, Map<String, Integer>> perFile = new HashMap<>();
                Map<Map<String, Object>, Integer> loadedCopies = new HashMap<>();
                for (int i = 0; i < passed.size(); i++) {
                    Map<String, Object> v = passed.get(i);
                    int copy = perFile.computeIfAbsent(v, x -> new HashMap<>()).merge(passedFiles.get(i), 1, Integer::sum);
                    if (copy > loadedCopies.getOrDefault(v, 0)) {
                        loadedCopies.put(v, copy);
                        loaded.add(v);
                        keptOverConflict.add(false);
                        if (copy > 1) {
                            counts.merge(s.folder() + "," + Warning.REPEATED_ROW.code(), 1L, Long::sum);
                        }
                    } else {
                        counts.merge(s.folder() + ",duplicate", 1L, Long::sum);
                    }
                }
            } else {
                // A key: the last row with it is kept; rows equal to it are duplicates, rows that differ conflicts.
                Map<List<Object>, Integer> last = new HashMap<>();
                for (int i = 0; i < passed.size(); i++) {
                    last.put(key(s, passed.get(i)), i);
                }
                Set<List<Object>> conflicting = new HashSet<>();
                for (int i = 0; i < passed.size(); i++) {
                    List<Object> k = key(s, passed.get(i));
                    if (!passed.get(i).equals(passed.get(last.get(k)))) {
                        counts.merge(s.folder() + "," + Reason.CONFLICT.code(), 1L, Long::sum);
                        conflicting.add(k);
                    }
                }
                for (int i = 0; i < passed.size(); i++) {
                    List<Object> k = key(s, passed.get(i));
                    if (last.get(k) == i) {
                        loaded.add(passed.get(i));
                        keptOverConflict.add(conflicting.contains(k));
                    } else if (passed.get(i).equals(passed.get(last.get(k)))) {
                        counts.merge(s.folder() + ",duplicate", 1L, Long::sum);
                    }
                }
            }
            // References.
            Set<String> ownKeys = new HashSet<>();
            for (int i = 0; i < loaded.size(); i++) {
                Map<String, Object> v = loaded.get(i);
                Reason r = referenceReason(s, v, keys, electionType);
                if (r != null) {
                    counts.merge(s.folder() + "," + r.code(), 1L, Long::sum);
                    continue;
                }
                if (keptOverConflict.get(i)) {
                    counts.merge(s.folder() + "," + Warning.CONFLICT_KEPT.code(), 1L, Long::sum);
                }
                for (Column c : s.columns()) {
                    Object value = v.get(c.name());
                    if (c.unknownReferenceLoads() && value != null && !keys.getOrDefault(c.references(), Set.of()).contains((String) value)) {
                        counts.merge(s.folder() + "," + Warning.unknownReference(Source.byFolder(c.references()).orElseThrow()).code(),
                                1L, Long::sum);
                    }
                }
                if (s.key().size() == 1) {
                    ownKeys.add((String) v.get(s.key().get(0)));
                }
                if (s == Source.ELECTIONS) {
                    electionType.put((String) v.get("election_id"), (String) v.get("election_type"));
                }
            }
            keys.put(s.folder(), ownKeys);
        }
        return counts;
    }

    private static List<Object> key(Source s, Map<String, Object> v) {
        List<Object> k = new ArrayList<>();
        for (String c : s.key()) {
            k.add(v.get(c));
        }
        return k;
    }

    static Reason rowReason(Source s, Landing.Row row, LocalDate today) {
        if (row.fields() != row.headerFields()) {
            return Reason.MALFORMED_ROW;
        }
        for (Column c : s.columns()) {
            String v = row.get(c.name());
            if (v == null) {
                if (c.required()) {
                    return Reason.MISSING_VALUE;
                }
                continue;
            }
            switch (c.type()) {
                case DATE -> {
                    LocalDate d = Landing.date(v);
                    if (d == null) {
                        return Reason.BAD_DATE;
                    }
                    if (d.isBefore(EARLIEST)) {
                        return Reason.DATE_TOO_EARLY;
                    }
                    if (d.isAfter(today)) {
                        return Reason.FUTURE_DATE;
                    }
                }
                case MONTH -> {
                    try {
                        YearMonth.parse(v);
                    } catch (DateTimeParseException e) {
                        return Reason.BAD_MONTH;
                    }
                }
                case BOOLEAN -> {
                    if (Landing.bool(v) == null) {
                        return Reason.BAD_BOOLEAN;
                    }
                }
                case CODE -> {
                    if (!c.codes().contains(Landing.upper(v))) {
                        return Reason.UNKNOWN_CODE;
                    }
                }
                case COUNT, HOURS, MONEY -> {
                    BigDecimal n;
                    try {
                        n = new BigDecimal(v);
                    } catch (NumberFormatException e) {
                        return Reason.BAD_NUMBER;
                    }
                    boolean bad = switch (c.type()) {
                        case HOURS -> n.signum() <= 0 || n.compareTo(BigDecimal.valueOf(24)) > 0;
                        default -> n.signum() < 0;
                    };
                    if (bad) {
                        return Reason.OUT_OF_RANGE;
                    }
                }
                default -> { }
            }
        }
        if (s == Source.RESULTS
                && new BigDecimal(row.get("votes")).compareTo(new BigDecimal(row.get("electorate"))) > 0) {
            return Reason.VOTES_EXCEED_ELECTORATE;
        }
        if (s == Source.PILOT_SEATS && Landing.bool(row.get("selected")) && row.get("start_month") == null) {
            return Reason.BAD_PILOT_WINDOW;
        }
        return null;
    }

    /** Parsed, normalised values (codes upper-case, dates as LocalDate, numbers as BigDecimal). */
    static Map<String, Object> values(Source s, Landing.Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Column c : s.columns()) {
            String v = row.get(c.name());
            Object o = v == null ? null : switch (c.type()) {
                case DATE -> Landing.date(v);
                case BOOLEAN -> Landing.bool(v);
                case CODE, UPPER_ID -> Landing.upper(v);
                case COUNT, HOURS, MONEY -> new BigDecimal(v).stripTrailingZeros();
                default -> v;
            };
            out.put(c.name(), o);
        }
        return out;
    }

    private static Reason referenceReason(Source s, Map<String, Object> v, Map<String, Set<String>> keys,
            Map<String, String> electionType) {
        for (Column c : s.columns()) {
            Object value = v.get(c.name());
            if (c.references() == null || c.unknownReferenceLoads() || value == null) {
                continue;
            }
            if (!keys.getOrDefault(c.references(), Set.of()).contains((String) value)) {
                return switch (c.references()) {
                    case "seats" -> Reason.UNKNOWN_SEAT;
                    case "wards" -> Reason.UNKNOWN_WARD;
                    case "courses" -> Reason.UNKNOWN_COURSE;
                    case "elections" -> Reason.UNKNOWN_ELECTION;
                    case "organisers" -> Reason.UNKNOWN_ORGANISER;
                    case "volunteers" -> Reason.UNKNOWN_VOLUNTEER;
                    case "electors" -> Reason.UNKNOWN_ELECTOR;
                    default -> throw new IllegalStateException(c.references());
                };
            }
        }
        if (s == Source.RESULTS) {
            String type = electionType.get((String) v.get("election_id"));
            String area = (String) v.get("area_code");
            boolean local = Codes.LOCAL.equals(type);
            if (!(local ? keys.get("wards") : keys.get("seats")).contains(area)) {
                return Reason.UNKNOWN_AREA;
            }
        }
        return null;
    }
}
