package org.organisermetrics.ingest.execution;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Arrays;
import org.organisermetrics.privacy.Pseudonymiser;

/**
 * A row's digest: SHA-256 over an encoding of the row's typed values, its first 128 bits as two
 * longs. Longs, not a hex string, so the repeated-keys aggregation's min and max of them are a hash
 * aggregate (a string's make Spark sort every row); 128 bits, not 64, so even a keyless source of
 * hundreds of millions of rows has no chance worth naming of two different rows sharing a digest.
 *
 * <p>Equal digests mean an exact duplicate, so the encoding is one-to-one: each value is a type tag followed by a fixed-width form or, for text and money,
 * its UTF-8 length and bytes; a null is its tag alone. (Values joined by a separator character would
 * give ("a\u001f", "b") and ("a", "\u001fb") the same bytes.)
 *
 * <p>One instance per task, not thread-safe: the row is encoded into a reused buffer and hashed in
 * one call, rather than each value turned into a string and hashed on its own, as every accepted row
 * of a digested source is hashed.
 */
public final class RowDigest {
    private static final byte NULL = 0;
    private static final byte TEXT = 1;
    private static final byte DATE = 2;
    private static final byte BOOLEAN = 3;
    private static final byte WHOLE = 4;
    private static final byte REAL = 5;
    private static final byte MONEY = 6;

    private final MessageDigest sha = Pseudonymiser.sha256();
    private final byte[] digest = new byte[32];
    private byte[] buffer = new byte[256];
    private int length;

    /** The digest (high, low) of typed values: String, LocalDate, Boolean, Long, Double, BigDecimal (scale 2) or null. */
    public long[] of(Object[] values) {
        length = 0;
        for (Object v : values) {
            if (v == null) {
                ensure(1);
                buffer[length++] = NULL;
            } else if (v instanceof String s) {
                bytes(TEXT, s.getBytes(StandardCharsets.UTF_8));
            } else if (v instanceof LocalDate d) {
                whole(DATE, d.toEpochDay());
            } else if (v instanceof Boolean b) {
                ensure(2);
                buffer[length++] = BOOLEAN;
                buffer[length++] = (byte) (b ? 1 : 0);
            } else if (v instanceof Long n) {
                whole(WHOLE, n);
            } else if (v instanceof Double h) {
                whole(REAL, Double.doubleToLongBits(h));
            } else if (v instanceof BigDecimal m) {
                bytes(MONEY, m.toString().getBytes(StandardCharsets.US_ASCII)); // money has scale 2: one form per amount
            } else {
                throw new IllegalArgumentException("no digest encoding for " + v.getClass().getName());
            }
        }
        sha.update(buffer, 0, length);
        try {
            sha.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        return new long[] {longAt(0), longAt(8)};
    }

    private void bytes(byte tag, byte[] b) {
        ensure(5 + b.length);
        buffer[length++] = tag;
        putInt(b.length);
        System.arraycopy(b, 0, buffer, length, b.length);
        length += b.length;
    }

    private void whole(byte tag, long n) {
        ensure(9);
        buffer[length++] = tag;
        putInt((int) (n >>> 32));
        putInt((int) n);
    }

    private void putInt(int n) {
        buffer[length++] = (byte) (n >>> 24);
        buffer[length++] = (byte) (n >>> 16);
        buffer[length++] = (byte) (n >>> 8);
        buffer[length++] = (byte) n;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private long longAt(int offset) {
        long n = 0;
        for (int i = offset; i < offset + 8; i++) {
            n = (n << 8) | (digest[i] & 0xff);
        }
        return n;
    }
}
