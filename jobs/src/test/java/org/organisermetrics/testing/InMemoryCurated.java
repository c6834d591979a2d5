package org.organisermetrics.testing;

import java.sql.Date;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.Source;
import org.organisermetrics.link.IdentityResolution;
import org.organisermetrics.metrics.CuratedTables;

/**
 * Curated tables built row by row in a test, with the real curated schemas, for metric tests
 * that need no landing files. Subclasses add domain helpers (volunteer(...), activity(...)).
 */
public class InMemoryCurated<T extends InMemoryCurated<T>> {
    private final SparkSession spark;
    private final Map<Source, List<Row>> rows = new EnumMap<>(Source.class);

    protected InMemoryCurated(SparkSession spark) {
        this.spark = spark;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** One curated row given by column name; a fact's month is derived from its date; a misspelt column fails. */
    public T add(Source source, Map<String, Object> values) {
        StructType schema = CuratedTables.curatedSchema(source);
        Map<String, Object> v = new HashMap<>(values);
        if (source.kind() == Source.Kind.FACT) {
            v.put("month", Date.valueOf(((Date) v.get(source.dateColumn())).toLocalDate().withDayOfMonth(1)));
        }
        v.keySet().forEach(schema::fieldIndex);
        List<Object> cells = new ArrayList<>();
        for (String name : schema.fieldNames()) {
            cells.add(v.get(name));
        }
        rows.computeIfAbsent(source, s -> new ArrayList<>()).add(RowFactory.create(cells.toArray()));
        return self();
    }

    public CuratedTables curated() {
        Map<Source, Dataset<Row>> tables = new LinkedHashMap<>();
        for (Source s : Source.values()) {
            tables.put(s, spark.createDataFrame(rows.getOrDefault(s, List.of()), CuratedTables.curatedSchema(s)));
        }
        return CuratedTables.of(tables::get, spark.createDataFrame(List.of(), IdentityResolution.LINKS_SCHEMA));
    }
}
