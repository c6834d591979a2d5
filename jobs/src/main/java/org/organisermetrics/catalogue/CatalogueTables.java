package org.organisermetrics.catalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.ParsedRows;
import org.organisermetrics.ingest.SourceIngest;
import org.organisermetrics.metrics.MetricCatalogue;
import org.organisermetrics.metrics.TableDoc;
import org.organisermetrics.warehouse.Warehouse;

/**
 * Every view of the catalogue, described from the code that makes the table: metric tables from
 * {@link MetricCatalogue} (grain, key, each column's meaning), curated tables from the landing
 * contract ({@link Source}: type, rule, reference, privacy of each column). The restricted zone
 * (quarantine, identity keys, identity links) is never listed here.
 */
public final class CatalogueTables {

    /** How each metric table is partitioned on disk (MetricsJob and IngestWriter write them so). */
    private static final Map<String, String> METRIC_PARTITIONS = Map.ofEntries(
            Map.entry("seat_month", "month"), Map.entry("organiser_month", "month"), Map.entry("ward_issue", "month"),
            Map.entry("mutual_aid", "month"), Map.entry("mutual_aid_pair", "month"), Map.entry("identity_match", "run_id"),
            Map.entry("data_quality", "run_id"), Map.entry("data_quality_reason", "run_id"),
            Map.entry("data_quality_warning", "run_id"),
            Map.entry("pilot_evaluation", "evaluation_month"), Map.entry("pilot_seat_change", "evaluation_month"),
            Map.entry("pilot_event_study", "evaluation_month"),
            Map.entry("organiser_league", "evaluation_month"));

    /**
     * Plain meanings of curated columns an analyst joins on, by column name, or by table.column where the
     * meaning is the table's own; the contract's rule is added to each.
     */
    private static final Map<String, String> MEANINGS = Map.ofEntries(
            Map.entry("seat_code", "the seat (Westminster constituency, ONS code)"),
            Map.entry("ward_code", "the council ward (ONS code)"),
            Map.entry("region", "the region"),
            Map.entry("volunteer_key", "the volunteer (keyed hash of volunteer_id)"),
            Map.entry("elector_key", "the elector (keyed hash of elector_id)"),
            Map.entry("member_key", "the member (keyed hash of member_id)"),
            Map.entry("canvasser_key", "the volunteer who made the contact (keyed hash of canvasser_id)"),
            Map.entry("event_signups.person_key", "the person signed up to the event (keyed hash of person_id, keyed as a volunteer:"
                    + " equals volunteers.volunteer_key and activities.volunteer_key when the person volunteers)"),
            Map.entry("event_signups.event_id", "the event signed up to (events.event_id); a sign-up whose event is not in events counts in no metric"),
            Map.entry("event_signups.status", "the sign-up's outcome: SIGNED_UP (no outcome recorded), ATTENDED, NO_SHOW (did not come),"
                    + " CANCELLED (cancelled beforehand)"),
            Map.entry("intention", "the voting intention the elector gave (a party code, or NOT_HOME, REFUSED...)"),
            Map.entry("organiser_id", "the community organiser"),
            Map.entry("election_id", "the election"),
            Map.entry("course_code", "the training course"));

    private CatalogueTables() {}

    /** The curated tables then the metric tables, in a stable order. */
    public static List<CatalogueTable> all() {
        List<CatalogueTable> out = new ArrayList<>();
        for (Source s : Source.values()) {
            out.add(curated(s));
        }
        for (TableDoc t : MetricCatalogue.tables()) {
            out.add(metric(t));
        }
        return out;
    }

    public static CatalogueTable metric(TableDoc t) {
        Map<String, String> columns = new LinkedHashMap<>();
        t.columns().forEach(c -> columns.put(c.name(), c.description()));
        String comment = "Metric table " + t.name() + ": " + t.grain() + "; key (" + String.join(", ", t.key())
                + "). Definitions: docs/metrics.md.";
        return new CatalogueTable(t.name(), Warehouse.METRICS, METRIC_PARTITIONS.get(t.name()), comment, columns);
    }

    public static CatalogueTable curated(Source s) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (Column c : ParsedRows.curatedColumns(s)) {
            columns.put(c.curatedName(), describe(s, c));
        }
        String partition = null;
        if (s.kind() == Source.Kind.FACT) {
            partition = SourceIngest.MONTH;
            columns.put(SourceIngest.MONTH, "the month of " + s.dateColumn() + " (its first day); the table's partition");
        }
        String key = s.key().isEmpty() ? "no key (only exact duplicate rows are duplicates)"
                : "key (" + s.key().stream().map(k -> s.column(k).curatedName()).collect(Collectors.joining(", ")) + ")";
        String kind = switch (s.kind()) {
            case REFERENCE -> "reference table, loaded whole by every run";
            case SNAPSHOT -> "snapshot, loaded whole by every run";
            case FACT -> "fact table, one partition per month of " + s.dateColumn();
        };
        String comment = "Curated " + s.folder() + " (landing source " + s.folder() + "/): " + kind + "; " + key
                + ". No personal values: names, emails, phones, addresses and postcodes stay in the restricted zone;"
                + " person ids are keyed hashes (*_key). Contract: docs/landing-contract.md.";
        return new CatalogueTable(s.folder(), Warehouse.CURATED, partition, comment, columns);
    }

    private static String describe(Source s, Column c) {
        List<String> parts = new ArrayList<>();
        parts.add(MEANINGS.getOrDefault(s.folder() + "." + c.curatedName(),
                MEANINGS.getOrDefault(c.curatedName(), "landing column " + c.name())));
        parts.add(switch (c.type()) {
            case CODE -> "one of " + c.codes().stream().sorted().collect(Collectors.joining(", "));
            case UPPER_ID -> "upper-case code";
            case DATE -> "a date";
            case MONTH -> "a month (its first day)";
            case BOOLEAN -> "true or false";
            case COUNT -> "a whole number >= 0";
            case HOURS -> "hours, 0 < hours <= 24";
            case MONEY -> "pounds, 2 decimal places";
            case ID -> c.privacy() == org.organisermetrics.contract.Privacy.PSEUDONYMISED
                    ? "HMAC-SHA256 keyed hash of the landing column " + c.name() + ", the same person gets the same key in every table"
                    : "an identifier as written in the landing file";
            case TEXT -> "free text";
        });
        if (c.references() != null) {
            parts.add("refers to " + c.references());
        }
        if (!c.required()) {
            parts.add("may be empty");
        }
        return String.join("; ", parts);
    }
}
