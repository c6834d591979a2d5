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
    /** yyyy-MM-dd or dd/MM/yyyy. */
    DATE,
    /** yyyy-MM, stored as the first day of the month. */
    MONTH,
    /** true/false, yes/no, y/n, 1/0, any case. */
    BOOLEAN,
    /** Whole number &gt;= 0. */
    COUNT,
    /** Decimal hours, 0 &lt; h &lt;= 24. */
    HOURS,
    /** Decimal amount of money &gt;= 0, at most {@link #MONEY_WHOLE_DIGITS} digits before the point, stored with {@link #MONEY_DECIMALS} decimal places. */
    MONEY;

    /** Digits before the point a {@link #MONEY} value may have (the curated type holds no more). */
    public static final int MONEY_WHOLE_DIGITS = 14;
    /** Decimal places a {@link #MONEY} value is stored with (pence). */
    public static final int MONEY_DECIMALS = 2;
}
