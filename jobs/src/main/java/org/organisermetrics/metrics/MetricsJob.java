package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.IngestJob;
import org.organisermetrics.ingest.SourceIngest;
import org.organisermetrics.warehouse.Publisher;
import org.organisermetrics.warehouse.Warehouse;

/**
 * The metrics stage of a run: identity resolution, then every metric table, written under the
 * run's staging folder. Reads like the list of tables it makes.
 */
public final class MetricsJob {
    private static final Logger LOG = LogManager.getLogger(MetricsJob.class);
    public static final String LINKS = "links";

    /** Every metric table this job writes, for the catalogue and the docs. */
    public static final List<TableDoc> TABLES = List.of(
            SeatMonth.TABLE, OrganiserMonth.TABLE, IdentityResolution.MATCH_TABLE);

    private final SparkSession spark;
    private final Warehouse warehouse;
    private final MetricSettings settings;
    private final List<Publisher.Table> written = new ArrayList<>();

    public MetricsJob(SparkSession spark, Warehouse warehouse, MetricSettings settings) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.settings = settings;
    }

    public List<Publisher.Table> run(IngestJob.Result ingest) {
        IdentityResolution.Result identity = resolveIdentities(ingest);
        CuratedTables curated = new RunCuratedTables(spark, ingest, warehouse, settings, identity.links().cache());
        writeWhole(Warehouse.RESTRICTED, LINKS, identity.links());
        writeRunPartition(IdentityResolution.MATCH_TABLE.name(), identity.matchCounts());

        Dataset<Row> seatMonth = SeatMonth.compute(spark, curated, settings).cache();
        writeMonths(SeatMonth.TABLE.name(), seatMonth);
        writeMonths(OrganiserMonth.TABLE.name(), OrganiserMonth.compute(spark, curated, settings, seatMonth));
        seatMonth.unpersist();
        return List.copyOf(written);
    }

    private IdentityResolution.Result resolveIdentities(IngestJob.Result ingest) {
        long t = System.nanoTime();
        IdentityResolution.Result r = IdentityResolution.resolve(spark,
                loaded(ingest, Source.VOLUNTEERS).select("volunteer_key", "elector_key", "member_key",
                        "email_key", "phone_key", "name_postcode_key"),
                loaded(ingest, Source.MEMBERS).select("member_key", "elector_key", "email_key", "phone_key", "name_postcode_key"),
                loaded(ingest, Source.ELECTORS).select("elector_key", "name_postcode_key"),
                settings.runId());
        LOG.info("identity resolution: {} ms", (System.nanoTime() - t) / 1_000_000);
        return r;
    }

    private static Dataset<Row> loaded(IngestJob.Result ingest, Source source) {
        return ingest.rows().get(source).where(col(SourceIngest.STATUS).equalTo(SourceIngest.LOADED));
    }

    /** A monthly table: the run's months replace the published ones, other months stay. */
    private void writeMonths(String table, Dataset<Row> rows) {
        long t = System.nanoTime();
        rows.repartition(col(Months.MONTH)).write().mode(SaveMode.Overwrite).partitionBy(Months.MONTH)
                .parquet(warehouse.staged(settings.runId(), Warehouse.METRICS, table).toString());
        List<String> partitions = new ArrayList<>();
        Months.between(settings.fromMonth(), settings.toMonth()).forEach(m -> partitions.add(Months.MONTH + "=" + m));
        written.add(Publisher.Table.partitions(Warehouse.METRICS, table, partitions));
        LOG.info("{}: written ({} ms)", table, (System.nanoTime() - t) / 1_000_000);
    }

    /** A table replaced whole by every run. */
    private void writeWhole(String zone, String table, Dataset<Row> rows) {
        rows.coalesce(1).write().mode(SaveMode.Overwrite).parquet(warehouse.staged(settings.runId(), zone, table).toString());
        written.add(Publisher.Table.whole(zone, table));
    }

    /** A per-run table: this run's rows in their own run_id partition. */
    private void writeRunPartition(String table, Dataset<Row> rows) {
        String partition = "run_id=" + settings.runId();
        rows.drop("run_id").coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(warehouse.staged(settings.runId(), Warehouse.METRICS, table).toString() + "/" + partition);
        written.add(Publisher.Table.partitions(Warehouse.METRICS, table, List.of(partition)));
    }
}
