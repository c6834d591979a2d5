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

/**
 * An independent, minimal implementation of the landing rules in the order the ingest applies
 * them (DATA-CONTRACT.md and the generator's brief): field count; per column in contract order
 * missing value, parse, range, date range; row rules; exact duplicates; conflicts; references.
 * It tells, for a landing zone, how many rows each (source, reason) should quarantine.
 */
final class ContractCheck {
    private ContractCheck() {}

    static final LocalDate EARLIEST = LocalDate.of(1990, 1, 1);

    /** "source,reason" -> rows; reason "duplicate" for exact duplicates loaded once. */
    static Map<String, Long> check(Path landing, LocalDate today) {
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Set<String>> keys = new HashMap<>();
        Map<String, String> electionType = new HashMap<>();
        for (Source s : Source.values()) {
            List<Map<String, Object>> passed = new ArrayList<>();
            for (Landing.Row row : Landing.rows(landing, s)) {
                Reason r = rowReason(s, row, today);
                if (r != null) {
                    counts.merge(s.folder() + "," + r.code(), 1L, Long::sum);
                } else {
                    passed.add(values(s, row));
                }
            }
            // Exact duplicates: loaded once.
            Set<Map<String, Object>> seen = new HashSet<>();
            List<Map<String, Object>> unique = new ArrayList<>();
            for (Map<String, Object> v : passed) {
                if (seen.add(v)) {
                    unique.add(v);
                } else {
                    counts.merge(s.folder() + ",duplicate", 1L, Long::sum);
                }
            }
            // Conflicts: the same key with different values; every row with the key goes.
            List<Map<String, Object>> loaded = new ArrayList<>();
            if (s.key().isEmpty()) {
                loaded = unique;
            } else {
                Map<List<Object>, Integer> perKey = new HashMap<>();
                for (Map<String, Object> v : unique) {
                    perKey.merge(key(s, v), 1, Integer::sum);
                }
                for (Map<String, Object> v : unique) {
                    if (perKey.get(key(s, v)) > 1) {
                        counts.merge(s.folder() + "," + Reason.CONFLICT.code(), 1L, Long::sum);
                    } else {
                        loaded.add(v);
                    }
                }
            }
            // References.
            Set<String> ownKeys = new HashSet<>();
            for (Map<String, Object> v : loaded) {
                Reason r = referenceReason(s, v, keys, electionType);
                if (r != null) {
                    counts.merge(s.folder() + "," + r.code(), 1L, Long::sum);
                    continue;
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
            if (c.references() == null || value == null) {
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
