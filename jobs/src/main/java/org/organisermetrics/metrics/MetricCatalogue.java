package org.organisermetrics.metrics;

import java.util.ArrayList;
import java.util.List;
import org.organisermetrics.ingest.IngestWriter;

/**
 * Every output table an analyst can query, with its grain, key and columns, from the TableDoc
 * beside the code that computes it. docs/metrics.md holds {@link #markdown()} between markers,
 * checked by a test.
 */
public final class MetricCatalogue {
    public static final String BEGIN = "<!-- BEGIN GENERATED: MetricCatalogue -->";
    public static final String END = "<!-- END GENERATED: MetricCatalogue -->";

    public static final TableDoc DATA_QUALITY = new TableDoc(IngestWriter.DATA_QUALITY,
            "one row per run per source per reason", List.of("run_id", "source", "reason"), List.of(
            TableDoc.column("source", "the landing source (folder name)"),
            TableDoc.column("reason", "'all' for the source's totals, else a quarantine reason or a warning code (docs/landing-contract.md)"),
            TableDoc.column("files_read", "landing files read for the source (totals row only)"),
            TableDoc.column("rows_read", "data rows read (totals row only); = rows_loaded + duplicates + rows_outside_period + rows_quarantined"),
            TableDoc.column("rows_loaded", "rows loaded into curated (totals row); on a warning's row, the loaded rows counted under it"),
            TableDoc.column("duplicates", "exact duplicate rows, loaded once (totals row only)"),
            TableDoc.column("rows_outside_period", "fact rows dated outside the run's months: they wait for their own month's run (totals row only)"),
            TableDoc.column("rows_quarantined", "rows quarantined (all reasons on the totals row, else for this reason)"),
            TableDoc.column("run_id", "the run")));

    private MetricCatalogue() {}

    public static List<TableDoc> tables() {
        List<TableDoc> all = new ArrayList<>(MetricsJob.TABLES);
        all.add(DATA_QUALITY);
        return all;
    }

    public static String markdown() {
        StringBuilder md = new StringBuilder();
        for (TableDoc t : tables()) {
            md.append("### `").append(t.name()).append("`\n\n");
            md.append("Grain: ").append(t.grain()).append(". Key: (").append(String.join(", ", t.key())).append(").\n\n");
            md.append("| column | meaning |\n|---|---|\n");
            t.columns().forEach(c -> md.append("| `").append(c.name()).append("` | ")
                    .append(c.description().replace("|", "\\|")).append(" |\n"));
            md.append('\n');
        }
        return md.toString();
    }
}
