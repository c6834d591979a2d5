package org.organisermetrics.contract;

/**
 * Why a loaded row is counted in data_quality although nothing stops it loading: rows the contract
 * keeps, whose count a person checking a run should see. The stored code is the lower-case name;
 * docs/landing-contract.md lists them. A {@link Reason} quarantines a row; a warning never does.
 */
public enum Warning {
    /** A contact, member or volunteer names an elector_id that is not on the register (electors). */
    ELECTOR_NOT_ON_REGISTER,
    /** A volunteer names a member_id that is not in members. */
    MEMBER_NOT_IN_MEMBERS,
    /** A row of a source without a key that is identical to an earlier row of the same file: a second real event (two equal gifts). */
    REPEATED_ROW,
    /** The row kept for a key that other rows carry with different values (those rows are quarantined as {@link Reason#CONFLICT}). */
    CONFLICT_KEPT,
    /** An elector whose franchise holds a marker {@link Franchise#MARKERS} does not know: counted as able to vote in every election. */
    UNKNOWN_FRANCHISE_MARKER;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The warning for a value of a {@link Column#referencesCounted} column that its source does not hold. */
    public static Warning unknownReference(Source target) {
        return switch (target) {
            case ELECTORS -> ELECTOR_NOT_ON_REGISTER;
            case MEMBERS -> MEMBER_NOT_IN_MEMBERS;
            default -> throw new IllegalArgumentException("no counted reference to " + target.folder());
        };
    }
}
