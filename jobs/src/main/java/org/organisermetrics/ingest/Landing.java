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
import org.organisermetrics.formats.Formats;
import org.organisermetrics.formats.Lookups;

/**
 * A landing zone: {@code <landing>/<source>/*.csv} (or {@code *.csv.gz}, or an Excel workbook
 * {@code *.xlsx}, its first sheet), subfolders of a source folder included. Lists the files of every
 * source and checks every header before any row is read, so a file missing a required column stops
 * the run before anything is written. Nothing is passed over in silence: every other entry (a
 * misnamed folder, an .xls workbook, .DS_Store) is listed in {@link #skipped} with the reason.
 */
public final class Landing {

    /** A landing file: its full URI, its name relative to the landing root, size and modification time. */
    public record LandingFileInfo(String uri, String name, long size, long modified) {}

    /** An entry of the landing zone that is not read, and why (printed by run and validate, kept in the run manifest). */
    public record Skipped(String entry, String reason) {}

    private final String root;
    private final Map<Source, List<LandingFileInfo>> files = new EnumMap<>(Source.class);
    private final List<String> notes = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    /** Problems found while listing: entries the file system names but cannot describe (a broken link). */
    private final List<String> unlisted = new ArrayList<>();
    /** Official results files (OfficialResults): listed and recognised by header here, read by IngestJob. */
    private List<LandingFileInfo> officialFiles = List.of();
    /** The formats exports are read with: built-in and the user's mappings/. */
    private Formats formats = Formats.builtIn();
    private Lookups lookups = Lookups.NONE;
    /** Each export file recognised, by URI: its format's name (the file is also listed under each source it feeds). */
    private final Map<String, String> exportFormats = new java.util.TreeMap<>();
    /** Each export, as recognised: "exports/a.csv: van_contacts (NGP VAN) -> contacts". */
    private final List<String> exportsRecognised = new ArrayList<>();
    /** The register files of each folder (a council's full register and its updates: {@link RegisterUpdates}). */
    private final Map<String, List<RegisterUpdates.File>> registerFiles = new java.util.TreeMap<>();
    private final List<LandingFileInfo> exportSettings = new ArrayList<>();

    private Landing(String root) {
        this.root = root;
    }

    /**
     * Lists the landing zone and checks headers; throws {@link BadInputException} naming every bad
     * file. Every entry of the zone is either read or listed in {@link #skipped} with its reason.
     */
    public static Landing open(String landingDir, Configuration conf) {
        try {
            Path rootPath = new Path(landingDir);
            FileSystem fs = raw(rootPath.getFileSystem(conf));
            if (!fs.exists(rootPath) || !fs.getFileStatus(rootPath).isDirectory()) {
                throw new BadInputException("landing folder " + landingDir + " does not exist or is not a folder");
            }
            Landing landing = new Landing(fs.makeQualified(rootPath).toString());
            List<String> problems = landing.unlisted;
            landing.skipTopLevel(fs);
            for (Source source : Source.values()) {
                landing.files.put(source, landing.list(fs, source));
                if (source.isRequiredSource() && landing.files.get(source).isEmpty()) {
                    problems.add(source.folder() + "/: the required source " + source.folder()
                            + " has no .csv or .xlsx files in " + landingDir + landing.misnamedHint(source.folder()));
                }
                for (LandingFileInfo f : landing.files.get(source)) {
                    landing.checkHeader(fs, source, f, problems);
                }
            }
            // Official results (OfficialResults): a file in no known layout rejects the run, naming the file.
            landing.officialFiles = landing.list(fs, OfficialResults.FOLDER);
            for (LandingFileInfo f : landing.officialFiles) {
                try {
                    problems.addAll(OfficialResults.check(fs, f));
                } catch (LandingFileException e) {
                    problems.add(e.getMessage());
                } catch (IOException e) {
                    problems.add(unreadable(f.name(), e));
                }
            }
            landing.readExports(fs, problems);
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
        narrowed.skipped.addAll(skipped);
        narrowed.officialFiles = officialFiles;
        narrowed.formats = formats;
        narrowed.lookups = lookups;
        narrowed.exportFormats.putAll(exportFormats);
        narrowed.exportsRecognised.addAll(exportsRecognised);
        narrowed.registerFiles.putAll(registerFiles);
        narrowed.exportSettings.addAll(exportSettings);
        return narrowed;
    }

    /** The qualified landing root (file:/..., hdfs://..., s3a://...). */
    public String root() {
        return root;
    }

    public List<LandingFileInfo> files(Source source) {
        return files.getOrDefault(source, List.of());
    }

    /** The bytes of every file of the zone, each counted once (an export feeding several sources too). */
    public long bytes() {
        Map<String, Long> byUri = new java.util.HashMap<>();
        files.values().forEach(list -> list.forEach(f -> byUri.put(f.uri(), f.size())));
        officialFiles.forEach(f -> byUri.put(f.uri(), f.size()));
        return byUri.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The House of Commons Library files in {@code official_results/} (OfficialResults reads them). */
    public List<LandingFileInfo> officialFiles() {
        return officialFiles;
    }

    /** How the run reads this zone's export files (formats/): their formats and the polling-district lookup. */
    public ExportReading exportReading(java.time.LocalDate today) {
        Map<String, List<RegisterUpdates.File>> byUri = new java.util.HashMap<>();
        registerFiles.values().forEach(folder -> folder.forEach(f -> byUri.put(f.uri(), List.copyOf(folder))));
        return new ExportReading(formats, lookups, Map.copyOf(exportFormats), Map.copyOf(byUri), today);
    }

    /** The files that shape how exports are read: the lookup and the user's formats (mappings/*.yaml). */
    public List<LandingFileInfo> exportSettingsFiles() {
        return List.copyOf(exportSettings);
    }

    /** The formats of this landing zone (built-in and its mappings/). */
    public Formats formats() {
        return formats;
    }

    /** Each export file and what it was recognised as, in path order. */
    public List<String> exportsRecognised() {
        return List.copyOf(exportsRecognised);
    }

    /**
     * The exports part of the zone (formats/, docs/formats.md): {@code mappings/*.yaml} (user formats),
     * {@code lookups/polling_districts.csv}, and every file under {@code exports/}, recognised by its
     * header and listed under each source its format feeds; a file recognised as nothing stops the
     * run, naming its header and the closest format.
     */
    private void readExports(FileSystem fs, List<String> problems) throws IOException {
        Map<String, String> userFiles = new java.util.TreeMap<>();
        List<LandingFileInfo> mappingFiles = new ArrayList<>();
        walkAll(fs, Formats.MAPPINGS, mappingFiles);
        for (LandingFileInfo f : mappingFiles) {
            String lower = f.name().toLowerCase(java.util.Locale.ROOT);
            if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
                try (InputStream in = openFile(f.uri(), fs.getConf())) {
                    userFiles.put(f.name(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
                exportSettings.add(f);
            } else if (isNote(f.name())) {
                skipped.add(new Skipped(f.name(), NOTE));
            } else {
                skipped.add(new Skipped(f.name(), "not a format: a user's format is a .yaml file (docs/formats.md)"));
            }
        }
        try {
            formats = Formats.builtIn().withUserFiles(userFiles);
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
        List<LandingFileInfo> lookupFiles = new ArrayList<>();
        walkAll(fs, Formats.LOOKUPS, lookupFiles);
        for (LandingFileInfo f : lookupFiles) {
            if (f.name().equals(Lookups.POLLING_DISTRICTS)) {
                try (InputStream in = openFile(f.uri(), fs.getConf())) {
                    lookups = Lookups.read(f.name(), in);
                    exportSettings.add(f);
                } catch (BadInputException e) {
                    problems.addAll(e.problems());
                }
            } else if (isNote(f.name())) {
                skipped.add(new Skipped(f.name(), NOTE));
            } else {
                skipped.add(new Skipped(f.name(), "not a lookup the program reads (it reads " + Lookups.POLLING_DISTRICTS + ")"));
            }
        }
        List<LandingFileInfo> exportFiles = new ArrayList<>();
        walkAll(fs, Formats.EXPORTS, exportFiles);
        for (LandingFileInfo f : exportFiles) {
            if (isNote(f.name())) {
                skipped.add(new Skipped(f.name(), NOTE));
                continue;
            }
            if (!Formats.isExportFile(f.name())) {
                skipped.add(new Skipped(f.name(), "not an export the program reads (" + String.join(", ", Formats.EXTENSIONS)
                        + "); save it as CSV or .xlsx"));
                continue;
            }
            Formats.Detection d;
            try (InputStream in = openFile(f.uri(), fs.getConf())) {
                d = formats.detect(f.name(), in);
            } catch (BadInputException e) {
                problems.addAll(e.problems());
                continue;
            } catch (IOException | UncheckedIOException e) {
                problems.add(unreadable(f.name(), e));
                continue;
            }
            if (!d.recognised()) {
                problems.add(d.describe());
                continue;
            }
            if (d.format() instanceof org.organisermetrics.formats.MarkedRegisterFormat
                    && org.organisermetrics.formats.MarkedRegisterFormat.electionOf(Formats.folders(f.name())) == null) {
                problems.add(f.name() + ": a marked register sits in exports/marked_register/<election_id>/; move it there");
                continue;
            }
            exportFormats.put(f.uri(), d.format().name());
            exportsRecognised.add(d.describe());
            if (d.format() instanceof org.organisermetrics.formats.RegisterFormat register) {
                String folder = f.name().contains("/") ? f.name().substring(0, f.name().lastIndexOf('/')) : "";
                registerFiles.computeIfAbsent(folder, k -> new ArrayList<>()).add(new RegisterUpdates.File(f.uri(), f.name(),
                        register.isUpdate(), org.organisermetrics.formats.RegisterFormat.effectiveDate(d.preamble(), f.name())));
            }
            for (Source s : d.format().sources()) {
                List<LandingFileInfo> list = new ArrayList<>(files.getOrDefault(s, List.of()));
                list.add(f);
                files.put(s, List.copyOf(list));
            }
        }
    }

    /** Every file under a top-level folder, hidden and system files listed as skipped. */
    private void walkAll(FileSystem fs, String folder, List<LandingFileInfo> out) throws IOException {
        Path dir = new Path(root, folder);
        if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
            return;
        }
        walkEvery(fs, dir, out);
        out.sort(java.util.Comparator.comparing(LandingFileInfo::name));
    }

    private void walkEvery(FileSystem fs, Path dir, List<LandingFileInfo> out) throws IOException {
        FileStatus[] statuses = fs.listStatus(dir);
        Arrays.sort(statuses, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        reportUnlisted(dir, statuses);
        for (FileStatus s : statuses) {
            String name = ParsedRows.relative(root, s.getPath().toString());
            if (ignoredByRule(s.getPath().getName())) {
                skipped.add(new Skipped(name + (s.isDirectory() ? "/" : ""), IGNORED_BY_RULE));
            } else if (s.isDirectory()) {
                walkEvery(fs, s.getPath(), out);
            } else {
                out.add(new LandingFileInfo(s.getPath().toString(), name, s.getLen(), s.getModificationTime()));
            }
        }
    }

    /** Unknown extra columns, once per file. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Every entry of the landing zone that is not read, with the reason, in path order. */
    public List<Skipped> skipped() {
        return List.copyOf(skipped);
    }

    /**
     * Opens a landing file. A local file is read without Hadoop's checksum layer: landing files
     * come from other programs and have no {@code .crc} beside them, and that layer builds the
     * {@code .crc}'s name as a URI, which fails on a name with a colon ({@code 2026-11 10:30.csv}).
     */
    public static InputStream openFile(String uri, Configuration conf) throws IOException {
        Path path = new Path(uri);
        return raw(path.getFileSystem(conf)).open(path);
    }

    /** The file system without its checksum layer (which also hides .crc files from a listing). */
    private static FileSystem raw(FileSystem fs) {
        return fs instanceof org.apache.hadoop.fs.ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    /** The entries directly under the landing root that are not source folders. */
    private void skipTopLevel(FileSystem fs) throws IOException {
        FileStatus[] statuses = fs.listStatus(new Path(root));
        Arrays.sort(statuses, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        reportUnlisted(new Path(root), statuses);
        for (FileStatus s : statuses) {
            String name = s.getPath().getName();
            if (ignoredByRule(name)) {
                skipped.add(new Skipped(name, IGNORED_BY_RULE));
            } else if (!s.isDirectory() && isNote(name)) {
                skipped.add(new Skipped(name, NOTE));
            } else if (!s.isDirectory()) {
                skipped.add(new Skipped(name, "a file directly in the landing folder is not read (only the files in"
                        + " source folders are); if it holds a source's rows, move it into that source's folder (e.g. contacts/)"));
            } else if (!isSourceFolder(name)) {
                String meant = meantFolder(name);
                skipped.add(new Skipped(name + "/", meant != null
                        ? "not a source folder: folder names are lower-case, as the contract spells them; rename it to "
                                + meant + "/ to have it read"
                        : "not a source folder (the sources are " + String.join(", ", sourceFolders()) + ")"));
            }
        }
    }

    /** " (a folder X/ is there: ...)" when a folder differing only in case or spacing stands for a missing one. */
    private String misnamedHint(String folder) {
        for (Skipped s : skipped) {
            if (s.entry().endsWith("/") && folder.equals(meantFolder(s.entry().substring(0, s.entry().length() - 1)))) {
                return " (a folder " + s.entry() + " is there: rename it to " + folder + "/)";
            }
        }
        return "";
    }

    static final String IGNORED_BY_RULE = "ignored by rule: a hidden or system file (a name starting with '.' or '_',"
            + " an Office lock file starting with '~$', or a .crc checksum)";

    /** Official results come as the House of Commons Library's CSV files (OfficialResults), not as workbooks. */
    static final String OFFICIAL_WORKBOOK = "official results are read from the House of Commons Library's CSV files,"
            + " not workbooks; download the CSV version of the results, or save this workbook as CSV UTF-8";

    static final String NOTE = "a note beside the sources (Markdown or PDF), not data: not read";

    /** A note about the landing zone at its top (README.md): listed as not read, with no call to act. */
    static boolean isNote(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".md") || lower.endsWith(".pdf");
    }

    /**
     * Hidden files (.DS_Store), Hadoop and Spark markers (_SUCCESS), checksums, and the lock file
     * Excel keeps beside a workbook while it is open ({@code ~$contacts.xlsx}): never landing data.
     */
    static boolean ignoredByRule(String name) {
        return name.startsWith(".") || name.startsWith("_") || name.startsWith("~$")
                || name.toLowerCase(java.util.Locale.ROOT).endsWith(".crc");
    }

    private static boolean isSourceFolder(String name) {
        return Source.byFolder(name).isPresent() || OfficialResults.FOLDER.equals(name) || Formats.EXPORTS.equals(name)
                || Formats.LOOKUPS.equals(name) || Formats.MAPPINGS.equals(name);
    }

    private static List<String> sourceFolders() {
        List<String> out = new ArrayList<>();
        for (Source s : Source.values()) {
            out.add(s.folder() + "/");
        }
        out.add(OfficialResults.FOLDER + "/");
        out.add(Formats.EXPORTS + "/");
        out.add(Formats.LOOKUPS + "/");
        out.add(Formats.MAPPINGS + "/");
        return out;
    }

    /** The source folder a misnamed one stands for (same letters in another case, spaces or hyphens for '_'); else null. */
    static String meantFolder(String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT).replace(' ', '_').replace('-', '_');
        for (String folder : sourceFolders()) {
            String f = folder.substring(0, folder.length() - 1);
            if (f.equals(n)) {
                return f;
            }
        }
        return null;
    }

    private List<LandingFileInfo> list(FileSystem fs, Source source) throws IOException {
        return list(fs, source.folder());
    }

    private List<LandingFileInfo> list(FileSystem fs, String folder) throws IOException {
        Path dir = new Path(root, folder);
        if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
            return List.of();
        }
        List<LandingFileInfo> out = new ArrayList<>();
        walk(fs, dir, !OfficialResults.FOLDER.equals(folder), out);
        out.sort(java.util.Comparator.comparing(LandingFileInfo::name));
        return out;
    }

    /** A source folder and its subfolders (contacts/2025/08.csv is read as a contacts file). */
    private void walk(FileSystem fs, Path dir, boolean workbooks, List<LandingFileInfo> out) throws IOException {
        FileStatus[] statuses = fs.listStatus(dir);
        Arrays.sort(statuses, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        reportUnlisted(dir, statuses);
        for (FileStatus s : statuses) {
            String uri = s.getPath().toString();
            String name = ParsedRows.relative(root, uri);
            String fileName = s.getPath().getName();
            if (ignoredByRule(fileName)) {
                skipped.add(new Skipped(name + (s.isDirectory() ? "/" : ""), IGNORED_BY_RULE));
            } else if (s.isDirectory()) {
                walk(fs, s.getPath(), workbooks, out);
            } else if (!workbooks && isWorkbook(fileName)) {
                skipped.add(new Skipped(name, OFFICIAL_WORKBOOK));
            } else if (isLandingFile(fileName)) {
                out.add(new LandingFileInfo(uri, name, s.getLen(), s.getModificationTime()));
            } else {
                skipped.add(new Skipped(name, notReadReason(fileName)));
            }
        }
    }

    /**
     * A local folder's entries that its Hadoop listing leaves out: Hadoop drops an entry it cannot
     * stat (a link to a file that is gone) without a word, so the folder's own names are compared.
     */
    private void reportUnlisted(Path dir, FileStatus[] statuses) {
        if (!"file".equals(dir.toUri().getScheme())) {
            return;
        }
        String[] names = new java.io.File(dir.toUri()).list();
        if (names == null) {
            return;
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (FileStatus s : statuses) {
            listed.add(s.getPath().getName());
        }
        for (String name : names) {
            if (!listed.contains(name) && !ignoredByRule(name)) {
                String relative = ParsedRows.relative(root, new Path(dir, new Path(null, null, name)).toString());
                unlisted.add(relative + ": cannot be read (a link to a file that is not there, or removed while the"
                        + " landing folder was listed); replace it with the file, or remove it");
            }
        }
    }

    /** A landing file by its name: .csv, .csv.gz or .xlsx in any case; spaces after the name are not part of it. */
    static boolean isLandingFile(String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT);
        return !ignoredByRule(name) && (n.endsWith(".csv") || n.endsWith(".csv.gz") || isWorkbook(name));
    }

    /** An Excel workbook (.xlsx) by its name: read through its first sheet ({@link org.organisermetrics.formats.ExcelTable}). */
    public static boolean isWorkbook(String name) {
        return name.strip().toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx");
    }

    /** Why a file in a source folder is not read, and what to do. */
    static String notReadReason(String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".xls")) {
            return "an Excel 97-2003 workbook (.xls) is not read; open it in Excel and save it as Excel Workbook (.xlsx)"
                    + " or CSV UTF-8 in the same folder";
        }
        if (n.endsWith(".xlsm") || n.endsWith(".xlsb")) {
            return "a macro-enabled or binary Excel workbook (" + n.substring(n.lastIndexOf('.')) + ") is not read;"
                    + " save it as Excel Workbook (.xlsx) or CSV UTF-8 in the same folder";
        }
        if (n.endsWith(".ods") || n.endsWith(".numbers")) {
            return "a LibreOffice or Numbers spreadsheet (" + n.substring(n.lastIndexOf('.')) + ") is not read;"
                    + " save it as Excel Workbook (.xlsx) or CSV UTF-8 in the same folder";
        }
        if (n.endsWith(".zip") || n.endsWith(".gz") || n.endsWith(".bz2") || n.endsWith(".7z") || n.endsWith(".tar")) {
            return "only .csv, gzip-compressed .csv.gz and .xlsx files are read; unpack it into the folder";
        }
        if (n.endsWith(".txt") || n.endsWith(".tsv") || n.endsWith(".tab")) {
            return "not a .csv file; export it as comma-separated CSV named *.csv (if it already is, rename it)";
        }
        return "not a .csv, .csv.gz or .xlsx file; export it as comma-separated CSV named *.csv";
    }

    private void checkHeader(FileSystem fs, Source source, LandingFileInfo f, List<String> problems) {
        try (LandingFile file = LandingFile.open(source, f.name(), f.uri(), fs.getConf())) {
            LandingFile.Header header = file.header();
            for (String missing : header.missingRequired()) {
                problems.add(f.name() + ":" + file.headerLine() + ": missing required column '" + missing + "' (source "
                        + source.folder() + " needs " + requiredColumns(source) + ")");
            }
            if (!header.unknown().isEmpty()) {
                notes.add(f.name() + ": ignored unknown column(s) " + String.join(", ", header.unknown()));
            }
            if (file.sheets().size() > 1) {
                notes.add(f.name() + ": read its first sheet '" + file.sheets().get(0) + "'; its other sheets ("
                        + String.join(", ", file.sheets().subList(1, file.sheets().size()))
                        + ") are not read (move their rows into the first sheet, or save each as its own file)");
            }
        } catch (BadInputException e) {
            problems.add(e.getMessage()); // a file the contract cannot read, named with its line
        } catch (IOException | UncheckedIOException e) {
            problems.add(unreadable(f.name(), e));
        }
    }

    /** A landing file the job cannot open (permissions, a broken link): the file, the cause, what to do. */
    static String unreadable(String name, Exception e) {
        Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        String why = cause instanceof java.nio.file.AccessDeniedException || String.valueOf(cause.getMessage()).contains("ermission denied")
                ? "permission denied" : String.valueOf(cause.getMessage());
        return name + ": cannot be read (" + why + "); make it readable by the user the job runs as, or remove it";
    }

    private static String requiredColumns(Source source) {
        return String.join(", ", source.columns().stream().filter(c -> c.required()).map(c -> c.name()).toList());
    }
}
