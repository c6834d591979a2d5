package org.organisermetrics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RepeatedHashesTest {
    private static List<Long> repeated(List<Long> values) {
        List<Long> out = new ArrayList<>();
        RepeatedHashes.repeated(values.iterator()).forEachRemaining(out::add);
        return out;
    }

    @Test
    void eachRepeatedValueOnceInOrder() {
        // 3 three times, 5 twice, -2 twice (negative hashes sort first); 7 and 9 once
        assertEquals(List.of(-2L, 3L, 5L), repeated(List.of(5L, 3L, 5L, 7L, 3L, -2L, 3L, 9L, -2L)));
    }

    @Test
    void uniqueValuesAndNoValuesGiveNothing() {
        assertEquals(List.of(), repeated(List.of()));
        assertEquals(List.of(), repeated(List.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE)));
    }

    @Test
    void manyValuesPastTheInitialArrays() {
        // 0..4999 once each, then every multiple of 100 again: 50 repeated values, more than the
        // 16 the output array starts with, among more rows than the 1,024 the input array starts with
        List<Long> values = new ArrayList<>(LongStream.range(0, 5000).boxed().toList());
        LongStream.range(0, 50).map(i -> 4900 - 100 * i).forEach(values::add);
        assertEquals(LongStream.range(0, 50).map(i -> 100 * i).boxed().toList(), repeated(values));
    }
}
