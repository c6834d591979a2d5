package org.organisermetrics.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.organisermetrics.contract.BadInputException;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.Source;
import org.organisermetrics.formats.Format;
import org.organisermetrics.formats.Formats;
import org.organisermetrics.formats.Lookups;
import org.organisermetrics.formats.MappedFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The export formats: which there are, and what a file is, before a monthly run reads it. */
@Command(name = "formats", mixinStandardHelpOptions = true, sortOptions = false,
        header = "List the export formats, or check which format an export is.",
        description = {
            "formats list: the built-in formats (council registers, the marked register, NGP VAN / Connect, NationBuilder,"
                + " Action Network) and the landing zone's own (mappings/*.yaml), with the sources each feeds.",
            "formats detect FILE...: for each file, the format it is recognised as, how its columns map to the contract,"
                + " the columns it lacks, and how many of its rows would become rows of each source or be quarantined"
                + " (with the first example of each reason). Exits 0 when every file is recognised, 3 otherwise.",
            "Reads files only: no Spark, nothing written. docs/formats.md describes each format."},
        footer = {"%nExamples:",
                "  organiser-metrics formats list --landing /srv/landing",
                "  organiser-metrics formats detect --landing /srv/landing ~/Downloads/contacts-export.csv"})
public final class FormatsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "list|detect", description = "list, or detect FILE...")
    String action;

    @Parameters(index = "1..*", paramLabel = "FILE", arity = "0..*", description = "detect: the export files to check.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--landing", paramLabel = "DIR",
            description = "A landing zone whose mappings/*.yaml (user formats) and lookups/polling_districts.csv are used.")
    Path landing;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Formats formats = Formats.builtIn().withUserFiles(userFiles());
        switch (action) {
            case "list" -> {
                list(formats, out);
                return 0;
            }
            case "detect" -> {
                if (files.isEmpty()) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "formats detect needs at least one FILE");
                }
                return detect(formats, lookups(), out);
            }
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown action '" + action + "': use list or detect FILE...");
        }
    }

    private static void list(Formats formats, PrintWriter out) {
        for (Format f : formats.all()) {
            out.println(f.name() + "  (" + f.tool() + "; " + f.origin() + ")");
            out.println("    " + f.about());
            out.println("    header needs: " + String.join(", ", f.header()));
            out.println("    feeds: " + String.join(", ", f.sources().stream().map(Source::folder).sorted().toList()));
        }
    }

    private int detect(Formats formats, Lookups lookups, PrintWriter out) throws IOException {
        boolean all = true;
        for (Path file : files) {
            String name = displayName(file);
            Formats.Detection d;
            try (InputStream in = Files.newInputStream(file)) {
                d = formats.detect(name, in);
            } catch (BadInputException e) {
                e.problems().forEach(out::println);
                all = false;
                continue;
            }
            out.println(d.describe());
            if (!d.recognised()) {
                all = false;
                continue;
            }
            Format f = d.format();
            if (f instanceof MappedFormat m) {
                List<String> unread = m.unreadColumns(d.header());
                if (!unread.isEmpty()) {
                    out.println("  columns the format reads that the file lacks (read as empty): " + String.join(", ", unread));
                }
                Map<Source, String> when = m.describeWhen();
                m.describeColumns().forEach((source, cols) -> {
                    out.println("  " + source.folder() + (when.get(source).isEmpty() ? "" : " (rows where " + when.get(source) + ")") + ":");
                    for (Column c : source.columns()) {
                        String how = cols.get(c.name());
                        if (how != null || c.required()) {
                            out.println("    " + c.name() + " <- " + (how == null ? "nothing (required: every row is quarantined)" : how));
                        }
                    }
                });
            } else {
                out.println("  " + f.about() + " (docs/formats.md)");
            }
            Formats.Conversion c;
            try (InputStream in = Files.newInputStream(file)) {
                c = formats.convert(name, in, lookups);
            } catch (BadInputException e) {
                e.problems().forEach(p -> out.println("  " + p));
                all = false;
                continue;
            }
            Map<String, Long> counts = new TreeMap<>();
            Map<String, String> firstExample = new TreeMap<>();
            for (Formats.Mapped r : c.rows()) {
                String key = r.source().folder() + (r.reason() == null ? ": rows" : ": quarantined as " + r.reason().code());
                counts.merge(key, 1L, Long::sum);
                if (r.reason() != null) {
                    firstExample.putIfAbsent(key, name + ":" + r.line() + ": " + r.detail());
                }
            }
            counts.forEach((k, n) -> out.println("  " + k + " " + n + (firstExample.containsKey(k) ? " (e.g. " + firstExample.get(k) + ")" : "")));
            if (lookups == Lookups.NONE) {
                out.println("  (no --landing with " + Lookups.POLLING_DISTRICTS + ": rows placed by polling district show as unknown_polling_district)");
            }
        }
        out.flush();
        return all ? 0 : ExitCode.BAD_INPUT;
    }

    private static String displayName(Path file) {
        String s = file.toString().replace('\\', '/');
        int at = s.indexOf("exports/");
        return at >= 0 ? s.substring(at) : file.getFileName().toString();
    }

    private Map<String, String> userFiles() throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (landing == null) {
            return out;
        }
        Path dir = landing.resolve(Formats.MAPPINGS);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                if (n.endsWith(".yaml") || n.endsWith(".yml")) {
                    out.put(landing.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private Lookups lookups() throws IOException {
        if (landing == null) {
            return Lookups.NONE;
        }
        Path file = landing.resolve(Lookups.POLLING_DISTRICTS);
        if (!Files.exists(file)) {
            return Lookups.NONE;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Lookups.read(Lookups.POLLING_DISTRICTS, in);
        }
    }
}
