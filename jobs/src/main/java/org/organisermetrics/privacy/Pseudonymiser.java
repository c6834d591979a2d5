package org.organisermetrics.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Keyed hashes (HMAC-SHA256) for person ids and identity match keys. The same secret and the
 * same value always give the same key, so keys join across sources and across runs; without
 * the secret a key cannot be turned back into the id.
 *
 * <p>Each value is hashed with its entity name in front ("volunteer|V123"), so an elector and
 * a volunteer that happen to share an id string get different keys. Keys are the first 16 bytes
 * of the MAC in hex (128 bits: no collision at national scale).
 *
 * <p>HMAC as RFC 2104 defines it, from SHA-256 digests that have already taken the key's inner and
 * outer padded blocks: each key then hashes two blocks, where {@code javax.crypto.Mac} hashes the
 * padded key again every time, four blocks (a key 211 against 179 ns, and over 400 million keys a
 * national run). {@code PseudonymiserTest} checks it against
 * {@code javax.crypto.Mac} and RFC 4231's test vectors.
 */
public final class Pseudonymiser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int BLOCK = 64; // SHA-256's block, in bytes
    public static final byte INNER_PAD = 0x36;
    public static final byte OUTER_PAD = 0x5c;

    private final byte[] secret;
    /** SHA-256 after the block (key XOR 0x36...), and after (key XOR 0x5c...): cloned for each key. */
    private transient MessageDigest inner;
    private transient MessageDigest outer;

    public Pseudonymiser(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("the pseudonymisation secret must be at least 16 bytes");
        }
        this.secret = secret.clone();
    }

    /** The keyed hash of {@code value} within {@code entity}; null for a null or blank value. */
    public String key(String entity, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        byte[] digest = hmac((entity + "|" + value).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** HMAC-SHA256 of {@code message} with the secret, all 32 bytes. */
    byte[] hmac(byte[] message) {
        if (inner == null) {
            MessageDigest o = sha256();
            o.update(pad(secret, OUTER_PAD));
            outer = o;
            MessageDigest i = sha256();
            i.update(pad(secret, INNER_PAD));
            inner = i; // last: a non-null inner means both are ready
        }
        MessageDigest in = copy(inner);
        in.update(message);
        MessageDigest out = copy(outer);
        out.update(in.digest());
        return out.digest();
    }

    /** The entity a person-id column names: canvasser_id is a volunteer_id (DATA-CONTRACT.md). */
    public static String entityOf(String idColumn) {
        String base = idColumn.endsWith("_id") ? idColumn.substring(0, idColumn.length() - 3) : idColumn;
        // A canvasser is a volunteer; a person signed up to an event is keyed as a volunteer, so that the
        // sign-ups of someone who volunteers join their volunteer row and activities.
        return base.equals("canvasser") || base.equals("person") ? "volunteer" : base.toLowerCase(Locale.ROOT);
    }

    /**
     * RFC 2104's padded key: the secret (its SHA-256 if longer than a block) filled with zeros to
     * SHA-256's block and XORed with {@code pad}, {@link #INNER_PAD} or {@link #OUTER_PAD}. As secret
     * as the secret itself; public for the benchmark's DuckDB macros, which must compute the same keys.
     */
    public static byte[] pad(byte[] secret, byte pad) {
        byte[] block = Arrays.copyOf(secret.length > BLOCK ? sha256().digest(secret) : secret, BLOCK);
        for (int i = 0; i < BLOCK; i++) {
            block[i] ^= pad;
        }
        return block;
    }

    private static MessageDigest copy(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JDK's SHA-256 cannot be cloned", e);
        }
    }

    /** A new SHA-256 digest (every JDK has one). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
