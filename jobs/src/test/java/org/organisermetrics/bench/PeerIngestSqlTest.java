package org.organisermetrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.organisermetrics.contract.Source;

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
        String sql = PeerIngestSql.statement(Sql.resource("peer-ingest.sql"), Source.TRAINING, List.of(lf, crlf), dir.resolve("out"));
        assertEquals(2, sql.split("read_csv\\(").length - 1, sql);
        assertTrue(sql.contains("UNION ALL BY NAME"), sql);
        assertTrue(sql.contains("'completed': 'BOOLEAN'"), sql);
        assertTrue(sql.contains("PARTITION_BY (month)"), sql);
        assertTrue(sql.contains("ORDER BY session_date"), sql); // training has no seat_code
    }

    @Test
    void personal_columns_are_left_out_and_codes_upper_cased() {
        String select = PeerIngestSql.selectList(Source.VOLUNTEERS);
        assertFalse(select.contains("first_name"), select);
        assertFalse(select.contains("email"), select);
        assertTrue(select.contains("upper(trim(seat_code)) AS seat_code"), select);
        assertTrue(select.contains("landing_date(recruited_on) AS recruited_on"), select);
    }
}
