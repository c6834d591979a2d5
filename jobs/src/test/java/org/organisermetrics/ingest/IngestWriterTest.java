package org.organisermetrics.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.organisermetrics.contract.Source;

/** When the curated facts need the shuffle by month (no Spark session). */
class IngestWriterTest {

    @Test
    void aFileWithRowsOfTwoMonthsMakesItsSourceShuffle() {
        Map<String, Set<String>> months = Map.of(
                "contacts/2024-01.csv", Set.of("2024-01"),
                "contacts/2024-02.csv", Set.of("2024-02", "2024-01"),
                "activities/2024-01.csv", Set.of("2024-01"));
        assertTrue(IngestWriter.spansMonths(Source.CONTACTS, months));
        assertFalse(IngestWriter.spansMonths(Source.ACTIVITIES, months));
    }

    @Test
    void anotherSourcesFileDoesNotCount() {
        // "contacts_archive/" starts with "contacts" but is not contacts' folder.
        Map<String, Set<String>> months = Map.of(
                "activities/2024-01.csv", Set.of("2024-01", "2024-02"),
                "contacts_archive/x.csv", Set.of("2024-01", "2024-02"),
                "contacts/2024-01.csv", Set.of("2024-01"));
        assertFalse(IngestWriter.spansMonths(Source.CONTACTS, months));
        assertTrue(IngestWriter.spansMonths(Source.ACTIVITIES, months));
    }
}
