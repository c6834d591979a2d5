package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.organisermetrics.contract.Columns;
import org.organisermetrics.contract.Source;
import org.organisermetrics.link.IdentityResolution;

/**
 * One row per volunteer with what the monthly metrics ask of them: home seat, recruited_on,
 * trained_on (first completed session of a course that counts as organiser training), the person
 * identity resolution placed them in, whether that person links to an elector, and the person's
 * memberships (METRICS.md shared rules: a volunteer's memberships are the members rows linked to
 * the same person).
 */
final class VolunteerFacts {
    private VolunteerFacts() {}

    /** volunteer_key, seat_code, recruited_on, organiser_id, trained_on, person_key, on_register, memberships, member_at_recruitment. */
    static Dataset<Row> of(CuratedTables curated) {
        Dataset<Row> links = curated.personLinks();
        Dataset<Row> volunteerPerson = links.where(col("entity").equalTo(IdentityResolution.VOLUNTEER))
                .select(col("id_key").as("volunteer_key"), col("person_key"));
        Dataset<Row> onRegister = links.where(col("entity").equalTo(IdentityResolution.ELECTOR))
                .select("person_key").distinct().withColumn("on_register", lit(true));
        Dataset<Row> memberships = memberships(curated).groupBy("person_key")
                .agg(collect_list(struct(col("joined_on"), col("lapsed_on"))).as("memberships"));
        return curated.table(Source.VOLUNTEERS)
                .select("volunteer_key", Columns.SEAT_CODE, "recruited_on", "organiser_id")
                .join(firstTrained(curated), scalaSeq("volunteer_key"), "left")
                .join(volunteerPerson, scalaSeq("volunteer_key"), "left")
                .withColumn("person_key", coalesce(col("person_key"), concat(lit("v:"), col("volunteer_key"))))
                .join(onRegister, scalaSeq("person_key"), "left")
                .join(memberships, scalaSeq("person_key"), "left")
                .withColumn("on_register", coalesce(col("on_register"), lit(false)))
                .withColumn("memberships", coalesce(col("memberships"),
                        array().cast("array<struct<joined_on:date,lapsed_on:date>>")))
                .withColumn("member_at_recruitment", currentMemberAt("recruited_on"));
    }

    /** The members rows linked to each person: person_key, member_key, joined_on, lapsed_on. */
    static Dataset<Row> memberships(CuratedTables curated) {
        Dataset<Row> memberPerson = curated.personLinks().where(col("entity").equalTo(IdentityResolution.MEMBER))
                .select(col("id_key").as("member_key"), col("person_key"));
        return curated.table(Source.MEMBERS).select("member_key", "joined_on", "lapsed_on")
                .join(memberPerson, "member_key");
    }

    /** True when one of the row's memberships is current at the date (SQL expression): joined_on <= d and (lapsed_on null or > d). */
    static Column currentMemberAt(String dateExpression) {
        String d = "(" + dateExpression + ")";
        return expr("exists(memberships, x -> x.joined_on <= " + d + " AND (x.lapsed_on IS NULL OR x.lapsed_on > " + d + "))");
    }

    private static Dataset<Row> firstTrained(CuratedTables curated) {
        Dataset<Row> counting = curated.table(Source.COURSES).where(col("counts_as_trained")).select("course_code");
        return curated.table(Source.TRAINING).where(col("completed"))
                .join(broadcast(counting), "course_code")
                .groupBy("volunteer_key").agg(min("session_date").as("trained_on"));
    }

    private static scala.collection.immutable.Seq<String> scalaSeq(String name) {
        return MetricColumns.joinColumns(java.util.List.of(name));
    }
}
