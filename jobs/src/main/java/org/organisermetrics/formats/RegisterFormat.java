package org.organisermetrics.formats;

import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.organisermetrics.contract.Columns;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;

/**
 * A council's electoral register as its election software exports it, to {@code electors}.
 * Layouts (read from the public parsers in {@code s8r/tcp}, docs/formats.md):
 * <ul>
 *   <li>Xpress, tab-separated, 14 fields: Elector Number Prefix (the polling district), Elector Number,
 *       Elector Number Suffix, Elector Markers, Elector DOB, Elector Surname, Elector Forename, PostCode,
 *       Address1..6; the 13-field variant has one Elector Name (surname first) instead of the two names.</li>
 *   <li>Halarose EROS "pp50", tab- or comma-separated: PD, ENO, Status, Title, First Names, Initials,
 *       Surname, Suffix (of the name), Date of Attainment, Franchise Flag, Address 1..9, Postcode, Opt Out;
 *       its monthly update files add Register Code and Clerical Error, spell First Name and Post Code, and
 *       mark each entry A (added), M (amended) or D (deleted) in Status, under a preamble naming the month.</li>
 *   <li>Halarose's polling-district layout: PDCode, RollNo ({@code 5.000}: number and suffix), ElectorTitle,
 *       ElectorSurname, ElectorForename, ElectorMiddleName, AttainersDOB, FranchiseMarker,
 *       RegisteredAddress1..6, PostCode, Euro, Parl, County, Ward, SubHouse, House.</li>
 * </ul>
 * The elector's id is {@link ElectorKeys} of council, polling district, number and suffix; ward and
 * seat come from {@code lookups/polling_districts.csv} by polling district (a district not there:
 * {@code unknown_polling_district}). Franchise markers are kept ({@code electors.franchise}). An entry
 * marked A in an update file is registered on the update's date, one marked D left on it.
 */
public final class RegisterFormat implements Format {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String about;
    private final List<String> header;
    private final boolean update;

    private RegisterFormat(String name, String about, List<String> header, boolean update) {
        this.name = name;
        this.about = about;
        this.header = header;
        this.update = update;
    }

    /** The register layouts, most specific first. */
    public static List<Format> all() {
        List<Format> out = new ArrayList<>();
        out.add(new RegisterFormat("xpress_register", "Xpress full register, 14 fields (surname and forename apart)",
                List.of("Elector Number Prefix", "Elector Number", "Elector Number Suffix", "Elector Markers",
                        "Elector Surname", "Elector Forename", "PostCode"), false));
        out.add(new RegisterFormat("xpress_register_13", "Xpress full register, 13 fields (one Elector Name, surname first)",
                List.of("Elector Number Prefix", "Elector Number", "Elector Number Suffix", "Elector Markers",
                        "Elector Name", "PostCode"), false));
        out.add(new RegisterFormat("halarose_register", "Halarose EROS full register (pp50)",
                List.of("PD", "ENO", "Status", "First Names", "Surname", "Franchise Flag", "Postcode"), false));
        out.add(new RegisterFormat("halarose_register_update", "Halarose EROS monthly update (pp50: A added, M amended, D deleted)",
                List.of("PD", "ENO", "Status", "First Name", "Surname", "Franchise Flag", "Post Code", "Register Code"), true));
        out.add(new RegisterFormat("halarose_pd_register", "Halarose EROS register by polling district (RollNo with its suffix)",
                List.of("PDCode", "RollNo", "ElectorSurname", "ElectorForename", "FranchiseMarker", "PostCode"), false));
        return List.copyOf(out);
    }

    @Override public String name() { return name; }
    @Override public String tool() { return name.startsWith("xpress") ? "Xpress (council election software)" : "Halarose EROS (council election software)"; }
    @Override public String about() { return about; }
    @Override public String origin() { return "built-in"; }
    @Override public List<String> header() { return header; }
    @Override public Set<Source> sources() { return Set.of(Source.ELECTORS); }

    /** Whether its rows carry A/M/D changes. */
    public boolean isUpdate() {
        return update;
    }

    private static final List<String> PD = List.of("Elector Number Prefix", "PD", "PDCode", "Polling District");
    private static final List<String> NUMBER = List.of("Elector Number", "ENO", "RollNo", "Elector No");
    private static final List<String> SUFFIX = List.of("Elector Number Suffix", "ENO Suffix", "Elector Suffix");
    private static final List<String> MARKERS = List.of("Elector Markers", "Franchise Flag", "FranchiseMarker",
            "Franchise Marker", "Markers");
    private static final List<String> SURNAME = List.of("Elector Surname", "Surname", "ElectorSurname");
    private static final List<String> FORENAME = List.of("Elector Forename", "First Names", "First Name", "ElectorForename",
            "Forename");
    private static final List<String> FULL_NAME = List.of("Elector Name");
    private static final List<String> POSTCODE = List.of("PostCode", "Post Code");
    private static final List<String> STATUS = List.of("Status");

    @Override
    public Converter bind(List<String> fileHeader, ExportContext context) {
        List<String> names = fileHeader.stream().map(Names::normal).toList();
        List<Integer> address = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).matches("(registered)?address[0-9]")) {
                address.add(i);
            }
        }
        LocalDate effective = effectiveDate(context.preamble(), context.fileName());
        return new RegisterConverter(find(names, PD), find(names, NUMBER), find(names, SUFFIX), find(names, MARKERS),
                find(names, SURNAME), find(names, FORENAME), find(names, FULL_NAME), find(names, POSTCODE),
                find(names, STATUS), address.stream().mapToInt(Integer::intValue).toArray(),
                context.folder(), context.lookups(), effective, context.fileName());
    }

    private static int find(List<String> names, List<String> aliases) {
        for (String a : aliases) {
            int i = names.indexOf(Names.normal(a));
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static final Pattern MONTH_YEAR = Pattern.compile("(?i)\\b(january|february|march|april|may|june|july|august"
            + "|september|october|november|december)\\s+(\\d{4})\\b");
    private static final Pattern UK_DATE = Pattern.compile("\\b(\\d{1,2})/(\\d{1,2})/(\\d{4})\\b");
    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{2})(?:-(\\d{2}))?\\b");

    /**
     * The date an update takes effect: a date in its preamble ("Date Published: 01/10/2026"), else the
     * month named there ("Monthly Additions and Deletions for October 2026", its first day), else a
     * {@code yyyy-MM[-dd]} in the file's name; null when none says.
     */
    public static LocalDate effectiveDate(List<String> preamble, String fileName) {
        for (String line : preamble) {
            Matcher m = UK_DATE.matcher(line);
            if (m.find()) {
                try {
                    return LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
                } catch (java.time.DateTimeException ignored) {
                    // not a date after all
                }
            }
        }
        for (String line : preamble) {
            Matcher m = MONTH_YEAR.matcher(line);
            if (m.find()) {
                return LocalDate.of(Integer.parseInt(m.group(2)), Month.valueOf(m.group(1).toUpperCase(Locale.ROOT)), 1);
            }
        }
        String base = fileName.substring(fileName.lastIndexOf('/') + 1);
        Matcher m = ISO_DATE.matcher(base);
        if (m.find()) {
            try {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        m.group(3) == null ? 1 : Integer.parseInt(m.group(3)));
            } catch (java.time.DateTimeException ignored) {
                return null;
            }
        }
        return null;
    }

    /** An update's month as people write it ("October 2026"), for messages. */
    static String month(LocalDate d) {
        return d.getMonth().getDisplayName(TextStyle.FULL, Locale.UK) + " " + d.getYear();
    }

    private record RegisterConverter(int pd, int number, int suffix, int markers, int surname, int forename, int fullName,
                                     int postcode, int status, int[] address, String folder, Lookups lookups,
                                     LocalDate effective, String fileName) implements Converter {
        @Override
        public void convert(ExportTable.Row row, Out out) {
            String[] f = row.fields();
            String[] v = new String[Source.ELECTORS.columns().size()];
            String district = get(f, pd);
            String[] numberAndSuffix = numberAndSuffix(get(f, number), get(f, suffix));
            if (fullName >= 0) {
                // Xpress 13 fields: "SURNAME Forename Middle".
                String whole = get(f, fullName);
                if (whole != null) {
                    int space = whole.indexOf(' ');
                    v[idx("last_name")] = space < 0 ? whole : whole.substring(0, space);
                    v[idx("first_name")] = space < 0 ? null : whole.substring(space + 1).strip();
                }
            } else {
                v[idx("last_name")] = get(f, surname);
                v[idx("first_name")] = get(f, forename);
            }
            List<String> lines = new ArrayList<>();
            for (int a : address) {
                String part = get(f, a);
                if (part != null) {
                    lines.add(part);
                }
            }
            v[idx("address")] = lines.isEmpty() ? null : String.join(", ", lines);
            v[idx("postcode")] = get(f, postcode);
            v[idx("polling_district")] = district;
            String marks = get(f, markers);
            v[idx("franchise")] = marks == null ? null : marks.replaceAll("[^A-Za-z]", "").toUpperCase(Locale.ROOT);
            String change = get(f, status);
            change = change == null ? null : change.toUpperCase(Locale.ROOT);
            if (district == null) {
                out.reject(Source.ELECTORS, row.line(), v, Reason.MISSING_VALUE, "the polling district is empty");
                return;
            }
            Lookups.District d = lookups.find(folder, district);
            if (d == null) {
                out.reject(Source.ELECTORS, row.line(), v, Reason.UNKNOWN_POLLING_DISTRICT, "polling district '" + district + "' "
                        + (!lookups.present() ? "cannot be placed: the landing zone has no " + Lookups.POLLING_DISTRICTS
                        : lookups.ambiguous(district) ? "is listed under several councils in " + Lookups.POLLING_DISTRICTS
                                + "; put the register in a folder named after its council (exports/register/<council>/)"
                        : "is not in " + Lookups.POLLING_DISTRICTS + "; add it with its ward and seat"));
                return;
            }
            v[idx("elector_id")] = ElectorKeys.of(d.council(), district, numberAndSuffix[0], numberAndSuffix[1]);
            v[idx(Columns.SEAT_CODE)] = d.seatCode();
            v[idx(Columns.WARD_CODE)] = d.wardCode();
            if ("A".equals(change) || "D".equals(change)) {
                if (effective == null) {
                    out.reject(Source.ELECTORS, row.line(), v, Reason.MISSING_VALUE, "an update entry (Status " + change
                            + ") but the update's date is unknown: its preamble names no month and its file name no"
                            + " yyyy-MM; name the file with its month (e.g. update-2026-10.tsv)");
                    return;
                }
                v[idx(change.equals("A") ? "registered_on" : "left_on")] = effective.toString();
            }
            out.row(Source.ELECTORS, row.line(), v);
        }
    }

    /** Number and suffix: from their own columns, or split from "123/1", "PD-123/1" or RollNo "5.000". */
    static String[] numberAndSuffix(String number, String suffix) {
        if (number == null) {
            return new String[] {null, suffix};
        }
        String n = number.strip();
        int dash = n.lastIndexOf('-');
        if (dash >= 0 && suffix == null) {
            n = n.substring(dash + 1);
        }
        for (char sep : new char[] {'/', '.'}) {
            int at = n.indexOf(sep);
            if (at >= 0) {
                return new String[] {n.substring(0, at), suffix != null ? suffix : n.substring(at + 1)};
            }
        }
        return new String[] {n, suffix};
    }

    private static int idx(String column) {
        return Source.ELECTORS.indexOf(column);
    }

    private static String get(String[] f, int i) {
        if (i < 0 || i >= f.length) {
            return null;
        }
        String v = f[i].strip();
        return v.isEmpty() ? null : v;
    }
}
