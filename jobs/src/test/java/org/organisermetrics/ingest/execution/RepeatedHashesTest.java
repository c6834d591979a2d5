package org.organisermetrics.ingest.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.organisermetrics.testing.SharedSpark;

class RepeatedHashesTest {
    private static long[] repeated(long... values) {
        return RepeatedHashes.repeated(values.clone(), values.length);
    }

    @Test
    void eachRepeatedValueOnceInOrder() {
        // 3 three times, 5 twice, -2 twice (negative hashes sort first); 7 and 9 once
        assertArrayEquals(new long[] {-2, 3, 5}, repeated(5, 3, 5, 7, 3, -2, 3, 9, -2));
    }

    @Test
    void uniqueValuesAndNoValuesGiveNothing() {
        assertArrayEquals(new long[0], repeated());
        assertArrayEquals(new long[0], repeated(Long.MIN_VALUE, 0, Long.MAX_VALUE));
    }

    @Test
    void manyValuesPastTheInitialArrays() {
        // 0..4999 once each, then every multiple of 100 again: 50 repeated values, more than the
        // 16 the output array starts with
        long[] values = LongStream.concat(LongStream.range(0, 5000), LongStream.range(0, 50).map(i -> 4900 - 100 * i)).toArray();
        assertArrayEquals(LongStream.range(0, 50).map(i -> 100 * i).toArray(), repeated(values));
    }

    @Test
    void bucketsAreTheTopSixBits() {
        assertEquals(0, RepeatedHashes.bucketOf(0L));
        assertEquals(0, RepeatedHashes.bucketOf(Long.MAX_VALUE >>> 6)); // 0000 00 then ones
        assertEquals(1, RepeatedHashes.bucketOf(1L << 58));
        assertEquals(31, RepeatedHashes.bucketOf(Long.MAX_VALUE)); // 0111 11...
        assertEquals(32, RepeatedHashes.bucketOf(Long.MIN_VALUE)); // 1000 00...
        assertEquals(63, RepeatedHashes.bucketOf(-1L));
    }

    /**
     * Through Spark: hashes spread over every bucket and over several input partitions, each
     * repeated one repeated across partitions (a copy in another task) or within one.
     */
    @Test
    void theRepeatedHashesOfADataFrameSpreadOverTasks() {
        SparkSession spark = SharedSpark.session();
        java.util.Random random = new java.util.Random(8);
        List<Long> values = new ArrayList<>();
        Set<Long> distinct = new HashSet<>();
        while (distinct.size() < 20_000) {
            long v = random.nextLong();
            if (distinct.add(v)) {
                values.add(v);
            }
        }
        long[] expected = new long[300];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = values.get(i * 50);
            values.add(expected[i]); // again, at the end: another partition than the first copy for most
            if (i % 3 == 0) {
                values.add(expected[i]); // a third copy: still listed once
            }
        }
        values.add(values.get(1)); // one more, once
        long[] withLast = Arrays.copyOf(expected, expected.length + 1);
        withLast[expected.length] = values.get(1);
        Arrays.sort(withLast);
        Dataset<Row> rows = spark.createDataset(values, Encoders.LONG()).toDF("_key_hash").repartition(7);
        // The shared session shuffles into one partition: here, eight, so a hash whose copies reached
        // different tasks after the shuffle would be missed.
        String partitions = "spark.sql.shuffle.partitions";
        String before = spark.conf().get(partitions);
        long[] actual;
        try {
            spark.conf().set(partitions, "8");
            actual = RepeatedHashes.of(rows, "_key_hash").as(Encoders.LONG()).collectAsList().stream()
                    .mapToLong(Long::longValue).sorted().toArray();
        } finally {
            spark.conf().set(partitions, before);
        }
        assertArrayEquals(withLast, actual);
        Set<Integer> buckets = new HashSet<>();
        values.forEach(v -> buckets.add(RepeatedHashes.bucketOf(v)));
        assertTrue(buckets.size() == RepeatedHashes.BUCKETS, "the random hashes reach every bucket");
    }
}
