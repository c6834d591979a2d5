package org.organisermetrics.ingest.execution;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.unsafe.types.UTF8String;
import org.organisermetrics.contract.ColumnType;

/**
 * Typed values in Spark's internal form (strings as UTF-8 bytes, dates as days since 1970, money as
 * {@link Decimal}). Spark copies internal rows into its own format without converting or checking
 * them, where external rows go through the row encoder's conversion and checks for every field; so
 * the forms here must match the schema's types exactly ({@code ParsedRowsTest}).
 */
public final class InternalValues {
    /** {@link ColumnType#MONEY}'s Spark type: its digits before the point and its decimal places. */
    public static final DecimalType MONEY_TYPE = DataTypes.createDecimalType(
            ColumnType.MONEY_WHOLE_DIGITS + ColumnType.MONEY_DECIMALS, ColumnType.MONEY_DECIMALS);

    private InternalValues() {}

    /** A String, LocalDate, Boolean, Long, Double, BigDecimal (money) or null in its internal form. */
    public static Object of(Object v) {
        if (v instanceof String s) {
            return UTF8String.fromString(s);
        }
        if (v instanceof LocalDate d) {
            return Math.toIntExact(d.toEpochDay());
        }
        if (v instanceof BigDecimal b) {
            Decimal d = Decimal.apply(b);
            if (!d.changePrecision(MONEY_TYPE.precision(), MONEY_TYPE.scale())) {
                // RowParser quarantines money with more digits than MONEY_TYPE holds; reaching here is a bug.
                throw new IllegalStateException(b + " does not fit " + MONEY_TYPE.simpleString());
            }
            return d;
        }
        return v; // Boolean, Long, Double and null are their own internal form
    }
}
