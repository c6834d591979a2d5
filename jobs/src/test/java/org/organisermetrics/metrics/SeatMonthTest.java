package org.organisermetrics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;
import org.organisermetrics.testing.SharedSpark;

/**
 * seat_month and organiser_month on landing/seat-month, a landing zone small enough to count by
 * hand. Two runs: 2024-10..2024-12 (history), then 2025-01..2025-03, which must take the
 * October-December activities from the warehouse (METRICS.md: history before --from is used).
 *
 * <p>Cast: seat A = E14000001, seat B = E14000002. Volunteers (home seat, recruited):
 * V1 (A, 2024-12-05; elector E1, who is member M1 since 2020: a member through the elector id only),
 * V2 (A, 2025-01-10; nobody else), V3 (A, 2025-01-20; same email as member M2 who joined 2025-02-10),
 * V4 (A, 2025-02-01; elector E3 = member M3, lapsed 2025-01-31), V5 (B, 2024-10-01).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeatMonthTest {
    private static final String A = "E14000001";
    private static final String B = "E14000002";
    private final Map<String, Row> seatMonth = new HashMap<>();
    private final Map<String, Row> organiserMonth = new HashMap<>();

    @BeforeAll
    void runTwoMonthsOfHistoryThenTheQuarter() throws Exception {
        Path warehouse = Files.createTempDirectory("seat-month");
        String landing = Fixtures.resource("landing/seat-month").toString();
        for (String[] period : List.of(new String[] {"2024-10", "2024-12"}, new String[] {"2025-01", "2025-03"})) {
            Cli.Outcome o = Cli.run("run", "--landing", landing, "--warehouse", warehouse.toString(),
                    "--from", period[0], "--to", period[1], "--as-of", "2026-11-01", "--demo");
            assertEquals(0, o.exitCode(), o.all());
        }
        var spark = SharedSpark.session();
        for (Row r : spark.read().parquet(warehouse.resolve("metrics/seat_month").toString()).collectAsList()) {
            seatMonth.put(r.getAs("seat_code") + " " + r.getAs("month"), r);
        }
        for (Row r : spark.read().parquet(warehouse.resolve("metrics/organiser_month").toString()).collectAsList()) {
            organiserMonth.put(r.getAs("organiser_id") + " " + r.getAs("month"), r);
        }
    }

    private Row row(String seat, String month) {
        Row r = seatMonth.get(seat + " " + LocalDate.parse(month + "-01"));
        assertTrue(r != null, "no seat_month row for " + seat + " " + month + " in " + seatMonth.keySet());
        return r;
    }

    private static long n(Row r, String column) {
        return r.<Long>getAs(column);
    }

    private static Double d(Row r, String column) {
        return r.getAs(column);
    }

    @Test
    void everySeatHasARowForEveryMonthOfBothRuns() {
        // 2 seats x 6 months (2024-10 .. 2025-03), no duplicates.
        assertEquals(12, seatMonth.size());
    }

    @Test
    void recruitedAndTrainedCountFirstCompletedCountingCourseOnly() {
        // A, Jan: recruited V2 (01-10) and V3 (01-20) = 2; trained V1 (first completed ORG 01-15;
        // the failed 2024-12-10 session and the second completion 03-01 do not count; V2's GDPR does not count).
        assertEquals(2, n(row(A, "2025-01"), "recruited"));
        assertEquals(1, n(row(A, "2025-01"), "trained"));
        // A, Feb: recruited V4 = 1; trained V3 (02-05) = 1. A, Mar: 0 and 0 (V1's second completion ignored).
        assertEquals(1, n(row(A, "2025-02"), "recruited"));
        assertEquals(1, n(row(A, "2025-02"), "trained"));
        assertEquals(0, n(row(A, "2025-03"), "recruited"));
        assertEquals(0, n(row(A, "2025-03"), "trained"));
        // Helper pool at the end of Jan: V1, V2, V3 = 3, of whom trained V1 = 1; Feb: 4 and 2 (V1, V3).
        assertEquals(3, n(row(A, "2025-01"), "helper_pool"));
        assertEquals(1, n(row(A, "2025-01"), "trained_to_date"));
        assertEquals(4, n(row(A, "2025-02"), "helper_pool"));
        assertEquals(2, n(row(A, "2025-02"), "trained_to_date"));
        assertEquals(1, n(row(B, "2025-01"), "helper_pool"));
    }

    @Test
    void activeAndActivationUseActivitiesAnywhereByHomeSeat() {
        // A Jan: V1 (2 activities) = 1 active; Nov-Jan: V1 = 1; activation 1 / pool 3.
        assertEquals(1, n(row(A, "2025-01"), "active"));
        assertEquals(1, n(row(A, "2025-01"), "active_90d"));
        assertEquals(1.0 / 3, d(row(A, "2025-01"), "activation_rate"), 1e-12);
        // A Feb: V2 worked in seat B: still active for its home seat A = 1; Dec-Feb: V1 (Jan), V2 (Feb) = 2; 2 / 4.
        assertEquals(1, n(row(A, "2025-02"), "active"));
        assertEquals(2, n(row(A, "2025-02"), "active_90d"));
        assertEquals(0.5, d(row(A, "2025-02"), "activation_rate"), 1e-12);
        // B Jan: V5 worked in seat A in Jan (and Dec): active 1, active_90d 1, pool 1 -> 1.0.
        assertEquals(1, n(row(B, "2025-01"), "active"));
        assertEquals(1.0, d(row(B, "2025-01"), "activation_rate"), 1e-12);
    }

    @Test
    void retentionIsNullWithAnEmptyBaseAndUsesHistoryFromTheWarehouse() {
        // B Jan: base = active in Oct 2024 = {V5}; V5 active again in Dec -> 1/1. The October activity
        // was loaded by the first run: this run found it in the warehouse.
        assertEquals(1.0, d(row(B, "2025-01"), "retention_3m"), 1e-12);
        // B Feb: base Nov 2024 is empty -> null, not 0.
        assertNull(row(B, "2025-02").getAs("retention_3m"));
        // B Mar: base Dec = {V5}; again in Jan -> 1.0. A Jan..Mar: nobody from A was active in Oct..Dec -> null.
        assertEquals(1.0, d(row(B, "2025-03"), "retention_3m"), 1e-12);
        assertNull(row(A, "2025-01").getAs("retention_3m"));
        assertNull(row(A, "2025-03").getAs("retention_3m"));
    }

    @Test
    void membershipAndRegisterSharesFollowIdentityResolution() {
        // End of Jan, pool V1 V2 V3: V1 is a member through elector E1 (M1, no member_id on V1's row);
        // V3's membership (M2, matched by email) starts 02-10 -> not yet. Non-members V2, V3 = 2/3.
        assertEquals(2.0 / 3, d(row(A, "2025-01"), "non_member_share"), 1e-12);
        // End of Feb, pool V1..V4: V3 now a member; V4's M3 lapsed 01-31 (lapsed_on <= end of Feb) -> V2, V4 = 2/4.
        assertEquals(0.5, d(row(A, "2025-02"), "non_member_share"), 1e-12);
        // Off the register: V2 and V3 (M2 has no elector) of 3 in Jan; V2, V3 of 4 in Feb.
        assertEquals(2.0 / 3, d(row(A, "2025-01"), "off_register_share"), 1e-12);
        assertEquals(0.5, d(row(A, "2025-02"), "off_register_share"), 1e-12);
        // became_members Feb: V3 (not a member on 01-20, M2 joined 02-10) = 1. V4 was not a member when
        // recruited (M3 lapsed 01-31) but M3 joined in 2019, not in Feb: not counted.
        assertEquals(0, n(row(A, "2025-01"), "became_members"));
        assertEquals(1, n(row(A, "2025-02"), "became_members"));
    }

    @Test
    void hoursSplitIntoOwnSeatAndMutualAid() {
        // A Jan: V1 2 + 1 = 3 hours, all in A; received V5's 2.5 hours from B.
        assertEquals(3.0, d(row(A, "2025-01"), "volunteer_hours"), 1e-12);
        assertEquals(0.0, d(row(A, "2025-01"), "aid_hours_given"), 1e-12);
        assertEquals(2.5, d(row(A, "2025-01"), "aid_hours_received"), 1e-12);
        // A Feb: V2 1.5 hours done in B: hours 1.5, given 1.5. B Feb received 1.5.
        assertEquals(1.5, d(row(A, "2025-02"), "volunteer_hours"), 1e-12);
        assertEquals(1.5, d(row(A, "2025-02"), "aid_hours_given"), 1e-12);
        assertEquals(1.5, d(row(B, "2025-02"), "aid_hours_received"), 1e-12);
        // B Jan: V5 2.5 hours in A: given 2.5.
        assertEquals(2.5, d(row(B, "2025-01"), "aid_hours_given"), 1e-12);
    }

    @Test
    void contactsExcludeNotHomeButKeepRefused() {
        Row jan = row(A, "2025-01");
        // C1..C4: attempts 4; C2 NOT_HOME -> contacts 3; conversations C1, C4 = 2 (C3 false); rate 2/3.
        assertEquals(4, n(jan, "attempts"));
        assertEquals(3, n(jan, "contacts"));
        assertEquals(2, n(jan, "conversations"));
        assertEquals(2.0 / 3, d(jan, "conversation_rate"), 1e-12);
        // Promises: distinct electors with intention LAB in Jan: E1 (twice), E2 = 2. Issues: C1 = 1.
        assertEquals(2, n(jan, "promises_identified"));
        assertEquals(1, n(jan, "issues_raised"));
        Row feb = row(A, "2025-02");
        // C5 CON (conversation), C6 REFUSED (a contact, no conversation): attempts 2, contacts 2, conversations 1.
        assertEquals(2, n(feb, "attempts"));
        assertEquals(2, n(feb, "contacts"));
        assertEquals(1, n(feb, "conversations"));
        assertEquals(0, n(feb, "promises_identified"));
        // March: no contacts -> conversation_rate null, not 0.
        assertNull(row(A, "2025-03").getAs("conversation_rate"));
    }

    @Test
    void eventsCommunicationsAndPilotWindow() {
        Row jan = row(A, "2025-01");
        assertEquals(2, n(jan, "events_held"));
        assertEquals(30 + 12, n(jan, "event_attendance"));
        assertEquals(5000 + 800, n(jan, "comms_recipients"));
        assertEquals(100, n(row(B, "2025-02"), "comms_recipients"));
        // A's pilot starts 2025-02 with no end: Jan not pilot; Feb, Mar pilot with targets 3 and 1.
        assertFalse(jan.<Boolean>getAs("pilot"));
        assertNull(jan.getAs("target_recruits"));
        assertTrue(row(A, "2025-03").<Boolean>getAs("pilot"));
        assertEquals(3, n(row(A, "2025-02"), "target_recruits"));
        assertEquals(1, n(row(A, "2025-02"), "target_trained"));
        // B applied but was not selected: never pilot.
        assertFalse(row(B, "2025-02").<Boolean>getAs("pilot"));
    }

    @Test
    void organiserMonthSumsTheCoveredSeats() {
        Row jan = organiserMonth.get("ORG1 2025-01-01");
        // Jan: A's window has not started: no seat covered, per-seat ratios null.
        assertEquals(0, n(jan, "seats_covered"));
        assertNull(jan.getAs("recruited_per_seat"));
        Row feb = organiserMonth.get("ORG1 2025-02-01");
        // Feb: covers A: recruited 1, trained 1, active 1; per seat 1/1; against target 1/3.
        assertEquals(1, n(feb, "seats_covered"));
        assertEquals(1, n(feb, "recruited"));
        assertEquals(1, n(feb, "trained"));
        assertEquals(1.0, d(feb, "recruited_per_seat"), 1e-12);
        assertEquals(3, n(feb, "target_recruits"));
        assertEquals(1.0 / 3, d(feb, "recruits_vs_target"), 1e-12);
        Row mar = organiserMonth.get("ORG1 2025-03-01");
        assertEquals(0.0, d(mar, "recruits_vs_target"), 1e-12);
    }
}
