package org.organisermetrics.contract;

/** What happens to a column on its way out of the restricted zone (ARCHITECTURE.md, Privacy). */
public enum Privacy {
    /** Not personal: copied to curated as it is. */
    PUBLIC,
    /** A person's id: replaced outside the restricted zone by an HMAC-SHA256 keyed hash (column renamed *_key). */
    PSEUDONYMISED,
    /** Names, emails, phones, addresses, full postcodes: never leave the restricted zone. */
    PERSONAL
}
