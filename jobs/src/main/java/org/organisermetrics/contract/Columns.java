package org.organisermetrics.contract;

/**
 * Column names that several sources, tables and stages share, so code in every package names the
 * same column the same way. SQL text keeps the name literally, where it reads better.
 */
public final class Columns {
    /** The seat: a Westminster constituency's ONS code (seats, wards, volunteers, contacts, metric tables...). */
    public static final String SEAT_CODE = "seat_code";
    /** The council ward's ONS code (wards, electors, contacts, ward_issue...). */
    public static final String WARD_CODE = "ward_code";

    private Columns() {}
}
