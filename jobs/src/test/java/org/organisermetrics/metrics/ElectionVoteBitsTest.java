package org.organisermetrics.metrics;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.organisermetrics.testing.SharedSpark;

/**
 * seat_election's vote bits ({@link SeatElection#voted}) past the first word: a landing zone with
 * more than 64 elections (by-elections add up) puts election 64 on bit 0 of the second word.
 */
class ElectionVoteBitsTest {

    @Test
    void wordsAndTheBitOfEachElection() {
        assertEquals(1, SeatElection.voteWords(0));
        assertEquals(1, SeatElection.voteWords(64));
        assertEquals(2, SeatElection.voteWords(65));
        assertEquals(3, SeatElection.voteWords(129));

        SparkSession spark = SharedSpark.session();
        StructType schema = new StructType()
                .add(SeatElection.ELECTION_INDEX, DataTypes.IntegerType)
                .add(SeatElection.voteWord(0), DataTypes.LongType)
                .add(SeatElection.voteWord(1), DataTypes.LongType);
        // Word 0 = bits 0 and 63 (Long.MIN_VALUE is bit 63 alone); word 1 = bit 0 (election 64) and bit 5 (election 69).
        long word0 = 1L | Long.MIN_VALUE;
        long word1 = 1L | (1L << 5);
        List<Row> rows = new ArrayList<>();
        for (int index : new int[] {0, 1, 62, 63, 64, 65, 69, 70, 127}) {
            rows.add(RowFactory.create(index, word0, word1));
        }
        rows.add(RowFactory.create(0, null, null)); // an elector in no marked register
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        List<Row> out = df.select(col(SeatElection.ELECTION_INDEX), SeatElection.voted(2).as("voted")).collectAsList();
        List<String> got = out.stream().map(r -> r.getInt(0) + "=" + r.getBoolean(1)).toList();
        assertEquals(List.of("0=true", "1=false", "62=false", "63=true", "64=true", "65=false", "69=true", "70=false",
                "127=false", "0=false"), got);
    }
}
