package org.organisermetrics.ingest.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The row digest: equal typed rows give equal digests, and different rows different ones. */
class RowDigestTest {

    @Test
    void isTheFirst128BitsOfSha256OverTaggedValues() throws Exception {
        // Worked by hand: "ab" is tag 1, length 0,0,0,2, 'a', 'b'; null is tag 0; the date 1970-01-03 is
        // tag 2 and the long 2; true is tag 3, 1; the count 7 is tag 4 and the long 7.
        byte[] encoded = {1, 0, 0, 0, 2, 'a', 'b', 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 3, 1, 4, 0, 0, 0, 0, 0, 0, 0, 7};
        ByteBuffer sha = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(encoded));
        long[] digest = new RowDigest().of(new Object[] {"ab", null, LocalDate.of(1970, 1, 3), Boolean.TRUE, 7L});
        assertArrayEquals(new long[] {sha.getLong(0), sha.getLong(8)}, digest);
    }

    @Test
    void valuesAreNotRunTogether() {
        RowDigest d = new RowDigest();
        // With values joined by a separator these two pairs would be the same bytes.
        assertFalse(Arrays.equals(d.of(new Object[] {"a\u001f", "b"}), d.of(new Object[] {"a", "\u001fb"})));
        assertFalse(Arrays.equals(d.of(new Object[] {"ab", null}), d.of(new Object[] {"a", "b"})));
        assertFalse(Arrays.equals(d.of(new Object[] {null, "x"}), d.of(new Object[] {"x", null})));
        assertFalse(Arrays.equals(d.of(new Object[] {"1"}), d.of(new Object[] {1L})));
        assertFalse(Arrays.equals(d.of(new Object[] {1L}), d.of(new Object[] {1.0})));
        assertFalse(Arrays.equals(d.of(new Object[] {LocalDate.of(1970, 1, 2)}), d.of(new Object[] {1L})));
        assertFalse(Arrays.equals(d.of(new Object[] {new BigDecimal("1.00")}), d.of(new Object[] {"1.00"})));
    }

    @Test
    void theSameRowGivesTheSameDigestWhateverCameBefore() {
        Object[] row = {"C1", LocalDate.of(2025, 3, 14), new BigDecimal("12.50"), 2.5, Boolean.FALSE, "Ynys Môn"};
        long[] first = new RowDigest().of(row);
        RowDigest reused = new RowDigest();
        reused.of(new Object[] {"x".repeat(1000), null}); // grows the buffer
        assertArrayEquals(first, reused.of(row.clone()));
        assertEquals(2, first.length);
    }

    @Test
    void aTypeWithNoEncodingIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> new RowDigest().of(new Object[] {new Object()}));
    }
}
