package org.organisermetrics.contract;

/**
 * Why a landing row was quarantined. Each reason is one rule of the landing contract, with its code
 * and its wording ({@link #rule()}), which docs/landing-contract.md lists.
 */
public enum Reason {
    MALFORMED_ROW,
    MISSING_VALUE,
    BAD_DATE,
    BAD_MONTH,
    BAD_BOOLEAN,
    BAD_NUMBER,
    UNKNOWN_CODE,
    OUT_OF_RANGE,
    DATE_TOO_EARLY,
    FUTURE_DATE,
    VOTES_EXCEED_ELECTORATE,
    BAD_PILOT_WINDOW,
    CONFLICT,
    UNKNOWN_SEAT,
    UNKNOWN_WARD,
    UNKNOWN_COURSE,
    UNKNOWN_ELECTION,
    UNKNOWN_ORGANISER,
    UNKNOWN_VOLUNTEER,
    UNKNOWN_ELECTOR,
    UNKNOWN_POLLING_DISTRICT,
    UNKNOWN_AREA;

    /** The code stored in the quarantine and data_quality_reason: the lower-case name. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The rule a row breaks to be quarantined with this reason, in the users' words (docs/landing-contract.md). */
    public String rule() {
        return switch (this) {
            case MALFORMED_ROW -> "the record has a different number of fields from the header";
            case MISSING_VALUE -> "a required column is empty";
            case BAD_DATE -> "a date that is neither " + ColumnType.ISO_DATE + " nor " + ColumnType.DAY_FIRST_DATE
                    + " (or no such day)";
            case BAD_MONTH -> "a month that is not " + ColumnType.MONTH_FORMAT;
            case BAD_BOOLEAN -> "not " + ColumnType.BOOLEAN_VALUES;
            case BAD_NUMBER -> "not a number where one is required (whole numbers for counts)";
            case UNKNOWN_CODE -> "a code outside its enumeration";
            case OUT_OF_RANGE -> "a negative count or amount, an amount with more than " + ColumnType.MONEY_WHOLE_DIGITS
                    + " digits before the point, or hours not in (0, 24]";
            case DATE_TOO_EARLY -> "a date before " + ColumnType.EARLIEST_DATE;
            case FUTURE_DATE -> "a date after the run date";
            case VOTES_EXCEED_ELECTORATE -> "results: votes above the electorate, on the row or summed over the area (every row of the area)";
            case BAD_PILOT_WINDOW -> "pilot_seats: selected without start_month, or end_month before start_month";
            case CONFLICT -> "the same key with different values: every row whose values differ from the row kept (the last file"
                    + " in name order, its last line: exports are cumulative, the latest carries the correction); the row kept"
                    + " loads, so references to the key still resolve, and is counted as `" + Warning.CONFLICT_KEPT.code() + "`";
            case UNKNOWN_SEAT, UNKNOWN_WARD, UNKNOWN_COURSE, UNKNOWN_ELECTION, UNKNOWN_ORGANISER, UNKNOWN_VOLUNTEER ->
                    "a reference to a " + code().substring("unknown_".length()) + " that was not loaded";
            case UNKNOWN_POLLING_DISTRICT -> "a register or marked-register export (exports/): a polling district that is not in"
                    + " lookups/polling_districts.csv, so the row has no ward or seat; add the district to the lookup";
            case UNKNOWN_AREA -> "results: area_code is not a seat (general, by-election) or a ward (local)";
            case UNKNOWN_ELECTOR -> "marked_register: an elector_id that is not on the register (electors). The marked register"
                    + " is the register of polling day marked, and the register keeps electors who left (`left_on`): an"
                    + " elector missing from it means the register loaded is not the one marked (another edition, another"
                    + " council), and the row could count in no seat's turnout";
        };
    }
}
