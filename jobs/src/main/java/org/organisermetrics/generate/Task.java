package org.organisermetrics.generate;

import java.util.Locale;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.function.Function;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.organisermetrics.contract.Source;

/** One unit of work (a part of the register, a month of one fact source...) and what it reports back. */
final class Task {
    private Task() {}

    enum Kind { ELECTORS, PEOPLE, FACT, VOTES }

    /** a, b: part number; or source ordinal and month index; or election index and part number. */
    record Unit(Kind kind, int a, int b) implements Serializable {}

    /** Rows injected into one file: bad rows (with a malformed flag each) and exact duplicates. */
    record Injection(List<Object[]> rows, List<Boolean> malformed, int duplicates) implements Serializable {}

    /** Rows written per source, exact duplicates actually written per source, and results rows (votes units). */
    record Report(Map<String, Long> rows, Map<String, Integer> duplicates, List<Object[]> results)
            implements Serializable {
        static Report empty() {
            return new Report(new TreeMap<>(), new TreeMap<>(), new ArrayList<>());
        }

        void add(Source s, CsvOut out, int dups) {
            rows.merge(s.folder(), out.rows(), Long::sum);
            if (dups > 0) {
                duplicates.merge(s.folder(), dups, Integer::sum);
            }
        }

        /** Rows of a source written outside the contract's CSVs (generate --formats). */
        void add(Source s, long written) {
            rows.merge(s.folder(), written, Long::sum);
        }

        Report merge(Report o) {
            Report r = empty();
            for (Report x : List.of(this, o)) {
                x.rows.forEach((k, v) -> r.rows.merge(k, v, Long::sum));
                x.duplicates.forEach((k, v) -> r.duplicates.merge(k, v, Integer::sum));
                r.results.addAll(x.results);
            }
            return r;
        }
    }

    /** What every task needs: the world, where to write, the Hadoop settings and the injections. */
    record Context(World world, String out, Map<String, String> hadoopConf, Map<String, Injection> injections)
            implements Serializable {

        FileSystem fs() {
            Configuration conf = new Configuration(false);
            hadoopConf.forEach(conf::set);
            try {
                FileSystem fs = root().getFileSystem(conf);
                fs.setWriteChecksum(false);
                return fs;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Path root() {
            return new Path(URI.create(out.endsWith("/") ? out : out + "/"));
        }

        Path path(String relative) {
            return new Path(root(), relative);
        }

        /** Opens a file of a source, ready for its good rows; keeps the rows the injection will repeat. */
        CsvOut open(FileSystem fs, Source s, String relative, FileStyle style) {
            Injection inj = injections.get(relative);
            return new CsvOut(fs, path(relative), s, style, inj == null ? 0 : inj.duplicates());
        }

        /** Appends the injected bad rows and duplicates of a file, closes it and records it in the report. */
        void close(Source s, String relative, CsvOut out, Report report) {
            Injection inj = injections.get(relative);
            int dups = 0;
            if (inj != null) {
                for (int i = 0; i < inj.rows().size(); i++) {
                    out.bad(inj.rows().get(i), inj.malformed().get(i));
                }
                dups = out.duplicates(inj.duplicates());
            }
            out.close();
            report.add(s, out, dups);
        }
    }

    /**
     * Runs the units of one Spark partition. Which units share a partition changes nothing in the
     * output (each unit writes its own file from its own streams); they share a cache of helper pools.
     */
    static Iterator<Report> runAll(Context ctx, Iterator<Unit> units) {
        FileSystem fs = ctx.fs();
        Map<Integer, SoftReference<People>> cache = new HashMap<>();
        Function<World.Seat, People> people = seat -> {
            SoftReference<People> ref = cache.get(seat.ordinal);
            People p = ref == null ? null : ref.get();
            if (p == null) {
                p = People.of(ctx.world(), seat);
                cache.put(seat.ordinal, new SoftReference<>(p));
            }
            return p;
        };
        Report report = Report.empty();
        while (units.hasNext()) {
            Unit u = units.next();
            Report r = switch (u.kind()) {
                case ELECTORS -> Register.writeElectors(ctx, fs, u.a());
                case PEOPLE -> Register.writePeople(ctx, fs, u.a(), people);
                case VOTES -> Register.writeVotes(ctx, fs, u.a(), u.b());
                case FACT -> Facts.write(ctx, fs, Source.values()[u.a()], ctx.world().months.get(u.b()), people);
            };
            report = report.merge(r);
        }
        return List.of(report).iterator();
    }

    static String part(int p) {
        return String.format(Locale.ROOT, "part-%04d.csv", p + 1);
    }
}
