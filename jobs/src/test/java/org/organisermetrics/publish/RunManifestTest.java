package org.organisermetrics.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A manifest sits in runs/, which analysts read: a gate failure's examples keep no landing value. */
class RunManifestTest {
    @Test
    void aGateFailuresExamplesKeepNoLandingValue() {
        List<String> problems = List.of(
                "contacts: 3 of 40 rows quarantined (7.50%, limit 1.00%); worst reasons: bad_value 3",
                "examples (file:line reason: detail):",
                "  contacts/2024/05.csv:7 bad_value: email = 'jo.bloggs@@example.org': not an email address",
                "  volunteers/volunteers.csv:2 missing_value: phone is empty");
        assertEquals(List.of(
                "contacts: 3 of 40 rows quarantined (7.50%, limit 1.00%); worst reasons: bad_value 3",
                "examples (file:line reason: detail):",
                "  contacts/2024/05.csv:7 bad_value: email = (value left out): not an email address",
                "  volunteers/volunteers.csv:2 missing_value: phone is empty"), RunManifest.withoutValues(problems));
    }
}
