package org.organisermetrics.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The values of one long column that occur more than once, each once: the first pass of the
 * repeated-keys check, over a 64-bit hash of every accepted row's key ({@link SourceIngest}).
 * Rows are shuffled by the hash, and each partition's hashes are copied into a primitive array,
 * sorted and scanned for equal neighbours. A group-by with a count does the same but runs two
 * hash aggregations (partial and final) that, keys being unique, merge nothing: about a quarter
 * of the regional ingest's samples (JFR, session 7).
 */
final class RepeatedHashes {
    private RepeatedHashes() {}

    static Dataset<Row> of(Dataset<Row> rows, String column) {
        return rows.select(col(column)).repartition(col(column)).as(Encoders.LONG())
                .mapPartitions((MapPartitionsFunction<Long, Long>) RepeatedHashes::repeated, Encoders.LONG())
                .toDF(column);
    }

    /** Each value that occurs more than once in {@code values}, once, in ascending order. */
    static Iterator<Long> repeated(Iterator<Long> values) {
        long[] all = new long[1024];
        int n = 0;
        while (values.hasNext()) {
            if (n == all.length) {
                all = Arrays.copyOf(all, n * 2);
            }
            all[n++] = values.next();
        }
        Arrays.sort(all, 0, n);
        long[] out = new long[16];
        int repeated = 0;
        for (int i = 1; i < n; i++) {
            if (all[i] == all[i - 1] && (repeated == 0 || out[repeated - 1] != all[i])) {
                if (repeated == out.length) {
                    out = Arrays.copyOf(out, repeated * 2);
                }
                out[repeated++] = all[i];
            }
        }
        return Arrays.stream(out, 0, repeated).boxed().iterator();
    }
}
