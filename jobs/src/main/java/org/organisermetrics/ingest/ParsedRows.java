package org.organisermetrics.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.ColumnType;
import org.organisermetrics.contract.Privacy;
import org.organisermetrics.contract.Source;
import org.organisermetrics.privacy.Pseudonymiser;

/**
 * Landing files to Spark rows. Each task streams one file: reads it by the contract, hashes
 * person ids, turns personal values into hashed identity match keys, and drops the plain
 * personal values; only the quarantine column {@code _record} keeps the raw record, for rows the
 * parse rejects, and it is written to the restricted zone alone.
 *
 * <p>Row layout: the curated columns (contract order, person ids as *_key), the identity match
 * keys (sources with personal data), then the bookkeeping columns below.
 *
 * <p>Rows are made in Spark's internal form ({@link InternalRow}: strings as UTF-8 bytes, dates as
 * days since 1970, money as {@link Decimal}), which Spark only copies into its UnsafeRow format,
 * without conversion or checks (so the types here must be right: {@code ParsedRowsTest}); external
 * {@code Row}s would go through the row encoder's per-field conversion and type checks for every row.
 */
public final class ParsedRows implements FlatMapFunction<String, InternalRow> {
    private static final long serialVersionUID = 1L;

    /**
     * A row's digest (first 128 bits of SHA-256 over every typed value, personal ones included) as
     * two longs: equal pairs = an exact duplicate. Longs, not a hex string, so the repeated-keys
     * aggregation's min/max is a hash aggregate (a string min/max makes Spark sort every row) and
     * the scratch is smaller; 128 bits, not 64, so a keyless source of a hundred million rows
     * still has no chance worth naming of two different rows sharing a digest.
     *
     * <p>Only in the schema of a source the parse digests ({@link #digestsInParse}): elsewhere two
     * columns of nulls would still cost the scratch writer a null and a definition level each, a row.
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

    public ParsedRows(Source source, String landingRoot, LocalDate today, Pseudonymiser pseudonymiser) {
        this(source, landingRoot, today, pseudonymiser, ExportReading.none(today));
    }

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
     * Whether the parse works out each row's {@link #ROW_HASH}. Needed where the scratch does not
     * keep every value the row had: a source with personal columns (dropped by the parse), and a
     * source with no key, whose exact duplicates are found by the digest itself. A source with a key
     * and no personal column keeps each value in the scratch (a person id as its keyed hash, 128
     * bits as the digest), so the rows whose key repeats (few) are compared on their values there instead
     * ({@link SourceIngest#markConflictsAndDuplicates}): contacts and the marked register, 165 million
     * rows a national backfill, skip a SHA-256 a row.
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

    /** {@link ColumnType#MONEY}'s Spark type: its digits before the point and its decimal places. */
    public static final DecimalType MONEY_TYPE = DataTypes.createDecimalType(
            ColumnType.MONEY_WHOLE_DIGITS + ColumnType.MONEY_DECIMALS, ColumnType.MONEY_DECIMALS);

    public static DataType sparkType(Column c) {
        return switch (c.type()) {
            case TEXT, CODE, ID, UPPER_ID -> DataTypes.StringType;
            case DATE, MONTH -> DataTypes.DateType;
            case BOOLEAN -> DataTypes.BooleanType;
            case COUNT -> DataTypes.LongType;
            case HOURS -> DataTypes.DoubleType;
            case MONEY -> MONEY_TYPE;
        };
    }

    /** The path of a landing file relative to the landing root, as quarantine and messages name it. */
    public static String relative(String landingRoot, String file) {
        String root = landingRoot.endsWith("/") ? landingRoot : landingRoot + "/";
        return file.startsWith(root) ? file.substring(root.length()) : file;
    }

    @Override
    public Iterator<InternalRow> call(String file) throws IOException {
        String name = relative(landingRoot, file);
        UTF8String fileValue = UTF8String.fromString(name);
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
            public InternalRow next() {
                return toRow(fileValue, width, landing.next(), parser, digest, entities);
            }
        };
    }

    /**
     * One Hadoop configuration per JVM for opening landing files. Making a new one per file parsed
     * Hadoop's default XML files again: 3.7 ms a file against 0.04 ms with a shared one (measured
     * over 300 opens), 216 times in the README's sample run. File systems are cached by URI either way.
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

    private InternalRow toRow(UTF8String file, int width, LandingFile.Record record, RowParser parser, RowDigest digest,
                              String[] entities) {
        RowParser.Parsed parsed;
        try {
            parsed = parser.parse(record);
        } catch (RowParser.MonthFirstDateException e) {
            throw new LandingFileException(file.toString(), record.line(), e.getMessage());
        }
        List<Column> columns = source.columns();
        Object[] out = new Object[width];
        int i = 0;
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            Object v = parsed.values() == null ? null : parsed.values()[c];
            if (column.privacy() == Privacy.PSEUDONYMISED) {
                out[i++] = utf8(pseudonymiser.key(entities[c], (String) v));
            } else if (column.privacy() == Privacy.PUBLIC) {
                out[i++] = internal(v);
            }
        }
        if (hasIdentityKeys(source)) {
            Object[] v = parsed.values() == null ? new Object[columns.size()] : parsed.values();
            out[i++] = utf8(pseudonymiser.key("email", IdentityKeys.email(text(v, "email"))));
            out[i++] = utf8(pseudonymiser.key("phone", IdentityKeys.phone(text(v, "phone"))));
            out[i++] = utf8(pseudonymiser.key("name_postcode", IdentityKeys.namePostcode(
                    text(v, "first_name"), text(v, "last_name"), text(v, "postcode"))));
        }
        if (digest != null) {
            long[] hash = rowHash(parsed, digest);
            out[i++] = hash == null ? null : hash[0];
            out[i++] = hash == null ? null : hash[1];
        }
        out[i++] = file;
        out[i++] = record.line();
        out[i++] = parsed.ok() ? null : utf8(parsed.reason().code());
        out[i++] = utf8(parsed.detail());
        // The raw record (personal values included) only where the parse already quarantines the row;
        // rows quarantined later by the cross-row rules get theirs read again (QuarantineRecords).
        out[i++] = parsed.ok() ? null : utf8(record.text());
        return new GenericInternalRow(out);
    }

    private static UTF8String utf8(String s) {
        return s == null ? null : UTF8String.fromString(s);
    }

    /**
     * A parsed value ({@link RowParser}: String, LocalDate, Boolean, Long, Double or BigDecimal) in
     * Spark's internal form for its column's {@link #sparkType}.
     */
    static Object internal(Object v) {
        if (v instanceof String s) {
            return UTF8String.fromString(s);
        }
        if (v instanceof LocalDate d) {
            return Math.toIntExact(d.toEpochDay());
        }
        if (v instanceof java.math.BigDecimal b) {
            Decimal d = Decimal.apply(b);
            if (!d.changePrecision(MONEY_TYPE.precision(), MONEY_TYPE.scale())) {
                // RowParser quarantines money with more digits than MONEY_TYPE holds; reaching here is a bug.
                throw new IllegalStateException(b + " does not fit " + MONEY_TYPE.simpleString());
            }
            return d;
        }
        return v; // Boolean, Long, Double and null are their own internal form
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
