package org.organisermetrics.ingest.execution;

import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.Source;

/**
 * How the ingest's rules ({@code SourceIngest}) are carried out over millions of rows: where rows
 * are stored between steps, how repeated keys are found, and which tables are sent whole to every
 * task. The rules say what happens to a row; an execution only decides how, and every execution
 * gives each row the same outcome. {@link SparkExecution} is the one the program runs.
 *
 * <p>Tables are named by a path under the run's scratch (e.g. {@code contacts/parsed}).
 */
public interface Execution {
    /** The single column of a table of loaded keys ({@link #lookupKeys}). */
    String KEY = "_k";

    /** A landing file read as rows of typed values (String, LocalDate, Boolean, Long, Double, BigDecimal or null). */
    interface RowReader extends Serializable {
        Iterator<Object[]> rows(String fileUri) throws IOException;
    }

    /** The parsed rows, and how many. */
    record Parsed(Dataset<Row> rows, long count) {}

    /**
     * The rows {@code reader} makes of each landing file, with {@code extraRows} (same schema, may be
     * null) after them, kept so that every later step reads them without parsing again.
     */
    Parsed parse(String table, List<String> fileUris, RowReader reader, StructType schema, Dataset<Row> extraRows);

    /**
     * Among {@code rows}, those whose values in {@code columns} may occur in another row too: every
     * row whose values do, and possibly some whose values do not (the caller counts them exactly).
     */
    Dataset<Row> rowsThatMayRepeat(String table, Dataset<Row> rows, List<String> columns);

    /** A few rows worked out from many (one per repeated key, say), kept to be joined back to the many. */
    Dataset<Row> few(String table, Dataset<Row> rows);

    /** A small table (loaded keys, election types) to be joined to many rows. */
    Dataset<Row> small(Dataset<Row> rows);

    /** The loaded keys of {@code source} (one column, {@link #KEY}) as later sources look them up. */
    Dataset<Row> lookupKeys(String table, Source source, Dataset<Row> keys);

    /**
     * {@code rows} with a boolean column {@code flag}: true where the row is among {@code asked}, its
     * value in {@code column} is not null and is not among {@code keys} (from {@link #lookupKeys} of
     * {@code target}).
     */
    Dataset<Row> flagUnknown(String table, Dataset<Row> rows, Column asked, String column, Source target,
                             Dataset<Row> keys, String flag);

    /**
     * The checked rows, with {@code finish} applied. {@code checked} is {@code parsed} after the rules,
     * which set only the {@code verdict} columns; {@code changed} marks the rows whose verdict is not
     * the one the map gives for an unchanged row. {@code rowId} names a row within {@code parsed}.
     */
    Dataset<Row> checked(String table, Dataset<Row> parsed, Dataset<Row> checked, List<String> rowId, Column changed,
                         Map<String, Column> verdict, UnaryOperator<Dataset<Row>> finish);
}
