package org.organisermetrics.contract;

import static org.organisermetrics.contract.Column.optional;
import static org.organisermetrics.contract.Column.required;
import static org.organisermetrics.contract.ColumnType.*;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The landing contract: every source, its columns, key and rules, in one place
 * (DATA-CONTRACT.md; the project's own version is docs/landing-contract.md, generated
 * from this class by {@code ContractDoc} so the two cannot drift).
 *
 * <p>Sources are declared in load order: a source comes after every source it references,
 * so reference checks can use the keys already loaded.
 */
public enum Source {
    SEATS("seats", Kind.REFERENCE, null, List.of(Columns.SEAT_CODE),
            required(Columns.SEAT_CODE, UPPER_ID),
            required("seat_name", TEXT),
            required("region", TEXT),
            optional("nation", TEXT)),
    WARDS("wards", Kind.REFERENCE, null, List.of(Columns.WARD_CODE),
            required(Columns.WARD_CODE, UPPER_ID),
            required("ward_name", TEXT),
            required(Columns.SEAT_CODE, UPPER_ID).references("seats")),
    COURSES("courses", Kind.REFERENCE, null, List.of("course_code"),
            required("course_code", ID),
            required("course_name", TEXT),
            required("counts_as_trained", BOOLEAN)),
    ELECTIONS("elections", Kind.REFERENCE, null, List.of("election_id"),
            required("election_id", ID),
            required("election_type", CODE).codes(Codes.ELECTION_TYPE),
            required("polling_date", DATE),
            optional("name", TEXT)),
    ORGANISERS("organisers", Kind.REFERENCE, null, List.of("organiser_id"),
            required("organiser_id", ID),
            required("name", TEXT).personal(),
            optional("region", TEXT)),
    ELECTORS("electors", Kind.SNAPSHOT, null, List.of("elector_id"),
            required("elector_id", ID).pseudonymised(),
            required(Columns.SEAT_CODE, UPPER_ID).references("seats"),
            optional(Columns.WARD_CODE, UPPER_ID).references("wards"),
            optional("polling_district", TEXT),
            optional("first_name", TEXT).personal(),
            optional("last_name", TEXT).personal(),
            optional("address", TEXT).personal(),
            optional("postcode", TEXT).personal(),
            optional("registered_on", DATE),
            optional("left_on", DATE),
            optional("franchise", UPPER_ID)),
    MEMBERS("members", Kind.SNAPSHOT, null, List.of("member_id"),
            required("member_id", ID).pseudonymised(),
            optional("elector_id", ID).pseudonymised().referencesCounted("electors"),
            optional("first_name", TEXT).personal(),
            optional("last_name", TEXT).personal(),
            optional("email", TEXT).personal(),
            optional("phone", TEXT).personal(),
            optional("postcode", TEXT).personal(),
            required(Columns.SEAT_CODE, UPPER_ID).references("seats"),
            required("joined_on", DATE),
            optional("lapsed_on", DATE)),
    VOLUNTEERS("volunteers", Kind.SNAPSHOT, null, List.of("volunteer_id"),
            required("volunteer_id", ID).pseudonymised(),
            optional("elector_id", ID).pseudonymised().referencesCounted("electors"),
            optional("member_id", ID).pseudonymised().referencesCounted("members"),
            optional("first_name", TEXT).personal(),
            optional("last_name", TEXT).personal(),
            optional("email", TEXT).personal(),
            optional("phone", TEXT).personal(),
            optional("postcode", TEXT).personal(),
            required(Columns.SEAT_CODE, UPPER_ID).references("seats"),
            optional(Columns.WARD_CODE, UPPER_ID).references("wards"),
            required("recruited_on", DATE),
            optional("recruitment_source", CODE).codes(Codes.RECRUITMENT_SOURCE),
            optional("organiser_id", ID).references("organisers")),
    TRAINING("training", Kind.FACT, "session_date", List.of("volunteer_id", "course_code", "session_date"),
            required("volunteer_id", ID).pseudonymised().references("volunteers"),
            required("course_code", ID).references("courses"),
            required("session_date", DATE),
            required("completed", BOOLEAN)),
    ACTIVITIES("activities", Kind.FACT, "activity_date", List.of("activity_id"),
            required("activity_id", ID),
            required("volunteer_id", ID).pseudonymised().references("volunteers"),
            required("activity_date", DATE),
            required("activity_type", CODE).codes(Codes.ACTIVITY_TYPE),
            required("hours", HOURS),
            required(Columns.SEAT_CODE, UPPER_ID).references("seats")),
    CONTACTS("contacts", Kind.FACT, "contact_date", List.of("contact_id"),
            required("contact_id", ID),
            optional("elector_id", ID).pseudonymised().referencesCounted("electors"),
            required(Columns.SEAT_CODE, UPPER_ID).references("seats"),
            optional(Columns.WARD_CODE, UPPER_ID).references("wards"),
            required("contact_date", DATE),
            required("channel", CODE).codes(Codes.CONTACT_CHANNEL),
            optional("canvasser_id", ID).pseudonymised().references("volunteers"),
            required("intention", CODE).codes(Codes.INTENTION),
            optional("issue_code", UPPER_ID),
            optional("conversation", BOOLEAN)),
    EVENTS("events", Kind.FACT, "event_date", List.of("event_id"),
            required("event_id", ID),
            required(Columns.SEAT_CODE, UPPER_ID).references("seats"),
            optional(Columns.WARD_CODE, UPPER_ID).references("wards"),
            required("event_date", DATE),
            required("event_type", CODE).codes(Codes.EVENT_TYPE),
            required("attendees", COUNT)),
    EVENT_SIGNUPS("event_signups", Kind.SNAPSHOT, null, List.of("event_id", "person_id"),
            required("event_id", ID),
            required("person_id", ID).pseudonymised(),
            required("status", CODE).codes(Codes.SIGNUP_STATUS),
            optional("signed_up_on", DATE)),
    COMMUNICATIONS("communications", Kind.FACT, "sent_on", List.of(),
            required("sent_on", DATE),
            required(Columns.SEAT_CODE, UPPER_ID).references("seats"),
            required("channel", CODE).codes(Codes.COMMUNICATION_CHANNEL),
            required("recipients", COUNT)),
    RESULTS("results", Kind.SNAPSHOT, null, List.of("election_id", "area_code", "party_code"),
            required("election_id", ID).references("elections"),
            required("area_code", UPPER_ID),
            required("party_code", UPPER_ID),
            optional("candidate", TEXT).personal(),
            required("votes", COUNT),
            required("electorate", COUNT)),
    MARKED_REGISTER("marked_register", Kind.SNAPSHOT, null, List.of("election_id", "elector_id"),
            required("election_id", ID).references("elections"),
            required("elector_id", ID).pseudonymised().references("electors"),
            optional("vote_method", CODE).codes(Codes.VOTE_METHOD)),
    PILOT_SEATS("pilot_seats", Kind.REFERENCE, null, List.of(Columns.SEAT_CODE, "cohort"),
            required(Columns.SEAT_CODE, UPPER_ID).references("seats"),
            required("cohort", ID),
            required("applied_on", DATE),
            required("selected", BOOLEAN),
            optional("start_month", MONTH),
            optional("end_month", MONTH),
            optional("organiser_id", ID).references("organisers"),
            optional("target_recruits_per_month", COUNT),
            optional("target_trained_per_month", COUNT)),
    AID("aid", Kind.FACT, "given_on", List.of(),
            required("given_on", DATE),
            required("from_seat", UPPER_ID).references("seats"),
            required("to_seat", UPPER_ID).references("seats"),
            required("aid_type", CODE).codes(Codes.AID_TYPE),
            required("value_gbp", MONEY));

    /** How a source is loaded: reference and snapshot sources whole, facts partitioned by month. */
    public enum Kind { REFERENCE, SNAPSHOT, FACT }

    private final String folder;
    private final Kind kind;
    private final String dateColumn;
    private final List<String> key;
    private final List<Column> columns;

    Source(String folder, Kind kind, String dateColumn, List<String> key, Column... columns) {
        this.folder = folder;
        this.kind = kind;
        this.dateColumn = dateColumn;
        this.key = key;
        this.columns = List.of(columns);
    }

    /** Folder under the landing zone, and the table's name in curated/. */
    public String folder() { return folder; }

    public Kind kind() { return kind; }

    /** The date that places a fact row in a month (its partition); null for reference and snapshot sources. */
    public String dateColumn() { return dateColumn; }

    /** The key columns; empty when only exact duplicate rows are duplicates (communications, aid). */
    public List<String> key() { return key; }

    public List<Column> columns() { return columns; }

    /** Only seats is required; a missing optional source is an empty table. */
    public boolean isRequiredSource() { return this == SEATS; }

    public Column column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(folder + " has no column " + name));
    }

    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public boolean hasPersonalData() {
        return columns.stream().anyMatch(c -> c.privacy() == Privacy.PERSONAL);
    }

    public static Optional<Source> byFolder(String folder) {
        return Arrays.stream(values()).filter(s -> s.folder.equals(folder)).findFirst();
    }
}
