package org.organisermetrics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.organisermetrics.ingest.execution.InternalValues;

/** Parsed values in Spark's internal form, as the scratch Parquet writer takes them (no Spark session). */
class ParsedRowsTest {

    @Test
    void datesAreDaysSinceTheEpoch() {
        assertEquals(0, InternalValues.of(LocalDate.of(1970, 1, 1)));
        assertEquals(31 + 1, InternalValues.of(LocalDate.of(1970, 2, 2)));
        // 2024-02-29: 54 years of 365 days from 1970 plus the 13 leap days 1972..2020, then 31 + 28 days into 2024.
        assertEquals(54 * 365 + 13 + 31 + 28, InternalValues.of(LocalDate.of(2024, 2, 29)));
        assertEquals(-1, InternalValues.of(LocalDate.of(1969, 12, 31)));
    }

    @Test
    void textIsUtf8BytesAndOtherValuesAreTheirOwnForm() {
        assertEquals(UTF8String.fromString("Ynys Môn"), InternalValues.of("Ynys Môn"));
        assertEquals(3L, InternalValues.of(3L));
        assertEquals(2.5, InternalValues.of(2.5));
        assertEquals(Boolean.TRUE, InternalValues.of(Boolean.TRUE));
        assertNull(InternalValues.of(null));
    }

    @Test
    void moneyIsADecimalOfSixteenDigitsTwoAfterThePoint() {
        Decimal d = (Decimal) InternalValues.of(new BigDecimal("12.35"));
        assertEquals(16, d.precision());
        assertEquals(2, d.scale());
        assertEquals(1235L, d.toUnscaledLong());
        Decimal largest = (Decimal) InternalValues.of(new BigDecimal("99999999999999.99"));
        assertEquals(new BigDecimal("99999999999999.99"), largest.toJavaBigDecimal());
        // RowParser quarantines anything larger (moneyHasAtMostFourteenDigitsBeforeThePoint); here it is a bug, loudly.
        assertThrows(IllegalStateException.class, () -> InternalValues.of(new BigDecimal("100000000000000.00")));
    }
}
