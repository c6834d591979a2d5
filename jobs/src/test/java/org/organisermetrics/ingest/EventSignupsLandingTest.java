package org.organisermetrics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.organisermetrics.cli.ExitCode;
import org.organisermetrics.testing.Cli;
import org.organisermetrics.testing.Fixtures;
import org.organisermetrics.testing.SharedSpark;

/**
 * A plain {@code event_signups/*.csv} end to end, on landing/event-signups: two drops, the first with
 * a CRLF header spelt {@code Event_ID , Person_ID} and every kind of bad row, loaded by the contract's
 * rules, keyed as volunteers, counted in seat_month by their event's seat and month; then a second run on
 * the same files, which reuses the published sign-ups.
 *
 * <p>Seats A = E14000001 (a pilot seat of organiser ORG1 from 2025-01), B = E14000002; volunteers V1 (A),
 * V2 (B); events EV1 (A, 2025-01-09), EV2 (B, 2025-02-11); V1 has an activity on 2025-02-01.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventSignupsLandingTest {
    private static final String A = "E14000001";
    private static final String B = "E14000002";
    private Path warehouse;
    private Cli.Outcome first;
    private Cli.Outcome second;
    private final Map<String, Row> seatMonthOfFirstRun = new HashMap<>();

    @BeforeAll
    void runTwiceOnTheSameFiles() throws Exception {
        warehouse = Files.createTempDirectory("event-signups");
        first = run();
        assertEquals(ExitCode.SUCCESS, first.exitCode(), first.all());
        for (Row r : read("metrics/seat_month").collectAsList()) {
            seatMonthOfFirstRun.put(r.getAs("seat_code") + " " + r.getAs("month"), r);
        }
        second = run();
        assertEquals(ExitCode.SUCCESS, second.exitCode(), second.all());
    }

    private Cli.Outcome run() {
        // 4 of 12 rows are quarantined, over the 1% gate: published anyway.
        return Cli.run("run", "--landing", Fixtures.resource("landing/event-signups").toString(),
                "--warehouse", warehouse.toString(), "--from", "2025-01", "--to", "2025-05",
                "--as-of", "2026-11-01", "--demo", "--accept-quarantine");
    }

    private org.apache.spark.sql.Dataset<Row> read(String table) {
        SparkSession spark = SharedSpark.session();
        return spark.read().parquet(warehouse.resolve(table).toString());
    }

    private Row seat(String seat, String month) {
        Row r = seatMonthOfFirstRun.get(seat + " " + LocalDate.parse(month + "-01"));
        assertTrue(r != null, "no seat_month row for " + seat + " " + month);
        return r;
    }

    @Test
    void everyBadSignupIsQuarantinedWithItsFileLineAndReason() {
        Map<String, String> byLine = new TreeMap<>();
        for (Row r : SharedSpark.session().read().parquet(warehouse.resolve("restricted/quarantine").toString())
                .where("source = 'event_signups'").collectAsList()) {
            byLine.put(r.<String>getAs("file") + ":" + r.<Long>getAs("line"), r.getAs("reason"));
        }
        assertEquals(Map.of(
                "event_signups/2025-01.csv:7", "unknown_code",     // status "maybe"
                "event_signups/2025-01.csv:8", "missing_value",    // no person_id
                "event_signups/2025-01.csv:9", "future_date",      // signed up on 2031-01-01
                "event_signups/2025-02.csv:3", "conflict"),        // P105 at EV2: attended here, no_show on line 4 (kept)
                byLine);
    }

    @Test
    void dataQualityCountsTheDuplicateAndTheQuarantinedRows() {
        Row dq = read("metrics/data_quality").where("source = 'event_signups'").orderBy("run_id").first();
        // 9 rows + 3 rows read; line 6 repeats line 2 (02/01/2025 and 2025-01-02 are one date): a duplicate;
        // 4 quarantined; loaded 12 - 1 - 4 = 7.
        assertEquals(12L, (long) dq.<Long>getAs("rows_read"));
        assertEquals(1L, (long) dq.<Long>getAs("duplicates"));
        assertEquals(4L, (long) dq.<Long>getAs("rows_quarantined"));
        assertEquals(7L, (long) dq.<Long>getAs("rows_loaded"));
    }

    @Test
    void curatedSignupsKeyThePersonAsAVolunteerAndKeepNoRawId() {
        Row[] curated = (Row[]) read("curated/event_signups").collect();
        assertEquals(7, curated.length);
        assertFalse(Arrays.asList(read("curated/event_signups").columns()).contains("person_id"));
        Map<String, String> volunteerKeys = new HashMap<>();
        // V1 and V2's keys in volunteers are the person_key of their sign-ups: they join activities.
        List<Row> volunteers = read("curated/volunteers").select("volunteer_key").collectAsList();
        volunteers.forEach(v -> volunteerKeys.put(v.getString(0), v.getString(0)));
        long signupsOfVolunteers = Arrays.stream(curated).filter(r -> volunteerKeys.containsKey(r.<String>getAs("person_key"))).count();
        // EV1 V1, EV9 V2, EV2 V2.
        assertEquals(3, signupsOfVolunteers);
    }

    @Test
    void seatMonthCountsTheSignupsByTheirEventsSeatAndMonth() {
        Row jan = seat(A, "2025-01");
        // EV1: V1 attended, P100 no-show, P101 cancelled, P102 signed up: 4; flake 1 / (1 + 1).
        assertEquals(4L, (long) jan.<Long>getAs("signups"));
        assertEquals(1L, (long) jan.<Long>getAs("signups_attended"));
        assertEquals(0.5, jan.<Double>getAs("flake_rate"), 1e-12);
        assertEquals(1L, (long) jan.<Long>getAs("first_attendances"));
        // EV2: V2 attended, P105 no-show (the kept row). EV9 is not an event: V2's sign-up to it counts nowhere.
        Row feb = seat(B, "2025-02");
        assertEquals(2L, (long) feb.<Long>getAs("signups"));
        assertEquals(0.5, feb.<Double>getAs("flake_rate"), 1e-12);
        assertEquals(0L, (long) seat(B, "2025-01").<Long>getAs("signups"));
        assertNull(seat(B, "2025-01").getAs("flake_rate"));
        // V1: first attended 2025-01-09, day 90 = 2025-04-09 (22 + 28 + 31 + 9), active 2025-02-01: 1 of 1 in April.
        assertEquals(1L, (long) seat(A, "2025-04").<Long>getAs("first_attendances_active_90_days"));
        assertEquals(1.0, seat(A, "2025-04").<Double>getAs("first_attendances_active_rate"), 1e-12);
        // V2: first attended 2025-02-11, day 90 = 2025-05-12 (17 + 31 + 30 + 12), no activity: 0 of 1 in May.
        assertEquals(1L, (long) seat(B, "2025-05").<Long>getAs("first_attendances_90_days_ended"));
        assertEquals(0.0, seat(B, "2025-05").<Double>getAs("first_attendances_active_rate"), 1e-12);
    }

    @Test
    void theScorecardShowsThePilotSeatsSignupsFromTheWarehouse() throws Exception {
        List<org.organisermetrics.publish.scorecard.Scorecard.SeatEvents> jan = org.organisermetrics.publish.scorecard.Scorecard.load(warehouse,
                java.time.YearMonth.of(2025, 1), java.util.Optional.empty(), new org.organisermetrics.publish.scorecard.SmallCounts(1)).events();
        // A only (B is no pilot seat): EV1 with 3 attendees; 4 sign-ups, 1 attended, 1 no-show, flake 1 / 2.
        assertEquals(List.of(new org.organisermetrics.publish.scorecard.Scorecard.SeatEvents(A, "Alpha", "North", 1, 3, 4, 1, 1, 0.5)), jan);
        List<org.organisermetrics.publish.scorecard.Scorecard.SeatEvents> mar = org.organisermetrics.publish.scorecard.Scorecard.load(warehouse,
                java.time.YearMonth.of(2025, 3), java.util.Optional.empty(), new org.organisermetrics.publish.scorecard.SmallCounts(1)).events();
        assertEquals(List.of(new org.organisermetrics.publish.scorecard.Scorecard.SeatEvents(A, "Alpha", "North", 0, 0, 0, 0, 0, null)), mar);
    }

    @Test
    void aSecondRunOnTheSameFilesReusesThePublishedSignupsAndGivesTheSameFigures() {
        assertTrue(second.out().lines().anyMatch(l -> l.matches(".*event_signups: reused, unchanged \\(7 rows\\).*")), second.out());
        Row dq = read("metrics/data_quality").where("source = 'event_signups' AND reused").first();
        assertEquals(7L, (long) dq.<Long>getAs("rows_kept"));
        for (Row r : read("metrics/seat_month").collectAsList()) {
            Row before = seatMonthOfFirstRun.get(r.getAs("seat_code") + " " + r.getAs("month"));
            for (String c : List.of("signups", "signups_attended", "signups_no_show", "first_attendances",
                    "first_attendances_active_90_days")) {
                assertEquals((Object) before.getAs(c), r.getAs(c), c + " of " + r.getAs("seat_code") + " " + r.getAs("month"));
            }
        }
    }
}
