package org.organisermetrics.publish.catalogue;

import org.organisermetrics.warehouse.TableDoc;

/**
 * Every published table an analyst can query ({@link PublishedTables}), with its grain, key and
 * columns, from the TableDoc beside the code that computes it. docs/metrics.md holds {@link #markdown()} between markers,
 * checked by a test.
 */
public final class MetricCatalogue {
    public static final String BEGIN = "<!-- BEGIN GENERATED: MetricCatalogue -->";
    public static final String END = "<!-- END GENERATED: MetricCatalogue -->";

    private MetricCatalogue() {}

    public static String markdown() {
        StringBuilder md = new StringBuilder();
        for (TableDoc t : PublishedTables.ALL) {
            md.append("### `").append(t.name()).append("`\n\n");
            md.append("Grain: ").append(t.grain()).append(". Key: (").append(String.join(", ", t.key())).append("). Stored: ")
                    .append(t.partitioning().describe()).append(".\n\n");
            md.append("| column | meaning |\n|---|---|\n");
            t.columns().forEach(c -> md.append("| `").append(c.name()).append("` | ")
                    .append(c.description().replace("|", "\\|")).append(" |\n"));
            md.append('\n');
        }
        return md.toString();
    }
}
