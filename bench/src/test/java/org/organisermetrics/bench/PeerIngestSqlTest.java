package org.organisermetrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.Source;
import org.organisermetrics.privacy.Pseudonymiser;

class PeerIngestSqlTest {

    @Test
    void a_header_with_a_bom_spaces_and_crlf_is_read_as_the_contract_names() {
        byte[] bytes = "\uFEFF Elector_Id , Seat_Code \r\nE1,S1\r\n".getBytes(StandardCharsets.UTF_8);
        PeerIngestSql.FileHeader h = PeerIngestSql.parseHeader(bytes);
        assertEquals(List.of("elector_id", "seat_code"), h.names());
        assertTrue(h.bom());
        assertTrue(h.crlf());
    }

    @Test
    void a_plain_header_has_no_bom_and_lf_endings() {
        PeerIngestSql.FileHeader h = PeerIngestSql.parseHeader("a,\"b\"\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a", "b"), h.names());
        assertFalse(h.bom());
        assertFalse(h.crlf());
    }

    @Test
    void files_with_different_line_endings_are_read_by_separate_read_csv_calls(@TempDir Path dir) throws Exception {
        Path lf = dir.resolve("2024-01.csv");
        Path crlf = dir.resolve("2024-02.csv");
        Files.writeString(lf, "volunteer_id,course_code,session_date,completed\nV1,ORG101,2024-01-05,yes\n");
        Files.writeString(crlf, "volunteer_id,course_code,session_date,completed\r\nV2,ORG101,05/02/2024,Y\r\n");
        String sql = PeerIngestSql.statement(Sql.resource("peer-ingest.sql"), Source.TRAINING, List.of(lf, crlf), dir.resolve("out"), false);
        assertEquals(2, sql.split("read_csv\\(").length - 1, sql);
        assertTrue(sql.contains("UNION ALL BY NAME"), sql);
        assertTrue(sql.contains("'completed': 'BOOLEAN'"), sql);
        assertTrue(sql.contains("PARTITION_BY (month)"), sql);
        assertTrue(sql.contains("ORDER BY session_date"), sql); // training has no seat_code
    }

    /** A register written before electors had a franchise column runs in the peer, the column null, as in ours. */
    @Test
    void an_optional_column_the_files_lack_is_null(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("electors.csv");
        Files.writeString(file, "elector_id,seat_code\nE1,S1\n");
        String read = PeerIngestSql.readCsv(Source.ELECTORS, PeerIngestSql.parseHeader(Files.readAllBytes(file)), List.of(file));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT elector_id, franchise, left_on FROM (" + read + ")")) {
            assertTrue(rs.next());
            assertEquals("E1", rs.getString(1));
            assertNull(rs.getString(2));
            assertNull(rs.getString(3));
        }
    }

    @Test
    void personal_columns_are_left_out_and_codes_upper_cased() {
        String select = PeerIngestSql.selectList(Source.VOLUNTEERS, false);
        assertFalse(select.contains("first_name"), select);
        assertFalse(select.contains("email"), select);
        assertTrue(select.contains("upper(trim(seat_code)) AS seat_code"), select);
        assertTrue(select.contains("landing_date(recruited_on) AS recruited_on"), select);
    }

    @Test
    void the_keyed_select_writes_person_ids_as_keys_under_ours_names() {
        String select = PeerIngestSql.selectList(Source.CONTACTS, true);
        assertTrue(select.contains("person_key('elector', trim(elector_id)) AS elector_key"), select);
        assertTrue(select.contains("person_key('volunteer', trim(canvasser_id)) AS canvasser_key"), select); // a canvasser is a volunteer
        assertTrue(select.contains("trim(contact_id) AS contact_id"), select);
        assertFalse(PeerIngestSql.hasPersonIds(Source.RESULTS));
        assertTrue(PeerIngestSql.hasPersonIds(Source.MARKED_REGISTER));
    }

    /** RFC 4231's HMAC-SHA256 test cases 2 (a short key) and 6 (a key longer than SHA-256's 64-byte block). */
    @Test
    void the_sql_hmac_gives_rfc_4231s_values() throws Exception {
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                sqlHmac("Jefe".getBytes(StandardCharsets.UTF_8), "what do ya want for nothing?"));
        byte[] longKey = new byte[131];
        Arrays.fill(longKey, (byte) 0xaa);
        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                sqlHmac(longKey, "Test Using Larger Than Block-Size Key - Hash Key First"));
    }

    @Test
    void the_sql_person_key_is_ours() throws Exception {
        byte[] secret = "a secret of at least sixteen bytes".getBytes(StandardCharsets.UTF_8);
        Pseudonymiser ours = new Pseudonymiser(secret);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (String m : Sql.statements(PeerIngestSql.personKeyMacros(secret))) {
                st.execute(m);
            }
            for (String id : List.of("V1", "E00012345", "Ynys Môn 7")) {
                assertEquals(ours.key("volunteer", id), Sql.string(c, "SELECT person_key('volunteer', '" + id + "')"), id);
            }
            try (ResultSet rs = st.executeQuery("SELECT person_key('elector', NULL), person_key('elector', '  ')")) {
                rs.next();
                assertNull(rs.getString(1));
                assertNull(rs.getString(2));
            }
        }
    }

    private static String sqlHmac(byte[] key, String message) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (String m : Sql.statements(PeerIngestSql.personKeyMacros(key))) {
                st.execute(m);
            }
            return Sql.string(c, "SELECT hmac_sha256('" + message + "')");
        }
    }
}
