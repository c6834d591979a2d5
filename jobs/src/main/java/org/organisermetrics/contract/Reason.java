package org.organisermetrics.contract;

/**
 * Why a landing row was quarantined. Each code is one rule of the landing contract
 * (docs/landing-contract.md lists them with examples); the stored code is the lower-case name.
 */
public enum Reason {
    /** The record has a different number of fields from the header. */
    MALFORMED_ROW,
    /** A required column is empty in this row. */
    MISSING_VALUE,
    /** Not a date in yyyy-MM-dd or dd/MM/yyyy. */
    BAD_DATE,
    /** Not a month in yyyy-MM. */
    BAD_MONTH,
    /** Not one of true/false, yes/no, y/n, 1/0. */
    BAD_BOOLEAN,
    /** Not a number where a number is required. */
    BAD_NUMBER,
    /** A value outside its enumeration. */
    UNKNOWN_CODE,
    /** A number outside its allowed range (negative count, hours not in (0, 24], negative money or money with more than {@link ColumnType#MONEY_WHOLE_DIGITS} digits before its point). */
    OUT_OF_RANGE,
    /** A date before 1990-01-01. */
    DATE_TOO_EARLY,
    /** A date after the day the run happens. */
    FUTURE_DATE,
    /** Votes greater than the electorate of the area (per row or summed over the area). */
    VOTES_EXCEED_ELECTORATE,
    /** A selected pilot seat without start_month, or an end_month before its start_month. */
    BAD_PILOT_WINDOW,
    /** The same key with different values: the rows that differ from the row kept (the last) are quarantined. */
    CONFLICT,
    UNKNOWN_SEAT,
    UNKNOWN_WARD,
    UNKNOWN_COURSE,
    UNKNOWN_ELECTION,
    UNKNOWN_ORGANISER,
    UNKNOWN_VOLUNTEER,
    /** A marked-register row for an elector who is not on the register (electors). */
    UNKNOWN_ELECTOR,
    /** A register or marked-register row whose polling district is not in lookups/polling_districts.csv. */
    UNKNOWN_POLLING_DISTRICT,
    /** An area_code that is neither a seat (general, by-election) nor a ward (local). */
    UNKNOWN_AREA;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
