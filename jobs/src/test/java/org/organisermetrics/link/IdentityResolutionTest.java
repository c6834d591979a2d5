package org.organisermetrics.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.organisermetrics.testing.SharedSpark;

/**
 * Identity resolution by rule order, on keys written by hand (the real keys are hashes; the rules
 * only compare them). Cast:
 * <ul>
 *   <li>v1 carries elector e1; member m1 carries e1 too: v1 is m1 through the elector id (rule id).</li>
 *   <li>v2 shares email x@ with member m2 (rule email).</li>
 *   <li>v3 shares phone 0771 with member m3 (rule phone).</li>
 *   <li>v4 shares name+postcode np4 with elector e4 (rule name_postcode).</li>
 *   <li>v5 and v6 share email shared@ (a couple): ambiguous, so neither links to member m5 with it.</li>
 *   <li>v7 is nobody else.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityResolutionTest {
    private final Map<String, String> personOf = new HashMap<>();
    private final Map<String, String> ruleOf = new HashMap<>();
    private final Map<String, Row> matchByRule = new HashMap<>();

    private static StructType strings(String... names) {
        return DataTypes.createStructType(Arrays.stream(names)
                .map(n -> DataTypes.createStructField(n, DataTypes.StringType, true)).toList());
    }

    @BeforeAll
    void resolve() {
        SparkSession spark = SharedSpark.session();
        Dataset<Row> volunteers = spark.createDataFrame(List.of(
                RowFactory.create("v1", "e1", null, null, null, null),
                RowFactory.create("v2", null, null, "x@", null, null),
                RowFactory.create("v3", null, null, null, "0771", null),
                RowFactory.create("v4", null, null, null, null, "np4"),
                RowFactory.create("v5", null, null, "shared@", null, null),
                RowFactory.create("v6", null, null, "shared@", null, null),
                RowFactory.create("v7", null, null, null, null, null)),
                strings("volunteer_key", "elector_key", "member_key", "email_key", "phone_key", "name_postcode_key"));
        Dataset<Row> members = spark.createDataFrame(List.of(
                RowFactory.create("m1", "e1", null, null, null),
                RowFactory.create("m2", null, "x@", null, null),
                RowFactory.create("m3", null, null, "0771", null),
                RowFactory.create("m5", null, "shared@", null, null)),
                strings("member_key", "elector_key", "email_key", "phone_key", "name_postcode_key"));
        Dataset<Row> electors = spark.createDataFrame(List.of(
                RowFactory.create("e1", "np1"),
                RowFactory.create("e4", "np4"),
                RowFactory.create("e9", "np9")),
                strings("elector_key", "name_postcode_key"));
        IdentityResolution.Result r = IdentityResolution.resolve(spark, volunteers, members, electors, "run-1");
        for (Row link : r.links().collectAsList()) {
            personOf.put(link.getString(1), link.getString(2));
            ruleOf.put(link.getString(1), link.getString(3));
        }
        r.matchCounts().collectAsList().forEach(m -> matchByRule.put(m.getString(0), m));
    }

    @Test
    void aVolunteerWithoutMemberIdIsTheMemberWhoseElectorIdTheyCarry() {
        assertEquals(personOf.get("v1"), personOf.get("m1"));
        assertEquals(personOf.get("v1"), personOf.get("e1"));
        assertEquals("id", ruleOf.get("v1"));
    }

    @Test
    void emailThenPhoneThenNameAndPostcodeLinkInThatOrder() {
        assertEquals(personOf.get("v2"), personOf.get("m2"));
        assertEquals("email", ruleOf.get("v2"));
        assertEquals(personOf.get("v3"), personOf.get("m3"));
        assertEquals("phone", ruleOf.get("v3"));
        assertEquals(personOf.get("v4"), personOf.get("e4"));
        assertEquals("name_postcode", ruleOf.get("v4"));
    }

    @Test
    void aMatchValueSharedByTwoIdsOfOneSourceLinksNobody() {
        assertNotEquals(personOf.get("v5"), personOf.get("v6"));
        assertNotEquals(personOf.get("v5"), personOf.get("m5"));
        assertEquals(1L, matchByRule.get("email").<Long>getAs("ambiguous_values"));
    }

    @Test
    void matchCountsPerRule() {
        // Links made: id: v1-e1, v1-m1 (m1-e1 then joins nothing new) = 2; email: v2-m2 = 1; phone: v3-m3 = 1;
        // name_postcode: v4-e4 = 1 (e1's np1 matches no volunteer or member name key).
        assertEquals(2L, matchByRule.get("id").<Long>getAs("links"));
        assertEquals(1L, matchByRule.get("email").<Long>getAs("links"));
        assertEquals(1L, matchByRule.get("phone").<Long>getAs("links"));
        assertEquals(1L, matchByRule.get("name_postcode").<Long>getAs("links"));
        // Volunteers gaining a member: v1 by id, v2 by email, v3 by phone; an elector: v1 by id, v4 by name_postcode.
        assertEquals(1L, matchByRule.get("id").<Long>getAs("volunteers_linked_to_member"));
        assertEquals(1L, matchByRule.get("phone").<Long>getAs("volunteers_linked_to_member"));
        assertEquals(1L, matchByRule.get("name_postcode").<Long>getAs("volunteers_linked_to_elector"));
        // 7 volunteers; not members: v4, v5, v6, v7 = 4; off the register: all but v1, v4 = 5.
        Row any = matchByRule.get("id");
        assertEquals(7L, any.<Long>getAs("volunteers"));
        assertEquals(4L, any.<Long>getAs("volunteers_not_member"));
        assertEquals(5L, any.<Long>getAs("volunteers_off_register"));
    }
}
