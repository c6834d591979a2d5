package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.IngestJob;
import org.organisermetrics.link.IdentityResolution;
import org.organisermetrics.warehouse.StagedTables;
import org.organisermetrics.warehouse.TableDoc;
import org.organisermetrics.warehouse.Warehouse;

/**
 * The metrics stage of a run: identity resolution, then every metric table, written under the
 * run's staging folder. Reads like the list of tables it makes.
 */
public final class MetricsJob {
    private static final Logger LOG = LogManager.getLogger(MetricsJob.class);

    /** Every metric table this job writes. */
    public static final List<TableDoc> TABLES = List.of(
            SeatMonth.TABLE, OrganiserMonth.TABLE, SeatElection.TABLE, WardIssue.TABLE, MutualAid.TABLE, MutualAidPair.TABLE,
            IdentityResolution.MATCH_TABLE);

    private final SparkSession spark;
    private final Warehouse warehouse;
    private final MetricSettings settings;
    private final StagedTables staged;

    /** The run that made the published state, when its metrics are comparable with this run's; else null. */
    private final String comparableRun;

    /**
     * @param comparableRun the run that made the published state when it ran the same program
     *     version for the same own party (null otherwise, or for a first run): what it computed from
     *     sources this run reuses unchanged still holds and is kept, not computed again
     *     (seat_election's earlier elections, identity links)
     */
    public MetricsJob(SparkSession spark, Warehouse warehouse, MetricSettings settings, StagedTables staged,
                      String comparableRun) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.settings = settings;
        this.comparableRun = comparableRun;
        this.staged = staged;
    }

    /** What the metrics stage leaves for the evaluation: the run's curated view and seat_month as staged. */
    public record Result(CuratedTables curated, Dataset<Row> seatMonth) {}

    /**
     * Every metric table of the run's months, from the staged curated tables, the published history
     * and the identity links.
     */
    public Result run(IngestJob.Result ingest, Dataset<Row> links) {
        CuratedTables curated = new RunCuratedTables(spark, warehouse, settings, links);

        Dataset<Row> seatMonthRows = SeatMonth.compute(spark, curated, settings);
        staged.write(SeatMonth.TABLE, seatMonthRows);
        Dataset<Row> seatMonth = staged.staged(Warehouse.METRICS, SeatMonth.TABLE.name(), seatMonthRows.schema());
        staged.write(OrganiserMonth.TABLE, OrganiserMonth.compute(spark, curated, settings, seatMonth));

        staged.write(SeatElection.TABLE, seatElection(curated, ingest));
        staged.write(WardIssue.TABLE, WardIssue.compute(spark, curated, settings));
        Dataset<Row> mutualAidRows = MutualAid.compute(spark, curated, settings);
        staged.write(MutualAid.TABLE, mutualAidRows);
        Dataset<Row> mutualAid = staged.staged(Warehouse.METRICS, MutualAid.TABLE.name(), mutualAidRows.schema());
        staged.write(MutualAidPair.TABLE, MutualAidPair.fromMutualAid(mutualAid, settings));

        return new Result(curated, seatMonth);
    }

    /**
     * Every election polled up to the run's last day: computed whole, or, when the earlier elections'
     * published rows still hold, those rows kept and only the elections polled in the run's months
     * computed (a month's run then costs its own elections, not five years of them).
     */
    private Dataset<Row> seatElection(CuratedTables curated, IngestJob.Result ingest) {
        org.apache.hadoop.fs.Path published = warehouse.published(Warehouse.METRICS, SeatElection.TABLE.name());
        if (comparableRun == null || !ingest.reused().containsAll(SeatElection.INPUTS) || !warehouse.exists(published)) {
            return SeatElection.compute(spark, curated, settings);
        }
        Dataset<Row> kept = spark.read().parquet(published.toString())
                .where(col("polling_date").lt(org.apache.spark.sql.functions.lit(settings.fromMonth())));
        LOG.info("seat_election: rows of elections polled before {} kept as published", settings.fromMonth());
        boolean pollsInRun = !curated.table(Source.ELECTIONS)
                .where(col("polling_date").between(settings.fromMonth(), settings.lastDay())).isEmpty();
        if (!pollsInRun) {
            // Nothing to compute: planning the joins of contacts, register and marked register only to
            // meet an empty set of elections still shuffles them (adaptive execution starts every stage).
            LOG.info("seat_election: no election polled from {} to {}", settings.fromMonth(), settings.lastDay());
            return kept.orderBy("polling_date", "election_id", "area_code");
        }
        Dataset<Row> computed = SeatElection.compute(spark, curated, settings, settings.fromMonth());
        return kept.unionByName(computed).orderBy("polling_date", "election_id", "area_code");
    }

}
