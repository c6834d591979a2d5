package org.organisermetrics.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.organisermetrics.contract.BadInputException;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.official.OfficialResults;

/**
 * A landing zone: {@code <landing>/<source>/*.csv} (or {@code *.csv.gz}). Lists the files of
 * every source and checks every header before any row is read, so a file missing a required
 * column stops the run before anything is written.
 */
public final class Landing {

    /** A landing file: its full URI, its name relative to the landing root, size and modification time. */
    public record LandingFileInfo(String uri, String name, long size, long modified) {}

    private final String root;
    private final Map<Source, List<LandingFileInfo>> files = new EnumMap<>(Source.class);
    private final List<String> notes = new ArrayList<>();
    /** Official results files (ingest/official): listed and recognised by header here, read by IngestJob. */
    private List<LandingFileInfo> officialFiles = List.of();

    private Landing(String root) {
        this.root = root;
    }

    /** Lists the landing zone and checks headers; throws {@link BadInputException} naming every bad file. */
    public static Landing open(String landingDir, Configuration conf) {
        try {
            Path rootPath = new Path(landingDir);
            FileSystem fs = rootPath.getFileSystem(conf);
            if (!fs.exists(rootPath) || !fs.getFileStatus(rootPath).isDirectory()) {
                throw new BadInputException("landing folder " + landingDir + " does not exist or is not a folder");
            }
            Landing landing = new Landing(fs.makeQualified(rootPath).toString());
            List<String> problems = new ArrayList<>();
            for (Source source : Source.values()) {
                landing.files.put(source, landing.list(fs, source));
                if (source.isRequiredSource() && landing.files.get(source).isEmpty()) {
                    problems.add(source.folder() + "/: the required source " + source.folder()
                            + " has no .csv files in " + landingDir);
                }
                for (LandingFileInfo f : landing.files.get(source)) {
                    landing.checkHeader(fs, source, f, problems);
                }
            }
            // Official results (ingest/official): a file in no known layout rejects the run, naming the file.
            landing.officialFiles = landing.list(fs, OfficialResults.FOLDER);
            for (LandingFileInfo f : landing.officialFiles) {
                problems.addAll(OfficialResults.check(fs, f));
            }
            if (!problems.isEmpty()) {
                throw new BadInputException(problems);
            }
            return landing;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the landing folder " + landingDir + ": " + e.getMessage(), e);
        }
    }

    /** The same landing zone with only the files {@code keep} accepts (official results files always kept). */
    public Landing only(java.util.function.Predicate<LandingFileInfo> keep) {
        Landing narrowed = new Landing(root);
        files.forEach((source, list) -> narrowed.files.put(source, list.stream().filter(keep).toList()));
        narrowed.notes.addAll(notes);
        narrowed.officialFiles = officialFiles;
        return narrowed;
    }

    /** The qualified landing root (file:/..., hdfs://..., s3a://...). */
    public String root() {
        return root;
    }

    public List<LandingFileInfo> files(Source source) {
        return files.getOrDefault(source, List.of());
    }

    /** The House of Commons Library files in {@code official_results/} (ingest/official reads them). */
    public List<LandingFileInfo> officialFiles() {
        return officialFiles;
    }

    /** Unknown extra columns, once per file; ignored folders. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    private List<LandingFileInfo> list(FileSystem fs, Source source) throws IOException {
        return list(fs, source.folder());
    }

    private List<LandingFileInfo> list(FileSystem fs, String folder) throws IOException {
        Path dir = new Path(root, folder);
        if (!fs.exists(dir)) {
            return List.of();
        }
        FileStatus[] statuses = fs.listStatus(dir, p -> isLandingFile(p.getName()));
        Arrays.sort(statuses, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        List<LandingFileInfo> out = new ArrayList<>();
        for (FileStatus s : statuses) {
            if (s.isFile()) {
                String uri = s.getPath().toString();
                out.add(new LandingFileInfo(uri, ParsedRows.relative(root, uri), s.getLen(), s.getModificationTime()));
            }
        }
        return out;
    }

    static boolean isLandingFile(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return !n.startsWith(".") && !n.startsWith("_") && (n.endsWith(".csv") || n.endsWith(".csv.gz"));
    }

    private void checkHeader(FileSystem fs, Source source, LandingFileInfo f, List<String> problems) throws IOException {
        try (InputStream in = fs.open(new Path(f.uri()));
             LandingFile file = new LandingFile(source, f.name(), in)) {
            LandingFile.Header header = file.header();
            for (String missing : header.missingRequired()) {
                problems.add(f.name() + ":1: missing required column '" + missing + "' (source " + source.folder()
                        + " needs " + requiredColumns(source) + ")");
            }
            if (!header.unknown().isEmpty()) {
                notes.add(f.name() + ": ignored unknown column(s) " + String.join(", ", header.unknown()));
            }
        } catch (LandingFileException e) {
            problems.add(e.getMessage());
        }
    }

    private static String requiredColumns(Source source) {
        return String.join(", ", source.columns().stream().filter(c -> c.required()).map(c -> c.name()).toList());
    }
}
