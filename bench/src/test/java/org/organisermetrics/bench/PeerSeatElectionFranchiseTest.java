package org.organisermetrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB peer's seat_election (bench/peer-seat-election.sql) leaves electors whose franchise
 * markers bar an election out of its promises, as ours does: the electors, elections and contacts
 * of SeatElectionFranchiseTest (landing/franchise-markers), written straight to the peer's Parquet.
 */
class PeerSeatElectionFranchiseTest {

    @Test
    void promisesCountOnlyElectorsWhoCanVote(@TempDir Path peer) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            copy(st, peer, "seats", "SELECT 'E14000001' AS seat_code");
            copy(st, peer, "wards", "SELECT 'E05000001' AS ward_code");
            copy(st, peer, "elections", "SELECT * FROM (VALUES ('LE2024', 'LOCAL', DATE '2024-05-02'),"
                    + " ('MY2024', 'MAYORAL', DATE '2024-05-02'), ('GE2024', 'GENERAL', DATE '2024-07-04'),"
                    + " ('BY2025', 'BY_ELECTION', DATE '2025-03-06')) AS t(election_id, election_type, polling_date)");
            copy(st, peer, "results", "SELECT * FROM (VALUES ('LE2024', 'E05000001'), ('MY2024', 'E14000001'),"
                    + " ('GE2024', 'E14000001'), ('BY2025', 'E14000001')) AS t(election_id, area_code)");
            copy(st, peer, "electors", "SELECT elector_id, 'E14000001' AS seat_code, 'E05000001' AS ward_code,"
                    + " DATE '2010-01-01' AS registered_on, CAST(NULL AS DATE) AS left_on, franchise FROM (VALUES"
                    + " ('V1', NULL), ('V2', NULL), ('V3', 'L'), ('V4', 'F'), ('V5', 'G'), ('V6', 'L F'), ('V7', 'X'))"
                    + " AS t(elector_id, franchise)");
            copy(st, peer, "marked_register", "SELECT * FROM (VALUES ('GE2024', 'V1'), ('GE2024', 'V3'), ('GE2024', 'V4'),"
                    + " ('GE2024', 'V6'), ('GE2024', 'V7'), ('LE2024', 'V2'), ('LE2024', 'V3'), ('LE2024', 'V4'),"
                    + " ('LE2024', 'V5'), ('MY2024', 'V1'), ('MY2024', 'V5'), ('MY2024', 'V6'), ('BY2025', 'V4'),"
                    + " ('BY2025', 'V5')) AS t(election_id, elector_id)");
            st.execute("COPY (SELECT elector_id, DATE '2024-04-01' AS contact_date, contact_id, 'LAB' AS intention,"
                    + " DATE '2024-04-01' AS month FROM (VALUES ('V1', '1'), ('V3', '2'), ('V4', '3'), ('V5', '4'), ('V6', '5'))"
                    + " AS t(elector_id, contact_id)) TO '" + peer.resolve("contacts") + "' (FORMAT parquet, PARTITION_BY (month))");
            String sql = Sql.fill(Sql.resource("peer-seat-election.sql"), Map.of("peer", peer.toString(),
                    "from_month", "2024-01-01", "to_month", "2025-03-01", "last_day", "2025-03-31", "party", "LAB",
                    "parliament_barring", DuckDbPeer.franchiseBarring("GENERAL"),
                    "local_barring", DuckDbPeer.franchiseBarring("LOCAL")));
            DuckDbPeer.execute(c, sql);
            Map<String, String> got = new TreeMap<>();
            try (ResultSet rs = st.executeQuery("SELECT election_id, promises, promises_voted FROM peer_seat_election")) {
                while (rs.next()) {
                    got.put(rs.getString(1), rs.getLong(2) + "/" + rs.getLong(3));
                }
            }
            // Able to vote: general and by-election V1 V2 V4 V7, local and mayoral V1 V2 V3 V5 V7.
            // Said LAB: V1 V3 V4 V5 V6. Promises (voted of them):
            assertEquals(new TreeMap<>(Map.of(
                    "GE2024", "2/2",     // V1 V4, both marked
                    "BY2025", "2/1",     // V1 V4; V4 marked
                    "LE2024", "3/2",     // V1 V3 V5; V3 V5 marked
                    "MY2024", "3/2")),   // V1 V3 V5; V1 V5 marked
                    got);
        }
    }

    private static void copy(Statement st, Path peer, String table, String select) throws Exception {
        java.nio.file.Files.createDirectories(peer.resolve(table));
        st.execute("COPY (" + select + ") TO '" + peer.resolve(table).resolve("data.parquet") + "' (FORMAT parquet)");
    }
}
