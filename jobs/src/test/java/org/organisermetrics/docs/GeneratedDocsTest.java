package org.organisermetrics.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.organisermetrics.contract.ContractDoc;
import org.organisermetrics.publish.catalogue.MetricCatalogue;
import org.organisermetrics.testing.Fixtures;

/**
 * The documents that describe the code are generated from it: docs/landing-contract.md from the
 * contract enum, docs/metrics.md from the metric classes' TableDocs. When a definition changes,
 * this test fails until the docs are regenerated:
 * {@code mvn -q test -Dtest=GeneratedDocsTest -Dorganiser-metrics.update-docs=true}.
 */
class GeneratedDocsTest {

    @Test
    void landingContractDocMatchesTheCode() throws IOException {
        check(Fixtures.repoRoot().resolve("docs/landing-contract.md"), ContractDoc.BEGIN, ContractDoc.END, ContractDoc.markdown());
    }

    @Test
    void metricCatalogueDocMatchesTheCode() throws IOException {
        check(Fixtures.repoRoot().resolve("docs/metrics.md"), MetricCatalogue.BEGIN, MetricCatalogue.END, MetricCatalogue.markdown());
    }

    private static void check(Path doc, String begin, String end, String generated) throws IOException {
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new AssertionError(doc + " has no generated section between " + begin + " and " + end);
        }
        String current = text.substring(from + begin.length(), to);
        String expected = "\n" + generated;
        if (Boolean.getBoolean("organiser-metrics.update-docs")) {
            Files.writeString(doc, text.substring(0, from + begin.length()) + expected + text.substring(to), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, current, doc + " is out of date: regenerate it with "
                + "mvn -q test -Dtest=GeneratedDocsTest -Dorganiser-metrics.update-docs=true");
    }
}
