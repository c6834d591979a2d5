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
            SeatMonth.TABLE, OrganiserMonth.TABLE, SeatElection.TABLE, WardIssue.TABLE, MutualAid.TABLE, MutualAidPair.TABLE,
            IdentityResolution.MATCH_TABLE,
            // pilot evaluation (pilot branch): see PilotEvaluation and docs/pilot-evaluation.md
            PilotEvaluation.TABLE, PilotEvaluation.SEAT_CHANGE_TABLE, PilotEvaluation.EVENT_STUDY_TABLE, OrganiserLeague.TABLE);

    private final SparkSession spark;
    private final Warehouse warehouse;
    private final MetricSettings settings;
    private final List<Publisher.Table> written = new ArrayList<>();

    /** The run that made the published state, when its metrics are comparable with this run's; else null. */
    private final String comparableRun;

    /**
     * @param comparableRun the run that made the published state when it ran the same program
     *     version for the same own party (null otherwise, or for a first run): what it computed from
     *     sources this run reuses unchanged still holds and is kept, not computed again
     *     (seat_election's earlier elections, identity links)
     */
    public MetricsJob(SparkSession spark, Warehouse warehouse, MetricSettings settings, String comparableRun) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.settings = settings;
        this.comparableRun = comparableRun;
    }

    public List<Publisher.Table> run(IngestJob.Result ingest) {
        Dataset<Row> links;
        org.apache.hadoop.fs.Path publishedLinks = warehouse.published(Warehouse.RESTRICTED, LINKS);
        org.apache.hadoop.fs.Path publishedMatch = new org.apache.hadoop.fs.Path(
                warehouse.published(Warehouse.METRICS, IdentityResolution.MATCH_TABLE.name()), "run_id=" + comparableRun);
        if (comparableRun != null && ingest.reused().containsAll(IdentityResolution.INPUTS)
                && warehouse.exists(publishedLinks) && warehouse.exists(publishedMatch)) {
            // volunteers, members and electors unchanged: the published links stand (left in place by
            // the publisher), and this run's identity_match partition repeats the counts they came with
            LOG.info("identity resolution: volunteers, members and electors unchanged; the links of run {} kept", comparableRun);
            links = warehouse.read(spark, publishedLinks, IdentityResolution.LINKS_SCHEMA);
            writeRunPartition(IdentityResolution.MATCH_TABLE.name(), spark.read().parquet(publishedMatch.toString()));
        } else {
            IdentityResolution.Result identity = resolveIdentities(ingest);
            writeWhole(Warehouse.RESTRICTED, LINKS, identity.links());
            links = staged(Warehouse.RESTRICTED, LINKS, IdentityResolution.LINKS_SCHEMA);
            writeRunPartition(IdentityResolution.MATCH_TABLE.name(), identity.matchCounts());
        }
        CuratedTables curated = new RunCuratedTables(spark, warehouse, settings, links);

        Dataset<Row> seatMonthRows = SeatMonth.compute(spark, curated, settings);
        writeMonths(SeatMonth.TABLE.name(), seatMonthRows);
        Dataset<Row> seatMonth = staged(Warehouse.METRICS, SeatMonth.TABLE.name(), seatMonthRows.schema());
        writeMonths(OrganiserMonth.TABLE.name(), OrganiserMonth.compute(spark, curated, settings, seatMonth));

        writeWhole(Warehouse.METRICS, SeatElection.TABLE.name(), seatElection(curated, ingest));
        writeMonths(WardIssue.TABLE.name(), WardIssue.compute(spark, curated, settings));
        Dataset<Row> mutualAidRows = MutualAid.compute(spark, curated, settings);
        writeMonths(MutualAid.TABLE.name(), mutualAidRows);
        Dataset<Row> mutualAid = staged(Warehouse.METRICS, MutualAid.TABLE.name(), mutualAidRows.schema());
        writeMonths(MutualAidPair.TABLE.name(), MutualAidPair.fromMutualAid(mutualAid, settings));

        // pilot evaluation (pilot branch): evaluated at every month of the run, reading seat_month history
        // (each month as a run ending that month would evaluate it)
        Dataset<Row> seatMonthHistory = PilotEvaluation.seatMonthHistory(spark, warehouse, settings, seatMonth);
        PilotEvaluation.Tables pilot = PilotEvaluation.compute(spark, curated, settings, seatMonthHistory);
        List<String> evaluationMonths = Months.between(settings.fromMonth(), settings.toMonth()).stream()
                .map(java.time.LocalDate::toString).toList();
        writeBy(PilotEvaluation.TABLE.name(), pilot.estimates(), PilotEvaluation.EVALUATION_MONTH, evaluationMonths);
        writeBy(PilotEvaluation.SEAT_CHANGE_TABLE.name(), pilot.seatChanges(), PilotEvaluation.EVALUATION_MONTH, evaluationMonths);
        writeBy(PilotEvaluation.EVENT_STUDY_TABLE.name(), pilot.eventStudy(), PilotEvaluation.EVALUATION_MONTH, evaluationMonths);
        writeBy(OrganiserLeague.TABLE.name(), OrganiserLeague.compute(spark, curated, settings, seatMonthHistory),
                PilotEvaluation.EVALUATION_MONTH, evaluationMonths);
        return List.copyOf(written);
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
        written.add(Publisher.Table.months(Warehouse.METRICS, table, settings.fromMonth(), settings.toMonth()));
        LOG.info("{}: written ({} ms)", table, (System.nanoTime() - t) / 1_000_000);
    }

    /** A table this run has staged, read back (short plans for what follows). */
    private Dataset<Row> staged(String zone, String table, org.apache.spark.sql.types.StructType schema) {
        // With the schema it was written with: an empty table has no Parquet file to infer one from.
        return spark.read().schema(schema).parquet(warehouse.staged(settings.runId(), zone, table).toString());
    }

    /** A table partitioned by another column (evaluation_month): the partitions the run touches are replaced. */
    private void writeBy(String table, Dataset<Row> rows, String partitionColumn, List<String> values) {
        long t = System.nanoTime();
        rows.repartition(col(partitionColumn)).write().mode(SaveMode.Overwrite).partitionBy(partitionColumn)
                .parquet(warehouse.staged(settings.runId(), Warehouse.METRICS, table).toString());
        List<String> partitions = new ArrayList<>();
        values.forEach(v -> partitions.add(partitionColumn + "=" + v));
        written.add(Publisher.Table.partitions(Warehouse.METRICS, table, partitions));
        LOG.info("{}: written ({} ms)", table, (System.nanoTime() - t) / 1_000_000);
    }

    /** A table replaced whole by every run. */
    private void writeWhole(String zone, String table, Dataset<Row> rows) {
        long t = System.nanoTime();
        rows.coalesce(1).write().mode(SaveMode.Overwrite).parquet(warehouse.staged(settings.runId(), zone, table).toString());
        written.add(Publisher.Table.whole(zone, table));
        LOG.info("{}: written ({} ms)", table, (System.nanoTime() - t) / 1_000_000);
    }

    /** A per-run table: this run's rows in their own run_id partition. */
    private void writeRunPartition(String table, Dataset<Row> rows) {
        String partition = "run_id=" + settings.runId();
        rows.drop("run_id").coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(warehouse.staged(settings.runId(), Warehouse.METRICS, table).toString() + "/" + partition);
        written.add(Publisher.Table.partitions(Warehouse.METRICS, table, List.of(partition)));
    }
}
