package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.*;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Links volunteers, members and electors into one pseudonymous person (ARCHITECTURE.md,
 * Identity resolution). Rules, strongest first:
 * <ol>
 *   <li>{@code id}: the ids a row carries (a volunteer's elector_id and member_id, a member's elector_id),
 *       when the named member or elector exists;</li>
 *   <li>{@code email}: the same normalised email on a volunteer and a member, or on two volunteers...;</li>
 *   <li>{@code phone}: the same normalised phone;</li>
 *   <li>{@code name_postcode}: the same normalised first name, last name and postcode (electors included).</li>
 * </ol>
 * A match value (an email, a phone, a name + postcode) carried by two different ids of the same
 * source is ambiguous (a couple sharing an email, two electors of one name at one address) and
 * links nothing; such values are counted. Links are made in rule order and are transitive (a
 * volunteer whose row has no member_id but whose elector_id belongs to a member is that member).
 * Deterministic: the person key is a hash of the smallest id key in the person.
 *
 * <p>Works on keyed hashes only; the plain values never reach this class.
 */
public final class IdentityResolution {
    public static final String VOLUNTEER = "volunteer";
    public static final String MEMBER = "member";
    public static final String ELECTOR = "elector";
    public static final List<String> RULES = List.of("id", "email", "phone", "name_postcode");

    public static final StructType LINKS_SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("entity", DataTypes.StringType, false),
            DataTypes.createStructField("id_key", DataTypes.StringType, false),
            DataTypes.createStructField("person_key", DataTypes.StringType, false),
            DataTypes.createStructField("rule", DataTypes.StringType, true)));

    public static final TableDoc MATCH_TABLE = new TableDoc("identity_match",
            "one row per run per identity rule", List.of("run_id", "rule"), List.of(
            TableDoc.column("rule", "the identity rule: id, email, phone or name_postcode, in the order they are applied"),
            TableDoc.column("rule_order", "1 for the strongest rule (the ids a row carries) to 4 (name + postcode)"),
            TableDoc.column("links", "records joined into a person by this rule (and by no stronger one)"),
            TableDoc.column("volunteers_linked_to_member", "volunteers who first got a membership through this rule"),
            TableDoc.column("volunteers_linked_to_elector", "volunteers who were first placed on the register through this rule"),
            TableDoc.column("ambiguous_values", "match values of this rule carried by two different ids of one source, so not used"),
            TableDoc.column("volunteers", "volunteers in the run (the same on every row)"),
            TableDoc.column("volunteers_not_member", "volunteers with no linked membership row at all"),
            TableDoc.column("volunteers_off_register", "volunteers with no link to an elector on the register"),
            TableDoc.column("run_id", "the run that made the row")));

    /** The links (restricted zone) and the match counts (metrics). */
    public record Result(Dataset<Row> links, Dataset<Row> matchCounts) {}

    private IdentityResolution() {}

    /**
     * @param volunteers volunteer_key, elector_key, member_key, email_key, phone_key, name_postcode_key
     * @param members    member_key, elector_key, email_key, phone_key, name_postcode_key
     * @param electors   elector_key, name_postcode_key
     */
    public static Result resolve(SparkSession spark, Dataset<Row> volunteers, Dataset<Row> members,
                                 Dataset<Row> electors, String runId) {
        Dataset<Row> v = volunteers.select(concat(lit("v:"), col("volunteer_key")).as("node"),
                col("elector_key"), col("member_key"), col("email_key"), col("phone_key"), col("name_postcode_key"));
        Dataset<Row> m = members.select(concat(lit("m:"), col("member_key")).as("node"),
                col("elector_key"), col("email_key"), col("phone_key"), col("name_postcode_key"));
        Dataset<Row> memberNodes = m.select("node");
        // Electors only matter when something points at them: keep the few linked ones, not the register.
        Dataset<Row> electorIds = electors.select(concat(lit("e:"), col("elector_key")).as("node"), col("name_postcode_key"));
        Dataset<Row> wantedNamePostcodes = v.select("name_postcode_key").union(m.select("name_postcode_key"))
                .where(col("name_postcode_key").isNotNull()).distinct();
        Dataset<Row> wantedElectors = v.select(concat(lit("e:"), col("elector_key")).as("node"))
                .union(m.select(concat(lit("e:"), col("elector_key")).as("node"))).where(col("node").isNotNull()).distinct();
        Dataset<Row> e = electorIds.join(broadcast(wantedElectors), "node")
                .union(electorIds.join(broadcast(wantedNamePostcodes), "name_postcode_key").select("node", "name_postcode_key"))
                .distinct();
        Dataset<Row> electorNodes = e.select("node").distinct();

        List<Row> edges = new ArrayList<>();
        // Rule 1: the ids a row carries, when the member / elector exists.
        edges.addAll(idEdges(v.select(col("node"), concat(lit("e:"), col("elector_key")).as("other")), electorNodes));
        edges.addAll(idEdges(v.select(col("node"), concat(lit("m:"), col("member_key")).as("other")), memberNodes));
        edges.addAll(idEdges(m.select(col("node"), concat(lit("e:"), col("elector_key")).as("other")), electorNodes));
        Map<String, Long> ambiguous = new LinkedHashMap<>();
        ambiguous.put("id", 0L);
        for (String rule : List.of("email", "phone", "name_postcode")) {
            String keyColumn = rule + "_key";
            Dataset<Row> carriers = v.select(col("node"), col(keyColumn).as("value"), lit("v").as("src"))
                    .union(m.select(col("node"), col(keyColumn).as("value"), lit("m").as("src")));
            if (rule.equals("name_postcode")) {
                carriers = carriers.union(e.select(col("node"), col("name_postcode_key").as("value"), lit("e").as("src")));
            }
            carriers = carriers.where(col("value").isNotNull()).distinct();
            Dataset<Row> bad = carriers.groupBy("src", "value").agg(countDistinct("node").as("n")).where(col("n").gt(1))
                    .select("value").distinct();
            ambiguous.put(rule, bad.count());
            Dataset<Row> usable = carriers.join(bad, SeatMonth.scala(List.of("value")), "left_anti");
            // A star per value: every carrier to the smallest carrier of the same value.
            Dataset<Row> star = usable.groupBy("value").agg(min("node").as("hub"), collect_set("node").as("nodes"))
                    .select(col("hub"), explode(col("nodes")).as("other")).where(col("hub").notEqual(col("other")));
            for (Row r : star.orderBy("hub", "other").collectAsList()) {
                edges.add(RowFactory.create(rule, r.getString(0), r.getString(1)));
            }
        }

        List<String> volunteerNodes = v.select("node").orderBy("node").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        UnionFind uf = new UnionFind();
        volunteerNodes.forEach(uf::add);
        memberNodes.orderBy("node").as(org.apache.spark.sql.Encoders.STRING()).collectAsList().forEach(uf::add);
        Map<String, long[]> perRule = new LinkedHashMap<>();
        RULES.forEach(r -> perRule.put(r, new long[3]));
        for (Row edge : edges) {
            uf.add(edge.getString(1));
            uf.add(edge.getString(2));
            long[] counts = perRule.get(edge.getString(0));
            UnionFind.Merge merge = uf.union(edge.getString(1), edge.getString(2), edge.getString(0));
            if (merge != null) {
                counts[0]++;
                counts[1] += merge.volunteersGainingMember();
                counts[2] += merge.volunteersGainingElector();
            }
        }

        List<Row> links = new ArrayList<>();
        for (String node : uf.nodes()) {
            String entity = switch (node.charAt(0)) {
                case 'v' -> VOLUNTEER;
                case 'm' -> MEMBER;
                default -> ELECTOR;
            };
            links.add(RowFactory.create(entity, node.substring(2), personKey(uf.find(node)), uf.ruleOf(node)));
        }
        long volunteerCount = volunteerNodes.size();
        long notMember = volunteerNodes.stream().filter(n -> !uf.hasMember(n)).count();
        long offRegister = volunteerNodes.stream().filter(n -> !uf.hasElector(n)).count();
        List<Row> matchRows = new ArrayList<>();
        for (int i = 0; i < RULES.size(); i++) {
            String rule = RULES.get(i);
            long[] c = perRule.get(rule);
            matchRows.add(RowFactory.create(rule, i + 1, c[0], c[1], c[2], ambiguous.get(rule),
                    volunteerCount, notMember, offRegister, runId));
        }
        return new Result(spark.createDataFrame(links, LINKS_SCHEMA), spark.createDataFrame(matchRows, matchSchema()));
    }

    private static List<Row> idEdges(Dataset<Row> pairs, Dataset<Row> existing) {
        List<Row> out = new ArrayList<>();
        Dataset<Row> kept = pairs.where(col("other").isNotNull())
                .join(existing.withColumnRenamed("node", "other"), "other")
                .select("node", "other").distinct().orderBy("node", "other");
        for (Row r : kept.collectAsList()) {
            out.add(RowFactory.create("id", r.getString(0), r.getString(1)));
        }
        return out;
    }

    static StructType matchSchema() {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField("rule", DataTypes.StringType, false),
                DataTypes.createStructField("rule_order", DataTypes.IntegerType, false),
                DataTypes.createStructField("links", DataTypes.LongType, false),
                DataTypes.createStructField("volunteers_linked_to_member", DataTypes.LongType, false),
                DataTypes.createStructField("volunteers_linked_to_elector", DataTypes.LongType, false),
                DataTypes.createStructField("ambiguous_values", DataTypes.LongType, false),
                DataTypes.createStructField("volunteers", DataTypes.LongType, false),
                DataTypes.createStructField("volunteers_not_member", DataTypes.LongType, false),
                DataTypes.createStructField("volunteers_off_register", DataTypes.LongType, false),
                DataTypes.createStructField("run_id", DataTypes.StringType, false)));
    }

    static String personKey(String root) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("person|" + root).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Union-find over node ids ("v:", "m:", "e:" + key), the smallest id as the root, keeping per
     * root how many volunteers it holds and whether it has a member and an elector.
     */
    static final class UnionFind {
        record Merge(long volunteersGainingMember, long volunteersGainingElector) {}

        private final Map<String, String> parent = new HashMap<>();
        private final Map<String, long[]> roots = new HashMap<>(); // volunteers, hasMember, hasElector
        private final Map<String, String> rule = new LinkedHashMap<>();
        private final List<String> order = new ArrayList<>();

        void add(String node) {
            if (parent.putIfAbsent(node, node) == null) {
                order.add(node);
                char kind = node.charAt(0);
                roots.put(node, new long[] {kind == 'v' ? 1 : 0, kind == 'm' ? 1 : 0, kind == 'e' ? 1 : 0});
            }
        }

        String find(String node) {
            String root = node;
            while (!parent.get(root).equals(root)) {
                root = parent.get(root);
            }
            for (String n = node; !n.equals(root); ) {
                String next = parent.get(n);
                parent.put(n, root);
                n = next;
            }
            return root;
        }

        /** Joins the persons of a and b; records the rule of the first edge that touches each node. */
        Merge union(String a, String b, String byRule) {
            rule.putIfAbsent(a, byRule);
            rule.putIfAbsent(b, byRule);
            String ra = find(a);
            String rb = find(b);
            if (ra.equals(rb)) {
                return null;
            }
            long[] x = roots.get(ra);
            long[] y = roots.get(rb);
            long gainMember = (x[1] > 0 && y[1] == 0 ? y[0] : 0) + (y[1] > 0 && x[1] == 0 ? x[0] : 0);
            long gainElector = (x[2] > 0 && y[2] == 0 ? y[0] : 0) + (y[2] > 0 && x[2] == 0 ? x[0] : 0);
            String root = ra.compareTo(rb) < 0 ? ra : rb;
            String child = root.equals(ra) ? rb : ra;
            parent.put(child, root);
            roots.put(root, new long[] {x[0] + y[0], Math.max(x[1], y[1]), Math.max(x[2], y[2])});
            roots.remove(child);
            return new Merge(gainMember, gainElector);
        }

        boolean hasMember(String node) {
            return roots.get(find(node))[1] > 0;
        }

        boolean hasElector(String node) {
            return roots.get(find(node))[2] > 0;
        }

        String ruleOf(String node) {
            return rule.get(node);
        }

        List<String> nodes() {
            return order;
        }
    }
}
