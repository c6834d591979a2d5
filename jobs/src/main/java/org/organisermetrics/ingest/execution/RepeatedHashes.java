package org.organisermetrics.ingest.execution;

import static org.apache.spark.sql.functions.col;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The values of one long column that occur more than once, each once: the first pass of the
 * repeated-keys check, over a 64-bit hash of every accepted row's key ({@link SparkExecution#rowsThatMayRepeat}).
 *
 * <p>Each task puts its hashes into {@link #BUCKETS} primitive arrays by their top bits and sends
 * each array as one row of bytes; the rows are shuffled by bucket, so every copy of a hash meets
 * the others in one task, which copies its buckets' hashes into one array, sorts it and scans for
 * equal neighbours. Keys are almost all unique, so a group-by with a count would aggregate every
 * key to merge nothing, and shuffling the hashes one row each would serialise and box every value;
 * sorting primitive arrays does neither.
 */
final class RepeatedHashes {
    /** Buckets by the hash's top six bits: enough for adaptive execution to spread them over tasks. */
    static final int BUCKETS = 64;
    private static final StructType BUCKET_SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("_bucket", DataTypes.IntegerType, false),
            DataTypes.createStructField("_hashes", DataTypes.BinaryType, false)));

    /** Spark's local properties for a job's call site ({@code org.apache.spark.util.CallSite}'s SHORT_FORM and LONG_FORM). */
    private static final String CALL_SITE_SHORT = "callSite.short";
    private static final String CALL_SITE_LONG = "callSite.long";

    private RepeatedHashes() {}

    static Dataset<Row> of(Dataset<Row> rows, String column) {
        var spark = (org.apache.spark.sql.classic.SparkSession) rows.sparkSession();
        RDD<InternalRow> hashes = rows.select(col(column)).queryExecution().toRdd();
        RDD<InternalRow> buckets = hashes.toJavaRDD().mapPartitions(RepeatedHashes::bucketed).rdd();
        // Adaptive execution runs the shuffle's map side from a thread of its own whose stack has none
        // of this program's frames: the call site names this method in the event log and the bench's table.
        var context = spark.sparkContext();
        context.setLocalProperty(CALL_SITE_SHORT, "RepeatedHashes.of");
        context.setLocalProperty(CALL_SITE_LONG, "org.organisermetrics.ingest.execution.RepeatedHashes.of(RepeatedHashes.java)");
        RDD<InternalRow> byBucket;
        try {
            byBucket = spark.internalCreateDataFrame(buckets, BUCKET_SCHEMA, false)
                    .repartition(col("_bucket")).queryExecution().toRdd();
        } finally {
            context.setLocalProperty(CALL_SITE_SHORT, null);
            context.setLocalProperty(CALL_SITE_LONG, null);
        }
        RDD<InternalRow> repeated = byBucket.toJavaRDD().mapPartitions(RepeatedHashes::repeatedInBuckets).rdd();
        StructType out = DataTypes.createStructType(List.of(DataTypes.createStructField(column, DataTypes.LongType, false)));
        return spark.internalCreateDataFrame(repeated, out, false);
    }

    /** A task's hashes (nulls skipped) as at most {@link #BUCKETS} rows: the bucket and its hashes' bytes. */
    static Iterator<InternalRow> bucketed(Iterator<InternalRow> rows) {
        long[][] bucket = new long[BUCKETS][];
        int[] size = new int[BUCKETS];
        while (rows.hasNext()) {
            InternalRow r = rows.next();
            if (r.isNullAt(0)) {
                continue;
            }
            long h = r.getLong(0);
            int b = bucketOf(h);
            if (bucket[b] == null) {
                bucket[b] = new long[256];
            } else if (size[b] == bucket[b].length) {
                bucket[b] = Arrays.copyOf(bucket[b], size[b] * 2);
            }
            bucket[b][size[b]++] = h;
        }
        List<InternalRow> out = new ArrayList<>();
        for (int b = 0; b < BUCKETS; b++) {
            if (size[b] > 0) {
                ByteBuffer bytes = ByteBuffer.allocate(size[b] * Long.BYTES);
                bytes.asLongBuffer().put(bucket[b], 0, size[b]);
                bucket[b] = null;
                out.add(new GenericInternalRow(new Object[] {b, bytes.array()}));
            }
        }
        return out.iterator();
    }

    static int bucketOf(long hash) {
        return (int) (hash >>> (Long.SIZE - Integer.numberOfTrailingZeros(BUCKETS)));
    }

    /** The rows of {@link #bucketed} that reached one task: each hash among them that occurs more than once, once. */
    static Iterator<InternalRow> repeatedInBuckets(Iterator<InternalRow> rows) {
        long[] all = new long[1024];
        int n = 0;
        while (rows.hasNext()) {
            var longs = ByteBuffer.wrap(rows.next().getBinary(1)).asLongBuffer();
            if (n + longs.remaining() > all.length) {
                all = Arrays.copyOf(all, Math.max(all.length * 2, n + longs.remaining()));
            }
            int add = longs.remaining();
            longs.get(all, n, add);
            n += add;
        }
        long[] repeated = repeated(all, n);
        List<InternalRow> out = new ArrayList<>(repeated.length);
        for (long h : repeated) {
            out.add(new GenericInternalRow(new Object[] {h}));
        }
        return out.iterator();
    }

    /** Each value that occurs more than once among the first {@code n} of {@code values}, once, in ascending order (sorts them). */
    static long[] repeated(long[] values, int n) {
        Arrays.sort(values, 0, n);
        long[] out = new long[16];
        int repeated = 0;
        for (int i = 1; i < n; i++) {
            if (values[i] == values[i - 1] && (repeated == 0 || out[repeated - 1] != values[i])) {
                if (repeated == out.length) {
                    out = Arrays.copyOf(out, repeated * 2);
                }
                out[repeated++] = values[i];
            }
        }
        return Arrays.copyOf(out, repeated);
    }
}
