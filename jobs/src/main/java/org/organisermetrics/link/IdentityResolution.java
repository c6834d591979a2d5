package org.organisermetrics.link;

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
import org.organisermetrics.warehouse.TableDoc;

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
            "one row per run per identity rule", List.of("run_id", "rule"), TableDoc.Partitioning.RUN_ID, TableDoc.schema("""
                    rule STRING NOT NULL, rule_order INT NOT NULL, links BIGINT NOT NULL,
                    volunteers_linked_to_member BIGINT NOT NULL, volunteers_linked_to_elector BIGINT NOT NULL,
                    ambiguous_values BIGINT NOT NULL, volunteers BIGINT NOT NULL,
                    volunteers_not_member BIGINT NOT NULL, volunteers_off_register BIGINT NOT NULL,
                    run_id STRING NOT NULL
                    """), List.of(
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

    /** The sources the links are resolved from: when a run reuses all three unchanged, the published links stand. */
    public static final java.util.Set<org.organisermetrics.contract.Source> INPUTS = java.util.EnumSet.of(
            org.organisermetrics.contract.Source.VOLUNTEERS, org.organisermetrics.contract.Source.MEMBERS,
            org.organisermetrics.contract.Source.ELECTORS);

    private IdentityResolution() {}

    /**
     * @param volunteers volunteer_key, elector_key, member_key, email_key, phone_key, name_postcode_key
     * @param members    member_key, elector_key, email_key, phone_key, name_postcode_key
     * @param electors   elector_key, name_postcode_key
     */
    public static Result resolve(SparkSession spark, Dataset<Row> volunteers, Dataset<Row> members,
                                 Dataset<Row> electors, String runId) {
        // Volunteers and members are small (about 100,000 and 400,000 nationally): match them on the
        // driver. Electors (48 million) stay in Spark; only those something points at come back.
        List<Row> v = volunteers.select("volunteer_key", "elector_key", "member_key", "email_key", "phone_key",
                "name_postcode_key").collectAsList();
        List<Row> m = members.select("member_key", "elector_key", "email_key", "phone_key", "name_postcode_key")
                .collectAsList();
        java.util.Set<String> wantedElectors = new java.util.TreeSet<>();
        java.util.Set<String> wantedNames = new java.util.TreeSet<>();
        v.forEach(r -> { addIfSet(wantedElectors, r.getString(1)); addIfSet(wantedNames, r.getString(5)); });
        m.forEach(r -> { addIfSet(wantedElectors, r.getString(1)); addIfSet(wantedNames, r.getString(4)); });
        Dataset<Row> wanted = spark.createDataset(new ArrayList<>(wantedElectors), org.apache.spark.sql.Encoders.STRING()).toDF("k");
        Dataset<Row> wantedN = spark.createDataset(new ArrayList<>(wantedNames), org.apache.spark.sql.Encoders.STRING()).toDF("k");
        Dataset<Row> electorsSeen = electors.select("elector_key", "name_postcode_key");
        List<Row> e = electorsSeen.join(broadcast(wanted), electorsSeen.col("elector_key").equalTo(col("k")), "left_semi")
                .union(electorsSeen.join(broadcast(wantedN), electorsSeen.col("name_postcode_key").equalTo(col("k")), "left_semi"))
                .distinct().collectAsList();

        java.util.Set<String> memberIds = new java.util.HashSet<>();
        m.forEach(r -> memberIds.add("m:" + r.getString(0)));
        java.util.Set<String> electorIds = new java.util.HashSet<>();
        e.forEach(r -> electorIds.add("e:" + r.getString(0)));

        List<String[]> edges = new ArrayList<>();
        // Rule 1: the ids a row carries, when the member / elector exists.
        List<String[]> ids = new ArrayList<>();
        for (Row r : v) {
            String node = "v:" + r.getString(0);
            if (r.getString(1) != null && electorIds.contains("e:" + r.getString(1))) {
                ids.add(new String[] {"id", node, "e:" + r.getString(1)});
            }
            if (r.getString(2) != null && memberIds.contains("m:" + r.getString(2))) {
                ids.add(new String[] {"id", node, "m:" + r.getString(2)});
            }
        }
        for (Row r : m) {
            if (r.getString(1) != null && electorIds.contains("e:" + r.getString(1))) {
                ids.add(new String[] {"id", "m:" + r.getString(0), "e:" + r.getString(1)});
            }
        }
        sortEdges(ids);
        edges.addAll(ids);
        Map<String, Long> ambiguous = new LinkedHashMap<>();
        ambiguous.put("id", 0L);
        String[] rules = {"email", "phone", "name_postcode"};
        int[] volunteerColumn = {3, 4, 5};
        int[] memberColumn = {2, 3, 4};
        for (int i = 0; i < rules.length; i++) {
            // value -> source letter -> ids carrying it
            Map<String, Map<Character, java.util.TreeSet<String>>> carriers = new java.util.TreeMap<>();
            for (Row r : v) {
                carry(carriers, r.getString(volunteerColumn[i]), 'v', "v:" + r.getString(0));
            }
            for (Row r : m) {
                carry(carriers, r.getString(memberColumn[i]), 'm', "m:" + r.getString(0));
            }
            if (rules[i].equals("name_postcode")) {
                for (Row r : e) {
                    carry(carriers, r.getString(1), 'e', "e:" + r.getString(0));
                }
            }
            long bad = 0;
            List<String[]> star = new ArrayList<>();
            for (var entry : carriers.entrySet()) {
                if (entry.getValue().values().stream().anyMatch(set -> set.size() > 1)) {
                    bad++; // two different ids of one source share the value: ambiguous, links nothing
                    continue;
                }
                java.util.TreeSet<String> all = new java.util.TreeSet<>();
                entry.getValue().values().forEach(all::addAll);
                String hub = all.first();
                for (String other : all.tailSet(hub, false)) {
                    star.add(new String[] {rules[i], hub, other});
                }
            }
            sortEdges(star);
            edges.addAll(star);
            ambiguous.put(rules[i], bad);
        }

        List<String> volunteerNodes = new ArrayList<>();
        v.forEach(r -> volunteerNodes.add("v:" + r.getString(0)));
        java.util.Collections.sort(volunteerNodes);
        List<String> sortedMembers = new ArrayList<>(memberIds);
        java.util.Collections.sort(sortedMembers);
        UnionFind uf = new UnionFind();
        volunteerNodes.forEach(uf::add);
        sortedMembers.forEach(uf::add);
        Map<String, long[]> perRule = new LinkedHashMap<>();
        RULES.forEach(r -> perRule.put(r, new long[3]));
        for (String[] edge : edges) {
            uf.add(edge[1]);
            uf.add(edge[2]);
            long[] counts = perRule.get(edge[0]);
            UnionFind.Merge merge = uf.union(edge[1], edge[2], edge[0]);
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

    private static void addIfSet(java.util.Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }

    private static void carry(Map<String, Map<Character, java.util.TreeSet<String>>> carriers, String value,
                              char source, String node) {
        if (value != null) {
            carriers.computeIfAbsent(value, k -> new java.util.TreeMap<>())
                    .computeIfAbsent(source, k -> new java.util.TreeSet<>()).add(node);
        }
    }

    private static void sortEdges(List<String[]> edges) {
        edges.sort(java.util.Comparator.<String[], String>comparing(x -> x[1]).thenComparing(x -> x[2]));
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
