package org.organisermetrics.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.organisermetrics.contract.Source;
import org.organisermetrics.formats.ElectorKeys;
import org.organisermetrics.formats.Lookups;
import org.organisermetrics.formats.MarkedRegisterFormat;

/**
 * {@code generate --formats}: the electoral register and the marked register written as councils'
 * election software writes them (docs/formats.md), with the same electors and votes as the contract's
 * {@code electors/} and {@code marked_register/} files of the same seed.
 *
 * <p>The seats are shared among three made-up councils by seat number: the first holds its register
 * in Xpress's 14-field layout, the second in Halarose EROS pp50 (a full register and the last month's
 * update file: the electors registered that month as additions, not in the full register; those who
 * left that month as deletions of their full-register entries), the
 * third in Xpress's 13-field layout. A polling district is two letters of the seat, the ward's letter
 * and its part of the ward (800 electors each): {@code ABC1}, unique across councils. An elector's id
 * is the key the register formats give ({@link ElectorKeys}: council, polling district, elector number
 * and a suffix, shown only when not 0), so contacts, volunteers and members name the same electors.
 * The marked register is keyed per election in {@code exports/marked_register/<election_id>/}
 * (mark A: postal, P: proxy, none: in person); {@code lookups/polling_districts.csv} places every
 * district. What the register layouts cannot carry is lost as it would be: the registration dates of
 * electors outside the update file.
 */
final class Exports {
    private Exports() {}

    /** The register layout each council's software writes. */
    enum Layout { XPRESS_14, HALAROSE_PP50, XPRESS_13 }

    /** The made-up councils, one per layout, in {@link Layout} order. */
    static final List<String> COUNCILS = List.of("E07900001", "E07900002", "E07900003");

    /** Electors per polling district. */
    static final int PER_DISTRICT = 800;

    static final String REGISTER_FOLDER = "exports/register";

    static Layout layout(World.Seat seat) {
        return Layout.values()[seat.ordinal % COUNCILS.size()];
    }

    static String council(World.Seat seat) {
        return COUNCILS.get(seat.ordinal % COUNCILS.size());
    }

    /** The polling district of the k-th elector of a ward. */
    static String pollingDistrict(World.Seat seat, int ward, int k) {
        return "" + (char) ('A' + seat.ordinal / 26) + (char) ('A' + seat.ordinal % 26) + (char) ('A' + ward)
                + (1 + k / PER_DISTRICT);
    }

    /** The elector's number in its polling district. */
    static int number(int k) {
        return k % PER_DISTRICT + 1;
    }

    /** The suffix of an elector number: 1 for a few Xpress entries (added between two electors), else 0. */
    static int suffix(World.Seat seat, int n) {
        return layout(seat) != Layout.HALAROSE_PP50 && n % 211 == 17 ? 1 : 0;
    }

    /** Elector n of a seat as the register formats key it. */
    static String electorId(World.Seat seat, int n) {
        int ward = seat.wardOf(n);
        int k = n - seat.wardStart(ward);
        return ElectorKeys.of(council(seat), pollingDistrict(seat, ward, k), Integer.toString(number(k)),
                Integer.toString(suffix(seat, n)));
    }

    static String registerFile(World.Seat seat, int part) {
        String folder = REGISTER_FOLDER + "/" + council(seat) + "/";
        String p = Task.part(part).replace(".csv", "");
        return switch (layout(seat)) {
            case XPRESS_14 -> folder + "xpress-" + p + ".tsv";
            case HALAROSE_PP50 -> folder + "pp50-" + p + ".tsv";
            case XPRESS_13 -> folder + "xpress13-" + p + ".txt";
        };
    }

    static String updateFile(World w, World.Seat seat, int part) {
        return REGISTER_FOLDER + "/" + council(seat) + "/pp50-update-" + w.settings.to() + "-"
                + Task.part(part).replace(".csv", "") + ".csv";
    }

    static String markedRegisterFile(World.Election e, int part) {
        return "exports/" + MarkedRegisterFormat.FOLDER + "/" + e.id() + "/marked-" + Task.part(part);
    }

    static final String XPRESS_14_HEADER = "Elector Number Prefix\tElector Number\tElector Number Suffix\tElector Markers"
            + "\tElector DOB\tElector Surname\tElector Forename\tPostCode\tAddress1\tAddress2\tAddress3\tAddress4\tAddress5\tAddress6";
    static final String XPRESS_13_HEADER = "Elector Number Prefix\tElector Number\tElector Number Suffix\tElector Markers"
            + "\tElector DOB\tElector Name\tPostCode\tAddress1\tAddress2\tAddress3\tAddress4\tAddress5\tAddress6";
    static final String PP50_HEADER = "PD\tENO\tStatus\tTitle\tFirst Names\tInitials\tSurname\tSuffix\tDate of Attainment"
            + "\tFranchise Flag\tAddress 1\tAddress 2\tAddress 3\tAddress 4\tAddress 5\tAddress 6\tAddress 7\tAddress 8"
            + "\tAddress 9\tPostcode\tOpt Out";
    static final String PP50_UPDATE_HEADER = "\"PD\",\"ENO\",\"Status\",\"Title\",\"First Name\",\"Initials\",\"Surname\","
            + "\"Suffix\",\"Date Of Attainment\",\"Franchise Flag\",\"Address 1\",\"Address 2\",\"Address 3\",\"Address 4\","
            + "\"Address 5\",\"Address 6\",\"Address 7\",\"Address 8\",\"Address 9\",\"Post Code\",\"Register Code\","
            + "\"Clerical Error\",\"Opt Out Flag\"";
    static final String MARKED_HEADER = "Polling District,Elector Number,Suffix,Mark";

    /** One plain text file (the layouts' own separators and quoting), CRLF as Windows software writes. */
    static final class Out implements AutoCloseable {
        private final Writer w;
        private long rows;
        /** Lines that delete an entry of the full register (update files). */
        long deletions;

        Out(FileSystem fs, Task.Context ctx, String relative, List<String> preamble, String header) {
            try {
                w = new BufferedWriter(new OutputStreamWriter(fs.create(ctx.path(relative), true), StandardCharsets.UTF_8), 1 << 16);
                for (String line : preamble) {
                    w.write(line);
                    w.write("\r\n");
                }
                w.write(header);
                w.write("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + relative, e);
            }
        }

        void tabs(String... fields) {
            line(String.join("\t", fields));
        }

        void quoted(String... fields) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append('"').append(fields[i].replace("\"", "\"\"")).append('"');
            }
            line(b.toString());
        }

        void line(String text) {
            try {
                w.write(text);
                w.write("\r\n");
                rows++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long rows() {
            return rows;
        }

        @Override
        public void close() {
            try {
                w.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** An address as a register's address lines: no line breaks, tabs or quotes, up to {@code max} lines. */
    static String[] addressLines(String address, int max) {
        String[] out = new String[max];
        java.util.Arrays.fill(out, "");
        String[] parts = address.replace("\"", "").split("\n|, ");
        for (int i = 0; i < parts.length; i++) {
            int at = Math.min(i, max - 1);
            out[at] = out[at].isEmpty() ? parts[i].strip() : out[at] + ", " + parts[i].strip();
        }
        return out;
    }

    /** The register files of one part of the seats: each council's full register, and the pp50 update. */
    static Task.Report writeRegister(Task.Context ctx, FileSystem fs, int part) {
        World w = ctx.world();
        YearMonth last = w.settings.to();
        Map<String, Out> files = new LinkedHashMap<>();
        Electors.Elector e = new Electors.Elector();
        int per = Register.seatsPerPart(w);
        try {
            for (int s = part * per; s < Math.min(w.seats.size(), (part + 1) * per); s++) {
                World.Seat seat = w.seat(s);
                Layout layout = layout(seat);
                for (int n = 0; n < seat.electors; n++) {
                    Electors.full(w, seat, n, e);
                    int k = n - seat.wardStart(e.ward);
                    String pd = pollingDistrict(seat, e.ward, k);
                    String number = Integer.toString(number(k));
                    if (layout == Layout.HALAROSE_PP50) {
                        boolean added = e.registeredOn != null && YearMonth.from(e.registeredOn).equals(last);
                        boolean left = !added && e.leftOn != null && YearMonth.from(e.leftOn).equals(last);
                        String[] a = addressLines(e.address, 9);
                        if (added || left) {
                            Out u = files.computeIfAbsent(updateFile(w, seat, part), f -> new Out(fs, ctx, f, List.of(
                                    "Ref: ER/UPD/" + last.getMonthValue(),
                                    "Monthly Additions and Deletions for "
                                            + last.getMonth().getDisplayName(TextStyle.FULL, Locale.UK) + " " + last.getYear()),
                                    PP50_UPDATE_HEADER));
                            u.deletions += added ? 0 : 1;
                            u.quoted(pd, number, added ? "A" : "D", "", e.firstName, e.firstName.substring(0, 1), e.lastName, "",
                                    "", "", a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], e.postcode, "", "", "");
                        }
                        if (!added) {
                            // An elector deleted by the update is still in the full register the update changes.
                            Out f = files.computeIfAbsent(registerFile(seat, part), r -> new Out(fs, ctx, r, List.of(), PP50_HEADER));
                            f.tabs(pd, number, "", "", e.firstName, e.firstName.substring(0, 1), e.lastName, "", "", "",
                                    a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], e.postcode, "");
                        }
                    } else {
                        String[] a = addressLines(e.address, 6);
                        String suffix = Integer.toString(suffix(seat, n));
                        if (layout == Layout.XPRESS_14) {
                            Out f = files.computeIfAbsent(registerFile(seat, part), r -> new Out(fs, ctx, r, List.of(), XPRESS_14_HEADER));
                            f.tabs(pd, number, suffix, "", "", e.lastName.toUpperCase(Locale.ROOT), e.firstName, e.postcode,
                                    a[0], a[1], a[2], a[3], a[4], a[5]);
                        } else {
                            Out f = files.computeIfAbsent(registerFile(seat, part), r -> new Out(fs, ctx, r, List.of(), XPRESS_13_HEADER));
                            f.tabs(pd, number, suffix, "", "", e.lastName.toUpperCase(Locale.ROOT) + " " + e.firstName, e.postcode,
                                    a[0], a[1], a[2], a[3], a[4], a[5]);
                        }
                    }
                }
            }
        } finally {
            files.values().forEach(Out::close);
        }
        Task.Report report = Task.Report.empty();
        // Electors, not lines: a deletion changes an entry of the full register.
        files.forEach((name, f) -> report.add(Source.ELECTORS, f.rows() - (name.contains("-update-") ? f.deletions : 0)));
        return report;
    }

    /** The keyed marked register of one election over a part of the seats. */
    static Register.VoteSink markedRegister(Task.Context ctx, FileSystem fs, World.Election election, int part) {
        Out out = new Out(fs, ctx, markedRegisterFile(election, part), List.of(), MARKED_HEADER);
        return new Register.VoteSink() {
            @Override
            public void vote(World.Seat seat, int n, String method) {
                int ward = seat.wardOf(n);
                int k = n - seat.wardStart(ward);
                int suffix = suffix(seat, n);
                out.line(pollingDistrict(seat, ward, k) + "," + number(k) + "," + (suffix == 0 ? "" : Integer.toString(suffix))
                        + "," + switch (method) {
                            case "POSTAL" -> "A";
                            case "PROXY" -> "P";
                            default -> "";
                        });
            }

            @Override
            public void close(Task.Report report) {
                out.close();
                report.add(Source.MARKED_REGISTER, out.rows());
            }
        };
    }

    /** {@code lookups/polling_districts.csv}: every polling district of every seat, with its ward, seat and council. */
    static long writeLookup(Task.Context ctx, FileSystem fs) {
        World w = ctx.world();
        try (Out out = new Out(fs, ctx, Lookups.POLLING_DISTRICTS, List.of(), "polling_district,ward_code,seat_code,council")) {
            for (World.Seat seat : w.seats) {
                for (int ward = 0; ward < seat.wards.size(); ward++) {
                    int size = seat.wardEnd[ward] - seat.wardStart(ward);
                    for (int k = 0; k < size; k += PER_DISTRICT) {
                        out.line(pollingDistrict(seat, ward, k) + "," + seat.wards.get(ward).code() + "," + seat.code + ","
                                + council(seat));
                    }
                }
            }
            return out.rows();
        }
    }

    /** The contract sources an export landing zone holds as exports instead of contract folders. */
    static final List<Source> REPLACED = List.of(Source.ELECTORS, Source.MARKED_REGISTER);

    /**
     * The folders an export landing zone has beside the contract's: replaced when generating with
     * --formats again, and left alone (a foreign folder: the generator stops) without it.
     */
    static final List<String> TOP_FOLDERS = List.of("exports", "lookups");
}
