package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.SourceIngest;
import org.organisermetrics.warehouse.Warehouse;

/**
 * The curated tables as they will be once this run is published, before anything is published:
 * reference and snapshot sources as this run staged them; facts as the published months outside
 * the run plus this run's staged months. Metrics computed from it match what a later reader of the
 * warehouse sees, and a run that fails leaves the warehouse untouched.
 */
public final class RunCuratedTables implements CuratedTables {
    private final SparkSession spark;
    private final Warehouse warehouse;
    private final MetricSettings settings;
    private final Dataset<Row> links;

    public RunCuratedTables(SparkSession spark, Warehouse warehouse, MetricSettings settings, Dataset<Row> links) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.settings = settings;
        this.links = links;
    }

    /**
     * This run's rows come from the Parquet it has just staged, not from the ingest's in-memory
     * lineage: the plans stay short (Spark's analyser and plan strings grow with lineage), and a
     * lost executor on a cluster re-reads files instead of recomputing the ingest.
     */
    @Override
    public Dataset<Row> table(Source source) {
        StructType schema = CuratedTables.curatedSchema(source);
        Path staged = warehouse.staged(settings.runId(), Warehouse.CURATED, source.folder());
        Path published = warehouse.published(Warehouse.CURATED, source.folder());
        if (source.kind() != Source.Kind.FACT) {
            // a reference or snapshot source whose files had not changed is not staged: the run keeps the published table
            return warehouse.read(spark, warehouse.exists(staged) ? staged : published, schema);
        }
        Dataset<Row> fromRun = warehouse.read(spark, staged, schema);
        Dataset<Row> history = warehouse.read(spark, published, schema)
                .where(col(SourceIngest.MONTH).lt(lit(settings.fromMonth())).or(col(SourceIngest.MONTH).gt(lit(settings.toMonth()))));
        return history.unionByName(fromRun);
    }

    @Override
    public Dataset<Row> personLinks() {
        return links;
    }
}
