package org.organisermetrics.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes (HMAC-SHA256) for person ids and identity match keys. The same secret and the
 * same value always give the same key, so keys join across sources and across runs; without
 * the secret a key cannot be turned back into the id.
 *
 * <p>Each value is hashed with its entity name in front ("volunteer|V123"), so an elector and
 * a volunteer that happen to share an id string get different keys. Keys are the first 16 bytes
 * of the MAC in hex (128 bits: no collision at national scale).
 */
public final class Pseudonymiser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] secret;
    private transient Mac mac;

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
        byte[] digest = mac().doFinal((entity + "|" + value).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** The entity a person-id column names: canvasser_id is a volunteer_id (DATA-CONTRACT.md). */
    public static String entityOf(String idColumn) {
        String base = idColumn.endsWith("_id") ? idColumn.substring(0, idColumn.length() - 3) : idColumn;
        return base.equals("canvasser") ? "volunteer" : base.toLowerCase(Locale.ROOT);
    }

    private Mac mac() {
        if (mac == null) {
            try {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(secret, ALGORITHM));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is not available", e);
            }
        }
        return mac;
    }
}
