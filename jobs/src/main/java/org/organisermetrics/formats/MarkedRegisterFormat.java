package org.organisermetrics.formats;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;

/**
 * The marked register as a party keys it from the council's copy, to {@code marked_register}: one
 * row per elector marked as having voted, in {@code exports/marked_register/<election_id>/}, with the
 * polling district, elector number, suffix (optional) and the mark (optional). The folder names the
 * election. Marks: {@code A} (an absent voter: postal) -> POSTAL; {@code P}, {@code AP}, {@code PX} or
 * anything starting "prox" -> PROXY; empty or any other mark (a line, {@code X}, {@code 1}) -> IN_PERSON.
 * The elector is keyed as the register keys it ({@link ElectorKeys}, council from the lookup).
 */
public final class MarkedRegisterFormat implements Format {
    private static final long serialVersionUID = 1L;

    /** The folder under exports/ whose subfolders name elections. */
    public static final String FOLDER = "marked_register";

    static final List<String> PD = List.of("Polling District", "PD", "PDCode", "Elector Number Prefix", "District");
    static final List<String> NUMBER = List.of("Elector Number", "ENO", "Number", "RollNo", "Elector No", "No");
    static final List<String> SUFFIX = List.of("Suffix", "Elector Number Suffix", "ENO Suffix", "Elector Suffix");
    static final List<String> MARK = List.of("Mark", "Marker", "Marked", "Vote", "Voted", "Vote Method", "Method");
    static final List<String> COUNCIL = List.of("Council");

    @Override public String name() { return "marked_register"; }
    @Override public String tool() { return "council's marked register, keyed"; }
    @Override public String about() { return "marked register keyed from the council's copy: polling district, elector number, suffix, mark"; }
    @Override public String origin() { return "built-in"; }
    @Override public List<String> header() { return List.of("Polling District (or PD)", "Elector Number (or ENO)"); }
    @Override public Set<Source> sources() { return Set.of(Source.MARKED_REGISTER); }

    @Override
    public boolean matches(List<String> fileHeader) {
        return missing(fileHeader).isEmpty();
    }

    @Override
    public List<String> missing(List<String> fileHeader) {
        List<String> names = fileHeader.stream().map(Names::normal).toList();
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        if (find(names, PD) < 0) {
            out.add("Polling District (or PD)");
        }
        if (find(names, NUMBER) < 0) {
            out.add("Elector Number (or ENO)");
        }
        return out;
    }

    /** The election a file belongs to: the folder under marked_register/; null when the file is not in one. */
    public static String electionOf(List<String> folders) {
        int at = folders.indexOf(FOLDER);
        return at >= 0 && at + 1 < folders.size() ? folders.get(at + 1) : null;
    }

    @Override
    public Converter bind(List<String> fileHeader, ExportContext context) {
        List<String> names = fileHeader.stream().map(Names::normal).toList();
        String election = electionOf(context.folders());
        if (election == null) {
            throw new FormatException(context.fileName() + ": a marked register sits in exports/" + FOLDER
                    + "/<election_id>/, the folder naming its election; move it there");
        }
        return new MarkedConverter(find(names, PD), find(names, NUMBER), find(names, SUFFIX), find(names, MARK),
                find(names, COUNCIL), election, context.lookups());
    }

    static int find(List<String> names, List<String> aliases) {
        for (String a : aliases) {
            int i = names.indexOf(Names.normal(a));
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** A mark as a vote method. */
    static String method(String mark) {
        if (mark == null) {
            return "IN_PERSON";
        }
        String m = mark.strip().toUpperCase(Locale.ROOT);
        if (m.equals("A") || m.startsWith("POST")) {
            return "POSTAL";
        }
        if (m.equals("P") || m.equals("AP") || m.equals("PX") || m.startsWith("PROX")) {
            return "PROXY";
        }
        return "IN_PERSON";
    }

    private record MarkedConverter(int pd, int number, int suffix, int mark, int council, String election, Lookups lookups)
            implements Converter {
        @Override
        public void convert(ExportTable.Row row, Out out) {
            String[] f = row.fields();
            String[] v = new String[Source.MARKED_REGISTER.columns().size()];
            v[0] = election;
            String district = get(f, pd);
            String[] ns = RegisterFormat.numberAndSuffix(get(f, number), get(f, suffix));
            v[2] = method(get(f, mark));
            if (district == null) {
                out.reject(Source.MARKED_REGISTER, row.line(), v, Reason.MISSING_VALUE, "the polling district is empty");
                return;
            }
            String c = get(f, council);
            Lookups.District d = lookups.find(c, district);
            if (d == null) {
                out.reject(Source.MARKED_REGISTER, row.line(), v, Reason.UNKNOWN_POLLING_DISTRICT, "polling district '"
                        + district + "' " + (!lookups.present() ? "cannot be placed: the landing zone has no " + Lookups.POLLING_DISTRICTS
                        : lookups.ambiguous(district) ? "is listed under several councils in " + Lookups.POLLING_DISTRICTS
                                + "; add a Council column" : "is not in " + Lookups.POLLING_DISTRICTS));
                return;
            }
            v[1] = ElectorKeys.of(d.council(), district, ns[0], ns[1]);
            out.row(Source.MARKED_REGISTER, row.line(), v);
        }

        private static String get(String[] f, int i) {
            if (i < 0 || i >= f.length) {
                return null;
            }
            String s = f[i].strip();
            return s.isEmpty() ? null : s;
        }
    }
}
