package org.organisermetrics.formats;

import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.organisermetrics.contract.Columns;

/**
 * {@code <landing>/lookups/polling_districts.csv}: how a council's polling districts map to wards
 * and seats (columns {@code polling_district, ward_code, seat_code}, optional {@code council}). A
 * polling district code is unique within its council; when two councils use the same code, the
 * council column tells them apart and a register names its council by its folder
 * ({@code exports/register/<council>/...}).
 */
public final class Lookups implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The lookup's file, relative to the landing root. */
    public static final String POLLING_DISTRICTS = "lookups/polling_districts.csv";

    /** No lookup file. */
    public static final Lookups NONE = new Lookups(null, Map.of());

    /** One polling district: its council (may be null), ward and seat. */
    public record District(String council, String pollingDistrict, String wardCode, String seatCode) implements Serializable {}

    private final String file;
    private final Map<String, List<District>> byDistrict;

    private Lookups(String file, Map<String, List<District>> byDistrict) {
        this.file = file;
        this.byDistrict = byDistrict;
    }

    /** Whether the landing zone has a lookup. */
    public boolean present() {
        return file != null;
    }

    /** How many districts it lists. */
    public int size() {
        return byDistrict.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The district of a code: the one of the named council when {@code council} is given and listed,
     * else the only district with that code; null when there is none, or several and no council says which.
     */
    public District find(String council, String pollingDistrict) {
        if (pollingDistrict == null) {
            return null;
        }
        List<District> all = byDistrict.get(key(pollingDistrict));
        if (all == null) {
            return null;
        }
        if (council != null && !council.isBlank()) {
            for (District d : all) {
                if (d.council() != null && d.council().equalsIgnoreCase(council.strip())) {
                    return d;
                }
            }
        }
        return all.size() == 1 ? all.get(0) : null;
    }

    /** Whether a code is listed under several councils (so the council must be named). */
    public boolean ambiguous(String pollingDistrict) {
        List<District> all = pollingDistrict == null ? null : byDistrict.get(key(pollingDistrict));
        return all != null && all.size() > 1;
    }

    /** A polling district code as compared: trimmed, upper-case. */
    public static String key(String pollingDistrict) {
        return pollingDistrict.strip().toUpperCase(Locale.ROOT);
    }

    /** Reads the lookup file; a missing column, an empty code or a code listed twice for one council rejects it, naming the line. */
    public static Lookups read(String fileName, InputStream in) {
        try (DelimitedTable table = DelimitedTable.open(fileName, in, h -> h.stream().map(Names::normal).toList()
                .containsAll(List.of("pollingdistrict", "wardcode", "seatcode")))) {
            List<String> names = table.header().stream().map(Names::normal).toList();
            int pd = names.indexOf("pollingdistrict");
            int ward = names.indexOf("wardcode");
            int seat = names.indexOf("seatcode");
            int council = names.indexOf("council");
            if (pd < 0 || ward < 0 || seat < 0) {
                throw new FormatException(fileName + ":" + table.headerLine() + ": a polling-district lookup needs the columns"
                        + " polling_district, ward_code, seat_code (and optionally council); its header is " + table.header());
            }
            Map<String, List<District>> out = new HashMap<>();
            Map<String, Long> lineOf = new HashMap<>();
            List<String> problems = new ArrayList<>();
            while (table.hasNext()) {
                ExportTable.Row r = table.next();
                String code = field(r, pd);
                String seatCode = field(r, seat);
                if (code == null || seatCode == null) {
                    problems.add(fileName + ":" + r.line() + ": " + (code == null ? "polling_district" : Columns.SEAT_CODE)
                            + " is empty; every district needs its code and seat");
                    continue;
                }
                String c = council < 0 ? null : field(r, council);
                String wardCode = field(r, ward);
                District d = new District(c, code.strip(), wardCode == null ? null : wardCode.toUpperCase(Locale.ROOT),
                        seatCode.toUpperCase(Locale.ROOT));
                String id = (c == null ? "" : c.toUpperCase(Locale.ROOT)) + "\u0000" + key(code);
                Long earlier = lineOf.putIfAbsent(id, r.line());
                if (earlier != null) {
                    problems.add(fileName + ":" + r.line() + ": polling district " + code + (c == null ? "" : " of " + c)
                            + " is listed again (first on line " + earlier + "); list each district once");
                    continue;
                }
                out.computeIfAbsent(key(code), k -> new ArrayList<>()).add(d);
            }
            if (!problems.isEmpty()) {
                throw new org.organisermetrics.contract.BadInputException(problems);
            }
            return new Lookups(fileName, Map.copyOf(out));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String field(ExportTable.Row r, int i) {
        if (i >= r.fields().length) {
            return null;
        }
        String v = r.fields()[i].strip();
        return v.isEmpty() ? null : v;
    }
}
