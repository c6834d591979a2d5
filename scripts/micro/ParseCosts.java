import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.organisermetrics.ingest.RowDigest;
import org.organisermetrics.ingest.RowParser;
import org.organisermetrics.privacy.Pseudonymiser;

/**
 * Nanoseconds per call of the parse's per-row pieces, each against a plainer way of doing the
 * same: the row digest, the keyed hash of a person
 * id, and reading a date. Run by scripts/parse-costs.sh against the built jar. A rough
 * microbenchmark (no JMH): three rounds of three million calls each, the first one warming up.
 */
public class ParseCosts {
    private static final Object[] ROW = {"C123456789", "E00012345", "V000123", "S0001", "W00012",
            LocalDate.of(2025, 3, 14), "DOOR", "LAB", Boolean.TRUE, 3L, null, "some note text here"};
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter UK = DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT);
    private static final int N = 3_000_000;

    /** A plainer digest: each value as a string with a unit separator, hashed one by one. */
    static long[] digestBefore(Object[] values, MessageDigest sha) {
        sha.reset();
        for (Object v : values) {
            sha.update(v == null ? new byte[] {0} : (v + "\u001f").getBytes(StandardCharsets.UTF_8));
        }
        ByteBuffer d = ByteBuffer.wrap(sha.digest());
        return new long[] {d.getLong(0), d.getLong(8)};
    }

    /** A plainer keyed hash: javax.crypto.Mac. */
    static String keyBefore(Mac mac, String entity, String value) {
        return HexFormat.of().formatHex(mac.doFinal((entity + "|" + value).getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    public static void main(String[] args) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        RowDigest digest = new RowDigest();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        Pseudonymiser pseudonymiser = new Pseudonymiser(SECRET);
        if (!keyBefore(mac, "elector", "E1").equals(pseudonymiser.key("elector", "E1"))) {
            throw new AssertionError("the two keyed hashes differ");
        }
        long sink = 0;
        for (int round = 1; round <= 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += digestBefore(ROW, sha)[0];
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += digest.of(ROW)[0];
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += keyBefore(mac, "elector", "E" + (i & 1023)).length();
            }
            long t3 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += pseudonymiser.key("elector", "E" + (i & 1023)).length();
            }
            long t4 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += LocalDate.parse((i & 1) == 0 ? "2025-03-14" : "14/03/2025", (i & 1) == 0 ? ISO : UK).toEpochDay();
            }
            long t5 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += RowParser.parseDateOrNull((i & 1) == 0 ? "2025-03-14" : "14/03/2025").toEpochDay();
            }
            long t6 = System.nanoTime();
            System.out.printf("round %d (ns a call): row digest %.0f -> %.0f, keyed hash %.0f -> %.0f, date %.0f -> %.0f%n",
                    round, per(t1 - t0), per(t2 - t1), per(t3 - t2), per(t4 - t3), per(t5 - t4), per(t6 - t5));
        }
        System.out.println("(ignore: " + sink + ")");
    }

    private static double per(long nanos) {
        return nanos / (double) N;
    }
}
