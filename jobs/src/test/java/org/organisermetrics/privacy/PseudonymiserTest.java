package org.organisermetrics.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The keyed hash is HMAC-SHA256 (RFC 2104) although it does not go through javax.crypto.Mac. */
class PseudonymiserTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    /** RFC 4231 section 4.2, test case 1: a 20-byte key, shorter than SHA-256's 64-byte block. */
    @Test
    void rfc4231TestCase1() {
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 0x0b);
        assertArrayEquals(hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
                new Pseudonymiser(key).hmac("Hi There".getBytes(StandardCharsets.US_ASCII)));
    }

    /** RFC 4231 section 4.7, test case 6: a 131-byte key, longer than the block, so it is hashed first. */
    @Test
    void rfc4231TestCase6() {
        byte[] key = new byte[131];
        Arrays.fill(key, (byte) 0xaa);
        assertArrayEquals(hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
                new Pseudonymiser(key).hmac("Test Using Larger Than Block-Size Key - Hash Key First"
                        .getBytes(StandardCharsets.US_ASCII)));
    }

    /** RFC 4231 section 4.8, test case 7: the larger key with a message longer than the block. */
    @Test
    void rfc4231TestCase7() {
        byte[] key = new byte[131];
        Arrays.fill(key, (byte) 0xaa);
        String data = "This is a test using a larger than block-size key and a larger than block-size data. "
                + "The key needs to be hashed before being used by the HMAC algorithm.";
        assertArrayEquals(hex("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
                new Pseudonymiser(key).hmac(data.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void agreesWithJavaxCryptoMacOverKeyAndMessageLengths() throws Exception {
        Random random = new Random(20261123);
        for (int keyLength : new int[] {16, 32, 63, 64, 65, 128, 200}) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            Pseudonymiser ours = new Pseudonymiser(key);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (int messageLength : new int[] {0, 1, 20, 55, 56, 63, 64, 65, 119, 120, 300}) {
                byte[] message = new byte[messageLength];
                random.nextBytes(message);
                // twice each: the digests' states taken from the key must not be consumed by a call
                assertArrayEquals(mac.doFinal(message), ours.hmac(message), keyLength + "-byte key, " + messageLength + "-byte message");
                assertArrayEquals(mac.doFinal(message), ours.hmac(message), keyLength + "-byte key, second call");
            }
        }
    }

    @Test
    void aKeyIsTheFirst128BitsOfTheMacOfEntityBarValueInHex() throws Exception {
        byte[] secret = "a secret of thirty-two bytes....".getBytes(StandardCharsets.US_ASCII);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("elector|E00012-Ynys Môn".getBytes(StandardCharsets.UTF_8)), 0, 16);
        Pseudonymiser p = new Pseudonymiser(secret);
        assertEquals(expected, p.key("elector", "E00012-Ynys Môn"));
        assertEquals(32, p.key("volunteer", "V1").length());
        assertNull(p.key("volunteer", "  "));
        assertNull(p.key("volunteer", null));
    }
}
