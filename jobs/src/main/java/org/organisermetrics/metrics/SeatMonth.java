package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.*;
import static org.organisermetrics.metrics.MetricColumns.joinColumns;
import static org.organisermetrics.metrics.MetricColumns.ratio;
import static org.organisermetrics.warehouse.TableDoc.column;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.contract.Codes;
import org.organisermetrics.contract.Columns;
import org.organisermetrics.contract.Source;
import org.organisermetrics.warehouse.TableDoc;

/**
 * seat_month (METRICS.md): one row per seat per month of the run, the organising scorecard.
 * Each column is computed by one named step below; {@link #TABLE} says what each means.
 */
public final class SeatMonth {
    public static final TableDoc TABLE = new TableDoc("seat_month", "one row per seat per month",
            List.of(Columns.SEAT_CODE, "month"), TableDoc.Partitioning.MONTH, TableDoc.schema("""
                    seat_code STRING, month DATE, seat_name STRING, region STRING, recruited BIGINT NOT NULL,
                    trained BIGINT NOT NULL, helper_pool BIGINT NOT NULL, trained_to_date BIGINT NOT NULL,
                    active BIGINT NOT NULL, active_90d BIGINT NOT NULL, activation_rate DOUBLE, retention_3m DOUBLE,
                    non_member_share DOUBLE, off_register_share DOUBLE, became_members BIGINT NOT NULL,
                    volunteer_hours DOUBLE NOT NULL, aid_hours_given DOUBLE NOT NULL,
                    aid_hours_received DOUBLE NOT NULL, attempts BIGINT NOT NULL, contacts BIGINT NOT NULL,
                    conversations BIGINT NOT NULL, conversation_rate DOUBLE, promises_identified BIGINT NOT NULL,
                    issues_raised BIGINT NOT NULL, events_held BIGINT NOT NULL, event_attendance BIGINT NOT NULL,
                    signups BIGINT NOT NULL, signups_attended BIGINT NOT NULL, signups_no_show BIGINT NOT NULL,
                    signups_cancelled BIGINT NOT NULL, flake_rate DOUBLE, first_attendances BIGINT NOT NULL,
                    first_attendances_90_days_ended BIGINT NOT NULL,
                    first_attendances_active_90_days BIGINT NOT NULL, first_attendances_active_rate DOUBLE,
                    comms_recipients BIGINT NOT NULL, pilot BOOLEAN NOT NULL, target_recruits BIGINT,
                    target_trained BIGINT, run_id STRING NOT NULL
                    """), List.of(
            column(Columns.SEAT_CODE, "the seat (Westminster constituency, ONS code)"),
            column("month", "the calendar month (first day of the month)"),
            column("seat_name", "the seat's name"),
            column("region", "the seat's region"),
            column("recruited", "volunteers with this home seat whose recruited_on is in the month"),
            column("trained", "volunteers with this home seat whose FIRST completed session of a course that counts as organiser training is in the month"),
            column("helper_pool", "volunteers with this home seat recruited on or before the end of the month"),
            column("trained_to_date", "of the helper pool, those trained on or before the end of the month"),
            column("active", "distinct volunteers with this home seat with at least one activity (anywhere) in the month"),
            column("active_90d", "the same over the three months ending with this month"),
            column("activation_rate", "active_90d / helper_pool (null when the pool is empty)"),
            column("retention_3m", "of the home-seat volunteers active three months earlier (m-3), the share active again in m-2, m-1 or m; null when none was active in m-3"),
            column("non_member_share", "of the helper pool, the share who are not a current member at the end of the month (no linked membership, or it lapsed on or before the end of the month)"),
            column("off_register_share", "of the helper pool, the share with no link to an elector"),
            column("became_members", "home-seat volunteers who were not current members when recruited and have a linked membership that started in the month"),
            column("volunteer_hours", "hours of activities in the month by home-seat volunteers, wherever done"),
            column("aid_hours_given", "hours of activities in the month by home-seat volunteers done in another seat"),
            column("aid_hours_received", "hours of activities in the month done in this seat by volunteers whose home seat is another"),
            column("attempts", "contact rows in this seat in the month (NOT_HOME included)"),
            column("contacts", "attempts minus NOT_HOME"),
            column("conversations", "contacts recorded as a conversation (conversation = true)"),
            column("conversation_rate", "conversations / contacts (null when no contacts)"),
            column("promises_identified", "distinct electors whose contact in this seat in the month gave the own party as their intention"),
            column("issues_raised", "contacts (NOT_HOME excluded) with an issue_code"),
            column("events_held", "events in this seat in the month"),
            column("event_attendance", "sum of those events' attendees"),
            column("signups", "sign-ups (event_signups) to this seat's events of the month, whatever their status, cancelled ones included; a sign-up whose event is not in events counts nowhere"),
            column("signups_attended", "of those sign-ups, the ones with status ATTENDED"),
            column("signups_no_show", "of those sign-ups, the ones with status NO_SHOW (signed up, did not come)"),
            column("signups_cancelled", "of those sign-ups, the ones with status CANCELLED (cancelled beforehand)"),
            column("flake_rate", "signups_no_show / (signups_attended + signups_no_show): of the sign-ups with an outcome recorded, the share who did not come;"
                    + " null when none has one (only SIGNED_UP or CANCELLED, as an Action Network export, which carries no attended flag)"),
            column("first_attendances", "people (event_signups.person_key) whose first ATTENDED event, across all the events the warehouse holds, is an event of this seat in the month"
                    + " (two first events on one day: the smaller event_id)"),
            column("first_attendances_90_days_ended", "people whose first ATTENDED event was in this seat and whose 90 days after it (the event day + 90 days) end in the month:"
                    + " the first attendances whose outcome is known by the end of the month, about three months after the event"),
            column("first_attendances_active_90_days", "of first_attendances_90_days_ended, the people with an activity (activities.volunteer_key = person_key), anywhere, dated from"
                    + " the event day to 90 days after it (day 90 in, day 91 out; an activity before the event does not count)"),
            column("first_attendances_active_rate", "first_attendances_active_90_days / first_attendances_90_days_ended (null when none ended in the month)"),
            column("comms_recipients", "sum of the recipients of communications sent in this seat in the month"),
            column("pilot", "true when the seat is a selected pilot seat and the month lies in its pilot window [start_month, end_month]"),
            column("target_recruits", "the pilot's monthly recruitment target, for pilot months; else null"),
            column("target_trained", "the pilot's monthly training target, for pilot months; else null"),
            column("run_id", "the run that made the row")));

    private static final String M = Months.MONTH;
    /** The days after a first attendance in which an activity makes the person active (day 90 counts). */
    public static final int FIRST_ATTENDANCE_WINDOW_DAYS = 90;

    private SeatMonth() {}

    public static Dataset<Row> compute(SparkSession spark, CuratedTables curated, MetricSettings settings) {
        Dataset<Row> months = Months.of(spark, settings);
        Dataset<Row> seats = curated.table(Source.SEATS).select(Columns.SEAT_CODE, "seat_name", "region");
        Dataset<Row> volunteers = VolunteerFacts.of(curated);
        Dataset<Row> grid = seats.crossJoin(broadcast(months));
        Dataset<Row> out = grid
                .join(recruitedAndTrained(volunteers), joinColumns(List.of(Columns.SEAT_CODE, M)), "left")
                .join(helperPool(volunteers, months), joinColumns(List.of(Columns.SEAT_CODE, M)), "left")
                .join(activity(curated, volunteers, settings), joinColumns(List.of(Columns.SEAT_CODE, M)), "left")
                .join(aidReceived(curated, volunteers, settings), joinColumns(List.of(Columns.SEAT_CODE, M)), "left")
                .join(becameMembers(volunteers, curated), joinColumns(List.of(Columns.SEAT_CODE, M)), "left")
                .join(contacts(curated, settings), joinColumns(List.of(Columns.SEAT_CODE, M)), "left")
                .join(events(curated, settings), joinColumns(List.of(Columns.SEAT_CODE, M)), "left")
                .join(signups(curated, settings), joinColumns(List.of(Columns.SEAT_CODE, M)), "left")
                .join(firstAttendances(curated, settings), joinColumns(List.of(Columns.SEAT_CODE, M)), "left")
                .join(firstAttendancesActive(curated, settings), joinColumns(List.of(Columns.SEAT_CODE, M)), "left")
                .join(communications(curated, settings), joinColumns(List.of(Columns.SEAT_CODE, M)), "left")
                .join(pilotWindows(curated, months), joinColumns(List.of(Columns.SEAT_CODE, M)), "left");
        return out.select(
                col(Columns.SEAT_CODE), col(M), col("seat_name"), col("region"),
                zero("recruited"), zero("trained"), zero("helper_pool"), zero("trained_to_date"),
                zero("active"), zero("active_90d"),
                ratio(zero("active_90d"), zero("helper_pool")).as("activation_rate"),
                ratio(col("retained"), col("retention_base")).as("retention_3m"),
                ratio(zero("non_members"), zero("helper_pool")).as("non_member_share"),
                ratio(zero("off_register"), zero("helper_pool")).as("off_register_share"),
                zero("became_members"),
                zeroDouble("volunteer_hours"), zeroDouble("aid_hours_given"), zeroDouble("aid_hours_received"),
                zero("attempts"), zero("contacts"), zero("conversations"),
                ratio(zero("conversations"), zero("contacts")).as("conversation_rate"),
                zero("promises_identified"), zero("issues_raised"),
                zero("events_held"), zero("event_attendance"),
                zero("signups"), zero("signups_attended"), zero("signups_no_show"), zero("signups_cancelled"),
                flakeRate(zero("signups_attended"), zero("signups_no_show")).as("flake_rate"),
                zero("first_attendances"), zero("first_attendances_90_days_ended"), zero("first_attendances_active_90_days"),
                ratio(zero("first_attendances_active_90_days"), zero("first_attendances_90_days_ended")).as("first_attendances_active_rate"),
                zero("comms_recipients"),
                coalesce(col("pilot"), lit(false)).as("pilot"),
                col("target_recruits"), col("target_trained"),
                lit(settings.runId()).as("run_id"));
    }

    /** recruited and trained: volunteers by the month of recruited_on / of their first counting completion. */
    private static Dataset<Row> recruitedAndTrained(Dataset<Row> volunteers) {
        Dataset<Row> recruited = volunteers.groupBy(col(Columns.SEAT_CODE), trunc(col("recruited_on"), "MM").as(M))
                .agg(count(lit(1)).as("recruited"));
        Dataset<Row> trained = volunteers.where(col("trained_on").isNotNull())
                .groupBy(col(Columns.SEAT_CODE), trunc(col("trained_on"), "MM").as(M)).agg(count(lit(1)).as("trained"));
        return recruited.join(trained, joinColumns(List.of(Columns.SEAT_CODE, M)), "full");
    }

    /** helper_pool, trained_to_date, non_members and off_register at the end of each month. */
    private static Dataset<Row> helperPool(Dataset<Row> volunteers, Dataset<Row> months) {
        Column endOfMonth = last_day(col(M));
        Dataset<Row> pool = volunteers.crossJoin(broadcast(months)).where(col("recruited_on").leq(endOfMonth));
        Column currentMember = VolunteerFacts.currentMemberAt("last_day(" + M + ")");
        return pool.groupBy(Columns.SEAT_CODE, M).agg(
                count(lit(1)).as("helper_pool"),
                count(when(col("trained_on").leq(endOfMonth), true)).as("trained_to_date"),
                count(when(not(currentMember), true)).as("non_members"),
                count(when(not(col("on_register")), true)).as("off_register"));
    }

    /** active, active_90d, retention, hours given and worked: from activities by home seat. */
    private static Dataset<Row> activity(CuratedTables curated, Dataset<Row> volunteers, MetricSettings settings) {
        Dataset<Row> acts = curated.table(Source.ACTIVITIES)
                .where(col(M).geq(lit(settings.fromMonth().minusMonths(3))).and(col(M).leq(lit(settings.toMonth()))))
                .join(broadcast(volunteers.select(col("volunteer_key"), col(Columns.SEAT_CODE).as("home_seat"))), "volunteer_key")
                .select(col("volunteer_key"), col("home_seat"), col(Columns.SEAT_CODE).as("work_seat"), col(M), col("hours"));
        Dataset<Row> activeMonths = acts.select("volunteer_key", "home_seat", M).distinct();
        Dataset<Row> active = activeMonths.groupBy(col("home_seat"), col(M)).agg(count(lit(1)).as("active"));
        // A month of activity counts towards the 90-day window of itself and the next two months.
        Dataset<Row> active90 = activeMonths
                .select(col("volunteer_key"), col("home_seat"), explode(array(col(M), add_months(col(M), 1), add_months(col(M), 2))).as(M))
                .distinct().groupBy("home_seat", M).agg(count(lit(1)).as("active_90d"));
        // Retention at m: base = active in m-3; retained = of those, active in m-2, m-1 or m.
        Dataset<Row> base = activeMonths.select(col("volunteer_key"), col("home_seat"), add_months(col(M), 3).as(M));
        Dataset<Row> again = activeMonths
                .select(col("volunteer_key"), explode(array(col(M), add_months(col(M), 1), add_months(col(M), 2))).as(M))
                .distinct().withColumn("again", lit(true));
        Dataset<Row> retention = base.join(again, joinColumns(List.of("volunteer_key", M)), "left")
                .groupBy("home_seat", M).agg(count(lit(1)).as("retention_base"), count(col("again")).as("retained"));
        Dataset<Row> hours = acts.groupBy("home_seat", M).agg(
                sum("hours").as("volunteer_hours"),
                sum(when(col("work_seat").notEqual(col("home_seat")), col("hours"))).as("aid_hours_given"));
        return active.join(active90, joinColumns(List.of("home_seat", M)), "full")
                .join(retention, joinColumns(List.of("home_seat", M)), "full")
                .join(hours, joinColumns(List.of("home_seat", M)), "full")
                .withColumnRenamed("home_seat", Columns.SEAT_CODE);
    }

    private static Dataset<Row> aidReceived(CuratedTables curated, Dataset<Row> volunteers, MetricSettings settings) {
        return inRun(curated.table(Source.ACTIVITIES), settings)
                .join(broadcast(volunteers.select(col("volunteer_key"), col(Columns.SEAT_CODE).as("home_seat"))), "volunteer_key")
                .where(col("home_seat").notEqual(col(Columns.SEAT_CODE)))
                .groupBy(Columns.SEAT_CODE, M).agg(sum("hours").as("aid_hours_received"));
    }

    /** Volunteers not current members when recruited who have a linked membership joined in the month. */
    private static Dataset<Row> becameMembers(Dataset<Row> volunteers, CuratedTables curated) {
        Dataset<Row> memberships = VolunteerFacts.memberships(curated);
        return volunteers.where(not(col("member_at_recruitment")))
                .join(memberships, "person_key")
                .select(col(Columns.SEAT_CODE), col("volunteer_key"), trunc(col("joined_on"), "MM").as(M)).distinct()
                .groupBy(Columns.SEAT_CODE, M).agg(count(lit(1)).as("became_members"));
    }

    private static Dataset<Row> contacts(CuratedTables curated, MetricSettings settings) {
        Column reached = col("intention").notEqual(Codes.NOT_HOME);
        return inRun(curated.table(Source.CONTACTS), settings).groupBy(Columns.SEAT_CODE, M).agg(
                count(lit(1)).as("attempts"),
                count(when(reached, true)).as("contacts"),
                count(when(reached.and(col("conversation").equalTo(true)), true)).as("conversations"),
                countDistinct(when(col("intention").equalTo(settings.ownParty()), col("elector_key"))).as("promises_identified"),
                count(when(reached.and(col("issue_code").isNotNull()), true)).as("issues_raised"));
    }

    private static Dataset<Row> events(CuratedTables curated, MetricSettings settings) {
        return inRun(curated.table(Source.EVENTS), settings).groupBy(Columns.SEAT_CODE, M)
                .agg(count(lit(1)).as("events_held"), sum("attendees").as("event_attendance"));
    }

    /**
     * signups and their statuses, by the seat and month of their event (the event gives both): a sign-up
     * joins the run's events on event_id, so one whose event is not in events counts nowhere.
     */
    private static Dataset<Row> signups(CuratedTables curated, MetricSettings settings) {
        Dataset<Row> events = inRun(curated.table(Source.EVENTS), settings).select("event_id", Columns.SEAT_CODE, M);
        Column status = col("status");
        return curated.table(Source.EVENT_SIGNUPS).select("event_id", "status")
                .join(events, "event_id")
                .groupBy(Columns.SEAT_CODE, M).agg(
                        count(lit(1)).as("signups"),
                        count(when(status.equalTo(Codes.SIGNUP_ATTENDED), true)).as("signups_attended"),
                        count(when(status.equalTo(Codes.SIGNUP_NO_SHOW), true)).as("signups_no_show"),
                        count(when(status.equalTo(Codes.SIGNUP_CANCELLED), true)).as("signups_cancelled"));
    }

    /** No-shows over the sign-ups with an outcome recorded (attended or no-show); null when there is none. */
    static Column flakeRate(Column attended, Column noShow) {
        return ratio(noShow, attended.plus(noShow));
    }

    /**
     * Each person's first ATTENDED event over every event the warehouse holds (history before --from
     * included): person_key, first_attended_on, seat_code (the event's). Two on one day: the smaller event_id.
     */
    static Dataset<Row> firstAttendance(CuratedTables curated) {
        Dataset<Row> events = curated.table(Source.EVENTS).select("event_id", Columns.SEAT_CODE, "event_date");
        Dataset<Row> first = curated.table(Source.EVENT_SIGNUPS).where(col("status").equalTo(Codes.SIGNUP_ATTENDED))
                .select("event_id", "person_key")
                .join(events, "event_id")
                .groupBy("person_key").agg(min(struct(col("event_date"), col("event_id"), col(Columns.SEAT_CODE))).as("first"));
        return first.select(col("person_key"), col("first.event_date").as("first_attended_on"), col("first.seat_code").as(Columns.SEAT_CODE));
    }

    /** first_attendances: people whose first ATTENDED event is in the seat and month. */
    private static Dataset<Row> firstAttendances(CuratedTables curated, MetricSettings settings) {
        return firstAttendance(curated).withColumn(M, trunc(col("first_attended_on"), "MM"))
                .where(col(M).geq(lit(settings.fromMonth())).and(col(M).leq(lit(settings.toMonth()))))
                .groupBy(Columns.SEAT_CODE, M).agg(count(lit(1)).as("first_attendances"));
    }

    /**
     * first_attendances_90_days_ended and first_attendances_active_90_days: the first attendances whose
     * 90 days end in the month (so each row uses only activities dated up to the end of its month), and
     * of those the people with an activity from the event day to day 90.
     */
    private static Dataset<Row> firstAttendancesActive(CuratedTables curated, MetricSettings settings) {
        Dataset<Row> ended = firstAttendance(curated)
                .withColumn("window_end", date_add(col("first_attended_on"), FIRST_ATTENDANCE_WINDOW_DAYS))
                .withColumn(M, trunc(col("window_end"), "MM"))
                .where(col(M).geq(lit(settings.fromMonth())).and(col(M).leq(lit(settings.toMonth()))));
        // the windows end in the run's months, so they start no earlier than 90 days before its first month
        Dataset<Row> activities = curated.table(Source.ACTIVITIES)
                .where(col(M).geq(lit(settings.fromMonth().minusMonths(4))).and(col(M).leq(lit(settings.toMonth()))))
                .select(col("volunteer_key").as("person_key"), col("activity_date"));
        Dataset<Row> active = ended.join(activities, "person_key")
                .where(col("activity_date").geq(col("first_attended_on")).and(col("activity_date").leq(col("window_end"))))
                .select("person_key").distinct().withColumn("active_in_window", lit(true));
        return ended.join(active, joinColumns(List.of("person_key")), "left")
                .groupBy(Columns.SEAT_CODE, M).agg(
                        count(lit(1)).as("first_attendances_90_days_ended"),
                        count(col("active_in_window")).as("first_attendances_active_90_days"));
    }

    private static Dataset<Row> communications(CuratedTables curated, MetricSettings settings) {
        return inRun(curated.table(Source.COMMUNICATIONS), settings).groupBy(Columns.SEAT_CODE, M)
                .agg(sum("recipients").as("comms_recipients"));
    }

    /** pilot and targets for the months inside a selected seat's window (the first cohort by name when two overlap). */
    private static Dataset<Row> pilotWindows(CuratedTables curated, Dataset<Row> months) {
        return PilotWindows.seatMonths(curated, months)
                .groupBy(Columns.SEAT_CODE, M).agg(
                        lit(true).as("pilot"),
                        min_by(col("target_recruits_per_month"), col("cohort")).as("target_recruits"),
                        min_by(col("target_trained_per_month"), col("cohort")).as("target_trained"));
    }

    static Dataset<Row> inRun(Dataset<Row> fact, MetricSettings settings) {
        return fact.where(col(M).geq(lit(settings.fromMonth())).and(col(M).leq(lit(settings.toMonth()))));
    }

    private static Column zero(String name) {
        return coalesce(col(name), lit(0L)).as(name);
    }

    private static Column zeroDouble(String name) {
        return coalesce(col(name).cast("double"), lit(0.0)).as(name);
    }
}
