package org.organisermetrics.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;

/**
 * The formats a landing zone's exports are read with: the built-in ones (council registers and the
 * marked register in Java; the CRM exports as YAML in {@code resources/formats/}) and the user's
 * {@code <landing>/mappings/*.yaml}. A file is the format whose header columns it all has; when
 * several match, the one naming the most columns (the most specific); a user's format before a
 * built-in one that names as many. Files under {@code exports/marked_register/} are marked registers.
 */
public final class Formats implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The landing folder of exports, of user formats, and the extensions read there. */
    public static final String EXPORTS = "exports";
    public static final String MAPPINGS = "mappings";
    public static final String LOOKUPS = "lookups";
    public static final List<String> EXTENSIONS = List.of(".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".txt.gz", ".xlsx");

    /** The built-in YAML formats, by resource name (formats/<name>.yaml). */
    static final String BUILT_IN_LIST = "formats/built-in.txt";

    private final List<Format> all;

    private Formats(List<Format> all) {
        this.all = List.copyOf(all);
    }

    /** The built-in formats. */
    public static Formats builtIn() {
        List<Format> out = new ArrayList<>(RegisterFormat.all());
        out.add(new MarkedRegisterFormat());
        for (String name : resourceLines(BUILT_IN_LIST)) {
            String path = "formats/" + name + ".yaml";
            Object parsed = MappedFormat.parse("built-in (" + path + ")", resource(path));
            if (!(parsed instanceof MappedFormat f)) {
                throw new IllegalStateException(path + " is not a format");
            }
            out.add(f);
        }
        return new Formats(out);
    }

    /**
     * These formats and the user's: each {@code mappings/*.yaml} file (origin -> text) is a format, or
     * changes a format's code tables ({@code codes_for}). A name used twice, or a change to a format
     * that does not exist, is an error naming the file.
     */
    public Formats withUserFiles(Map<String, String> files) {
        List<Format> out = new ArrayList<>();
        List<MappedFormat.CodeChanges> changes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            try {
                Object parsed = MappedFormat.parse(e.getKey(), e.getValue());
                if (parsed instanceof MappedFormat f) {
                    out.add(f);
                } else {
                    changes.add((MappedFormat.CodeChanges) parsed);
                }
            } catch (FormatException ex) {
                problems.addAll(ex.problems());
            }
        }
        Map<String, Format> byName = new LinkedHashMap<>();
        for (Format f : out) {
            Format before = byName.putIfAbsent(f.name(), f);
            if (before != null) {
                problems.add(f.origin() + ": format " + f.name() + " is also defined in " + before.origin() + "; rename one");
            }
        }
        List<Format> merged = new ArrayList<>();
        for (Format f : all) {
            if (byName.containsKey(f.name())) {
                problems.add(byName.get(f.name()).origin() + ": format " + f.name() + " is a built-in format's name; choose"
                        + " another, or change its code tables with codes_for: " + f.name());
            }
            merged.add(f);
        }
        merged.addAll(0, out); // the user's first: they win a tie
        for (MappedFormat.CodeChanges c : changes) {
            int at = -1;
            for (int i = 0; i < merged.size(); i++) {
                if (merged.get(i).name().equals(c.format())) {
                    at = i;
                }
            }
            if (at < 0 || !(merged.get(at) instanceof MappedFormat m)) {
                problems.add(c.origin() + ": codes_for: " + c.format() + " is not a format with code tables ("
                        + String.join(", ", merged.stream().filter(f -> f instanceof MappedFormat).map(Format::name).toList()) + ")");
                continue;
            }
            merged.set(at, m.withCodes(c));
        }
        if (!problems.isEmpty()) {
            throw new org.organisermetrics.contract.BadInputException(problems);
        }
        return new Formats(merged);
    }

    public List<Format> all() {
        return all;
    }

    public Format byName(String name) {
        return all.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /** What a file is: its format (null when none), its header, and else the closest format and the columns it lacks. */
    public record Detection(String file, Format format, List<String> header, Format closest, List<String> missing,
                            List<String> preamble) {
        public boolean recognised() {
            return format != null;
        }

        /** One line for the console and the errors: "x.csv: van_contacts" or why it is not recognised. */
        public String describe() {
            if (format != null) {
                return file + ": " + format.name() + " (" + format.tool() + ") -> "
                        + String.join(", ", format.sources().stream().map(Source::folder).sorted().toList());
            }
            return file + ": not a known format; its header is " + header
                    + (closest == null ? "" : "; the closest format is " + closest.name() + " (" + closest.tool()
                    + "), which also needs " + String.join(", ", missing))
                    + "; run `formats list` for the formats, or describe it in mappings/ (docs/formats.md)";
        }
    }

    /** The formats a file in this place may be: only the marked register in exports/marked_register/. */
    private List<Format> candidates(String fileName) {
        boolean marked = MarkedRegisterFormat.electionOf(folders(fileName)) != null;
        return all.stream().filter(f -> (f instanceof MarkedRegisterFormat) == marked).toList();
    }

    public Detection detect(String fileName, List<String> header) {
        Format best = null;
        Format closest = null;
        int closestMissing = Integer.MAX_VALUE;
        List<String> closestList = List.of();
        for (Format f : candidates(fileName)) {
            List<String> missing = f.missing(header);
            if (missing.isEmpty()) {
                if (best == null || f.header().size() > best.header().size()) {
                    best = f;
                }
            } else if (missing.size() < f.header().size() && missing.size() < closestMissing) {
                closest = f;
                closestMissing = missing.size();
                closestList = missing;
            }
        }
        return new Detection(fileName, best, header, best == null ? closest : null, best == null ? closestList : List.of(),
                List.of());
    }

    /** Whether a row could be a header of some format (tells a header from a preamble line). */
    public boolean isHeader(String fileName, List<String> fields) {
        for (Format f : candidates(fileName)) {
            if (f.matches(fields)) {
                return true;
            }
        }
        return false;
    }

    /** Opens an export as a table, finding its header below any preamble. */
    public ExportTable open(String fileName, InputStream in) {
        return ExportTables.open(fileName, in, null, fields -> isHeader(fileName, fields));
    }

    /** Detects an export's format from its content. */
    public Detection detect(String fileName, InputStream in) {
        try (ExportTable t = open(fileName, in)) {
            Detection d = detect(fileName, t.header());
            return new Detection(d.file(), d.format(), d.header(), d.closest(), d.missing(), t.preamble());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An export's rows as contract rows (for tests, {@code formats detect} and small files): each with its source, line, values or reason. */
    public record Mapped(Source source, long line, Map<String, String> values, Reason reason, String detail) {
        public String value(String column) {
            return values.get(column);
        }
    }

    public record Conversion(Detection detection, List<Mapped> rows) {
        public List<Mapped> rows(Source source) {
            return rows.stream().filter(r -> r.source() == source).toList();
        }
    }

    /** Reads a whole export into contract rows, on this thread (the run does the same in its Spark tasks). */
    public Conversion convert(String fileName, InputStream in, Lookups lookups) {
        try (ExportTable t = open(fileName, in)) {
            Detection d = detect(fileName, t.header());
            if (!d.recognised()) {
                throw new FormatException(d.describe());
            }
            Format.Converter c = d.format().bind(t.header(), new ExportContext(fileName, folders(fileName), t.preamble(),
                    lookups == null ? Lookups.NONE : lookups, java.time.LocalDate.now()));
            List<Mapped> rows = new ArrayList<>();
            Format.Out out = new Format.Out() {
                @Override
                public void row(Source source, long line, String[] values) {
                    rows.add(new Mapped(source, line, named(source, values), null, null));
                }

                @Override
                public void reject(Source source, long line, String[] values, Reason reason, String detail) {
                    rows.add(new Mapped(source, line, named(source, values), reason, detail));
                }
            };
            while (t.hasNext()) {
                c.convert(t.next(), out);
            }
            c.finish(out);
            return new Conversion(d, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> named(Source source, String[] values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            out.put(source.columns().get(i).name(), values[i]);
        }
        return out;
    }

    /** The folders of a file's relative name ("exports/marked_register/GE2024/a.csv" -> exports, marked_register, GE2024). */
    public static List<String> folders(String fileName) {
        String[] parts = fileName.split("/");
        return List.of(java.util.Arrays.copyOf(parts, parts.length - 1));
    }

    /** Whether a name is an export file by its extension. */
    public static boolean isExportFile(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    private static List<String> resourceLines(String path) {
        return resource(path).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static String resource(String path) {
        try (InputStream in = Formats.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
