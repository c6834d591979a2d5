package org.organisermetrics.generate;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.organisermetrics.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The {@code generate} verb: writes a synthetic landing zone at any scale, seeded. */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Write a seeded synthetic landing zone for demos and tests.",
        description = {
            "Writes <out>/<source>/*.csv for all 17 sources of the landing contract: real seat codes and names, "
                + "made-up wards, electors, volunteers, contacts, elections and results that agree with each other. "
                + "Nothing in it is about a real person. The same seed and options give byte-identical files."},
        footer = {"%nExamples:",
                "  organiser-metrics generate --out data-samples --scale sample --seed 7 \\",
                "      --from 2023-11 --to 2026-10 --today 2026-11-22",
                "  organiser-metrics generate --out /tmp/landing --seats 6 --bad-rows 2",
                "  organiser-metrics generate --out /tmp/exports-landing --seats 6 --formats"})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Landing directory to write: a path or a Hadoop URI (file:, hdfs:, s3a:...). It must be new, "
                    + "empty, or an earlier generated landing zone (whose source folders are replaced).")
    String out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of every random draw. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--scale", paramLabel = "SCALE", defaultValue = "sample", converter = ScaleConverter.class,
            description = "sample (12 seats, about 1,200 electors each, a few MB), regional (65 seats at real size, "
                    + "about 4.8 million electors) or national (650 seats, about 48 million electors). "
                    + "Default: ${DEFAULT-VALUE}.")
    Scale scale;

    @Option(names = "--seats", paramLabel = "N",
            description = "Number of seats (1-650), overriding the scale's. Default: the scale's (12, 65 or 650).")
    Integer seats;

    @Option(names = "--from", paramLabel = "YYYY-MM", converter = MonthConverter.class,
            description = "First month of activity data. Default: 35 months before --to (three years in all).")
    YearMonth from;

    @Option(names = "--to", paramLabel = "YYYY-MM", converter = MonthConverter.class,
            description = "Last month of activity data; nothing is dated after --today. "
                    + "Default: the last complete month before --today.")
    YearMonth to;

    @Option(names = "--pilot-effect", paramLabel = "X", defaultValue = "0",
            description = "Extra volunteers each selected pilot seat recruits per month from its start month "
                    + "(the whole part exactly, the fraction as a monthly coin toss). Default: ${DEFAULT-VALUE}.")
    double pilotEffect;

    @Option(names = "--bad-rows", paramLabel = "N", defaultValue = "0",
            description = "Inject N bad rows per source and quarantine reason, and N exact duplicate rows per source; "
                    + "they are listed in <out>/_injected-bad-rows.csv. Default: ${DEFAULT-VALUE}.")
    int badRows;

    @Option(names = "--formats",
            description = "Write the electoral register and the marked register as councils' exports (docs/formats.md):"
                    + " exports/register/ holds Xpress 14 and 13 field files and Halarose pp50 with a monthly update,"
                    + " exports/marked_register/<election_id>/ the keyed marked register, and lookups/polling_districts.csv"
                    + " the districts; no electors/ or marked_register/ folder is written.")
    boolean formats;

    @Option(names = "--party", paramLabel = "CODE", defaultValue = "LAB",
            description = "The own party, whose organising is measured. Default: ${DEFAULT-VALUE}.")
    String party;

    @Option(names = "--today", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
            description = "The run date: nothing is dated after it, and --from/--to default from it "
                    + "(set it to make a run reproducible on another day). Default: the date of the system.")
    LocalDate today;

    /** Stand-alone entry point for development; the program's own entry is the {@code generate} verb of Main. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new GenerateCommand()).execute(args));
    }

    @Override
    public Integer call() {
        GeneratorSettings settings = settings();
        SparkSession spark = SparkSessions.getOrCreate("organiser-metrics generate");
        Generator.Summary summary = Generator.generate(spark, settings);
        PrintWriter w = spec.commandLine().getOut();
        w.print(summary.describe());
        w.flush();
        return 0;
    }

    /** The settings the options describe (the scale's defaults where an option is absent). */
    GeneratorSettings settings() {
        LocalDate day = today == null ? LocalDate.now() : today;
        YearMonth last = to == null ? GeneratorSettings.defaultTo(day) : to;
        YearMonth first = from == null ? last.minusMonths(35) : from;
        if (from != null && to == null && from.isAfter(last)) {
            throw new InvalidSettingsException("--from " + from + " is after the default --to " + last
                    + " (the last complete month); give --to as well");
        }
        GeneratorSettings s = GeneratorSettings.forScale(scale, out, day)
                .withSeed(seed)
                .withPeriod(first, last)
                .withPilotEffect(pilotEffect)
                .withBadRows(badRows)
                .withOwnParty(party)
                .withFormats(formats);
        return seats == null ? s : s.withSeats(seats);
    }

    static final class ScaleConverter implements CommandLine.ITypeConverter<Scale> {
        @Override
        public Scale convert(String value) {
            try {
                return Scale.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class MonthConverter implements CommandLine.ITypeConverter<YearMonth> {
        @Override
        public YearMonth convert(String value) {
            try {
                return YearMonth.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a month in YYYY-MM form");
            }
        }
    }

    static final class DateConverter implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a date in YYYY-MM-DD form");
            }
        }
    }
}
