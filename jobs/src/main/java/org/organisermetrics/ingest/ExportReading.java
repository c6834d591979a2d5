package org.organisermetrics.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;
import org.organisermetrics.formats.ExportContext;
import org.organisermetrics.formats.ExportTable;
import org.organisermetrics.formats.Format;
import org.organisermetrics.formats.Formats;
import org.organisermetrics.formats.Lookups;

/**
 * How the run reads its landing files as contract records: a contract CSV with {@link LandingFile},
 * an export (formats/) with its format, whose rows become records of the source being read, each
 * with the export's line. Used by the parse ({@link ParsedRows}) and by the quarantine when it reads a
 * record again ({@link QuarantineRecords}), so both see the same records. Serializable: Spark tasks
 * carry it.
 */
public record ExportReading(Formats formats, Lookups lookups, Map<String, String> formatByUri,
                            Map<String, java.util.List<RegisterUpdates.File>> registerFolders, LocalDate today)
        implements Serializable {

    public boolean isExport(String uri) {
        return formatByUri.containsKey(uri);
    }

    /** The records of {@code source} in one landing file, streamed; close when done. */
    public Records records(Source source, String uri, String name) throws IOException {
        java.util.List<RegisterUpdates.File> folder = registerFolders.get(uri);
        if (source == Source.ELECTORS && folder != null && folder.stream().anyMatch(RegisterUpdates.File::update)) {
            return RegisterUpdates.records(this, folder, uri, name);
        }
        return plainRecords(source, uri, name);
    }

    /** A file's records as the file alone gives them (no register updates applied). */
    Records plainRecords(Source source, String uri, String name) throws IOException {
        if (!isExport(uri)) {
            LandingFile file = LandingFile.open(source, name, uri, ParsedRows.hadoopConf());
            return new Records() {
                @Override public boolean hasNext() { return file.hasNext(); }
                @Override public LandingFile.Record next() { return file.next(); }
                @Override public void close() throws IOException { file.close(); }
            };
        }
        InputStream in = Landing.openFile(uri, ParsedRows.hadoopConf());
        ExportTable table = formats.open(name, in);
        Format format = formats.byName(formatByUri.get(uri));
        Format.Converter converter = format.bind(table.header(),
                new ExportContext(name, Formats.folders(name), table.preamble(), lookups, today));
        return new ExportRecords(source, table, converter);
    }

    /** A file's records, closed when done. */
    public interface Records extends Iterator<LandingFile.Record>, Closeable {}

    /** An export's rows through its format; only the rows of one source are kept. */
    private static final class ExportRecords implements Records, Format.Out {
        private final Source source;
        private final ExportTable table;
        private final Format.Converter converter;
        private final Deque<LandingFile.Record> ready = new ArrayDeque<>();
        private String[] fields;
        private boolean finished;

        ExportRecords(Source source, ExportTable table, Format.Converter converter) {
            this.source = source;
            this.table = table;
            this.converter = converter;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !finished) {
                if (table.hasNext()) {
                    ExportTable.Row row = table.next();
                    fields = row.fields();
                    converter.convert(row, this);
                } else {
                    fields = null;
                    converter.finish(this);
                    finished = true;
                }
            }
            return !ready.isEmpty();
        }

        @Override
        public LandingFile.Record next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        @Override
        public void row(Source s, long line, String[] values) {
            if (s == source) {
                ready.add(LandingFile.Record.ofExport(line, values, fields, null, null));
            }
        }

        @Override
        public void reject(Source s, long line, String[] values, Reason reason, String detail) {
            if (s == source) {
                ready.add(LandingFile.Record.ofExport(line, values, fields, reason, detail));
            }
        }

        @Override
        public void close() throws IOException {
            table.close();
        }
    }

    /** Reads a whole file's records of one source into memory, as the file alone gives them. */
    static java.util.List<LandingFile.Record> readAll(ExportReading reading, Source source, String uri, String name) {
        try (Records r = reading.plainRecords(source, uri, name)) {
            java.util.List<LandingFile.Record> out = new java.util.ArrayList<>();
            r.forEachRemaining(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
