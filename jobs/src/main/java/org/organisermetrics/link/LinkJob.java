package org.organisermetrics.link;

import static org.apache.spark.sql.functions.col;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.IngestJob;
import org.organisermetrics.ingest.SourceIngest;
import org.organisermetrics.warehouse.StagedTables;
import org.organisermetrics.warehouse.Warehouse;

/**
 * The link stage of a run: which volunteer, member and elector records are the same person
 * ({@link IdentityResolution}), staged as the restricted links table and the identity_match counts.
 * When volunteers, members and electors are unchanged since a comparable published run, its links
 * stand.
 */
public final class LinkJob {
    private static final Logger LOG = LogManager.getLogger(LinkJob.class);
    /** The restricted table of links (pseudonymous keys only). */
    public static final String LINKS = "links";

    private final SparkSession spark;
    private final Warehouse warehouse;
    private final String runId;
    private final StagedTables staged;
    private final String comparableRun;

    /**
     * @param comparableRun the run that made the published state when it ran the same program
     *     version for the same own party (null otherwise, or for a first run): its links still hold
     *     when their inputs are unchanged
     */
    public LinkJob(SparkSession spark, Warehouse warehouse, String runId, StagedTables staged, String comparableRun) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.runId = runId;
        this.staged = staged;
        this.comparableRun = comparableRun;
    }

    /** The links, staged (or the published ones, kept), for the metrics to read. */
    public Dataset<Row> run(IngestJob.Result ingest) {
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
            staged.write(IdentityResolution.MATCH_TABLE, spark.read().parquet(publishedMatch.toString()));
        } else {
            IdentityResolution.Result identity = resolveIdentities(ingest);
            staged.writeWhole(Warehouse.RESTRICTED, LINKS, identity.links());
            links = staged.staged(Warehouse.RESTRICTED, LINKS, IdentityResolution.LINKS_SCHEMA);
            staged.write(IdentityResolution.MATCH_TABLE, identity.matchCounts());
        }
        return links;
    }

    private IdentityResolution.Result resolveIdentities(IngestJob.Result ingest) {
        long t = System.nanoTime();
        IdentityResolution.Result r = IdentityResolution.resolve(spark,
                loaded(ingest, Source.VOLUNTEERS).select("volunteer_key", "elector_key", "member_key",
                        "email_key", "phone_key", "name_postcode_key"),
                loaded(ingest, Source.MEMBERS).select("member_key", "elector_key", "email_key", "phone_key", "name_postcode_key"),
                loaded(ingest, Source.ELECTORS).select("elector_key", "name_postcode_key"),
                runId);
        LOG.info("identity resolution: {} ms", (System.nanoTime() - t) / 1_000_000);
        return r;
    }

    private static Dataset<Row> loaded(IngestJob.Result ingest, Source source) {
        return ingest.rows().get(source).where(col(SourceIngest.STATUS).equalTo(SourceIngest.LOADED));
    }
}
