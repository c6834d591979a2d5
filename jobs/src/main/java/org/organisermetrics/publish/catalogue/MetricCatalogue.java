package org.organisermetrics.publish.catalogue;

import java.util.ArrayList;
import java.util.List;
import org.organisermetrics.evaluate.EvaluationJob;
import org.organisermetrics.ingest.IngestWriter;
import org.organisermetrics.metrics.MetricsJob;
import org.organisermetrics.warehouse.TableDoc;

/**
 * Every output table an analyst can query, with its grain, key and columns, from the TableDoc
 * beside the code that computes it. docs/metrics.md holds {@link #markdown()} between markers,
 * checked by a test.
 */
public final class MetricCatalogue {
    public static final String BEGIN = "<!-- BEGIN GENERATED: MetricCatalogue -->";
    public static final String END = "<!-- END GENERATED: MetricCatalogue -->";

    public static final TableDoc DATA_QUALITY = new TableDoc(IngestWriter.DATA_QUALITY,
            "one row per run per landing source (every source, read or reused): what became of its rows. Sum a "
                    + "column over the sources of one run_id for the run's totals; the reasons are in data_quality_reason",
            List.of("run_id", "source"), List.of(
            TableDoc.column("source", "the landing source (folder name)"),
            TableDoc.column("reused", "true when no file of the source changed since the published run: its files were "
                    + "not read again and its published rows (rows_kept) stand; the counts of this run are then 0"),
            TableDoc.column("files_read", "landing files read for the source in this run"),
            TableDoc.column("rows_read", "data rows read in this run; = rows_loaded + duplicates + rows_outside_period + rows_quarantined"),
            TableDoc.column("rows_loaded", "rows loaded into curated in this run"),
            TableDoc.column("duplicates", "exact duplicate rows, loaded once"),
            TableDoc.column("rows_outside_period", "fact rows dated outside the run's months: they wait for their own month's run"),
            TableDoc.column("rows_quarantined", "rows quarantined, all reasons (data_quality_reason splits them)"),
            TableDoc.column("rows_kept", "for a reused source, the rows of its published table the run keeps unchanged; 0 when the source was read"),
            TableDoc.column("run_id", "the run")));

    public static final TableDoc DATA_QUALITY_REASON = new TableDoc(IngestWriter.DATA_QUALITY_REASON,
            "one row per run per landing source per quarantine reason that quarantined at least one row; the "
                    + "rows_quarantined of a run and source add up to data_quality.rows_quarantined",
            List.of("run_id", "source", "reason"), List.of(
            TableDoc.column("source", "the landing source (folder name)"),
            TableDoc.column("reason", "the quarantine reason code (docs/landing-contract.md)"),
            TableDoc.column("rows_quarantined", "rows of the source quarantined for this reason in the run"),
            TableDoc.column("run_id", "the run")));

    public static final TableDoc DATA_QUALITY_WARNING = new TableDoc(IngestWriter.DATA_QUALITY_WARNING,
            "one row per run per landing source per warning that counted at least one loaded row; a row can carry "
                    + "several warnings, so these counts do not add up to data_quality.rows_loaded",
            List.of("run_id", "source", "warning"), List.of(
            TableDoc.column("source", "the landing source (folder name)"),
            TableDoc.column("warning", "the warning code (docs/landing-contract.md): the row loaded, and is counted here"),
            TableDoc.column("rows_loaded", "rows of the source loaded in the run under this warning"),
            TableDoc.column("run_id", "the run")));

    private MetricCatalogue() {}

    public static List<TableDoc> tables() {
        List<TableDoc> all = new ArrayList<>(MetricsJob.TABLES);
        all.addAll(EvaluationJob.TABLES);
        all.add(DATA_QUALITY);
        all.add(DATA_QUALITY_REASON);
        all.add(DATA_QUALITY_WARNING);
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
