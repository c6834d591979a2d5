package org.organisermetrics.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders the landing contract, as the code enforces it, to Markdown. docs/landing-contract.md
 * holds this text between the markers {@link #BEGIN} and {@link #END}; a test fails when the two
 * differ, so the document cannot drift from the code.
 */
public final class ContractDoc {
    public static final String BEGIN = "<!-- BEGIN GENERATED: ContractDoc -->";
    public static final String END = "<!-- END GENERATED: ContractDoc -->";

    private ContractDoc() {}

    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Sources\n\n");
        md.append("Sources load in this order; a source's references are checked against the sources above it.\n\n");
        for (Source s : Source.values()) {
            md.append("### `").append(s.folder()).append("`\n\n");
            md.append("- kind: ").append(kindText(s)).append('\n');
            md.append("- key: ").append(s.key().isEmpty() ? "none: a row repeated within one file is a second event and"
                    + " loads (counted as `" + Warning.REPEATED_ROW.code() + "`); the same row in another file is a copy (duplicate)"
                    : "(" + String.join(", ", s.key()) + ")").append('\n');
            md.append(s.isRequiredSource() ? "- required: yes, the run fails without it\n"
                    : "- required: no (missing = an empty table)\n");
            md.append('\n');
            md.append("| column | required | type | rule | outside the restricted zone |\n");
            md.append("|---|---|---|---|---|\n");
            for (Column c : s.columns()) {
                md.append("| `").append(c.name()).append("` | ").append(c.required() ? "**yes**" : "no")
                        .append(" | ").append(c.type().name().toLowerCase(Locale.ROOT))
                        .append(" | ").append(rule(c))
                        .append(" | ").append(privacy(c)).append(" |\n");
            }
            md.append('\n');
        }
        md.append("## Quarantine reasons\n\n| reason | rule |\n|---|---|\n");
        for (Reason r : Reason.values()) {
            md.append("| `").append(r.code()).append("` | ").append(r.rule()).append(" |\n");
        }
        md.append("\n## Warnings: loaded and counted\n\n");
        md.append("A warning never stops a row loading; `data_quality_warning` has a row per run, source and warning, with the"
                + " loaded rows that carry it in `rows_loaded`, and the run manifest lists them under"
                + " `loaded_by_warning`.\n\n| warning | when, and why the row is loaded |\n|---|---|\n");
        for (Warning w : Warning.values()) {
            md.append("| `").append(w.code()).append("` | ").append(warningText(w)).append(" |\n");
        }
        md.append("\n## Franchise markers\n\n");
        md.append("`electors.franchise` holds the markers the council's register puts against an elector who may vote in"
                + " some elections only. A general election and a by-election are UK Parliament elections; a local and a"
                + " mayoral election are local government elections. An elector with no marker votes in both. A value may"
                + " hold several markers (letters or digits; spaces and punctuation between them are ignored): the elector"
                + " can vote in an election only when every marker allows it. An elector who cannot vote in an election is"
                + " left out of its turnout counts in `seat_election` (`promises`, `promises_voted`, `register_turnout`),"
                + " and a marked-register row for such an elector is not counted as a vote. A marker not in this table limits"
                + " nothing and is counted as `" + Warning.UNKNOWN_FRANCHISE_MARKER.code() + "`.\n\n");
        md.append("| marker | elector | UK Parliament (general, by-election) | local government (local, mayoral) |\n");
        md.append("|---|---|---|---|\n");
        for (Franchise.Marker m : Franchise.MARKERS) {
            md.append("| `").append(m.letter()).append("` | ").append(m.who()).append(" | ")
                    .append(m.parliament() ? "yes" : "no").append(" | ").append(m.localGovernment() ? "yes" : "no").append(" |\n");
        }
        md.append("| (none) | a full elector | yes | yes |\n");
        return md.toString();
    }

    private static String kindText(Source s) {
        return switch (s.kind()) {
            case REFERENCE -> "reference (loaded whole by every run)";
            case SNAPSHOT -> "snapshot (loaded whole by every run)";
            case FACT -> "fact, partitioned by the month of `" + s.dateColumn() + "`";
        };
    }

    private static String rule(Column c) {
        List<String> parts = new ArrayList<>();
        switch (c.type()) {
            case CODE -> parts.add("one of " + c.codes().stream().sorted().map(x -> "`" + x + "`")
                    .collect(Collectors.joining(", ")) + " (any case, stored upper-case)");
            case UPPER_ID -> parts.add("trimmed, stored upper-case");
            case DATE -> parts.add(ColumnType.DATE_FORMATS + ", from " + ColumnType.EARLIEST_DATE + " to the run date");
            case MONTH -> parts.add(ColumnType.MONTH_FORMAT);
            case BOOLEAN -> parts.add(ColumnType.BOOLEAN_VALUES + " (any case)");
            case COUNT -> parts.add("whole number " + ColumnType.COUNT_RANGE);
            case HOURS -> parts.add("decimal, " + ColumnType.HOURS_RANGE);
            case MONEY -> parts.add("decimal >= 0 with at most " + ColumnType.MONEY_WHOLE_DIGITS + " digits before the point, stored with "
                    + ColumnType.MONEY_DECIMALS + " decimal places");
            default -> parts.add("trimmed text");
        }
        if (c.name().equals("franchise")) {
            parts.add("the register's franchise markers (see Franchise markers below)");
        }
        if (c.references() != null && c.unknownReferenceLoads()) {
            parts.add("names a row of `" + c.references() + "`; a value not there is loaded and counted (`"
                    + Warning.unknownReference(Source.byFolder(c.references()).orElseThrow()).code() + "`)");
        } else if (c.references() != null) {
            parts.add("must exist in `" + c.references() + "`");
        }
        return String.join("; ", parts);
    }

    private static String privacy(Column c) {
        return switch (c.privacy()) {
            case PUBLIC -> "as is";
            case PSEUDONYMISED -> "keyed hash, column `" + c.curatedName() + "`";
            case PERSONAL -> "never (restricted zone only)";
        };
    }

    private static String warningText(Warning w) {
        return switch (w) {
            case ELECTOR_NOT_ON_REGISTER -> "contacts, members, volunteers: an elector_id that is not on the register (electors)."
                    + " The register is a snapshot and people register late or move, so this is normal: a contact still counts"
                    + " for its seat, but only electors on the register count in turnout";
            case MEMBER_NOT_IN_MEMBERS -> "volunteers: a member_id that is not in members (the members list is a snapshot too)";
            case REPEATED_ROW -> "communications, aid (no key): a row identical to an earlier row of the same file, loaded as a"
                    + " second event (two equal gifts on one day); the same row in another file is a duplicate instead";
            case CONFLICT_KEPT -> "the row kept for a key that other rows carry with different values (those are quarantined,"
                    + " `" + Reason.CONFLICT.code() + "`)";
            case UNKNOWN_FRANCHISE_MARKER -> "electors: a franchise marker that is not in the table of franchise markers below (a"
                    + " council's own letter, or a new one). The elector is on the register all the same, so the row loads, and"
                    + " counts as able to vote in every election; a marker that should limit it belongs in that table"
                    + " (contract/Franchise.java)";
        };
    }
}
