package org.organisermetrics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.cli.ExitCode;
import org.organisermetrics.ingest.execution.SparkExecution;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;
import org.organisermetrics.testing.SharedSpark;

/**
 * The contract's cross-row rules on landing/rules, where each bad row is placed by hand:
 * duplicates against conflicts, every reference, results' areas and votes; then the
 * data-quality gate and a missing required column.
 */
class CrossRowRulesTest {
    private static final String[] PERIOD = {"--from", "2024-01", "--to", "2024-12", "--as-of", "2026-11-01", "--demo"};

    /** Ingest settings for the rules fixture read directly through {@link IngestJob}: its 2024 period, a zero secret. */
    private static final IngestJob.Settings RULES_SETTINGS = new IngestJob.Settings(java.time.LocalDate.of(2026, 11, 1),
            java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2024, 12, 1),
            new org.organisermetrics.privacy.Pseudonymiser(new byte[32]));

    /** The given columns of every row, in (file, line) order. */
    private static java.util.List<Row> byLine(Dataset<Row> rows, String... columns) {
        return rows.selectExpr(columns).orderBy(ParsedRows.FILE, ParsedRows.LINE).collectAsList();
    }

    /** Every source on the program's scratch execution, however small. */
    private static java.util.function.Function<org.organisermetrics.contract.Source, org.organisermetrics.ingest.execution.Execution>
            onScratch(Path scratch) {
        SparkExecution execution = new SparkExecution(SharedSpark.session(), scratch.toUri().toString());
        return s -> execution;
    }

    /** The program's execution over {@code scratch}, or one whose key hash is the same for every key. */
    private static SparkExecution execution(String scratch, boolean everyKeyHashTheSame) {
        return new SparkExecution(SharedSpark.session(), scratch, SparkExecution.BROADCAST_CHANGED_ROWS,
                everyKeyHashTheSame ? keys -> org.apache.spark.sql.functions.lit(0L) : SparkExecution.KEY_HASH);
    }

    private static Cli.Outcome run(String landing, Path warehouse, String... extra) {
        String[] args = new String[6 + PERIOD.length + extra.length];
        System.arraycopy(new String[] {"run", "--landing", Fixtures.resource(landing).toString(),
                "--warehouse", warehouse.toString()}, 0, args, 0, 5);
        args[5] = "--party=LAB";
        System.arraycopy(PERIOD, 0, args, 6, PERIOD.length);
        System.arraycopy(extra, 0, args, 6 + PERIOD.length, extra.length);
        return Cli.run(args);
    }

    @Test
    void everyBadRowIsQuarantinedWithItsReasonFileAndLine(@TempDir Path tmp) throws java.io.IOException {
        Path warehouse = tmp.resolve("wh");
        Cli.Outcome o = run("landing/rules", warehouse, "--accept-quarantine");
        assertEquals(ExitCode.SUCCESS, o.exitCode(), o.all());

        Dataset<Row> q = SharedSpark.session().read().parquet(warehouse.resolve("restricted/quarantine").toString());
        Map<String, String> byLine = new TreeMap<>();
        for (Row r : q.collectAsList()) {
            byLine.put(r.<String>getAs("file") + ":" + r.<Long>getAs("line"), r.getAs("reason"));
        }
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("wards/wards.csv:3", "unknown_seat"),            // E14000099 is not a seat
                Map.entry("volunteers/volunteers.csv:2", "conflict"),      // V1, recruited_on differs from line 5, the row kept
                Map.entry("volunteers/volunteers.csv:3", "unknown_organiser"), // O9
                Map.entry("volunteers/volunteers.csv:4", "unknown_ward"),  // E05000008
                Map.entry("training/training.csv:3", "unknown_course"),    // XYZ
                Map.entry("training/training.csv:4", "unknown_volunteer"), // V7
                Map.entry("contacts/2024-03.csv:4", "conflict"),           // C2 as LAB; line 5 (CON), the last, is kept
                Map.entry("marked_register/marked.csv:3", "unknown_elector"), // EL9 is not on the register
                Map.entry("results/results.csv:4", "unknown_election"),    // GE9
                Map.entry("results/results.csv:5", "unknown_area"),        // a ward in a general election
                Map.entry("results/results.csv:6", "votes_exceed_electorate"), // LE1 ward: 60 + 50 > 100
                Map.entry("results/results.csv:7", "votes_exceed_electorate")));
        assertEquals(expected, byLine);
        // Each carries its raw record, as the file has it: none of these rows fails the parse itself,
        // so every record here was read again from its landing file by line (QuarantineRecords).
        for (Row r : q.collectAsList()) {
            String file = r.getAs("file");
            long line = r.<Long>getAs("line");
            String expectedRecord = Files.readAllLines(Fixtures.resource("landing/rules").resolve(file)).get((int) line - 1);
            assertEquals(expectedRecord, r.getAs("record"), file + ":" + line);
        }

        Dataset<Row> dq = SharedSpark.session().read().parquet(warehouse.resolve("metrics/data_quality").toString());
        Dataset<Row> reasons = SharedSpark.session().read().parquet(warehouse.resolve("metrics/data_quality_reason").toString());
        // Summing either table counts each quarantined row once: the totals and the reasons are two tables.
        assertEquals(q.count(), dq.agg(org.apache.spark.sql.functions.sum("rows_quarantined")).first().getLong(0),
                () -> dq.collectAsList().toString());
        assertEquals(q.count(), reasons.agg(org.apache.spark.sql.functions.sum("rows_quarantined")).first().getLong(0),
                () -> reasons.collectAsList().toString());
        assertEquals(dq.count(), dq.select("source").distinct().count(), "one data_quality row per source");
        assertEquals(java.util.Arrays.stream(org.organisermetrics.contract.Source.values()).count(), dq.count(),
                "every landing source has its data_quality row");
        Row contacts = dq.where("source = 'contacts'").first();
        // 5 rows: C1 twice (same values once parsed: door/lab vs DOOR/LAB) -> 1 loaded + 1 duplicate;
        // C2 twice with different intentions -> the first quarantined, the last (line 5) loaded; C3 loaded.
        assertEquals(5L, (long) contacts.getAs("rows_read"));
        assertEquals(3L, (long) contacts.getAs("rows_loaded"));
        assertEquals(1L, (long) contacts.getAs("duplicates"));
        assertEquals(1L, (long) contacts.getAs("rows_quarantined"));
        Row aid = dq.where("source = 'aid'").first();
        // aid has no key: 2024-03.csv holds one gift twice (cash 100 and CASH 100.00: the same values), two
        // gifts; 2024-03-again.csv is the same file exported again: both its rows are copies.
        assertEquals(4L, (long) aid.getAs("rows_read"));
        assertEquals(2L, (long) aid.getAs("rows_loaded"));
        assertEquals(2L, (long) aid.getAs("duplicates"));
        Row volunteers = dq.where("source = 'volunteers'").first();
        // V1 twice with different recruited_on: line 2 quarantined, line 5 loaded; V2, V3 unknown references.
        assertEquals(1L, (long) volunteers.getAs("rows_loaded"));
        assertEquals(3L, (long) volunteers.getAs("rows_quarantined"));
        Row training = dq.where("source = 'training'").first();
        // V1 still resolves (its kept row): its session loads; XYZ and V7 do not.
        assertEquals(1L, (long) training.getAs("rows_loaded"));
        Row marked = dq.where("source = 'marked_register'").first();
        assertEquals(1L, (long) marked.getAs("rows_loaded"));
        assertEquals(1L, (long) marked.getAs("rows_quarantined"));

        // Warnings: loaded rows counted per source and warning (rows_loaded; nothing quarantined).
        Map<String, Long> warnings = new TreeMap<>();
        for (Row r : SharedSpark.session().read().parquet(warehouse.resolve("metrics/data_quality_warning").toString())
                .collectAsList()) {
            warnings.put(r.<String>getAs("source") + "/" + r.getAs("warning"), r.<Long>getAs("rows_loaded"));
        }
        assertEquals(new TreeMap<>(Map.of(
                "aid/repeated_row", 1L,                       // the second gift of 2024-03.csv
                "contacts/conflict_kept", 1L,                 // C2's line 5
                "contacts/elector_not_on_register", 1L,       // C3 names EL9
                "volunteers/conflict_kept", 1L,               // V1's line 5 ...
                "volunteers/elector_not_on_register", 1L,     // ... names EL9 ...
                "volunteers/member_not_in_members", 1L)),     // ... and M9 (no members at all)
                warnings);
        assertTrue(o.out().contains("contacts: 1 loaded row counted as elector_not_on_register (data_quality_warning)"), o.out());
        // The rows loaded are the ones kept: C2 as CON, V1 recruited on 2 January, both gifts.
        var spark = SharedSpark.session();
        assertEquals("CON", spark.read().parquet(warehouse.resolve("curated/contacts").toString())
                .where("contact_id = 'C2'").first().getAs("intention"));
        assertEquals("2024-01-02", String.valueOf((Object) spark.read().parquet(warehouse.resolve("curated/volunteers").toString())
                .first().getAs("recruited_on")));
        assertEquals(2L, spark.read().parquet(warehouse.resolve("curated/aid").toString()).count());
        for (Row r : dq.collectAsList()) {
            assertEquals((long) r.getAs("rows_read"), (long) r.<Long>getAs("rows_loaded") + r.<Long>getAs("duplicates")
                    + r.<Long>getAs("rows_outside_period") + r.<Long>getAs("rows_quarantined"), r.toString());
        }
    }

    @Test
    void theGateRefusesToPublishAndNamesTheWorstReasons(@TempDir Path tmp) {
        Path warehouse = tmp.resolve("wh");
        Cli.Outcome o = run("landing/rules", warehouse);
        assertEquals(ExitCode.BAD_INPUT, o.exitCode(), o.all());
        assertTrue(o.err().contains("results: 4 of 6 rows quarantined"), o.err());
        assertTrue(o.err().contains("votes_exceed_electorate 2"), o.err());
        assertTrue(o.err().contains("--accept-quarantine"), o.err());
        assertFalse(Files.exists(warehouse.resolve("curated")), "nothing published");
        assertFalse(Files.exists(warehouse.resolve("metrics")), "nothing published");
    }

    @Test
    void aMissingRequiredColumnFailsTheRunNamingFileAndColumnAndWritesNothing(@TempDir Path tmp) {
        Path warehouse = tmp.resolve("wh");
        Cli.Outcome o = run("landing/missing-column", warehouse);
        assertEquals(ExitCode.BAD_INPUT, o.exitCode(), o.all());
        assertTrue(o.err().contains("contacts/2024-03.csv:1: missing required column 'intention'"), o.err());
        assertFalse(Files.exists(warehouse.resolve("curated")));
        Cli.Outcome v = Cli.run("validate", "--landing", Fixtures.resource("landing/missing-column").toString());
        assertEquals(ExitCode.BAD_INPUT, v.exitCode(), v.all());
    }

    @Test
    void validateReportsQuarantineWithoutWriting(@TempDir Path tmp) {
        Cli.Outcome v = Cli.run("validate", "--landing", Fixtures.resource("landing/rules").toString(), "--as-of", "2026-11-01");
        assertEquals(ExitCode.BAD_INPUT, v.exitCode(), v.all());
        assertTrue(v.err().contains("results/results.csv:4 unknown_election"), v.err());
        Cli.Outcome ok = Cli.run("validate", "--landing", Fixtures.handwrittenLanding().toString(), "--as-of", "2026-11-01");
        assertEquals(ExitCode.SUCCESS, ok.exitCode(), ok.all());
    }

    @Test
    void noSecretIsAUsageErrorThatSaysHowToGiveOne(@TempDir Path tmp) {
        Cli.Outcome o = Cli.run("run", "--landing", Fixtures.handwrittenLanding().toString(), "--warehouse",
                tmp.resolve("wh").toString(), "--month", "2024-05");
        // The test JVM has no ORGANISER_METRICS_KEY; surefire passes none.
        assertEquals(ExitCode.USAGE, o.exitCode(), o.all());
        assertTrue(o.err().contains("ORGANISER_METRICS_KEY"), o.err());
        assertTrue(o.err().contains("--key-file"), o.err());
    }

    /**
     * Quarantined and duplicate rows are joined back to the parsed rows by broadcast; past a limit the
     * rows are written out whole instead; a small source keeps its rows on the driver and writes no
     * scratch. Every way gives every row the same status, reason and detail.
     */
    @Test
    void writingEveryRowOutOrKeepingRowsOnTheDriverGivesTheSameStatusesAsJoiningTheExceptionsBack(@TempDir Path tmp) {
        var spark = SharedSpark.session();
        Landing landing = Landing.open(Fixtures.resource("landing/rules").toString(), spark.sparkContext().hadoopConfiguration());
        IngestJob.Result joined = IngestJob.run(spark, landing, RULES_SETTINGS, java.util.Set.of(), null,
                onScratch(tmp.resolve("joined")), IngestJob.Progress.NONE);
        IngestJob.Result whole = IngestJob.run(spark, landing, RULES_SETTINGS, java.util.Set.of(), null,
                s -> new SparkExecution(spark, tmp.resolve("whole").toUri().toString(), 0, SparkExecution.KEY_HASH),
                IngestJob.Progress.NONE);
        IngestJob.Result onDriver = IngestJob.run(spark, landing, RULES_SETTINGS, java.util.Set.of(), null,
                s -> SparkExecution.onDriver(spark), IngestJob.Progress.NONE);
        IngestJob.Result onDriverWhole = IngestJob.run(spark, landing, RULES_SETTINGS, java.util.Set.of(), null,
                s -> SparkExecution.onDriver(spark, 0, SparkExecution.KEY_HASH), IngestJob.Progress.NONE);
        assertTrue(Files.exists(tmp.resolve("whole/contacts/rows")), "the limit 0 writes every row out");
        assertFalse(Files.exists(tmp.resolve("joined/contacts/rows")), "a few exceptions are joined back");
        for (org.organisermetrics.contract.Source source : org.organisermetrics.contract.Source.values()) {
            String[] columns = {ParsedRows.FILE, ParsedRows.LINE, SourceIngest.STATUS, ParsedRows.REASON, ParsedRows.DETAIL,
                SourceIngest.WARNING};
            var expected = byLine(joined.rows().get(source), columns);
            assertEquals(expected, byLine(whole.rows().get(source), columns), source.folder());
            assertEquals(expected, byLine(onDriver.rows().get(source), columns), source.folder() + " on the driver");
            assertEquals(expected, byLine(onDriverWhole.rows().get(source), columns), source.folder() + " on the driver, whole");
            assertEquals(joined.counts().get(source), onDriver.counts().get(source), source.folder() + " counts on the driver");
        }
        // contacts: a duplicate and a conflicting row, as in the test above
        assertEquals(2L, joined.rows().get(org.organisermetrics.contract.Source.CONTACTS)
                .where(SourceIngest.STATUS + " IN ('duplicate', 'quarantined')").count());
    }

    /**
     * The repeated-keys check first groups rows by a 64-bit hash of their key, then looks at the
     * keys themselves only for rows whose hash is repeated. A hash under which every key collides
     * (a constant) must give exactly the statuses the real hash gives: the outcome may not depend on
     * hash collisions. Each source's parse is read back from the scratch an ingest left.
     */
    @Test
    void keysThatShareAHashAreStillToldApart(@TempDir Path tmp) {
        var spark = SharedSpark.session();
        Landing landing = Landing.open(Fixtures.resource("landing/rules").toString(), spark.sparkContext().hadoopConfiguration());
        String scratch = tmp.resolve("scratch").toUri().toString();
        IngestJob.run(spark, landing, RULES_SETTINGS, java.util.Set.of(), null, onScratch(tmp.resolve("scratch")), // leaves each source's parse in the scratch
                IngestJob.Progress.NONE);
        long flagged = 0;
        for (org.organisermetrics.contract.Source source : org.organisermetrics.contract.Source.values()) {
            String folder = scratch + "/" + source.folder();
            Dataset<Row> parsed = spark.read().parquet(folder + "/parsed");
            String[] columns = {ParsedRows.FILE, ParsedRows.LINE, ParsedRows.REASON, ParsedRows.DETAIL, "_duplicate",
                SourceIngest.WARNING};
            var real = byLine(SourceIngest.markRepeats(source, parsed, execution(folder + "/real", false)), columns);
            var colliding = byLine(SourceIngest.markRepeats(source, parsed, execution(folder + "/colliding", true)), columns);
            assertEquals(real, colliding, source.folder());
            var collidingOnDriver = byLine(SourceIngest.markRepeats(source, parsed, SparkExecution.onDriver(spark,
                    SparkExecution.BROADCAST_CHANGED_ROWS, keys -> org.apache.spark.sql.functions.lit(0L))), columns);
            assertEquals(real, collidingOnDriver, source.folder() + " on the driver");
            flagged += colliding.stream().filter(r -> r.<Boolean>getAs("_duplicate")
                    || "conflict".equals(r.getAs(ParsedRows.REASON)) || r.getAs(SourceIngest.WARNING) != null).count();
        }
        // contacts: a duplicate, a conflicting row and the row kept; volunteers: a conflicting row and the row kept;
        // aid: two copies and a repeated row (as in the first test)
        assertEquals(8L, flagged);
    }

    /**
     * Contacts have a key and no personal column, so the parse makes no digest and rows sharing a
     * contact_id are told apart by their values themselves: a null against a value is a conflict,
     * in a plain column and in a keyed person id alike, and two nulls are the same value. Built by
     * hand in the parse's layout; the outcome must not depend on the key hash.
     */
    @Test
    void whereTheParseMakesNoDigestNullsAndValuesAreComparedAsValues(@TempDir Path tmp) {
        var spark = SharedSpark.session();
        var contacts = org.organisermetrics.contract.Source.CONTACTS;
        assertFalse(ParsedRows.digestsInParse(contacts));
        assertFalse(java.util.Arrays.asList(ParsedRows.schema(contacts).fieldNames()).contains(ParsedRows.ROW_HASH_HIGH));
        String file = "contacts/2024-03.csv";
        // contact_id, elector_key, seat, ward, date, channel, canvasser_key, intention, issue_code, conversation,
        // then file, line, reason, detail, record (no digest columns)
        java.util.List<Row> rows = java.util.List.of(
                contact("C1", "k1", "W1", "LAB", null, true, file, 2, null),
                contact("C1", "k1", "W1", "LAB", null, true, file, 3, null),       // line 2 is its duplicate
                contact("C2", "k1", "W1", "LAB", null, true, file, 4, null),       // issue_code null ...
                contact("C2", "k1", "W1", "LAB", "HOUSING", true, file, 5, null),  // ... against a value: conflict, line 5 kept
                contact("C3", "k1", "W1", "LAB", null, true, file, 6, null),       // canvasser k1 ...
                contact("C3", null, "W1", "LAB", null, true, file, 7, null),       // ... against none: conflict
                contact("C4", "k1", null, "LAB", null, null, file, 8, null),       // nulls in the same places ...
                contact("C4", "k1", null, "LAB", null, null, file, 9, null),       // ... are equal: line 8 a duplicate
                contact("C5", "k1", "W1", "CON", null, false, file, 10, null),     // alone: loaded
                contact("C6", "k1", "W1", "CON", null, false, file, 11, "bad_date"), // rejected by the parse ...
                contact("C6", "k1", "W1", "LAB", null, false, file, 12, null));    // ... so C6 is not repeated
        Dataset<Row> parsed = spark.createDataFrame(rows, ParsedRows.schema(contacts));
        // The last row of a key is kept: rows equal to it are duplicates, rows that differ are conflicts.
        java.util.Map<Long, String> expected = new TreeMap<>(Map.of(
                2L, "duplicate", 4L, "conflict", 5L, "conflict_kept", 6L, "conflict", 7L, "conflict_kept",
                8L, "duplicate", 11L, "bad_date"));
        for (boolean colliding : new boolean[] {false, true}) {
            Dataset<Row> marked = SourceIngest.markRepeats(contacts, parsed,
                    execution(tmp.resolve("repeated-" + colliding).toUri().toString(), colliding));
            java.util.Map<Long, String> outcome = new TreeMap<>();
            for (Row r : byLine(marked, ParsedRows.LINE, ParsedRows.REASON, "_duplicate", SourceIngest.WARNING)) {
                String what = r.getBoolean(2) ? "duplicate" : r.getString(1) != null ? r.getString(1) : r.getString(3);
                if (what != null) {
                    outcome.put(r.getLong(0), what);
                }
            }
            assertEquals(expected, outcome, colliding ? "every key hash the same" : "the real key hash");
        }
    }

    /**
     * A source without a key (aid): rows identical within one file are separate gifts, all loaded, each
     * after the first counted as repeated_row; the n-th copy in a file is a duplicate when an earlier file
     * (name order) has an n-th copy. Built by hand in the parse's layout (the digest decides, values only
     * label the rows); the outcome must not depend on the key hash.
     */
    @Test
    void withoutAKeyRepeatsWithinAFileLoadAndCopiesInAnotherFileAreDuplicates(@TempDir Path tmp) {
        var spark = SharedSpark.session();
        var aid = org.organisermetrics.contract.Source.AID;
        java.util.List<Row> rows = java.util.List.of(
                gift("aid/a.csv", 2, 1L),  // gift g: loaded
                gift("aid/a.csv", 3, 1L),  // g again in a.csv: a second gift, loaded, repeated_row
                gift("aid/a.csv", 4, 2L),  // gift h: loaded
                gift("aid/b.csv", 2, 1L),  // b.csv's first g: a.csv has a first g: duplicate
                gift("aid/b.csv", 3, 2L),  // b.csv's first h: duplicate
                gift("aid/b.csv", 4, 2L),  // b.csv's second h: a.csv has none: loaded, repeated_row
                gift("aid/b.csv", 5, 1L)); // b.csv's second g: a.csv has one: duplicate
        Dataset<Row> parsed = spark.createDataFrame(rows, ParsedRows.schema(aid));
        String expected = "{a.csv:2=loaded, a.csv:3=repeated_row, a.csv:4=loaded, b.csv:2=duplicate, b.csv:3=duplicate, "
                + "b.csv:4=repeated_row, b.csv:5=duplicate}";
        for (boolean colliding : new boolean[] {false, true}) {
            Dataset<Row> marked = SourceIngest.markRepeats(aid, parsed,
                    execution(tmp.resolve("repeated-" + colliding).toUri().toString(), colliding));
            Map<String, String> outcome = new TreeMap<>();
            for (Row r : byLine(marked, ParsedRows.FILE, ParsedRows.LINE, "_duplicate", SourceIngest.WARNING)) {
                outcome.put(r.getString(0).substring("aid/".length()) + ":" + r.getLong(1),
                        r.getBoolean(2) ? "duplicate" : r.getString(3) != null ? r.getString(3) : "loaded");
            }
            assertEquals(expected, outcome.toString(), colliding ? "every key hash the same" : "the real key hash");
        }
    }

    /** An aid row in the parse's layout whose digest is (digest, digest): rows with one digest have the same values. */
    private static Row gift(String file, long line, long digest) {
        return org.apache.spark.sql.RowFactory.create(java.time.LocalDate.of(2024, 3, 5), "E14000002", "E14000001", "CASH",
                new java.math.BigDecimal(digest * 100).setScale(2), digest, digest, file, line, null, null, null);
    }

    private static Row contact(String id, String canvasser, String ward, String intention, String issue, Boolean conversation,
                               String file, long line, String reason) {
        return org.apache.spark.sql.RowFactory.create(id, "e-" + id, "E14000001", ward, java.time.LocalDate.of(2024, 3, 5),
                "door", canvasser, intention, issue, conversation, file, line, reason, null, null);
    }

    /**
     * The scratch carries nothing a query engine would use (SparkExecution.SCRATCH_OPTIONS): read from
     * the footer of a parse's own file, no column has statistics or a dictionary, and the codec is
     * snappy. A write without those settings keeps its statistics: DuckDB prunes curated tables on them.
     */
    @Test
    void theScratchIsWrittenWithoutStatisticsOrDictionaries(@TempDir Path tmp) throws java.io.IOException {
        var spark = SharedSpark.session();
        Landing landing = Landing.open(Fixtures.resource("landing/rules").toString(), spark.sparkContext().hadoopConfiguration());
        IngestJob.Result result = IngestJob.run(spark, landing, RULES_SETTINGS, java.util.Set.of(), null, onScratch(tmp.resolve("scratch")),
                IngestJob.Progress.NONE);
        var scratchFooter = footer(tmp.resolve("scratch/contacts/parsed"));
        int columns = 0;
        for (var block : scratchFooter.getBlocks()) {
            for (var chunk : block.getColumns()) {
                columns++;
                assertTrue(chunk.getStatistics() == null || chunk.getStatistics().isEmpty(), chunk.getPath() + " has statistics");
                assertFalse(chunk.hasDictionaryPage(), chunk.getPath() + " has a dictionary");
                assertEquals(org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY, chunk.getCodec());
            }
        }
        assertEquals(ParsedRows.schema(org.organisermetrics.contract.Source.CONTACTS).size(), columns);
        // The same rows through a curated-style write keep their min/max (the settings are the scratch's alone).
        Path curated = tmp.resolve("curated");
        result.rows().get(org.organisermetrics.contract.Source.CONTACTS).select(ParsedRows.LINE)
                .write().parquet(curated.toString());
        var line = footer(curated).getBlocks().get(0).getColumns().get(0);
        assertFalse(line.getStatistics().isEmpty(), "a write without the scratch's settings has statistics");
    }

    /** The footer of the one data file in a folder Spark wrote with a single task. */
    private static org.apache.parquet.hadoop.metadata.ParquetMetadata footer(Path folder) throws java.io.IOException {
        Path file;
        try (var files = Files.list(folder)) {
            var parts = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList();
            assertEquals(1, parts.size(), "data files in " + folder);
            file = parts.get(0);
        }
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new org.apache.hadoop.conf.Configuration()))) {
            return reader.getFooter();
        }
    }
}
