package org.organisermetrics.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.ColumnType;
import org.organisermetrics.contract.Privacy;
import org.organisermetrics.contract.Source;
import org.organisermetrics.ingest.execution.Execution;
import org.organisermetrics.ingest.execution.InternalValues;
import org.organisermetrics.ingest.execution.RowDigest;
import org.organisermetrics.privacy.Pseudonymiser;

/**
 * Landing files to Spark rows. Each task streams one file: reads it by the contract, hashes
 * person ids, turns personal values into hashed identity match keys, and drops the plain
 * personal values; only the quarantine column {@code _record} keeps the raw record, for rows the
 * parse rejects, and it is written to the restricted zone alone.
 *
 * <p>Row layout ({@link #schema}): the curated columns (contract order, person ids as *_key), the
 * identity match keys (sources with personal data), the row's digest (some sources), then the
 * bookkeeping columns below. Values are typed as {@link RowParser} gives them.
 */
public final class ParsedRows implements Execution.RowReader {
    private static final long serialVersionUID = 1L;

    /**
     * A row's digest ({@link RowDigest}: 128 bits over every typed value, personal ones included) as
     * two longs: equal pairs = an exact duplicate. Only in the schema of a source the parse digests
     * ({@link #digestsInParse}).
     */
    public static final String ROW_HASH_HIGH = "_row_hash_high";
    public static final String ROW_HASH_LOW = "_row_hash_low";
    public static final List<String> ROW_HASH = List.of(ROW_HASH_HIGH, ROW_HASH_LOW);
    public static final String FILE = "_file";
    public static final String LINE = "_line";
    public static final String REASON = "_reason";
    public static final String DETAIL = "_detail";
    public static final String RECORD = "_record";
    /** Identity match keys: keyed hashes of normalised email, phone, and name + postcode. */
    public static final List<String> IDENTITY_KEYS = List.of("email_key", "phone_key", "name_postcode_key");

    private final Source source;
    private final String landingRoot;
    private final LocalDate today;
    private final Pseudonymiser pseudonymiser;
    private final ExportReading reading;

    /** @param reading how export files (formats/) are read; contract CSVs are read by the contract */
    public ParsedRows(Source source, String landingRoot, LocalDate today, Pseudonymiser pseudonymiser, ExportReading reading) {
        this.source = source;
        this.landingRoot = landingRoot;
        this.today = today;
        this.pseudonymiser = pseudonymiser;
        this.reading = reading;
    }

    /** The columns curated/ holds for this source (no personal values, person ids as keys). */
    public static List<Column> curatedColumns(Source source) {
        return source.columns().stream().filter(c -> c.privacy() != Privacy.PERSONAL).toList();
    }

    /** The curated table's schema: the curated columns in order (and month for facts). */
    public static StructType curatedSchema(Source source) {
        StructType full = schema(source);
        StructType out = new StructType();
        for (Column c : curatedColumns(source)) {
            out = out.add(full.apply(c.curatedName()));
        }
        if (source.kind() == Source.Kind.FACT) {
            out = out.add(SourceIngest.MONTH, DataTypes.DateType, true);
        }
        return out;
    }

    /**
     * Whether the parse works out each row's {@link #ROW_HASH}. Needed where the parsed rows do not
     * keep every value the row had: a source with personal columns (dropped by the parse), and a
     * source with no key, whose exact duplicates are found by the digest itself. A source with a key
     * and no personal column keeps each value (a person id as its keyed hash), so the rows whose key
     * repeats (few) are compared on their values themselves, and its many rows (contacts, the marked
     * register) are not digested one by one.
     */
    public static boolean digestsInParse(Source source) {
        return source.key().isEmpty() || source.hasPersonalData();
    }

    public static boolean hasIdentityKeys(Source source) {
        return source == Source.ELECTORS || source == Source.MEMBERS || source == Source.VOLUNTEERS;
    }

    public static StructType schema(Source source) {
        List<StructField> fields = new ArrayList<>();
        for (Column c : curatedColumns(source)) {
            fields.add(DataTypes.createStructField(c.curatedName(), sparkType(c), true));
        }
        if (hasIdentityKeys(source)) {
            IDENTITY_KEYS.forEach(k -> fields.add(DataTypes.createStructField(k, DataTypes.StringType, true)));
        }
        if (digestsInParse(source)) {
            ROW_HASH.forEach(h -> fields.add(DataTypes.createStructField(h, DataTypes.LongType, true)));
        }
        fields.add(DataTypes.createStructField(FILE, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(LINE, DataTypes.LongType, false));
        fields.add(DataTypes.createStructField(REASON, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(DETAIL, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(RECORD, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    public static DataType sparkType(Column c) {
        return switch (c.type()) {
            case TEXT, CODE, ID, UPPER_ID -> DataTypes.StringType;
            case DATE, MONTH -> DataTypes.DateType;
            case BOOLEAN -> DataTypes.BooleanType;
            case COUNT -> DataTypes.LongType;
            case HOURS -> DataTypes.DoubleType;
            case MONEY -> InternalValues.MONEY_TYPE;
        };
    }

    /** The path of a landing file relative to the landing root, as quarantine and messages name it. */
    public static String relative(String landingRoot, String file) {
        String root = landingRoot.endsWith("/") ? landingRoot : landingRoot + "/";
        return file.startsWith(root) ? file.substring(root.length()) : file;
    }

    @Override
    public Iterator<Object[]> rows(String file) throws IOException {
        String name = relative(landingRoot, file);
        int width = schema(source).size();
        RowParser parser = new RowParser(source, today);
        RowDigest digest = digestsInParse(source) ? new RowDigest() : null;
        String[] entities = entities(source);
        ExportReading.Records landing = reading.records(source, file, name);
        // Streamed, not collected: a national monthly file has millions of rows.
        return new Iterator<>() {
            private boolean open = true;

            @Override
            public boolean hasNext() {
                if (open && !landing.hasNext()) {
                    open = false;
                    try {
                        landing.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return open;
            }

            @Override
            public Object[] next() {
                return toRow(name, width, landing.next(), parser, digest, entities);
            }
        };
    }

    /**
     * One Hadoop configuration per JVM for opening landing files: a new one reads Hadoop's default XML
     * files again, for every file opened.
     */
    static Configuration hadoopConf() {
        return SharedConf.CONF;
    }

    private static final class SharedConf {
        static final Configuration CONF = new Configuration();
    }

    /** The entity each pseudonymised column's ids belong to ({@link Pseudonymiser#entityOf}), by column index; null elsewhere. */
    private static String[] entities(Source source) {
        List<Column> columns = source.columns();
        String[] out = new String[columns.size()];
        for (int c = 0; c < out.length; c++) {
            if (columns.get(c).privacy() == Privacy.PSEUDONYMISED) {
                out[c] = Pseudonymiser.entityOf(columns.get(c).name());
            }
        }
        return out;
    }

    private Object[] toRow(String file, int width, LandingFile.Record record, RowParser parser, RowDigest digest,
                              String[] entities) {
        RowParser.Parsed parsed;
        try {
            parsed = parser.parse(record);
        } catch (RowParser.MonthFirstDateException e) {
            throw new LandingFileException(file, record.line(), e.getMessage());
        }
        List<Column> columns = source.columns();
        Object[] out = new Object[width];
        int i = 0;
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            Object v = parsed.values() == null ? null : parsed.values()[c];
            if (column.privacy() == Privacy.PSEUDONYMISED) {
                out[i++] = pseudonymiser.key(entities[c], (String) v);
            } else if (column.privacy() == Privacy.PUBLIC) {
                out[i++] = v;
            }
        }
        if (hasIdentityKeys(source)) {
            Object[] v = parsed.values() == null ? new Object[columns.size()] : parsed.values();
            out[i++] = pseudonymiser.key("email", IdentityKeys.email(text(v, "email")));
            out[i++] = pseudonymiser.key("phone", IdentityKeys.phone(text(v, "phone")));
            out[i++] = pseudonymiser.key("name_postcode", IdentityKeys.namePostcode(
                    text(v, "first_name"), text(v, "last_name"), text(v, "postcode")));
        }
        if (digest != null) {
            long[] hash = rowHash(parsed, digest);
            out[i++] = hash == null ? null : hash[0];
            out[i++] = hash == null ? null : hash[1];
        }
        out[i++] = file;
        out[i++] = record.line();
        out[i++] = parsed.ok() ? null : parsed.reason().code();
        out[i++] = parsed.detail();
        // The raw record (personal values included) only where the parse already quarantines the row;
        // rows quarantined later by the cross-row rules get theirs read again (QuarantineRecords).
        out[i++] = parsed.ok() ? null : record.text();
        return out;
    }

    private String text(Object[] values, String column) {
        int i = source.indexOf(column);
        return i < 0 ? null : (String) values[i];
    }

    /**
     * Appends the {@link #ROW_HASH} columns where the source has them ({@link #digestsInParse}): the
     * row's digest when the parse accepted it, else nulls.
     */
    public static void addRowHash(List<Object> out, Source source, RowParser.Parsed parsed, RowDigest digest) {
        if (!digestsInParse(source)) {
            return;
        }
        long[] hash = rowHash(parsed, digest);
        out.add(hash == null ? null : hash[0]);
        out.add(hash == null ? null : hash[1]);
    }

    /** The {@link #ROW_HASH} of a row the parse accepted (high, low); null for a rejected row. */
    static long[] rowHash(RowParser.Parsed parsed, RowDigest digest) {
        return parsed.ok() ? digest.of(parsed.values()) : null;
    }
}
