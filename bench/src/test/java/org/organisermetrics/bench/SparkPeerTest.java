package org.organisermetrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.Privacy;
import org.organisermetrics.contract.Source;
import org.organisermetrics.privacy.Pseudonymiser;
import org.organisermetrics.testing.Fixtures;
import org.organisermetrics.testing.SharedSpark;

/**
 * The Spark peer against the DuckDB peer: two engines, two CSV readers, the same landing files
 * (the committed sample, whose files vary in BOM, line endings, column order, an extra column,
 * header case, date form, code case and boolean style) must give the same rows, value for value.
 */
class SparkPeerTest {

    /**
     * Sources that between them hold the generator's variations (contacts: BOM, CRLF and LF, header
     * case by month; electors: addresses with a line break inside quotes, dd/MM/yyyy dates, spaced
     * headers; volunteers: shuffled columns and an extra one; training: mixed booleans) and a MONEY
     * (aid), HOURS (activities) and COUNT (results) column.
     */
    private static final List<Source> SOURCES = List.of(Source.CONTACTS, Source.ELECTORS, Source.VOLUNTEERS, Source.TRAINING,
            Source.AID, Source.ACTIVITIES, Source.RESULTS);

    private static final byte[] SECRET = "a secret of at least sixteen bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void the_spark_copy_of_the_sample_equals_duckdbs_row_for_row(@TempDir Path dir) throws Exception {
        sameAsDuckDb(dir, false);
    }

    /** Keyed: our Pseudonymiser in a Spark UDF against the DuckDB peer's HMAC-SHA256 in SQL, key for key. */
    @Test
    void the_keyed_spark_copy_equals_duckdbs_keyed_copy_row_for_row(@TempDir Path dir) throws Exception {
        sameAsDuckDb(dir, true);
    }

    private static void sameAsDuckDb(Path dir, boolean keyed) throws Exception {
        Path landing = Fixtures.repoRoot().resolve("data-samples");
        SparkPeer.Copy copy = SparkPeer.run(SharedSpark.session(), landing, dir.resolve("spark"), SOURCES,
                new SparkPeer.Mode(true, keyed ? new Pseudonymiser(SECRET) : null));
        List<DuckDbPeer.Step> spark = copy.steps();

        List<DuckDbPeer.Step> duck = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            DuckDbPeer.execute(c, Sql.fill(Sql.resource("peer-setup.sql"), Map.of("threads", "1", "memory_limit", "1GB",
                    "temp_directory", Files.createDirectories(dir.resolve("tmp")).toString())));
            DuckDbPeer.execute(c, PeerIngestSql.personKeyMacros(SECRET));
            DuckDbPeer.ingest(c, Sql.resource("peer-ingest.sql"), landing, dir.resolve("duck"), SOURCES, keyed, duck);

            assertEquals(SOURCES.size(), spark.size());
            assertTrue(copy.wallMillis() >= spark.stream().mapToLong(DuckDbPeer.Step::millis).max().orElseThrow());
            for (int i = 0; i < SOURCES.size(); i++) {
                Source source = SOURCES.get(i);
                assertEquals(source.folder(), spark.get(i).name());
                assertEquals(keyed ? SparkPeer.KIND_KEYED : SparkPeer.KIND, spark.get(i).kind());
                assertEquals(duck.get(i).rowsOut(), spark.get(i).rowsOut(), source.folder() + ": rows");
                assertTrue(spark.get(i).rowsOut() > 0, source.folder() + ": no rows");

                String columns = columns(source, keyed);
                if (keyed && PeerIngestSql.hasPersonIds(source)) {
                    assertTrue(columns.contains("_key"), columns);
                }
                String s = "SELECT " + columns + " FROM read_parquet('" + dir.resolve("spark").resolve(source.folder()) + "/**/*.parquet')";
                String d = "SELECT " + columns + " FROM read_parquet('" + dir.resolve("duck").resolve(source.folder()) + "/**/*.parquet')";
                assertEquals(0, Sql.scalar(c, "SELECT count(*) FROM (" + s + " EXCEPT ALL " + d + ")"), source.folder() + ": rows only Spark has");
                assertEquals(0, Sql.scalar(c, "SELECT count(*) FROM (" + d + " EXCEPT ALL " + s + ")"), source.folder() + ": rows only DuckDB has");
            }
        }
    }

    @Test
    void personal_columns_are_not_written() {
        PeerIngestSql.FileHeader header = new PeerIngestSql.FileHeader(
                Source.VOLUNTEERS.columns().stream().map(Column::name).toList(), false, false);
        List<String> written = SparkPeer.select(Source.VOLUNTEERS, header, false).stream().map(org.apache.spark.sql.Column::toString).toList();
        for (Column c : Source.VOLUNTEERS.columns()) {
            boolean present = written.stream().anyMatch(w -> w.endsWith(" AS " + c.name()) || w.endsWith("AS `" + c.name() + "`"));
            assertEquals(c.privacy() != Privacy.PERSONAL, present, c.name() + " in " + written);
        }
    }

    /** The written columns, in one order, month as a date on both sides (each writes it as a partition folder). */
    private static String columns(Source source, boolean keyed) {
        List<String> out = new ArrayList<>();
        for (Column c : source.columns()) {
            if (c.privacy() != Privacy.PERSONAL) {
                out.add(keyed && c.privacy() == Privacy.PSEUDONYMISED ? c.curatedName() : c.name());
            }
        }
        if (source.kind() == Source.Kind.FACT) {
            out.add("CAST(month AS DATE) AS month");
        }
        return String.join(", ", out);
    }
}
