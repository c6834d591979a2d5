package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.organisermetrics.contract.Source;
import org.organisermetrics.evaluate.OrganiserLeague;
import org.organisermetrics.evaluate.PilotEvaluation;
import org.organisermetrics.evaluate.PilotEvaluationMetric;
import org.organisermetrics.testing.InMemoryCurated;
import org.organisermetrics.testing.SharedSpark;
import org.organisermetrics.warehouse.TableDoc;

/**
 * Every metric table evaluated at a month M uses only rows dated up to the end of M: a run over
 * many months (a backfill), read at M, equals a run that only ever saw the rows dated up to the end
 * of M and ended at M. Each table is computed both ways from one small handwritten set of curated
 * tables with rows on both sides of M (aid given in November and in December, a volunteer recruited
 * and trained after M, an election polled after M, a seat that applies for the pilot after M...).
 *
 * <p>"Rows dated up to the end of M": facts by their date; volunteers by recruited_on; electors by
 * registered_on (and left_on after M not yet known); elections by polling_date, with their results
 * and marked register; pilot_seats by applied_on. Reference tables without a date (seats, wards,
 * courses, organisers) are the same in both.
 */
class AsOfMonthTest {
    static final String S1 = "E14000001", S2 = "E14000002", S3 = "E14000003", S4 = "E14000004", S5 = "E14000005";
    static final LocalDate FROM = LocalDate.of(2023, 1, 1);
    static final LocalDate TO = LocalDate.of(2024, 3, 1);

    static SparkSession spark;
    static CuratedTables all;
    /** Each table as a backfill over FROM..TO computed it, once for every month checked. */
    static final Map<String, Dataset<Row>> BACKFILL = new HashMap<>();

    @BeforeAll
    static void fixture() {
        spark = SharedSpark.session();
        Tables t = new Tables(spark);
        t.seat(S1, "Barrow", "North West").seat(S2, "Birkenhead", "North West").seat(S3, "Bolton", "North West")
                .seat(S4, "Bury", "North West").seat(S5, "Leeds", "Yorkshire");
        t.add(Source.WARDS, Map.of("ward_code", "E05000001", "ward_name", "Central", "seat_code", S1));
        t.add(Source.WARDS, Map.of("ward_code", "E05000002", "ward_name", "North", "seat_code", S2));
        t.add(Source.COURSES, Map.of("course_code", "ORG1", "course_name", "Organising", "counts_as_trained", true));
        t.add(Source.ORGANISERS, Map.of("organiser_id", "ORGR-001", "region", "North West"));
        t.add(Source.ORGANISERS, Map.of("organiser_id", "ORGR-002", "region", "North West"));

        // Pilot: cohort K1 (S1 selected from 2023-10, S2 not selected); cohort K2 applied for in
        // December 2023 and January 2024 (S3 selected from 2024-01, S4 not selected): until S4 applies,
        // it is a same-region seat that never applied.
        t.pilot(S1, "K1", "2023-06-01", true, "2023-10-01", "ORGR-001", 2, 1)
                .pilot(S2, "K1", "2023-06-01", false, null, null, null, null)
                .pilot(S3, "K2", "2023-12-15", true, "2024-01-01", "ORGR-002", 1, 1)
                .pilot(S4, "K2", "2024-01-20", false, null, null, null, null);

        // Volunteers: V2 recruited in November, V4 in December, V5 in January.
        t.volunteer("V1", S1, "2022-05-01").volunteer("V2", S1, "2023-11-10").volunteer("V3", S2, "2023-02-01")
                .volunteer("V4", S3, "2023-12-05").volunteer("V5", S1, "2024-01-10").volunteer("V6", S5, "2022-01-01");
        t.training("V1", "2023-11-20", true).training("V2", "2023-12-03", true).training("V3", "2023-05-01", false)
                .training("V4", "2024-02-01", true);

        // Activities, in every month around M, across seats (mutual aid) and at home.
        t.activity("V1", "2022-12-30", 7.0, S2).activity("V1", "2023-01-02", 1.0, S2)
                .activity("V1", "2023-10-15", 3.0, S2).activity("V1", "2023-11-05", 2.0, S2)
                .activity("V1", "2023-12-20", 4.0, S2).activity("V3", "2023-11-25", 1.5, S1)
                .activity("V3", "2024-01-05", 2.0, S1).activity("V6", "2023-08-01", 5.0, S1)
                .activity("V2", "2023-12-01", 1.0, S1).activity("V1", "2023-09-01", 2.0, S1)
                .activity("V5", "2024-02-14", 3.0, S2).activity("V4", "2024-01-09", 2.5, S3)
                // V2's first attendance (2023-12-02) is followed by this activity only after January: a
                // January row must not know of it.
                .activity("V2", "2024-02-20", 1.0, S1);

        // Aid: the issue's case, £190.36 in November and £2,113.78 in December.
        t.aid("2023-11-14", S1, S2, "190.36").aid("2023-12-05", S1, S2, "2113.78").aid("2024-01-10", S2, S1, "50.00")
                .aid("2023-03-01", S5, S1, "20.00");

        // Electors: E2 registered in December, E3 left in December.
        t.elector("E1", S1, "E05000001", "2020-01-01", null).elector("E2", S1, "E05000001", "2023-12-01", null)
                .elector("E3", S1, "E05000001", "2020-01-01", "2023-12-10").elector("E4", S2, "E05000002", "2020-01-01", null);
        // Contacts, with issues in ward E05000001 in October, November and December (one quarter).
        t.contact("C1", "E1", S1, "E05000001", "2023-10-03", "LAB", "HOUSING")
                .contact("C2", "E3", S1, "E05000001", "2023-11-10", "LAB", "NHS")
                .contact("C3", "E1", S1, "E05000001", "2023-11-12", "NOT_HOME", null)
                .contact("C4", "E2", S1, "E05000001", "2023-12-05", "LAB", "NHS")
                .contact("C5", "E1", S1, "E05000001", "2023-12-10", "CON", "NHS")
                .contact("C6", "E4", S2, "E05000002", "2023-11-02", "LAB", "HOUSING")
                .contact("C7", "E4", S2, "E05000002", "2024-01-20", "CON", "CRIME")
                .contact("C8", "E2", S1, "E05000001", "2024-02-02", "LAB", "HOUSING");
        t.event("EV1", S1, "2023-11-02", 10).event("EV2", S1, "2023-12-02", 20).event("EV3", S2, "2024-02-10", 5);
        // Sign-ups: V1 first attends in November (its 90 days end 2024-01-31), V2 in December (they end
        // 2024-02-29), X1 (not a volunteer) in February; every status; one event (EV9) not in events.
        t.signup("EV1", "V1", "ATTENDED").signup("EV1", "V2", "NO_SHOW").signup("EV1", "V3", "CANCELLED")
                .signup("EV2", "V2", "ATTENDED").signup("EV2", "V1", "ATTENDED").signup("EV2", "X2", "SIGNED_UP")
                .signup("EV3", "X1", "ATTENDED").signup("EV3", "V3", "NO_SHOW").signup("EV9", "V3", "ATTENDED");
        t.communication(S1, "2023-11-05", 100).communication(S1, "2023-12-05", 200);

        // By-elections in S1: BY1 polled in November, BY2 in December.
        t.election("BY1", "2023-11-23").election("BY2", "2023-12-14");
        t.result("BY1", S1, "LAB", 500, 2000).result("BY1", S1, "CON", 400, 2000)
                .result("BY2", S1, "LAB", 450, 2000).result("BY2", S1, "CON", 460, 2000);
        t.voted("BY1", "E1").voted("BY1", "E3").voted("BY2", "E1").voted("BY2", "E2");
        all = t.curated();
        Run backfill = new Run(all, settings("backfill", TO));
        for (Table table : TABLES) {
            BACKFILL.put(table.name(), table.compute().apply(backfill).cache());
        }
    }

    /** One metric table, computed from curated tables for a run's months; with the column that dates a row. */
    record Table(String name, String monthColumn, Function<Run, Dataset<Row>> compute) {}

    /** The curated tables and settings of one run; seat_month and the pilot tables computed once. */
    static final class Run {
        final CuratedTables curated;
        final MetricSettings settings;
        private Dataset<Row> seatMonth;
        private PilotEvaluation.Tables pilot;

        Run(CuratedTables curated, MetricSettings settings) {
            this.curated = curated;
            this.settings = settings;
        }

        CuratedTables curated() {
            return curated;
        }

        MetricSettings settings() {
            return settings;
        }

        Dataset<Row> seatMonth() {
            if (seatMonth == null) {
                seatMonth = SeatMonth.compute(spark, curated, settings).cache();
            }
            return seatMonth;
        }

        PilotEvaluation.Tables pilot() {
            if (pilot == null) {
                pilot = PilotEvaluation.compute(spark, curated, settings, historyOf(seatMonth()));
            }
            return pilot;
        }
    }

    static final List<Table> TABLES = List.of(
            new Table("seat_month", "month", Run::seatMonth),
            new Table("organiser_month", "month", r -> OrganiserMonth.compute(spark, r.curated(), r.settings(), r.seatMonth())),
            new Table("ward_issue", "month", r -> WardIssue.compute(spark, r.curated(), r.settings())),
            new Table("mutual_aid", "month", r -> MutualAid.compute(spark, r.curated(), r.settings())),
            new Table("mutual_aid_pair", "month", r -> MutualAidPair.compute(spark, r.curated(), r.settings())),
            new Table("seat_election", "polling_date", r -> SeatElection.compute(spark, r.curated(), r.settings())),
            new Table("pilot_evaluation", "evaluation_month",
                    r -> r.pilot().estimates()),
            new Table("pilot_seat_change", "evaluation_month",
                    r -> r.pilot().seatChanges()),
            new Table("pilot_event_study", "evaluation_month",
                    r -> r.pilot().eventStudy()),
            new Table("organiser_league", "evaluation_month",
                    r -> OrganiserLeague.compute(spark, r.curated(), r.settings(), historyOf(r.seatMonth()))));

    @Test
    void everyMetricTableOfTheRunIsChecked() {
        List<String> checked = TABLES.stream().map(Table::name).toList();
        for (TableDoc t : MetricsJob.TABLES) {
            // identity_match is one row per run and rule, with no month: nothing in it is dated
            assertTrue(checked.contains(t.name()) || t.name().equals("identity_match"), t.name() + " is not checked as of a month");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-11-01", "2024-01-01"})
    void aBackfillReadAtAMonthEqualsARunThatEndedThere(String month) {
        LocalDate m = LocalDate.parse(month);
        Run upToM = new Run(upTo(all, m), settings("up-to", m));
        List<String> differences = new ArrayList<>();
        for (Table t : TABLES) {
            Column dated = t.monthColumn().equals("polling_date")
                    ? col(t.monthColumn()).leq(lit(m.withDayOfMonth(m.lengthOfMonth())))
                    : col(t.monthColumn()).leq(lit(m));
            List<String> fromBackfill = normalised(BACKFILL.get(t.name()).where(dated));
            List<String> fromRunToM = normalised(t.compute().apply(upToM));
            if (!fromBackfill.equals(fromRunToM)) {
                differences.add(t.name() + " at " + month + ":\n  backfill read at the month: " + fromBackfill
                        + "\n  run that saw rows up to it: " + fromRunToM);
            }
            assertFalse(fromRunToM.isEmpty() && !t.name().equals("organiser_month"), t.name() + " has rows to compare");
        }
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }

    /** The issue's case by hand: November's scorecard figure for Barrow -> Birkenhead is November's aid alone. */
    @Test
    void novembersMutualAidIsNovembersAidAloneNotTheWholeYear() {
        Row nov = BACKFILL.get("mutual_aid")
                .where(col("month").equalTo(lit(LocalDate.of(2023, 11, 1))).and(col("giver_seat").equalTo(S1))
                        .and(col("receiver_seat").equalTo(S2)))
                .first();
        assertEquals(0, new BigDecimal("190.36").compareTo(nov.getAs("value_gbp_year_to_date")));   // not 190.36 + 2113.78
        assertEquals(0, new BigDecimal("190.36").compareTo(nov.getAs("value_gbp_in_month")));
        assertEquals(6.0, nov.<Double>getAs("hours_year_to_date"), 1e-9);    // 1.0 (Jan) + 3.0 (Oct) + 2.0 (Nov); 2022 left out
        assertEquals(2.0, nov.<Double>getAs("hours_in_month"), 1e-9);
        Row dec = BACKFILL.get("mutual_aid")
                .where(col("month").equalTo(lit(LocalDate.of(2023, 12, 1))).and(col("giver_seat").equalTo(S1))
                        .and(col("receiver_seat").equalTo(S2)))
                .first();
        assertEquals(0, new BigDecimal("2304.14").compareTo(dec.getAs("value_gbp_year_to_date")));  // 190.36 + 2113.78
        assertEquals(10.0, dec.<Double>getAs("hours_year_to_date"), 1e-9);   // 6.0 + 4.0 (Dec)
    }

    // helpers

    private static MetricSettings settings(String runId, LocalDate to) {
        return new MetricSettings(runId, "LAB", FROM, to, MetricSettings.DEFAULT_SHORT_CAMPAIGN_DAYS,
                MetricSettings.DEFAULT_ONE_WAY_HOURS);
    }

    private static Dataset<Row> historyOf(Dataset<Row> seatMonth) {
        List<Column> cols = new ArrayList<>(List.of(col("seat_code"), col("month")));
        for (PilotEvaluationMetric metric : PilotEvaluationMetric.values()) {
            cols.add(col(metric.column()).cast("double").as(metric.column()));
        }
        return seatMonth.select(cols.toArray(Column[]::new));
    }

    /** What a run that only ever saw rows dated up to the end of month m would have read. */
    static CuratedTables upTo(CuratedTables curated, LocalDate m) {
        Column end = lit(m.withDayOfMonth(m.lengthOfMonth()));
        Map<Source, Dataset<Row>> tables = new EnumMap<>(Source.class);
        for (Source s : Source.values()) {
            Dataset<Row> t = curated.table(s);
            if (s.kind() == Source.Kind.FACT) {
                t = t.where(col(s.dateColumn()).leq(end));
            }
            tables.put(s, t);
        }
        tables.put(Source.VOLUNTEERS, tables.get(Source.VOLUNTEERS).where(col("recruited_on").leq(end)));
        tables.put(Source.MEMBERS, tables.get(Source.MEMBERS).where(col("joined_on").leq(end))
                .withColumn("lapsed_on", org.apache.spark.sql.functions.when(col("lapsed_on").leq(end), col("lapsed_on"))));
        tables.put(Source.ELECTORS, tables.get(Source.ELECTORS)
                .where(col("registered_on").isNull().or(col("registered_on").leq(end)))
                .withColumn("left_on", org.apache.spark.sql.functions.when(col("left_on").leq(end), col("left_on"))));
        Dataset<Row> elections = tables.get(Source.ELECTIONS).where(col("polling_date").leq(end));
        tables.put(Source.ELECTIONS, elections);
        Dataset<Row> polled = elections.select("election_id");
        tables.put(Source.RESULTS, tables.get(Source.RESULTS).join(polled, "election_id"));
        tables.put(Source.MARKED_REGISTER, tables.get(Source.MARKED_REGISTER).join(polled, "election_id"));
        tables.put(Source.PILOT_SEATS, tables.get(Source.PILOT_SEATS).where(col("applied_on").leq(end)));
        for (Source s : Source.values()) {
            tables.put(s, tables.get(s).select(CuratedTables.curatedSchema(s).fieldNames()[0],
                    java.util.Arrays.copyOfRange(CuratedTables.curatedSchema(s).fieldNames(), 1,
                            CuratedTables.curatedSchema(s).fieldNames().length)));
        }
        return CuratedTables.of(tables::get, curated.personLinks());
    }

    /** The rows without run_id, as sorted text, doubles to 9 decimals (sums in another order may differ in the last bit). */
    private static List<String> normalised(Dataset<Row> rows) {
        Dataset<Row> d = rows.drop("run_id");
        String[] names = d.columns();
        List<String> out = new ArrayList<>();
        for (Row r : d.collectAsList()) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < names.length; i++) {
                Object v = r.get(i);
                sb.append(names[i]).append('=').append(v instanceof Double x ? String.format(Locale.ROOT, "%.9f", x) : v);
                sb.append(i + 1 < names.length ? ", " : "}");
            }
            out.add(sb.toString());
        }
        out.sort(null);
        return out;
    }

    /** Curated rows written by hand (facts get their month from their date). */
    static final class Tables extends InMemoryCurated<Tables> {
        private int activityId;

        Tables(SparkSession spark) {
            super(spark);
        }

        Tables seat(String code, String name, String region) {
            return add(Source.SEATS, Map.of("seat_code", code, "seat_name", name, "region", region));
        }

        Tables pilot(String seat, String cohort, String appliedOn, boolean selected, String start, String organiser,
                     Integer targetRecruits, Integer targetTrained) {
            Map<String, Object> v = new HashMap<>(Map.of("seat_code", seat, "cohort", cohort,
                    "applied_on", Date.valueOf(appliedOn), "selected", selected));
            if (start != null) {
                v.put("start_month", Date.valueOf(start));
            }
            v.put("organiser_id", organiser);
            v.put("target_recruits_per_month", targetRecruits == null ? null : targetRecruits.longValue());
            v.put("target_trained_per_month", targetTrained == null ? null : targetTrained.longValue());
            return add(Source.PILOT_SEATS, v);
        }

        Tables volunteer(String key, String homeSeat, String recruitedOn) {
            return add(Source.VOLUNTEERS, Map.of("volunteer_key", key, "seat_code", homeSeat,
                    "recruited_on", Date.valueOf(recruitedOn)));
        }

        Tables training(String volunteer, String date, boolean completed) {
            return add(Source.TRAINING, Map.of("volunteer_key", volunteer, "course_code", "ORG1",
                    "session_date", Date.valueOf(date), "completed", completed));
        }

        Tables activity(String volunteer, String date, double hours, String seatWorkedIn) {
            return add(Source.ACTIVITIES, Map.of("activity_id", "A" + (++activityId), "volunteer_key", volunteer,
                    "activity_date", Date.valueOf(date), "activity_type", "CANVASSING", "hours", hours,
                    "seat_code", seatWorkedIn));
        }

        Tables aid(String givenOn, String from, String to, String gbp) {
            return add(Source.AID, Map.of("given_on", Date.valueOf(givenOn), "from_seat", from, "to_seat", to,
                    "aid_type", "CASH", "value_gbp", new BigDecimal(gbp)));
        }

        Tables elector(String key, String seat, String ward, String registeredOn, String leftOn) {
            Map<String, Object> v = new HashMap<>(Map.of("elector_key", key, "seat_code", seat, "ward_code", ward,
                    "registered_on", Date.valueOf(registeredOn)));
            v.put("left_on", leftOn == null ? null : Date.valueOf(leftOn));
            return add(Source.ELECTORS, v);
        }

        Tables contact(String id, String elector, String seat, String ward, String date, String intention, String issue) {
            Map<String, Object> v = new HashMap<>(Map.of("contact_id", id, "elector_key", elector, "seat_code", seat,
                    "ward_code", ward, "contact_date", Date.valueOf(date), "channel", "DOOR", "intention", intention,
                    "conversation", !intention.equals("NOT_HOME")));
            v.put("issue_code", issue);
            return add(Source.CONTACTS, v);
        }

        Tables event(String id, String seat, String date, long attendees) {
            return add(Source.EVENTS, Map.of("event_id", id, "seat_code", seat, "event_date", Date.valueOf(date),
                    "event_type", "SOCIAL", "attendees", attendees));
        }

        Tables signup(String event, String person, String status) {
            return add(Source.EVENT_SIGNUPS, Map.of("event_id", event, "person_key", person, "status", status));
        }

        Tables communication(String seat, String date, long recipients) {
            return add(Source.COMMUNICATIONS, Map.of("sent_on", Date.valueOf(date), "seat_code", seat, "channel", "SMS",
                    "recipients", recipients));
        }

        Tables election(String id, String pollingDate) {
            return add(Source.ELECTIONS, Map.of("election_id", id, "election_type", "BY_ELECTION",
                    "polling_date", Date.valueOf(pollingDate)));
        }

        Tables result(String election, String area, String party, long votes, long electorate) {
            return add(Source.RESULTS, Map.of("election_id", election, "area_code", area, "party_code", party,
                    "votes", votes, "electorate", electorate));
        }

        Tables voted(String election, String elector) {
            return add(Source.MARKED_REGISTER, Map.of("election_id", election, "elector_key", elector));
        }
    }
}
