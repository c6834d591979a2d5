package org.organisermetrics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.IngestJob;
import org.organisermetrics.ingest.SourceIngest;
import org.organisermetrics.privacy.Pseudonymiser;
import org.organisermetrics.testing.SharedSpark;

/**
 * {@code generate --formats}: the same seed written as council exports loads, through the ingest,
 * to the same electors and marked register as the contract's CSVs, and the other sources' elector
 * ids still find their electors.
 */
class GenerateFormatsTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 15);
    static final YearMonth FROM = YearMonth.of(2025, 11);
    static final YearMonth TO = YearMonth.of(2026, 10);

    @TempDir
    static Path tmp;
    static IngestJob.Result contract;
    static IngestJob.Result exports;
    static Path exportLanding;

    static GeneratorSettings settings(Path out, boolean formats) {
        // Three seats: one in each council (Xpress 14 fields, Halarose pp50, Xpress 13 fields).
        return GeneratorSettings.forScale(Scale.SAMPLE, out.toString(), TODAY).withSeats(3).withSeed(11)
                .withPeriod(FROM, TO).withSizes(2_000, 20).withFormats(formats);
    }

    static IngestJob.Result ingest(SparkSession spark, Path landing, String scratch) {
        org.organisermetrics.ingest.Landing l = org.organisermetrics.ingest.Landing.open(landing.toString(), spark.sparkContext().hadoopConfiguration());
        return IngestJob.run(spark, l, new IngestJob.Settings(TODAY, FROM.atDay(1), TO.atDay(1), new Pseudonymiser(new byte[32])),
                tmp.resolve(scratch).toUri().toString());
    }

    @BeforeAll
    static void generateBothWays() {
        SparkSession spark = SharedSpark.session();
        Generator.generate(spark, settings(tmp.resolve("contract"), false));
        exportLanding = tmp.resolve("exports");
        Generator.generate(spark, settings(exportLanding, true));
        contract = ingest(spark, tmp.resolve("contract"), "scratch-contract");
        exports = ingest(spark, exportLanding, "scratch-exports");
    }

    private static Map<String, Long> loadedPerSeat(IngestJob.Result r, Source s) {
        Dataset<Row> rows = r.rows().get(s).where(SourceIngest.STATUS + " = '" + SourceIngest.LOADED + "'");
        if (s == Source.MARKED_REGISTER) {
            // The marked register's seat is its elector's.
            Dataset<Row> electors = r.rows().get(Source.ELECTORS).where(SourceIngest.STATUS + " = '" + SourceIngest.LOADED + "'")
                    .selectExpr("elector_key AS e", "seat_code");
            rows = rows.join(electors, rows.col("elector_key").equalTo(electors.col("e")));
        }
        Map<String, Long> out = new TreeMap<>();
        for (Row row : rows.groupBy("seat_code").count().collectAsList()) {
            out.put(row.getString(0), row.getLong(1));
        }
        return out;
    }

    private static long withStatus(IngestJob.Result r, Source s, String status) {
        return r.rows().get(s).where(SourceIngest.STATUS + " = '" + status + "'").count();
    }

    @Test
    void electors_and_the_marked_register_load_the_same_rows_per_seat_either_way() {
        for (Source s : List.of(Source.ELECTORS, Source.MARKED_REGISTER)) {
            Map<String, Long> fromCsv = loadedPerSeat(contract, s);
            Map<String, Long> fromExports = loadedPerSeat(exports, s);
            assertEquals(3, fromCsv.size(), s.folder() + ": three seats");
            assertEquals(fromCsv, fromExports, s.folder());
        }
        // Every elector of the three seats (2,000 each, within 20%) is on a register export.
        long electors = loadedPerSeat(exports, Source.ELECTORS).values().stream().mapToLong(Long::longValue).sum();
        assertTrue(electors >= 3 * 1_600 && electors <= 3 * 2_400, "electors " + electors);
    }

    @Test
    void nothing_is_quarantined_in_either_landing_zone_and_every_other_source_loads_the_same_rows() {
        for (Source s : Source.values()) {
            assertEquals(0, withStatus(contract, s, SourceIngest.QUARANTINED), "contract " + s.folder());
            assertEquals(0, withStatus(exports, s, SourceIngest.QUARANTINED), "exports " + s.folder());
            assertEquals(withStatus(contract, s, SourceIngest.LOADED), withStatus(exports, s, SourceIngest.LOADED), s.folder());
        }
    }

    @Test
    void contacts_members_and_volunteers_name_electors_by_the_keys_the_registers_give() {
        Dataset<Row> electors = exports.rows().get(Source.ELECTORS).selectExpr("elector_key AS e");
        for (Source s : List.of(Source.CONTACTS, Source.MEMBERS, Source.VOLUNTEERS, Source.MARKED_REGISTER)) {
            Dataset<Row> named = exports.rows().get(s).where("elector_key IS NOT NULL");
            assertTrue(named.count() > 0, s.folder() + " names electors");
            assertEquals(named.count(), named.join(electors, named.col("elector_key").equalTo(electors.col("e"))).count(),
                    s.folder() + ": every elector id is a register key");
        }
        // As written: COUNCIL-PD-NUMBER[/SUFFIX], the made-up councils E079000n, districts like ABC1.
        for (Source s : List.of(Source.CONTACTS, Source.MEMBERS, Source.VOLUNTEERS)) {
            List<String> ids = org.organisermetrics.generate.Landing.rows(exportLanding, s).stream()
                    .map(r -> r.get("elector_id")).filter(java.util.Objects::nonNull).toList();
            assertFalse(ids.isEmpty(), s.folder());
            ids.forEach(id -> assertTrue(id.matches("E0790000[123]-[A-Z]{3}[0-9]+-[1-9][0-9]*(/[1-9][0-9]*)?"), s.folder() + " " + id));
        }
    }

    @Test
    void the_registers_are_written_as_each_council_s_software_writes_them() throws IOException {
        Path register = exportLanding.resolve("exports/register");
        String xpress = Files.readString(register.resolve("E07900001/xpress-part-0001.tsv"), StandardCharsets.UTF_8);
        assertTrue(xpress.startsWith("Elector Number Prefix\tElector Number\tElector Number Suffix\tElector Markers\tElector DOB"
                + "\tElector Surname\tElector Forename\tPostCode\tAddress1"), xpress.substring(0, 120));
        assertTrue(xpress.contains("\r\n"), "CRLF");
        assertTrue(xpress.matches("(?s).*\r\nAA[A-Z][0-9]+\t[0-9]+\t1\t.*"), "an entry with suffix 1");
        String xpress13 = Files.readString(register.resolve("E07900003/xpress13-part-0001.txt"), StandardCharsets.UTF_8);
        assertTrue(xpress13.contains("\tElector Name\tPostCode\t"), "13 fields: one name");
        assertTrue(Files.exists(register.resolve("E07900002/pp50-part-0001.tsv")));
        List<String> update = Files.readAllLines(register.resolve("E07900002/pp50-update-2026-10-part-0001.csv"));
        assertEquals("Monthly Additions and Deletions for October 2026", update.get(1));
        assertTrue(update.get(2).startsWith("\"PD\",\"ENO\",\"Status\""), update.get(2));
        assertTrue(update.stream().skip(3).anyMatch(l -> l.contains(",\"A\",")), "an addition");
        // The update's additions are registered on the first day of its month.
        Dataset<Row> added = exports.rows().get(Source.ELECTORS).where("registered_on = DATE'2026-10-01'");
        assertEquals(update.stream().skip(3).filter(l -> l.contains(",\"A\",")).count(), added.count());
        // Its deletions change entries of the full register: those electors left on that day, one row each.
        List<String> deleted = update.stream().skip(3).filter(l -> l.contains(",\"D\",")).toList();
        assertFalse(deleted.isEmpty(), "a deletion");
        String full = Files.readString(register.resolve("E07900002/pp50-part-0001.tsv"), StandardCharsets.UTF_8);
        for (String d : deleted) {
            String[] f = d.split(",", 3);
            String entry = "\r\n" + f[0].replace("\"", "") + "\t" + f[1].replace("\"", "") + "\t";
            assertTrue(full.contains(entry), "the deleted entry " + entry.strip() + " is in the full register");
        }
        assertEquals(deleted.size(), exports.rows().get(Source.ELECTORS).where("left_on = DATE'2026-10-01'").count());
        try (Stream<Path> marked = Files.walk(exportLanding.resolve("exports/marked_register"))) {
            List<String> files = marked.filter(Files::isRegularFile).map(p -> exportLanding.relativize(p).toString())
                    .collect(Collectors.toList());
            assertFalse(files.isEmpty());
            files.forEach(f -> assertTrue(f.matches("exports/marked_register/[A-Z0-9-]+/marked-part-\\d{4}\\.csv"), f));
        }
        assertFalse(Files.exists(exportLanding.resolve("electors")), "no contract electors folder beside the exports");
        List<String> lookup = Files.readAllLines(exportLanding.resolve("lookups/polling_districts.csv"));
        assertEquals("polling_district,ward_code,seat_code,council", lookup.get(0));
    }
}
