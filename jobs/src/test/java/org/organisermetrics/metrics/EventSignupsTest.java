package org.organisermetrics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.organisermetrics.contract.Source;
import org.organisermetrics.testing.InMemoryCurated;
import org.organisermetrics.testing.SharedSpark;

/**
 * Per-person event attendance in seat_month and organiser_month, from tiny curated tables written
 * here; the expected values are worked out by hand beside each assertion.
 *
 * <p>Seats: A = E14000001, B = E14000002, both pilot seats of organiser ORG1 from 2025-01. The run
 * covers 2025-01 to 2025-06. Events: EV0 (B, 2024-12-01, before the run), EV1 (A, 2025-01-10),
 * EV2 (A, 2025-01-20), EV3 (B, 2025-02-14), EV4 (A, 2025-03-05, sign-ups only, as an Action Network
 * export gives them); EVX is named by a sign-up but is not in events. People: P1, P3 (home A), P2, P5
 * (home B) are volunteers; P4, P6, P7, P8, P9 are not.
 */
class EventSignupsTest {
    static final String A = "E14000001", B = "E14000002";
    static final MetricSettings SETTINGS = new MetricSettings("run-signups", "LAB",
            LocalDate.of(2025, 1, 1), LocalDate.of(2025, 6, 1),
            MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS, MetricSettings.DEFAULT_ONE_WAY_HOURS);

    static final Map<String, Row> seatMonth = new HashMap<>();
    static final Map<String, Row> organiserMonth = new HashMap<>();

    @BeforeAll
    static void compute() {
        SparkSession spark = SharedSpark.session();
        Tables t = new Tables(spark);
        t.seat(A).seat(B);
        t.add(Source.ORGANISERS, Map.of("organiser_id", "ORG1", "region", "North West"));
        t.pilot(A).pilot(B);
        t.volunteer("P1", A).volunteer("P3", A).volunteer("P2", B).volunteer("P5", B);
        t.event("EV0", B, "2024-12-01").event("EV1", A, "2025-01-10").event("EV2", A, "2025-01-20")
                .event("EV3", B, "2025-02-14").event("EV4", A, "2025-03-05");

        t.signup("EV0", "P2", "ATTENDED");
        t.signup("EV1", "P1", "ATTENDED").signup("EV1", "P2", "ATTENDED").signup("EV1", "P3", "NO_SHOW")
                .signup("EV1", "P4", "ATTENDED").signup("EV1", "P5", "CANCELLED").signup("EV1", "P6", "SIGNED_UP");
        t.signup("EV2", "P3", "ATTENDED").signup("EV2", "P1", "ATTENDED").signup("EV2", "P7", "NO_SHOW");
        t.signup("EV3", "P3", "ATTENDED").signup("EV3", "P5", "ATTENDED").signup("EV3", "P6", "NO_SHOW");
        t.signup("EV4", "P8", "SIGNED_UP").signup("EV4", "P9", "SIGNED_UP");
        t.signup("EVX", "P7", "ATTENDED").signup("EVX", "P8", "NO_SHOW");

        // P1: first attended 2025-01-10; day 90 is 2025-04-10 (21 days left of January + 28 + 31 + 10).
        t.activity("P1", "2025-04-10", A);
        // P3: first attended 2025-01-20 (a no-show on 01-10 is no attendance); day 90 is 2025-04-20
        // (11 + 28 + 31 + 20). An activity on 01-15, before that event, and one on day 91 do not count.
        t.activity("P3", "2025-01-15", A).activity("P3", "2025-04-21", A);
        // P5: cancelled on 01-10, first attended 2025-02-14; active that same day (day 0 counts). Day 90:
        // 2025-05-15 (14 + 31 + 30 + 15).
        t.activity("P5", "2025-02-14", A);
        // P2: first attended 2024-12-01, before the run; day 90 is 2025-03-01 (30 + 31 + 28 + 1). Active 2025-02-01.
        t.activity("P2", "2025-02-01", B);

        CuratedTables curated = t.curated();
        Dataset<Row> sm = SeatMonth.compute(spark, curated, SETTINGS).cache();
        for (Row r : sm.collectAsList()) {
            seatMonth.put(r.getAs("seat_code") + " " + r.getAs("month"), r);
        }
        for (Row r : OrganiserMonth.compute(spark, curated, SETTINGS, sm).collectAsList()) {
            organiserMonth.put(r.getAs("organiser_id") + " " + r.getAs("month"), r);
        }
    }

    private static Row seat(String seat, String month) {
        Row r = seatMonth.get(seat + " " + LocalDate.parse(month + "-01"));
        assertTrue(r != null, "no seat_month row for " + seat + " " + month + " in " + seatMonth.keySet());
        return r;
    }

    private static Row organiser(String month) {
        Row r = organiserMonth.get("ORG1 " + LocalDate.parse(month + "-01"));
        assertTrue(r != null, "no organiser_month row for " + month + " in " + organiserMonth.keySet());
        return r;
    }

    private static long n(Row r, String column) {
        return r.<Long>getAs(column);
    }

    private static Double d(Row r, String column) {
        return r.getAs(column);
    }

    @Test
    void signupsCountEveryStatusOfTheSeatsEventsOfTheMonth() {
        Row jan = seat(A, "2025-01");
        // EV1: 6 sign-ups (P1, P2, P4 attended; P3 no-show; P5 cancelled; P6 signed up only);
        // EV2: 3 (P3, P1 attended; P7 no-show). Cancelled ones are sign-ups too: 6 + 3 = 9.
        assertEquals(9, n(jan, "signups"));
        assertEquals(3 + 2, n(jan, "signups_attended"));
        assertEquals(1 + 1, n(jan, "signups_no_show"));
        assertEquals(1, n(jan, "signups_cancelled"));
        // Due = attended + no-show = 5 + 2 = 7 (the cancelled and the signed-up-only ones are not due): 2 / 7.
        assertEquals(2.0 / 7, d(jan, "flake_rate"), 1e-12);
        Row febB = seat(B, "2025-02");
        // EV3: P3, P5 attended, P6 no-show: 3 sign-ups, flake 1 / 3.
        assertEquals(3, n(febB, "signups"));
        assertEquals(2, n(febB, "signups_attended"));
        assertEquals(1.0 / 3, d(febB, "flake_rate"), 1e-12);
    }

    @Test
    void signupsWithNoOutcomeRecordedCountButHaveNoFlakeRate() {
        Row mar = seat(A, "2025-03");
        // EV4: P8 and P9 signed up, no outcome recorded: 2 sign-ups, 0 attended, 0 no-show, flake rate null.
        assertEquals(2, n(mar, "signups"));
        assertEquals(0, n(mar, "signups_attended"));
        assertEquals(0, n(mar, "signups_no_show"));
        assertNull(mar.getAs("flake_rate"));
        // A month with no event at all: 0 sign-ups, flake rate null.
        Row feb = seat(A, "2025-02");
        assertEquals(0, n(feb, "signups"));
        assertNull(feb.getAs("flake_rate"));
    }

    @Test
    void signupsOfAnEventNotInEventsCountNowhere() {
        // EVX's P7 (attended) and P8 (no-show): in no seat and no month. Sum over every row: EV1..EV4 only,
        // 6 + 3 + 3 + 2 = 14 sign-ups, attended 3 + 2 + 2 = 7; EV0 lies before the run.
        long signups = seatMonth.values().stream().mapToLong(r -> n(r, "signups")).sum();
        long attended = seatMonth.values().stream().mapToLong(r -> n(r, "signups_attended")).sum();
        assertEquals(14, signups);
        assertEquals(7, attended);
        // P7's only attendance is at EVX: P7 is nobody's first attendance. Every first attendance of the run:
        // A Jan (P1, P3, P4) + B Feb (P5) = 4.
        long first = seatMonth.values().stream().mapToLong(r -> n(r, "first_attendances")).sum();
        assertEquals(4, first);
    }

    @Test
    void aFirstAttendanceIsThePersonsFirstAttendedEventAcrossAllMonths() {
        // A Jan: P1 (EV1), P3 (EV2: their EV1 was a no-show), P4 (EV1, not a volunteer) = 3. P2 attended EV1
        // but first attended EV0 in December; P1's second attendance (EV2) is not a first.
        assertEquals(3, n(seat(A, "2025-01"), "first_attendances"));
        // B Feb: P5 (cancelled on 01-10, first attended EV3) = 1; P3 at EV3 had first attended in January.
        assertEquals(1, n(seat(B, "2025-02"), "first_attendances"));
        assertEquals(0, n(seat(B, "2025-01"), "first_attendances"));
        assertEquals(0, n(seat(A, "2025-03"), "first_attendances"));
    }

    @Test
    void activeWithin90DaysCountsDayZeroToDay90InTheMonthTheWindowEnds() {
        // The 90 days of January's first attendances end in April: P1 (04-10), P3 (04-20), P4 (04-10).
        Row apr = seat(A, "2025-04");
        assertEquals(3, n(apr, "first_attendances_90_days_ended"));
        // P1: activity on day 90 -> in. P3: an activity before the event, and one on day 91 -> out. P4: not a
        // volunteer, no activity -> out. 1 of 3.
        assertEquals(1, n(apr, "first_attendances_active_90_days"));
        assertEquals(1.0 / 3, d(apr, "first_attendances_active_rate"), 1e-12);
        // January itself: 3 first attendances, none of whose 90 days has ended: 0 ended, rate null.
        Row jan = seat(A, "2025-01");
        assertEquals(0, n(jan, "first_attendances_90_days_ended"));
        assertNull(jan.getAs("first_attendances_active_rate"));
        // B: P2's first attendance (2024-12-01, before the run) ends on 2025-03-01, active 02-01 -> 1 of 1 in March;
        // P5 (02-14, active the same day) ends 05-15 -> 1 of 1 in May.
        assertEquals(1, n(seat(B, "2025-03"), "first_attendances_90_days_ended"));
        assertEquals(1, n(seat(B, "2025-03"), "first_attendances_active_90_days"));
        assertEquals(1.0, d(seat(B, "2025-05"), "first_attendances_active_rate"), 1e-12);
        assertEquals(0, n(seat(B, "2025-04"), "first_attendances_90_days_ended"));
    }

    @Test
    void organiserMonthSumsTheCoveredSeatsAndTakesTheFlakeRateOfTheSums() {
        // ORG1 covers A and B. Jan: A 9 sign-ups, B none; flake 2 / 7.
        Row jan = organiser("2025-01");
        assertEquals(9, n(jan, "signups"));
        assertEquals(5, n(jan, "signups_attended"));
        assertEquals(2, n(jan, "signups_no_show"));
        assertEquals(1, n(jan, "signups_cancelled"));
        assertEquals(2.0 / 7, d(jan, "flake_rate"), 1e-12);
        assertEquals(3, n(jan, "first_attendances"));
        // Mar: A's 2 signed-up-only sign-ups -> flake null; B's P2 ended and active: 1 of 1.
        Row mar = organiser("2025-03");
        assertEquals(2, n(mar, "signups"));
        assertNull(mar.getAs("flake_rate"));
        assertEquals(1, n(mar, "first_attendances_90_days_ended"));
        assertEquals(1.0, d(mar, "first_attendances_active_rate"), 1e-12);
        // Apr: A's 3 ended, 1 active.
        Row apr = organiser("2025-04");
        assertEquals(3, n(apr, "first_attendances_90_days_ended"));
        assertEquals(1, n(apr, "first_attendances_active_90_days"));
        assertEquals(1.0 / 3, d(apr, "first_attendances_active_rate"), 1e-12);
    }

    /** Curated rows written by hand (facts get their month from their date). */
    static final class Tables extends InMemoryCurated<Tables> {
        private int activityId;

        Tables(SparkSession spark) {
            super(spark);
        }

        Tables seat(String code) {
            return add(Source.SEATS, Map.of("seat_code", code, "seat_name", "Seat " + code, "region", "North West"));
        }

        Tables pilot(String seat) {
            return add(Source.PILOT_SEATS, Map.of("seat_code", seat, "cohort", "K1", "applied_on", Date.valueOf("2024-06-01"),
                    "selected", true, "start_month", Date.valueOf("2025-01-01"), "organiser_id", "ORG1",
                    "target_recruits_per_month", 2L, "target_trained_per_month", 1L));
        }

        Tables volunteer(String key, String homeSeat) {
            return add(Source.VOLUNTEERS, Map.of("volunteer_key", key, "seat_code", homeSeat,
                    "recruited_on", Date.valueOf("2024-01-01")));
        }

        Tables event(String id, String seat, String date) {
            return add(Source.EVENTS, Map.of("event_id", id, "seat_code", seat, "event_date", Date.valueOf(date),
                    "event_type", "SOCIAL", "attendees", 10L));
        }

        Tables signup(String event, String person, String status) {
            return add(Source.EVENT_SIGNUPS, Map.of("event_id", event, "person_key", person, "status", status));
        }

        Tables activity(String volunteer, String date, String seatWorkedIn) {
            return add(Source.ACTIVITIES, Map.of("activity_id", "A" + (++activityId), "volunteer_key", volunteer,
                    "activity_date", Date.valueOf(date), "activity_type", "CANVASSING", "hours", 1.0,
                    "seat_code", seatWorkedIn));
        }
    }
}
