package org.organisermetrics.publish.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.organisermetrics.evaluate.EvaluationJob;
import org.organisermetrics.ingest.IngestWriter;
import org.organisermetrics.metrics.MetricsJob;
import org.organisermetrics.warehouse.TableDoc;

/**
 * Every published table of the metrics zone, each declared once beside the code that computes it
 * ({@link TableDoc}: name, grain, key, partitioning, schema, column meanings): the metrics stage's
 * tables, the evaluation's, then the data quality tables the ingest writes. The catalogue (views,
 * types, comments, partitions), docs/metrics.md and the tests read this list; the curated tables are
 * declared by the landing contract ({@link org.organisermetrics.contract.Source}).
 */
public final class PublishedTables {

    /** In the order docs/metrics.md lists them. */
    public static final List<TableDoc> ALL = all();

    private PublishedTables() {}

    private static List<TableDoc> all() {
        List<TableDoc> all = new ArrayList<>(MetricsJob.TABLES);
        all.addAll(EvaluationJob.TABLES);
        all.addAll(IngestWriter.DATA_QUALITY_TABLES);
        List<String> names = all.stream().map(TableDoc::name).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalStateException("two published tables share a name: " + names);
        }
        return List.copyOf(all);
    }

    /** The published table of this name, if there is one. */
    public static Optional<TableDoc> named(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
