package org.organisermetrics.contract;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * One landing column: its name in the CSV header, how it is read, whether it is required,
 * its closed list of codes (for CODE), which source it refers to (and whether a value missing
 * there quarantines the row or is loaded and counted), and its privacy.
 */
public record Column(
        String name,
        ColumnType type,
        boolean required,
        Set<String> codes,
        String references,
        Privacy privacy,
        boolean unknownReferenceLoads) implements Serializable {

    public static Column required(String name, ColumnType type) {
        return new Column(name, type, true, Set.of(), null, Privacy.PUBLIC, false);
    }

    public static Column optional(String name, ColumnType type) {
        return new Column(name, type, false, Set.of(), null, Privacy.PUBLIC, false);
    }

    public Column codes(List<String> allowed) {
        return new Column(name, type, required, Set.copyOf(allowed), references, privacy, unknownReferenceLoads);
    }

    /** The value must exist as the key of the named reference source (seats, wards, courses...): else the row is quarantined. */
    public Column references(String source) {
        return new Column(name, type, required, codes, source, privacy, false);
    }

    /**
     * The value names a row of another source, but a value that source does not hold is normal
     * (the register is a snapshot: people register late and move): the row is loaded and counted
     * under the {@link Warning} of the reference ({@link Warning#unknownReference}).
     */
    public Column referencesCounted(String source) {
        return new Column(name, type, required, codes, source, privacy, true);
    }

    public Column pseudonymised() {
        return new Column(name, type, required, codes, references, Privacy.PSEUDONYMISED, unknownReferenceLoads);
    }

    public Column personal() {
        return new Column(name, type, required, codes, references, Privacy.PERSONAL, unknownReferenceLoads);
    }

    /** The column's name outside the restricted zone: person ids become keyed hashes named *_key. */
    public String curatedName() {
        if (privacy != Privacy.PSEUDONYMISED) {
            return name;
        }
        return name.endsWith("_id") ? name.substring(0, name.length() - 3) + "_key" : name + "_key";
    }
}
