package org.organisermetrics.publish.scorecard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.organisermetrics.metrics.MetricSettings;
import org.organisermetrics.publish.catalogue.SqlRunner;
import org.organisermetrics.publish.scorecard.SeatStatus.Assessment;
import org.organisermetrics.publish.scorecard.SeatStatus.Measure;

/**
 * The regional scorecard for one month: what it shows, read from the metric tables through the
 * warehouse's DuckDB catalogue (read-only, the same sandbox as the sql verb), and where it goes.
 *
 * <p>Entry point for a run that has just published: {@link #write(Path, YearMonth, Optional)}.
 */
public record Scorecard(
        YearMonth month,
        Optional<String> region,
        String runId,
        List<PilotSeat> pilotSeats,
        Trends trends,
        Evaluation evaluation,
        List<LeagueRow> league,
        Election election,
        MutualAid mutualAid,
        SmallCounts smallCounts,
        List<SeatEvents> events) {

    /** A scorecard with no events section figures (every pilot seat's events and sign-ups empty). */
    public Scorecard(YearMonth month, Optional<String> region, String runId, List<PilotSeat> pilotSeats, Trends trends,
                     Evaluation evaluation, List<LeagueRow> league, Election election, MutualAid mutualAid,
                     SmallCounts smallCounts) {
        this(month, region, runId, pilotSeats, trends, evaluation, league, election, mutualAid, smallCounts, List.of());
    }

    /** The report's file name inside reports/YYYY-MM/. */
    public static final String FILE_NAME = "index.html";
    /** The evaluation's primary comparison (pilot_evaluation.comparison). */
    static final String PRIMARY_COMPARISON = "applicants_not_selected";
    /** Months the trend charts cover, ending with the report month. */
    static final int TREND_MONTHS = 12;
    /** Mutual aid flows the report lists, largest first. */
    static final int AID_FLOWS = 10;

    /** The month or region has nothing to report: the user can fix it on the command line. */
    public static final class NoDataException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NoDataException(String message) {
            super(message);
        }
    }

    /** One pilot seat in the month: its month, its pilot so far, and its status. */
    public record PilotSeat(String seatCode, String seatName, String region, String cohort, String organiserId,
                            long recruited, Long targetRecruits, long trained, Long targetTrained,
                            long pilotMonths, long recruitedToDate, Long targetRecruitsToDate,
                            long trainedToDate, Long targetTrainedToDate,
                            Double activationRate, Double retention3m, Double conversationRate,
                            Assessment assessment) {}

    /**
     * A pilot seat's events of the month (seat_month): events held, their head count (events.attendees), and
     * the sign-ups to them by outcome, with the flake rate (no-shows / sign-ups with an outcome recorded).
     */
    public record SeatEvents(String seatCode, String seatName, String region, long eventsHeld, long eventAttendance,
                             long signups, long attended, long noShow, Double flakeRate) {

        /** Sign-ups with no outcome recorded (only signed up or cancelled, as an Action Network export gives them). */
        public boolean attendanceNotRecorded() {
            return signups > 0 && attended + noShow == 0;
        }
    }

    /** Recruited and trained per month: each pilot seat, and the control seats' quartiles. */
    public record Trends(List<YearMonth> months, Map<String, long[]> recruited, Map<String, long[]> trained,
                         Quartiles controlRecruited, Quartiles controlTrained, int controlSeats) {}

    /** Per month: the control seats' lower quartile, median and upper quartile (NaN for a month with no data). */
    public record Quartiles(double[] low, double[] median, double[] high) {}

    /**
     * The pilot evaluation's primary comparison, at the latest evaluation month up to the report month,
     * with its event study (pilot_event_study rows of the same evaluation month and comparison; chart them
     * per cohort and metric with {@link Charts#eventStudy}).
     */
    public record Evaluation(YearMonth evaluationMonth, List<Estimate> estimates, List<EventStudyPoint> eventStudy) {
        public Evaluation(YearMonth evaluationMonth, List<Estimate> estimates) {
            this(evaluationMonth, estimates, List.of());
        }

        /** One cohort and metric's points, in event-month order (the input of {@link Charts#eventStudy}). */
        public List<EventStudyPoint> eventStudy(String cohort, String metric) {
            return eventStudy.stream().filter(p -> p.cohort().equals(cohort) && p.metric().equals(metric))
                    .sorted(java.util.Comparator.comparingInt(EventStudyPoint::eventMonth)).toList();
        }
    }

    /** One row of pilot_event_study: the normalised pilot-minus-control difference at an event month (null without data). */
    public record EventStudyPoint(String cohort, String metric, int eventMonth, Double difference, long nPilot,
                                  long nControl) {}

    public record Estimate(String cohort, String metric, long nPilot, long nControl, Double did, Double ciLow,
                           Double ciHigh, String verdict) {}

    /** One organiser's row of organiser_league: every figure over the pilot to date, up to evaluationMonth. */
    public record LeagueRow(String organiserId, YearMonth evaluationMonth, String region, Long rank, long seats, long seatMonths,
                            long recruited, Long targetRecruits, Double recruitsVsTarget,
                            long trained, Long targetTrained, Double trainedVsTarget) {}

    /** The latest seat-level election with a marked register on or before the report month. */
    public record Election(String electionId, LocalDate pollingDate, List<ElectionSeat> seats) {}

    public record ElectionSeat(String seatCode, String seatName, String region, Long promises, Long promisesVoted,
                               Double promiseTurnout, Double registerTurnout, Double turnout) {}

    public record MutualAid(Integer year, List<AidFlow> flows, List<AidPair> oneWay) {}

    public record AidFlow(String giverSeat, String giverName, String receiverSeat, String receiverName,
                          double hours, long volunteers, double valueGbp) {}

    public record AidPair(String seatA, String nameA, String seatB, String nameB, double hoursAToB,
                          double hoursBToA) {}

    /**
     * Writes the month's all-regions page to {@code <folder>/reports/YYYY-MM/index.html} with the
     * default small-count threshold, and returns its path; {@link ScorecardPages#writeMonth} also
     * writes each region's page. {@code folder} is a snapshot being built, never a published one.
     *
     * @throws SqlRunner.NoCatalogueException when the warehouse has no analytics.duckdb
     * @throws NoDataException                when seat_month has no row for the month (or region)
     */
    public static Path write(Path warehouse, YearMonth month, Optional<String> region) throws IOException, SQLException {
        return write(warehouse, month, region, MetricSettings.DEFAULT_SMALL_COUNT_THRESHOLD);
    }

    /** As {@link #write(Path, YearMonth, Optional)}, with a small-count threshold. */
    public static Path write(Path warehouse, YearMonth month, Optional<String> region, int smallCountThreshold)
            throws IOException, SQLException {
        Map<Optional<String>, Path> pages = ScorecardPages.writeMonth(warehouse, month, smallCountThreshold);
        if (!pages.containsKey(region)) {
            throw new NoDataException("no region '" + region.orElse("") + "' in " + month);
        }
        return pages.get(region);
    }

    /**
     * Writes a rendered page to {@code file}: beside it, then renamed over it, so a reader sees the
     * old page or the new one, never half. A file in a published snapshot is refused: a published
     * snapshot never changes (and its files are hard links shared with the next snapshot).
     */
    static Path writePage(String html, Path file) throws IOException {
        if (org.organisermetrics.publish.Publisher.isPublished(file)) {
            throw new IllegalStateException("not writing " + file + ": it is in the warehouse's published state, which never changes");
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(temp, html, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }

    /** Where the month's report goes. */
    public static Path file(Path warehouse, YearMonth month) {
        return warehouse.resolve("reports").resolve(month.toString()).resolve(FILE_NAME);
    }

    /** The latest month seat_month holds, if any. */
    public static Optional<YearMonth> latestMonth(Path warehouse) throws SQLException {
        try (SqlRunner sql = SqlRunner.open(warehouse)) {
            Object latest = Queries.rows(sql, "SELECT max(month) FROM seat_month").get(0).get(0);
            return latest == null ? Optional.empty() : Optional.of(YearMonth.from(LocalDate.parse(latest.toString())));
        }
    }

    /** Reads everything the report shows. */
    public static Scorecard load(Path warehouse, YearMonth month, Optional<String> region, SmallCounts smallCounts)
            throws SQLException {
        try (SqlRunner sql = SqlRunner.open(warehouse)) {
            return load(sql, month, region, smallCounts);
        }
    }

    /** As {@link #load(Path, YearMonth, Optional, SmallCounts)}, through an open catalogue (one snapshot for every page). */
    static Scorecard load(SqlRunner sql, YearMonth month, Optional<String> region, SmallCounts smallCounts)
            throws SQLException {
        Queries q = new Queries(sql, month, region);
        q.checkThereIsData();
        List<PilotSeat> seats = q.pilotSeats();
        return new Scorecard(month, region, q.runId(), seats, q.trends(seats), q.evaluation(), q.league(),
                q.election(), q.mutualAid(), smallCounts, q.events());
    }

    /** Pilot seats with the given status. */
    public List<PilotSeat> seatsWith(SeatStatus status) {
        return pilotSeats.stream().filter(s -> s.assessment().status() == status).toList();
    }

    /** Pilot seats by region, regions in name order. */
    public Map<String, List<PilotSeat>> seatsByRegion() {
        Map<String, List<PilotSeat>> by = new LinkedHashMap<>();
        pilotSeats.stream().sorted((a, b) -> a.region().compareTo(b.region()))
                .forEach(s -> by.computeIfAbsent(s.region(), r -> new ArrayList<>()).add(s));
        return by;
    }

    /** The queries, one per part of the report. Values are written into the SQL as checked literals. */
    static final class Queries {
        private final SqlRunner sql;
        private final YearMonth month;
        private final Optional<String> region;
        private final String m;

        Queries(SqlRunner sql, YearMonth month, Optional<String> region) {
            this.sql = sql;
            this.month = month;
            this.region = region;
            this.m = date(month);
        }

        static String date(YearMonth month) {
            return "DATE '" + month.atDay(1) + "'";
        }

        static String literal(String s) {
            return "'" + s.replace("'", "''") + "'";
        }

        /** "AND <column> = 'R'" when a region was chosen. */
        private String inRegion(String column) {
            return region.map(r -> " AND " + column + " = " + literal(r)).orElse("");
        }

        static List<List<Object>> rows(SqlRunner sql, String query) throws SQLException {
            try {
                return sql.query(query).rows();
            } catch (SqlRunner.RefusedException e) {
                throw new IllegalStateException("the report's own query was refused: " + e.getMessage(), e);
            }
        }

        private List<List<Object>> rows(String query) throws SQLException {
            return rows(sql, query);
        }

        void checkThereIsData() throws SQLException {
            List<Object> range = rows("SELECT min(month), max(month), count(*) FILTER (WHERE month = " + m + ")"
                    + " FROM seat_month").get(0);
            if (range.get(0) == null) {
                throw new NoDataException("the warehouse holds no seat_month rows yet: a successful 'run' writes them");
            }
            if (num(range.get(2)) == 0) {
                throw new NoDataException("no seat_month rows for " + month + ": the warehouse holds "
                        + YearMonth.from(LocalDate.parse(range.get(0).toString())) + " to "
                        + YearMonth.from(LocalDate.parse(range.get(1).toString())));
            }
            if (region.isPresent()) {
                List<String> regions = new ArrayList<>();
                for (List<Object> r : rows("SELECT DISTINCT region FROM seat_month WHERE month = " + m + " ORDER BY 1")) {
                    regions.add(String.valueOf(r.get(0)));
                }
                if (!regions.contains(region.get())) {
                    throw new NoDataException("no region '" + region.get() + "' in " + month + "; regions: "
                            + String.join(", ", regions));
                }
            }
        }

        String runId() throws SQLException {
            return str(rows("SELECT max(run_id) FROM seat_month WHERE month = " + m).get(0).get(0));
        }

        List<PilotSeat> pilotSeats() throws SQLException {
            String query = """
                    WITH chosen AS (
                        SELECT * FROM seat_month WHERE pilot AND month = %1$s%2$s
                    ),
                    to_date AS (
                        SELECT seat_code,
                               count(*) AS pilot_months,
                               CAST(sum(recruited) AS BIGINT) AS recruited,
                               CAST(sum(target_recruits) AS BIGINT) AS target_recruits,
                               CAST(sum(trained) AS BIGINT) AS trained,
                               CAST(sum(target_trained) AS BIGINT) AS target_trained
                        FROM seat_month
                        WHERE pilot AND month <= %1$s
                        GROUP BY seat_code
                    ),
                    pilot_window AS (
                        -- the seat's pilot row covering the month (the latest start when several do)
                        SELECT seat_code, cohort, organiser_id
                        FROM pilot_seats
                        WHERE selected AND start_month <= %1$s AND (end_month IS NULL OR end_month >= %1$s)
                          AND applied_on <= last_day(%1$s)
                        QUALIFY row_number() OVER (PARTITION BY seat_code ORDER BY start_month DESC, cohort) = 1
                    )
                    SELECT chosen.seat_code, chosen.seat_name, chosen.region, pilot_window.cohort, pilot_window.organiser_id,
                           chosen.recruited, chosen.target_recruits, chosen.trained, chosen.target_trained,
                           to_date.pilot_months, to_date.recruited, to_date.target_recruits,
                           to_date.trained, to_date.target_trained,
                           chosen.activation_rate, chosen.retention_3m, chosen.conversation_rate
                    FROM chosen
                    JOIN to_date USING (seat_code)
                    LEFT JOIN pilot_window USING (seat_code)
                    ORDER BY chosen.region, chosen.seat_name, chosen.seat_code
                    """.formatted(m, inRegion("region"));
            List<PilotSeat> seats = new ArrayList<>();
            for (List<Object> r : rows(query)) {
                long recruited = num(r.get(5));
                Long targetRecruits = numOrNull(r.get(6));
                long trained = num(r.get(7));
                Long targetTrained = numOrNull(r.get(8));
                long recruitedToDate = num(r.get(10));
                Long targetRecruitsToDate = numOrNull(r.get(11));
                long trainedToDate = num(r.get(12));
                Long targetTrainedToDate = numOrNull(r.get(13));
                Assessment assessment = SeatStatus.assess(
                        new Measure[] {new Measure("recruited", recruitedToDate, targetRecruitsToDate),
                                new Measure("trained", trainedToDate, targetTrainedToDate)},
                        new Measure[] {new Measure("recruited", recruited, targetRecruits),
                                new Measure("trained", trained, targetTrained)});
                seats.add(new PilotSeat(str(r.get(0)), str(r.get(1)), str(r.get(2)), str(r.get(3)), str(r.get(4)),
                        recruited, targetRecruits, trained, targetTrained, num(r.get(9)),
                        recruitedToDate, targetRecruitsToDate, trainedToDate, targetTrainedToDate,
                        dbl(r.get(14)), dbl(r.get(15)), dbl(r.get(16)), assessment));
            }
            return seats;
        }

        /** The month's events and sign-ups of the pilot seats the page shows, in the same order. */
        List<SeatEvents> events() throws SQLException {
            List<SeatEvents> events = new ArrayList<>();
            for (List<Object> r : rows("""
                    SELECT seat_code, seat_name, region, events_held, event_attendance, signups, signups_attended,
                           signups_no_show, flake_rate
                    FROM seat_month
                    WHERE pilot AND month = %s%s
                    ORDER BY region, seat_name, seat_code
                    """.formatted(m, inRegion("region")))) {
                events.add(new SeatEvents(str(r.get(0)), str(r.get(1)), str(r.get(2)), num(r.get(3)), num(r.get(4)),
                        num(r.get(5)), num(r.get(6)), num(r.get(7)), dbl(r.get(8))));
            }
            return events;
        }

        Trends trends(List<PilotSeat> seats) throws SQLException {
            List<YearMonth> months = new ArrayList<>();
            for (int i = TREND_MONTHS - 1; i >= 0; i--) {
                months.add(month.minusMonths(i));
            }
            String first = date(months.get(0));
            Map<String, long[]> recruited = new LinkedHashMap<>();
            Map<String, long[]> trained = new LinkedHashMap<>();
            if (seats.isEmpty()) {
                double[] none = new double[0];
                Quartiles empty = new Quartiles(none, none, none);
                return new Trends(months, recruited, trained, empty, empty, 0);
            }
            List<String> codes = new ArrayList<>();
            for (PilotSeat s : seats) {
                codes.add(literal(s.seatCode()));
                recruited.put(s.seatCode(), missing(TREND_MONTHS));
                trained.put(s.seatCode(), missing(TREND_MONTHS));
            }
            for (List<Object> r : rows("SELECT seat_code, month, recruited, trained FROM seat_month WHERE seat_code IN ("
                    + String.join(", ", codes) + ") AND month BETWEEN " + first + " AND " + m)) {
                int i = months.indexOf(YearMonth.from(LocalDate.parse(str(r.get(1)))));
                recruited.get(str(r.get(0)))[i] = num(r.get(2));
                trained.get(str(r.get(0)))[i] = num(r.get(3));
            }
            String query = """
                    WITH cohorts AS (
                        SELECT DISTINCT cohort FROM pilot_seats
                        WHERE selected AND seat_code IN (%3$s) AND applied_on <= last_day(%2$s)
                    ),
                    controls AS (
                        -- the evaluation's primary comparison: the cohorts' applicants that were not selected
                        -- (pilot_seats rows applied for by the end of the month: the page is as of its month)
                        SELECT DISTINCT seat_code FROM pilot_seats
                        WHERE NOT selected AND cohort IN (SELECT cohort FROM cohorts) AND applied_on <= last_day(%2$s)
                          AND seat_code NOT IN (SELECT seat_code FROM pilot_seats WHERE selected AND applied_on <= last_day(%2$s))
                    )
                    SELECT month,
                           quantile_cont(recruited, [0.25, 0.5, 0.75]) AS recruited,
                           quantile_cont(trained, [0.25, 0.5, 0.75]) AS trained,
                           count(*) AS seats
                    FROM seat_month
                    WHERE seat_code IN (SELECT seat_code FROM controls) AND month BETWEEN %1$s AND %2$s
                    GROUP BY month
                    """.formatted(first, m, String.join(", ", codes));
            Quartiles controlRecruited = emptyQuartiles();
            Quartiles controlTrained = emptyQuartiles();
            int controlSeats = 0;
            for (List<Object> r : rows(query)) {
                int i = months.indexOf(YearMonth.from(LocalDate.parse(str(r.get(0)))));
                put(controlRecruited, i, str(r.get(1)));
                put(controlTrained, i, str(r.get(2)));
                controlSeats = Math.max(controlSeats, (int) num(r.get(3)));
            }
            return new Trends(months, recruited, trained, controlRecruited, controlTrained, controlSeats);
        }

        private static long[] missing(int n) {
            long[] a = new long[n];
            java.util.Arrays.fill(a, Long.MIN_VALUE);
            return a;
        }

        private static Quartiles emptyQuartiles() {
            double[][] q = new double[3][TREND_MONTHS];
            for (double[] a : q) {
                java.util.Arrays.fill(a, Double.NaN);
            }
            return new Quartiles(q[0], q[1], q[2]);
        }

        /** A DuckDB list rendered as text, "[0.25, 1.0, 2.0]", into the quartiles' month i. */
        private static void put(Quartiles q, int i, String list) {
            String[] parts = list.replace("[", "").replace("]", "").split(",");
            q.low()[i] = Double.parseDouble(parts[0].trim());
            q.median()[i] = Double.parseDouble(parts[1].trim());
            q.high()[i] = Double.parseDouble(parts[2].trim());
        }

        Evaluation evaluation() throws SQLException {
            Object latest = rows("SELECT max(evaluation_month) FROM pilot_evaluation WHERE evaluation_month <= " + m)
                    .get(0).get(0);
            if (latest == null) {
                return new Evaluation(null, List.of());
            }
            YearMonth at = YearMonth.from(LocalDate.parse(latest.toString()));
            List<Estimate> estimates = new ArrayList<>();
            for (List<Object> r : rows("""
                    SELECT cohort, metric, n_pilot, n_control, did, ci_low, ci_high, verdict
                    FROM pilot_evaluation
                    WHERE evaluation_month = %s AND comparison = %s
                    ORDER BY cohort, list_position(['recruited', 'trained', 'active', 'conversations', 'promises_identified'], metric), metric
                    """.formatted(date(at), literal(PRIMARY_COMPARISON)))) {
                estimates.add(new Estimate(str(r.get(0)), str(r.get(1)), num(r.get(2)), num(r.get(3)),
                        dbl(r.get(4)), dbl(r.get(5)), dbl(r.get(6)), str(r.get(7))));
            }
            List<EventStudyPoint> eventStudy = new ArrayList<>();
            if (!rows("SELECT 1 FROM information_schema.tables WHERE table_name = 'pilot_event_study'").isEmpty()) {
                for (List<Object> r : rows("""
                        SELECT cohort, metric, event_month, difference, n_pilot, n_control
                        FROM pilot_event_study
                        WHERE evaluation_month = %s AND comparison = %s
                        ORDER BY cohort, metric, event_month
                        """.formatted(date(at), literal(PRIMARY_COMPARISON)))) {
                    eventStudy.add(new EventStudyPoint(str(r.get(0)), str(r.get(1)), (int) num(r.get(2)),
                            dbl(r.get(3)), num(r.get(4)), num(r.get(5))));
                }
            }
            return new Evaluation(at, estimates, eventStudy);
        }

        List<LeagueRow> league() throws SQLException {
            List<LeagueRow> league = new ArrayList<>();
            for (List<Object> r : rows("""
                    SELECT organiser_id, region, rank, seats, seat_months, recruited, target_recruits, recruits_vs_target,
                           trained, target_trained, trained_vs_target, evaluation_month
                    FROM organiser_league
                    WHERE evaluation_month = (SELECT max(evaluation_month) FROM organiser_league WHERE evaluation_month <= %s)%s
                    ORDER BY rank NULLS LAST, organiser_id
                    """.formatted(m, inRegion("region")))) {
                league.add(new LeagueRow(str(r.get(0)), YearMonth.from(LocalDate.parse(str(r.get(11)))), str(r.get(1)), numOrNull(r.get(2)), num(r.get(3)), num(r.get(4)),
                        num(r.get(5)), numOrNull(r.get(6)), dbl(r.get(7)), num(r.get(8)), numOrNull(r.get(9)),
                        dbl(r.get(10))));
            }
            return league;
        }

        Election election() throws SQLException {
            String end = "DATE '" + month.atEndOfMonth() + "'";
            List<List<Object>> chosen = rows("""
                    SELECT election_id, max(polling_date) AS polling_date
                    FROM seat_election
                    WHERE area_type = 'SEAT' AND register_turnout IS NOT NULL AND polling_date <= %s
                    GROUP BY election_id
                    ORDER BY polling_date DESC, election_id
                    LIMIT 1
                    """.formatted(end));
            if (chosen.isEmpty()) {
                return new Election(null, null, List.of());
            }
            String id = str(chosen.get(0).get(0));
            List<ElectionSeat> seats = new ArrayList<>();
            for (List<Object> r : rows("""
                    SELECT seat_election.seat_code, seats.seat_name, seat_election.region, seat_election.promises,
                           seat_election.promises_voted, seat_election.promise_turnout, seat_election.register_turnout,
                           seat_election.turnout
                    FROM seat_election
                    LEFT JOIN seats ON seat_election.seat_code = seats.seat_code
                    WHERE seat_election.election_id = %s AND seat_election.area_type = 'SEAT'%s
                    ORDER BY seat_election.region, seats.seat_name, seat_election.seat_code
                    """.formatted(literal(id), inRegion("seat_election.region")))) {
                seats.add(new ElectionSeat(str(r.get(0)), str(r.get(1)), str(r.get(2)), numOrNull(r.get(3)),
                        numOrNull(r.get(4)), dbl(r.get(5)), dbl(r.get(6)), dbl(r.get(7))));
            }
            return new Election(id, LocalDate.parse(str(chosen.get(0).get(1))), seats);
        }

        /** The year to date at the end of the month: mutual_aid's and mutual_aid_pair's rows of the month itself. */
        MutualAid mutualAid() throws SQLException {
            Object any = rows("SELECT count(*) FROM mutual_aid WHERE month = " + m).get(0).get(0);
            if (num(any) == 0) {
                return new MutualAid(null, List.of(), List.of());
            }
            int year = month.getYear();
            String touches = region.map(r -> " AND (giver.region = " + literal(r) + " OR receiver.region = " + literal(r) + ")")
                    .orElse("");
            List<AidFlow> flows = new ArrayList<>();
            for (List<Object> r : rows("""
                    SELECT mutual_aid.giver_seat, giver.seat_name, mutual_aid.receiver_seat, receiver.seat_name,
                           mutual_aid.hours_year_to_date, mutual_aid.volunteers_year_to_date, mutual_aid.value_gbp_year_to_date
                    FROM mutual_aid
                    LEFT JOIN seats AS giver ON mutual_aid.giver_seat = giver.seat_code
                    LEFT JOIN seats AS receiver ON mutual_aid.receiver_seat = receiver.seat_code
                    WHERE mutual_aid.month = %s AND (mutual_aid.hours_year_to_date > 0 OR mutual_aid.value_gbp_year_to_date > 0)%s
                    ORDER BY mutual_aid.hours_year_to_date DESC, mutual_aid.value_gbp_year_to_date DESC,
                             mutual_aid.giver_seat, mutual_aid.receiver_seat
                    LIMIT %d
                    """.formatted(m, touches, AID_FLOWS))) {
                flows.add(new AidFlow(str(r.get(0)), str(r.get(1)), str(r.get(2)), str(r.get(3)),
                        dblOr0(r.get(4)), num(r.get(5)), dblOr0(r.get(6))));
            }
            String pairTouches = region.map(rg -> " AND (giver.region = " + literal(rg) + " OR receiver.region = " + literal(rg) + ")")
                    .orElse("");
            List<AidPair> oneWay = new ArrayList<>();
            for (List<Object> r : rows("""
                    SELECT pair.seat_a, giver.seat_name, pair.seat_b, receiver.seat_name,
                           pair.hours_a_to_b_year_to_date, pair.hours_b_to_a_year_to_date
                    FROM mutual_aid_pair AS pair
                    LEFT JOIN seats AS giver ON pair.seat_a = giver.seat_code
                    LEFT JOIN seats AS receiver ON pair.seat_b = receiver.seat_code
                    WHERE pair.month = %s AND pair.one_way%s
                    ORDER BY greatest(pair.hours_a_to_b_year_to_date, pair.hours_b_to_a_year_to_date) DESC, pair.seat_a, pair.seat_b
                    """.formatted(m, pairTouches))) {
                oneWay.add(new AidPair(str(r.get(0)), str(r.get(1)), str(r.get(2)), str(r.get(3)),
                        dblOr0(r.get(4)), dblOr0(r.get(5))));
            }
            return new MutualAid(year, flows, oneWay);
        }

        static String str(Object o) {
            return o == null ? null : o.toString();
        }

        static long num(Object o) {
            return o == null ? 0 : ((Number) o).longValue();
        }

        static Long numOrNull(Object o) {
            return o == null ? null : ((Number) o).longValue();
        }

        static Double dbl(Object o) {
            return o == null ? null : ((Number) o).doubleValue();
        }

        static double dblOr0(Object o) {
            return o == null ? 0 : ((Number) o).doubleValue();
        }
    }
}
