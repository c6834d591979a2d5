package org.organisermetrics.contract;

/** How a landing cell is read. Each type names the rule its parse enforces (DATA-CONTRACT.md). */
public enum ColumnType {
    /** Free text, trimmed. */
    TEXT,
    /** A code from a closed list, matched case-insensitively, stored upper-case. */
    CODE,
    /** An identifier kept as written (volunteer_id, course_code, election_id...), trimmed. */
    ID,
    /** An ONS area code or a party code (seat_code, ward_code, area_code, party_code), trimmed and upper-cased. */
    UPPER_ID,
    /** A day: {@link #DATE_FORMATS}, from {@link #EARLIEST_DATE} to the run date. */
    DATE,
    /** {@link #MONTH_FORMAT}, stored as the first day of the month. */
    MONTH,
    /** {@link #BOOLEAN_VALUES}, any case. */
    BOOLEAN,
    /** Whole number {@link #COUNT_RANGE}. */
    COUNT,
    /** Decimal hours, {@link #HOURS_RANGE}. */
    HOURS,
    /** Decimal amount of money &gt;= 0, at most {@link #MONEY_WHOLE_DIGITS} digits before the point, stored with {@link #MONEY_DECIMALS} decimal places. */
    MONEY;

    /** The date format every landing date may be written in, the international one. */
    public static final String ISO_DATE = "yyyy-MM-dd";
    /** The other date format a landing date may be written in: day first, as in the UK. */
    public static final String DAY_FIRST_DATE = "dd/MM/yyyy";
    /** How a landing date is written. */
    public static final String DATE_FORMATS = ISO_DATE + " or " + DAY_FIRST_DATE;
    /** The earliest date a landing file may hold; an earlier one is a typing mistake. */
    public static final java.time.LocalDate EARLIEST_DATE = java.time.LocalDate.of(1990, 1, 1);
    /** How a landing month is written. */
    public static final String MONTH_FORMAT = "yyyy-MM";
    /** The values a landing true/false column may hold (any case). */
    public static final String BOOLEAN_VALUES = "true/false, yes/no, y/n, 1/0";
    /** The range of a {@link #COUNT}. */
    public static final String COUNT_RANGE = ">= 0";
    /** The range of {@link #HOURS}. */
    public static final String HOURS_RANGE = "0 < hours <= 24";

    /** Digits before the point a {@link #MONEY} value may have (the curated type holds no more). */
    public static final int MONEY_WHOLE_DIGITS = 14;
    /** Decimal places a {@link #MONEY} value is stored with (pence). */
    public static final int MONEY_DECIMALS = 2;
}
