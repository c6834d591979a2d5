package org.organisermetrics.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.Source;

/**
 * The raw records of quarantined rows the parse did not keep one for. The parse keeps the raw line
 * only on rows it rejects itself; a row quarantined by a cross-row rule (conflict, unknown
 * reference, area, votes) passed the parse, so its record is read again here from its landing
 * file, by line. Quarantined rows are few (the gate stops a run above 1% by default), so carrying
 * every row's raw line through the whole ingest to keep them would cost far more than this.
 */
final class QuarantineRecords {
    private static final String RECOVERED = "_recovered_record";

    private QuarantineRecords() {}

    /** A landing file and the lines wanted from it. */
    private record Wanted(String uri, String name, long[] lines) implements Serializable {}

    /**
     * The quarantined rows of one source ({@code file}, {@code line}, {@code record}, ...) with the
     * missing records filled in. {@code files}: the source's landing file URIs the run parsed.
     */
    static Dataset<Row> fill(SparkSession spark, Source source, String landingRoot, List<String> files,
                             Dataset<Row> quarantined, ExportReading exports) {
        List<Row> missing = quarantined.filter(col("record").isNull()).select("file", "line").collectAsList();
        if (missing.isEmpty()) {
            return quarantined;
        }
        Map<String, String> uriByName = new TreeMap<>();
        files.forEach(uri -> uriByName.put(ParsedRows.relative(landingRoot, uri), uri));
        Map<String, List<Long>> linesByFile = new TreeMap<>();
        for (Row r : missing) {
            if (uriByName.containsKey(r.getString(0))) { // official results keep their records: never here
                linesByFile.computeIfAbsent(r.getString(0), f -> new ArrayList<>()).add(r.getLong(1));
            }
        }
        List<Wanted> wanted = new ArrayList<>();
        linesByFile.forEach((name, lines) -> wanted.add(new Wanted(uriByName.get(name), name,
                lines.stream().mapToLong(Long::longValue).sorted().toArray())));
        if (wanted.isEmpty()) {
            return quarantined;
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> found = jsc.parallelize(wanted, wanted.size()).flatMap(w -> read(source, w, exports).iterator());
        StructType schema = new StructType().add("_recovered_file", DataTypes.StringType, false)
                .add("_recovered_line", DataTypes.LongType, false).add(RECOVERED, DataTypes.StringType, true);
        Dataset<Row> recovered = spark.createDataFrame(found, schema);
        return quarantined.join(broadcast(recovered),
                        col("file").equalTo(col("_recovered_file")).and(col("line").equalTo(col("_recovered_line"))), "left_outer")
                .withColumn("record", coalesce(col("record"), col(RECOVERED)))
                .drop("_recovered_file", "_recovered_line", RECOVERED);
    }

    /** Streams one landing file, as the parse did, and returns the wanted lines' raw records. */
    private static List<Row> read(Source source, Wanted w, ExportReading exports) throws IOException {
        List<Row> out = new ArrayList<>();
        long last = w.lines()[w.lines().length - 1];
        try (ExportReading.Records file = exports.records(source, w.uri(), w.name())) {
            while (file.hasNext()) {
                LandingFile.Record r = file.next();
                if (Arrays.binarySearch(w.lines(), r.line()) >= 0) {
                    out.add(RowFactory.create(w.name(), r.line(), r.text()));
                }
                if (r.line() >= last) {
                    break;
                }
            }
        }
        return out;
    }
}
